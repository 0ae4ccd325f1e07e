/**
 * The deployment files (deploy/) an IT department copies: they must name commands, paths and
 * settings that exist, and the container's command and health check must start and answer.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

/** The unit's settings, `Key=value` lines of every section. */
function unitSettings(text: string): Map<string, string[]> {
  const settings = new Map<string, string[]>();
  for (const line of text.split('\n')) {
    const m = /^([A-Za-z]+)=(.*)$/.exec(line);
    if (m) settings.set(m[1]!, [...(settings.get(m[1]!) ?? []), m[2]!]);
  }
  return settings;
}

/** The Containerfile's instructions, continuation lines joined, comments left out. */
function instructions(text: string): { name: string; args: string }[] {
  return text
    .replace(/\\\n\s*/g, '')
    .split('\n')
    .filter((line) => line.trim() && !line.startsWith('#'))
    .map((line) => {
      const [name = '', ...rest] = line.trim().split(/\s+/);
      return { name, args: rest.join(' ') };
    });
}

const serverSource = readdirSync(join(ROOT, 'server'))
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
  .map((f) => read(join('server', f)))
  .join('\n');

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

describe('the deployment files', () => {
  const unit = unitSettings(read('deploy/tanggap-sync.service'));
  const container = instructions(read('deploy/Containerfile'));
  const cmd = JSON.parse(container.find((i) => i.name === 'CMD')!.args) as string[];

  test('the systemd unit runs the server as the container does, as its own user, hardened', () => {
    const [node, ...args] = unit.get('ExecStart')![0]!.split(' ');
    expect(node).toMatch(/^\/usr\/(local\/)?bin\/node$/);
    expect(args).toEqual(cmd.slice(1));
    expect(unit.get('User')?.[0]).toMatch(/^(?!root$)\w+/);
    expect(unit.get('Restart')).toEqual(['on-failure']);
    expect(unit.get('EnvironmentFile')).toEqual(['/etc/tanggap/sync.env']);
    expect(unit.get('NoNewPrivileges')).toEqual(['yes']);
    expect(unit.get('ProtectSystem')).toEqual(['strict']);
    // Node's JIT needs memory it writes and runs.
    expect(unit.has('MemoryDenyWriteExecute')).toBe(false);
    const checked = spawnSync('systemd-analyze', ['verify', 'deploy/tanggap-sync.service'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    if (!checked.error) expect(checked.stderr).not.toMatch(/tanggap-sync\.service:/);
  });

  test('the container copies what exists, installs the server workspace and runs unprivileged', () => {
    for (const copy of container.filter((i) => i.name === 'COPY')) {
      for (const source of copy.args.split(' ').slice(0, -1)) {
        expect(existsSync(join(ROOT, source)), source).toBe(true);
      }
    }
    const workspaces = (JSON.parse(read('package.json')) as { workspaces: string[] }).workspaces;
    const install = container.find((i) => i.name === 'RUN' && i.args.startsWith('npm ci'))!;
    expect(install.args).toMatch(/--workspace server\b/);
    expect(workspaces).toContain('server');
    const server = JSON.parse(read('server/package.json')) as {
      dependencies: Record<string, string>;
    };
    // `--import tsx` at run time, after an install without dev dependencies.
    expect(server.dependencies).toHaveProperty('tsx');
    expect(container.find((i) => i.name === 'USER')?.args).toBe('node');
    expect(cmd).toEqual(['node', '--import', 'tsx', 'server/main.ts', 'serve']);
    expect(serverSource).toContain("command === 'serve'");
  });

  test('every setting the files and the guide name is one the server reads', () => {
    const texts = [
      'deploy/tanggap-sync.service',
      'deploy/Containerfile',
      'deploy/sync.env.example',
      'docs/deploy.md',
    ].map(read);
    const named = new Set(
      texts.flatMap((t) => t.match(/\b(TANGGAP_[A-Z_]+|DATABASE_URL)\b/g) ?? []),
    );
    expect(named.size).toBeGreaterThan(5);
    for (const name of named) {
      expect(serverSource, name).toMatch(new RegExp(`env(\\.|, ')${name}\\b`));
    }
  });

  test("the container's command starts the server and its health check passes", async () => {
    const data = mkdtempSync(join(tmpdir(), 'tanggap-deploy-'));
    const port = await freePort();
    const env = {
      ...process.env,
      DATABASE_URL: '',
      TANGGAP_DATA_DIR: join(data, 'db'),
      HOST: '127.0.0.1',
      PORT: String(port),
    };
    const child = spawn(cmd[0] === 'node' ? process.execPath : cmd[0]!, cmd.slice(1), {
      cwd: ROOT,
      env,
      stdio: 'ignore',
    });
    const health = JSON.parse(
      container.find((i) => i.name === 'HEALTHCHECK')!.args.replace(/^.*?CMD /, ''),
    ) as string[];
    const check = () =>
      new Promise<number | null>((resolve) =>
        spawn(process.execPath, health.slice(1), { env }).once('exit', resolve),
      );
    try {
      await expect.poll(check, { timeout: 60_000, interval: 500 }).toBe(0);
      child.kill('SIGTERM');
      await expect.poll(() => check(), { timeout: 10_000, interval: 500 }).toBe(1);
    } finally {
      child.kill('SIGKILL');
      rmSync(data, { recursive: true, force: true });
    }
  }, 90_000);
});
