import { describe, expect, it } from 'vitest';
import { isIntakePost, mentionedHandles, watchedAddressees } from './intake';

const post = (over: Partial<Parameters<typeof watchedAddressees>[0]> = {}) => ({
  authorHandle: 'warga_01',
  text: '',
  replyTo: [],
  promoted: false,
  ...over,
});

describe('intake', () => {
  it('finds mentions in text, without e-mail addresses or longer handles', () => {
    expect(mentionedHandles('Tolong @PemkotBdg dan @ridwan_k, cc:@PemkotBdg')).toEqual([
      'pemkotbdg',
      'ridwan_k',
    ]);
    expect(mentionedHandles('kirim ke humas@pemkot.go.id')).toEqual([]);
    expect(mentionedHandles('@PemkotBdgXYZ')).toEqual(['pemkotbdgxyz']);
  });

  it('takes a mention or a reply to a watched account, whatever the case', () => {
    const watched = ['PemkotBdg', 'walikota'];
    expect(watchedAddressees(post({ text: 'jalan rusak @pemkotbdg' }), watched)).toEqual([
      'PemkotBdg',
    ]);
    expect(isIntakePost(post({ replyTo: ['WALIKOTA'] }), watched)).toBe(true);
    expect(isIntakePost(post({ text: 'jalan rusak @PemkotBdgXYZ' }), watched)).toBe(false);
    expect(isIntakePost(post({ text: 'jalan rusak' }), watched)).toBe(false);
  });

  it('leaves out promoted posts, the watched accounts’ own posts and teams watching nothing', () => {
    expect(isIntakePost(post({ text: '@walikota', promoted: true }), ['walikota'])).toBe(false);
    expect(
      isIntakePost(post({ authorHandle: 'PemkotBdg', text: '@walikota' }), [
        'pemkotbdg',
        'walikota',
      ]),
    ).toBe(false);
    expect(isIntakePost(post({ text: '@walikota' }), [])).toBe(false);
  });
});
