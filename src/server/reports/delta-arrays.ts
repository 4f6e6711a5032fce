import { type PreparedSql, preparedSql, type Queryable } from '../db/database';

/*
 * The pending rollup deltas (migrations 020 and 023, pending-rollups.ts) hold one array per rollup column, a delta row
 * at each index. The SQL that appends such a row and reads the rows back, and the fold that takes them, for rollup.ts
 * and hours-rollup.ts.
 */

/** The delta rows of the pending rows in `source` (a pending table, or a CTE taken from it), as a subquery to alias. */
export function deltaRowsSql(source: string, columns: readonly string[]): string {
  return `(SELECT d.* FROM ${source} AS p CROSS JOIN LATERAL unnest(${columns.map((c) => `p.${c}`).join(', ')}) AS d (${columns.join(', ')}))`;
}

/**
 * The statement part (a data-modifying CTE `name`) that appends to `table` the rows of `rowsSql` (its key and count
 * columns) as one row of arrays, the counts times `sign`; nothing when `rowsSql` has no rows.
 */
export function appendDeltaSql(name: string, table: string, keys: readonly string[], counts: readonly string[], rowsSql: string, sign: 1 | -1): string {
  const arrays = [...keys.map((c) => `array_agg(${c})`), ...counts.map((c) => `array_agg(${sign} * ${c})`)];
  return `${name} AS (
       INSERT INTO ${table} (${[...keys, ...counts].join(', ')})
       SELECT ${arrays.join(', ')}
       FROM (${rowsSql}) AS c
       HAVING count(*) > 0
     )`;
}

/**
 * The statement part that adds the sums per `key` of `rows` (a CTE's name or a subquery in parentheses, with the
 * key's columns, contacts and questions) to the rollup `table`, in the order of its unique key `conflict` (by default
 * `key`); a key whose sums are both nothing is left out.
 */
export function upsertSumsSql(table: string, key: string, rows: string, conflict = key): string {
  return `INSERT INTO ${table} AS o (${key}, contacts, questions)
       SELECT ${key}, sum(contacts)::int, sum(questions)::int FROM ${rows} AS d
       GROUP BY ${key}
       HAVING sum(contacts) <> 0 OR sum(questions) <> 0
       ORDER BY ${conflict}
       ON CONFLICT (${conflict}) DO UPDATE SET contacts = o.contacts + EXCLUDED.contacts, questions = o.questions + EXCLUDED.questions`;
}

/**
 * A prune statement for foldAndPrune: deletes the rows of nothing (no questions) in `table` among the keys the rows
 * a fold emptied map to. `$1`: those rows as one JSON text, read as `fields` (names and types); `key`: the table's key
 * columns, each a field of the same name or `[column, expression of the fields]`.
 */
export function deleteEmptySql(table: string, fields: string, key: readonly (string | readonly [string, string])[]): PreparedSql {
  const columns = key.map((part) => (typeof part === 'string' ? part : part[0]));
  const select = key.map((part) => (typeof part === 'string' ? part : `${part[1]} AS ${part[0]}`));
  return preparedSql(`DELETE FROM ${table} d
  USING (SELECT DISTINCT ${select.join(', ')} FROM jsonb_to_recordset($1::text::jsonb) AS e (${fields})) AS e
  WHERE d.questions = 0 AND (${columns.map((c) => `d.${c}`).join(', ')}) = (${columns.map((c) => `e.${c}`).join(', ')})`);
}

/**
 * Runs a fold statement (it takes every pending delta, deleting it, adds their sums to a rollup in key order, and
 * returns the keys it left at nothing), then removes those rows of nothing with each of `pruneEmpty` (the keys as
 * one JSON text), as a recomputation would leave them out. Run under the fold lock (pending-rollups.ts).
 */
export async function foldAndPrune(tx: Queryable, fold: PreparedSql, pruneEmpty: readonly PreparedSql[]): Promise<void> {
  const emptied = await tx.query(fold);
  if (emptied.length === 0) return;
  const keys = JSON.stringify(emptied);
  for (const prune of pruneEmpty) await tx.query(prune, [keys]);
}
