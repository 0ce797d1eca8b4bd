/**
 * The detectors in a worker thread: `analyze` of a single time-ordered input feeds them batch by
 * batch while the main thread goes on parsing and storing, so the two halves of the work use
 * both cores. Messages: init -> batch* -> end; replies: events, or error (the caller then
 * replays from the store).
 */
import { parentPort } from 'node:worker_threads';
import type { Position, VesselStatic } from '../records.js';
import { createRunner, type Event } from '../detect/index.js';
import { WorldGeo } from '../geo/context.js';
import { readZonesFile } from '../geo/zones.js';
import type { Twilight } from '../geo/sun.js';
import { fromColumns, type PositionColumns } from './columns.js';
import { DarkfleetError } from '../errors.js';

type Msg =
  | { kind: 'init'; profile: string; zonesFile?: string; twilight?: Twilight }
  | { kind: 'batch'; cols: PositionColumns; statics: VesselStatic[] }
  | { kind: 'end' };

let runner: ReturnType<typeof createRunner> | null = null;
const events: Event[] = [];
let failed = false;

parentPort!.on('message', (m: Msg) => {
  if (failed) return;
  try {
    if (m.kind === 'init') {
      const geo = new WorldGeo({ ...(m.zonesFile ? { zones: readZonesFile(m.zonesFile) } : {}), ...(m.twilight ? { twilight: m.twilight } : {}) });
      // a single input is in time order up to small shuffles: a short window absorbs them
      runner = createRunner({ profile: m.profile, geo, reorderWindowMs: 10 * 60_000 });
    } else if (m.kind === 'batch') {
      const ps = fromColumns(m.cols);
      const ss = [...m.statics].sort((a, b) => a.t - b.t);
      const recs: (Position | VesselStatic)[] = [];
      let j = 0;
      for (const p of ps) {
        while (j < ss.length && ss[j]!.t <= p.t) recs.push(ss[j++]!);
        recs.push(p);
      }
      while (j < ss.length) recs.push(ss[j++]!);
      for (const e of runner!.push(recs)) events.push(e);
    } else {
      for (const e of runner!.flush()) events.push(e);
      const late = runner!.stats.late;
      if (late > 0) throw new DarkfleetError('detect_unsorted', `${late} records came later than the re-ordering window`);
      parentPort!.postMessage({ kind: 'events', events, stats: { positions: runner!.stats.positions, statics: runner!.stats.statics } });
    }
  } catch (err) {
    failed = true;
    parentPort!.postMessage({ kind: 'error', message: (err as Error).message, code: (err as DarkfleetError).code ?? 'error' });
  }
});
