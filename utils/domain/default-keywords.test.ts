import { describe, expect, test } from 'vitest';
import {
  DEFAULT_KEYWORDS_VERSION,
  defaultKeywordsOf,
  withNewDefaultKeywords,
} from './default-keywords';
import { DEFAULT_DEPARTMENTS } from './departments';
import { DEFAULT_SETTINGS } from './settings';
import type { Department } from './types';

/** A directory stored by the first release: its default departments with the first keywords. */
const firstDirectory = (): Department[] => {
  const first = defaultKeywordsOf(1)!;
  return DEFAULT_DEPARTMENTS.map((d) => ({ ...d, keywords: [...first.get(d.id)!] }));
};
const byId = (list: readonly Department[]) => new Map(list.map((d) => [d.id, d]));
const defaults = byId(DEFAULT_DEPARTMENTS);
const sorted = (list: readonly string[]) => [...list].sort();

/** `directory` with the changed departments in place. */
const taken = (directory: Department[]) => {
  const changed = byId(withNewDefaultKeywords(directory, 1));
  return byId(directory.map((d) => changed.get(d.id) ?? d));
};

describe('a directory stored with older default keywords', () => {
  test('the first release’s lists are the same departments with fewer keywords', () => {
    const first = defaultKeywordsOf(1)!;
    expect(sorted([...first.keys()])).toEqual(sorted(DEFAULT_DEPARTMENTS.map((d) => d.id)));
    expect(first.get('dlh')).toContain('sampah numpuk');
    expect(first.get('dinsos')).toContain('lansia');
    // A stored directory that records nothing took these.
    expect(DEFAULT_SETTINGS.keywordDefaults).toBe(1);
  });

  test('untouched, every department gets exactly the new defaults', () => {
    const after = taken(firstDirectory());
    for (const d of DEFAULT_DEPARTMENTS) {
      expect(sorted(after.get(d.id)!.keywords), d.id).toEqual(sorted(d.keywords));
    }
    // The flood, the traffic light and the school roof of the demo now have words.
    expect(after.get('bpbd')!.keywords).toContain('banjir');
  });

  test('an edited department keeps its edits and gets the new defaults', () => {
    const directory = firstDirectory();
    const dlh = directory.find((d) => d.id === 'dlh')!;
    dlh.keywords = [...dlh.keywords, 'pasar becek'];
    dlh.name = 'DLH Kota Raya';
    const after = taken(directory).get('dlh')!;
    expect(after.keywords).toContain('pasar becek');
    expect(after.name).toBe('DLH Kota Raya');
    for (const k of defaults.get('dlh')!.keywords) expect(after.keywords).toContain(k);
  });

  test('a keyword the team removed stays removed', () => {
    const directory = firstDirectory();
    const dlh = directory.find((d) => d.id === 'dlh')!;
    expect(defaults.get('dlh')!.keywords).toContain('sampah numpuk');
    dlh.keywords = dlh.keywords.filter((k) => k !== 'sampah numpuk');
    expect(taken(directory).get('dlh')!.keywords).not.toContain('sampah numpuk');
  });

  test('a default the new lists drop leaves; one the team added is never dropped', () => {
    const directory = firstDirectory();
    const dinsos = directory.find((d) => d.id === 'dinsos')!;
    const dpmptsp = directory.find((d) => d.id === 'dpmptsp')!;
    expect(defaults.get('dinsos')!.keywords).not.toContain('lansia');
    dinsos.keywords = [...dinsos.keywords, 'odgj di jalan'];
    const after = taken(directory);
    expect(after.get('dinsos')!.keywords).not.toContain('lansia');
    expect(after.get('dinsos')!.keywords).toContain('odgj di jalan');
    expect(after.get('dpmptsp')!.keywords).not.toContain('izin');
    expect(dpmptsp.keywords).toContain('izin');
  });

  test('a new default the team put in another department stays where the team put it', () => {
    const directory = firstDirectory();
    // "caah" (Sundanese: flood) is new in bpbd's list; this team had routed it to dsdabm.
    expect(defaults.get('bpbd')!.keywords).toContain('caah');
    expect(defaultKeywordsOf(1)!.get('bpbd')).not.toContain('caah');
    directory.find((d) => d.id === 'dsdabm')!.keywords.push('caah');
    const after = taken(directory);
    expect(after.get('dsdabm')!.keywords).toContain('caah');
    expect(after.get('bpbd')!.keywords).not.toContain('caah');
  });

  test('the team’s own departments and its removals are left alone', () => {
    const own: Department = { ...DEFAULT_DEPARTMENTS[0]!, id: 'bapenda', keywords: ['pajak'] };
    const directory = [...firstDirectory().filter((d) => d.id !== 'pdam'), own];
    const changed = withNewDefaultKeywords(directory, 1);
    expect(changed.map((d) => d.id)).not.toContain('bapenda');
    expect(changed.map((d) => d.id)).not.toContain('pdam');
    expect(changed.length).toBe(DEFAULT_DEPARTMENTS.length - 1);
  });

  test('a directory up to date, or of a version not known, changes nothing', () => {
    expect(withNewDefaultKeywords(DEFAULT_DEPARTMENTS, DEFAULT_KEYWORDS_VERSION)).toEqual([]);
    expect(withNewDefaultKeywords(DEFAULT_DEPARTMENTS, 1)).toEqual([]);
    expect(withNewDefaultKeywords(firstDirectory(), 0)).toEqual([]);
    expect(withNewDefaultKeywords(firstDirectory(), DEFAULT_KEYWORDS_VERSION + 1)).toEqual([]);
  });
});
