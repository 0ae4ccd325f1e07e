/**
 * The schema, as numbered steps applied in order and recorded in `schema_migrations`. Add a
 * step at the end; never edit one that has shipped. Several instances starting at once take
 * an advisory lock, so each step runs once. A step is SQL, or a function for what SQL alone
 * cannot decide (a repair by the domain's rules).
 */
import { repairStoredItems } from './repair-items';

interface MigrationTx {
  query<R>(sql: string, params?: unknown[]): Promise<R[]>;
}

/** What the migrations need of a store (store.ts's `Store` is one): a transaction of queries. */
interface Migratable {
  transaction<T>(fn: (tx: MigrationTx) => Promise<T>): Promise<T>;
}

type Step = string | ((tx: MigrationTx) => Promise<unknown>);

const STEPS: readonly Step[] = [
  // 1: teams, accounts, tokens, login failures, clients and the team's shared data.
  `
  CREATE TABLE teams (
    id text PRIMARY KEY,
    name text NOT NULL,
    version bigint NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL DEFAULT now()
  );
  CREATE TABLE users (
    id text PRIMARY KEY,
    team_id text NOT NULL REFERENCES teams(id),
    username text NOT NULL UNIQUE,
    password_hash text NOT NULL,
    role text NOT NULL CHECK (role IN ('admin', 'triage', 'department')),
    department_id text NOT NULL DEFAULT '',
    disabled boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now()
  );
  CREATE TABLE tokens (
    hash text PRIMARY KEY,
    user_id text NOT NULL REFERENCES users(id),
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    revoked_at timestamptz
  );
  CREATE INDEX tokens_user ON tokens (user_id);
  CREATE TABLE login_failures (
    id bigserial PRIMARY KEY,
    username text NOT NULL,
    ip text NOT NULL,
    at timestamptz NOT NULL
  );
  CREATE INDEX login_failures_username ON login_failures (username, at);
  CREATE INDEX login_failures_ip ON login_failures (ip, at);
  CREATE TABLE clients (
    client_id text PRIMARY KEY,
    team_id text NOT NULL REFERENCES teams(id),
    user_id text NOT NULL REFERENCES users(id),
    last_mutation_id bigint NOT NULL DEFAULT 0
  );
  CREATE TABLE assignments (
    team_id text NOT NULL REFERENCES teams(id),
    tweet_id text NOT NULL,
    department_id text NOT NULL,
    data jsonb NOT NULL,
    version bigint NOT NULL,
    PRIMARY KEY (team_id, tweet_id)
  );
  CREATE INDEX assignments_version ON assignments (team_id, version);
  CREATE INDEX assignments_department ON assignments (team_id, department_id);
  CREATE TABLE departments (
    team_id text NOT NULL REFERENCES teams(id),
    id text NOT NULL,
    data jsonb NOT NULL,
    deleted boolean NOT NULL DEFAULT false,
    version bigint NOT NULL,
    PRIMARY KEY (team_id, id)
  );
  CREATE INDEX departments_version ON departments (team_id, version);
  CREATE TABLE team_settings (
    team_id text PRIMARY KEY REFERENCES teams(id),
    data jsonb NOT NULL,
    version bigint NOT NULL
  );
  CREATE TABLE refusals (
    team_id text NOT NULL REFERENCES teams(id),
    client_id text NOT NULL,
    mutation_id bigint NOT NULL,
    code text NOT NULL,
    message text NOT NULL,
    at timestamptz NOT NULL,
    PRIMARY KEY (client_id, mutation_id)
  );
  `,
  // 2: tombstones (an assignment row without data: an item the server does not hold, sent to
  // the clients that applied a refused change to it), the directory's own version (bumped by
  // a refused directory change), and each client's last mutation id per team version, so a
  // pull cut short answers it as of its own cursor.
  `
  ALTER TABLE assignments ALTER COLUMN data DROP NOT NULL;
  ALTER TABLE teams ADD COLUMN directory_version bigint NOT NULL DEFAULT 0;
  CREATE TABLE client_progress (
    client_id text NOT NULL REFERENCES clients(client_id),
    last_mutation_id bigint NOT NULL,
    version bigint NOT NULL,
    PRIMARY KEY (client_id, last_mutation_id)
  );
  CREATE INDEX client_progress_version ON client_progress (client_id, version);
  INSERT INTO client_progress (client_id, last_mutation_id, version)
    SELECT c.client_id, c.last_mutation_id, t.version
    FROM clients c JOIN teams t ON t.id = c.team_id WHERE c.last_mutation_id > 0;
  `,
  // 3: the team's epoch, a random id that `after-restore` replaces: a browser that sees it
  // change pulls everything again and pushes again what the restored database lost.
  `
  ALTER TABLE teams ADD COLUMN epoch text NOT NULL DEFAULT gen_random_uuid()::text;
  `,
  // 4: login throttling per name and address: the pairs' failures are counted, and the
  // addresses each name logged in from are remembered (they keep logging in while strangers
  // guess the name).
  `
  CREATE INDEX login_failures_pair ON login_failures (username, ip, at);
  CREATE TABLE login_known_addresses (
    username text NOT NULL,
    ip text NOT NULL,
    last_login_at timestamptz NOT NULL,
    PRIMARY KEY (username, ip)
  );
  CREATE INDEX login_known_addresses_last_login ON login_known_addresses (last_login_at);
  `,
  // 5: items stored before the server refused what browsers cannot take (times before 2000,
  // histories past the limit) are repaired by the same rules, at a new version: browsers pull
  // them again, and a team whose pulls they stopped syncs again.
  repairStoredItems,
  // 6: each item's size as a pull sends it (its JSON text, in bytes), kept by the database
  // with every write: a pull fills its page up to a byte bound without reading the items past
  // it.
  `
  ALTER TABLE assignments ADD COLUMN json_bytes integer
    GENERATED ALWAYS AS (octet_length(data::text)) STORED;
  `,
  // 7: retention. Each purge marks every team's version with the time, so it knows the version
  // a team had a horizon ago; removals up to it are purged (`purged_version`, seen at
  // `purged_before`), and a browser still behind it that has not pulled from nothing since
  // (`replaced_at`) pulls everything again. Indexes for the purge's queries and the per-user
  // refusal cap.
  `
  ALTER TABLE teams ADD COLUMN purged_version bigint NOT NULL DEFAULT 0;
  ALTER TABLE teams ADD COLUMN purged_before timestamptz;
  ALTER TABLE clients ADD COLUMN replaced_at timestamptz;
  CREATE TABLE team_version_marks (
    team_id text NOT NULL REFERENCES teams(id),
    at timestamptz NOT NULL,
    version bigint NOT NULL,
    PRIMARY KEY (team_id, at)
  );
  CREATE INDEX clients_user ON clients (user_id);
  CREATE INDEX refusals_at ON refusals (at);
  CREATE INDEX tokens_expires ON tokens (expires_at);
  CREATE INDEX tokens_revoked ON tokens (revoked_at) WHERE revoked_at IS NOT NULL;
  CREATE INDEX login_failures_at ON login_failures (at);
  CREATE INDEX assignments_tombstones ON assignments (team_id, version) WHERE data IS NULL;
  `,
  // 8: when each account last logged in, for the admins' list of their team's accounts.
  `
  ALTER TABLE users ADD COLUMN last_login_at timestamptz;
  `,
  // 9: the team's received mentions (intake), shared like items: each write takes the team's
  // next version, and its size is kept beside it for the pull's byte-bounded pages.
  `
  CREATE TABLE mentions (
    team_id text NOT NULL REFERENCES teams(id),
    tweet_id text NOT NULL,
    data jsonb NOT NULL,
    version bigint NOT NULL,
    json_bytes integer GENERATED ALWAYS AS (octet_length(data::text)) STORED,
    PRIMARY KEY (team_id, tweet_id)
  );
  CREATE INDEX mentions_version ON mentions (team_id, version);
  `,
];

/** The repair's number, for the test that runs it again on an older server's rows. */
export const REPAIR_MIGRATION = STEPS.indexOf(repairStoredItems) + 1;

/** Any number; the same on every instance, so they wait for each other. */
const LOCK_KEY = 7_261_004;

export async function migrate(store: Migratable): Promise<number> {
  return store.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [LOCK_KEY]);
    await tx.query(
      `CREATE TABLE IF NOT EXISTS schema_migrations (
        id integer PRIMARY KEY,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`,
    );
    const rows = await tx.query<{ id: number }>('SELECT id FROM schema_migrations');
    const done = new Set(rows.map((r) => r.id));
    let applied = 0;
    for (const [i, step] of STEPS.entries()) {
      if (done.has(i + 1)) continue;
      if (typeof step === 'function') {
        await step(tx);
      } else {
        for (const statement of step.split(';').filter((s) => s.trim())) await tx.query(statement);
      }
      await tx.query('INSERT INTO schema_migrations (id) VALUES ($1)', [i + 1]);
      applied += 1;
    }
    return applied;
  });
}
