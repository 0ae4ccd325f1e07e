/**
 * A local team sync server for the real-browser tests: team "Kota Raya" on an in-memory
 * database, with Rina (admin), Siti (triage) and Budi (a DLH department officer).
 */
import { createTeam, createUser } from '../server/admin';
import { startServer } from '../server/app';
import { openStore } from '../server/store';

// The server in this process logs its warnings and errors, not a line per request.
process.env.TANGGAP_LOG_LEVEL ??= 'warn';

export const TEAM_PASSWORD = 'kata-sandi-panjang-1';

export interface TeamServer {
  url: string;
  close(): Promise<void>;
}

export async function startTeamServer(): Promise<TeamServer> {
  const store = await openStore({});
  const team = await createTeam(store, { name: 'Kota Raya' });
  await createUser(store, {
    teamId: team.id,
    username: 'rina',
    password: TEAM_PASSWORD,
    role: 'admin',
  });
  await createUser(store, {
    teamId: team.id,
    username: 'siti',
    password: TEAM_PASSWORD,
    role: 'triage',
  });
  await createUser(store, {
    teamId: team.id,
    username: 'budi',
    password: TEAM_PASSWORD,
    role: 'department',
    departmentId: 'dlh',
  });
  const server = await startServer({ store, port: 0 });
  return {
    url: server.url,
    async close() {
      await server.close();
      await store.close();
    },
  };
}
