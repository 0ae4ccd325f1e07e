/**
 * Team and account administration, as functions (used by tests and `serve --bootstrap-admin`)
 * and as a command line: `npm run admin -- create-team --name "Kota Contoh"` …
 */
import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { DEFAULT_DEPARTMENTS } from '../utils/domain/departments';
import { slugOf } from '../utils/domain/directory';
import { DEFAULT_TEAM_SETTINGS } from '../utils/domain/settings';
import { MAX_USERNAME_LENGTH } from '../utils/domain/sync-protocol';
import { type Actor, type Role, ROLES } from '../utils/domain/actor';
import { announceLoginsEnded, checkPassword, generatePassword, hashPassword } from './auth';
import { parseArgs, retentionRules, storeOptions } from './config';
import { describePurged, purge } from './retention';
import { openStore, type Store } from './store';

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
    await tx.query('INSERT INTO team_settings (team_id, data, version) VALUES ($1, $2, $3)', [
      id,
      JSON.stringify(DEFAULT_TEAM_SETTINGS),
      version,
    ]);
    await tx.query('UPDATE teams SET version = $2 WHERE id = $1', [id, version]);
    return { id, name: clean };
  });
}

export function checkUsername(x: string): string {
  const name = x.trim().toLowerCase();
  if (name.length < 2 || name.length > MAX_USERNAME_LENGTH || !/^[a-z0-9._-]+$/.test(name)) {
    throw new Error(
      `A username has 2 to ${MAX_USERNAME_LENGTH} letters, digits, dots, dashes or underscores`,
    );
  }
  return name;
}

export async function createUser(
  store: Store,
  o: { teamId: string; username: string; password: string; role: Role; departmentId?: string },
): Promise<Actor & { teamId: string }> {
  const username = checkUsername(o.username);
  const hash = await hashPassword(checkPassword(o.password));
  if (!ROLES.includes(o.role)) throw new Error(`The role must be one of ${ROLES.join(', ')}`);
  const departmentId = o.departmentId ?? '';
  if (o.role === 'department' && !departmentId) {
    throw new Error('A department officer needs --department');
  }
  if (o.role !== 'department' && departmentId) {
    throw new Error('Only department officers belong to a department');
  }
  return store.transaction(async (tx) => {
    const [team] = await tx.query('SELECT id FROM teams WHERE id = $1', [o.teamId]);
    if (!team) throw new Error(`No team has the id "${o.teamId}"`);
    if (departmentId) {
      const [dept] = await tx.query(
        'SELECT id FROM departments WHERE team_id = $1 AND id = $2 AND NOT deleted',
        [o.teamId, departmentId],
      );
      if (!dept) throw new Error(`The team has no department "${departmentId}"`);
    }
    const [existing] = await tx.query('SELECT id FROM users WHERE username = $1', [username]);
    if (existing) throw new Error(`The username "${username}" is taken`);
    await tx.query(
      `INSERT INTO users (id, team_id, username, password_hash, role, department_id)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [randomUUID(), o.teamId, username, hash, o.role, departmentId],
    );
    return { teamId: o.teamId, username, role: o.role, departmentId };
  });
}

async function userId(store: Store, username: string): Promise<string> {
  const [user] = await store.query<{ id: string }>('SELECT id FROM users WHERE username = $1', [
    username.trim().toLowerCase(),
  ]);
  if (!user) throw new Error(`No user is called "${username}"`);
  return user.id;
}

/** A new password; the user's logins are revoked with it. */
export async function resetPassword(
  store: Store,
  { username, password }: { username: string; password: string },
): Promise<void> {
  const id = await userId(store, username);
  const hash = await hashPassword(checkPassword(password));
  await store.transaction(async (tx) => {
    await tx.query('UPDATE users SET password_hash = $2 WHERE id = $1', [id, hash]);
    await tx.query(
      'UPDATE tokens SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL',
      [id],
    );
    await announceLoginsEnded(tx, { userId: id });
  });
}

/** Logs the user out everywhere; returns how many unexpired logins ended. */
export async function revokeTokens(store: Store, { username }: { username: string }) {
  const id = await userId(store, username);
  const rows = await store.query(
    `UPDATE tokens SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL
     RETURNING expires_at > now() AS live`,
    [id],
  );
  await announceLoginsEnded(store, { userId: id });
  return { revoked: rows.filter((r) => r.live).length };
}

/**
 * Disables an account (no login, and its tokens stop working at once) or enables it again;
 * a disabled account's logins are ended, so enabling it brings none of them back.
 */
export async function setDisabled(
  store: Store,
  { username, disabled }: { username: string; disabled: boolean },
): Promise<void> {
  const id = await userId(store, username);
  await store.transaction(async (tx) => {
    await tx.query('UPDATE users SET disabled = $2 WHERE id = $1', [id, disabled]);
    if (disabled) {
      await tx.query(
        'UPDATE tokens SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL',
        [id],
      );
      await announceLoginsEnded(tx, { userId: id });
    }
  });
}

export async function listUsers(store: Store, { teamId }: { teamId: string }) {
  return store.query<{ username: string; role: Role; department_id: string; disabled: boolean }>(
    'SELECT username, role, department_id, disabled FROM users WHERE team_id = $1 ORDER BY username',
    [teamId],
  );
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
  create-team --name "Kota Contoh"
  create-user --team <id> --username siti --role triage|admin|department [--department dinas-pu] [--password …]
  reset-password --username siti [--password …]
  revoke-tokens --username siti
  disable-user --username siti     (no login; their logins end)
  enable-user --username siti
  list-users --team <id>
  list-teams
  after-restore --team <id>        (after restoring a backup: browsers pull all and push again)
  purge                            (now, what the server deletes every hour: docs/sync.md)
Without --password a strong password is generated and printed once.`;

function need(flags: Map<string, string>, name: string): string {
  const value = flags.get(name);
  if (!value || value === 'true') throw new Error(`--${name} is needed\n\n${USAGE}`);
  return value;
}

export async function runAdmin(argv: readonly string[], log = console.log): Promise<void> {
  const { command, flags } = parseArgs(argv);
  const commands = [
    'create-team',
    'create-user',
    'reset-password',
    'revoke-tokens',
    'disable-user',
    'enable-user',
    'list-users',
    'list-teams',
    'after-restore',
    'purge',
  ];
  if (!commands.includes(command)) throw new Error(USAGE);
  const store = await openStore(storeOptions(flags));
  try {
    const password = () => {
      const given = flags.get('password');
      return given && given !== 'true'
        ? { password: given, generated: false }
        : { password: generatePassword(), generated: true };
    };
    switch (command) {
      case 'create-team': {
        const team = await createTeam(store, { name: need(flags, 'name') });
        log(`Team "${team.name}" created with the id ${team.id}`);
        break;
      }
      case 'create-user': {
        const p = password();
        const user = await createUser(store, {
          teamId: need(flags, 'team'),
          username: need(flags, 'username'),
          role: need(flags, 'role') as Role,
          password: p.password,
          ...(flags.has('department') ? { departmentId: need(flags, 'department') } : {}),
        });
        log(
          `User ${user.username} (${user.role}${user.departmentId ? `, ${user.departmentId}` : ''}) created in ${user.teamId}`,
        );
        if (p.generated) log(`Password (shown once): ${p.password}`);
        break;
      }
      case 'reset-password': {
        const p = password();
        const username = need(flags, 'username');
        await resetPassword(store, { username, password: p.password });
        log(`Password of ${username} changed; their logins were ended`);
        if (p.generated) log(`New password (shown once): ${p.password}`);
        break;
      }
      case 'revoke-tokens': {
        const username = need(flags, 'username');
        const { revoked } = await revokeTokens(store, { username });
        log(`${revoked} login(s) of ${username} ended`);
        break;
      }
      case 'disable-user':
      case 'enable-user': {
        const username = need(flags, 'username');
        const disabled = command === 'disable-user';
        await setDisabled(store, { username, disabled });
        log(`${username} ${disabled ? 'disabled: their logins were ended' : 'enabled'}`);
        break;
      }
      case 'list-users':
        for (const u of await listUsers(store, { teamId: need(flags, 'team') })) {
          log(
            [u.username, u.role, u.department_id, u.disabled ? 'disabled' : ''].join('\t').trim(),
          );
        }
        break;
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
        const purged = await purge(store, retentionRules(), new Date());
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

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runAdmin(process.argv.slice(2)).catch((error: Error) => {
    console.error(error.message);
    process.exitCode = 1;
  });
}
