import { beforeAll, describe, expect, it } from 'vitest';
import { ORGANISATION, OTHER_ORGANISATION } from './fixtures';
import { counts, getReport, type ReportTokens, seedReportData, stats } from './reports-fixtures';
import { DATABASE_KINDS, useTestServer } from './test-server';
import { rollupsCurrent } from '../../src/server/reports/pending-rollups';

// The data set and its hand-computed answers: see reports-fixtures.ts. R5 is deleted, R6 counts as revision 2.
describe.each(DATABASE_KINDS)('GET /api/v1/stats on %s', (kind) => {
  const server = useTestServer(kind);
  let tokens: ReportTokens;
  beforeAll(async () => {
    tokens = await seedReportData(server);
  });
  const national = (query: string) => stats(server, tokens.national, query);

  it('counts every live contact and question once in the totals; a deleted registration and an old revision never count', async () => {
    const answer = await national('');
    expect(answer.totals).toMatchObject({ contacts: 7, questions: 10 });
    expect(counts(answer)).toEqual([' → 7/10']);
    expect(counts(await national('groupBy=topic')).filter((row) => /^(rijbewijs|aow_pensioen)/.test(row))).toEqual([]);
  });

  it('groups by month in Amsterdam time: 23:30 on 31 January is January, 00:30 on 1 February is February', async () => {
    expect(counts(await national('groupBy=month'))).toEqual(['2025-01 → 3/5', '2025-02 → 3/4', '2025-03 → 1/1']);
  });

  it('groups by ISO week, summing a week that runs across a month end', async () => {
    const answer = await stats(server, tokens.coordinator, 'groupBy=week');
    expect(counts(answer)).toEqual(['2025-W02 → 1/2', '2025-W05 → 2/2', '2025-W07 → 1/2', '2025-W11 → 1/1']);
    expect(answer.rows[1].labels.week).toBe('week 5, 2025');
  });

  it('counts a contact once per topic even when two of its questions share the topic, and each question in each of its topics', async () => {
    expect(counts(await national('groupBy=topic'))).toEqual([
      'digid → 4/5', 'mijnoverheid_berichtenbox → 1/1', 'toeslagen → 3/3', 'uitkering → 1/1', 'computer_tablet_smartphone → 1/1',
    ]);
  });

  it('groups by month and topic for a coordinator, over its own organisation only', async () => {
    const answer = await stats(server, tokens.coordinator, 'groupBy=month,topic');
    expect(counts(answer)).toEqual([
      '2025-01|digid → 2/2', '2025-01|toeslagen → 1/1',
      '2025-02|digid → 1/2', '2025-02|mijnoverheid_berichtenbox → 1/1', '2025-02|toeslagen → 1/1',
      '2025-03|uitkering → 1/1',
    ]);
    expect(answer.totals).toMatchObject({ contacts: 5, questions: 7 });
    expect(answer.rows[0].labels).toEqual({ month: 'januari 2025', topic: 'DigiD' });
  });

  it.each([
    ['scenario', ['spreekuur → 3/4', 'balie → 3/5', 'popup → 1/1']],
    ['channel', ['fysiek → 5/8', 'telefoon → 1/1', 'email_chat → 1/1']],
    ['staffRole', ['medewerker → 5/8', 'vrijwilliger → 2/2']],
    ['help', ['informatie → 2/2', 'uitleg → 2/2', 'samen_gedaan → 4/5', 'doorverwezen → 2/2']],
    ['governmentOrganisation', ['belastingdienst → 3/3', 'uwv → 1/1', '- → 5/6']],
    ['referral', ['extern → 1/1', 'intern → 1/1', '- → 6/8']],
    // Ordered by name: Bibliotheek Elders, Testbibliotheek Maasland.
    ['organisation', [`${OTHER_ORGANISATION.id} → 2/3`, `${ORGANISATION.id} → 5/7`]],
    ['location', ['test-centrum → 3/4', 'test-rosmalen → 1/2', 'elders-centrum → 2/3', 'test-wijk → 1/1']],
    ['municipality', ['GM0796 → 1/2', 'GM0828 → 4/5', 'GM0344 → 2/3']],
    ['province', ['Noord-Brabant → 5/7', 'Utrecht → 2/3']],
  ])('groups by %s', async (dimension, expected) => {
    expect(counts(await national(`groupBy=${dimension}`))).toEqual(expected);
  });

  it('labels every key in Dutch, "none" included', async () => {
    const byReferral = await national('groupBy=referral,governmentOrganisation');
    expect(byReferral.rows.at(-1)!.labels).toEqual({ referral: 'Niet doorverwezen', governmentOrganisation: 'Geen overheidsorganisatie' });
    const byPlace = await national('groupBy=municipality,location');
    expect(byPlace.rows[0].labels).toEqual({ municipality: "'s-Hertogenbosch", location: 'Bibliotheek Rosmalen' });
    const byScenario = await national('groupBy=scenario,organisation');
    expect(byScenario.rows[0].labels).toEqual({ scenario: 'Spreekuur (vaste IDO-uren)', organisation: 'Testbibliotheek Maasland' });
  });

  it('groups by two question dimensions at once from the questions themselves', async () => {
    expect(counts(await national('groupBy=topic,help'))).toEqual([
      'digid|uitleg → 1/1', 'digid|samen_gedaan → 4/5',
      'mijnoverheid_berichtenbox|uitleg → 1/1', 'mijnoverheid_berichtenbox|samen_gedaan → 1/1',
      'toeslagen|informatie → 2/2', 'toeslagen|doorverwezen → 1/1',
      'uitkering|doorverwezen → 1/1', 'computer_tablet_smartphone|uitleg → 1/1',
    ]);
  });

  it.each([
    ['from=2025-02-01&to=2025-02-28', 3, 4],
    ['from=2025-01-31&to=2025-02-01', 2, 2],
    ['from=2025-01-07&to=2025-03-14', 5, 7],
    ['from=2025-03-16', 0, 0],
    ['to=2025-01-06', 1, 2],
    ['province=Utrecht', 2, 3],
    ['province=noord-brabant', 5, 7],
    ['municipality=GM0828', 4, 5],
    [`organisation=${OTHER_ORGANISATION.id}`, 2, 3],
    ['location=test-rosmalen', 1, 2],
    ['municipality=GM0828&from=2025-02-01', 2, 2],
  ])('filters with %s', async (filter, contacts, questions) => {
    expect((await national(filter)).totals).toMatchObject({ contacts, questions });
  });

  it.each([
    ['to=9999-12-31', 7, 10],
    ['from=1900-01-01&to=9999-12-31', 7, 10],
    ['from=2025-01-07&to=9999-12-31', 6, 8],
    ['from=9999-12-27&to=9999-12-31', 0, 0],
    ['from=9999-12-28', 0, 0],
    ['from=9999-12-31&to=9999-12-31', 0, 0],
  ])('takes the last days of the calendar (%s): the period after them has no date, it was a 500', async (filter, contacts, questions) => {
    // The week of 31 December 9999 ends in the year 10000: its next day was "+010000-01", a 500 that quoted it in the log.
    for (const groupBy of ['', '&groupBy=topic', '&groupBy=week', '&groupBy=scenario', '&groupBy=topic,help']) {
      expect((await national(`${filter}${groupBy}`)).totals, `${filter}${groupBy}`).toMatchObject({ contacts, questions });
    }
    for (const path of ['/api/v1/stats.csv', '/api/v1/scenario-comparison']) {
      const response = await getReport(server, `${path}?${filter}`, tokens.national);
      expect(response.statusCode, `${path}?${filter}: ${response.body}`).toBe(200);
    }
  });

  it('counts a date range that cuts weeks and months in two the same as the days it covers', async () => {
    expect(counts(await national('from=2025-01-07&to=2025-03-14&groupBy=topic'))).toEqual([
      'digid → 3/4', 'mijnoverheid_berichtenbox → 1/1', 'toeslagen → 2/2', 'computer_tablet_smartphone → 1/1',
    ]);
    expect(counts(await national('from=2025-01-31&to=2025-02-01&groupBy=month'))).toEqual(['2025-01 → 1/1', '2025-02 → 1/1']);
  });

  describe('questions per resident', () => {
    it('measures a location with a catchment population against it, and one without against its municipality', async () => {
      const rows = (await national('groupBy=location')).rows;
      const byId = Object.fromEntries(rows.map((row) => [row.keys.location, row]));
      expect(byId['test-centrum']).toMatchObject({ population: 45_000, questionsPerResident: Number((4 / 45_000).toPrecision(6)) });
      expect(byId['test-wijk']).toMatchObject({ population: 100_000, questionsPerResident: 0.00001 });
      expect(byId['elders-centrum']).toMatchObject({ population: 360_000 });
    });

    it('counts a municipality shared by locations without catchment once for their organisation', async () => {
      // Oss once (test-wijk has no catchment, so test-centrum's catchment is part of it) + 's-Hertogenbosch.
      const rows = (await national('groupBy=organisation')).rows;
      expect(rows.find((row) => row.keys.organisation === ORGANISATION.id)).toMatchObject({ population: 250_000, questionsPerResident: 0.000028 });
      expect((await stats(server, tokens.coordinator, '')).totals).toMatchObject({ population: 250_000, questionsPerResident: 0.000028 });
    });

    it('uses the municipality population for municipalities, and the sum of all its municipalities for a province', async () => {
      expect((await national('groupBy=municipality')).rows.map((row) => row.population)).toEqual([150_000, 100_000, 360_000]);
      // Tilburg has no IDO location but its residents are Noord-Brabant's.
      expect((await national('groupBy=province')).rows.map((row) => row.population)).toEqual([470_000, 360_000]);
      expect((await national('')).totals).toMatchObject({ population: 1_730_000, questionsPerResident: Number((10 / 1_730_000).toPrecision(6)) });
    });

    it('measures rows without a place against the place of the filters', async () => {
      const answer = await national('location=test-centrum&groupBy=month');
      expect(answer.rows.map((row) => row.population)).toEqual([45_000, 45_000]);
      expect(answer.totals).toMatchObject({ contacts: 3, questions: 4, population: 45_000 });
    });

    it('gives no ratio where a population is unknown', async () => {
      await server.db.query("INSERT INTO locations (id, organisation_id, name, municipality_code, province) VALUES ('zonder-cijfers', $1, 'Locatie zonder cijfers', 'GM9999', 'Zeeland')", [OTHER_ORGANISATION.id]);
      const answer = await national('location=zonder-cijfers');
      expect(answer.totals).toEqual({ contacts: 0, questions: 0 });
      expect(answer.rows[0]).not.toHaveProperty('questionsPerResident');
    });
  });

  it('keeps the rollup equal to a recomputation from the questions', async () => {
    await rollupsCurrent(server.db); // as a report reads it
    const rollup = await server.db.query(
      `SELECT dimension, period_start::text, organisation_id::text, location_id, value, contacts, questions FROM report_rollup ORDER BY 1, 2, 3, 4, 5`,
    );
    const recomputed = await server.db.query(
      `SELECT dimension, period_start::text, organisation_id::text, location_id, value, count(DISTINCT registration_id)::int AS contacts, count(*)::int AS questions
       FROM report_question_facts GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5`,
    );
    expect(rollup).toEqual(recomputed);
    expect(rollup.length).toBeGreaterThan(20);
  });
});
