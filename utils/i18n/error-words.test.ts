import { expect, test } from 'vitest';
import { errorWords } from './error-words';
import { setLanguage } from './i18n';
import { TanggapError } from '../domain/errors';

test('a change the team’s rights refuse is said in the UI’s language', () => {
  const refused = new TanggapError('forbidden', 'Only triage officers and admins assign posts');
  setLanguage('en');
  expect(errorWords(refused)).toBe(
    'Your role in the team does not allow this change. Nothing was changed.',
  );
  setLanguage('id');
  expect(errorWords(refused)).toBe(
    'Peran Anda di tim tidak mengizinkan perubahan ini. Tidak ada yang diubah.',
  );
  setLanguage('auto');
});

test('a change refused for want of a name says where to give it', () => {
  const refused = new TanggapError('officer-name-required', 'Give your name first');
  setLanguage('id');
  expect(errorWords(refused)).toMatch(/^Isi nama Anda terlebih dahulu di Pengaturan Tanggap/);
  setLanguage('auto');
});

test('other errors keep their own message', () => {
  expect(errorWords(new TanggapError('not-found', 'Post 1 has never been assigned'))).toBe(
    'Post 1 has never been assigned',
  );
  expect(errorWords(new Error('boom'))).toBe('boom');
});
