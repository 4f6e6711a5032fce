// A tablet database's schema as IndexedDB itself holds it, read without Dexie (the migration tests compare it).

export interface StoreShape { name: string; keyPath: unknown; autoIncrement: boolean; indexes: Array<{ name: string; keyPath: unknown; multiEntry: boolean; unique: boolean }> }

/** The raw IndexedDB schema (stores, keys, indexes), read without Dexie. */
export function rawSchema(name: string): Promise<{ version: number; stores: StoreShape[] }> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(name);
    request.onerror = () => reject(request.error);
    request.onsuccess = () => {
      const idb = request.result;
      const names = [...idb.objectStoreNames].sort();
      const tx = names.length > 0 ? idb.transaction(names, 'readonly') : undefined;
      const stores = names.map((storeName) => {
        const store = tx!.objectStore(storeName);
        const indexes = [...store.indexNames].sort().map((indexName) => {
          const index = store.index(indexName);
          return { name: index.name, keyPath: index.keyPath, multiEntry: index.multiEntry, unique: index.unique };
        });
        return { name: storeName, keyPath: store.keyPath, autoIncrement: store.autoIncrement, indexes };
      });
      const version = idb.version;
      idb.close();
      resolve({ version, stores });
    };
  });
}

/** The index names of one store, sorted. */
export async function indexNames(name: string, store: string): Promise<string[]> {
  return (await rawSchema(name)).stores.find((shape) => shape.name === store)?.indexes.map((index) => index.name) ?? [];
}
