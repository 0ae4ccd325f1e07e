import { describe, expect, test } from 'vitest';
import { TEAM_SERVER_ORIGINS } from './server-origins';
import { normaliseServerUrl, permissionPattern } from '../sync-client';

const PATTERN = /^(https?):\/\/([^/]+)\/\*$/;

/** Whether the manifest's optional origins let the extension ask for `pattern`. */
function offered(pattern: string): boolean {
  const [, scheme, host] = PATTERN.exec(pattern) ?? [];
  return TEAM_SERVER_ORIGINS.some((origin) => {
    const [, offeredScheme, offeredHost] = PATTERN.exec(origin) ?? [];
    return offeredScheme === scheme && (offeredHost === '*' || offeredHost === host);
  });
}

describe('the team server origins in the manifest', () => {
  test.each([
    'https://tanggap.example.go.id',
    'https://tanggap.example.go.id:8443',
    'http://127.0.0.1:8787',
    'http://localhost:3000',
    'http://[::1]:8787',
  ])('a login to %s asks for an origin the manifest offers', (address) => {
    const pattern = permissionPattern(normaliseServerUrl(address));
    expect(offered(pattern)).toBe(true);
  });

  test('nothing over plain HTTP beyond this computer', () => {
    expect(TEAM_SERVER_ORIGINS.filter((o) => o.startsWith('http:'))).toEqual([
      'http://127.0.0.1/*',
      'http://localhost/*',
      'http://[::1]/*',
    ]);
    expect(offered('http://tanggap.example.go.id/*')).toBe(false);
  });
});
