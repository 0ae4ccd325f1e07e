import { describe, expect, test } from 'vitest';
import { createAssignment, createDepartment } from '../../tests/factories';
import { changeStatus } from './assignment-ops';
import {
  assignmentRow,
  BOM,
  csvField,
  csvFilename,
  csvHeader,
  csvRow,
  CSV_COLUMNS,
  defuse,
} from './csv-export';
import { zonedIso } from './zoned-time';

/** A minimal RFC 4180 reader, to check that what is written reads back the same. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  if (field || row.length) throw new Error('The last line does not end with CRLF');
  return rows;
}

describe('RFC 4180 fields', () => {
  test.each([
    ['plain', 'plain'],
    ['a, b', '"a, b"'],
    ['say "hi"', '"say ""hi"""'],
    ['line\nbreak', '"line\nbreak"'],
    ['cr\rhere', '"cr\rhere"'],
    ['', ''],
    ['Jalan rusak 🚧 di Cibiru', 'Jalan rusak 🚧 di Cibiru'],
  ])('%j → %j', (value, field) => {
    expect(csvField(value)).toBe(field);
  });

  test('rows end with CRLF and read back as written', () => {
    const values = ['a,b', 'x"y', 'multi\r\nline', '<b>markup</b>'];
    expect(csvRow(values).endsWith('\r\n')).toBe(true);
    expect(parseCsv(csvRow(values))).toEqual([values]);
  });

  test('the header starts with a BOM and names the Open311 columns, then ours', () => {
    const header = csvHeader();
    expect(header.startsWith(BOM)).toBe(true);
    const [names] = parseCsv(header.slice(1));
    expect(names!.slice(0, 3)).toEqual(['service_request_id', 'status', 'tanggap_status']);
    for (const column of [
      'agency_responsible',
      'requested_datetime',
      'expected_datetime',
      'updated_datetime',
      'description',
      'post_url',
      'author_handle',
      'responded_at',
      'on_time',
    ]) {
      expect(names).toContain(column);
    }
  });
});

describe('formula injection (OWASP CSV injection)', () => {
  test.each(['=HYPERLINK("http://evil","klik")', '+62 812', '-1+1', '@SUM(A1)', '\tTAB', '\r=1'])(
    '%j is prefixed so a spreadsheet shows it as text',
    (value) => {
      expect(defuse(value)).toBe(`'${value}`);
      const [[read]] = parseCsv(csvRow([value])) as [[string]];
      expect(read).toBe(`'${value}`);
    },
  );

  test('text that merely contains those characters is left alone', () => {
    expect(defuse('a=b, c+d @pemkot')).toBe('a=b, c+d @pemkot');
  });

  test.each([
    '@pemkot_bdg jalan rusak di Cibiru, mohon dicek!',
    '@ridwankamil @dsdabm_bdg lampu PJU mati (depan pasar) sudah 3 hari',
    '@dlh_bdg',
  ])('a post that starts with mentions reads as text already: %j', (value) => {
    expect(defuse(value)).toBe(value);
  });

  test.each([
    '@pemkot =HYPERLINK("http://evil","klik")',
    '@pemkot -1+1',
    "@pemkot cmd|' /C calc'!A0",
    '@pemkot SUM(A1)',
    '@@pemkot',
  ])('mentions do not hide a formula after them: %j', (value) => {
    expect(defuse(value)).toBe(`'${value}`);
  });
});

describe('assignmentRow', () => {
  const dept = createDepartment({ id: 'dsdabm', name: 'Dinas SDA dan Bina Marga' });
  const columns = (row: string) => {
    const [fields] = parseCsv(row);
    return Object.fromEntries(CSV_COLUMNS.map((c, i) => [c, fields![i]]));
  };

  test('an open item: Open311 status open, deadline as expected time, on_time empty', () => {
    const a = createAssignment({ departmentId: 'dsdabm', assignedAt: '2025-03-10T02:00:00.000Z' });
    const row = columns(assignmentRow(a, dept));
    expect(row).toMatchObject({
      service_request_id: a.tweetId,
      status: 'open',
      tanggap_status: 'open',
      agency_responsible: 'Dinas SDA dan Bina Marga',
      service_code: 'dsdabm',
      requested_datetime: zonedIso(a.post.createdAt),
      expected_datetime: '2025-03-11T09:00:00+07:00',
      description: a.post.text,
      post_url: a.post.url,
      author_handle: 'warga_bdg',
      on_time: '',
    });
  });

  test.each([
    ['responded before the deadline', '2025-03-10T20:00:00.000Z', 'yes'],
    ['responded after it', '2025-03-11T03:00:00.000Z', 'no'],
  ])('%s → on_time %s', (_, at, onTime) => {
    const a = changeStatus(
      createAssignment({ assignedAt: '2025-03-10T02:00:00.000Z' }),
      'responded',
      'officer',
      at,
    );
    expect(columns(assignmentRow(a, dept))).toMatchObject({
      status: 'open',
      tanggap_status: 'responded',
      responded_at: zonedIso(at),
      responded_by: 'officer',
      on_time: onTime,
    });
  });

  test('a resolved item is closed in Open311 terms, with its reason as status notes', () => {
    const a = changeStatus(
      createAssignment({ assignedAt: '2025-03-10T02:00:00.000Z' }),
      'resolved',
      'officer',
      '2025-03-10T04:00:00.000Z',
      'handled',
    );
    expect(columns(assignmentRow(a, dept))).toMatchObject({
      status: 'closed',
      tanggap_status: 'resolved',
      resolved_at: '2025-03-10T11:00:00+07:00',
      closure_reason: 'handled',
      status_notes: 'handled',
      on_time: 'yes',
    });
  });

  test('hostile post text stays one field, defused', () => {
    const a = createAssignment();
    a.post.text = '=cmd|"/c calc"!A1\r\nnext line, "quoted"';
    const row = columns(assignmentRow(a, dept));
    expect(row.description).toBe(`'${a.post.text}`);
  });

  test('a post without its own time is requested when it was assigned', () => {
    const a = createAssignment({ assignedAt: '2025-03-10T02:00:00.000Z' });
    a.post.createdAt = '';
    expect(columns(assignmentRow(a, dept)).requested_datetime).toBe('2025-03-10T09:00:00+07:00');
  });

  test('times are Jakarta wall-clock with the offset, across midnight, or the zone asked', () => {
    const a = createAssignment({ assignedAt: '2026-12-05T17:30:00.000Z' });
    expect(columns(assignmentRow(a, dept))).toMatchObject({
      assigned_at: '2026-12-06T00:30:00+07:00',
      expected_datetime: '2026-12-07T00:30:00+07:00',
    });
    expect(columns(assignmentRow(a, dept, 'Asia/Makassar')).assigned_at).toBe(
      '2026-12-06T01:30:00+08:00',
    );
  });

  test('a post that starts with a mention is exported as written', () => {
    const a = createAssignment();
    a.post.text = '@pemkot_bdg sampah belum diangkut sejak Senin';
    expect(columns(assignmentRow(a, dept)).description).toBe(a.post.text);
  });
});

test('csvFilename names the range', () => {
  expect(csvFilename('2025-03-01', '2025-03-31')).toBe('tanggap-2025-03-01_2025-03-31.csv');
  expect(csvFilename()).toBe('tanggap.csv');
});
