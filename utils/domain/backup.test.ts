import { describe, expect, test } from 'vitest';
import { createAssignment, createPost } from '../../tests/factories';
import {
  BACKUP_FORMAT,
  BACKUP_VERSION,
  backupFilename,
  backupText,
  MAX_BACKUP_BYTES,
  MAX_PROBLEMS,
  utf8Bytes,
  validateBackup,
  type BackupCheck,
} from './backup';
import { DEFAULT_DEPARTMENTS } from './departments';
import { validateDirectory } from './directory';
import { mentionOf, type Mention } from './mentions';
import { DEFAULT_SETTINGS, type Settings } from './settings';

const NOW = '2025-03-10T05:00:00.000Z';
const settings = (): Settings =>
  ({ ...structuredClone(DEFAULT_SETTINGS), officerName: 'Rina' }) as Settings;

function file(overrides: Record<string, unknown> = {}) {
  return {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    exportedAt: NOW,
    assignments: [createAssignment({ departmentId: 'dlh' }), createAssignment()],
    mentions: [mention(), dismissed()],
    departments: DEFAULT_DEPARTMENTS.map((d, i) => ({ ...d, order: i })),
    programmes: [],
    settings: settings(),
    ...overrides,
  };
}

function mention(overrides: Partial<Mention> = {}): Mention {
  const post = createPost({ text: 'Sampah menumpuk @PemkotBdg' });
  return { ...mentionOf(post, ['PemkotBdg'], '2025-03-10T02:00:00.000Z')!, ...overrides };
}
const dismissed = () =>
  mention({ dismissedAt: '2025-03-10T03:00:00.000Z', dismissedBy: 'Rina (Diskominfo)' });

const problems = (check: BackupCheck<unknown>) => (check.ok ? [] : check.problems);

describe('validateBackup: a good file', () => {
  test('what backupText writes reads back the same', () => {
    const data = file();
    const text = backupText(
      {
        assignments: data.assignments,
        mentions: data.mentions,
        departments: data.departments,
        programmes: [],
        settings: data.settings,
      },
      NOW,
    );
    const check = validateBackup(text);
    expect(check.ok).toBe(true);
    if (!check.ok) return;
    // The directory comes back as the directory's own validation normalises it.
    expect(check.backup).toEqual({ ...data, departments: validateDirectory(data.departments) });
  });

  test('markup in text is data: kept as it is, not an error', () => {
    const a = createAssignment();
    a.post.text = '<img src=x onerror=alert(1)><script>alert(2)</script>';
    a.post.authorName = '<b>Warga</b>';
    const check = validateBackup(JSON.stringify(file({ assignments: [a] })));
    expect(check.ok && check.backup.assignments[0]!.post.text).toBe(a.post.text);
  });

  test('a byte order mark before the JSON (an editor saved it) is accepted', () => {
    expect(validateBackup(`\uFEFF${JSON.stringify(file())}`).ok).toBe(true);
  });
});

describe('validateBackup: a wrong file says what is wrong', () => {
  test.each([
    ['empty', '', /empty/],
    ['not JSON', 'tweet_id,status\n1,open', /not valid JSON: .*position|not valid JSON/],
    ['cut off JSON', JSON.stringify(file()).slice(0, 200), /not valid JSON/],
    ['JSON of another kind', '[1,2,3]', /not a Tanggap backup/],
    [
      'another format',
      JSON.stringify({ ...file(), format: 'tanggap-directory' }),
      /"format" must be "tanggap-backup"/,
    ],
    [
      'a newer version',
      JSON.stringify(file({ version: 3 })),
      /version 3 .*reads version 2 and older .*newer Tanggap/,
    ],
    [
      'no version',
      JSON.stringify(file({ version: undefined })),
      /version undefined|version .* cannot be restored/,
    ],
  ])('%s', (_, text, message) => {
    const check = validateBackup(text);
    expect(check.ok).toBe(false);
    expect(problems(check).join('\n')).toMatch(message);
  });

  test('a file above 200 MB is refused before it is parsed', () => {
    // Not JSON at all: a parse would report that instead of the size.
    const text = 'x'.repeat(MAX_BACKUP_BYTES + 1);
    expect(problems(validateBackup(text))).toEqual([
      'The file is 200.0 MB: a Tanggap backup is at most 200.0 MB.',
    ]);
  });

  test('the size counts UTF-8 bytes, not characters', () => {
    expect(utf8Bytes('aé€😀')).toBe(1 + 2 + 3 + 4);
    const text = '€'.repeat(Math.ceil(MAX_BACKUP_BYTES / 3) + 1);
    expect(problems(validateBackup(text))[0]).toMatch(/at most 200.0 MB/);
  });

  test('duplicated assignment ids', () => {
    const a = createAssignment();
    const check = validateBackup(JSON.stringify(file({ assignments: [createAssignment(), a, a] })));
    expect(problems(check)).toEqual([
      `assignments[2] repeats post ${a.tweetId} (already in assignments[1])`,
    ]);
  });

  test('duplicated department ids', () => {
    const [first] = DEFAULT_DEPARTMENTS;
    const check = validateBackup(
      JSON.stringify(file({ departments: [first, { ...first, handle: '' }], assignments: [] })),
    );
    expect(problems(check).join('\n')).toMatch(/departments\[1\] repeats the id "dsdabm"/);
  });

  test('every bad field is listed with its path', () => {
    const bad1 = { ...createAssignment(), deadline: 'tomorrow' };
    const bad2 = { ...createAssignment(), status: 'lost' };
    const check = validateBackup(
      JSON.stringify(
        file({ assignments: [createAssignment(), bad1, bad2], settings: { language: 'fr' } }),
      ),
    );
    const list = problems(check);
    expect(list).toContain('assignments[1].deadline must be an ISO 8601 date, not "tomorrow"');
    expect(list).toContain(
      'assignments[2].status must be one of unassigned, open, responded, resolved',
    );
    expect(list.some((p) => p.startsWith('settings.language'))).toBe(true);
  });

  test('an assignment to a department the backup does not hold', () => {
    const a = createAssignment({ departmentId: 'dlh' });
    const check = validateBackup(
      JSON.stringify(file({ assignments: [a], departments: [DEFAULT_DEPARTMENTS[0]] })),
    );
    expect(problems(check)).toEqual([
      'assignments[0].departmentId "dlh" is not in the backup\'s departments',
    ]);
  });

  test('unknown fields, a missing list and a bad date are each reported', () => {
    const check = validateBackup(
      JSON.stringify(
        file({ extra: 1, assignments: undefined, exportedAt: 'yesterday', settings: undefined }),
      ),
    );
    expect(problems(check)).toEqual(
      expect.arrayContaining([
        'The backup has an unknown field "extra".',
        'exportedAt must be an ISO 8601 date.',
        'assignments must be a list',
        'settings are missing',
      ]),
    );
  });

  test('a file full of mistakes lists the first ones, then says there are more', () => {
    const bad = Array.from({ length: 200 }, () => ({ ...createAssignment(), deadline: 'x' }));
    const list = problems(validateBackup(JSON.stringify(file({ assignments: bad }))));
    expect(list).toHaveLength(MAX_PROBLEMS + 1);
    expect(list.at(-1)).toMatch(/and more/);
  });

  test('programmes this version cannot restore are refused, not dropped', () => {
    const check = validateBackup(JSON.stringify(file({ programmes: [{ id: 'kur' }] })));
    expect(problems(check).join('\n')).toMatch(/programmes/);
  });

  test('programmes go through the validator given for them', () => {
    const check = validateBackup(JSON.stringify(file({ programmes: [{ id: 'kur' }] })), {
      validateProgrammes: (x) => x as { id: string }[],
    });
    expect(check.ok && check.backup.programmes).toEqual([{ id: 'kur' }]);
  });
});

describe('validateBackup: received mentions', () => {
  test('first sighting and dismissal come back as written, with the format version', () => {
    const data = file();
    const check = validateBackup(JSON.stringify(data));
    expect(check.ok && check.backup.version).toBe(BACKUP_VERSION);
    expect(check.ok && check.backup.mentions).toEqual(data.mentions);
    expect(check.ok && check.backup.mentions?.[1]).toMatchObject({
      firstSeenAt: '2025-03-10T02:00:00.000Z',
      dismissedAt: '2025-03-10T03:00:00.000Z',
      dismissedBy: 'Rina (Diskominfo)',
    });
  });

  test('a version 1 file, from before intake, is read without mentions', () => {
    const old = file({ version: 1 }) as Partial<ReturnType<typeof file>>;
    delete old.mentions;
    const check = validateBackup(JSON.stringify(old));
    expect(check.ok).toBe(true);
    if (!check.ok) return;
    expect(check.backup.version).toBe(1);
    // No list, not an empty one: the restore then keeps the browser's own mentions.
    expect(check.backup).not.toHaveProperty('mentions');
    expect(check.backup.assignments).toHaveLength(2);
  });

  test('a version 1 file never held mentions: a list there is refused', () => {
    expect(problems(validateBackup(JSON.stringify(file({ version: 1 }))))).toEqual([
      'The backup has an unknown field "mentions".',
    ]);
  });

  test('a version 2 file must hold its list', () => {
    expect(problems(validateBackup(JSON.stringify(file({ mentions: undefined }))))).toEqual([
      'mentions must be a list',
    ]);
  });

  test.each([
    [
      'a bad post time',
      { createdAt: 'kemarin' },
      /^mentions\[1\]\.createdAt must be an ISO 8601 date/,
    ],
    [
      'a bad first sighting',
      { firstSeenAt: '' },
      /^mentions\[1\]\.firstSeenAt must be an ISO 8601/,
    ],
    ['a link off X', { url: 'https://example.com/x' }, /^mentions\[1\]\.url must be an https/],
    ['no watched account', { addressedTo: [] }, /^mentions\[1\]\.addressedTo must name/],
    ['an unknown field', { waiting: 1 }, /^mentions\[1\] has an unknown field "waiting"/],
    [
      'a dismissal signed by nobody',
      { dismissedAt: '2025-03-10T03:00:00.000Z', dismissedBy: ' ' },
      /^mentions\[1\]\.dismissedBy must name who dismissed the mention$/,
    ],
    [
      'a signature without a dismissal',
      { dismissedBy: 'Rina' },
      /^mentions\[1\]\.dismissedBy must be empty while the mention is not dismissed$/,
    ],
  ])('a mention with %s is named with its path', (_, overrides, message) => {
    const check = validateBackup(
      JSON.stringify(file({ mentions: [mention(), { ...mention(), ...overrides }] })),
    );
    expect(problems(check)).toHaveLength(1);
    expect(problems(check)[0]).toMatch(message);
  });

  test('a post recorded twice', () => {
    const m = mention();
    const check = validateBackup(JSON.stringify(file({ mentions: [m, mention(), m] })));
    expect(problems(check)).toEqual([
      `mentions[2] repeats post ${m.tweetId} (already in mentions[0])`,
    ]);
  });
});

test('backupFilename carries the date', () => {
  expect(backupFilename(NOW)).toBe('tanggap-backup-2025-03-10.json');
});
