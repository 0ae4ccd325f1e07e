import type { Queryable, Store } from '../store';

/**
 * `store`, counting the statements sent through it (a transaction's BEGIN and COMMIT too): each
 * is a round trip, which under load costs the server more than the database's own work.
 */
export function counting(store: Store) {
  const sent = { statements: 0 };
  const counted = (q: Queryable): Queryable => ({
    query: (sql, params) => {
      sent.statements += 1;
      return q.query(sql, params);
    },
  });
  const wrapped: Store = {
    ...store,
    kind: store.kind,
    query: counted(store).query,
    transaction: (fn, opts) => {
      sent.statements += 2;
      return store.transaction((tx) => fn(counted(tx)), opts);
    },
    listen: (channel, fn) => store.listen(channel, fn),
    checkWritable: () => store.checkWritable(),
    close: () => store.close(),
  };
  return { store: wrapped, sent };
}
