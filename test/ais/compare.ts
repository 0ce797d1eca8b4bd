/**
 * Compares our decoder's objects with a reference decoder's (gpsd .chk files, libais JSON):
 * objects aligned in input order by (type, mmsi); every reference field counted equal or not.
 * Numbers compare with a tolerance (references print rounded values); a numeric string equals
 * the number it spells (gpsd prints some values as strings).
 */
export interface CompareResult {
  refObjects: number;
  matchedObjects: number;
  refFields: number;
  equalFields: number;
  /** first differences, for the test's failure message */
  diffs: string[];
  /** count of unequal fields by key */
  byKey: Record<string, number>;
}

type Obj = Record<string, unknown>;

export function valuesEqual(ours: unknown, ref: unknown): boolean {
  if (ours === ref) return true;
  const on = typeof ours === 'string' && ours.trim() !== '' && Number.isFinite(Number(ours)) ? Number(ours) : ours;
  const rn = typeof ref === 'string' && ref.trim() !== '' && Number.isFinite(Number(ref)) ? Number(ref) : ref;
  // flags: true/false and 1/0 are the same value
  if (typeof ours === 'boolean' && typeof ref === 'number') return Number(ours) === ref;
  if (typeof ours === 'number' && typeof ref === 'boolean') return ours === Number(ref);
  if (typeof on === 'number' && typeof rn === 'number') {
    return Math.abs(on - rn) <= 5e-5 + 1e-6 * Math.abs(rn);
  }
  if (Array.isArray(ours) && Array.isArray(ref)) {
    return ours.length === ref.length && ours.every((v, i) => valuesEqual(v, ref[i]));
  }
  if (ours && ref && typeof ours === 'object' && typeof ref === 'object') {
    const r = ref as Obj;
    const o = ours as Obj;
    return Object.keys(r).every((k) => valuesEqual(o[k], r[k]));
  }
  return false;
}

export function compareObjects(ours: Obj[], refs: Obj[], ignore: ReadonlySet<string> = new Set(['class', 'device'])): CompareResult {
  const res: CompareResult = { refObjects: refs.length, matchedObjects: 0, refFields: 0, equalFields: 0, diffs: [], byKey: {} };
  let j = 0;
  for (const ref of refs) {
    const keys = Object.keys(ref).filter((k) => !ignore.has(k));
    res.refFields += keys.length;
    let found = -1;
    for (let k = j; k < Math.min(ours.length, j + 8); k++) {
      if (ours[k]!.type === ref.type && ours[k]!.mmsi === ref.mmsi) {
        found = k;
        break;
      }
    }
    if (found < 0) {
      if (res.diffs.length < 60) res.diffs.push(`missing object type ${String(ref.type)} mmsi ${String(ref.mmsi)}`);
      res.byKey['<missing object>'] = (res.byKey['<missing object>'] ?? 0) + 1;
      continue;
    }
    const o = ours[found]!;
    j = found + 1;
    res.matchedObjects++;
    for (const k of keys) {
      if (valuesEqual(o[k], ref[k])) res.equalFields++;
      else {
        res.byKey[k] = (res.byKey[k] ?? 0) + 1;
        if (res.diffs.length < 60) res.diffs.push(`type ${String(ref.type)} mmsi ${String(ref.mmsi)} ${k}: ours ${JSON.stringify(o[k])} ref ${JSON.stringify(ref[k])}`);
      }
    }
  }
  return res;
}

export function addResults(a: CompareResult, b: CompareResult): CompareResult {
  const byKey = { ...a.byKey };
  for (const [k, v] of Object.entries(b.byKey)) byKey[k] = (byKey[k] ?? 0) + v;
  return {
    refObjects: a.refObjects + b.refObjects,
    matchedObjects: a.matchedObjects + b.matchedObjects,
    refFields: a.refFields + b.refFields,
    equalFields: a.equalFields + b.equalFields,
    diffs: [...a.diffs, ...b.diffs].slice(0, 40),
    byKey,
  };
}

/** gpsd daemon .chk: echoed input lines interleaved with JSON; keep the AIS objects. */
export function parseChk(text: string): Obj[] {
  const out: Obj[] = [];
  // The daemon re-reports its last AIS object after other NMEA sentences (GPRMC...): those
  // repeats are not objects of their own, so only objects right after an AIS sentence count.
  let lastInput = '!AIVDM';
  for (const l of text.split('\n')) {
    if (l.startsWith('{"class":"AIS"')) {
      if (/^(\\[^\\]*\\)?!..VD[MO]/.test(lastInput)) out.push(JSON.parse(l) as Obj);
    } else if (!l.startsWith('{')) lastInput = l;
  }
  return out;
}
