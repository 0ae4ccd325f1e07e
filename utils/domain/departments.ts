/**
 * The default directory: the SKPD of a typical Indonesian city, modelled on Bandung.
 * Seeded once into IndexedDB; after that the admin's edits win (see `seedDepartments`). A
 * directory in use takes changed keywords through default-keywords.ts: copy the lists there
 * under the current version before changing them here, then raise the version.
 *
 * Handles are empty on purpose: a guessed handle would make response detection trust the
 * wrong account. Colours keep white text at ≥ 4.5:1 and stay visible on X's dark themes
 * (checked in departments.test.ts).
 *
 * Keywords are lower case, in the words citizens write: everyday Indonesian and its slang
 * ("bolong", "numpuk", "ga diangkut"), common misspellings and short forms ("lobang", "akte",
 * "gorong2"), Sundanese ("runtah", "solokan", "caah") and Javanese ("dalan rusak", "bangjo",
 * "kobongan"), and each office's own name. They are matched as whole words and phrases, with
 * no stemming (keyword-match.ts), so the forms citizens use are listed ("lubangnya",
 * "kebanjiran"). A keyword belongs to one department only.
 *
 * What stays out: words that mostly name a place or who is affected rather than the problem.
 * "SDN", "lampu merah", "perumahan" or "lansia" would route "the road by SDN 3" to schools,
 * "beggars at the traffic lights" to transport and "flood water reaching the elderly" to social
 * affairs ("lampu merah mati" is in). So do words with a second everyday meaning: "izin" alone
 * is how many posts ask leave to ask a question ("izin tanya, min"), so only permit phrases are
 * in. Measured in routing-accuracy.test.ts.
 */
import type { Department } from './types';

type Entry = Omit<Department, 'handle' | 'slaHours' | 'order'>;

/** A keyword list written as text: one keyword between commas or line breaks. */
const words = (text: string): string[] =>
  text
    .split(/[,\n]/)
    .map((w) => w.trim())
    .filter((w) => w !== '');

const entries: Entry[] = [
  {
    id: 'dsdabm',
    name: 'Dinas Sumber Daya Air dan Bina Marga',
    shortName: 'DSDABM',
    color: '#7A4A24',
    keywords: [
      // Roads and bridges
      ...words(`
        jalan rusak, jalan berlubang, jalan bolong, jalan amblas, jalan ambles, jalan retak,
        jalan hancur, jalan ancur, jalan ambrol, jalan jelek, jalanan rusak, jalannya rusak,
        jln rusak, perbaikan jalan, jalan bergelombang, bergelombang, berlubang, berlobang, lubang,
        lubangnya, lubang2, lobang, lobangnya, bolong, bolongnya, bolong2, amblas, ambles, aspal,
        aspalnya, diaspal, pengaspalan, hotmix, betonisasi, tambal jalan, tambal sulam, ditambal,
        penambalan, trotoar, trotoarnya, jembatan, jembatannya, jembatan gantung, galian, dinas pu,
        pupr, bina marga, dsdabm
      `),
      // Drainage
      ...words(`
        drainase, drainasenya, drenase, gorong-gorong, gorong2, selokan, selokannya, slokan, got,
        gotnya, got mampet, parit, saluran air, saluran drainase, mampet, tersumbat, normalisasi,
        dinormalisasi, dikeruk, pengerukan, sedimentasi, genangan, genangan air, tergenang, irigasi
      `),
      // Sundanese and Javanese
      ...words(`
        solokan, susukan, cileuncang, jalan ruksak, jalan butut, dalan rusak, dalane rusak,
        dalan bolong, dalane bolong, dalan ajur, dalane ajur, jeglongan, kalen, sasak, kreteg
      `),
    ],
  },
  {
    id: 'dlh',
    name: 'Dinas Lingkungan Hidup',
    shortName: 'DLH',
    color: '#307401',
    keywords: [
      ...words(`
        sampah, sampahnya, sampah2, sampah numpuk, numpuk sampah, tumpukan sampah, sampah menumpuk,
        sampah berserakan, sampah liar, sampah plastik, sampah daun, buang sampah,
        pembuangan sampah, bakar sampah, pembakaran sampah, tempat sampah, tong sampah, bak sampah,
        gerobak sampah, truk sampah, petugas sampah, angkut sampah, pengangkutan sampah,
        iuran sampah, retribusi sampah, bank sampah, pilah sampah, tidak diangkut, belum diangkut,
        ga diangkut, gak diangkut, nggak diangkut, tps, tps liar, tpa, bau sampah, bau busuk,
        disapu, penyapu, penyapuan, kebersihan, petugas kebersihan, pasukan kuning
      `),
      // Pollution
      ...words(`
        limbah, limbah pabrik, limbah b3, limbah medis, pencemaran, tercemar, mencemari,
        sungai tercemar, kali tercemar, ikan mati, polusi, polusi udara, asap pabrik, asap hitam,
        pabrik, uji emisi, amdal, dlh, dinas lingkungan hidup
      `),
      // Sundanese and Javanese
      ...words(`
        runtah, runtahna, miceun runtah, ngaduruk runtah, teu diangkut, uwuh, ngobong sampah
      `),
    ],
  },
  {
    id: 'dishub',
    name: 'Dinas Perhubungan',
    shortName: 'Dishub',
    color: '#0168B2',
    keywords: [
      // Traffic lights and street lights ("lampu merah" alone names a place: see above)
      ...words(`
        lampu merah mati, lampu merahnya mati, lampu merah rusak, lampu merah padam,
        lampu lalu lintas, lampu lalin, traffic light, apill, lampu jalan, lampu jalan mati,
        lampu jalannya, penerangan jalan, lampu penerangan, pju, lampu pju
      `),
      // Traffic, parking and public transport
      ...words(`
        macet, macetnya, kemacetan, lalu lintas, lalin, arus lalu lintas, rekayasa lalu lintas,
        tabrakan, rawan kecelakaan, parkir, parkir liar, parkir sembarangan, tukang parkir,
        juru parkir, jukir, tarif parkir, karcis parkir, retribusi parkir, pak ogah, angkot,
        angkotnya, ngetem, trayek, sopir angkot, supir angkot, bus kota, damri, halte, terminal,
        rambu, rambu lalu lintas, marka jalan, marka, zebra cross, polisi tidur, uji kir, dishub,
        dinas perhubungan
      `),
      // Sundanese and Javanese
      ...words(`stopan, lampu stopan, setopan, bangjo, lampu bangjo`),
    ],
  },
  {
    id: 'dinkes',
    name: 'Dinas Kesehatan',
    shortName: 'Dinkes',
    color: '#0A7363',
    keywords: [
      ...words(`
        puskesmas, puskesmasnya, pukesmas, pustu, posyandu, imunisasi, vaksin, vaksinasi, bpjs,
        bpjs kesehatan, jkn, kis, kartu indonesia sehat, kesehatan, layanan kesehatan, nakes, bidan,
        obat, klinik, psc 119
      `),
      // Diseases and outbreaks
      ...words(`
        dbd, demam berdarah, fogging, foging, pengasapan, jentik, nyamuk, diare, muntaber, tbc,
        campak, cacar, polio, difteri, hepatitis, wabah, kejadian luar biasa, keracunan,
        keracunan makanan, stunting, gizi buruk, kurang gizi, busung lapar, dinkes, dinas kesehatan
      `),
    ],
  },
  {
    id: 'rsud',
    name: 'Rumah Sakit Umum Daerah Kota Bandung',
    shortName: 'RSUD',
    color: '#C90755',
    keywords: [
      ...words(`
        rsud, rsu, rumah sakit, rumah sakitnya, rs, igd, ugd, icu, nicu, picu, rawat inap,
        rawat jalan, ruang rawat, kamar rawat, kamar penuh, bed penuh, bangsal, pasien, pasiennya,
        pasien ditolak, ditolak rs, antrean rs, antrian rs, poli, poliklinik, rujukan, dirujuk,
        cuci darah, hemodialisa, jadwal operasi, perawat, dokter jaga, dokter spesialis
      `),
    ],
  },
  {
    id: 'dinsos',
    name: 'Dinas Sosial',
    shortName: 'Dinsos',
    color: '#9D37B3',
    keywords: [
      // Social aid
      ...words(`
        bansos, bantuan sosial, pkh, program keluarga harapan, bpnt, bantuan pangan,
        bantuan pangan non tunai, blt, sembako, paket sembako, dtks, dtsen, kks,
        kartu keluarga sejahtera, e-warung, ewarung, kpm, pbi, pendamping pkh, kebagian bantuan,
        dinsos, dinas sosial
      `),
      // Poverty and neglect
      ...words(`
        keluarga miskin, warga miskin, miskin, kemiskinan, fakir miskin, kurang mampu,
        keluarga tidak mampu, warga tidak mampu, dhuafa, kelaparan, ga makan, gak makan,
        tidak makan, belum makan, terlantar, telantar, lansia terlantar, hidup sendiri,
        hidup sendirian, tinggal sendirian, sebatang kara, jompo, panti jompo, panti werdha,
        panti asuhan, yatim, yatim piatu, anak yatim, disabilitas
      `),
      // People on the street
      ...words(`
        gelandangan, tunawisma, tuna wisma, pengemis, ngemis, mengemis, pengamen, ngamen,
        manusia silver, manusia gerobak, badut jalanan, anak jalanan, anjal, kolong jembatan,
        emperan, tidur di trotoar, rumah singgah, rehabilitasi sosial, odgj, gangguan jiwa,
        orang gila
      `),
      // Sundanese and Javanese
      ...words(`
        malarat, kabagean bantuan, teu kabagean, teu dahar, mlarat, ora mangan, keduman bantuan
      `),
    ],
  },
  {
    id: 'disdukcapil',
    name: 'Dinas Kependudukan dan Pencatatan Sipil',
    shortName: 'Disdukcapil',
    color: '#475569',
    keywords: [
      ...words(`
        ktp, ktpnya, e-ktp, ektp, ktp-el, ktp elektronik, rekam ktp, perekaman, cetak ktp,
        kartu keluarga, kk, akta kelahiran, akta kematian, akta lahir, akta perkawinan, akta, akte,
        akte kelahiran, blangko, blanko, kartu identitas anak, kia, nik, nik ganda, data ganda,
        nomor induk kependudukan, ikd, identitas kependudukan digital, pindah domisili, domisili,
        surat pindah, pindah datang, skpwni, adminduk, kependudukan, data kependudukan,
        catatan sipil, capil, dukcapil, disdukcapil
      `),
    ],
  },
  {
    id: 'diskar-pb',
    name: 'Dinas Kebakaran dan Penanggulangan Bencana',
    shortName: 'Diskar PB',
    color: '#C62024',
    keywords: [
      // Fire
      ...words(`
        kebakaran, terbakar, kebakar, hangus, si jago merah, kobaran api, api membesar, damkar,
        pemadam, pemadam kebakaran, alat pemadam, hidran, hydrant, apar, korsleting, korslet,
        konsleting, arus pendek, gas bocor, tabung gas bocor, elpiji bocor, lpg bocor
      `),
      // Rescue
      ...words(`
        sarang tawon, tawon, tawon vespa, sarang lebah, lebah, ular, ular kobra, ular masuk rumah,
        evakuasi ular, evakuasi hewan, biawak, kucing terjebak, kucing terjepit, evakuasi kucing,
        cincin, terkunci, kekunci, penyelamatan, rescue, tim rescue
      `),
      // Sundanese and Javanese
      ...words(`kahuruan, kaduruk, kobongan, kobong`),
    ],
  },
  {
    id: 'pdam',
    name: 'Perumda Air Minum Tirtawening',
    shortName: 'PDAM',
    color: '#0D6F84',
    keywords: [
      ...words(`
        pdam, pam, air pam, air pdam, air ledeng, ledeng, tirtawening, air mati, airnya mati,
        air tidak mengalir, air ga ngalir, air gak ngalir, air nggak ngalir, air ngga ngalir,
        air kecil, airnya kecil, tekanan air, debit air, air keruh, airnya keruh, keruh, air bau,
        bau kaporit, kaporit, air bersih, keran, kran, air keran, air kran, pipa bocor, pipa pecah,
        pipa pdam, kebocoran pipa, meteran air, water meter, tagihan air, tagihan pdam,
        sambungan baru, sambungan air, mobil tangki, tangki air
      `),
      // Sundanese and Javanese
      ...words(`
        cai pam, cai pdam, cai pareum, teu ngocor, banyu mati, banyune mati, banyu pdam, ora mili
      `),
    ],
  },
  {
    id: 'disdik',
    name: 'Dinas Pendidikan',
    shortName: 'Disdik',
    color: '#4D57D5',
    keywords: [
      ...words(`
        sekolah, sekolahnya, sekolah negeri, ppdb, spmb, zonasi, guru, gurunya, guru honorer,
        wali kelas, kepala sekolah, kepsek, murid, siswa, siswi, ijazah, rapor, raport,
        pungutan sekolah, pungli sekolah, uang bangunan, uang gedung, sumbangan sekolah, spp,
        seragam, buku paket, lks, study tour, studi tour, koperasi sekolah, kartu indonesia pintar,
        kip, pip, paud, beasiswa, kelas, ruang kelas, kegiatan belajar mengajar, kbm, disdik,
        dinas pendidikan
      `),
      // Sundanese and Javanese
      ...words(`sakola, sakolana, sekolahan, sekolahe`),
    ],
  },
  {
    id: 'satpol-pp',
    name: 'Satuan Polisi Pamong Praja',
    shortName: 'Satpol PP',
    color: '#656A00',
    keywords: [
      // Street trade and illegal structures ("trotoar" alone is a road matter)
      ...words(`
        pkl, pedagang kaki lima, lapak, lapak liar, pedagang liar, jualan di trotoar,
        jualan di atas trotoar, dagang di trotoar, berjualan di trotoar, trotoar dipakai jualan,
        bangunan liar, bangli, reklame liar, spanduk liar, baliho liar, poster liar
      `),
      // Public order and peace
      ...words(`
        ketertiban, penertiban, ditertibkan, tertibkan, trantib, miras, minuman keras, ciu, tuak,
        oplosan, mabuk, mabok, tempat hiburan, hiburan malam, karaoke, remang-remang, remang2,
        prostitusi, balap liar, balapan liar, trek-trekan, trek2an, knalpot brong, knalpot bising,
        knalpot racing, geng motor, tawuran, berisik, bising, kebisingan, sound system, petasan,
        judi, perjudian, sabung ayam, satpol pp, satpol, pamong praja
      `),
    ],
  },
  {
    id: 'dpmptsp',
    name: 'Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu',
    shortName: 'DPMPTSP',
    color: '#836000',
    keywords: [
      ...words(`
        izinnya, perizinan, perijinan, urus izin, ngurus izin, ngurus ijin, izin lingkungan,
        bikin izin, buat izin, mengurus izin, pengurusan izin, syarat izin, izin usaha, ijin usaha,
        izin mendirikan, izin bangunan, ijin bangunan, izin operasional, izin reklame, pbg, imb,
        slf, sertifikat laik fungsi, nib, oss, oss rba, siup, tdp, mpp, mal pelayanan publik,
        investasi, investor, penanaman modal, pelayanan terpadu, ptsp, dpmptsp
      `),
    ],
  },
  {
    id: 'dkukm',
    name: 'Dinas Koperasi dan Usaha Kecil dan Menengah',
    shortName: 'DKUKM',
    color: '#C10385',
    keywords: [
      ...words(`
        umkm, ukm, usaha mikro, usaha kecil, pelaku usaha, koperasi, koperasi simpan pinjam,
        kredit usaha rakyat, kur, kredit, kredit melati, pinjaman modal, modal usaha, bantuan modal,
        rentenir, renternir, lintah darat, bank emok, bank keliling, pelatihan umkm, bazar umkm,
        sertifikasi halal, dkukm, dinas koperasi
      `),
    ],
  },
  {
    id: 'bpbd',
    name: 'Badan Penanggulangan Bencana Daerah',
    shortName: 'BPBD',
    color: '#B84A00',
    keywords: [
      // Floods
      ...words(`
        banjir, banjirnya, kebanjiran, banjir bandang, banjir kiriman, banjir rob, terendam,
        air masuk, meluap, sungai meluap, air sungai naik, luapan, setinggi lutut, selutut,
        sepinggang, setinggi pinggang, sepaha, sedada, tanggul, tanggul jebol, tanggul sungai,
        perahu, perahu karet
      `),
      // Landslides, storms, earthquakes and drought
      ...words(`
        longsor, longsoran, tanah longsor, tebing longsor, pergerakan tanah, tanah bergerak,
        tanah retak, puting beliung, angin puting beliung, angin kencang, angin ribut, angin topan,
        hujan es, pohon tumbang, pohon roboh, tumbang, gempa, gempa bumi, kekeringan
      `),
      // Disaster response
      ...words(`
        bencana, bencana alam, korban bencana, rawan bencana, tanggap darurat, mitigasi,
        peringatan dini, pengungsi, pengungsian, mengungsi, ngungsi, evakuasi warga, dievakuasi,
        posko bencana, posko banjir, posko pengungsian, dapur umum, bpbd
      `),
      // Sundanese and Javanese
      ...words(`caah, kakeueum, keueum, diungsikeun, kerendem, lindu, lesus`),
    ],
  },
  {
    id: 'diskominfo',
    name: 'Dinas Komunikasi dan Informatika',
    shortName: 'Diskominfo',
    color: '#6B3FA0',
    keywords: [
      ...words(`
        wifi, wifi gratis, wifi publik, hotspot, internet, jaringan internet, sinyal, aplikasi,
        website, web, situs, situs pemkot, web pemkot, layanan online, server, server down, cctv,
        hoaks, hoax, berita bohong, data pribadi, kebocoran data, data bocor, diretas, dihack,
        di-hack, hacker, peretasan, judi online, judol, kabel fiber, kabel optik, kabel semrawut,
        kabel menjuntai, kabel internet, informasi publik, ppid, diskominfo, kominfo
      `),
    ],
  },
  {
    id: 'dpkp',
    name: 'Dinas Perumahan dan Kawasan Permukiman, Pertanahan dan Pertamanan',
    shortName: 'DPKP',
    color: '#047543',
    keywords: [
      // Housing and settlements
      ...words(`
        rutilahu, rumah tidak layak huni, rumah ga layak huni, bedah rumah, bantuan rumah,
        perbaikan rumah, rumah reyot, rusun, rusunawa, rumah susun, sewa rusun, kawasan kumuh,
        permukiman kumuh, pemukiman kumuh, penataan kawasan, rumah hampir roboh, rumah mau roboh,
        rumah bilik, psu, developer, pengembang, fasum, fasos, pertanahan, aset pemkot,
        tanah pemkot
      `),
      // Parks, trees and cemeteries
      ...words(`
        taman, taman bermain, ruang terbuka hijau, rth, pangkas pohon, pemangkasan pohon,
        potong pohon, tebang pohon, penebangan pohon, pohon rawan tumbang, pohon lapuk, dahan,
        ranting, pemakaman, makam, kuburan, tpu, lahan makam, dpkp
      `),
      // Sundanese and Javanese
      ...words(`imah rubuh, imah butut, bantuan imah`),
    ],
  },
];

export const DEFAULT_DEPARTMENTS: Department[] = entries.map((entry, index) => ({
  ...entry,
  handle: '',
  slaHours: 24,
  order: index + 1,
}));
