/**
 * Identity changes: the same hull under a new name, callsign, IMO, MMSI or flag.
 *
 * Two views of "the same hull":
 * - one continuous track: an MMSI whose reported name, callsign or IMO
 *   changes (event mmsi [m]);
 * - one IMO number: a valid IMO reported by an MMSI that never used it before
 *   (event mmsi [previous, new]); the flag follows the MMSI's MID unless the
 *   source set VesselStatic.flag.
 * A new value counts once reported `minReports` times in a row, so a single
 * corrupted type 5 message is not a new identity. `flag_hopping` when the
 * hull's flag changed `flagHopChanges` times within `flagHopWindowDays`.
 * A return to an MMSI the IMO used before is not a new change (two hulls
 * sharing one IMO would otherwise flip back and forth for ever). Name and
 * callsign changes on an invalid or default-pattern MMSI (src/ref/mmsi.ts) are
 * not reported: such a number is heard from several hulls at once. The
 * vessel's identity-quality findings (a wrong IMO on a vessel that need not
 * carry one: README, "Identity quality") ride along as `identityQuality`.
 */
import type { VesselStatic } from '../records.js';
import { ruleOf, type DetectContext } from './context.js';
import type { Detector } from './detector.js';
import { isValidImo } from '../ref/imo.js';
import { flagOfMmsi, isSharedMmsi } from '../ref/mmsi.js';
import { eventId, isoTime } from '../events.js';
import { round } from './stats.js';
import { MmsiMap } from '../util/mmsi-map.js';

const DAY_MS = 86_400_000;

type Field = 'name' | 'callsign' | 'imo';
const FIELDS: readonly Field[] = ['name', 'callsign', 'imo'];

interface Candidate {
  value: string;
  count: number;
  firstT: number;
}

interface MmsiState {
  current: Record<Field, string | null>;
  cand: Record<Field, Candidate | null>;
  lastT: number;
}

interface Hull {
  imo: number;
  mmsi: number;
  flag: string | null;
  name: string | null;
  lastT: number;
  /** MMSIs that have used this IMO */
  used: Set<number>;
  /** times of flag changes */
  flagChanges: number[];
  cand: { mmsi: number; count: number; firstT: number } | null;
}


function norm(v: string | number | null): string | null {
  if (v == null) return null;
  const s = String(v).trim().toUpperCase().replace(/\s+/g, ' ');
  return s === '' || s === '0' ? null : s;
}

export class IdentityDetector implements Detector {
  readonly name = 'identity';
  readonly feed = 'every';
  private readonly mmsis = new MmsiMap<MmsiState>();
  private readonly hulls = new Map<number, Hull>();

  constructor(private readonly ctx: DetectContext) {}

  /** Nothing stays open: an identity change is emitted when the new value is confirmed. */
  flush(): void {
    return;
  }

  onStatic(rec: VesselStatic): void {
    let st = this.mmsis.get(rec.mmsi);
    if (!st) {
      st = {
        current: { name: null, callsign: null, imo: null },
        cand: { name: null, callsign: null, imo: null },
        lastT: rec.t,
      };
      this.mmsis.set(rec.mmsi, st);
    }
    const imoOk = rec.imo != null && isValidImo(rec.imo);
    const values: Record<Field, string | null> = {
      name: norm(rec.name),
      callsign: norm(rec.callsign),
      imo: imoOk ? String(rec.imo) : null,
    };
    const changed: { field: Field; from: string; to: string; since: number }[] = [];
    for (const f of FIELDS) {
      const v = values[f];
      if (v == null) continue;
      const cur = st.current[f];
      if (cur == null) {
        st.current[f] = v;
        continue;
      }
      if (v === cur) {
        st.cand[f] = null;
        continue;
      }
      const c = st.cand[f];
      if (c && c.value === v) c.count++;
      else st.cand[f] = { value: v, count: 1, firstT: rec.t };
      const cc = st.cand[f]!;
      if (cc.count >= this.ctx.params.identity.minReports) {
        changed.push({ field: f, from: cur, to: v, since: cc.firstT });
        st.current[f] = v;
        st.cand[f] = null;
      }
    }
    const prevT = st.lastT;
    st.lastT = rec.t;
    // an MMSI no station can have, or a default many hulls share (1193046, 412000000): its
    // names and callsigns flip between hulls, which is not one hull changing identity
    if (changed.length > 0 && !isSharedMmsi(rec.mmsi)) this.emitSameMmsi(rec, st, changed, prevT);
    if (imoOk) this.hull(rec);
  }

  /** Where the vessel was last seen (NaN, written as null, when it never sent a position). */
  private where(mmsi: number): { lat: number; lon: number } {
    const p = this.ctx.lastPosition(mmsi);
    return p ? { lat: round(p.lat, 5), lon: round(p.lon, 5) } : { lat: Number.NaN, lon: Number.NaN };
  }

  /** The vessel's identity-quality findings (runner facts), as evidence when there are any. */
  private quality(mmsi: number): { identityQuality?: string[] } {
    const q = this.ctx.vessel(mmsi)?.quality;
    return q && q.length > 0 ? { identityQuality: [...q] } : {};
  }

  private flagOf(rec: VesselStatic): string | null {
    return rec.flag ?? flagOfMmsi(rec.mmsi);
  }

  private hopping(h: Hull, t: number): boolean {
    const P = this.ctx.params.identity;
    const from = t - P.flagHopWindowDays * DAY_MS;
    return h.flagChanges.filter((x) => x >= from).length >= P.flagHopChanges;
  }

  private emitSameMmsi(rec: VesselStatic, st: MmsiState, changed: { field: Field; from: string; to: string; since: number }[], prevT: number): void {
    const flags = changed.map((c) => `${c.field}_change`);
    const since = Math.min(...changed.map((c) => c.since));
    const start = Math.min(prevT, since);
    const evidence: Record<string, string | number | null> = {};
    for (const c of changed) {
      evidence[`${c.field}From`] = c.from;
      evidence[`${c.field}To`] = c.to;
    }
    const imo = st.current.imo;
    evidence['imo'] = imo == null ? null : Number(imo);
    evidence['flag'] = this.flagOf(rec);
    this.ctx.emit({
      id: eventId('identity_change', [rec.mmsi], rec.t),
      type: 'identity_change',
      start: isoTime(start),
      end: isoTime(rec.t),
      mmsi: [rec.mmsi],
      ...this.where(rec.mmsi),
      confidence: changed.some((c) => c.field === 'imo') ? 0.6 : 0.8,
      flags,
      rule: ruleOf(this.ctx, 'identity_change', 'identity'),
      evidence: { ...evidence, reports: this.ctx.params.identity.minReports, ...this.quality(rec.mmsi), statics: [`${rec.mmsi}:${rec.t}`] },
    });
  }

  private hull(rec: VesselStatic): void {
    const imo = rec.imo!;
    const flag = this.flagOf(rec);
    const name = norm(rec.name);
    const h = this.hulls.get(imo);
    if (!h) {
      this.hulls.set(imo, { imo, mmsi: rec.mmsi, flag, name, lastT: rec.t, used: new Set([rec.mmsi]), flagChanges: [], cand: null });
      return;
    }
    if (rec.mmsi === h.mmsi) {
      h.lastT = rec.t;
      h.cand = null;
      if (name) h.name = name;
      return;
    }
    if (h.used.has(rec.mmsi)) return;
    if (h.cand && h.cand.mmsi === rec.mmsi) h.cand.count++;
    else h.cand = { mmsi: rec.mmsi, count: 1, firstT: rec.t };
    if (h.cand.count < this.ctx.params.identity.minReports) return;
    const flags = ['mmsi_change'];
    const flagChanged = flag != null && h.flag != null && flag !== h.flag;
    if (flagChanged) {
      flags.push('flag_change');
      h.flagChanges.push(rec.t);
    }
    if (name && h.name && name !== h.name) flags.push('name_change');
    if (flagChanged && this.hopping(h, rec.t)) flags.push('flag_hopping');
    const old = h.mmsi;
    const mmsi = [old, rec.mmsi];
    this.ctx.emit({
      id: eventId('identity_change', mmsi, h.cand.firstT),
      type: 'identity_change',
      start: isoTime(Math.min(h.lastT, h.cand.firstT)),
      end: isoTime(h.cand.firstT),
      mmsi,
      ...this.where(rec.mmsi),
      confidence: 0.9,
      flags,
      rule: ruleOf(this.ctx, 'identity_change', 'identity'),
      evidence: {
        imo,
        mmsiFrom: old,
        mmsiTo: rec.mmsi,
        nameFrom: h.name,
        nameTo: name,
        flagFrom: h.flag,
        flagTo: flag,
        flagChangesInWindow: h.flagChanges.filter((x) => x >= rec.t - this.ctx.params.identity.flagHopWindowDays * DAY_MS).length,
        ...this.quality(rec.mmsi),
        statics: [`${old}:${h.lastT}`, `${rec.mmsi}:${h.cand.firstT}`],
      },
    });
    h.used.add(rec.mmsi);
    h.mmsi = rec.mmsi;
    h.flag = flag;
    if (name) h.name = name;
    h.lastT = rec.t;
    h.cand = null;
  }
}
