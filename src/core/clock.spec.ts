import { describe, expect, it } from 'vitest';
import { DeadlockError, VirtualClock, workTimer } from './clock.ts';

describe('VirtualClock', () => {
  it('charges concurrent waits once and sequential waits in full', async () => {
    const clock = new VirtualClock();
    const parallel = await clock.run(() => Promise.all([clock.sleep(50), clock.sleep(120), clock.sleep(30)]));
    expect(parallel.elapsed).toBe(120);
    const sequential = await clock.run(async () => {
      await clock.sleep(50);
      await clock.sleep(120);
      await clock.sleep(30);
    });
    expect(sequential.elapsed).toBe(200);
  });

  it('lets busy() hold up every timer, as a blocking call holds the event loop', async () => {
    const clock = new VirtualClock();
    const fired: number[] = [];
    const { elapsed } = await clock.run(async () => {
      const waiting = clock.sleep(10).then(() => fired.push(clock.now()));
      clock.busy(100);
      await waiting;
    });
    expect(fired).toEqual([100]);
    expect(elapsed).toBe(100);
  });

  it('returns the value and rethrows errors of the function it runs', async () => {
    const clock = new VirtualClock();
    expect((await clock.run(async () => 42)).value).toBe(42);
    await expect(clock.run(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
  });

  it('reports a promise that can never settle as a deadlock', async () => {
    const clock = new VirtualClock();
    await expect(clock.run(() => new Promise(() => {}))).rejects.toBeInstanceOf(DeadlockError);
  });

  it('waits for short real timers, which loaders use to collect a tick', async () => {
    const clock = new VirtualClock();
    const { value } = await clock.run(
      () => new Promise<string>((resolve) => setTimeout(() => void clock.sleep(5).then(() => resolve('done')), 0)),
    );
    expect(value).toBe('done');
  });
});

describe('VirtualClock charges real work', () => {
  it('adds synchronous work beyond the allowance to virtual time', async () => {
    const clock = new VirtualClock();
    const honest = await clock.run(async () => {
      await clock.sleep(10);
      return 1;
    });
    expect(honest.elapsed).toBe(10);
    const busy = await clock.run(async () => {
      await clock.sleep(10);
      // The answer computed on the spot instead of awaited from a service: 60 ms of this thread's work.
      const until = workTimer.now() + 60;
      while (workTimer.now() < until) {
        // busy
      }
      return 1;
    });
    expect(busy.elapsed).toBeGreaterThan(40);
    expect(clock.chargedMs).toBeGreaterThan(30);
  });

  it('delays what is started after work in the same turn', async () => {
    const clock = new VirtualClock();
    const { value } = await clock.run(async () => {
      await clock.sleep(10);
      // 60 ms of this thread's work, then a 10 ms request: it leaves late, so it lands late.
      const until = workTimer.now() + 60;
      while (workTimer.now() < until) {
        // busy
      }
      const sent = clock.now();
      await clock.sleep(10);
      return { sent, landed: clock.now() };
    });
    expect(value.sent).toBeGreaterThan(50);
    expect(value.landed - value.sent).toBe(10);
  });
});
