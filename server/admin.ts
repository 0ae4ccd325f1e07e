/**
 * Team and account administration, as functions (used by the admin API, tests and
 * `serve --bootstrap-admin`) and as a command line: `npm run admin -- create-team --name …`
 * on the database, or `npm run admin -- list-users --server URL --admin NAME` through a
 * running server (admin-client.ts).
 */
import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { DEFAULT_KEYWORDS_VERSION } from '../utils/domain/default-keywords';
import { DEFAULT_DEPARTMENTS } from '../utils/domain/departments';
import { slugOf } from '../utils/domain/directory';
import { DEFAULT_TEAM_SETTINGS } from '../utils/domain/settings';
import { MAX_USERNAME_LENGTH } from '../utils/domain/sync-protocol';
import type { TeamAccount } from '../utils/domain/admin-protocol';
import { type Role, ROLES } from '../utils/domain/actor';
import { announceLoginsEnded, checkPassword, generatePassword, hashPassword } from './auth';
import { adminPassword, type AccountCommands, throughServer } from './admin-client';
import { parseArgs, retentionRules, storeOptions } from './config';
import { HttpError } from './errors';
import { describePurged, purge } from './retention';
import { openStore, type Queryable, type Store } from './store';

/** A new team with the default directory and settings. */
export async function createTeam(store: Store, { name }: { name: string }) {
  const clean = name.trim();
  if (!clean || clean.length > 200) throw new Error('A team needs a name of 1 to 200 characters');
  const base = slugOf(clean) || 'team';
  return store.transaction(async (tx) => {
    const taken = await tx.query<{ id: string }>(
      "SELECT id FROM teams WHERE id = $1 OR id LIKE $1 || '-%'",
      [base],
    );
    const ids = new Set(taken.map((t) => t.id));
    let id = base;
    for (let n = 2; ids.has(id); n += 1) id = `${base}-${n}`;
    let version = 0;
    await tx.query('INSERT INTO teams (id, name) VALUES ($1, $2)', [id, clean]);
    for (const d of DEFAULT_DEPARTMENTS) {
      version += 1;
      await tx.query(
        'INSERT INTO departments (team_id, id, data, version) VALUES ($1, $2, $3, $4)',
        [id, d.id, JSON.stringify(d), version],
      );
    }
    version += 1;
    // Its directory has this version's default keywords: nothing for a browser to add.
    const settings = { ...DEFAULT_TEAM_SETTINGS, keywordDefaults: DEFAULT_KEYWORDS_VERSION };
    await tx.query('INSERT INTO team_settings (team_id, data, version) VALUES ($1, $2, $3)', [
      id,
      JSON.stringify(settings),
      version,
    ]);
    await tx.query('UPDATE teams SET version = $2 WHERE id = $1', [id, version]);
    return { id, name: clean };
  });
}

export function checkUsername(x: string): string {
  const name = x.trim().toLowerCase();
  if (name.length < 2 || name.length > MAX_USERNAME_LENGTH || !/^[a-z0-9._-]+$/.test(name)) {
    throw new HttpError(
      400,
      'bad-request',
      `A username has 2 to ${MAX_USERNAME_LENGTH} letters, digits, dots, dashes or underscores`,
    );
  }
  return name;
}

/** An account as the admins see it (`TeamAccount` on the wire). */
const ACCOUNT_COLUMNS = 'username, role, department_id, disabled, last_login_at';
interface AccountRow {
  username: string;
  role: Role;
  department_id: string;
  disabled: boolean;
  last_login_at: Date | string | null;
}

function accountOf(row: AccountRow): TeamAccount {
  return {
    username: row.username,
    role: row.role,
    departmentId: row.department_id,
    disabled: row.disabled,
    lastLoginAt: row.last_login_at === null ? null : new Date(row.last_login_at).toISOString(),
  };
}

async function account(db: Queryable, id: string): Promise<TeamAccount> {
  const [row] = await db.query<AccountRow>(`SELECT ${ACCOUNT_COLUMNS} FROM users WHERE id = $1`, [
    id,
  ]);
  return accountOf(row!);
}

/**
 * Whose accounts a command may touch: an admin's own team's (`teamId`), or, without it, any
 * team's (the server's operator at the command line).
 */
interface Scope {
  teamId?: string;
}

async function checkRole(db: Queryable, teamId: string, role: Role, departmentId: string) {
  if (!ROLES.includes(role)) {
    throw new HttpError(400, 'bad-request', `The role must be one of ${ROLES.join(', ')}`);
  }
  if (role === 'department' && !departmentId) {
    throw new HttpError(400, 'bad-request', 'A department officer needs a department');
  }
  if (role !== 'department' && departmentId) {
    throw new HttpError(400, 'bad-request', 'Only department officers belong to a department');
  }
  if (departmentId) {
    const [dept] = await db.query(
      'SELECT id FROM departments WHERE team_id = $1 AND id = $2 AND NOT deleted',
      [teamId, departmentId],
    );
    if (!dept) {
      throw new HttpError(
        400,
        'no-such-department',
        `The team has no department "${departmentId}"`,
      );
    }
  }
}

export async function createUser(
  store: Store,
  o: { teamId: string; username: string; password: string; role: Role; departmentId?: string },
): Promise<TeamAccount> {
  const username = checkUsername(o.username);
  const hash = await hashPassword(checkPassword(o.password));
  const departmentId = o.departmentId ?? '';
  return store.transaction(async (tx) => {
    const [team] = await tx.query('SELECT id FROM teams WHERE id = $1', [o.teamId]);
    if (!team) throw new HttpError(404, 'no-such-team', `No team has the id "${o.teamId}"`);
    await checkRole(tx, o.teamId, o.role, departmentId);
    const [existing] = await tx.query('SELECT id FROM users WHERE username = $1', [username]);
    if (existing) throw new HttpError(409, 'username-taken', `The username "${username}" is taken`);
    const id = randomUUID();
    await tx.query(
      `INSERT INTO users (id, team_id, username, password_hash, role, department_id)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [id, o.teamId, username, hash, o.role, departmentId],
    );
    return account(tx, id);
  });
}

interface UserRef {
  id: string;
  team_id: string;
  role: Role;
  disabled: boolean;
}

/**
 * The account called `username` within the scope, its team locked until the transaction
 * ends: two admins changing the team's accounts at once take turns, so neither can remove
 * the last admin while the other does.
 */
async function lockedUser(tx: Queryable, username: string, { teamId }: Scope): Promise<UserRef> {
  const name = username.trim().toLowerCase();
  const find = () =>
    tx.query<UserRef>(
      `SELECT id, team_id, role, disabled FROM users
       WHERE username = $1 AND ($2::text IS NULL OR team_id = $2)`,
      [name, teamId ?? null],
    );
  const [found] = await find();
  if (!found) {
    const where = teamId ? ' in this team' : '';
    throw new HttpError(404, 'no-such-user', `No user is called "${username}"${where}`);
  }
  await tx.query('SELECT id FROM teams WHERE id = $1 FOR UPDATE', [found.team_id]);
  // Read again once the team is ours: another admin may have changed it meanwhile.
  return (await find())[0]!;
}

/** Refuses to leave the team without an admin who can log in. */
async function keepAnAdmin(tx: Queryable, user: UserRef, username: string): Promise<void> {
  if (user.role !== 'admin' || user.disabled) return;
  const [others] = await tx.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM users
     WHERE team_id = $1 AND role = 'admin' AND NOT disabled AND id <> $2`,
    [user.team_id, user.id],
  );
  if (others!.n === 0) {
    throw new HttpError(
      409,
      'last-admin',
      `${username} is the team's last active admin: make another account admin first`,
    );
  }
}

async function endLogins(tx: Queryable, userId: string): Promise<number> {
  const rows = await tx.query<{ live: boolean }>(
    `UPDATE tokens SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL
     RETURNING expires_at > now() AS live`,
    [userId],
  );
  await announceLoginsEnded(tx, { userId });
  return rows.filter((r) => r.live).length;
}

/** A new password; the user's logins are revoked with it. */
export async function resetPassword(
  store: Store,
  { username, password, ...scope }: { username: string; password: string } & Scope,
): Promise<TeamAccount> {
  const hash = await hashPassword(checkPassword(password));
  return store.transaction(async (tx) => {
    const user = await lockedUser(tx, username, scope);
    await tx.query('UPDATE users SET password_hash = $2 WHERE id = $1', [user.id, hash]);
    await endLogins(tx, user.id);
    return account(tx, user.id);
  });
}

/** Logs the user out everywhere; returns how many unexpired logins ended. */
export async function revokeTokens(
  store: Store,
  { username, ...scope }: { username: string } & Scope,
): Promise<{ revoked: number }> {
  return store.transaction(async (tx) => {
    const user = await lockedUser(tx, username, scope);
    return { revoked: await endLogins(tx, user.id) };
  });
}

/**
 * Disables an account (no login, and its tokens stop working at once) or enables it again;
 * a disabled account's logins are ended, so enabling it brings none of them back. The team's
 * last active admin stays.
 */
export async function setDisabled(
  store: Store,
  { username, disabled, ...scope }: { username: string; disabled: boolean } & Scope,
): Promise<TeamAccount> {
  return store.transaction(async (tx) => {
    const user = await lockedUser(tx, username, scope);
    if (disabled) await keepAnAdmin(tx, user, username);
    await tx.query('UPDATE users SET disabled = $2 WHERE id = $1', [user.id, disabled]);
    if (disabled) await endLogins(tx, user.id);
    return account(tx, user.id);
  });
}

/**
 * Gives an account another role (and department). Its logins end: a browser keeps the role
 * it logged in with, and would make changes the server now refuses.
 */
export async function setRole(
  store: Store,
  o: { username: string; role: Role; departmentId?: string } & Scope,
): Promise<TeamAccount> {
  const departmentId = o.departmentId ?? '';
  return store.transaction(async (tx) => {
    const user = await lockedUser(tx, o.username, o);
    await checkRole(tx, user.team_id, o.role, departmentId);
    if (o.role !== 'admin') await keepAnAdmin(tx, user, o.username);
    await tx.query('UPDATE users SET role = $2, department_id = $3 WHERE id = $1', [
      user.id,
      o.role,
      departmentId,
    ]);
    await endLogins(tx, user.id);
    return account(tx, user.id);
  });
}

export async function listUsers(store: Queryable, { teamId }: { teamId: string }) {
  const rows = await store.query<AccountRow>(
    `SELECT ${ACCOUNT_COLUMNS} FROM users WHERE team_id = $1 ORDER BY username`,
    [teamId],
  );
  return rows.map(accountOf);
}

export async function teamOf(store: Queryable, teamId: string) {
  const [team] = await store.query<{ id: string; name: string }>(
    'SELECT id, name FROM teams WHERE id = $1',
    [teamId],
  );
  if (!team) throw new HttpError(404, 'no-such-team', `No team has the id "${teamId}"`);
  return team;
}

/**
 * After the database was restored from a backup: a new epoch for the team, so every browser
 * pulls everything again (dropping what the backup lacks) and pushes again the changes the
 * backup lost. Returns the new epoch.
 */
export async function afterRestore(store: Store, { teamId }: { teamId: string }) {
  const [team] = await store.query<{ epoch: string }>(
    'UPDATE teams SET epoch = gen_random_uuid()::text WHERE id = $1 RETURNING epoch',
    [teamId],
  );
  if (!team) throw new Error(`No team has the id "${teamId}"`);
  return { epoch: team.epoch };
}

export async function listTeams(store: Store) {
  return store.query<{ id: string; name: string }>('SELECT id, name FROM teams ORDER BY id');
}

const USAGE = `Usage: npm run admin -- <command> [--data DIR]   (or DATABASE_URL for PostgreSQL)
   or: npm run admin -- <command> --server URL --admin NAME   (a running server, as its admin)
  create-team --name "Kota Contoh"
  create-user --team <id> --username siti --role triage|admin|department [--department dinas-pu] [--password …]
  reset-password --username siti [--password …]
  set-role --username siti --role triage|admin|department [--department dinas-pu]   (their logins end)
  revoke-tokens --username siti
  disable-user --username siti     (no login; their logins end)
  enable-user --username siti
  list-users --team <id>
  list-teams
  after-restore --team <id>        (after restoring a backup: browsers pull all and push again)
  purge                            (now, what the server deletes every hour: docs/sync.md)
Without --password a strong password is generated and printed once.
Through a server (--server) the account commands act on the admin's own team (--team may be
left out); the password comes from TANGGAP_ADMIN_PASSWORD or is asked for. Teams are the
server operator's: create-team, list-teams, after-restore and purge run on the database only.`;

const TEAM_COMMANDS = ['create-team', 'list-teams', 'after-restore', 'purge'];
const ACCOUNT_COMMANDS = [
  'create-user',
  'reset-password',
  'set-role',
  'revoke-tokens',
  'disable-user',
  'enable-user',
  'list-users',
];

function need(flags: Map<string, string>, name: string): string {
  const value = flags.get(name);
  if (!value || value === 'true') throw new Error(`--${name} is needed\n\n${USAGE}`);
  return value;
}

/** The account commands on the database: any team's accounts. */
function onDatabase(store: Store): AccountCommands {
  return {
    ownTeamId: null,
    async createUser(o) {
      const password = o.password ?? generatePassword();
      const user = await createUser(store, { ...o, password });
      return { user, ...(o.password ? {} : { password }) };
    },
    async resetPassword({ username, password }) {
      const chosen = password ?? generatePassword();
      await resetPassword(store, { username, password: chosen });
      return password ? {} : { password: chosen };
    },
    revokeTokens: (o) => revokeTokens(store, o),
    setDisabled: (o) => setDisabled(store, o),
    setRole: (o) => setRole(store, o),
    listUsers: (o) => listUsers(store, o),
    close: () => store.close(),
  };
}

/** One line of `list-users`: name, role, department, disabled, last login. */
function accountLine(u: TeamAccount): string {
  const lastLogin = u.lastLoginAt ? `last login ${u.lastLoginAt}` : '';
  return [u.username, u.role, u.departmentId, u.disabled ? 'disabled' : '', lastLogin]
    .join('\t')
    .trim();
}

export async function runAdmin(
  argv: readonly string[],
  log = console.log,
  env = process.env,
): Promise<void> {
  const { command, flags } = parseArgs(argv);
  if (!TEAM_COMMANDS.includes(command) && !ACCOUNT_COMMANDS.includes(command)) {
    throw new Error(USAGE);
  }
  const server = flags.get('server');
  if (server !== undefined) {
    if (TEAM_COMMANDS.includes(command)) {
      throw new Error(
        `${command} is the server operator's: run it on the database (--data DIR or ` +
          'DATABASE_URL), not through a server',
      );
    }
    const admin = need(flags, 'admin');
    const commands = await throughServer(
      need(flags, 'server'),
      admin,
      await adminPassword(env, admin),
    );
    try {
      await accountCommand(command, flags, commands, log);
    } finally {
      await commands.close();
    }
    return;
  }
  const store = await openStore(storeOptions(flags, env));
  try {
    if (ACCOUNT_COMMANDS.includes(command)) {
      await accountCommand(command, flags, onDatabase(store), log);
      return;
    }
    switch (command) {
      case 'create-team': {
        const team = await createTeam(store, { name: need(flags, 'name') });
        log(`Team "${team.name}" created with the id ${team.id}`);
        break;
      }
      case 'list-teams':
        for (const t of await listTeams(store)) log(`${t.id}\t${t.name}`);
        break;
      case 'after-restore': {
        const teamId = need(flags, 'team');
        await afterRestore(store, { teamId });
        log(
          `Team ${teamId} has a new epoch: its browsers pull everything again at their next sync`,
        );
        break;
      }
      case 'purge': {
        const purged = await purge(store, retentionRules(env), new Date());
        log(
          purged
            ? `Purged ${describePurged(purged)}`
            : 'Another instance is purging just now: nothing done',
        );
        break;
      }
    }
  } finally {
    await store.close();
  }
}

async function accountCommand(
  command: string,
  flags: Map<string, string>,
  commands: AccountCommands,
  log: (line: string) => void,
): Promise<void> {
  const given = flags.get('password');
  const password = given && given !== 'true' ? given : undefined;
  const team = () =>
    flags.has('team') ? need(flags, 'team') : (commands.ownTeamId ?? need(flags, 'team'));
  const department = () =>
    flags.has('department') ? { departmentId: need(flags, 'department') } : {};
  switch (command) {
    case 'create-user': {
      const teamId = team();
      const { user, password: generated } = await commands.createUser({
        teamId,
        username: need(flags, 'username'),
        role: need(flags, 'role') as Role,
        ...department(),
        ...(password ? { password } : {}),
      });
      log(
        `User ${user.username} (${user.role}${user.departmentId ? `, ${user.departmentId}` : ''}) created in ${teamId}`,
      );
      if (generated) log(`Password (shown once): ${generated}`);
      break;
    }
    case 'reset-password': {
      const username = need(flags, 'username');
      const { password: generated } = await commands.resetPassword({
        username,
        ...(password ? { password } : {}),
      });
      log(`Password of ${username} changed; their logins were ended`);
      if (generated) log(`New password (shown once): ${generated}`);
      break;
    }
    case 'set-role': {
      const username = need(flags, 'username');
      const role = need(flags, 'role') as Role;
      await commands.setRole({ username, role, ...department() });
      log(`${username} is now ${role}; their logins were ended`);
      break;
    }
    case 'revoke-tokens': {
      const username = need(flags, 'username');
      const { revoked } = await commands.revokeTokens({ username });
      log(`${revoked} login(s) of ${username} ended`);
      break;
    }
    case 'disable-user':
    case 'enable-user': {
      const username = need(flags, 'username');
      const disabled = command === 'disable-user';
      await commands.setDisabled({ username, disabled });
      log(`${username} ${disabled ? 'disabled: their logins were ended' : 'enabled'}`);
      break;
    }
    case 'list-users':
      for (const u of await commands.listUsers({ teamId: team() })) log(accountLine(u));
      break;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runAdmin(process.argv.slice(2)).catch((error: Error) => {
    console.error(error.message);
    process.exitCode = 1;
  });
}
