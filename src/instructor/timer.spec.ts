import { describe, expect, it } from 'vitest';
import { adjust, createTimer, formatRemaining, isRunning, parseTimer, pause, remaining, reset, start, toggle } from './timer.ts';

const MIN = 60_000;

describe('facilitator timer', () => {
  it('counts down from timestamps, pauses and resumes without losing time', () => {
    let t = createTimer(25 * MIN, 'exercise');
    expect(remaining(t, 1000)).toBe(25 * MIN);
    t = start(t, 1000);
    expect(isRunning(t)).toBe(true);
    expect(remaining(t, 1000 + 90_000)).toBe(25 * MIN - 90_000);
    t = pause(t, 1000 + 90_000);
    expect(isRunning(t)).toBe(false);
    // Paused: time passing changes nothing.
    expect(remaining(t, 10 * MIN)).toBe(25 * MIN - 90_000);
    t = toggle(t, 20 * MIN);
    expect(remaining(t, 20 * MIN + 30_000)).toBe(25 * MIN - 120_000);
    // Starting twice does not restart the clock.
    expect(start(t, 21 * MIN)).toBe(t);
  });

  it('runs into overtime, and reset goes back to the full box, paused', () => {
    let t = start(createTimer(MIN), 0);
    expect(remaining(t, MIN + 5000)).toBe(-5000);
    t = reset(t);
    expect(t).toEqual({ durationMs: MIN, elapsedMs: 0, startedAt: null, label: '' });
    expect(reset(t, 5 * MIN, 'debrief')).toMatchObject({ durationMs: 5 * MIN, label: 'debrief' });
  });

  it('adds and removes minutes, never below zero', () => {
    const t = createTimer(2 * MIN);
    expect(adjust(t, MIN).durationMs).toBe(3 * MIN);
    expect(adjust(t, -5 * MIN).durationMs).toBe(0);
  });

  it('formats minutes and seconds, with overtime as a negative', () => {
    expect(formatRemaining(25 * MIN)).toBe('25:00');
    expect(formatRemaining(4 * MIN + 4001)).toBe('4:05');
    expect(formatRemaining(0)).toBe('0:00');
    expect(formatRemaining(-400)).toBe('0:00');
    expect(formatRemaining(-90_000)).toBe('-1:30');
  });

  it('reads back a stored timer and ignores junk', () => {
    const t = start(createTimer(MIN, 'x'), 5);
    expect(parseTimer(JSON.stringify(t))).toEqual(t);
    expect(parseTimer(null)).toBeUndefined();
    expect(parseTimer('{')).toBeUndefined();
    expect(parseTimer('{"durationMs": "soon"}')).toBeUndefined();
  });
});
