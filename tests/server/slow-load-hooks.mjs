// Module hooks for tests/server/main.test.ts (registered with `node --import`): the load of Fastify, the first
// package the server's modules import, writes the file `mark` and then waits until the file `release` exists. So a
// test can send a signal at a moment it knows: while the server's modules load, before any of them runs.
import { existsSync, writeFileSync } from 'node:fs';

let files;

export function initialize(data) {
  files = data;
}

export async function load(url, context, nextLoad) {
  if (/\/node_modules\/fastify\/fastify\.js$/.test(url)) {
    writeFileSync(files.mark, '');
    while (!existsSync(files.release)) await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return nextLoad(url, context);
}
