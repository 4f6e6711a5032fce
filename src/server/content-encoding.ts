import { promisify } from 'node:util';
import { createGunzip, gzip } from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from './errors';

/*
 * Answers packed too: a batch's answer and a page of kaart changes go packed with gzip to a browser that accepts it
 * (`packedAnswer`; every browser sends Accept-Encoding: gzip). Only those: no answer that carries a token or a code is
 * packed (a secret beside text an attacker chose, packed, can leak through the packed length: BREACH).
 *
 * Request bodies packed with gzip (`Content-Encoding: gzip`, RFC 9110 §8.4): a tablet on a slow line sends its
 * batches packed, about a twelfth of their bytes (docs/ingest-api.md, "Packed bodies"). Fastify's body limit counts the
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

/** The answer to a JSON body whose bytes are not UTF-8 (a Latin-1 "é", a file in another encoding). */
export const NOT_UTF8 = 'De inhoud is geen geldige UTF-8-tekst. Verstuur de gegevens als JSON in UTF-8.';

/**
 * Reads JSON bodies strictly as UTF-8 (docs/ingest-api.md: "Bodies are UTF-8 JSON"): Fastify's own parser decoded them
 * leniently, so bytes of another encoding became U+FFFD and an organisation named "Café" in Latin-1 was stored as
 * "Caf\uFFFD" without a word. Such a body is now `400 invalid_json` (NOT_UTF8) and nothing is stored. The JSON itself is
 * read by Fastify's parser as before (`__proto__` and `constructor.prototype` refused, an empty body refused).
 */
export function installJsonParser(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    let text: string;
    try {
      text = utf8.decode(body as Buffer);
    } catch {
      done(new ApiError('invalid_json', {}, NOT_UTF8), undefined);
      return;
    }
    parseJson(request, text, done);
  });
}

const pack = promisify(gzip);

/** Answers up to this many bytes go as they are: packing saves next to nothing there. */
const PACK_ANSWER_FROM = 1024;

/** The codings an Accept-Encoding header allows (q=0 refuses one); also the page's brotli or gzip (routes/app-files.ts). */
export function acceptedEncodings(header: string): Set<string> {
  const accepted = new Set<string>();
  for (const part of header.toLowerCase().split(',')) {
    const [coding, ...params] = part.trim().split(';').map((p) => p.trim());
    const q = params.find((p) => p.startsWith('q='));
    if (coding && !(q && Number(q.slice(2)) === 0)) accepted.add(coding);
  }
  return accepted;
}

/** Whether the request's Accept-Encoding takes gzip (also as x-gzip or *). */
function acceptsGzip(header: string | undefined): boolean {
  const accepted = acceptedEncodings(header ?? '');
  return accepted.has('gzip') || accepted.has('x-gzip') || accepted.has('*');
}

/**
 * Sends a JSON answer (`text`: the bytes of the body) packed with gzip when the client takes it and it is over 1 KiB;
 * the body unpacks to exactly `text` (a resent batch gets the same bytes). For answers without secrets only (above).
 */
export async function packedAnswer(request: FastifyRequest, reply: FastifyReply, text: string): Promise<FastifyReply> {
  reply.header('vary', 'accept-encoding').type('application/json; charset=utf-8');
  if (text.length <= PACK_ANSWER_FROM || !acceptsGzip(request.headers['accept-encoding'])) return reply.send(text);
  return reply.header('content-encoding', 'gzip').send(await pack(text));
}
