/*
 * A request body packed with gzip for a server that takes it (`Content-Encoding: gzip`, docs/ingest-api.md "Packed
 * bodies"): on a slow line a batch goes in about a twelfth of its bytes (bench/README.md, drain, session 40). Packed by the browser's own CompressionStream;
 * a browser without it sends the text as it is.
 */

/** Bodies up to this many characters go as they are: packing saves next to nothing there. */
export const PACK_FROM_LENGTH = 1024;

/** The text packed with gzip, or undefined when it is short or this browser cannot pack (it then goes as text). */
export async function gzipped(text: string): Promise<Uint8Array<ArrayBuffer> | undefined> {
  if (text.length <= PACK_FROM_LENGTH || typeof CompressionStream !== 'function') return undefined;
  try {
    const packed = new Blob([text]).stream().pipeThrough(new CompressionStream('gzip'));
    return new Uint8Array(await new Response(packed).arrayBuffer());
  } catch {
    return undefined;
  }
}

/** A batch's request body packed (`gzipped` of its JSON): made ahead, while the batch before it is out. */
export function packedBatch(request: unknown): Promise<Uint8Array<ArrayBuffer> | undefined> {
  return gzipped(JSON.stringify(request));
}
