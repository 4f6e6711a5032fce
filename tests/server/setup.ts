import { afterEach } from 'vitest';
import { stopAdminCommands } from './cli';
import './server-secret';

// setup file of the server project. A test that timed out leaves its admin command running; killed here, it no
// longer holds the PGlite directory the next test of the file opens (CI, session 33: one timeout failed two tests).
afterEach(stopAdminCommands);
