/**
 * PGlite's data folder made durable. PGlite 0.5 starts PostgreSQL with fsync off (`-F`), its
 * Node file system (Emscripten's NODEFS) has no fsync of its own, and Emscripten's fdatasync
 * does nothing: a commit it acknowledged was only in the operating system's cache, lost with
 * a power cut or a crash of the machine. Here PostgreSQL runs with fsync on, flushes its WAL
 * with fsync (not fdatasync), and NODEFS's fsync is Node's: a commit returns once its WAL is
 * on disk, and a checkpoint once the files it wrote are.
 */
import fs from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { NodeFS } from '@electric-sql/pglite/nodefs';

/** The parts of Emscripten's NODEFS used here (it has no types of its own). */
interface EmscriptenNodeFs {
  stream_ops: { fsync?: (stream: { nfd: number }) => number };
  tryFSOperation<T>(fn: () => T): T;
}

export const DURABLE_START_PARAMS: readonly string[] = [
  ...PGlite.defaultStartParams.filter((param) => param !== '-F'),
  '-c',
  'wal_sync_method=fsync',
];

export class DurableNodeFS extends NodeFS {
  override async init(...[pg, opts]: Parameters<NodeFS['init']>) {
    const { emscriptenOpts } = await super.init(pg, opts);
    const addFsync = (mod: unknown) => {
      const nodefs = (mod as { NODEFS: EmscriptenNodeFs }).NODEFS;
      nodefs.stream_ops.fsync = (stream) => {
        // Node's error becomes PostgreSQL's, which treats a failed fsync as fatal.
        nodefs.tryFSOperation(() => fs.fsyncSync(stream.nfd));
        return 0;
      };
    };
    return {
      emscriptenOpts: { ...emscriptenOpts, preRun: [...(emscriptenOpts.preRun ?? []), addFsync] },
    };
  }
}
