/**
 * Where a team server may be, in one place for the login's address check (`sync-client.ts`)
 * and for the manifest (`wxt.config.ts`): the origins the options page asks for at login must
 * be among the manifest's optional ones, or the browser refuses the request.
 */

/** The only hosts a team server may have over plain HTTP: this computer. */
export const LOCAL_HOSTS: ReadonlySet<string> = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** The manifest's optional host permissions: any HTTPS site, or this computer over HTTP. */
export const TEAM_SERVER_ORIGINS: string[] = [
  'https://*/*',
  ...[...LOCAL_HOSTS].map((host) => `http://${host}/*`),
];
