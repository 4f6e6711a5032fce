// The example kaart written in its own thread (issue 15): turning demo-kaart.json into records and writing
// some hundreds of them through Dexie took a second of the page's main thread on a slow tablet, right after
// the first screen (taps waited). Here it blocks nothing; the page's live queries hear the write through
// Dexie's BroadcastChannel, as they do the import worker's. One job, one answer: the page ends the worker then.
import { db } from '../db/db';
import { loadDemoKaart } from '../sync/kaart-apply';
import { demoCards, demoKaartRecords } from './demo-kaart';
import type { DemoKaartAnswer } from './demo-kaart-loader';

loadDemoKaart(db, demoKaartRecords(), new Date(), demoCards).then(
  (applied): DemoKaartAnswer => ({ ok: true, applied }),
  (error: unknown): DemoKaartAnswer => ({ ok: false, message: error instanceof Error ? error.message : String(error) }),
).then((answer) => {
  db.close();
  postMessage(answer);
});
