import type { StatsDimension, StatsRow } from '../../../shared/reports';

/** A row's code for a dimension ('' for "none"). */
export const keyOf = (row: StatsRow, dimension: StatsDimension): string => row.keys[dimension] ?? '';
/** A row's Dutch label for a dimension. */
export const labelOf = (row: StatsRow, dimension: StatsDimension): string => row.labels[dimension] ?? row.keys[dimension] ?? 'Geen';
