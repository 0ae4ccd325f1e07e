import { describe, expect, test } from 'vitest';
import { createDepartment } from '../../tests/factories';
import { DEFAULT_DEPARTMENTS } from './departments';
import {
  contrastWithWhite,
  exportDirectory,
  inUseMessage,
  normaliseHandle,
  normaliseKeywords,
  parseDirectory,
  slugOf,
  validateColor,
  validateDepartment,
  validateDirectory,
} from './directory';
import { checkDraft, draftOf } from '../forms/department-form';
import { TanggapError } from './errors';

function badRequest(fn: () => unknown, message: RegExp) {
  let error: unknown;
  try {
    fn();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(TanggapError);
  expect((error as TanggapError).code).toBe('bad-request');
  expect((error as TanggapError).message).toMatch(message);
}

describe('X handles', () => {
  test.each([
    ['dinas_pu', 'dinas_pu'],
    ['@DinasPU_Bdg', 'DinasPU_Bdg'],
    ['  @dlh  ', 'dlh'],
    ['', ''],
    ['a', 'a'],
    ['x'.repeat(15), 'x'.repeat(15)],
  ])('%j is stored as %j', (input, stored) => {
    expect(normaliseHandle(input, 'handle')).toBe(stored);
  });

  test.each([['x'.repeat(16)], ['dinas-pu'], ['dinas pu'], ['@@dinas'], ['dinás'], ['@']])(
    '%j is refused',
    (input) => badRequest(() => normaliseHandle(input, 'handle'), /1 to 15 letters, digits or "_"/),
  );
});

describe('colours', () => {
  test('white on black is 21:1, white on white 1:1', () => {
    expect(contrastWithWhite('#000000')).toBeCloseTo(21, 5);
    expect(contrastWithWhite('#ffffff')).toBeCloseTo(1, 5);
  });

  test('every default colour keeps white chip text readable', () => {
    for (const d of DEFAULT_DEPARTMENTS) expect(validateColor(d.color, d.id)).toBe(d.color);
  });

  test.each([
    ['#FFD700', /too light for the chip's white text \(contrast 1\.4:1, at least 4\.5:1\)/],
    ['#777777', /too light/],
    ['red', /#rrggbb/],
    ['#12345', /#rrggbb/],
  ])('%s is refused', (color, message) => badRequest(() => validateColor(color, 'color'), message));
});

describe('keywords', () => {
  test('trimmed, lower-cased, spaces collapsed, repeats and blanks dropped', () => {
    expect(normaliseKeywords(['  Jalan  Rusak ', 'jalan rusak', '', 'Banjir'], 'k')).toEqual([
      'jalan rusak',
      'banjir',
    ]);
  });

  test('a form’s text: one per line or separated by commas', () => {
    expect(normaliseKeywords('sampah\nrunteh, tpa\n\n', 'k')).toEqual(['sampah', 'runteh', 'tpa']);
  });

  test('at most 200 of at most 60 characters', () => {
    const many = Array.from({ length: 201 }, (_, i) => `kata ${i}`);
    badRequest(() => normaliseKeywords(many, 'k'), /201 keywords, at most 200/);
    expect(normaliseKeywords(many.slice(0, 200), 'k')).toHaveLength(200);
    badRequest(() => normaliseKeywords(['x'.repeat(61)], 'k'), /too long \(at most 60/);
    badRequest(() => normaliseKeywords([3], 'k'), /k\[0\] must be a string/);
  });
});

describe('validateDepartment', () => {
  test('normalises a department', () => {
    const d = validateDepartment({
      ...createDepartment(),
      name: ' Dinas PU ',
      handle: '@Dinas_PU',
      color: '#7A4A24',
      keywords: ['Aspal', 'aspal'],
    });
    expect(d).toMatchObject({
      name: 'Dinas PU',
      handle: 'Dinas_PU',
      color: '#7A4A24',
      keywords: ['aspal'],
    });
  });

  test.each([
    [{ slaHours: 0 }, /slaHours must be a whole number of hours from 1 to 720/],
    [{ slaHours: 721 }, /slaHours/],
    [{ slaHours: 1.5 }, /slaHours/],
    [{ name: '  ' }, /name must not be empty/],
    [{ shortName: 'A VERY LONG SHORT NAME' }, /shortName is too long/],
    [{ id: 'Dinas PU' }, /id must be a department id/],
    [{ extra: 1 }, /unknown field "extra"/],
  ])('refuses %j', (change, message) => {
    badRequest(() => validateDepartment({ ...createDepartment(), ...change }), message);
  });
});

describe('directory files', () => {
  test('an export imports back as the same directory', () => {
    const file = JSON.parse(JSON.stringify(exportDirectory(DEFAULT_DEPARTMENTS)));
    expect(file).toMatchObject({ format: 'tanggap-directory', version: 1 });
    expect(parseDirectory(file)).toEqual(DEFAULT_DEPARTMENTS.map((d, i) => ({ ...d, order: i })));
  });

  test('the order of an import is the order of its list', () => {
    const [a, b] = DEFAULT_DEPARTMENTS;
    expect(validateDirectory([b, a]).map((d) => [d.id, d.order])).toEqual([
      [b!.id, 0],
      [a!.id, 1],
    ]);
  });

  test.each([
    [
      { format: 'other', version: 1, departments: [] },
      /directory\.format must be "tanggap-directory"/,
    ],
    [{ format: 'tanggap-directory', version: 2, departments: [] }, /version 2 is not supported/],
    [{ format: 'tanggap-directory', version: 1, departments: [] }, /1 to 200 departments/],
    [{ format: 'tanggap-directory', version: 1, departments: {} }, /1 to 200 departments/],
    [
      {
        format: 'tanggap-directory',
        version: 1,
        departments: [createDepartment(), createDepartment({ handle: 'x' })],
      },
      /departments\[1\] repeats the id "dsdabm" of directory\.departments\[0\]/,
    ],
    [
      {
        format: 'tanggap-directory',
        version: 1,
        departments: [
          createDepartment({ id: 'a', handle: 'Dinas_PU' }),
          createDepartment({ id: 'b', handle: '@dinas_pu' }),
        ],
      },
      /departments\[1\]\.handle: @dinas_pu is already the handle of/,
    ],
    [
      {
        format: 'tanggap-directory',
        version: 1,
        departments: [createDepartment({ color: '#eeeeee' })],
      },
      /departments\[0\]\.color #eeeeee is too light/,
    ],
  ])('refuses %#', (file, message) => badRequest(() => parseDirectory(file), message));
});

describe('the options form (checkDraft)', () => {
  const directory = DEFAULT_DEPARTMENTS.map((d, i) => (i === 1 ? { ...d, handle: 'DLH_Kota' } : d));
  const first = directory[0]!;

  test('a valid draft gives the department to save, keeping its id and place', () => {
    const result = checkDraft(
      { ...draftOf(first), shortName: 'PU', handle: '@PU_Kota', keywords: 'Aspal\njalan' },
      first.id,
      directory,
    );
    expect(result.errors).toBeUndefined();
    expect(result).toMatchObject({
      department: {
        id: first.id,
        shortName: 'PU',
        handle: 'PU_Kota',
        keywords: ['aspal', 'jalan'],
      },
    });
  });

  test('a new department takes its id from its short name', () => {
    const draft = {
      ...draftOf(first),
      name: 'Dinas Pariwisata',
      shortName: 'Disbudpar 2',
      handle: '',
    };
    expect(checkDraft(draft, '', directory)).toMatchObject({ department: { id: 'disbudpar-2' } });
    expect(checkDraft({ ...draft, shortName: first.shortName }, '', directory).errors).toEqual({
      shortName: { key: 'optionsErrorShortNameTaken', subs: [] },
    });
  });

  test('each bad field gets its own error', () => {
    const result = checkDraft(
      {
        name: '',
        shortName: 'x'.repeat(17),
        handle: 'dlh_kota',
        color: '#ffeeaa',
        slaHours: '0',
        keywords: 'x'.repeat(61),
      },
      first.id,
      directory,
    );
    expect(result.errors).toEqual({
      name: { key: 'optionsErrorRequired', subs: [] },
      shortName: { key: 'optionsErrorTooLong', subs: ['16'] },
      handle: { key: 'optionsErrorHandleTaken', subs: ['dlh_kota', directory[1]!.name] },
      color: { key: 'optionsErrorContrast', subs: ['1.1'] },
      slaHours: { key: 'optionsErrorSla', subs: [] },
      keywords: { key: 'optionsErrorKeywords', subs: [] },
    });
    expect(
      checkDraft({ ...draftOf(first), handle: 'not a handle' }, first.id, directory).errors,
    ).toEqual({ handle: { key: 'optionsErrorHandle', subs: [] } });
  });

  test('a department keeps its own handle in any case', () => {
    const second = directory[1]!;
    expect(
      checkDraft({ ...draftOf(second), handle: 'dlh_KOTA' }, second.id, directory).errors,
    ).toBeUndefined();
  });
});

test('slugOf', () => {
  expect(slugOf('Dinas Kebudayaan & Pariwisata')).toBe('dinas-kebudayaan-pariwisata');
  expect(slugOf('  Çatatan Sipil ')).toBe('catatan-sipil');
  expect(slugOf('!!!')).toBe('');
});

test('the refusal to remove a department in use tells how many items', () => {
  expect(inUseMessage('DLH', 3)).toMatch(/DLH cannot be removed: 3 items are assigned/);
  expect(inUseMessage('DLH', 1)).toMatch(/DLH cannot be removed: 1 item is assigned/);
});
