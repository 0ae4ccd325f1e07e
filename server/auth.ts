/**
 * Accounts: passwords as slow salted scrypt hashes, bearer tokens stored only as their
 * SHA-256 (a stolen database holds no usable token), and login attempts counted in the
 * database so that every instance behind a load balancer agrees on the throttling.
 */
import { createHash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import {
  type LoginRequest,
  type LoginResponse,
  MAX_PASSWORD_LENGTH,
  MIN_PASSWORD_LENGTH,
} from '../utils/domain/sync-protocol';
import { type Actor, type Role } from '../utils/domain/actor';
import { HttpError } from './errors';
import {
  addressKey,
  ADDRESS_WINDOW_MINUTES,
  KNOWN_ADDRESS_DAYS,
  type LoginHistory,
  loginWaitSeconds,
  MAX_FAILURES_PER_ADDRESS,
  MAX_FAILURES_PER_NAME,
  NAME_WINDOW_MINUTES,
  PAIR_MEMORY_HOURS,
} from './login-throttle';
import type { Queryable, Store } from './store';

const scryptAsync = promisify(scrypt) as (
  password: string,
  salt: Buffer,
  keylen: number,
  options: { N: number; r: number; p: number; maxmem: number },
) => Promise<Buffer>;

/** One of OWASP's recommended scrypt settings (16 MiB, about 0.2 s on a small server). */
let SCRYPT = { N: 2 ** 14, r: 8, p: 5 };

/**
 * Cheaper hashes for test suites that create hundreds of accounts. Stored hashes carry their
 * own parameters, so verifying is unaffected; the server itself never calls this.
 */
export function useTestScryptCost(): void {
  SCRYPT = { N: 2 ** 10, r: 8, p: 1 };
}
const KEY_LENGTH = 32;

export const DEFAULT_TOKEN_HOURS = 12;

/** `scrypt$N$r$p$salt$hash`, salt and hash in base64url. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt, KEY_LENGTH, { ...SCRYPT, maxmem: 64 << 20 });
  const { N, r, p } = SCRYPT;
  return ['scrypt', N, r, p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** Verifications hashing at once in this process; the others wait (a burst cannot use up the CPU). */
export const MAX_CONCURRENT_VERIFICATIONS = 4;
let verifying = 0;
const waiting: (() => void)[] = [];

/** How many verifications hash now and how many wait. */
export function verificationLoad(): { running: number; waiting: number } {
  return { running: verifying, waiting: waiting.length };
}

async function limited<T>(fn: () => Promise<T>): Promise<T> {
  if (verifying >= MAX_CONCURRENT_VERIFICATIONS) {
    await new Promise<void>((resolve) => waiting.push(resolve));
  } else {
    verifying += 1;
  }
  try {
    return await fn();
  } finally {
    // The slot passes straight to the next waiter, so the count never exceeds the limit.
    const next = waiting.shift();
    if (next) next();
    else verifying -= 1;
  }
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [kind, n, r, p, salt, hash] = stored.split('$');
  if (kind !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const params = { N: Number(n), r: Number(r), p: Number(p) };
  const key = await limited(() =>
    scryptAsync(password, Buffer.from(salt, 'base64url'), expected.length, {
      ...params,
      maxmem: 256 << 20,
    }),
  );
  return timingSafeEqual(key, expected);
}

let dummyHash: Promise<string> | null = null;
/** Hashed against when the username is unknown, so the answer takes as long as for a known one. */
function dummy(): Promise<string> {
  dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
  return dummyHash;
}

export function checkPassword(password: string): string {
  if (password.length < MIN_PASSWORD_LENGTH || password.length > MAX_PASSWORD_LENGTH) {
    throw new HttpError(
      400,
      'bad-request',
      `A password must have ${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters`,
    );
  }
  return password;
}

/** A strong password for a new account: 18 random characters, easy to read aloud. */
export function generatePassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  return [...randomBytes(18)].map((b) => alphabet[b % alphabet.length]).join('');
}

export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export interface Session {
  actor: Actor;
  userId: string;
  team: { id: string; name: string };
  tokenHash: string;
  expiresAt: Date;
}

interface UserRow {
  id: string;
  team_id: string;
  team_name: string;
  username: string;
  password_hash: string;
  role: Role;
  department_id: string;
  disabled: boolean;
}

/**
 * The user's columns a session needs, named: a statement kept prepared (`store.ts`) that selected
 * `u.*` would fail once a migration added a column to users under a running server.
 */
const USER_COLUMNS =
  'u.id, u.team_id, u.username, u.password_hash, u.role, u.department_id, u.disabled';

function minutesBefore(now: Date, minutes: number): Date {
  return new Date(now.getTime() - minutes * 60_000);
}

function badLogin(): never {
  throw new HttpError(401, 'bad-login', 'Wrong username or password');
}

/** Any number; login attempts take it one at a time to record and count themselves. */
const LOGIN_LOCK_KEY = 7_261_005;

/**
 * Logs in with a name and password. Refuses with 429 and `Retry-After` while the name, its
 * address or the pair must wait (login-throttle.ts), before looking at the password; the same
 * 401 for an unknown name and a wrong password.
 *
 * Three steps, none of which leaves half a login:
 * 1. In one transaction (`db`, which may refuse it when the server is busy: then nothing was
 *    written), one attempt at a time: the attempt is recorded as a failure, counted with the
 *    others and the account read. An attempt that must wait is rolled back, so it counts as
 *    no failure. In a burst of parallel attempts at most the free failures get to check a
 *    password: each one sees every attempt recorded before it.
 * 2. The password is checked outside any transaction: its hashing holds no connection.
 * 3. One statement (`finish`, which waits its turn: a right password is never answered busy
 *    and left counted as a failure) makes the login whole: the pair's failures deleted, the
 *    address known, the token stored; nothing if the account was disabled meanwhile.
 */
export async function login(
  db: Store,
  finish: Store,
  req: LoginRequest,
  ip: string,
  now: Date,
  tokenHours = DEFAULT_TOKEN_HOURS,
): Promise<LoginResponse> {
  const address = addressKey(ip);
  const { attemptId, user } = await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [LOGIN_LOCK_KEY]);
    const { attemptId, history, user } = await recordAttempt(tx, req.username, address, now);
    const wait = loginWaitSeconds(history, now);
    if (wait > 0) {
      // Rolled back: the refused attempt is not a failure, so the wait is the real one (while
      // it was counted, it held back the attempts waiting for the lock).
      throw new HttpError(429, 'too-many-attempts', 'Too many failed logins: try again later', {
        'Retry-After': String(wait),
      });
    }
    return { attemptId, user };
  });
  const ok = await verifyPassword(req.password, user?.password_hash ?? (await dummy()));
  // The attempt stays recorded as a failure.
  if (!user || !ok || user.disabled) badLogin();
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + tokenHours * 3_600_000);
  const [done] = await finish.query<{ live: number | string }>(
    `WITH live AS (
       UPDATE users SET last_login_at = $5 WHERE id = $1 AND NOT disabled RETURNING id
     ), failures AS (
       DELETE FROM login_failures WHERE ((username = $2 AND ip = $3) OR id = $4)
         AND EXISTS (SELECT 1 FROM live)
     ), forgotten AS (
       DELETE FROM login_known_addresses WHERE last_login_at <= $6
         AND NOT (username = $2 AND ip = $3) AND EXISTS (SELECT 1 FROM live)
     ), known AS (
       INSERT INTO login_known_addresses (username, ip, last_login_at) SELECT $2, $3, $5 FROM live
       ON CONFLICT (username, ip) DO UPDATE SET last_login_at = EXCLUDED.last_login_at
     ), token AS (
       INSERT INTO tokens (hash, user_id, created_at, expires_at) SELECT $7, id, $5, $8 FROM live
     )
     SELECT count(*) AS live FROM live`,
    [
      user.id,
      req.username,
      address,
      attemptId,
      now,
      minutesBefore(now, KNOWN_ADDRESS_DAYS * 24 * 60),
      tokenHash(token),
      expiresAt,
    ],
  );
  // Disabled (its logins ended) while its password was checked: no new login.
  if (Number(done?.live ?? 0) === 0) badLogin();
  return {
    token,
    expiresAt: expiresAt.toISOString(),
    actor: actorOf(user),
    team: { id: user.team_id, name: user.team_name },
  };
}

/**
 * In one statement: forgets the failures past the pair's memory, records the attempt as a
 * failure, and reads the history that decides its wait (without the attempt itself: the
 * statement does not see its own insert) and the account.
 */
async function recordAttempt(
  db: Queryable,
  username: string,
  address: string,
  now: Date,
): Promise<{ attemptId: number; history: LoginHistory; user: UserRow | undefined }> {
  const memory = minutesBefore(now, PAIR_MEMORY_HOURS * 60);
  const [row] = await db.query<
    Partial<UserRow> & {
      attempt_id: number;
      pair_failures: number | string;
      last_pair_failure: Date | null;
      address_limit_failure: Date | null;
      name_limit_failure: Date | null;
      known_address: boolean;
    }
  >(
    `WITH purged AS (
       DELETE FROM login_failures WHERE at <= $3
     ), attempt AS (
       INSERT INTO login_failures (username, ip, at) VALUES ($1, $2, $4) RETURNING id
     )
     SELECT ${USER_COLUMNS}, t.name AS team_name,
       (SELECT id FROM attempt) AS attempt_id,
       (SELECT count(*) FROM login_failures
        WHERE username = $1 AND ip = $2 AND at > $3) AS pair_failures,
       (SELECT max(at) FROM login_failures
        WHERE username = $1 AND ip = $2 AND at > $3) AS last_pair_failure,
       (SELECT at FROM login_failures WHERE ip = $2 AND at > $5
        ORDER BY at DESC OFFSET $6 LIMIT 1) AS address_limit_failure,
       (SELECT at FROM login_failures WHERE username = $1 AND at > $7
        ORDER BY at DESC OFFSET $8 LIMIT 1) AS name_limit_failure,
       EXISTS (SELECT 1 FROM login_known_addresses
               WHERE username = $1 AND ip = $2 AND last_login_at > $9) AS known_address
     FROM (SELECT 1) one
     LEFT JOIN (users u JOIN teams t ON t.id = u.team_id) ON u.username = $1`,
    [
      username,
      address,
      memory,
      now,
      minutesBefore(now, ADDRESS_WINDOW_MINUTES),
      MAX_FAILURES_PER_ADDRESS - 1,
      minutesBefore(now, NAME_WINDOW_MINUTES),
      MAX_FAILURES_PER_NAME - 1,
      minutesBefore(now, KNOWN_ADDRESS_DAYS * 24 * 60),
    ],
  );
  const date = (d: Date | null) => (d === null ? null : new Date(d));
  const {
    attempt_id,
    pair_failures,
    last_pair_failure,
    address_limit_failure,
    name_limit_failure,
    known_address,
    ...user
  } = row!;
  return {
    attemptId: Number(attempt_id),
    history: {
      pairFailures: Number(pair_failures),
      lastPairFailure: date(last_pair_failure),
      addressLimitFailure: date(address_limit_failure),
      nameLimitFailure: date(name_limit_failure),
      knownAddress: known_address,
    },
    user: user.id ? (user as UserRow) : undefined,
  };
}

function actorOf(user: UserRow): Actor {
  return { username: user.username, role: user.role, departmentId: user.department_id };
}

/** The hash of the request's bearer token; 401 `unauthorized` without a well-formed one. */
export function bearerTokenHash(authorization: string | undefined): string {
  const token = /^Bearer ([A-Za-z0-9_-]{20,200})$/.exec(authorization ?? '')?.[1];
  if (!token) throw new HttpError(401, 'unauthorized', 'Log in first');
  return tokenHash(token);
}

/** A token's row with its user and team, as `TOKEN_SESSION_SQL` reads it. */
export type TokenSessionRow = UserRow & { expires_at: Date; revoked_at: Date | null };

/**
 * The columns and joins that read a token's session; `$1` is the token's hash. A query that
 * needs the session with other rows (a pull's) selects them beside these.
 */
export const TOKEN_SESSION_COLUMNS = `${USER_COLUMNS}, t.name AS team_name, k.expires_at, k.revoked_at`;
export const TOKEN_SESSION_FROM =
  'tokens k JOIN users u ON u.id = k.user_id JOIN teams t ON t.id = u.team_id';

/** The session a token's row gives; 401 `unauthorized` or `token-expired` otherwise. */
export function sessionOf(row: TokenSessionRow | undefined, hash: string, now: Date): Session {
  if (!row || row.revoked_at || row.disabled) {
    throw new HttpError(401, 'unauthorized', 'This login is no longer valid: log in again');
  }
  const expiresAt = new Date(row.expires_at);
  if (expiresAt.getTime() <= now.getTime()) {
    throw new HttpError(401, 'token-expired', 'The login has expired: log in again');
  }
  return {
    actor: actorOf(row),
    userId: row.id,
    team: { id: row.team_id, name: row.team_name },
    tokenHash: hash,
    expiresAt,
  };
}

/** The session of a bearer token; 401 `unauthorized` or `token-expired` otherwise. */
export async function authenticate(
  db: Queryable,
  authorization: string | undefined,
  now: Date,
): Promise<Session> {
  const hash = bearerTokenHash(authorization);
  const [row] = await db.query<TokenSessionRow>(
    `SELECT ${TOKEN_SESSION_COLUMNS} FROM ${TOKEN_SESSION_FROM} WHERE k.hash = $1`,
    [hash],
  );
  return sessionOf(row, hash, now);
}

/**
 * The channel that tells every instance a login ended, so it closes that login's event
 * streams at once: `token:<hash>` for one login, `user:<id>` for all of a user's. Sent in
 * the transaction that ends them, so heard only once they have ended.
 */
export const LOGINS_ENDED_CHANNEL = 'tanggap_logins_ended';

export type EndedLogins = { tokenHash: string } | { userId: string };

/** The channel's payload for logins that ended. */
export function endedLoginsNotice(ended: EndedLogins): string {
  return 'tokenHash' in ended ? `token:${ended.tokenHash}` : `user:${ended.userId}`;
}

export async function announceLoginsEnded(db: Queryable, ended: EndedLogins): Promise<void> {
  await db.query('SELECT pg_notify($1, $2)', [LOGINS_ENDED_CHANNEL, endedLoginsNotice(ended)]);
}

export async function revokeToken(db: Queryable, hash: string, now: Date): Promise<void> {
  await db.query('UPDATE tokens SET revoked_at = $2 WHERE hash = $1 AND revoked_at IS NULL', [
    hash,
    now,
  ]);
  await announceLoginsEnded(db, { tokenHash: hash });
}
