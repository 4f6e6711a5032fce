import type { AdminOrganisation } from '../../shared/admin-api';
import { type Database, isoOrNull } from '../db/database';
import { writeTransaction } from '../db/migrate';
import { createOrganisation } from '../organisations/organisations';
import { importMunicipalities, type MunicipalityRow } from '../reports/municipalities';
import { type Actor, organisationInScope, requireNational } from './actor';
import { appendAudit } from './audit';

/** An organisation as management sees it: the wire shape of src/shared/admin-api.ts. */
export type OrganisationSummary = AdminOrganisation;

async function readOrganisations(db: Database, only: string | null): Promise<OrganisationSummary[]> {
  const rows = await db.query<{ id: string; name: string; municipality_code: string | null; is_demo: boolean; deactivated_at: Date | null; locations: number }>(
    `SELECT o.id::text AS id, o.name, o.municipality_code, o.is_demo, o.deactivated_at,
            (SELECT count(*)::int FROM locations l WHERE l.organisation_id = o.id) AS locations
     FROM organisations o WHERE $1::uuid IS NULL OR o.id = $1::uuid ORDER BY o.name, o.id`,
    [only],
  );
  return rows.map((row) => ({
    id: row.id, name: row.name, municipalityCode: row.municipality_code, demo: row.is_demo,
    deactivatedAt: isoOrNull(row.deactivated_at), locations: row.locations,
  }));
}

/** The organisations the actor may see: national all, a coordinator its own. */
export async function listOrganisationsFor(db: Database, actor: Actor): Promise<OrganisationSummary[]> {
  return readOrganisations(db, actor.kind === 'national' ? null : actor.organisationId);
}

/** Adds an organisation (national only). */
export async function addOrganisation(db: Database, actor: Actor, input: { name: string; municipalityCode?: string }): Promise<OrganisationSummary> {
  requireNational(actor);
  return writeTransaction(db, async (tx) => {
    const made = await createOrganisation(tx, input);
    await appendAudit(tx, actor, { organisationId: made.id, action: 'organisation.create', target: made.id, after: { name: made.name, municipalityCode: input.municipalityCode ?? null } });
    return { id: made.id, name: made.name, municipalityCode: input.municipalityCode ?? null, demo: false, deactivatedAt: null, locations: 0 };
  });
}

/** Renames an organisation (national only). */
export async function renameOrganisation(db: Database, actor: Actor, id: unknown, name: string): Promise<OrganisationSummary> {
  requireNational(actor);
  const organisationId = await organisationInScope(db, actor, id);
  await writeTransaction(db, async (tx) => {
    const [before] = await tx.query<{ name: string }>('SELECT name FROM organisations WHERE id = $1 FOR UPDATE', [organisationId]);
    if (before.name === name) return; // the same name: nothing changes, no audit row
    await tx.query('UPDATE organisations SET name = $2 WHERE id = $1', [organisationId, name]);
    await appendAudit(tx, actor, { organisationId, action: 'organisation.rename', target: organisationId, before: { name: before.name }, after: { name } });
  });
  return (await readOrganisations(db, organisationId))[0];
}

/** Deactivates an organisation (national only): its coordinators can no longer manage it. */
export async function deactivateOrganisation(db: Database, actor: Actor, id: unknown): Promise<OrganisationSummary> {
  return setOrganisationActive(db, actor, id, false);
}

/** Activates a deactivated organisation again (national only): its coordinators manage it again, its tablets' held kaart edits go. */
export async function reactivateOrganisation(db: Database, actor: Actor, id: unknown): Promise<OrganisationSummary> {
  return setOrganisationActive(db, actor, id, true);
}

/** Deactivates or activates again: one audit row for a change, none (and the organisation as it is) when it already is so. */
async function setOrganisationActive(db: Database, actor: Actor, id: unknown, active: boolean): Promise<OrganisationSummary> {
  requireNational(actor);
  const organisationId = await organisationInScope(db, actor, id);
  await writeTransaction(db, async (tx) => {
    const [row] = await tx.query<{ deactivated_at: Date | null }>('SELECT deactivated_at FROM organisations WHERE id = $1 FOR UPDATE', [organisationId]);
    if ((row.deactivated_at === null) === active) return;
    await tx.query('UPDATE organisations SET deactivated_at = CASE WHEN $2::boolean THEN NULL ELSE now() END WHERE id = $1', [organisationId, active]);
    await appendAudit(tx, actor, {
      organisationId, action: active ? 'organisation.reactivate' : 'organisation.deactivate', target: organisationId, before: { active: !active }, after: { active },
    });
  });
  return (await readOrganisations(db, organisationId))[0];
}

/** Replaces the municipalities' population (national only), as `import-municipalities` does. */
export async function importMunicipalitiesAs(db: Database, actor: Actor, rows: readonly MunicipalityRow[]): Promise<{ imported: number; withoutProvince: number }> {
  requireNational(actor);
  return importMunicipalities(db, rows, (tx, result) => appendAudit(tx, actor, { organisationId: null, action: 'municipalities.import', target: null, after: result }));
}
