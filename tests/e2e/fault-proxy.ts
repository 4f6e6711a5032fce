import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * What the proxy does with a POST /api/v1/batches: a 503 with Retry-After, a dropped connection, a
 * captive portal's HTML page (200, or a 401/403 of its own), the server's answer cut off halfway (the
 * batch was stored, the tablet cannot read that it was), or the server's answer held back for `slowMs`.
 */
export type Fault = 'unavailable' | 'drop' | 'captive_portal' | 'portal_401' | 'portal_403' | 'truncated' | 'slow';

/**
 * A reverse proxy in front of the real server that plays a library's bad day. Batch requests get the
 * faults in `faults` in order; once that list is empty, whatever `chaos` picks (none: passed through).
 * Everything else passes through.
 */
export interface FaultProxy {
  url: string;
  faults: Fault[];
  /** the fault for a batch request when `faults` is empty; undefined passes it through */
  chaos?: () => Fault | undefined;
  /** how long a 'slow' answer is held back */
  slowMs: number;
  /** other requests (not batches) for which this says yes are held back `slowMs` too, e.g. the kaart's pull after a drain */
  holdOther?: (path: string) => boolean;
  /** the paths of the requests held back by `holdOther`, as they arrive */
  held: string[];
  /** a GET of `path` answered in two pieces, cut after the first `after` in its body, `pauseMs` apart (a page on a poor line) */
  inPieces?: { path: string; after: string; pauseMs: number };
  /** how many answers went in two pieces (`inPieces` found its cut) */
  sentInPieces: number;
  /** every batch request that reached the proxy, with the fault it got (or 'forwarded') */
  log: Array<{ batchId?: string; outcome: Fault | 'forwarded' }>;
  close(): Promise<void>;
}

export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const upstream = new URL(target);
  const proxy: FaultProxy = { url: '', faults: [], slowMs: 2_000, sentInPieces: 0, log: [], held: [], close: async () => {} };
  /** Sends the request on; `answer` gets the server's status, headers and whole body (the default passes them straight back). */
  const forward = (incoming: IncomingMessage, outgoing: ServerResponse, body: Buffer,
    answer?: (status: number, headers: IncomingMessage['headers'], text: Buffer) => void) => {
    const forwarded = request({
      host: upstream.hostname, port: upstream.port, method: incoming.method, path: incoming.url,
      headers: { ...incoming.headers, host: upstream.host },
    }, (response) => {
      if (!answer) {
        outgoing.writeHead(response.statusCode ?? 502, response.headers);
        response.pipe(outgoing);
        return;
      }
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => answer(response.statusCode ?? 502, response.headers, Buffer.concat(chunks)));
      response.on('error', () => outgoing.destroy());
    });
    forwarded.on('error', () => outgoing.destroy());
    forwarded.end(body);
  };
  /** Sends the request on and holds the server's answer back for `slowMs`. */
  const heldBack = (incoming: IncomingMessage, outgoing: ServerResponse, body: Buffer) =>
    forward(incoming, outgoing, body, (status, headers, text) => {
      setTimeout(() => {
        outgoing.writeHead(status, headers);
        outgoing.end(text);
      }, proxy.slowMs);
    });
  const server: Server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const body = Buffer.concat(chunks);
      const pieces = proxy.inPieces;
      if (incoming.method === 'GET' && pieces && incoming.url === pieces.path) {
        delete incoming.headers['accept-encoding']; // the cut is made in the text
        return forward(incoming, outgoing, body, (status, headers, text) => {
          const { 'content-length': _length, ...rest } = headers;
          const cut = text.indexOf(pieces.after);
          outgoing.writeHead(status, rest);
          if (cut < 0) return outgoing.end(text);
          proxy.sentInPieces++;
          const at = cut + Buffer.byteLength(pieces.after);
          outgoing.write(text.subarray(0, at));
          setTimeout(() => outgoing.end(text.subarray(at)), pieces.pauseMs);
        });
      }
      if (incoming.method !== 'POST' || !incoming.url?.startsWith('/api/v1/batches')) {
        if (!proxy.holdOther?.(incoming.url ?? '')) return forward(incoming, outgoing, body);
        proxy.held.push(incoming.url ?? '');
        return heldBack(incoming, outgoing, body);
      }
      const batchId = String(incoming.headers['idempotency-key'] ?? '');
      const fault = proxy.faults.length > 0 ? proxy.faults.shift() : proxy.chaos?.();
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
        case 'truncated':
          // the server stored the batch; the tablet gets a 200 whose JSON stops halfway
          return forward(incoming, outgoing, body, (status, headers, text) => {
            const { 'content-length': _length, ...rest } = headers;
            outgoing.writeHead(status, rest);
            outgoing.end(text.subarray(0, Math.floor(text.length / 2)));
          });
        case 'slow':
          return heldBack(incoming, outgoing, body);
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
