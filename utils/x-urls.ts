/** Where X's web app lives: the content script runs here, and the context menu shows here. */
export const X_MATCHES = [
  '*://x.com/*',
  '*://twitter.com/*',
  '*://mobile.x.com/*',
  '*://mobile.twitter.com/*',
];
