import { describe, expect, it } from 'vitest';
import { IdoDb } from '../../src/db/db';
import { saveKaartEdits } from '../../src/db/kaart/edits';
import { saveKaartImport } from '../../src/db/kaart-import';
import { DEMO_ORGANISATION_ID, planImport, readHsds } from '../../src/features/kaart/import-plan';
import { progressText, summarizeHsds } from '../../src/features/kaart/import-preview';
import { applyImportInChunks, readTabletKaart } from '../../src/features/kaart/import-tablet';
import demo from '../../src/shared/kaart/demo-kaart.json';
import { importHsdsJson, KAART_ENTITIES } from '../../src/shared/kaart';
import { loadDemoKaart } from '../../src/sync/kaart-apply';
import { serviceDocument } from '../unit/fixtures/hsds-published';
import { tabletDbs } from './fixtures';

const NOW = new Date('2026-11-24T09:15:00.000Z');
const newDb = tabletDbs('kaart-import-bulk');

async function demoTablet() {
  const db = newDb();
  await db.open();
  await loadDemoKaart(db, importHsdsJson(demo).records, NOW);
  return db;
}

/** Every kaart table and the outbox, as rows sorted by id. */
async function dump(db: IdoDb) {
  const tables = [...KAART_ENTITIES.map((entity) => db.table(`kaart${entity.split('_').map((w) => w[0].toUpperCase() + w.slice(1)).join('')}s`)), db.kaartOutbox];
  return Object.fromEntries(await Promise.all(tables.map(async (table) => [table.name, (await table.toArray()).sort((a, b) => String(a.id).localeCompare(String(b.id)))])));
}

/** The demo kaart's services renamed, plus a published service document: new and changed records. */
async function planOn(db: IdoDb) {
  const tablet = await readTabletKaart(db);
  const text = JSON.stringify([serviceDocument(), ...tablet.service.slice(0, 3).map((s) => ({ ...s, name: `${s.name} (nieuw)` }))]);
  const result = readHsds('hsds-json', { 'kaart.json': text }, tablet, DEMO_ORGANISATION_ID);
  return { plan: planImport(result.records, tablet, DEMO_ORGANISATION_ID), result };
}

describe('writing a large import in chunks', () => {
  it('writes exactly what one saveKaartEdits call writes (records and queued changes), telling progress after each chunk', async () => {
    const [bulk, single] = [await demoTablet(), await demoTablet()];
    const { plan } = await planOn(bulk);
    expect(plan.edits.length).toBeGreaterThan(6);
    // one of the records has a local edit queued already: the import keeps its baseVersion and "before"
    const updated = plan.edits.find((edit) => edit.entity === 'service' && (edit.record as { name: string }).name.endsWith('(nieuw)'))!;
    for (const db of [bulk, single]) expect(await saveKaartEdits(db, [{ entity: 'service', record: { ...updated.record, name: 'Eerder bewerkt' } }], NOW)).toEqual({ ok: true });
    const progress: number[] = [];
    expect(await saveKaartImport(bulk, plan.edits, { now: NOW, chunk: 3, onProgress: ({ edits }) => progress.push(edits) })).toEqual({ ok: true });
    expect(await saveKaartEdits(single, plan.edits, NOW)).toEqual({ ok: true });
    expect(await dump(bulk)).toEqual(await dump(single));
    expect((await bulk.kaartOutbox.get(`service:${updated.record.id}`))?.before).toMatchObject({ name: expect.not.stringContaining('Eerder bewerkt') });
    expect(progress).toEqual(Array.from({ length: Math.ceil(plan.edits.length / 3) }, (_, i) => Math.min(plan.edits.length, (i + 1) * 3)));
  });

  it('writes nothing at all when stopped after some chunks were already written in the transaction', async () => {
    const db = await demoTablet();
    const before = await dump(db);
    const { plan } = await planOn(db);
    let chunks = 0;
    const result = await applyImportInChunks(db, plan, { now: NOW, chunk: 2, onProgress: () => chunks++, cancelled: () => chunks >= 2 });
    expect(result).toEqual({ ok: false, cancelled: true, errors: [] });
    expect(chunks).toBe(2);
    expect(await dump(db)).toEqual(before);
  });

  it('refuses a plan with an invalid record before writing anything', async () => {
    const db = await demoTablet();
    const before = await dump(db);
    const { plan } = await planOn(db);
    const broken = [...plan.edits, { entity: 'service' as const, record: { ...plan.edits.find((e) => e.entity === 'service')!.record, name: '' } }];
    const result = await saveKaartImport(db, broken, { chunk: 2 });
    expect(result.ok).toBe(false);
    expect(await dump(db)).toEqual(before);
  });

  it('summarises what the page shows without the records, and says progress in Dutch numbers', async () => {
    const db = await demoTablet();
    const { plan, result } = await planOn(db);
    const preview = summarizeHsds('hsds-json', 'kaart.json', result, plan);
    expect(preview.plan).toMatchObject({ changes: plan.edits.length, services: plan.services, updated: plan.updated });
    expect('edits' in preview.plan).toBe(false);
    expect(preview.counts.service).toBe(result.records.service.length);
    expect(progressText({ phase: 'writing', done: 74_400, total: 124_000, services: 20_000 })).toBe('12.000 van 20.000 diensten verwerkt');
    expect(progressText({ phase: 'writing', done: 124_000, total: 124_000, services: 20_000 })).toBe('20.000 van 20.000 diensten verwerkt');
  });
});
