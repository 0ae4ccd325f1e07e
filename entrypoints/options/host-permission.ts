import { browser } from 'wxt/browser';

/**
 * Asks the officer for access to these origins. Must be called inside a click's handler,
 * before anything is awaited: the browser only shows the prompt for a user's gesture.
 */
export function requestHostPermission(origins: string[]): Promise<boolean> {
  return browser.permissions.request({ origins });
}
