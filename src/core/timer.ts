/**
 * The smallest step `performance.now()` takes here. Chromium coarsens it to
 * 100 µs without cross-origin isolation and 5 µs with it; a sample must last
 * many ticks to mean anything.
 */
export function timerTickMs(readings = 2000): number {
  let smallest = Infinity;
  let previous = performance.now();
  for (let i = 0; i < readings; i++) {
    const now = performance.now();
    const step = now - previous;
    if (step > 0 && step < smallest) smallest = step;
    previous = now;
  }
  return Number.isFinite(smallest) ? smallest : 1;
}
