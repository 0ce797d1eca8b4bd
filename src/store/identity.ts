/**
 * Identity history from static reports: consecutive reports of one MMSI that say the same
 * name, callsign, IMO, flag and ship type form one period. Shared by every store driver,
 * so the rule lives in one place and SQL dialects need no window-function tricks.
 */
import type { VesselStatic } from '../records.js';
import type { IdentityPeriod } from './types.js';
import { StoreError } from '../errors.js';

type Identity = Pick<IdentityPeriod, 'name' | 'callsign' | 'imo' | 'flag' | 'shipType'>;

function sameIdentity(a: Identity, b: Identity): boolean {
  return a.name === b.name && a.callsign === b.callsign && a.imo === b.imo && a.flag === b.flag && a.shipType === b.shipType;
}

/**
 * `statics` must be ordered by mmsi then t (any MMSI mix). A null field means "not in this
 * report" (class B part A has no callsign, part B no name), so it keeps the last value
 * reported; a real change of any field starts a new period.
 */
export function identityPeriods(statics: Iterable<VesselStatic>): IdentityPeriod[] {
  const out: IdentityPeriod[] = [];
  let cur: IdentityPeriod | null = null;
  let lastT = -Infinity;
  for (const s of statics) {
    if (cur && s.mmsi === cur.mmsi && s.t < lastT) {
      throw new StoreError(`identityPeriods: statics of MMSI ${s.mmsi} are not in time order (${s.t} after ${lastT})`);
    }
    lastT = s.t;
    const carried: Identity =
      cur && cur.mmsi === s.mmsi
        ? {
            name: s.name ?? cur.name,
            callsign: s.callsign ?? cur.callsign,
            imo: s.imo ?? cur.imo,
            flag: s.flag ?? cur.flag,
            shipType: s.shipType ?? cur.shipType,
          }
        : { name: s.name, callsign: s.callsign, imo: s.imo, flag: s.flag, shipType: s.shipType };
    if (cur && cur.mmsi === s.mmsi && sameIdentity(cur, carried)) {
      cur.to = s.t;
      cur.reports++;
      continue;
    }
    cur = { mmsi: s.mmsi, from: s.t, to: s.t, ...carried, reports: 1 };
    out.push(cur);
  }
  return out;
}
