/**
 * The JetStream layout of scale-out, in one place: the stream (file storage, limits retention,
 * subjects `<prefix>.m.<i>`, `<prefix>.c.<j>` and `<prefix>.g.0`, the partition plan in its description so workers
 * read it from the stream rather than from flags that could disagree), the durable consumer of
 * each partition, and the KV bucket of partition leases.
 */
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { AckPolicy, DeliverPolicy, JetStreamApiCodes, JetStreamApiError, RetentionPolicy, StorageType, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { DarkfleetError } from '../errors.js';
import { checkPlan, type PartitionKind, type PartitionPlan } from './partition.js';

export const DEFAULT_STREAM = 'DARKFLEET';
const NS_PER_MS = 1_000_000;

/** Connects, retrying for ever while the server is away (a restart must not end a worker). */
/** How long the first connection to the broker is tried (a broker starting up is waited for). */
const FIRST_CONNECT_MS = 20_000;

export async function connectNats(url: string, name: string, firstConnectMs = FIRST_CONNECT_MS): Promise<NatsConnection> {
  const u = new URL(url);
  if (u.protocol !== 'nats:') throw new DarkfleetError('live_bad_url', `${url}: expected nats://host:port`);
  // Once connected, a broker restart is waited out (reconnects without end); the first
  // connection is tried for `firstConnectMs` only, so a wrong URL or a broker that is not there
  // is a clear error, not a process that hangs (and would not even stop on SIGTERM).
  const deadline = Date.now() + firstConnectMs;
  for (;;) {
    try {
      return await connect({
        servers: `${u.hostname}:${u.port || '4222'}`,
        name,
        maxReconnectAttempts: -1,
        reconnectTimeWait: 250,
        waitOnFirstConnect: false,
        timeout: 5000,
      });
    } catch (err) {
      if (Date.now() >= deadline) {
        throw new DarkfleetError('live_nats_unreachable', `cannot connect to NATS at ${url} (tried for ${firstConnectMs / 1000} s): ${err instanceof Error ? err.message : String(err)}`, { cause: err });
      }
      await new Promise((res) => setTimeout(res, 500));
    }
  }
}

export function subjectOf(stream: string, kind: PartitionKind, index: number): string {
  return `${stream.toLowerCase()}.${kind}.${index}`;
}

/** The stream, created with this plan when missing; an existing stream's plan wins. */
export async function ensureStream(jsm: JetStreamManager, stream: string, plan: PartitionPlan, maxAgeH = 48): Promise<PartitionPlan> {
  try {
    const info = await jsm.streams.info(stream);
    return planOf(info.config.description, stream);
  } catch (err) {
    if (!/not found/i.test(String(err))) throw err;
  }
  await jsm.streams.add({
    name: stream,
    subjects: [`${stream.toLowerCase()}.>`],
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    // a new owner of a partition rebuilds detector state by replaying it: keep what the longest
    // detector window needs (README "Growing past one machine")
    max_age: maxAgeH * 3_600_000 * NS_PER_MS,
    duplicate_window: 120_000 * NS_PER_MS,
    // the plan rides in the description: stream metadata needs a 2.10 server
    description: `${PLAN_PREFIX}${JSON.stringify(plan)}`,
  });
  return plan;
}

export async function streamPlan(jsm: JetStreamManager, stream: string): Promise<PartitionPlan> {
  const info = await jsm.streams.info(stream);
  return planOf(info.config.description, stream);
}

const PLAN_PREFIX = 'darkfleet partition plan ';

function planOf(description: string | undefined, stream: string): PartitionPlan {
  if (!description?.startsWith(PLAN_PREFIX)) throw new DarkfleetError('live_no_plan', `stream ${stream} has no darkfleet partition plan: it was not created by darkfleet watch --publish`);
  return checkPlan(JSON.parse(description.slice(PLAN_PREFIX.length)) as PartitionPlan);
}

/**
 * The durable consumer of one partition, (re)created by the partition's new owner to deliver
 * in stream order from `startSeq` (the old consumer's ack floor + 1): in-order delivery is what
 * the detectors need, and what the ack floor says is stored.
 */
export async function partitionConsumer(jsm: JetStreamManager, stream: string, durable: string, subject: string, startSeq: number): Promise<void> {
  try {
    await jsm.consumers.delete(stream, durable);
  } catch {
    // none yet
  }
  await jsm.consumers.add(stream, {
    durable_name: durable,
    filter_subject: subject,
    ack_policy: AckPolicy.Explicit,
    ...(startSeq > 1 ? { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: startSeq } : { deliver_policy: DeliverPolicy.All }),
    ack_wait: 120_000 * NS_PER_MS,
    max_ack_pending: 10_000,
  });
}

/**
 * The ack floor (last stream sequence acknowledged in order) of a partition's consumer; 0 when
 * there is none. Any other failure (a broker away) throws: taking 0 for it would write and alert
 * again everything already stored.
 */
export async function ackFloor(jsm: JetStreamManager, stream: string, durable: string): Promise<number> {
  try {
    const info = await jsm.consumers.info(stream, durable);
    return info.ack_floor.stream_seq;
  } catch (err) {
    if (err instanceof JetStreamApiError && err.code === JetStreamApiCodes.ConsumerNotFound) return 0;
    throw err;
  }
}

export { jetstreamManager };
