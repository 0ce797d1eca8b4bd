/**
 * AIS gaps (GFW): an MMSI with no position for `minGapH` (shorter gaps from
 * `shortGapH` are "short" and only reported when `emitShort`). The event spans
 * the silence, sits at the last fix before it, and carries the implied speed
 * between its two ends.
 *
 * `likely_disabling` (GFW's "intentional disabling" test, with reception
 * judged from the user's own data rather than a frozen reception layer): the gap
 * starts more than `disablingShoreNm` from shore, the vessel sent more than
 * `minPositionsPerDay` positions in the 24 h before, and other vessels were
 * heard around the gap's ends (3x3 cells of `receptionCellDeg`) in at least
 * `minReceptionFraction` of its hours.
 *
 * Hot path: every position updates a fixed-size hourly ring per MMSI and one
 * typed-array cell stamp; a cell's list of heard hours grows once per hour.
 */
import type { Position } from '../records.js';
import { HOUR_MS, ruleOf, withdrawnNotice, type DetectContext } from './context.js';
import type { Detector } from './detector.js';
import { M_PER_NM, haversineM, knots } from '../geo/distance.js';
import { eventId, isoTime, positionId, type Event } from '../events.js';
import { round } from './stats.js';
import { MmsiMap } from '../util/mmsi-map.js';

interface State {
  /** hour in which this vessel last stamped its reception cell */
  stampH: number;
  t: number;
  lat: number;
  lon: number;
  /** positions per hour over the last 24 h: hour stamp and count */
  hour: Int32Array;
  count: Int32Array;
  /** start (`t`) of the silence an early alert was considered for, and the alert if posted (noticeAt) */
  noticed?: number;
  notice?: Event;
}

/** Heard hours are kept this long, so reception can be judged over long gaps. */
const KEEP_HOURS = 24 * 30;

export class GapDetector implements Detector {
  readonly name = 'gap';
  readonly feed = 'every';
  private readonly vessels = new MmsiMap<State>();
  private readonly cellDeg: number;
  private readonly cols: number;
  private readonly lastHeard: Int32Array;
  private readonly heard = new Map<number, number[]>();
  /** UTC hours in which any position came at all, ascending (the stream's own data coverage) */
  private readonly dataHours: number[] = [];
  private lastT = Number.NEGATIVE_INFINITY;
  /** silences not reported as gaps for want of coverage (no data, or nobody heard around) */
  noCoverage = 0;
  shortGaps = 0;

  constructor(private readonly ctx: DetectContext) {
    this.cellDeg = ctx.params.gap.receptionCellDeg || 0.5;
    this.cols = Math.ceil(360 / this.cellDeg);
    const rows = Math.ceil(180 / this.cellDeg) + 1;
    this.lastHeard = new Int32Array(rows * this.cols).fill(-1);
  }

  onPosition(p: Position): void {
    const P = this.ctx.params.gap;
    const h = Math.floor(p.t / HOUR_MS);
    if (p.t > this.lastT) this.lastT = p.t;
    if (this.dataHours[this.dataHours.length - 1] !== h) this.dataHours.push(h);
    let st = this.vessels.get(p.mmsi);
    if (!st) {
      st = { stampH: -1, t: p.t, lat: p.lat, lon: p.lon, hour: new Int32Array(24).fill(-1), count: new Int32Array(24) };
      this.vessels.set(p.mmsi, st);
    } else {
      const dt = p.t - st.t;
      let gap: Event | null = null;
      if (dt >= P.shortGapH * HOUR_MS) {
        if (dt >= P.minGapH * HOUR_MS || P.emitShort) gap = this.emit(p.mmsi, st, p.t, p.lat, p.lon, 'closed');
        if (dt < P.minGapH * HOUR_MS) this.shortGaps++;
      }
      if (st.notice) {
        // judged with both ends, the silence is no gap (the data could not have heard it there)
        if (!gap && this.ctx.notice) this.ctx.notice(withdrawnNotice(st.notice, p.t, 'judged with the position it reported again at, the data could not have heard it: no gap'));
        st.notice = undefined;
      }
      st.t = p.t;
      st.lat = p.lat;
      st.lon = p.lon;
    }
    // reception: someone was heard in this cell in hour h (once per vessel and hour is enough:
    // the gap test looks at the 3x3 cells around each end)
    if (st.stampH !== h) {
      st.stampH = h;
      const cell = this.cell(p.lat, p.lon);
      if (this.lastHeard[cell] !== h) {
        this.lastHeard[cell] = h;
        let list = this.heard.get(cell);
        if (!list) this.heard.set(cell, (list = []));
        list.push(h);
        if (list[0]! < h - KEEP_HOURS) list.splice(0, list.findIndex((x) => x >= h - KEEP_HOURS));
      }
    }
    const k = h % 24;
    if (st.hour[k] !== h) {
      st.hour[k] = h;
      st.count[k] = 0;
    }
    st.count[k]!++;
  }

  /** End of input: vessels silent for at least a gap until the last record are open gaps. */
  flush(): void {
    const P = this.ctx.params.gap;
    if (!P.reportOpen) return;
    for (const [mmsi, st] of this.vessels) {
      if (this.lastT - st.t >= P.minGapH * HOUR_MS) this.emit(mmsi, st, this.lastT, Number.NaN, Number.NaN, 'open');
    }
  }

  /**
   * Live: a vessel silent for `minGapH` of feed time is posted as an ongoing gap (once per
   * silence, judged when first due), under the id its final gap will have, when the silence
   * already meets GFW's intentional-disabling test (`likely_disabling`: covered, more than
   * `disablingShoreNm` from shore, `minPositionsPerDay` before). Nearer shore a ship that sailed
   * out of the receivers' range or into port is the common silence of a live feed and looks the
   * same at its last fix (the reason gfw reports no open gap at the end of input, `reportOpen`):
   * those are alerted when the vessel reports again, as every gap is. A profile that reports
   * open gaps (strict) posts every covered silence.
   */
  noticeAt(t: number): void {
    const minMs = this.ctx.params.gap.minGapH * HOUR_MS;
    // coverage judged up to the last record seen: the record at t (the first of a new hour, it
    // may be) is not counted yet, and its hour would look empty of data
    const heardTo = Math.min(t, this.lastT);
    for (const [mmsi, st] of this.vessels) {
      if (st.noticed === st.t || t - st.t < minMs) continue;
      st.noticed = st.t;
      const n = this.emit(mmsi, st, t, Number.NaN, Number.NaN, 'ongoing', heardTo);
      if (n) st.notice = n;
    }
  }

  private cell(lat: number, lon: number): number {
    const r = Math.floor((lat + 90) / this.cellDeg);
    let c = Math.floor((lon + 180) / this.cellDeg);
    if (c >= this.cols) c -= this.cols;
    if (c < 0) c += this.cols;
    return r * this.cols + c;
  }

  /** Hours strictly inside (startH, endH) in which the 3x3 cells around either end heard anyone. */
  private receptionHours(startH: number, endH: number, points: [number, number][]): number {
    const n = endH - startH - 1;
    if (n <= 0) return 0;
    const seen = new Uint8Array(Math.min(n, KEEP_HOURS));
    const lo = Math.max(startH + 1, endH - 1 - KEEP_HOURS + 1);
    const cells = new Set<number>();
    for (const [lat, lon] of points) {
      if (Number.isNaN(lat)) continue;
      for (let dr = -1; dr <= 1; dr++) {
        for (let dc = -1; dc <= 1; dc++) {
          const la = lat + dr * this.cellDeg;
          if (la < -90 || la > 90) continue;
          cells.add(this.cell(la, lon + dc * this.cellDeg));
        }
      }
    }
    for (const c of cells) {
      const list = this.heard.get(c);
      if (!list) continue;
      for (const h of list) if (h >= lo && h < endH) seen[h - lo] = 1;
    }
    let k = 0;
    for (const x of seen) k += x;
    return k;
  }

  /**
   * Could the data have heard the vessel during the silence? One rule, two sources of the
   * same evidence: the GeoContext's coverage (the traffic layer learned from the store: hours
   * the silence touches, hours holding any data, hours others were heard around the vessel's
   * last fix) when it knows, else this detector's own view of the stream (hours with any
   * position; hours others were heard in the 3x3 reception cells around either end, strictly
   * inside the silence).
   */
  private coverage(
    mmsi: number,
    st: State,
    endT: number,
    endLat: number,
    endLon: number,
  ): { hours: number; hoursWithData: number; hoursHeard: number; reception: number; source: string } {
    const startH = Math.floor(st.t / HOUR_MS);
    const endH = Math.floor(endT / HOUR_MS);
    const geo = this.ctx.geo.coverage(st.lat, st.lon, st.t, endT, mmsi);
    if (geo) return { ...geo, reception: geo.hours > 0 ? geo.hoursHeard / geo.hours : 0, source: 'traffic_layer' };
    const hours = endH - startH + 1;
    const hoursWithData = this.dataHoursIn(startH, endH);
    const inner = Math.max(0, endH - startH - 1);
    const heard = this.receptionHours(startH, endH, [
      [st.lat, st.lon],
      [endLat, endLon],
    ]);
    return { hours, hoursWithData, hoursHeard: heard, reception: inner > 0 ? heard / Math.min(inner, KEEP_HOURS) : 0, source: 'stream' };
  }

  /** Hours in [a, b] with any position in the stream (binary search of the ascending list). */
  private dataHoursIn(a: number, b: number): number {
    const lower = (x: number): number => {
      let lo = 0;
      let hi = this.dataHours.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (this.dataHours[mid]! < x) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    };
    return lower(b + 1) - lower(a);
  }

  /** `open`: still silent at the end of input; `ongoing`: still silent, posted early (ctx.notice) */
  private emit(
    mmsi: number,
    st: State,
    endT: number,
    endLat: number,
    endLon: number,
    how: 'closed' | 'open' | 'ongoing',
    coveredTo = endT,
  ): Event | null {
    const P = this.ctx.params.gap;
    const open = how !== 'closed';
    const ongoing = how === 'ongoing';
    const durH = (endT - st.t) / HOUR_MS;
    const startH = Math.floor(st.t / HOUR_MS);
    let before = 0;
    for (let k = 0; k < 24; k++) if (st.hour[k]! > startH - 24) before += st.count[k]!;
    const cov = this.coverage(mmsi, st, coveredTo, endLat, endLon);
    const reception = cov.reception;
    // a silence is a gap only where the data could have heard the vessel: data in every hour
    // it spans, and others heard around it in minReceptionFraction of them
    const covered = cov.hoursWithData >= cov.hours && reception >= P.minReceptionFraction;
    if (!covered) {
      if (!ongoing) this.noCoverage++;
      if (!P.reportNoCoverage) return null;
    }
    const shoreNm = this.ctx.geo.distanceToShoreM(st.lat, st.lon) / M_PER_NM;
    const flags: string[] = [];
    if (durH < P.minGapH) flags.push('short');
    if (ongoing) flags.push('ongoing');
    else if (open) flags.push('open');
    if (!covered) flags.push('no_coverage');
    const disabling = covered && shoreNm > P.disablingShoreNm && before > P.minPositionsPerDay;
    if (disabling) flags.push('likely_disabling');
    else if (ongoing && !P.reportOpen) return null;
    const distM = open ? Number.NaN : haversineM(st.lat, st.lon, endLat, endLon);
    const e: Event = {
      id: eventId('gap', [mmsi], st.t),
      type: 'gap',
      start: isoTime(st.t),
      end: isoTime(endT),
      mmsi: [mmsi],
      lat: round(st.lat, 5),
      lon: round(st.lon, 5),
      confidence: round(!covered ? 0.2 : disabling ? 0.9 : open ? 0.5 : durH >= P.minGapH ? 0.7 : 0.4, 2),
      flags,
      rule: ruleOf(this.ctx, 'gap', 'gap'),
      evidence: {
        durationH: round(durH, 2),
        distanceKm: open ? null : round(distM / 1000, 2),
        impliedSpeedKn: open ? null : round(knots(distM, endT - st.t), 2),
        startShoreDistanceNm: round(shoreNm, 1),
        positionsDayBefore: before,
        gapHours: cov.hours,
        hoursWithData: cov.hoursWithData,
        receptionHours: cov.hoursHeard,
        receptionFraction: round(reception, 2),
        coverageSource: cov.source,
        endLat: open ? null : round(endLat, 5),
        endLon: open ? null : round(endLon, 5),
        positionIds: open ? [positionId(mmsi, st.t)] : [positionId(mmsi, st.t), positionId(mmsi, endT)],
      },
    };
    (ongoing ? this.ctx.notice! : this.ctx.emit)(e);
    return e;
  }
}
