import { connect, createServer, type Socket } from 'node:net';

/**
 * A TCP relay between the load balancer and one server process. Requests always pass; while
 * `holding`, the server's answers are kept here instead of passed back, as when a process dies
 * after its commit and before its answer leaves the machine.
 */
export interface AnswerRelay {
  /** host:port for the load balancer's upstream list */
  address: string;
  holding: boolean;
  /** the answers kept back, one text per connection, as the server wrote them */
  held(): string[];
  /** stops listening and drops every connection, held answers included: the host is gone */
  close(): Promise<void>;
}

/** Starts a relay on a free loopback port in front of `target` (host:port). */
export async function startAnswerRelay(target: string): Promise<AnswerRelay> {
  const [host, port] = [target.slice(0, target.lastIndexOf(':')), Number(target.slice(target.lastIndexOf(':') + 1))];
  const connections = new Set<Socket>();
  const heldAnswers: Array<{ chunks: Buffer[] }> = [];
  const server = createServer((client) => {
    const upstream = connect(port, host);
    connections.add(client).add(upstream);
    let held: { chunks: Buffer[] } | undefined;
    client.pipe(upstream);
    upstream.on('data', (chunk: Buffer) => {
      if (!relay.holding) return void client.write(chunk);
      if (!held) heldAnswers.push((held = { chunks: [] }));
      held.chunks.push(chunk);
    });
    // A held connection stays open after the server closed its side: the answer is neither given nor refused.
    upstream.on('end', () => (held ? undefined : client.end()));
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
    client.on('close', () => {
      upstream.destroy();
      connections.delete(client);
    });
    upstream.on('close', () => connections.delete(upstream));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const relay: AnswerRelay = {
    address: `127.0.0.1:${(server.address() as { port: number }).port}`,
    holding: false,
    held: () => heldAnswers.map((answer) => Buffer.concat(answer.chunks).toString()),
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      for (const socket of connections) socket.destroy();
    }),
  };
  return relay;
}

/** The body of a raw HTTP/1.1 answer with a Content-Length (what the server sends for a batch). */
export function httpBody(raw: string): string {
  return raw.slice(raw.indexOf('\r\n\r\n') + 4);
}
