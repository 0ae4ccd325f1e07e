import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { runAdmin } from './admin';
import { Client } from './test/helpers';

// The tests below open PGlite again and again or start a server process: their timeouts are
// generous, for a machine busy with another run.
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function tempDir() {
  const dir = mkdtempSync(join(tmpdir(), 'tanggap-admin-'));
  dirs.push(dir);
  return dir;
}

test('the admin command line creates a team and users, printing a generated password once', async () => {
  const data = join(tempDir(), 'db');
  const out: string[] = [];
  const admin = (...args: string[]) =>
    runAdmin([...args, '--data', data], (line) => out.push(line));
  await admin('create-team', '--name', 'Kota Contoh');
  expect(out.pop()).toBe('Team "Kota Contoh" created with the id kota-contoh');
  await admin(
    'create-user',
    '--team',
    'kota-contoh',
    '--username',
    'Siti',
    '--role',
    'department',
    '--department',
    'pdam',
  );
  const password = /^Password \(shown once\): (\S{18})$/.exec(out.pop()!)?.[1];
  expect(password).toBeDefined();
  expect(out.pop()).toBe('User siti (department, pdam) created in kota-contoh');
  await admin(
    'create-user',
    '--team',
    'kota-contoh',
    '--username',
    'rina',
    '--role',
    'admin',
    '--password',
    'sandi-rina-panjang',
  );
  expect(out.pop()).toMatch(/^User rina \(admin\)/);
  await admin('list-users', '--team', 'kota-contoh');
  expect(out.splice(-2)).toEqual(['rina\tadmin', 'siti\tdepartment\tpdam']);
  await admin('disable-user', '--username', 'siti');
  expect(out.pop()).toBe('siti disabled: their logins were ended');
  await admin('list-users', '--team', 'kota-contoh');
  expect(out.pop()).toBe('siti\tdepartment\tpdam\tdisabled');
  await admin('enable-user', '--username', 'siti');
  expect(out.pop()).toBe('siti enabled');
  await admin('list-users', '--team', 'kota-contoh');
  expect(out.pop()).toBe('siti\tdepartment\tpdam');
  await expect(admin('disable-user', '--username', 'nobody')).rejects.toThrow(/No user/);
  await expect(admin('create-user', '--team', 'kota-contoh', '--username', 'budi')).rejects.toThrow(
    /--role is needed/,
  );
  await expect(admin('frobnicate')).rejects.toThrow(/Usage/);
}, 120_000);

/** The server's log lines among its output (the password line is not one). */
function logLines(out: string): Record<string, unknown>[] {
  return out
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** Every file of a folder with its content's hash: equal only when nothing in it changed. */
function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files[path] = createHash('sha256').update(readFileSync(path)).digest('hex');
  }
  return files;
}

test('an admin command on a PGlite folder another process holds refuses, writing nothing', async () => {
  const data = join(tempDir(), 'db');
  await runAdmin(['create-team', '--name', 'Kota Contoh', '--data', data], () => {});
  // Another live process holds the folder (the server, here a stand-in).
  const holder = spawn('sleep', ['60'], { stdio: 'ignore' });
  try {
    writeFileSync(join(data, 'tanggap.lock'), String(holder.pid));
    const before = snapshot(data);
    await expect(runAdmin(['list-teams', '--data', data], () => {})).rejects.toThrow(
      `in use by process ${holder.pid} (the server?): run admin commands through it with --server`,
    );
    expect(snapshot(data)).toEqual(before);
  } finally {
    holder.kill();
  }
}, 120_000);

test('npm run server starts, creates the first admin when asked, and answers logins', async () => {
  const data = join(tempDir(), 'db');
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'server/main.ts',
      'serve',
      '--data',
      data,
      '--port',
      '0',
      '--bootstrap-admin',
      'siti',
    ],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        DATABASE_URL: '',
        TANGGAP_LOG_LEVEL: 'info',
        TANGGAP_LOG_FORMAT: 'json',
      },
    },
  );
  try {
    let out = '';
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no address in: ${out}`)), 110_000);
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const listening = logLines(out).find((l) => l.event === 'server.listening');
        if (listening) {
          clearTimeout(timer);
          expect(listening.store).toMatch(/^PGlite in .*\/$/);
          resolve(String(listening.url));
        }
      });
      child.once('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
    });
    const password = /Password \(shown once\): (\S+)/.exec(out)?.[1];
    expect(logLines(out)).toContainEqual(
      expect.objectContaining({
        event: 'server.bootstrap-admin',
        team: 'tim-tanggap',
        user: 'siti',
      }),
    );
    const client = await new Client(url, 'siti').login(password);
    expect((await client.call('GET', '/v1/me')).body).toMatchObject({ actor: { role: 'admin' } });

    // While it runs, the command line on its folder refuses and points to the server …
    await expect(runAdmin(['list-users', '--team', 'tim-tanggap', '--data', data])).rejects.toThrow(
      /in use by process \d+ \(the server\?\): run admin commands through it with --server/,
    );
    // … through which an admin manages the team's accounts.
    const lines: string[] = [];
    const viaServer = (env: NodeJS.ProcessEnv, ...args: string[]) =>
      runAdmin([...args, '--server', url], (line) => lines.push(line), env);
    const asSiti = (...args: string[]) =>
      viaServer({ TANGGAP_ADMIN_PASSWORD: password }, ...args, '--admin', 'siti');
    await asSiti(
      'create-user',
      '--username',
      'budi',
      '--role',
      'department',
      '--department',
      'dlh',
    );
    const budiPassword = /^Password \(shown once\): (\S{18})$/.exec(lines.pop()!)?.[1];
    expect(lines.pop()).toBe('User budi (department, dlh) created in tim-tanggap');
    const budi = await new Client(url, 'budi').login(budiPassword);
    await asSiti('disable-user', '--username', 'budi');
    expect(lines.pop()).toBe('budi disabled: their logins were ended');
    expect((await budi.call('GET', '/v1/me')).status).toBe(401);
    await asSiti('list-users');
    expect(lines.splice(-2)).toEqual([
      expect.stringMatching(/^budi\tdepartment\tdlh\tdisabled\tlast login 20\d\d-/),
      expect.stringMatching(/^siti\tadmin\t\t\tlast login 20\d\d-/),
    ]);
    await asSiti('enable-user', '--username', 'budi');
    await asSiti('reset-password', '--username', 'budi', '--password', 'sandi-baru-budi');
    expect(lines.pop()).toBe('Password of budi changed; their logins were ended');
    await new Client(url, 'budi').login('sandi-baru-budi');

    // The team's last admin stays; teams are the operator's; a non-admin gets nothing.
    await expect(asSiti('set-role', '--username', 'siti', '--role', 'triage')).rejects.toThrow(
      /last active admin/,
    );
    await expect(asSiti('list-teams')).rejects.toThrow(/server operator's/);
    await expect(asSiti('list-users', '--team', 'kota-lain')).rejects.toThrow(
      /administers the team tim-tanggap, not kota-lain/,
    );
    await expect(
      viaServer({ TANGGAP_ADMIN_PASSWORD: 'sandi-baru-budi' }, 'list-users', '--admin', 'budi'),
    ).rejects.toThrow(/budi is no admin/);
    await expect(
      viaServer({ TANGGAP_ADMIN_PASSWORD: 'salah-salah-salah' }, 'list-users', '--admin', 'siti'),
    ).rejects.toThrow(/Wrong username or password/);
  } finally {
    child.kill('SIGTERM');
  }
}, 120_000);
