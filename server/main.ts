/**
 * `npm run server`: migrates the database, starts the sync server and says how to create the
 * first team and admin. Flags: --data DIR, --port, --host, --bootstrap-admin USER
 * [--team-name NAME] (creates the team and its admin on first start, printing the password).
 */
import { createTeam, createUser, listTeams } from './admin';
import { startServer } from './app';
import { generatePassword } from './auth';
import { describeStore, parseArgs, serverConfig, storeOptions } from './config';
import { log } from './log';
import { openStore } from './store';

/** How long a stop (SIGTERM, SIGINT) may take before the process exits anyway. */
const SHUTDOWN_MS = 5_000;

async function serveCommand(argv: readonly string[]) {
  const { flags } = parseArgs(['serve', ...argv]);
  const config = serverConfig(flags);
  const where = storeOptions(flags);
  const store = await openStore(where);
  let teams = await listTeams(store);
  const bootstrap = flags.get('bootstrap-admin');
  if (bootstrap && teams.length === 0) {
    const team = await createTeam(store, { name: flags.get('team-name') ?? 'Tim Tanggap' });
    const password = generatePassword();
    await createUser(store, { teamId: team.id, username: bootstrap, password, role: 'admin' });
    log.info('server.bootstrap-admin', {
      team: team.id,
      user: bootstrap,
      msg: `Created the team ${team.id} and its admin ${bootstrap}`,
    });
    // Not a log line: the answer to the operator who asked for the account, said once.
    process.stdout.write(`Password (shown once): ${password}\n`);
    teams = [team];
  }
  const { retention, purgeIntervalMinutes, ...options } = config;
  const server = await startServer({
    store,
    ...options,
    purge: { rules: retention, intervalMs: purgeIntervalMinutes * 60_000 },
  });
  const storeName = describeStore(where);
  log.info('server.listening', {
    url: server.url,
    store: storeName,
    msg: `Tanggap sync server on ${server.url} (${storeName})`,
  });
  if (teams.length === 0) {
    const data = where.dataDir && where.dataDir !== 'server-data' ? ` --data ${where.dataDir}` : '';
    log.warn('server.no-team', {
      msg: [
        'No team yet. Either restart with: npm run server -- --bootstrap-admin <username>',
        `or stop the server${where.dataDir ? ' (a PGlite folder belongs to one process)' : ''} and run:`,
        `npm run admin -- create-team --name "Kota Contoh"${data}`,
        `then: npm run admin -- create-user --team <team id> --username <name> --role admin${data}`,
      ].join(' '),
    });
  }
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info('server.stopping', { signal });
    // Whatever hangs (a client that keeps its connection, a database that does not answer),
    // the process ends in time: a supervisor waits for it, and a new one may need the folder.
    setTimeout(() => {
      log.error('server.stop-timed-out', { seconds: SHUTDOWN_MS / 1000 });
      process.exit(1);
    }, SHUTDOWN_MS).unref();
    await server.close();
    await store.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

const [command, ...rest] = process.argv.slice(2);
if (command === 'serve') {
  serveCommand(rest).catch((error: Error) => {
    log.error('server.start-failed', { reason: error.message });
    process.exit(1);
  });
} else {
  console.error('Usage: npm run server   (tsx server/main.ts serve [--data DIR] [--port N])');
  process.exit(1);
}
