/**
 * How often the default directory's keywords suggest the right department, measured on
 * complaints written the way citizens write to their city on X (informal Indonesian, some
 * Sundanese and Javanese). The sentences were written apart from the keyword lists: a miss
 * here is a real miss, and it is printed.
 *
 * The bar is 85 %: a suggestion is only a hint that the officer accepts with one click or
 * replaces with two, so a wrong one costs a click; but an officer who sees more than about
 * one wrong or missing suggestion in seven learns to ignore them all. No suggestion (nothing
 * matched, or a tie) counts as a miss, like a wrong one.
 */
import { expect, test } from 'vitest';
import { DEFAULT_DEPARTMENTS } from './departments';
import { suggestDepartment } from './routing';

const ACCURACY_BAR = 0.85;

const SENTENCES: [text: string, departmentId: string][] = [
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
];

test('the default directory routes realistic complaints to the right department', () => {
  expect(SENTENCES.length).toBeGreaterThanOrEqual(40);
  const misses: string[] = [];
  for (const [text, expected] of SENTENCES) {
    const suggestion = suggestDepartment({ text, replyTo: [] }, DEFAULT_DEPARTMENTS);
    if (suggestion?.departmentId !== expected) {
      const got = suggestion
        ? `${suggestion.departmentId} (${suggestion.matched.join(', ')})`
        : 'no suggestion';
      misses.push(`  expected ${expected}, got ${got}: "${text}"`);
    }
  }
  const accuracy = (SENTENCES.length - misses.length) / SENTENCES.length;
  console.log(
    `Routing accuracy: ${(accuracy * 100).toFixed(1)} % ` +
      `(${SENTENCES.length - misses.length} of ${SENTENCES.length})` +
      (misses.length ? `\nMisses:\n${misses.join('\n')}` : ''),
  );
  expect(accuracy).toBeGreaterThanOrEqual(ACCURACY_BAR);
});
