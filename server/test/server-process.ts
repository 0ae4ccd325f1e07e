/**
 * The sync server as an operator runs it: `server/main.ts serve` in a process of its own, on a
 * PGlite folder, its first admin created on the first start.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';

export interface ServerProcess {
  url: string;
  /** The first admin's password, on the start that created the folder. */
  password: string | undefined;
  child: ChildProcessWithoutNullStreams;
  /** Everything the process wrote, stdout and stderr. */
  output(): string;
  /** Resolves with the exit code or signal once the process has ended. */
  exited: Promise<number | NodeJS.Signals>;
}

export const ADMIN = 'siti';

export async function startServerProcess(
  data: string,
  { nodeArgs = [] as string[], env = {} as Record<string, string> } = {},
): Promise<ServerProcess> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      ...nodeArgs,
      'server/main.ts',
      'serve',
      '--data',
      data,
      '--port',
      '0',
      '--bootstrap-admin',
      ADMIN,
    ],
    {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: {
        ...process.env,
        DATABASE_URL: '',
        TANGGAP_LOG_FORMAT: 'json',
        TANGGAP_LOG_LEVEL: 'info',
        ...env,
      },
    },
  );
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const exited = new Promise<number | NodeJS.Signals>((resolve) =>
    child.once('exit', (code, signal) => resolve(signal ?? code ?? 0)),
  );
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no address in: ${out}`)), 60_000);
    const look = () => {
      const m = /"event":"server.listening","url":"(http:\/\/127\.0\.0\.1:\d+)"/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout.on('data', look);
    void exited.then((how) => reject(new Error(`exited ${how}: ${out}`)));
  });
  return {
    url,
    password: /Password \(shown once\): (\S+)/.exec(out)?.[1],
    child,
    output: () => out,
    exited,
  };
}
