import { defineConfig } from 'wxt';
import { X_MATCHES } from './utils/x-urls';

// https://wxt.dev/api/config.html
export default defineConfig({
  // A second build directory lets two checkouts' test runs share a machine.
  outDir: process.env.TANGGAP_OUT_DIR ?? '.output',
  modules: ['@wxt-dev/webextension-polyfill'],
  imports: false,
  manifest: ({ browser }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    permissions: ['storage', 'contextMenus', 'alarms', 'unlimitedStorage', 'notifications'],
    // The same sites as the content script (so no extra warning at install): lets the
    // background find the X tabs to tell about a change, instead of messaging every tab.
    host_permissions: X_MATCHES,
    // The team server is asked for at run time, when the officer logs in (options page).
    optional_host_permissions: ['https://*/*', 'http://127.0.0.1/*', 'http://localhost/*'],
    action: { default_title: '__MSG_extName__' },
    ...(browser === 'firefox' && {
      // Firefox keeps an extension's storage by this id; without one it changes per install.
      browser_specific_settings: {
        gecko: { id: 'tanggap@tanggap.app', strict_min_version: '115.0' },
      },
    }),
  }),
});
