import { expect, test } from 'vitest';
import { agoWords } from './sync-words';

test('last sync in words, in both languages', () => {
  const now = Date.parse('2025-03-10T04:00:00.000Z');
  // Abbreviations vary with the ICU version.
  expect(agoWords('2025-03-10T03:58:00.000Z', now, 'en')).toMatch(/^2 min\.? ago$/);
  expect(agoWords('2025-03-10T03:58:00.000Z', now, 'id')).toMatch(/^2 mnt\.? lalu$/);
  expect(agoWords('2025-03-10T01:00:00.000Z', now, 'en')).toMatch(/^3 hr\.? ago$/);
});
