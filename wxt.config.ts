import { defineConfig } from 'wxt';
import { TEAM_SERVER_ORIGINS } from './utils/domain/server-origins';
import { X_MATCHES } from './utils/domain/x-urls';

// https://wxt.dev/api/config.html
export default defineConfig({
  // A second build directory lets two checkouts' test runs share a machine.
  outDir: process.env.TANGGAP_OUT_DIR ?? '.output',
  modules: ['@wxt-dev/webextension-polyfill'],
  imports: false,
  manifest: ({ browser, manifestVersion }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    permissions: ['storage', 'contextMenus', 'alarms', 'unlimitedStorage', 'notifications'],
    // The same sites as the content script (so no extra warning at install): lets the
    // background find the X tabs to tell about a change, instead of messaging every tab.
    host_permissions: X_MATCHES,
    // The team server is asked for at run time, when the officer logs in (options page):
    // `permissionPattern` of the typed address, always within one of these.
    optional_host_permissions: TEAM_SERVER_ORIGINS,
    action: { default_title: '__MSG_extName__' },
    ...(browser === 'firefox' && {
      // MV2 has no optional_host_permissions (WXT drops it): there, origins asked for at run
      // time must be listed in optional_permissions, or permissions.request throws.
      ...(manifestVersion === 2 && { optional_permissions: TEAM_SERVER_ORIGINS }),
      browser_specific_settings: {
        gecko: {
          // Firefox keeps an extension's storage by this id; without one it changes per install.
          id: 'tanggap@tanggap.app',
          strict_min_version: '140.0',
          // Tanggap collects nothing for itself: the team server is the city's own.
          data_collection_permissions: { required: ['none'] },
        },
        // data_collection_permissions needs Firefox 140 on the desktop (an ESR), 142 on Android.
        gecko_android: { strict_min_version: '142.0' },
      },
    }),
  }),
});
