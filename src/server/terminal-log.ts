import { writeSync } from 'node:fs';

/** How long one line may wait for a terminal that takes nothing (paused with Ctrl+S): then it is left out. */
const FULL_TERMINAL_WAIT_MS = 1_000;
const pause = new Int32Array(new SharedArrayBuffer(4));

/**
 * The log's destination when stdout is a terminal: each line written at once (as Node writes to a terminal), and a
 * terminal that is gone loses the lines, nothing more. pino's own destination did worse there: once the terminal was
 * closed (a closed SSH session or terminal window: SIGHUP, then every write fails with EIO) its failed write ended the
 * process as an uncaught error, without the shutdown, and its flush at exit retried the write every 100 ms for ever.
 * The process hung, its embedded PostgreSQL ran on and its server.lock kept the next start out. (On a pipe or a file,
 * as under systemd or in a container, pino's destination stays: it handles a closed pipe.)
 */
export function terminalLogStream(fd = 1): { write(line: string): void } {
  let gone = false;
  return {
    write(line: string) {
      if (gone) return;
      let rest = Buffer.from(line);
      let waited = 0;
      while (rest.length > 0) {
        try {
          rest = rest.subarray(writeSync(fd, rest));
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code;
          if ((code === 'EAGAIN' || code === 'EBUSY') && waited < FULL_TERMINAL_WAIT_MS) {
            Atomics.wait(pause, 0, 0, 10);
            waited += 10;
            continue;
          }
          // EIO (the terminal was closed), EBADF, or a terminal that stays full: the log goes on without it.
          if (code !== 'EAGAIN' && code !== 'EBUSY') gone = true;
          return;
        }
      }
    },
  };
}
