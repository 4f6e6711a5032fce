import { connect } from 'node:net';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer, loggerOptions } from '../../src/server/app';
import { NO_DATABASE } from './test-server';

/*
 * A tablet on a poor line that drops its upload halfway resets its socket while the server reads the body. That is
 * the client's doing: the log says so at info level, and never "database unavailable" (a warning that sends an
 * operator to look at a database that is fine).
 */
describe('a request whose client goes away before its body arrived', () => {
  const lines: { level: number; msg: string; failure?: { type?: string } }[] = [];
  let app: FastifyInstance;
  let port: number;
  beforeAll(async () => {
    const stream = new Writable({ write(chunk, _encoding, done) { for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line)); done(); } });
    app = await buildServer({ db: NO_DATABASE, logger: { ...(loggerOptions('info') as object), stream } });
    await app.listen({ host: '127.0.0.1', port: 0 });
    port = (app.server.address() as { port: number }).port;
  });
  afterAll(() => app.close());

  it('is logged as the client\'s abort, not as the database being unavailable', async () => {
    const socket = connect(port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write('POST /api/v1/devices/enroll HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"code":"ABCD-');
    // Wait until the server has begun reading the body, then cut the line.
    while (!lines.some((line) => line.msg === 'incoming request')) await new Promise((resolve) => setTimeout(resolve, 10));
    socket.destroy();
    // Until the server has logged what became of the request.
    while (!lines.some((line) => line.failure !== undefined)) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(lines.filter((line) => line.level >= 40)).toEqual([]);
    expect(lines.find((line) => line.failure?.type === 'ClientAborted')).toMatchObject({ level: 30, msg: 'client closed the request before its body arrived' });
  });
});
