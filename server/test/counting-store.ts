import type { Connection, Queryable, Store } from '../store';

type Send = Queryable['query'];

/**
 * `store`, with each statement it sends (alone, in a transaction or on a connection) handed to
 * `each` with the function that sends it; `onTransaction` is told of each transaction begun,
 * `onCommitted` of each one committed.
 */
export function eachStatement(
  store: Store,
  each: (sql: string, params: unknown[] | undefined, send: Send) => Promise<unknown[]>,
  onTransaction: () => void = () => {},
  onCommitted: () => void = () => {},
): Store {
  const through = (q: Queryable): Queryable => ({
    query: (sql, params) => each(sql, params, (s, p) => q.query(s, p)) as never,
  });
  const onConnection = (c: Connection): Connection => ({
    ...through(c),
    transaction: async (fn, opts) => {
      onTransaction();
      const result = await c.transaction((tx) => fn(through(tx)), opts);
      onCommitted();
      return result;
    },
  });
  return {
    ...onConnection(store),
    kind: store.kind,
    connection: (fn) => store.connection((db) => fn(onConnection(db))),
    listen: (channel, fn) => store.listen(channel, fn),
    checkWritable: () => store.checkWritable(),
    close: () => store.close(),
  };
}

/**
 * `store`, counting the statements sent through it (a transaction's BEGIN and COMMIT too): each
 * is a round trip, which under load costs the server more than the database's own work.
 */
export function counting(store: Store) {
  const sent = { statements: 0 };
  const wrapped = eachStatement(
    store,
    (sql, params, send) => {
      sent.statements += 1;
      return send(sql, params);
    },
    () => (sent.statements += 2),
  );
  return { store: wrapped, sent };
}
