/** The file name a download gets, e.g. ido-vragen-2025-01-01-2025-12-31.csv. (The writer itself is src/shared/csv.ts.) */
export function csvFileName(kind: string, from: string | undefined, to: string | undefined): string {
  return `ido-${kind}${from ? `-${from}` : ''}${to ? `-${to}` : ''}.csv`;
}
