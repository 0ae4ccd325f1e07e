/**
 * Invented content for imported X pages: names, handles, words, ids and counts that belong to
 * nobody. Every choice is a pure function of the original string, so importing the same page
 * twice writes the same file and a person keeps one invented identity across pages.
 */

const GIVEN = [
  'Rina',
  'Budi',
  'Sari',
  'Agus',
  'Dewi',
  'Eko',
  'Lestari',
  'Joko',
  'Wulan',
  'Hendra',
  'Putri',
  'Bayu',
  'Indah',
  'Fajar',
  'Ratna',
  'Yusuf',
  'Maya',
  'Dimas',
  'Nadia',
  'Rudi',
  'Tari',
  'Asep',
  'Neng',
  'Ujang',
  'Siti',
  'Galih',
  'Intan',
  'Rizki',
  'Ayu',
  'Teguh',
];
const FAMILY = [
  'Wulandari',
  'Santoso',
  'Permata',
  'Hidayat',
  'Kusuma',
  'Prasetyo',
  'Rahayu',
  'Nugroho',
  'Saputra',
  'Maharani',
  'Setiawan',
  'Purnama',
  'Gunawan',
  'Anggraini',
  'Wibowo',
  'Sembiring',
  'Siregar',
  'Suryadi',
  'Lubis',
  'Hartono',
];
/** Everyday Indonesian words that name no department's business: the text stays neutral. */
const WORDS = [
  'hari',
  'ini',
  'saya',
  'kami',
  'teman',
  'pagi',
  'sore',
  'cerita',
  'baru',
  'lihat',
  'semua',
  'sudah',
  'belum',
  'nanti',
  'kemarin',
  'besok',
  'senang',
  'sekali',
  'tadi',
  'bersama',
  'keluarga',
  'libur',
  'makan',
  'siang',
  'malam',
  'kopi',
  'teh',
  'buku',
  'lagu',
  'film',
  'foto',
  'kabar',
  'baik',
  'terima',
  'kasih',
  'selamat',
  'minggu',
  'bulan',
  'tahun',
  'rumah',
  'jalan',
  'pulang',
  'pergi',
  'datang',
  'tunggu',
  'coba',
  'ikut',
  'main',
  'bola',
  'sepeda',
  'pantai',
  'gunung',
  'kucing',
  'burung',
  'bunga',
  'hujan',
  'cerah',
  'angin',
  'langit',
  'awan',
];
const HASHTAGS = [
  'CeritaPagi',
  'KabarBaik',
  'AkhirPekan',
  'SalamHangat',
  'JalanJalan',
  'NgopiDulu',
];

/** Whether a word is one this module may write (an original equal to it proves nothing). */
export function isInventedWord(word: string): boolean {
  const lower = word.toLowerCase();
  return [GIVEN, FAMILY, WORDS, HASHTAGS].some((list) =>
    list.some((w) => w.toLowerCase() === lower),
  );
}

/** FNV-1a, 32 bits: a stable seed from a string. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A small deterministic generator (mulberry32) seeded from a string. */
export function randomFrom(seed: string): () => number {
  let a = hash32(seed);
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(list: readonly T[], random: () => number): T {
  return list[Math.floor(random() * list.length)] as T;
}

export function inventedName(original: string): string {
  const random = randomFrom('name:' + original);
  return `${pick(GIVEN, random)} ${pick(FAMILY, random)}`;
}

/** A handle of letters, digits and `_`, at most 15 characters, like X's. */
export function inventedHandle(original: string, attempt = 0): string {
  const random = randomFrom(`handle:${original}:${attempt}`);
  const given = pick(GIVEN, random).toLowerCase();
  const family = pick(FAMILY, random).toLowerCase().slice(0, 6);
  const digits = String(Math.floor(random() * 90) + 10);
  return `${given}_${family}${digits}`.slice(0, 15);
}

export function inventedHashtag(original: string): string {
  return pick(HASHTAGS, randomFrom('tag:' + original));
}

/** Words of about the same length as `original`, capitalised where it was. */
export function inventedWords(original: string): string {
  const random = randomFrom('words:' + original);
  const words: string[] = [];
  let length = 0;
  while (length < Math.max(2, original.length - 2)) {
    const word = pick(WORDS, random);
    words.push(word);
    length += word.length + 1;
  }
  const text = words.join(' ');
  return /^\p{Lu}/u.test(original) ? text[0]!.toUpperCase() + text.slice(1) : text;
}

/** One invented word for one original word, keeping its capital and trailing punctuation. */
export function inventedWord(original: string): string {
  const [, core = '', tail = ''] = /^(.*?)([.,!?;:…"')]*)$/su.exec(original) ?? [];
  const word = pick(WORDS, randomFrom('word:' + core));
  const cased = /^\p{Lu}/u.test(core) ? word[0]!.toUpperCase() + word.slice(1) : word;
  return cased + tail;
}

const X_EPOCH_MS = 1_288_834_974_657n;

/**
 * Another id from the same millisecond: a snowflake keeps its time bits (so the post's
 * `<time>` stays true), only its 22 low bits change. Other numbers get other digits.
 */
export function inventedId(original: string): string {
  const value = BigInt(original);
  const random = randomFrom('id:' + original);
  if (original.length >= 18 && value >> 22n > 0n) {
    let low = BigInt(Math.floor(random() * 0x400000));
    if (low === (value & 0x3fffffn)) low ^= 1n;
    return (((value >> 22n) << 22n) | low).toString();
  }
  let digits = String(Math.floor(random() * 9) + 1);
  while (digits.length < original.length) digits += String(Math.floor(random() * 10));
  return digits === original ? inventedId(original + '+') : digits;
}

/** The time an id was made, when it is a snowflake. */
export function snowflakeTime(id: string): number | null {
  if (id.length < 18) return null;
  return Number((BigInt(id) >> 22n) + X_EPOCH_MS);
}

/** A count in the same shape (`12`, `1,207`, `14.6K`, `3M`), with other digits. */
export function inventedCount(original: string): string {
  const random = randomFrom('count:' + original);
  return original.replace(/\d/g, (d, offset: number) =>
    offset === 0 && d !== '0'
      ? String(Math.floor(random() * 9) + 1)
      : String(Math.floor(random() * 10)),
  );
}

/** A short code like t.co's. */
export function inventedCode(original: string, length = 10): string {
  const random = randomFrom('code:' + original);
  const alphabet = 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  let code = '';
  while (code.length < length) code += pick([...alphabet], random);
  return code;
}
