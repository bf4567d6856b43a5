import type { Progress } from '../core/measure.ts';
import type { RunResult, Side } from '../core/result.ts';
import { fitGrowth } from '../core/growth-fit.ts';
import { describeBound, formatNumber, formatRatio } from '../core/verdict.ts';
import { drawResultChart, SIDE_LABELS } from './chart.ts';
import { showTimeline, zoomTimeline } from './timeline.ts';
import { drawAmdahlChart } from './amdahl-chart.ts';
import { drawLatencyChart } from './latency-chart.ts';
import { planTree } from './plan-tree.ts';

/** The results panel: verdict sentence, counters table, chart, run details. */

function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> = {}, ...children: (Node | string)[]) {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

const VERDICT_TITLES: Record<RunResult['verdict'], string> = {
  pass: 'Passed',
  fail: 'Not yet',
  inconclusive: 'Inconclusive',
  error: 'Did not run',
};

export function showProgress(panel: HTMLElement, progress: Progress | 'starting'): void {
  const status = panel.querySelector<HTMLElement>('[data-status]')!;
  const bar = panel.querySelector<HTMLProgressElement>('progress')!;
  bar.hidden = false;
  if (progress === 'starting') {
    status.textContent = 'Starting the runner…';
    bar.removeAttribute('value');
    return;
  }
  status.textContent = describeProgress(progress);
  const counted = progress.phase === 'checking' ? [progress.input, progress.of] : progress.phase === 'measuring' ? [progress.round, progress.of] : undefined;
  if (counted) {
    bar.max = counted[1]!;
    bar.value = counted[0]!;
  } else {
    bar.removeAttribute('value');
  }
}

const sideInWords = (side: Side) => (side === 'candidate' ? 'your code' : `the ${side}`);

/** What a run is doing, in a few words ("Measuring: round 2 of 10…"), for the results panel and the profile panel. */
export function describeProgress(progress: Progress): string {
  switch (progress.phase) {
    case 'checking':
      return `Checking correctness: input ${progress.input} of ${progress.of}…`;
    case 'measuring':
      return `Measuring: round ${progress.round} of ${progress.of}…`;
    case 'warming':
      return `Warming up: ${sideInWords(progress.side)}…`;
    case 'advisory':
      return 'Measuring on real threads…';
    case 'growth':
      return `Timing at n = ${progress.size.toLocaleString('en')}…`;
    case 'profiling':
      return `Profiling ${sideInWords(progress.side)}…`;
    case 'comparing':
      return `Comparing ${progress.snippet} with ${progress.baseline} (${progress.index} of ${progress.of})…`;
  }
}

/** A message in place of a verdict, for a run that did not start. */
export function showNotice(panel: HTMLElement, message: string): void {
  panel.querySelector<HTMLProgressElement>('progress')!.hidden = true;
  panel.querySelector<HTMLElement>('[data-status]')!.textContent = message;
  panel.querySelector<HTMLElement>('[data-verdict]')!.hidden = true;
}

export function showResult(panel: HTMLElement, result: RunResult): void {
  panel.querySelector<HTMLProgressElement>('progress')!.hidden = true;
  panel.querySelector<HTMLElement>('[data-status]')!.textContent = '';
  const verdict = panel.querySelector<HTMLElement>('[data-verdict]')!;
  verdict.hidden = false;
  verdict.dataset.verdict = result.verdict;
  // A full stop after the title: "Not yet" then "Correct, but…" must not read as "not yet correct".
  verdict.replaceChildren(el('strong', { textContent: `${VERDICT_TITLES[result.verdict]}.` }), ' ', el('span', {}, ...withCode(capitalise(result.message))));

  const table = panel.querySelector<HTMLElement>('[data-counters]')!;
  table.replaceChildren();
  const sides = result.sides;
  if (sides.length > 0) table.append(countersTable(result), glossary(result));

  const details = panel.querySelector<HTMLElement>('[data-details]')!;
  details.replaceChildren(...runDetails(result));

  // Text a lesson attaches per side (a query plan, a report), side by side.
  const texts = panel.querySelector<HTMLElement>('[data-texts]')!;
  const withText = sides.filter((s) => s.details?.text);
  texts.replaceChildren(
    // One under another and wrapped (src/styles/global.css), so a plan is read whole; focusable, so it scrolls by keyboard too.
    ...withText.map((s) => {
      const caption = el('figcaption', { textContent: `${SIDE_LABELS[s.side]}, on one checked input` });
      const text = el('pre', { textContent: s.details!.text!, tabIndex: 0 });
      const plans = s.details!.plans ?? [];
      // Plans are drawn as trees; the text EXPLAIN printed is one click away.
      if (plans.length === 0) return el('figure', {}, caption, text);
      return el('figure', {}, caption, ...plans.map(planTree), el('details', {}, el('summary', { textContent: 'The plans as PostgreSQL printed them' }), text));
    }),
  );
  texts.hidden = withText.length === 0;

  const canvas = panel.querySelector<HTMLCanvasElement>('.chart canvas')!;
  const chartBox = canvas.parentElement!;
  const drawable =
    result.chart?.kind === 'steps'
      ? sides.length > 0
      : result.chart?.kind === 'series'
        ? sides.some((s) => s.details?.series)
        : sides.some((s) => Number.isFinite(s.time.median));
  chartBox.hidden = !drawable;
  if (drawable) drawResultChart(canvas, result);
  const latency = panel.querySelector<HTMLElement>('[data-latency]')!;
  latency.hidden = false;
  latency.hidden = !drawLatencyChart(latency.querySelector('canvas')!, result);
  const amdahl = panel.querySelector<HTMLElement>('[data-amdahl]')!;
  amdahl.hidden = false;
  amdahl.hidden = !drawAmdahlChart(amdahl.querySelector('canvas')!, result);
  const fit = panel.querySelector<HTMLElement>('[data-growth-fit]')!;
  fit.textContent = growthSentence(sides);
  fit.hidden = fit.textContent === '';

  const timeline = panel.querySelector<HTMLElement>('[data-timeline]')!;
  // Thousands of bars take a moment to draw: the verdict is painted first, the timeline right after.
  timeline.hidden = true;
  const drawing = ++timelineDrawings;
  requestAnimationFrame(() =>
    setTimeout(() => {
      if (drawing === timelineDrawings) showTimeline(timeline, result);
    }, 0),
  );
  timeline.onclick = (event) => {
    const action = (event.target as HTMLElement).closest<HTMLElement>('[data-timeline-zoom]')?.dataset.timelineZoom;
    if (action === 'in' || action === 'out' || action === 'earlier' || action === 'later' || action === 'reset') zoomTimeline(action);
  };
}

/** Counts the results shown, so a timeline drawn late is never one of an earlier run's. */
let timelineDrawings = 0;

/** How each side's time grows with n, from the growth chart's sizes: the fitted exponent, its name, and how well it fits. */
export function growthSentence(sides: readonly RunResult['sides'][number][]): string {
  const fits = sides.flatMap((s) => {
    const fit = s.growth ? fitGrowth(s.growth) : undefined;
    return fit ? [`${SIDE_LABELS[s.side]} ${fit.name} (time ∝ n^${fit.exponent.toFixed(2)}, R² ${fit.r2.toFixed(2)})`] : [];
  });
  if (fits.length === 0) return '';
  return `How time grows with n, from a straight line through the points on the log scale: ${fits.join('; ')}. Over a few sizes, n log n looks the same as n.`;
}

function countersTable(result: RunResult): HTMLTableElement {
  const order: Side[] = ['baseline', 'candidate', 'reference'];
  const sides = order.map((side) => result.sides.find((s) => s.side === side)).filter((s) => s !== undefined);
  const head = el('tr', {}, el('th', { textContent: '' }), ...sides.map((s) => el('th', { scope: 'col', textContent: SIDE_LABELS[s.side] })));
  const rows: HTMLTableRowElement[] = [];
  const timeUnit = result.timing === 'virtual' ? 'simulated ms' : 'ms';
  const measured = result.metric
    ? `${result.metric.label}${result.metric.unit ? ` (${result.metric.unit})` : ''}, median of the rounds`
    : `time per call (${timeUnit}), median of the rounds`;
  if (sides.some((s) => Number.isFinite(s.time.median))) {
    rows.push(
      el('tr', {}, el('th', { scope: 'row', textContent: measured }), ...sides.map((s) => el('td', { textContent: Number.isFinite(s.time.median) ? formatNumber(s.time.median) : '–' }))),
    );
    rows.push(
      el('tr', {}, el('th', { scope: 'row', textContent: result.metric ? 'improvement over baseline' : 'speedup over baseline' }), ...sides.map((s) => el('td', { textContent: s.speedup ? formatRatio(s.speedup.median) : s.side === 'baseline' ? '1x' : '–' }))),
    );
  }
  for (const spec of result.counterSpecs) {
    const gate = result.gates.find((g) => g.key === spec.key);
    const bound = spec.max !== undefined || spec.min !== undefined ? ` (${describeBound(spec, spec.unit)})` : '';
    // The same statistic as the metric row above, taken on the checked inputs rather than the timed rounds: said so, as the numbers differ.
    const worst = spec.key === result.metric?.key ? ', worst checked input' : '';
    rows.push(
      el(
        'tr',
        { className: gate && !gate.ok ? 'missed' : gate?.unsure ? 'unsure' : '' },
        el('th', { scope: 'row', textContent: `${spec.label}${spec.unit ? ` (${spec.unit})` : ''}${worst}${bound}` }),
        ...sides.map((s) => el('td', { textContent: s.counters[spec.key] === undefined ? '–' : formatNumber(s.counters[spec.key]!) })),
      ),
    );
  }
  if (result.limit) {
    rows.push(el('tr', {}, el('th', { scope: 'row', textContent: `theoretical best: ${result.limit.label}` }), el('td', { colSpan: sides.length, textContent: `${formatNumber(result.limit.ms)} ${timeUnit}` })));
  }
  return el('table', {}, el('thead', {}, head), el('tbody', {}, ...rows));
}

function runDetails(result: RunResult): (Node | string)[] {
  const candidate = result.sides.find((s) => s.side === 'candidate');
  const parts = [
    `runtime: ${result.env.runtime === 'worker' ? 'Web Worker' : result.env.runtime}`,
    result.timing === 'virtual' ? 'clock: simulated (exact, the same on every machine)' : undefined,
    // A run stopped before it timed anything has no tick to report.
    result.timing === 'wall' && result.env.timerTickMs > 0 ? `timer tick: ${formatNumber(result.env.timerTickMs * 1000)} µs` : undefined,
    `cross-origin isolated: ${result.env.crossOriginIsolated ? 'yes' : 'no'}`,
  ].filter((p) => p !== undefined);
  if (candidate && candidate.rounds > 0) parts.push(`rounds: ${candidate.rounds}`, `samples: ${candidate.samples}`, `calls per sample: ${candidate.k}`);
  parts.push(`took ${(result.durationMs / 1000).toFixed(1)} s`);
  return [parts.join(' · ')];
}

/** What each figure of the table is, one click away. */
function glossary(result: RunResult): HTMLDetailsElement {
  const entries: [string, string][] = [
    [
      'median of the rounds',
      `Each program runs in about ten rounds that alternate which goes first; this is the middle value of its rounds${result.timing === 'virtual' ? ', on the simulated clock' : ''}.`,
    ],
    [
      result.metric ? 'improvement over baseline' : 'speedup over baseline',
      'The middle value of the per-round ratios, baseline over program. The verdict gives its 95% interval: the range the true ratio lies in, 19 times out of 20.',
    ],
    ['counters', 'Counted on the inputs checked for correctness, the worst of them; the same on every machine, so they decide a limit exactly.'],
  ];
  const list = el('dl', {}, ...entries.flatMap(([term, meaning]) => [el('dt', { textContent: term }), el('dd', { textContent: meaning })]));
  return el('details', { className: 'glossary' }, el('summary', { textContent: 'What these figures are' }), list);
}

/** Text with `code` in backticks, as nodes: the code set in <code>, never parsed as HTML. */
export function withCode(text: string): (Node | string)[] {
  return text.split(/`([^`]+)`/).map((part, i) => (i % 2 === 1 ? el('code', { textContent: part }) : part));
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
