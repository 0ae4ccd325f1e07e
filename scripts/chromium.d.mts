// Types for chromium.mjs, for TypeScript tests (the project does not check .mjs).
import type { BrowserContext } from 'playwright-core';
export function findChromium(): string;
export function launchWithExtension(options?: {
  extensionDir?: string;
  headless?: boolean;
  userDataDir?: string;
  viewport?: { width: number; height: number };
  /** More command-line switches, e.g. `--lang=id`. */
  args?: string[];
}): Promise<BrowserContext>;
export function extensionIdOf(context: BrowserContext, timeoutMs?: number): Promise<string>;
