/**
 * Detector state saved and restored, so `analyze` can resume where the last run stopped
 * (incremental analysis, src/pipeline/checkpoint.ts) instead of replaying the whole store.
 *
 * Generic on purpose: every detector keeps its state in its own fields (Maps of plain
 * per-vessel objects, arrays, typed arrays, numbers), so one walk saves any detector, the
 * segmenter and the stages without each of them writing save/restore code that would drift
 * from its fields. `stateOf` takes an object's own data fields, leaving out functions and the
 * environment a fresh instance gets from its constructor (`ctx`, `params`, `geo`); a field
 * holding another class instance (the segmenter's Deduplicator) is taken the same way, nested.
 * The result is a graph of plain data that `v8.serialize` encodes (Maps, Sets, typed arrays,
 * NaN and Infinity, shared references all survive). `restoreInto` writes such a state onto a
 * freshly constructed instance (same profile and parameters), recursing into the instances
 * and plain objects the constructor made, so their prototypes and the environment stay.
 *
 * The one rule for detector code this relies on: class instances sit only in fields (of a
 * detector, or of a plain object a constructor made), never inside Maps or arrays of state;
 * test/detect/snapshot.test.ts walks a live runner to hold every detector to it.
 */
import { deserialize, serialize } from 'node:v8';
import { DarkfleetError } from '../errors.js';

/** Fields a constructor fills from its arguments: never state, never saved. */
const ENVIRONMENT = new Set(['ctx', 'params', 'geo']);

/** A class instance (not a plain object, array, Map, Set or typed array). */
export function isInstance(v: unknown): v is object {
  if (v === null || typeof v !== 'object' || ArrayBuffer.isView(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto !== Object.prototype && proto !== null && proto !== Array.prototype && proto !== Map.prototype && proto !== Set.prototype;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object') return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/** An object's state: its own data fields, nested instances as their own state. */
export function stateOf(obj: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) {
    if (typeof v === 'function' || ENVIRONMENT.has(k)) continue;
    out[k] = isInstance(v) ? stateOf(v) : v;
  }
  return out;
}

/** Writes a state taken by `stateOf` onto `target`, a fresh instance of the same class and parameters. */
export function restoreInto(target: object, state: Record<string, unknown>): void {
  const t = target as Record<string, unknown>;
  for (const [k, v] of Object.entries(state)) {
    const cur = t[k];
    if ((isInstance(cur) || isPlainObject(cur)) && isPlainObject(v)) restoreInto(cur, v);
    else t[k] = v;
  }
  // fields the fresh instance has but the saved one did not (a lazily made map): the saved state wins
  for (const k of Object.keys(t)) {
    if (!(k in state) && typeof t[k] !== 'function' && !ENVIRONMENT.has(k)) delete t[k];
  }
}

/** Encodes a state graph (v8's structured serialisation: compact, keeps Maps, typed arrays and shared references). */
export function encodeState(state: unknown): Uint8Array {
  return serialize(state);
}

export function decodeState(bytes: Uint8Array): unknown {
  try {
    return deserialize(bytes);
  } catch (cause) {
    throw new DarkfleetError('detect_state', `detector state cannot be read (written by another Node or darkfleet version?): ${String(cause)}`, { cause });
  }
}
