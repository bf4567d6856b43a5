/**
 * How a side's time grows with the input: a straight line fitted to
 * log(time) against log(n), whose slope is the exponent k of time ≈ c·nᵏ,
 * with R² for how well the line fits. Over a few sizes (05 measures four,
 * each doubling the last) n and n log n differ by a slope of about 0.1,
 * less than a machine's noise, so the name says "n" for both. Between the
 * classes there is a band of its own, so noise that moves the slope a
 * little cannot swap "n" for "n²"; and a line that fits badly names nothing.
 */
export interface GrowthFit {
  exponent: number;
  /** 1 is a perfect straight line on the log-log plot. */
  r2: number;
  name: 'about constant' | 'about n' | 'between n and n²' | 'about n²' | 'faster than n²' | 'no clear growth';
}

export function fitGrowth(points: readonly { size: number; ms: number }[]): GrowthFit | undefined {
  const usable = points.filter((p) => p.size > 0 && p.ms > 0);
  if (usable.length < 3) return undefined;
  const xs = usable.map((p) => Math.log(p.size));
  const ys = usable.map((p) => Math.log(p.ms));
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  const mx = mean(xs);
  const my = mean(ys);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < xs.length; i++) {
    sxy += (xs[i]! - mx) * (ys[i]! - my);
    sxx += (xs[i]! - mx) ** 2;
    syy += (ys[i]! - my) ** 2;
  }
  if (sxx === 0) return undefined;
  const exponent = sxy / sxx;
  const r2 = syy === 0 ? 1 : (sxy * sxy) / (sxx * syy);
  return { exponent, r2, name: r2 < MIN_R2 ? 'no clear growth' : nameOf(exponent) };
}

/** Below this R², the points are not on a line: the exponent means little. */
const MIN_R2 = 0.8;

function nameOf(exponent: number): GrowthFit['name'] {
  if (exponent < 0.4) return 'about constant';
  if (exponent < 1.3) return 'about n';
  if (exponent < 1.75) return 'between n and n²';
  if (exponent < 2.5) return 'about n²';
  return 'faster than n²';
}
