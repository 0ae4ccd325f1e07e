/**
 * How well the default directory's keywords suggest a department, measured on complaints written
 * the way citizens write to their city on X (informal Indonesian, slang, misspellings, some
 * Sundanese and Javanese). Every sentence here was written apart from the keyword lists, by
 * someone who had not read them: a miss is a real miss, and it is printed.
 *
 * Each sentence has one outcome:
 * - right: the suggestion is the label, or no suggestion where the label is none (praise,
 *   greetings, spam, a question the mayor's office answers itself);
 * - wrong: a suggestion that is not the label. Worse than none: the officer must notice it,
 *   undo it and pick again, and after a few wrong ones trusts no suggestion at all;
 * - none: no suggestion for a labelled complaint. The officer picks, as without suggestions.
 *
 * The bars: at least 90 % right and at most 3 % wrong. Print the table with
 * `npx vitest run utils/domain/routing-accuracy.test.ts`.
 */
import { describe, expect, test } from 'vitest';
import { complaints, DEPT } from '../../scripts/x-replica/complaints';
import written from '../../tests/fixtures/routing-sentences.json';
import { DEFAULT_DEPARTMENTS } from './departments';
import { suggestDepartment } from './routing';

const RIGHT_BAR = 0.9;
const WRONG_BAR = 0.03;

interface Sentence {
  text: string;
  /** The department an experienced officer would send it to; null: none should be suggested. */
  department: string | null;
}

/** The first set, written for the first keyword lists (also apart from them). */
const EARLIER: Sentence[] = [
  // roads
  ['min jalan di Jl. Rancabolang banyak lubang, tiap malem ada yang jatoh motornya', 'dsdabm'],
  ['aspal baru 2 bulan udah ngelupas lagi, kontraktornya gimana sih @pemkot', 'dsdabm'],
  ['trotoar di depan Gedung Sate pada copot ubinnya, bahaya buat tuna netra', 'dsdabm'],
  ['jembatan kayu di kampung kami udah lapuk, anak sekolah tiap hari lewat situ', 'dsdabm'],
  ['dalane bolong kabeh pak, tulung didandani sakdurunge ana sing tiba', 'dsdabm'],
  // drainage and floods
  ['selokan depan rumah mampet parah, airnya item dan nyebar ke jalan', 'dsdabm'],
  ['drainase di perumahan kami ga berfungsi, air ga bisa ngalir kemana2', 'dsdabm'],
  ['gorong-gorong di Jl. Cijerah ambrol, motor bisa masuk', 'dsdabm'],
  ['solokan di gang Mawar mampet, caina ngabeubeut ka imah warga', 'dsdabm'],
  ['tiap ujan gede Jl. Kopo langsung banjir sepinggang, warga terjebak', 'bpbd'],
  ['Rumah kebanjiran lagi malam ini, udah 3x bulan ini. Mohon bantuan evakuasi lansia', 'bpbd'],
  ['longsor di tebing belakang rumah warga RW 09, 2 rumah rusak', 'bpbd'],
  // rubbish
  ['sampah di pinggir jalan Cibaduyut udah seminggu ga diangkut, bau busuk', 'dlh'],
  ['runtah di walungan geus numpuk, tolong atuh diberesihan', 'dlh'],
  ['truk sampah ga dateng2 ke komplek kami udah 10 hari', 'dlh'],
  ['ada pabrik buang limbah ke sungai, airnya jadi merah dan ikan pada mati', 'dlh'],
  // street lights
  ['lampu jalan di Jl. Soekarno Hatta mati semua dari kemarin, gelap banget', 'dishub'],
  ['PJU depan gang kami nyala kedap-kedip, tolong diganti lampunya', 'dishub'],
  ['lampu jalan di gang kami mati, kalau malam rawan maling', 'dishub'],
  // traffic and parking
  ['macet parah di simpang Dago tiap jam pulang kantor, ga ada petugas sama sekali', 'dishub'],
  ['parkir liar di bahu jalan depan mall bikin jalanan nyempit', 'dishub'],
  ['tukang parkir minta 5rb padahal cuma 10 menit, resmi ga sih ini?', 'dishub'],
  ['lampu lalu lintas di perempatan Buahbatu mati, semrawut banget', 'dishub'],
  // health
  ['puskesmas kelurahan tutup jam 12 padahal jadwal sampe jam 2', 'dinkes'],
  ['anak saya kena demam berdarah, di RW kami belum pernah ada fogging', 'dinkes'],
  ['kartu BPJS saya ga aktif padahal iuran dibayar pemda, gimana urusnya?', 'dinkes'],
  ['ada balita gizi buruk di kampung kami, keluarganya ga mampu ke dokter', 'dinkes'],
  ['jadwal imunisasi di posyandu RW 04 kok dibatalin terus', 'dinkes'],
  // hospitals
  ['RSUD suruh pasien pulang padahal masih demam tinggi', 'rsud'],
  ['IGD rumah sakit daerah penuh, ibu saya dirawat di lorong', 'rsud'],
  ['antre obat di apotek rumah sakit kota sampe 5 jam', 'rsud'],
  // social aid
  ['bansos beras bulan ini belum dibagi di kelurahan kami', 'dinsos'],
  ['nenek saya ga terdaftar di DTKS padahal hidup sendiri dan miskin', 'dinsos'],
  ['ada pengemis bawa anak kecil tiap hari di lampu merah Pasteur', 'dinsos'],
  ['bantuan PKH ibu saya dicoret tanpa alasan', 'dinsos'],
  ['ada ODGJ ngamuk di pasar, warga takut', 'dinsos'],
  // civil registry
  ['KTP saya hilang, bikin baru harus ke mana ya?', 'disdukcapil'],
  ['akta kelahiran anak udah 2 bulan belum jadi', 'disdukcapil'],
  ['mau pindah domisili ke Bandung, syaratnya apa aja min', 'disdukcapil'],
  ['kartu keluarga saya salah nama, benerinnya di kecamatan bisa?', 'disdukcapil'],
  // schools
  ['SD negeri di sini minta uang bangunan 2 juta, katanya sekolah gratis', 'disdik'],
  ['PPDB online error terus dari tadi pagi, ga bisa daftar', 'disdik'],
  ['guru honorer di sekolah kami gajinya telat 4 bulan', 'disdik'],
  // water supply
  ['air PAM mati dari subuh, ga ada info apa2', 'pdam'],
  ['airnya keruh dan bau kaporit, aman ga diminum?', 'pdam'],
  ['pipa bocor depan rumah udah 3 hari, air terbuang sia-sia', 'pdam'],
  // fire
  ['ada kebakaran di pemukiman padat Babakan Ciparay, damkar belum datang!', 'diskar-pb'],
  ['tolong ada sarang tawon gede di atap rumah, anak2 takut', 'diskar-pb'],
  ['ada ular kobra masuk rumah warga, mohon bantuan', 'diskar-pb'],
  ['hidran di komplek kami ga ada airnya, gimana kalau ada kebakaran', 'diskar-pb'],
  // public order
  ['PKL jualan di atas trotoar sampe pejalan kaki turun ke jalan', 'satpol-pp'],
  ['ada tempat karaoke buka sampe subuh, berisik dan jual miras', 'satpol-pp'],
  ['spanduk liar di mana-mana, ganggu pemandangan', 'satpol-pp'],
  // permits
  ['ngurus PBG di MPP udah 4 bulan belum keluar', 'dpmptsp'],
  ['izin usaha warung saya ditolak terus di OSS', 'dpmptsp'],
  ['gimana cara ngurus NIB buat jualan online?', 'dpmptsp'],
].map(([text, department]) => ({ text: text!, department: department! }));

const SENTENCES: Sentence[] = [...written, ...EARLIER];

type Outcome = 'right' | 'wrong' | 'none';

function outcomeOf(expected: string | null, suggested: string | null): Outcome {
  if (suggested === expected) return 'right';
  return suggested === null ? 'none' : 'wrong';
}

const suggest = (text: string) =>
  suggestDepartment({ text, replyTo: [] }, DEFAULT_DEPARTMENTS)?.departmentId ?? null;

const percent = (n: number, of: number) => `${((n / of) * 100).toFixed(1)} %`;

describe('routing accuracy of the default directory', () => {
  test('the sentences are labelled with departments of the directory, or none', () => {
    const ids = new Set(DEFAULT_DEPARTMENTS.map((d) => d.id));
    expect(written.length).toBeGreaterThanOrEqual(150);
    for (const s of SENTENCES) {
      expect(s.text.trim()).not.toBe('');
      if (s.department !== null) expect(ids).toContain(s.department);
    }
  });

  test(`at least ${RIGHT_BAR * 100} % right and at most ${WRONG_BAR * 100} % wrong`, () => {
    const rows = new Map<string, Record<Outcome, number>>();
    const misses: string[] = [];
    for (const s of SENTENCES) {
      const match = suggestDepartment({ text: s.text, replyTo: [] }, DEFAULT_DEPARTMENTS);
      const outcome = outcomeOf(s.department, match?.departmentId ?? null);
      const label = s.department ?? '(none)';
      const row = rows.get(label) ?? { right: 0, wrong: 0, none: 0 };
      row[outcome] += 1;
      rows.set(label, row);
      if (outcome !== 'right') {
        const got = match ? `${match.departmentId} (${match.matched.join(', ')})` : 'none';
        misses.push(`- ${outcome}: ${label} → ${got}: "${s.text}"`);
      }
    }

    // Directory order, then the sentences that should get no suggestion.
    const order = [...DEFAULT_DEPARTMENTS.map((d) => d.id), '(none)'];
    const total = { right: 0, wrong: 0, none: 0 };
    const lines = [
      '| Department | Sentences | Right | Wrong | None |',
      '| --- | ---: | ---: | ---: | ---: |',
    ];
    for (const label of order) {
      const row = rows.get(label);
      if (!row) continue;
      const n = row.right + row.wrong + row.none;
      lines.push(`| ${label} | ${n} | ${row.right} | ${row.wrong} | ${row.none} |`);
      total.right += row.right;
      total.wrong += row.wrong;
      total.none += row.none;
    }
    const n = SENTENCES.length;
    lines.push(
      `| **Total** | **${n}** | **${total.right}** (${percent(total.right, n)}) | ` +
        `**${total.wrong}** (${percent(total.wrong, n)}) | ` +
        `**${total.none}** (${percent(total.none, n)}) |`,
    );
    console.log(
      `Routing suggestions on ${n} complaints written apart from the keywords\n\n` +
        `${lines.join('\n')}\n` +
        (misses.length > 0 ? `\nMisses:\n${misses.join('\n')}` : ''),
    );

    expect(total.right + total.wrong + total.none).toBe(n);
    expect(total.right / n).toBeGreaterThanOrEqual(RIGHT_BAR);
    expect(total.wrong / n).toBeLessThanOrEqual(WRONG_BAR);
  });

  test('outcomes: right, wrong (another department) and none (no suggestion)', () => {
    expect(outcomeOf('dlh', 'dlh')).toBe('right');
    expect(outcomeOf(null, null)).toBe('right');
    expect(outcomeOf('dlh', 'dsdabm')).toBe('wrong');
    expect(outcomeOf(null, 'dlh')).toBe('wrong');
    expect(outcomeOf('dlh', null)).toBe('none');
  });
});

describe("the demo's complaints", () => {
  const posts = complaints(Date.UTC(2026, 0, 5, 3));
  const byText = (words: string) => {
    const post = posts.find((p) => p.text.includes(words));
    if (!post) throw new Error(`No demo post says "${words}"`);
    return post.text;
  };

  test.each([
    ['a flood', 'BANJIR lagi', DEPT.flood],
    ['a broken traffic light', 'lampu merah perempatan', DEPT.traffic],
    ['a leaking school roof', 'atap kelas', DEPT.schools],
  ])('%s gets the right suggestion', (_, words, department) => {
    expect(suggest(byText(words))).toBe(department);
  });
});
