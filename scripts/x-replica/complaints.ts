/**
 * The replica's timeline: citizen complaints mentioning a fictional city account, written the
 * way people write to their city on X. Every account here is fictional (the city is "Kota
 * Raya") so the demo never puts words in a real person's or office's mouth.
 *
 * Times are relative to `nowMs`, so the demo is always fresh and tests can pin the clock.
 */
import type { Assignment } from '../../utils/domain/types';
import type { PostKind, PostSpec } from './post-template';

/**
 * Department ids, from utils/domain/departments.ts (DEFAULT_DEPARTMENTS). Kept in one place so a
 * renamed id is a one-line fix; x-replica.test.ts checks they still exist.
 */
export const DEPT = {
  roads: 'dsdabm',
  drainage: 'dsdabm',
  rubbish: 'dlh',
  lights: 'dishub',
  traffic: 'dishub',
  health: 'dinkes',
  hospital: 'rsud',
  social: 'dinsos',
  civil: 'disdukcapil',
  fire: 'diskar-pb',
  water: 'pdam',
  schools: 'disdik',
  order: 'satpol-pp',
  permits: 'dpmptsp',
  credit: 'dkukm',
  flood: 'bpbd',
  info: 'diskominfo',
  parks: 'dpkp',
} as const;

export const CITY = { handle: 'pemkot_kotaraya', name: 'Pemkot Kota Raya' };
export const MAYOR = { handle: 'walikotaraya', name: 'Wali Kota Raya' };

/** X's ids are snowflakes: milliseconds since 2010-11-04 shifted left by 22 bits. */
const TWITTER_EPOCH = 1288834974657n;
export function snowflake(ms: number, seq: number): string {
  return (((BigInt(Math.floor(ms)) - TWITTER_EPOCH) << 22n) | BigInt(seq & 0xfff)).toString();
}

type DemoState = 'ok' | 'soon' | 'overdue' | 'responded' | 'resolved';

interface Entry {
  age: number;
  h: string;
  n: string;
  t: string;
  d?: keyof typeof DEPT;
  kind?: PostKind;
  by?: { handle: string; name: string };
  quoted?: { h: string; n: string; t: string; age: number };
  demo?: DemoState;
  after?: number;
}

const C = '@' + CITY.handle;
const W = '@' + MAYOR.handle;

/**
 * `age` in minutes; `demo` marks the posts that get a seeded assignment, `after` is how many
 * minutes after the post the triage officer assigned it.
 */
const ENTRIES: Entry[] = [
  {
    age: 3,
    h: 'dewisartika_',
    n: 'Dewi Sartika 🌻',
    d: 'roads',
    t: `${C} pak tolong itu jalan di depan SDN 3 Sukamaju bolong gede bgt, tadi pagi ada pemotor jatuh 😭 udah dari bulan lalu ga ditambal2`,
  },
  {
    age: 7,
    h: 'arif_kurniawan',
    n: 'Arif Kurniawan',
    d: 'rubbish',
    t: `${C} sampah di TPS Jl. Kenanga udah numpuk 4 hari belum diangkut, baunya sampe ke rumah warga. Mohon tindak lanjutnya 🙏`,
  },
  {
    age: 12,
    h: 'nengsiti_',
    n: 'Neng Siti',
    d: 'lights',
    t: `${C} lampu PJU sepanjang Jl. Cempaka mati semua dari minggu kemarin, malem gelap gulita rawan begal. Kapan dibenerin min?`,
  },
  {
    age: 18,
    h: 'bagus_pratama',
    n: 'Bagus Pratama',
    d: 'traffic',
    demo: 'ok',
    after: 6,
    t: `parkir liar depan pasar baru makin parah ${C} ${W}, jalan jadi tinggal 1 lajur, macet tiap sore. Jukirnya malah galak 😤`,
  },
  {
    age: 25,
    h: 'rahmaaaa_',
    n: 'rahma',
    d: 'water',
    demo: 'responded',
    after: 4,
    t: `${C} air PDAM di RW 07 Kel. Sukasari mati udah 3 hari, ga ada pemberitahuan sama sekali. Kita mandi pake apa ini 😩😩`,
  },
  {
    age: 21 * 60,
    h: 'kang_ujang',
    n: 'Kang Ujang',
    d: 'drainage',
    kind: 'repost',
    by: { handle: 'kotarayaupdate', name: 'Kota Raya Update' },
    demo: 'soon',
    after: 15,
    t: `${C} got mampet di gang Melati 2, tiap ujan dikit langsung cileuncang sebetis. Tolong dikeruk pak, warga udah kerja bakti tp ga kuat alat`,
  },
  {
    age: 26 * 60,
    h: 'ibu_ratna_s',
    n: 'Ratna Sari',
    d: 'social',
    kind: 'repost',
    by: { handle: 'infokotaraya', name: 'Info Kota Raya' },
    demo: 'overdue',
    after: 40,
    t: `${C} ibu saya lansia 72 thn, terdaftar DTKS tapi bansos udah 6 bulan ga cair. Ke kelurahan disuruh ke dinsos, ke dinsos disuruh nunggu. Nunggu sampe kapan? 🥲`,
  },
  {
    age: 52,
    h: 'fajarnugraha',
    n: 'Fajar Nugraha',
    d: 'civil',
    t: `${C} bikin KTP-el dari Agustus masih "blangko kosong" terus. Padahal butuh buat daftar kerja. Solusinya gimana ya min?`,
  },
  {
    age: 58,
    h: 'sekarwangi__',
    n: 'Sekar Wangi',
    d: 'schools',
    t: `${C} ${W} mohon dicek SMPN 12, anak saya disuruh beli seragam & LKS di sekolah total 1,2jt. Katanya sekolah gratis?`,
  },
  {
    age: 66,
    h: 'adityawrm',
    n: 'Aditya W',
    d: 'order',
    t: `${C} trotoar Jl. Merdeka Raya full PKL, pejalan kaki terpaksa jalan di aspal. Anak sekolah bahaya ketabrak. Satpol PP kemana ya`,
  },
  {
    age: 75,
    h: 'putri_anggraeni',
    n: 'Putri Anggraeni',
    d: 'health',
    t: `${C} puskesmas Sukajadi antrinya dari jam 5 subuh, dokternya baru dateng jam 10. Nenek saya sampe pingsan nunggu. Tolong dievaluasi 🙏🙏`,
  },
  {
    age: 83,
    h: 'hendrasetiawan_',
    n: 'Hendra Setiawan',
    d: 'credit',
    t: `${C} katanya ada program KUR bunga ringan buat UMKM dari pemkot, pas saya ke bank cabang Jl. Asia Afrika petugasnya bilang "belum pernah denger program itu pak". Jadi programnya ada ga sih? 🤔`,
  },
  {
    age: 95,
    h: 'mamah_dedeh_',
    n: 'Mamah Dedeh',
    d: 'rubbish',
    t: `ini truk sampah lewat cuma seminggu sekali ${C}, sampah organik udah belatungan 🤮`,
  },
  {
    age: 104,
    h: 'riskyy_ap',
    n: 'Risky AP',
    d: 'permits',
    t: `${C} ngurus izin PBG udah 3 bulan statusnya "verifikasi" terus di aplikasi. Ditanya ke MPP katanya sistem. Mohon kejelasannya`,
  },
  {
    age: 118,
    h: 'tiaraputri',
    n: 'Tiara',
    d: 'fire',
    t: `${C} tolong hidran di Jl. Anggrek kosong ga ada airnya, kemarin pas kebakaran rumah warga damkar harus nunggu mobil tangki 30 menit 😢`,
  },
  {
    age: 131,
    h: 'yogi_saputra',
    n: 'Yogi Saputra',
    d: 'roads',
    demo: 'ok',
    t: `${C} jembatan penyeberangan di Sukamaju pagar besinya udah copot, anak2 suka main di situ. Sebelum ada korban tolong diperbaiki`,
  },
  {
    age: 146,
    h: 'lestarii_',
    n: 'Lestari',
    d: 'water',
    demo: 'ok',
    t: `${C} air PDAM keruh coklat kaya air kopi susu dari kemarin sore di Perum Griya Asri. Aman ga ini buat masak?`,
  },
  {
    age: 160,
    h: 'deni_kusuma',
    n: 'Deni Kusuma',
    d: 'traffic',
    t: `${C} lampu merah perempatan Jl. Veteran mati, tadi hampir tabrakan. Ga ada petugas yang ngatur 🚦`,
  },
  {
    age: 175,
    h: 'wulan_dari',
    n: 'Wulandari',
    d: 'social',
    demo: 'ok',
    t: `${C} ada tetangga saya janda 3 anak, suaminya meninggal bulan lalu, ga punya penghasilan. Gimana caranya daftar bantuan sosial? Dia ga ngerti HP`,
  },
  {
    age: 190,
    h: 'kevinhartono',
    n: 'Kevin Hartono',
    d: 'info',
    t: `${C} website layanan online pemkot kok down terus dari pagi, mau daftar antrian Disdukcapil ga bisa2`,
  },
  {
    age: 212,
    h: 'bu_endah',
    n: 'Endah Wahyuni',
    d: 'schools',
    t: `${C} atap kelas 4 SDN 5 Cibiru bocor parah, kalau hujan anak2 belajar sambil pindah2 bangku. Udah lapor dari tahun lalu 😞`,
  },
  {
    age: 230,
    h: 'ardi_maulana',
    n: 'Ardi Maulana',
    d: 'order',
    demo: 'ok',
    t: `${C} ${W} tiap malam minggu ada balap liar di Jl. Soekarno Hatta, knalpot brong sampe jam 3 pagi. Warga ga bisa tidur. Tolong ditertibkan`,
  },
  {
    age: 251,
    h: 'nurulhikmah',
    n: 'Nurul Hikmah',
    d: 'civil',
    demo: 'responded',
    after: 30,
    t: `${C} mau urus KK baru karena pindah domisili, kata petugas kelurahan harus online, online nya error terus "server sibuk". Udah seminggu nyoba 🙃`,
  },
  {
    age: 270,
    h: 'rizal_fhm',
    n: 'Rizal Fahmi',
    d: 'flood',
    kind: 'repost',
    by: { handle: 'kotarayaupdate', name: 'Kota Raya Update' },
    t: `BANJIR lagi di Jl. Pasteur arah tol, air setinggi lutut orang dewasa, motor pada mogok. ${C} drainase nya ga pernah dibersihin apa ya??`,
  },
  {
    age: 288,
    h: 'salsabila_n',
    n: 'Salsabila',
    d: 'health',
    t: `${C} fogging di RT 03 kapan? anak tetangga udah 2 yang kena DBD bulan ini 🦟`,
  },
  {
    age: 305,
    h: 'ujang_sutisna',
    n: 'Ujang Sutisna',
    d: 'parks',
    t: `${C} pohon gede di taman kota udah miring ke jalan, dahan2nya patah kalau angin. Tolong dipangkas sebelum tumbang nimpa orang`,
  },
  {
    age: 330,
    h: 'the_real_gilang',
    n: 'Gilang',
    d: 'info',
    t: `kenapa di form pendaftaran beasiswa pemkot muncul tulisan <b>Error</b> <script>alert("gagal")</script> terus ga bisa submit?? ${C} udah 5x nyoba dari HP sama laptop`,
  },
  {
    age: 352,
    h: 'ririn_oktavia',
    n: 'Ririn Oktavia',
    d: 'rubbish',
    demo: 'ok',
    t: `${C} ada yang buang sampah sembarangan di bantaran sungai belakang pasar, tiap hari numpuk. Kasih papan larangan + CCTV dong`,
  },
  {
    age: 380,
    h: 'baim_prasetyo',
    n: 'Ibrahim Prasetyo',
    d: 'credit',
    t: `${C} UMKM binaan katanya dapet pelatihan + akses modal, saya udah daftar dari Juni ga ada kabar sama sekali. Ini programnya jalan ga ya?`,
  },
  {
    age: 410,
    h: 'mega_lestari',
    n: 'Mega Lestari',
    d: 'water',
    demo: 'resolved',
    after: 25,
    t: `${C} pipa PDAM bocor di depan gang 5 Jl. Kenanga, air muncrat ke jalan dari subuh. Sayang airnya kebuang 💧`,
  },
  {
    age: 455,
    h: 'yusuf_amr',
    n: 'Yusuf Amrullah',
    d: 'roads',
    t: `${C} galian kabel di Jl. Ahmad Yani ditinggal gitu aja ga ditutup lagi, udah 2 minggu. Mobil sampe nyangkut`,
  },
  {
    age: 490,
    h: 'cindy_wijaya',
    n: 'Cindy Wijaya',
    d: 'permits',
    t: `${C} mau tanya, izin usaha mikro (NIB) bisa dibantu di kecamatan ga? saya ga ngerti OSS`,
  },
  {
    age: 540,
    h: 'pakrt_05',
    n: 'Pak RT 05',
    d: 'drainage',
    demo: 'responded',
    after: 40,
    t: `${C} saluran air di RW 05 Sukaluyu jebol, air limbah masuk ke rumah warga. Mohon segera, ada 12 KK terdampak. Foto sudah kami kirim lewat aplikasi tapi belum ada respon`,
  },
  {
    age: 600,
    h: 'anisa_rhm',
    n: 'Anisa Rahma',
    d: 'hospital',
    t: `${C} RSUD nolak pasien BPJS dengan alasan kamar penuh, bapak saya sesak napas disuruh cari RS lain jam 2 pagi. Ini gimana pelayanannya 😡`,
  },
  {
    age: 660,
    h: 'dimas_ary',
    n: 'Dimas Aryanto',
    d: 'traffic',
    demo: 'ok',
    t: `${C} angkot ngetem sembarangan di depan stasiun, bikin macet parah. Dishub tolong tempatin petugas di jam sibuk`,
  },
  {
    age: 720,
    h: 'mbak_yanti',
    n: 'Yanti',
    d: 'social',
    t: `${C} pembagian sembako kemarin di kelurahan ga merata, yang dapet kok itu2 aja, keluarga yang bener2 butuh malah ga dapet. Datanya tolong diperbarui`,
  },
  {
    age: 780,
    h: 'farhan_al',
    n: 'Farhan Alfarizi',
    d: 'lights',
    demo: 'ok',
    after: 20,
    t: `${C} PJU di jembatan layang Pasupati kedip2 terus mati, gelap banget bahaya buat motor`,
  },
  {
    age: 840,
    h: 'sintaa_',
    n: 'Sinta',
    d: 'schools',
    t: `${C} PPDB zonasi anak saya ditolak padahal rumah cuma 400m dari sekolah, yang jauh malah keterima. Tolong transparan datanya`,
  },
  {
    age: 910,
    h: 'rudi_hrtn',
    n: 'Rudi Hartono',
    d: 'order',
    t: `${C} reklame liar di tiang listrik Jl. Dago udah kaya hutan spanduk, jelek banget kotanya 😑`,
  },
  {
    age: 980,
    h: 'ayu_kinasih',
    n: 'Ayu Kinasih',
    d: 'health',
    kind: 'repost',
    by: { handle: 'wargakotaraya', name: 'Warga Kota Raya' },
    t: `${C} posyandu di RW kami udah 3 bulan ga ada vitamin A & obat cacing buat balita. Kader bilang stok dari puskesmas kosong`,
  },
  {
    age: 1120,
    h: 'budi_santoso_',
    n: 'Budi Santoso',
    d: 'roads',
    demo: 'soon',
    after: 30,
    t: `${C} Jl. Cikutra dari pertigaan sampai pom bensin aspalnya ngelupas semua, lubang dimana2. Tiap hari lewat situ udah 2x ban bocor 😤 mohon diperbaiki`,
  },
  {
    age: 1170,
    h: 'laras_ati',
    n: 'Larasati',
    d: 'civil',
    t: `${C} akta kelahiran anak saya salah tulis nama ibu, perbaikinya harus bawa apa aja ya? Ke kantor Disdukcapil antri 4 jam cuma buat nanya 😮‍💨`,
  },
  {
    age: 1200,
    h: 'erwin_sh',
    n: 'Erwin S.H.',
    d: 'permits',
    demo: 'soon',
    after: 45,
    t: `${C} ${W} bangunan ruko di sebelah rumah saya berdiri tanpa IMB/PBG, nutup saluran air dan jendela rumah saya. Sudah lapor ke kecamatan 2x tidak ada tindakan. Mohon ditindaklanjuti sesuai aturan.`,
  },
  {
    age: 1290,
    h: 'nanda_prt',
    n: 'Nanda Pratiwi',
    d: 'rubbish',
    demo: 'resolved',
    after: 15,
    t: `${C} bak sampah di depan SD Pelita udah jebol, sampahnya berserakan ke jalan dimakan kucing & tikus`,
  },
  {
    age: 1380,
    h: 'agus_salim_',
    n: 'Agus Salim',
    d: 'water',
    demo: 'soon',
    after: 10,
    t: `${C} tagihan PDAM bulan ini 480rb padahal biasanya 90rb, rumah cuma ber-2. Meteran udah dicek ga bocor. Mohon dicek ulang`,
  },
  {
    age: 1460,
    h: 'kurniasih_',
    n: 'Kurniasih',
    d: 'credit',
    kind: 'quote',
    quoted: {
      h: CITY.handle,
      n: CITY.name,
      age: 4320,
      t: 'Program Kredit Usaha Rakyat (KUR) Kota Raya: bunga ringan untuk pelaku UMKM, tanpa agunan s.d. Rp100 juta. Daftar di bank mitra terdekat. #KotaRayaBangkit',
    },
    t: `udah ke 3 bank mitra yg disebut, semuanya bilang ga ada kerja sama sama pemkot buat program ini. Terus daftarnya dimana min? ${C}`,
  },
  {
    age: 1540,
    h: 'teguh_wbw',
    n: 'Teguh Wibowo',
    d: 'fire',
    demo: 'soon',
    after: 120,
    t: `${C} alat pemadam di pasar tradisional udah kadaluarsa semua (cek tanggal 2021). Pasar padat, kabel semrawut, rawan kebakaran 🔥`,
  },
  {
    age: 1620,
    h: 'evi_rosmala',
    n: 'Evi Rosmala',
    d: 'social',
    demo: 'overdue',
    after: 35,
    t: `${C} ada ODGJ terlantar di halte Jl. Sudirman udah seminggu, tidur di situ, kadang ngamuk. Kasihan dan warga juga takut. Mohon dinsos menjemput`,
  },
  {
    age: 1700,
    h: 'hanif_zk',
    n: 'Hanif',
    d: 'drainage',
    t: `${C} gorong-gorong di depan Alfamart Jl. Kopo ketutup beton sama pemilik ruko, tiap hujan banjir kesitu semua`,
  },
  {
    age: 1800,
    h: 'reni_marlina',
    n: 'Reni Marlina',
    d: 'health',
    demo: 'overdue',
    after: 60,
    t: `${C} ambulans desa siaga di Kel. Cipamokolan rusak dari 2 bulan lalu. Kemarin ada ibu mau lahiran harus naik motor ke puskesmas. Tolong pak 🙏😢`,
  },
  {
    age: 1910,
    h: 'toni_gunawan',
    n: 'Toni Gunawan',
    d: 'order',
    demo: 'responded',
    after: 50,
    t: `${C} PKL di alun-alun balik lagi setelah ditertibkan minggu lalu, malah nambah banyak. Percuma dong penertiban kemarin?`,
  },
  {
    age: 2000,
    h: 'indahpermata',
    n: 'Indah Permata',
    d: 'roads',
    demo: 'overdue',
    after: 20,
    t: `${C} ini udah laporan ke-3 saya soal jalan amblas di Jl. Terusan Jakarta. Makin lebar, sekarang ada retakan panjang. Apa harus nunggu ada yang celaka dulu? Saya lampirkan foto tiap minggu dan jelas makin parah, tolong jangan cuma dibalas "sudah diteruskan ke dinas terkait" lagi.`,
  },
  {
    age: 2100,
    h: 'gita_sav',
    n: 'Gita Savitri',
    d: 'civil',
    t: `${C} Alhamdulillah KTP saya udah jadi, tapi kok fotonya ketuker sama orang lain 😅 gimana ini`,
  },
  {
    age: 2200,
    h: 'bambang_sp',
    n: 'Bambang S.P.',
    d: 'lights',
    demo: 'overdue',
    after: 90,
    t: `${C} lampu jalan di Jl. Kiaracondong nyala siang mati malem. Kebalik pak 😂 tolong timernya dibenerin`,
  },
  {
    age: 2320,
    h: 'yulia_nrm',
    n: 'Yulia Nurmala',
    d: 'schools',
    demo: 'resolved',
    after: 30,
    t: `${C} KIP anak saya belum cair semester ini, padahal teman sekelasnya udah. Sekolah bilang urusan dinas`,
  },
  {
    age: 2440,
    h: 'wawan_h',
    n: 'Wawan Hermawan',
    d: 'flood',
    t: `${C} tanggul sungai di Kampung Cieunteung retak panjang, kalau hujan deras takut jebol kaya tahun lalu. Mohon BPBD cek sebelum musim hujan puncak`,
  },
  {
    age: 2560,
    h: 'devi_anggr',
    n: 'Devi Anggraini',
    d: 'water',
    demo: 'overdue',
    after: 40,
    t: `${C} udah 2 hari air PDAM cuma ngalir jam 1-3 pagi. Kita harus begadang buat nampung air 😩`,
  },
  {
    age: 2680,
    h: 'opik_taufik',
    n: 'Taufik Hidayat',
    d: 'traffic',
    demo: 'responded',
    after: 60,
    t: `${C} rambu dilarang parkir di Jl. Braga ketutup pohon, orang2 jadi parkir di situ terus kena tilang. Kasian`,
  },
  {
    age: 2800,
    h: 'ratu_rania',
    n: 'Rania',
    d: 'rubbish',
    t: `${C} TPS liar di pinggir rel kereta makin gede, kadang dibakar asapnya masuk rumah. Anak saya asma 😷`,
  },
  {
    age: 2870,
    h: 'santi_koswara',
    n: 'Santi Koswara',
    d: 'social',
    t: `${C} pendaftaran PKH kok harus lewat RT dulu? RT kami ga mau ngasih surat karena beda pilihan pas pilkada. Ini gimana?`,
  },
];

/** An ad, never a complaint: promoted posts are never annotated. */
const PROMOTED = {
  h: 'tb_sinarjaya',
  n: 'Toko Bangunan Sinar Jaya',
  t: 'Renovasi rumah jadi lebih hemat! 🏠 Diskon s.d. 30% semen, cat & keramik khusus akhir bulan. Gratis ongkir area Kota Raya.',
};

function createdMs(i: number, nowMs: number) {
  const e = ENTRIES[i] as Entry;
  // Seconds jitter so ages do not look machine-made.
  return nowMs - e.age * 60_000 - ((i * 37) % 60) * 1000;
}

/**
 * The mentions timeline, newest first.
 */
export function complaints(nowMs = Date.now()): PostSpec[] {
  const posts: PostSpec[] = ENTRIES.map((e, i) => {
    const ms = createdMs(i, nowMs);
    const spec: PostSpec = {
      id: snowflake(ms, i + 1),
      handle: e.h,
      name: e.n,
      text: e.t,
      createdAt: new Date(ms).toISOString(),
      kind: e.kind ?? 'normal',
    };
    if (e.by) spec.repostedBy = e.by;
    if (e.quoted) {
      const qms = nowMs - e.quoted.age * 60_000;
      spec.quoted = {
        id: snowflake(qms, 1),
        handle: e.quoted.h,
        name: e.quoted.n,
        text: e.quoted.t,
        createdAt: new Date(qms).toISOString(),
      };
    }
    return spec;
  });
  // X places ads a few posts down the timeline.
  const adMs = nowMs - 26 * 60 * 60_000;
  posts.splice(5, 0, {
    id: snowflake(adMs, 4000),
    handle: PROMOTED.h,
    name: PROMOTED.n,
    text: PROMOTED.t,
    createdAt: new Date(adMs).toISOString(),
    kind: 'promoted',
  });
  return posts;
}

const OFFICERS = ['rina.diskominfo', 'agus.commandcenter', 'maya.setda'];

/**
 * An assignment as the extension stores it: assigned at `assignedMs`, then responded and
 * resolved at the instants given (when given), each step in the history.
 */
export function storedAssignment(o: {
  id: string;
  handle: string;
  name: string;
  text: string;
  createdMs: number;
  departmentId: string;
  by: string;
  assignedMs: number;
  deadlineMs: number;
  respondedMs?: number;
  resolvedMs?: number;
  closureReason?: string;
}): Assignment {
  const iso = (ms: number) => new Date(ms).toISOString();
  const { by, departmentId } = o;
  const a: Assignment = {
    tweetId: o.id,
    post: {
      authorHandle: o.handle,
      authorName: o.name,
      text: o.text,
      createdAt: iso(o.createdMs),
      url: `https://x.com/${o.handle}/status/${o.id}`,
    },
    departmentId,
    status: 'open',
    assignedAt: iso(o.assignedMs),
    assignedBy: by,
    deadline: iso(o.deadlineMs),
    respondedAt: '',
    respondedBy: '',
    responseId: '',
    resolvedAt: '',
    closureReason: '',
    notes: [],
    history: [{ at: iso(o.assignedMs), by, action: 'assign', to: departmentId }],
    updatedAt: iso(o.assignedMs),
    updatedBy: by,
  };
  if (o.respondedMs !== undefined) {
    a.status = 'responded';
    a.respondedAt = iso(o.respondedMs);
    // Marked by hand: the default directory has no department handles to detect replies from.
    a.respondedBy = by;
    a.history.push({ at: a.respondedAt, by, action: 'respond' });
    a.updatedAt = a.respondedAt;
  }
  if (o.resolvedMs !== undefined) {
    a.status = 'resolved';
    a.resolvedAt = iso(o.resolvedMs);
    a.closureReason = o.closureReason ?? '';
    a.history.push({ at: a.resolvedAt, by, action: 'resolve', reason: a.closureReason });
    a.updatedAt = a.resolvedAt;
  }
  return a;
}

/**
 * Seeded assignments for about a third of the posts, so the first look shows every state:
 * open with time to spare, due soon, overdue, responded and resolved.
 */
export function demoAssignments(nowMs = Date.now()): Assignment[] {
  const SLA_MS = 24 * 60 * 60_000;
  const out: Assignment[] = [];
  ENTRIES.forEach((e, i) => {
    if (!e.demo || !e.d) return;
    const postMs = createdMs(i, nowMs);
    const assignedMs = postMs + (e.after ?? 20) * 60_000;
    const closed = e.demo === 'responded' || e.demo === 'resolved';
    // Responded well inside the SLA, and never in the future.
    const respondedMs = closed
      ? Math.min(assignedMs + 3 * 60 * 60_000, nowMs - 10 * 60_000)
      : undefined;
    const a = storedAssignment({
      id: snowflake(postMs, i + 1),
      handle: e.h,
      name: e.n,
      text: e.t,
      createdMs: postMs,
      departmentId: DEPT[e.d],
      by: OFFICERS[i % OFFICERS.length] as string,
      assignedMs,
      deadlineMs: assignedMs + SLA_MS,
      respondedMs,
      resolvedMs:
        e.demo === 'resolved' && respondedMs !== undefined
          ? Math.min(respondedMs + 2 * 60 * 60_000, nowMs - 5 * 60_000)
          : undefined,
      closureReason: 'Sudah ditangani petugas di lapangan',
    });
    if (i === ENTRIES.findIndex((x) => x.demo === 'overdue')) {
      a.notes.push('Sudah ditelepon, petugas Dinsos dijadwalkan besok pagi.');
    }
    out.push(a);
  });
  return out;
}
