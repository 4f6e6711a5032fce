import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the proxy does with the next POST /api/v1/batches, in order; then it passes everything through. */
export type Fault = 'unavailable' | 'drop' | 'captive_portal' | 'portal_401' | 'portal_403';

/**
 * A reverse proxy in front of the real server that plays a library's bad day: a 503 with
 * Retry-After, a dropped connection, a captive portal's HTML page (200, or a 401/403 of its own).
 * Everything else passes through.
 */
export interface FaultProxy {
  url: string;
  faults: Fault[];
  /** every batch request that reached the proxy, with the fault it got (or 'forwarded') */
  log: Array<{ batchId?: string; outcome: Fault | 'forwarded' }>;
  close(): Promise<void>;
}

export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const upstream = new URL(target);
  const proxy: FaultProxy = { url: '', faults: [], log: [], close: async () => {} };
  const forward = (incoming: IncomingMessage, outgoing: ServerResponse, body: Buffer) => {
    const forwarded = request({
      host: upstream.hostname, port: upstream.port, method: incoming.method, path: incoming.url,
      headers: { ...incoming.headers, host: upstream.host },
    }, (answer) => {
      outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(outgoing);
    });
    forwarded.on('error', () => outgoing.destroy());
    forwarded.end(body);
  };
  const server: Server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const body = Buffer.concat(chunks);
      if (incoming.method !== 'POST' || !incoming.url?.startsWith('/api/v1/batches')) return forward(incoming, outgoing, body);
      const batchId = String(incoming.headers['idempotency-key'] ?? '');
      const fault = proxy.faults.shift();
      proxy.log.push({ batchId, outcome: fault ?? 'forwarded' });
      switch (fault) {
        case 'unavailable':
          outgoing.writeHead(503, { 'content-type': 'application/json', 'retry-after': '1' });
          return outgoing.end(JSON.stringify({ error: 'database_unavailable', message: 'Even geduld.' }));
        case 'drop':
          return incoming.socket.destroy();
        case 'captive_portal':
          outgoing.writeHead(200, { 'content-type': 'text/html' });
          return outgoing.end('<html><body><h1>Welkom bij Bibliotheek-WiFi</h1><p>Accepteer de voorwaarden.</p></body></html>');
        case 'portal_401': // a captive portal or web filter that refuses with its own page: not the server's 401/403
        case 'portal_403':
          outgoing.writeHead(fault === 'portal_401' ? 401 : 403, { 'content-type': 'text/html; charset=utf-8' });
          return outgoing.end('<!doctype html><html><body><h1>Toegang geweigerd</h1><p>Log in op Bibliotheek-WiFi.</p></body></html>');
        default:
          return forward(incoming, outgoing, body);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy.close = () => new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
  return proxy;
}
