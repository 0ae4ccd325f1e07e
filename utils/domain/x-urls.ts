/** The hosts of X's web app: the content script runs there, and the context menu shows there. */
export const X_APP_HOSTS = ['x.com', 'twitter.com', 'mobile.x.com', 'mobile.twitter.com'] as const;

export const X_MATCHES: string[] = X_APP_HOSTS.map((host) => `*://${host}/*`);

/** The hosts a link to X may name: the app's, and the www. forms X redirects from. */
export const X_LINK_HOSTS: ReadonlySet<string> = new Set([
  ...X_APP_HOSTS,
  'www.x.com',
  'www.twitter.com',
]);
