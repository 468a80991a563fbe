import 'fake-indexeddb/auto';
import { beforeEach } from 'vitest';

// fake-indexeddb state leaks between test files under thread pools: start each test empty.
beforeEach(async () => {
  const dbs = await indexedDB.databases();
  await Promise.all(
    dbs.map(
      (d) =>
        new Promise<void>((resolve) => {
          const req = indexedDB.deleteDatabase(d.name!);
          req.onsuccess = req.onerror = req.onblocked = () => resolve();
        }),
    ),
  );
});
