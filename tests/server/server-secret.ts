import { useServerSecret } from '../../src/server/secrets';

/** The server secret of every server test: in this process, and (as IDO_SECRET) in the processes cli.ts starts. */
export const TEST_SERVER_SECRET = Buffer.alloc(32, 7);

// imported by the server project's setup (setup.ts) and the db project: hashSecret works in every test file without a secret file on disk
useServerSecret(TEST_SERVER_SECRET);
