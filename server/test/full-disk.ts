/**
 * A folder whose disk a test can fill and free. Where this process may mount one (root), a
 * tmpfs of its own, filled for real; elsewhere (CI without root) a folder on the ordinary disk
 * whose fullness is injected: while the test says "full", Node's file writes fail with ENOSPC
 * and statfs reports no room, in this process and in a server started with `childArgs`.
 * `kind` says which one ran.
 */
import { spawnSync } from 'node:child_process';
import {
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FULL_DISK_ENV, injectFullDisk } from './inject-full-disk';

export interface FullDisk {
  kind: 'tmpfs' | 'injected ENOSPC';
  /** A folder on that disk (the data folder goes inside it). */
  dir: string;
  fill(): void;
  free(): void;
  /** Node arguments and environment that make a child process see the same disk. */
  childArgs: string[];
  childEnv: Record<string, string>;
  remove(): void;
}

const TMPFS_SIZE = '200m';
const PRELOAD = fileURLToPath(new URL('./inject-full-disk-preload.ts', import.meta.url));

export function fullDisk(): FullDisk {
  const base = mkdtempSync(join(tmpdir(), 'tanggap-disk-'));
  const dir = join(base, 'disk');
  mkdirSync(dir);
  // TANGGAP_TEST_INJECT_ENOSPC=1 runs the injected kind where a tmpfs could be mounted.
  const mounted =
    process.env.TANGGAP_TEST_INJECT_ENOSPC !== '1' &&
    spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${TMPFS_SIZE}`, 'tmpfs', dir]).status === 0;
  if (mounted) {
    const filler = join(dir, 'filler');
    return {
      kind: 'tmpfs',
      dir,
      fill() {
        const fd = openSync(filler, 'w');
        try {
          for (const size of [1 << 20, 4096, 512]) {
            const chunk = Buffer.alloc(size, 1);
            try {
              for (;;) writeSync(fd, chunk);
            } catch (error) {
              if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
            }
          }
        } finally {
          closeSync(fd);
        }
      },
      free: () => rmSync(filler, { force: true }),
      childArgs: [],
      childEnv: {},
      remove() {
        spawnSync('umount', ['-l', dir]);
        rmSync(base, { recursive: true, force: true });
      },
    };
  }
  const flag = join(base, 'full');
  injectFullDisk(flag, dir);
  return {
    kind: 'injected ENOSPC',
    dir,
    fill: () => writeFileSync(flag, ''),
    free: () => rmSync(flag, { force: true }),
    childArgs: ['--import', PRELOAD],
    childEnv: { [FULL_DISK_ENV]: JSON.stringify({ flag, dir }) },
    remove: () => rmSync(base, { recursive: true, force: true }),
  };
}
