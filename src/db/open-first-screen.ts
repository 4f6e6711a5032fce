/**
 * Opens the tablet's database for the first screen's reads (first-screen.ts), with IndexedDB itself: the open
 * answers the database, or undefined when there is none yet (a first start: the open's upgrade, which would
 * create it, is aborted, so Dexie makes it at its own version). Any other failure rejects.
 *
 * No imports and nothing from outside the function: the build puts this very function into index.html's head
 * (vite.config.ts, earlyOpenPlugin), so a started tablet asks for the open while the HTML is parsed, long before
 * the page's modules run; first-screen.ts takes that open over (`self.idoFirstOpen`) and opens itself only
 * where the page has none (the dev server, tests).
 */
export function openFirstScreen(factory: IDBFactory, name: string): Promise<IDBDatabase | undefined> {
  return new Promise((resolve, reject) => {
    const request = factory.open(name);
    request.onupgradeneeded = () => {
      request.transaction!.abort();
      resolve(undefined);
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = (event) => {
      event.preventDefault();
      reject(request.error);
    };
  });
}
