/**
 * The first connection to the broker is bounded: a broker that is not there is a clear error
 * (DarkfleetError live_nats_unreachable, naming the URL), not a process that waits for ever.
 * No broker needed: a free loopback port nobody listens on.
 */
import { describe, expect, it } from 'vitest';
import { connectNats } from '../../src/live/nats.js';
import { freePort } from './services.js';

describe('connectNats', () => {
  it('gives up on an unreachable broker after its bound, naming the URL', async () => {
    const url = `nats://127.0.0.1:${await freePort()}`;
    const err = await connectNats(url, 'test', 600).then(
      () => null,
      (e: unknown) => e as { code?: string; message: string },
    );
    expect(err?.code).toBe('live_nats_unreachable');
    expect(err?.message).toContain(url);
  });

  it('refuses a URL that is not nats://', async () => {
    await expect(connectNats('http://127.0.0.1:4222', 'test')).rejects.toMatchObject({ code: 'live_bad_url' });
  });
});
