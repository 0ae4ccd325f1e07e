/**
 * A full disk, injected: while the file `flag` exists, Node's synchronous file writes (those
 * PGlite's file system makes) fail with ENOSPC and statfs of a folder under `dir` reports no
 * room. For machines where a test may not mount a small tmpfs.
 */
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';

/** The variable that hands `{ flag, dir }` to a child process's preload. */
export const FULL_DISK_ENV = 'TANGGAP_TEST_FULL_DISK';

export function injectFullDisk(flag: string, dir: string): void {
  const full = () => fs.existsSync(flag);
  const enospc = () =>
    Object.assign(new Error('ENOSPC: no space left on device, write'), {
      code: 'ENOSPC',
      errno: -28,
      syscall: 'write',
    });
  const { writeSync, statfsSync } = fs;
  fs.writeSync = ((...args: Parameters<typeof writeSync>) => {
    if (full()) throw enospc();
    return writeSync(...args);
  }) as typeof writeSync;
  fs.statfsSync = ((path: fs.PathLike, opts?: fs.StatFsOptions) => {
    const stats = statfsSync(path, opts as { bigint?: false });
    if (full() && String(path).startsWith(dir)) return { ...stats, bavail: 0, bfree: 0 };
    return stats;
  }) as typeof statfsSync;
  // Named imports of node:fs (`import { statfsSync }`) see the change too.
  syncBuiltinESMExports();
}
