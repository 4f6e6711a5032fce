/** An enrollment code as the server expects it (ABCD-EFGH), or undefined when it cannot be one. */
export function normaliseCode(input: string): string | undefined {
  const compact = input.toUpperCase().replace(/[\s-]/g, '');
  if (!/^[A-Z0-9]{8}$/.test(compact)) return undefined;
  return `${compact.slice(0, 4)}-${compact.slice(4)}`;
}
