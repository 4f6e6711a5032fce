import { createGunzip } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { ApiError } from './errors';

/*
 * Request bodies packed with gzip (`Content-Encoding: gzip`, RFC 9110 §8.4): a tablet on a slow line sends its
 * batches packed, about a sixth of their bytes (docs/ingest-api.md, "Packed bodies"). Fastify's body limit counts the
 * unpacked bytes, so a small body that unpacks to more than the route's limit is refused with 413 as it grows, before
 * it is all unpacked (zip bomb). GET /limits says which codings the server takes (`requestEncodings`): a tablet packs
 * only for a server that said so, never for an older one that would read the packed bytes as bad JSON.
 */

/** The codings a request body may come in, besides none (`identity`): what GET /limits announces. */
export const REQUEST_ENCODINGS = ['gzip'] as const;

// A body that does not unpack is refused with 400 by errors.ts (`BAD_GZIP`).
const UNSUPPORTED = 'Verstuur de gegevens als application/json, zonder Content-Encoding of ingepakt met gzip (Content-Encoding: gzip).';

/** The coding of a request body: undefined for none, `gzip`, or false for one the server does not take. */
function codingOf(header: string | string[] | undefined): 'gzip' | undefined | false {
  if (header === undefined) return undefined;
  // One coding only: "gzip, gzip" or a list of headers is refused, as is anything else.
  if (Array.isArray(header)) return false;
  const coding = header.trim().toLowerCase();
  if (coding === '' || coding === 'identity') return undefined;
  return coding === 'gzip' || coding === 'x-gzip' ? 'gzip' : false;
}

/**
 * The unpacked body, counting the packed bytes read (`receivedEncodedLength`: Fastify checks it against Content-Length).
 * Ended with the answer: a body refused while it unpacked (413) is not unpacked further.
 */
function gunzipped(payload: NodeJS.ReadableStream, answer: NodeJS.EventEmitter) {
  const unpacked = Object.assign(createGunzip(), { receivedEncodedLength: 0 });
  payload.on('data', (chunk: Buffer) => {
    unpacked.receivedEncodedLength += chunk.length;
  });
  payload.on('error', (error: Error) => unpacked.destroy(error));
  answer.once('close', () => unpacked.destroy());
  payload.pipe(unpacked);
  return unpacked;
}

/** Unpacks request bodies sent with `Content-Encoding: gzip`; refuses other codings with 415. */
export function installContentEncoding(app: FastifyInstance): void {
  app.addHook('preParsing', async (request, reply, payload) => {
    if (request.method === 'GET' || request.method === 'HEAD') return payload;
    const coding = codingOf(request.headers['content-encoding']);
    if (coding === false) throw new ApiError('unsupported_media_type', { 'accept-encoding': REQUEST_ENCODINGS.join(', ') }, UNSUPPORTED);
    return coding === 'gzip' ? gunzipped(payload, reply.raw) : payload;
  });
}
