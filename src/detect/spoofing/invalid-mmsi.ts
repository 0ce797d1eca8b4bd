/**
 * `invalid_mmsi`: positions from an MMSI no station can have; `default_mmsi`: from a valid
 * ship MMSI that is a default pattern (MID and six equal digits, a block three times), which
 * many hulls share. The rule is src/ref/mmsi.ts's; reported after `minInvalidPositions`
 * positions, spanning from the first time the MMSI was seen.
 */
import type { Position } from '../../records.js';
import { classifyMmsi } from '../../ref/mmsi.js';
import type { DetectContext } from '../context.js';
import type { EvidenceValue } from '../../events.js';
import { sign, type Runs } from './runs.js';

export interface MmsiVerdict {
  kind: 'invalid_mmsi' | 'default_mmsi';
  evidence: Record<string, EvidenceValue>;
}

/** What an MMSI's number alone says, or null for an ordinary one. */
export function mmsiVerdict(mmsi: number): MmsiVerdict | null {
  const info = classifyMmsi(mmsi);
  if (info.problem) return { kind: 'invalid_mmsi', evidence: { problem: info.problem } };
  if (info.suspicion) return { kind: 'default_mmsi', evidence: { pattern: info.suspicion } };
  return null;
}

export interface MmsiCount {
  verdict: MmsiVerdict | null;
  count: number;
  firstT: number;
  done: boolean;
}

/** Count one more position of the MMSI; the sign is given once, at the `minInvalidPositions`-th. */
export function countMmsi(ctx: DetectContext, st: Runs, c: MmsiCount, p: Position): void {
  if (!c.verdict || c.done) return;
  c.count++;
  if (c.count < ctx.params.spoofing.minInvalidPositions) return;
  c.done = true;
  const run = sign(p.mmsi, st, c.verdict.kind, p, c.verdict.evidence);
  run.startT = c.firstT;
}
