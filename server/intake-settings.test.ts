/**
 * Intake's team settings on the server: the watched accounts and the urgency threshold an
 * admin saves reach every member of the team, checked with the same schema as the browser's.
 */
import { describe, expect, test } from 'vitest';
import { BACKENDS, newWorld, useBackend } from './test/helpers';

describe.each(BACKENDS)('intake settings on %s', (name) => {
  const backend = useBackend(name);

  test('a team’s watched accounts and urgency reach another member', async () => {
    const world = await newWorld(backend);
    const admin = await world.officer('admin');
    const triage = await world.officer('triage');
    const saved = await admin.push([
      admin.mutation('saveTeamSettings', {
        settings: { watchedHandles: ['@PemkotBdg', 'walikota_bdg'], intakeUrgentAfterMinutes: 90 },
      }),
    ]);
    expect(saved.refused).toEqual([]);

    const page = await triage.pull();
    expect(page.settings).toMatchObject({
      watchedHandles: ['PemkotBdg', 'walikota_bdg'],
      intakeUrgentAfterMinutes: 90,
    });
  });

  test('a watched account that is not a handle is refused and changes nothing', async () => {
    const world = await newWorld(backend);
    const admin = await world.officer('admin');
    const refused = await admin.push([
      admin.mutation('saveTeamSettings', { settings: { watchedHandles: ['pemkot.go.id'] } }),
    ]);
    expect(refused.refused.map((r) => r.code)).toEqual(['bad-request']);
    expect((await admin.pull()).settings?.watchedHandles ?? []).toEqual([]);
  });
});
