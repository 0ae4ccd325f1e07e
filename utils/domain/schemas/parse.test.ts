import * as v from 'valibot';
import { describe, expect, test } from 'vitest';
import { TanggapError } from '../errors';
import { isoTime, isoTimeOrEmpty, list, optionalText, text, tweetId } from './blocks';
import { fields, parse } from './parse';

const note = fields({ tweetId, text: text(10), reason: optionalText(20) });
const notes = fields({ notes: list(note, 2), at: isoTimeOrEmpty });

function fault(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(TanggapError);
    expect((error as TanggapError).code).toBe('bad-request');
    return (error as TanggapError).message;
  }
  return expect.unreachable('should have thrown');
}

describe('parse', () => {
  test('a fault names its path: object keys with dots, list positions in brackets', () => {
    const input = {
      notes: [
        { tweetId: '1', text: 'ok' },
        { tweetId: 'x1', text: 'ok' },
      ],
      at: '',
    };
    expect(fault(() => parse(notes, input, 'request'))).toBe(
      'request.notes[1].tweetId must be a post id: a string of 1 to 25 digits',
    );
  });

  test('a missing field is refused in its own words, an unknown one by name', () => {
    expect(fault(() => parse(note, { tweetId: '1' }, 'note'))).toBe('note.text must be a string');
    expect(fault(() => parse(note, { tweetId: '1', text: '', sneaky: 1 }, 'note'))).toBe(
      'note has an unknown field "sneaky"',
    );
    expect(fault(() => parse(note, [], 'note'))).toBe('note must be an object');
    expect(fault(() => parse(note, { tweetId: '1', text: '', constructor: 1 }, 'note'))).toBe(
      'note has an unknown field "constructor"',
    );
  });

  test('an optional field left out, blank or undefined stays absent', () => {
    expect(parse(note, { tweetId: '1', text: 'a', reason: '  ' }, 'note')).toStrictEqual({
      tweetId: '1',
      text: 'a',
    });
    expect(parse(note, { tweetId: '1', text: 'a', extra: undefined }, 'note')).toStrictEqual({
      tweetId: '1',
      text: 'a',
    });
  });

  test('{path} places the path inside the words', () => {
    const start = v.pipe(
      v.string(),
      v.check((s) => s < 'b', 'Late: {path} must come first'),
    );
    expect(fault(() => parse(fields({ start }), { start: 'c' }, 'day'))).toBe(
      'Late: day.start must come first',
    );
  });

  test('times are kept in stored form, and say which rule they broke', () => {
    expect(parse(isoTime, '2025-03-10T09:00+07:00', 't')).toBe('2025-03-10T02:00:00.000Z');
    expect(fault(() => parse(isoTimeOrEmpty, 'soon', 't'))).toBe(
      't must be an ISO 8601 date, not "soon"',
    );
    expect(fault(() => parse(isoTime, '1999-12-31T00:00:00Z', 't'))).toMatch(/out of range/);
    expect(fault(() => parse(text(3), 'four', 't'))).toBe(
      't is too long (4 characters, at most 3)',
    );
  });
});
