/**
 * New default keywords for a directory already in use. The default lists (departments.ts) get
 * better between versions; a browser or a team that stored its directory before keeps the old
 * ones unless it takes the new ones here.
 *
 * A directory records the version of the defaults it last took (`keywordDefaults`, a team
 * setting: one directory, one record). Taking a newer version is a three-way merge per default
 * department, with the defaults it took as the base: a keyword the new defaults add is added, one
 * they drop is dropped; what the team did on purpose stays. A keyword the team removed was in
 * the base, so it is not added again; one the team added is not in the base, so it is never
 * dropped; a new default already held by another department stays where the team put it. A
 * department the team made is left alone, and one it removed is not brought back.
 */
import { DEFAULT_DEPARTMENTS } from './departments';
import { MAX_KEYWORDS } from './schemas/department';
import type { Department } from './types';

/** The version of the default keywords in departments.ts. */
export const DEFAULT_KEYWORDS_VERSION = 2;

/** The version a directory that records none took: the first lists, shipped before versions. */
export const FIRST_KEYWORDS_VERSION = 1;

/**
 * Each earlier version's default keywords, per department id. Before changing the lists in
 * departments.ts, copy them here under the current version, then raise the version above.
 */
const EARLIER: Readonly<Record<number, Readonly<Record<string, string>>>> = {
  1: {
    dsdabm: `
      jalan rusak, jalan berlubang, jalan bolong, berlubang, lubang, bolong, aspal,
      jalan amblas, amblas, tambal jalan, trotoar, jembatan, drainase, gorong-gorong, selokan,
      solokan, got mampet, saluran air, cileuncang, galian
    `,
    dlh: `
      sampah, runtah, sampah numpuk, sampah berserakan, buang sampah, bakar sampah,
      tidak diangkut, belum diangkut, ga diangkut, tps, tps liar, tpa, truk sampah, bau busuk,
      limbah, pencemaran, tercemar, polusi, kebersihan
    `,
    dishub: `
      macet, kemacetan, parkir, parkir liar, tukang parkir, juru parkir, jukir, tarif parkir,
      angkot, ngetem, trayek, lampu merah mati, lampu lalu lintas, traffic light, apill,
      lampu jalan, lampu jalan mati, penerangan jalan, pju, rambu, marka jalan, halte,
      terminal
    `,
    dinkes: `
      puskesmas, pustu, bpjs, kis, dbd, demam berdarah, fogging, jentik, posyandu, imunisasi,
      vaksin, stunting, gizi buruk, nakes, bidan, obat, klinik, diare, tbc
    `,
    rsud: `
      rsud, rumah sakit, rs, igd, ugd, icu, rawat inap, pasien ditolak, kamar penuh,
      kamar rawat, antrean rs, ambulans, rujukan, cuci darah
    `,
    dinsos: `
      bansos, bantuan sosial, pkh, bpnt, blt, sembako, dtks, dtsen, odgj, gangguan jiwa,
      gelandangan, pengemis, manusia gerobak, anak jalanan, anjal, terlantar, lansia,
      disabilitas, keluarga miskin
    `,
    disdukcapil: `
      ktp, e-ktp, ktp-el, kartu keluarga, kk, akta kelahiran, akta kematian, akta, blangko,
      kartu identitas anak, kia, nik, pindah domisili, domisili, surat pindah, adminduk,
      dukcapil
    `,
    'diskar-pb': `
      kebakaran, terbakar, si jago merah, damkar, pemadam, pemadam kebakaran, hidran, apar,
      korsleting, sarang tawon, tawon, sarang lebah, ular, evakuasi ular, evakuasi hewan
    `,
    pdam: `
      pdam, pam, air pam, air ledeng, tirtawening, air mati, air tidak mengalir,
      air ga ngalir, air kecil, air keruh, keruh, air bersih, pipa bocor, pipa pecah,
      meteran air, tagihan air
    `,
    disdik: `
      sekolah, ppdb, zonasi, guru, guru honorer, murid, siswa, ijazah, pungutan sekolah,
      pungli sekolah, uang bangunan, seragam, kartu indonesia pintar, kip, paud, beasiswa
    `,
    'satpol-pp': `
      pkl, pedagang kaki lima, lapak, bangunan liar, reklame liar, spanduk liar, baliho liar,
      ketertiban, penertiban, miras, minuman keras, tempat hiburan, karaoke, balap liar,
      knalpot brong, trotoar dipakai jualan, satpol pp
    `,
    dpmptsp: `
      izin, perizinan, izin usaha, izin mendirikan, pbg, imb, slf, nib, oss, izin reklame,
      mpp, mal pelayanan publik, investasi
    `,
    dkukm: `
      umkm, ukm, koperasi, kredit usaha rakyat, kur, kredit, kredit melati, pinjaman modal,
      modal usaha, rentenir, bank emok
    `,
    bpbd: `
      banjir, kebanjiran, banjir bandang, longsor, tanah longsor, puting beliung,
      angin kencang, gempa, bencana, rawan bencana, pengungsi, evakuasi, evakuasi warga,
      tanggul, tanggul jebol
    `,
    diskominfo: `
      wifi, internet, sinyal, aplikasi, website, situs, situs pemkot, cctv, hoaks, hoax,
      data pribadi, server
    `,
    dpkp: `
      taman, pohon tumbang, pohon, dahan, ranting, rutilahu, rumah tidak layak huni,
      pemakaman, makam, tpu, fasum, fasos, ruang terbuka hijau, rth
    `,
  },
};

const list = (text: string) =>
  text
    .split(',')
    .map((k) => k.trim())
    .filter((k) => k !== '');

/** The default keywords of a version, per department id; undefined for a version not known. */
export function defaultKeywordsOf(
  version: number,
): ReadonlyMap<string, readonly string[]> | undefined {
  if (version === DEFAULT_KEYWORDS_VERSION)
    return new Map(DEFAULT_DEPARTMENTS.map((d) => [d.id, d.keywords]));
  const earlier = EARLIER[version];
  return earlier && new Map(Object.entries(earlier).map(([id, text]) => [id, list(text)]));
}

/**
 * The departments of `directory` whose keywords change when it takes the current defaults,
 * having taken version `from`; none when it is up to date or `from` is not known.
 */
export function withNewDefaultKeywords(
  directory: readonly Department[],
  from: number,
): Department[] {
  const base = from < DEFAULT_KEYWORDS_VERSION ? defaultKeywordsOf(from) : undefined;
  const fresh = defaultKeywordsOf(DEFAULT_KEYWORDS_VERSION)!;
  if (!base) return [];
  const kept = directory.map((d) => {
    const now = new Set(fresh.get(d.id) ?? []);
    const dropped = new Set((base.get(d.id) ?? []).filter((k) => !now.has(k)));
    return fresh.has(d.id) ? d.keywords.filter((k) => !dropped.has(k)) : d.keywords;
  });
  const held = new Set(kept.flat());
  const changed: Department[] = [];
  directory.forEach((d, i) => {
    const defaults = fresh.get(d.id);
    if (!defaults) return;
    const was = new Set(base.get(d.id) ?? []);
    const keywords = [...kept[i]!];
    for (const k of defaults) {
      if (keywords.length >= MAX_KEYWORDS) break;
      if (was.has(k) || held.has(k)) continue;
      keywords.push(k);
      held.add(k);
    }
    const same =
      keywords.length === d.keywords.length && keywords.every((k, j) => k === d.keywords[j]);
    if (!same) changed.push({ ...d, keywords });
  });
  return changed;
}
