import { describe, expect, test } from 'vitest';
import { DEFAULT_DEPARTMENTS } from './departments';
import { MAX_KEYWORDS, MAX_KEYWORD_LENGTH } from './schemas/department';

function luminance(hex: string): number {
  const channels = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
  const [r, g, b] = channels.map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}
const contrast = (a: number, b: number) => (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);

describe('DEFAULT_DEPARTMENTS', () => {
  test('a full directory with unique ids, names, colours and order', () => {
    expect(DEFAULT_DEPARTMENTS.length).toBeGreaterThanOrEqual(15);
    for (const key of ['id', 'shortName', 'color', 'order'] as const) {
      expect(new Set(DEFAULT_DEPARTMENTS.map((d) => d[key])).size).toBe(DEFAULT_DEPARTMENTS.length);
    }
  });

  test.each(DEFAULT_DEPARTMENTS.map((d) => [d.id, d] as const))('%s', (_, d) => {
    expect(d.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(d.name.length).toBeGreaterThan(d.shortName.length);
    expect(d.handle).toBe('');
    expect(d.slaHours).toBe(24);
    expect(d.keywords.length).toBeGreaterThanOrEqual(6);
    // A default the options page would refuse to save is no default.
    expect(d.keywords.length).toBeLessThanOrEqual(MAX_KEYWORDS);
    for (const keyword of d.keywords) {
      expect(keyword).toBe(keyword.toLowerCase().trim());
      expect(keyword.length).toBeLessThanOrEqual(MAX_KEYWORD_LENGTH);
    }
    expect(d.color).toMatch(/^#[0-9a-f]{6}$/i);
    // White chip text stays readable (WCAG AA), and the chip stays visible on X's black theme.
    expect(contrast(luminance(d.color), 1)).toBeGreaterThanOrEqual(4.5);
    expect(contrast(luminance(d.color), 0)).toBeGreaterThanOrEqual(2);
  });

  test('a keyword routes to one department only', () => {
    const all = DEFAULT_DEPARTMENTS.flatMap((d) => d.keywords);
    expect(new Set(all).size).toBe(all.length);
  });
});
