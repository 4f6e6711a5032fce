import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type Actor, authenticateActor } from '../admin/actor';
import { BUSY, exportKaartFor, importKaartAs, KAART_IMPORT_BODY_LIMIT, kaartScopeFor, MAX_CONCURRENT_IMPORTS, readExportQuery, readKaartImportBody, TOO_LARGE } from '../admin/kaart-transfer';
import type { Database } from '../db/database';
import { ApiError } from '../errors';
import { KAART_TRANSFER, NATIONAL_KAART_TRANSFER } from '../rate-limits/kaart-transfer-routes';
import { isJsonContentType } from '../../shared/json';

type Params = { organisationId?: string };

/** The sociale kaart in and out over the admin API (docs/admin-api.md): thin faces of src/server/admin/kaart-transfer.ts. */
export function kaartTransferRoutes(app: FastifyInstance, options: { db: Database }): void {
  const { db } = options;
  const scopes = new WeakMap<FastifyRequest, { actor: Actor; scope: string | null }>();
  // Token and scope before a byte of the body is read (onRequest): a stranger cannot make the server parse 100 MB.
  const onRequest = async (request: FastifyRequest) => {
    const actor = await authenticateActor(db, request);
    scopes.set(request, { actor, scope: await kaartScopeFor(db, actor, (request.params as Params).organisationId) });
  };
  // One import per process at a time: a 100 MB body with its parsed records takes some 1 GB, two at once
  // could take the server down. The slot is taken after the token check and let go when the answer closes.
  let importing = 0;
  const oneImport = async (request: FastifyRequest, reply: FastifyReply) => {
    if (importing >= MAX_CONCURRENT_IMPORTS) throw new ApiError('rate_limited', { 'retry-after': '60' }, BUSY);
    importing += 1;
    let released = false;
    reply.raw.once('close', () => {
      if (!released) importing -= 1;
      released = true;
    });
  };
  // The announced size and type first, so the answer names the limit of this route.
  const preParsing = async (request: FastifyRequest) => {
    if (!isJsonContentType(request.headers['content-type'])) throw new ApiError('unsupported_media_type');
    if (Number(request.headers['content-length'] ?? 0) > KAART_IMPORT_BODY_LIMIT) throw new ApiError('payload_too_large', {}, TOO_LARGE);
  };

  const importKaart = async (request: FastifyRequest, reply: FastifyReply) => {
    const { actor, scope } = scopes.get(request)!;
    const answer = await importKaartAs(db, actor, scope, readKaartImportBody(request.body));
    reply.header('cache-control', 'no-store');
    // A real import that wrote nothing is refused (400), with the lines that say why.
    if (!answer.dryRun && !answer.imported) return reply.code(400).send({ error: 'invalid_request', ...answer });
    return reply.code(200).send(answer);
  };
  const exportKaart = async (request: FastifyRequest, reply: FastifyReply) => {
    const { scope } = scopes.get(request)!;
    const file = await exportKaartFor(db, scope, readExportQuery(request.query));
    return reply.header('cache-control', 'no-store').header('content-disposition', `attachment; filename="${file.filename}"`).type(file.contentType).send(file.body);
  };

  const importOptions = { onRequest: [onRequest, oneImport], preParsing, bodyLimit: KAART_IMPORT_BODY_LIMIT };
  app.post(`${KAART_TRANSFER}/kaart-import`, importOptions, importKaart);
  app.post(`${NATIONAL_KAART_TRANSFER}/kaart-import`, importOptions, importKaart);
  app.get(`${KAART_TRANSFER}/kaart-export`, { onRequest }, exportKaart);
  app.get(`${NATIONAL_KAART_TRANSFER}/kaart-export`, { onRequest }, exportKaart);
}
