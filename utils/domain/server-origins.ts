/**
 * Where a team server may be, in one place for the login's address check (`normaliseServerUrl`)
 * and for the manifest (`wxt.config.ts`): the origins the options page asks for at login must
 * be among the manifest's optional ones, or the browser refuses the request.
 */
import { TanggapError } from './errors';

/** The only hosts a team server may have over plain HTTP: this computer. */
export const LOCAL_HOSTS: ReadonlySet<string> = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** The manifest's optional host permissions: any HTTPS site, or this computer over HTTP. */
export const TEAM_SERVER_ORIGINS: string[] = [
  'https://*/*',
  ...[...LOCAL_HOSTS].map((host) => `http://${host}/*`),
];

/** Why an address is refused; each has its words (`teamServerUrl…` keys). */
type ServerUrlProblem = 'missing' | 'invalid' | 'https' | 'only-origin';

function badUrl(problem: ServerUrlProblem, message: string, input = ''): never {
  throw new TanggapError('bad-request', message, {
    data: { reason: `server-url-${problem}`, input },
  });
}

/**
 * The server's origin from what the officer typed: HTTPS, or plain HTTP only for a server on
 * this computer (a token sent in the clear elsewhere could be read on the way).
 */
export function normaliseServerUrl(input: unknown): string {
  if (typeof input !== 'string' || input.trim() === '') {
    badUrl('missing', 'Enter the team server’s address, such as https://tanggap.example.go.id');
  }
  const typed = input.trim();
  let url: URL;
  try {
    url = new URL(typed);
  } catch {
    badUrl(
      'invalid',
      `"${typed}" is not a web address such as https://tanggap.example.go.id`,
      typed.slice(0, 200),
    );
  }
  const https = 'The team server’s address must start with https:// (HTTPS is required)';
  if (url.protocol === 'http:' && !LOCAL_HOSTS.has(url.hostname)) badUrl('https', https);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') badUrl('https', https);
  if (url.username || url.password || url.search || url.hash || url.pathname !== '/') {
    badUrl(
      'only-origin',
      'Give only the team server’s address, such as https://tanggap.example.go.id',
    );
  }
  return url.origin;
}

/** The host permission a server needs (any port: match patterns ignore it). */
export function permissionPattern(serverUrl: string): string {
  const url = new URL(serverUrl);
  return `${url.protocol}//${url.hostname}/*`;
}
