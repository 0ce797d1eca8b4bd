/**
 * Declared-destination changes (Windward's DESTINATION_CHANGE): a vessel's AIS destination
 * field now names another place. Per MMSI, the destination's key (src/ref/destination.ts:
 * case, spacing, punctuation, LOCODE separators and a trailing country folded; blank and
 * placeholders are no destination) is followed; a new key counts once reported `minReports`
 * times in a row (a corrupted type 5 is no change, as identity.ts), and a blank or a
 * placeholder between two reports of one port is flicker, not a change; a key one edit from
 * the current one is a typo corrected (`sameDestination`). Invalid and default-pattern MMSIs
 * (1193046: several hulls, src/ref/mmsi.ts) are not followed, as identity.ts does not.
 *
 * The event spans from the first report of the new destination to the report that confirmed
 * it, at the vessel's last position; `mmsi` is the vessel; the evidence says when the old one
 * was last reported (readers pass a static on only when it changes, src/sources/statics.ts,
 * so that may be hours earlier). Class B units send no
 * destination, so only class A vessels can have one.
 */
import type { VesselStatic } from '../records.js';
import { ruleOf, type DetectContext } from './context.js';
import type { Detector } from './detector.js';
import { destinationKey, sameDestination } from '../ref/destination.js';
import { isSharedMmsi } from '../ref/mmsi.js';
import { eventId, isoTime, type Event } from '../events.js';
import { round } from './stats.js';
import { MmsiMap } from '../util/mmsi-map.js';

interface State {
  key: string;
  raw: string;
  /** first and last report of the current destination */
  since: number;
  lastT: number;
  cand: { key: string; raw: string; count: number; firstT: number } | null;
}

export class DestinationDetector implements Detector {
  readonly name = 'destination';
  readonly feed = 'thinned';
  private readonly state = new MmsiMap<State>();
  private readonly on: boolean;

  constructor(private readonly ctx: DetectContext) {
    this.on = ctx.params.destination.enabled > 0;
  }

  /** Nothing stays open: a change is emitted when the new destination is confirmed. */
  flush(): void {
    return;
  }

  onStatic(s: VesselStatic): void {
    if (!this.on) return;
    // an invalid or default-pattern MMSI is heard from several hulls: its destinations are theirs
    if (isSharedMmsi(s.mmsi)) return;
    const key = destinationKey(s.destination);
    if (key === null) return;
    const st = this.state.get(s.mmsi);
    if (!st) {
      this.state.set(s.mmsi, { key, raw: s.destination!, since: s.t, lastT: s.t, cand: null });
      return;
    }
    if (sameDestination(key, st.key)) {
      st.lastT = s.t;
      st.cand = null;
      return;
    }
    const c = st.cand;
    if (c && c.key === key) c.count++;
    else st.cand = { key, raw: s.destination!, count: 1, firstT: s.t };
    if (st.cand!.count < this.ctx.params.destination.minReports) return;
    const cand = st.cand!;
    this.ctx.emit(this.event(s.mmsi, st, cand, s.t));
    this.state.set(s.mmsi, { key: cand.key, raw: cand.raw, since: cand.firstT, lastT: s.t, cand: null });
  }

  private event(mmsi: number, st: State, cand: NonNullable<State['cand']>, confirmedT: number): Event {
    const at = this.ctx.lastPosition(mmsi);
    return {
      id: eventId('destination_change', [mmsi], cand.firstT),
      type: 'destination_change',
      start: isoTime(cand.firstT),
      end: isoTime(confirmedT),
      mmsi: [mmsi],
      lat: at ? round(at.lat, 5) : null,
      lon: at ? round(at.lon, 5) : null,
      confidence: 0.9,
      flags: [],
      rule: ruleOf(this.ctx, 'destination', 'destination'),
      evidence: {
        from: st.raw,
        to: cand.raw,
        fromKey: st.key,
        toKey: cand.key,
        fromSince: isoTime(st.since),
        fromLastReported: isoTime(st.lastT),
        toFirstReported: isoTime(cand.firstT),
        reports: cand.count,
      },
    };
  }
}
