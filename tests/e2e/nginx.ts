import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port';

const NGINX_PATH = '/usr/sbin/nginx';

/**
 * Finds Debian's nginx (NGINX_PATH, else /usr/sbin/nginx). On a fresh machine where we are root with
 * apt, installs the package; otherwise stops with the one command to run. The test runs its own
 * nginx process with its own configuration, never the system's service.
 */
export function ensureNginx(): string {
  const configured = process.env.NGINX_PATH;
  if (configured) {
    if (!existsSync(configured)) throw new Error(`NGINX_PATH=${configured} bestaat niet.`);
    return configured;
  }
  if (existsSync(NGINX_PATH)) return NGINX_PATH;
  if (process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
    console.log('nginx ontbreekt: Debian-pakket "nginx" wordt geïnstalleerd (eenmalig)…');
    execFileSync('/bin/sh', ['-c', 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx'], { stdio: 'inherit' });
    if (existsSync(NGINX_PATH)) return NGINX_PATH;
  }
  throw new Error('nginx is niet gevonden. Installeer het met: sudo apt-get install -y nginx (of zet NGINX_PATH).');
}

/** One line of the access log: which listener, what was asked, what the client got, and every server nginx tried. */
export interface ProxyLogLine {
  listener: 'retrying' | 'plain';
  method: string;
  path: string;
  status: number;
  /** the servers tried for this request, in order (more than one: nginx passed it to the next) */
  upstreams: string[];
  upstreamStatuses: string[];
  batchId: string;
}

export interface RunningNginx {
  /** the production setup: POST /api/v1/batches goes to the other server when the first fails mid-request */
  retryingUrl: string;
  /** nginx's stock behaviour: a POST is never sent twice by nginx, so the tablet resends */
  plainUrl: string;
  accessLog(): ProxyLogLine[];
  /** what nginx wrote to stderr (its error log) */
  output(): string;
  stop(): Promise<void>;
}

/** The server processes behind each listener (host:port), in round-robin order. */
export interface Upstreams {
  retrying: string[];
  plain: string[];
}

function upstreamBlock(name: string, servers: string[]): string {
  // max_fails=1: one failed request takes a server out of the rotation for fail_timeout (short here, so a
  // restarted process gets work again within the test; nginx's default is 10 s), then nginx tries it again.
  return `  upstream ${name} {\n${servers.map((server) => `    server ${server} max_fails=1 fail_timeout=2s;`).join('\n')}\n  }`;
}

/** The configuration: one upstream per listener (each keeps its own round robin), temp files and logs in `directory`. */
export function nginxConfig(directory: string, upstreams: Upstreams, ports: { retrying: number; plain: number }): string {
  return `# Generated for one end-to-end test run: two IDO Onderweg servers on one PostgreSQL.
daemon off;
worker_processes 1;
pid ${directory}/nginx.pid;
error_log stderr error;
events { worker_connections 512; }
http {
  log_format upstreams '$server_port $request_method $uri $status "$upstream_addr" "$upstream_status" "$http_idempotency_key"';
  access_log ${directory}/access.log upstreams;
  client_body_temp_path ${directory}/client_body;
  proxy_temp_path ${directory}/proxy;
  fastcgi_temp_path ${directory}/fastcgi;
  uwsgi_temp_path ${directory}/uwsgi;
  scgi_temp_path ${directory}/scgi;
  # A batch is at most 1 MiB (GET /api/v1/limits): with room to spare the server, not nginx, answers a larger one in the contract's shape.
  client_max_body_size 2m;
  # The whole body in memory: nginx can only send a request to a second server when it has all of it.
  client_body_buffer_size 2m;
  proxy_http_version 1.1;
  proxy_connect_timeout 2s;
  proxy_read_timeout 60s;
  proxy_next_upstream_tries 2;
  proxy_set_header Host $host;
  # Replace, never append: a client cannot choose its own address (the servers trust only this proxy: TRUST_PROXY).
  proxy_set_header X-Forwarded-For $remote_addr;
  proxy_set_header X-Forwarded-Proto $scheme;

${upstreamBlock('ido_retrying', upstreams.retrying)}
${upstreamBlock('ido_plain', upstreams.plain)}

  server {
    listen 127.0.0.1:${ports.retrying};
    location / {
      proxy_pass http://ido_retrying;
    }
    # POST /api/v1/batches is idempotent by its batchId: the server claims the batchId first in the same
    # transaction that stores the records, a copy that overlaps a running one waits for it, and a copy after
    # it gets the stored answer byte for byte. So nginx may pass a batch to the other server when the first
    # fails or times out mid-request (non_idempotent), and the tablet never sees the failure. Not for other
    # POSTs: an enrollment code is single-use, so a resent enroll would fail.
    location = /api/v1/batches {
      proxy_pass http://ido_retrying;
      proxy_next_upstream error timeout non_idempotent;
      proxy_next_upstream_timeout 30s;
    }
  }

  # nginx's stock behaviour (proxy_next_upstream error timeout): once a POST went out it is not sent again.
  server {
    listen 127.0.0.1:${ports.plain};
    location / {
      proxy_pass http://ido_plain;
    }
  }
}
`;
}

function parseLine(line: string, ports: { retrying: number; plain: number }): ProxyLogLine | undefined {
  const match = /^(\d+) (\S+) (\S+) (\d+) "([^"]*)" "([^"]*)" "([^"]*)"$/.exec(line);
  if (!match) return undefined;
  const [, port, method, path, status, upstreams, statuses, batchId] = match;
  return {
    listener: Number(port) === ports.retrying ? 'retrying' : 'plain',
    method, path, status: Number(status),
    upstreams: upstreams === '-' ? [] : upstreams.split(', '),
    upstreamStatuses: statuses === '-' ? [] : statuses.split(/\s*[,:]\s*/),
    batchId: batchId === '-' ? '' : batchId,
  };
}

/** Starts Debian's nginx as a child process (not a daemon) in front of the upstreams, on two free loopback ports. */
export async function startNginx(upstreams: Upstreams): Promise<RunningNginx> {
  const nginx = ensureNginx();
  const directory = mkdtempSync(join(tmpdir(), 'ido-e2e-nginx-'));
  // As root, nginx's workers run as nobody: they must reach the temp directories nginx makes (and chowns) here.
  chmodSync(directory, 0o755);
  const ports = { retrying: await freePort(), plain: await freePort() };
  const configFile = join(directory, 'nginx.conf');
  writeFileSync(configFile, nginxConfig(directory, upstreams, ports));
  const child = spawn(nginx, ['-p', `${directory}/`, '-c', configFile, '-e', 'stderr'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const running: RunningNginx = {
    retryingUrl: `http://127.0.0.1:${ports.retrying}`,
    plainUrl: `http://127.0.0.1:${ports.plain}`,
    accessLog() {
      const file = join(directory, 'access.log');
      if (!existsSync(file)) return [];
      return readFileSync(file, 'utf8').split('\n').flatMap((line) => parseLine(line, ports) ?? []);
    },
    output: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(directory, { recursive: true, force: true });
    },
  };

  // Ready when both listeners answer; nginx stopping early means a bad configuration: show its words.
  const deadline = Date.now() + 15_000;
  for (const url of [running.retryingUrl, running.plainUrl]) {
    for (;;) {
      if (child.exitCode !== null) {
        await running.stop();
        throw new Error(`nginx stopte meteen (code ${child.exitCode}):\n${output}`);
      }
      const answered = await fetch(`${url}/api/v1/health`).then((response) => response.ok, () => false);
      if (answered) break;
      if (Date.now() > deadline) {
        await running.stop();
        throw new Error(`nginx antwoordde niet op ${url}:\n${output}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  return running;
}
