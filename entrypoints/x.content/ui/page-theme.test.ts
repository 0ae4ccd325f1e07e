// @vitest-environment jsdom
import { describe, expect, test } from 'vitest';
import { readPageTheme } from './page-theme';

describe('readPageTheme', () => {
  test.each([
    ['rgb(255, 255, 255)', '', 'light'],
    ['rgb(0, 0, 0)', '', 'dark'],
    // X's "dim" theme.
    ['rgb(21, 32, 43)', '', 'dark'],
    // No inline background yet (early in page load): X's color-scheme decides.
    ['', 'dark', 'dark'],
    ['', '', 'light'],
  ])('body background %j, color-scheme %j → %s', (background, scheme, theme) => {
    document.body.style.backgroundColor = background;
    document.documentElement.style.colorScheme = scheme;
    expect(readPageTheme()).toBe(theme);
  });
});
