import { describe, expect, it } from 'vitest';
import { createWatchdog, defaultLimits, type WatchdogLimits } from './watchdog.ts';

const limits: WatchdogLimits = { bootMs: 30_000, noticeMs: 3_000, busyMs: 6_000, firstBusyMs: 9_000, idleMs: 8_000, heartbeats: true };

/** A watchdog that has booted and whose lesson allows `budgetMs` for the first step. */
function startedAt0(budgetMs = 90_000) {
  const dog = createWatchdog(limits, 0);
  dog.started(budgetMs, 0);
  return dog;
}

/** Heartbeats every 250 ms over [from, to). */
function beat(dog: ReturnType<typeof createWatchdog>, from: number, to: number) {
  for (let t = from; t < to; t += 250) dog.heartbeat(t);
}

describe('watchdog', () => {
  it('gives the runner its boot time, then reports it did not start', () => {
    const dog = createWatchdog(limits, 0);
    expect(dog.check(29_999)).toEqual({ state: 'running' });
    expect(dog.check(30_000)).toEqual({ state: 'stop', reason: 'boot', afterMs: 30_000 });
  });

  it('lets a slow first step run to the lesson budget while the thread stays free', () => {
    const dog = startedAt0(20_000);
    beat(dog, 0, 20_000);
    expect(dog.check(19_999)).toEqual({ state: 'running' });
    expect(dog.check(20_000)).toEqual({ state: 'stop', reason: 'idle', afterMs: 20_000 });
  });

  it('gives a thread held in the first step longer than later, then stops it', () => {
    const dog = startedAt0(20_000);
    beat(dog, 0, 1_000); // then `while (true) {}` in the candidate's first call, or WebAssembly building indexes
    // The last heartbeat was at 750 ms.
    expect(dog.check(9_749)).toEqual({ state: 'running' });
    expect(dog.check(9_750)).toEqual({ state: 'stop', reason: 'busy', afterMs: 9_000 });
  });

  it('stops a thread held from the first step on, even if no heartbeat came before it', () => {
    const dog = startedAt0(20_000);
    expect(dog.check(8_999)).toEqual({ state: 'running' });
    expect(dog.check(9_000)).toEqual({ state: 'stop', reason: 'busy', afterMs: 9_000 });
  });

  it('a first step that ends in time moves on to the measuring limits', () => {
    const dog = startedAt0(20_000);
    beat(dog, 0, 1_000);
    dog.progress(8_000);
    expect(dog.check(8_100)).toEqual({ state: 'running' });
  });

  it('stops a thread held by synchronous code after the busy limit, whatever the lesson allows', () => {
    const dog = startedAt0(90_000);
    beat(dog, 0, 1_000);
    dog.progress(1_000); // then `while (true) {}` in the candidate's first call
    expect(dog.check(3_999)).toEqual({ state: 'running' });
    expect(dog.check(4_000)).toEqual({ state: 'quiet', quietMs: 3_000 });
    expect(dog.check(7_000)).toEqual({ state: 'stop', reason: 'busy', afterMs: 6_000 });
  });

  it('stops a promise that never settles: the thread is free, but nothing moves on', () => {
    const dog = startedAt0(90_000);
    dog.progress(2_000);
    beat(dog, 2_000, 20_000);
    expect(dog.check(4_999)).toEqual({ state: 'running' });
    expect(dog.check(5_000)).toEqual({ state: 'quiet', quietMs: 3_000 });
    expect(dog.check(9_999)).toMatchObject({ state: 'quiet' });
    expect(dog.check(10_000)).toEqual({ state: 'stop', reason: 'idle', afterMs: 8_000 });
  });

  it('keeps a short lesson budget once measuring', () => {
    const dog = startedAt0(5_000);
    dog.progress(1_000);
    beat(dog, 1_000, 10_000);
    expect(dog.check(6_000)).toEqual({ state: 'stop', reason: 'idle', afterMs: 5_000 });
  });

  it('says a held thread is quiet from the notice time on, before stopping it', () => {
    const dog = startedAt0(90_000);
    dog.progress(500);
    beat(dog, 500, 10_000);
    dog.progress(9_750);
    expect(dog.check(10_000)).toEqual({ state: 'running' });
    expect(dog.check(12_750)).toEqual({ state: 'quiet', quietMs: 3_000 });
    expect(dog.check(15_750)).toEqual({ state: 'stop', reason: 'busy', afterMs: 6_000 });
  });

  it('never stops for a missing heartbeat on a runtime that sends none', () => {
    const dog = createWatchdog({ ...defaultLimits, heartbeats: false }, 0);
    dog.started(90_000, 0);
    dog.progress(1_000);
    dog.progress(8_000);
    const idle = defaultLimits.idleMs;
    expect(dog.check(8_000 + idle - 500)).toEqual({ state: 'quiet', quietMs: idle - 500 });
    expect(dog.check(8_000 + idle)).toEqual({ state: 'stop', reason: 'idle', afterMs: idle });
  });

  it('stops a held thread on a runtime with heartbeats even if none came yet: a step that ends is one', () => {
    const dog = startedAt0(90_000);
    dog.progress(1_000);
    expect(dog.check(6_500)).toEqual({ state: 'quiet', quietMs: 5_500 });
    expect(dog.check(7_000)).toEqual({ state: 'stop', reason: 'busy', afterMs: 6_000 });
  });

  it('counts progress as a sign of life', () => {
    const dog = startedAt0(90_000);
    dog.heartbeat(0);
    for (let t = 1_000; t <= 20_000; t += 1_000) dog.progress(t);
    expect(dog.check(20_500)).toEqual({ state: 'running' });
  });

  it('gives every later step at least the time the first one took, on a slow machine', () => {
    const dog = startedAt0(90_000);
    dog.heartbeat(0);
    dog.progress(20_000); // the database took 20 s to build today
    expect(dog.check(25_999)).toMatchObject({ state: 'quiet' });
    expect(dog.check(39_999)).toMatchObject({ state: 'quiet' });
    expect(dog.check(40_000)).toEqual({ state: 'stop', reason: 'busy', afterMs: 20_000 });
  });

  it('never gives a later step more than the lesson allows', () => {
    const dog = startedAt0(10_000);
    dog.heartbeat(0);
    dog.progress(9_000);
    expect(dog.check(17_999)).toMatchObject({ state: 'quiet' });
    expect(dog.check(18_000)).toEqual({ state: 'stop', reason: 'busy', afterMs: 9_000 });
  });
});
