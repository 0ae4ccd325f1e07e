import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

export default defineConfig({
  plugins: [WxtVitest()],
  test: {
    include: ['**/*.test.ts', '**/*.test.tsx'],
    // **/: a workspace package (server/) may get a node_modules of its own.
    exclude: ['**/node_modules/**', '.output*/**', '.wxt/**'],
    setupFiles: ['tests/setup.ts'],
    // Two files at a time on the 2 cores we have. `npm test` runs the real-browser files
    // apart, one at a time (`test:browsers`): a browser beside other work on these cores made
    // waits for what the page shows time out, which says nothing about the extension.
    maxWorkers: 2,
    // A bound only: tests against a real server or browser took up to 19 s while another
    // npm test ran on the same 2 cores; a normal run is no slower.
    testTimeout: 60_000,
    // Hooks start Chromium, PostgreSQL and servers: on 2 cores shared with another run that
    // takes far longer than the default 10 s. A bound only: a normal run is no slower.
    hookTimeout: 60_000,
    // Waits for something to show up (expect.poll) get the same margin; the default is 1 s.
    expect: { poll: { timeout: 10_000 } },
  },
});
