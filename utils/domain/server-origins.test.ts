import { describe, expect, test } from 'vitest';
import { normaliseServerUrl, permissionPattern, TEAM_SERVER_ORIGINS } from './server-origins';

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

describe('normaliseServerUrl', () => {
  test.each([
    ['https://tanggap.example.go.id', 'https://tanggap.example.go.id'],
    ['  https://tanggap.example.go.id/ ', 'https://tanggap.example.go.id'],
    ['https://Tanggap.Example.go.id:8443', 'https://tanggap.example.go.id:8443'],
    ['http://127.0.0.1:8787', 'http://127.0.0.1:8787'],
    ['http://localhost:3000/', 'http://localhost:3000'],
  ])('%s → %s', (input, origin) => {
    expect(normaliseServerUrl(input)).toBe(origin);
  });

  test.each([
    ['', /Enter the team server’s address/],
    ['http://192.168.1.10', /HTTPS is required/],
    ['javascript:alert(1)', /HTTPS is required/],
    ['https://user:pw@tanggap.example.go.id', /only the team server’s address/],
    ['tanggap.example.go.id', /not a web address/],
  ])('refuses %j', (input, words) => {
    expect(() => normaliseServerUrl(input)).toThrow(words);
  });

  test('the permission asked covers the server whatever its port', () => {
    expect(permissionPattern('http://127.0.0.1:8787')).toBe('http://127.0.0.1/*');
    expect(permissionPattern('https://tanggap.example.go.id')).toBe(
      'https://tanggap.example.go.id/*',
    );
  });
});
