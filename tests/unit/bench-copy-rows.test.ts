import { describe, expect, it } from 'vitest';
import { QUESTION_COLUMNS, rowsOf } from '../../bench/copy-rows';
import { realisticRegistrations } from '../../bench/registrations';
import demo from '../../src/db/demo-organisation.json';
import type { IdoLocation } from '../../src/shared/registration';
import { questionRows } from '../../src/server/ingest/registration-store';

// The ingest bench compares HTTP with COPY of "the same rows": its question rows must be the ingest's own, every column.
describe("the ingest bench's COPY baseline", () => {
  const records = realisticRegistrations(50, {
    deviceId: '0b4f1c8e-7d2a-4c3b-9e1f-2a3b4c5d6e7f',
    organisationId: demo.organisation.id,
    locations: demo.locations as unknown as IdoLocation[],
  }, { seed: 7 });

  it('names every column the ingest writes for a question, scenario, channel and staff role included', () => {
    expect([...QUESTION_COLUMNS].sort()).toEqual(Object.keys(questionRows(records)[0]).sort());
  });

  it("loads each question row with the ingest's values", () => {
    const { questions } = rowsOf(records, 'b1');
    expect(questions).toEqual(questionRows(records).map((row) => QUESTION_COLUMNS.map((column) => row[column])));
    expect(questions.length).toBe(records.reduce((sum, r) => sum + r.questions.length, 0));
  });
});
