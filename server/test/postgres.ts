/**
 * A throwaway PostgreSQL cluster for tests and the benchmark: initdb in a fresh temporary
 * folder, started on a free 127.0.0.1 port with its socket in that folder, stopped and
 * deleted afterwards. Fails (never skips) when PostgreSQL is not installed.
 */
import { execFile, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import pg from 'pg';

function findBinDir(): string {
  const onPath = (process.env.PATH ?? '')
    .split(delimiter)
    .find((dir) => dir && existsSync(join(dir, 'initdb')));
  if (onPath) return onPath;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions[0]) return join(root, versions[0], 'bin');
  throw new Error(
    'PostgreSQL is not installed: no initdb on PATH or in /usr/lib/postgresql/*/bin. ' +
      'Install it (Debian/Ubuntu: apt-get install postgresql) to run these tests.',
  );
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export interface TestPostgres {
  /** A connection URL for `database`. */
  url(database: string): string;
  /** A new empty database; its URL. */
  createDatabase(template?: string): Promise<string>;
  /**
   * Stops the cluster (`fast`: a clean shutdown that ends every connection; `immediate`: a
   * crash), runs `whileDown`, and starts it again. Asynchronous: the tests' servers keep
   * answering meanwhile.
   */
  restart(mode: 'fast' | 'immediate', whileDown?: () => Promise<void>): Promise<void>;
  stop(): Promise<void>;
  /** The postmaster's process id (its backends are its children), while it runs. */
  postmasterPid(): number;
}

let counter = 0;

export async function startPostgres({ durable = false } = {}): Promise<TestPostgres> {
  const bin = findBinDir();
  const dir = mkdtempSync(join(tmpdir(), 'tanggap-pg-'));
  // initdb refuses to run as root: the cluster then belongs to the postgres user.
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const id = (flag: string) => {
      const r = spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' });
      if (r.status !== 0) {
        throw new Error('Started as root: a "postgres" user is needed to run initdb');
      }
      return Number(r.stdout);
    };
    chownSync(dir, id('-u'), id('-g'));
  }
  const command = (cmd: string, args: string[]): [string, string[]] =>
    asRoot
      ? ['runuser', ['-u', 'postgres', '--', join(bin, cmd), ...args]]
      : [join(bin, cmd), args];
  const run = (cmd: string, args: string[]) => {
    const r = spawnSync(...command(cmd, args), { encoding: 'utf8' });
    if (r.status !== 0)
      throw new Error(`${cmd} failed: ${r.stderr || r.stdout || r.error?.message}`);
  };
  const runAsync = (cmd: string, args: string[]) =>
    new Promise<void>((resolve, reject) => {
      execFile(...command(cmd, args), (error, stdout, stderr) =>
        error
          ? reject(new Error(`${cmd} failed: ${stderr || stdout || error.message}`))
          : resolve(),
      );
    });
  const data = join(dir, 'data');
  const port = await freePort();
  run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-sync']);
  const options = [
    `-p ${port}`,
    `-k ${dir}`,
    '-c listen_addresses=127.0.0.1',
    // Tests want speed; the benchmark measures what a real, durable server does.
    ...(durable ? [] : ['-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off']),
    '-c max_connections=200',
  ].join(' ');
  run('pg_ctl', ['-D', data, '-o', options, '-l', join(dir, 'log'), '-w', 'start']);
  // Also when the process ends without stop() (a crashed run): no cluster is left running.
  const cleanup = () => {
    try {
      run('pg_ctl', ['-D', data, '-m', 'immediate', 'stop']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  process.once('exit', cleanup);
  const url = (database: string) => `postgres://postgres@127.0.0.1:${port}/${database}`;
  let admin = new pg.Client({ connectionString: url('postgres') });
  await admin.connect();
  return {
    url,
    async createDatabase(template) {
      counter += 1;
      const name = `tanggap_${process.pid}_${counter}`;
      await admin.query(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`);
      return url(name);
    },
    async restart(mode, whileDown) {
      admin.on('error', () => {});
      await runAsync('pg_ctl', ['-D', data, '-m', mode, '-w', 'stop']);
      await admin.end().catch(() => {});
      await whileDown?.();
      await runAsync('pg_ctl', ['-D', data, '-o', options, '-l', join(dir, 'log'), '-w', 'start']);
      admin = new pg.Client({ connectionString: url('postgres') });
      await admin.connect();
    },
    postmasterPid() {
      return Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
    },
    async stop() {
      process.off('exit', cleanup);
      await admin.end().catch(() => {});
      cleanup();
    },
  };
}
