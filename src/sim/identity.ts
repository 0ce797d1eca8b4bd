/**
 * Identities for simulated vessels: MMSIs by flag (MID), IMO numbers with a valid (or
 * deliberately wrong) check digit, names and callsigns in the styles seen off Nampo.
 */
import type { Rng } from './prng.js';
import { classifyMmsi } from '../ref/mmsi.js';

/** MID -> [ISO 3166 alpha-2, callsign prefixes] for the flags the scenario uses */
export const FLAGS: Record<number, [string, string[]]> = {
  412: ['CN', ['BZ', 'BY', 'BV']],
  413: ['CN', ['BZ', 'BY', 'BQ']],
  414: ['CN', ['BZ', 'BV']],
  445: ['KP', ['HM', 'HMB', 'HMY']],
  511: ['PW', ['T8A']],
  341: ['KN', ['V4']],
  667: ['SL', ['9LU', '9LY']],
  352: ['PA', ['3E', 'HO', 'H3']],
  620: ['KM', ['D6A']],
  613: ['CM', ['TJM']],
  457: ['MN', ['JVA', 'JVB']],
  514: ['KH', ['XUA', 'XUF']],
};

export const FOC_MIDS = [511, 341, 667, 352, 620, 613, 457, 514] as const;
export const CN_MIDS = [412, 413, 414] as const;

export function flagOf(mmsi: number): string | null {
  const e = FLAGS[Math.floor(mmsi / 1e6)];
  return e ? e[0] : null;
}

/** IMO check digit: digits weighted 7..2, sum mod 10 (IMO Resolution A.1078(28)) */
export function imoCheckDigit(first6: number): number {
  const s = String(first6).padStart(6, '0');
  let sum = 0;
  for (let k = 0; k < 6; k++) sum += Number(s[k]) * (7 - k);
  return sum % 10;
}

export function makeImo(rng: Rng, valid = true): number {
  const first6 = rng.int(800000, 989999);
  const cd = imoCheckDigit(first6);
  return first6 * 10 + (valid ? cd : (cd + rng.int(1, 9)) % 10);
}

export function isValidImo(imo: number): boolean {
  return imo >= 1000000 && imo <= 9999999 && imo % 10 === imoCheckDigit(Math.floor(imo / 10));
}

/** the 6 digits after the MID look like a real assignment: no runs of 4+, no trailing 000 */
function plausibleTail(t: number): boolean {
  const s = String(t).padStart(6, '0');
  if (s.endsWith('000')) return false;
  return !/(\d)\1\1\1/.test(s);
}

export class IdentityPool {
  private readonly usedMmsi = new Set<number>();
  private readonly usedImo = new Set<number>();
  private readonly usedNames = new Set<string>();

  constructor(private readonly rng: Rng) {}

  reserve(mmsi: number): void {
    this.usedMmsi.add(mmsi);
  }

  mmsi(mid: number): number {
    for (;;) {
      const tail = this.rng.int(100000, 999999);
      const m = mid * 1e6 + tail;
      // nor a number the detector rightly takes for a default (413413413, drawn once in seed 401)
      if (!plausibleTail(tail) || this.usedMmsi.has(m) || classifyMmsi(m).suspicion !== null) continue;
      this.usedMmsi.add(m);
      return m;
    }
  }

  imo(valid = true): number {
    for (;;) {
      const i = makeImo(this.rng, valid);
      if (this.usedImo.has(i) || (!valid && isValidImo(i))) continue;
      this.usedImo.add(i);
      return i;
    }
  }

  callsign(mid: number): string {
    const prefixes = FLAGS[mid]?.[1] ?? ['X'];
    const p = this.rng.pick(prefixes);
    let s = p;
    while (s.length < 6) s += String(this.rng.int(0, 9));
    return s;
  }

  /** a name not used yet in this scenario, in the style of `style` */
  name(style: 'cn_fishing' | 'cn_merchant' | 'kp' | 'foc'): string {
    for (;;) {
      const n = this.rawName(style);
      if (n.length > 20 || this.usedNames.has(n)) continue;
      this.usedNames.add(n);
      return n;
    }
  }

  private rawName(style: 'cn_fishing' | 'cn_merchant' | 'kp' | 'foc'): string {
    const r = this.rng;
    switch (style) {
      case 'cn_fishing':
        return `${r.pick(['LU RONG YU', 'LIAO DAN YU', 'LIAO DA ZHONG YU', 'ZHE DAI YU', 'LU YAN YU', 'JIN GU YU', 'HE BEI YU'])} ${r.int(100, 99999)}`;
      case 'cn_merchant':
        return `${r.pick(['XIN', 'HUA', 'HAI', 'DA', 'JIN', 'YONG', 'SHUN'])} ${r.pick(['HAI', 'FENG', 'XIANG', 'TONG', 'DA', 'SHENG', 'YUAN'])} ${r.int(1, 99)}`;
      case 'kp':
        return r.chance(0.5)
          ? `${r.pick(['CHON MA', 'KUM UN', 'PAEK MA', 'RYE SONG', 'SAM JONG', 'JI SONG', 'MYONG RYU', 'PO THONG'])} ${r.pick(['SAN', 'GANG', 'BONG'])}${r.chance(0.5) ? ` ${r.int(1, 9)}` : ''}`
          : `${r.pick(['YU SON', 'SAEBYOL', 'AN SAN', 'WOL BONG', 'NAM SAN', 'KUM BYOL', 'UN PHA', 'RA NAM'])} ${r.int(1, 9)}`;
      case 'foc':
        return `${r.pick(['NEW', 'OCEAN', 'GOLDEN', 'GRAND', 'BLUE', 'SUN', 'EVER', 'SEA', 'ASIA'])} ${r.pick(['REGENT', 'STAR', 'GLORY', 'HOPE', 'PEACE', 'LUCKY', 'FORTUNE', 'VICTORY', 'UNITY', 'PEARL'])}${r.chance(0.6) ? ` ${r.int(1, 88)}` : ''}`;
    }
  }
}
