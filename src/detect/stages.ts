/**
 * Steps after the detectors: what depends on two detectors' results reads their events here,
 * so no detector calls another. Still streaming: a stage may hold an event until the
 * detectors it waits on can no longer emit anything that changes it (their watermarks, see
 * detector.ts), and releases everything at the end of input.
 */
import type { Event } from '../events.js';

/** Where a stage learns how far the detectors it waits on have come. */
export type Watermark = (detector: string) => number;

export interface EventStage {
  push(e: Event): void;
  /** feed time `now`: release what can no longer change (called at each UTC hour) */
  release(now: number, watermark: Watermark): void;
  /** end of input: release everything held */
  flush(): void;
}

/**
 * Loitering that overlaps an encounter of the same vessel (`loitering.excludeEncounters` =
 * 1): the encounter is the event, the loitering is dropped. A loitering event is held until
 * every encounter that could overlap it has been emitted (the encounter detector's watermark
 * is past its end); encounter spans are kept only while a loitering event still to come
 * could overlap them. Loitering from the drift detector (rule `drift`, `speed_change`) is
 * not loitering's and passes. With `excludeEncounters` = 0 (every profile) events pass
 * through in order, unheld.
 */
export class EncounterExclusion implements EventStage {
  private readonly held: Event[] = [];
  /** per MMSI, [start, end] epoch ms of emitted encounters */
  private readonly spans = new Map<number, [number, number][]>();

  constructor(
    private readonly enabled: boolean,
    private readonly out: (e: Event) => void,
  ) {}

  push(e: Event): void {
    if (!this.enabled) return this.out(e);
    if (e.type === 'encounter') {
      const span: [number, number] = [Date.parse(e.start), Date.parse(e.end)];
      for (const m of e.mmsi) {
        const list = this.spans.get(m);
        if (list) list.push(span);
        else this.spans.set(m, [span]);
      }
      this.out(e);
    } else if (e.type === 'loitering' && e.rule.name === 'loitering') this.held.push(e);
    else this.out(e);
  }

  release(now: number, watermark: Watermark): void {
    if (!this.enabled) return;
    const encountersFrom = Math.min(now, watermark('encounter'));
    const keep: Event[] = [];
    for (const e of this.held) {
      if (Date.parse(e.end) < encountersFrom) this.decide(e);
      else keep.push(e);
    }
    this.held.length = 0;
    this.held.push(...keep);
    // spans that end before every loitering event still to come (held or not yet emitted) can go
    let from = Math.min(now, watermark('loitering'));
    for (const e of this.held) from = Math.min(from, Date.parse(e.start));
    for (const [m, list] of this.spans) {
      const live = list.filter(([, b]) => b >= from);
      if (live.length === 0) this.spans.delete(m);
      else if (live.length < list.length) this.spans.set(m, live);
    }
  }

  flush(): void {
    for (const e of this.held) this.decide(e);
    this.held.length = 0;
    this.spans.clear();
  }

  private decide(e: Event): void {
    const a = Date.parse(e.start);
    const b = Date.parse(e.end);
    const m = e.mmsi[0]!;
    if ((this.spans.get(m) ?? []).some(([s, t]) => s <= b && a <= t)) return;
    this.out(e);
  }
}
