import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip, type ChartDataset, type Plugin, type TooltipItem } from 'chart.js';
import zoomPlugin from 'chartjs-plugin-zoom';
import type { RunResult, Side } from '../core/result.ts';
import type { Span } from '../core/trace.ts';
import { formatNumber } from '../core/verdict.ts';
import { sideColor } from './chart.ts';
import { SIDE_LABELS, SIDE_ORDER as ORDER } from '../core/side-labels.ts';
import { formatTime, layoutTimeline, MAX_ROWS_PER_LANE, mergeBars, summariseSide, timelineWords, unitTicks, type Bar, type Row, type TimelineWords } from './timeline-layout.ts';
import { onSchemeChange, currentScheme } from './theme.ts';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip, zoomPlugin);

/**
 * The timeline of each side's traced call (core/trace.ts): a row per request
 * in flight at once, in a lane per service, the sides one above another on
 * one time axis, so sequential calls, overlapping ones and a held event loop
 * can be seen, not only counted. With a mouse the wheel zooms the time axis
 * and a drag pans it; the buttons do both from the keyboard and on a touch
 * screen, where the plot leaves the page's own scrolling alone.
 */

const ROW_PX = 14;
const MIN_ROW_PX = 10;
const MAX_PLOT_PX = 520;
const BLOCKED_COLORS = { light: '#b45309', dark: '#f0a35e' };
const REJECTED_COLORS = { light: '#b91c1c', dark: '#ff8a8a' };

/** The lesson's limit (the fastest any program could finish this workload), as a dashed line across the plot. */
const limitLine: Plugin<'bar'> = {
  id: 'limitLine',
  afterDatasetsDraw(chart) {
    const limit = (chart.options.plugins as { limitLine?: { ms: number } }).limitLine;
    if (!limit) return;
    const x = chart.scales.x!.getPixelForValue(limit.ms);
    const { top, bottom, left, right } = chart.chartArea;
    if (x < left || x > right) return;
    const { ctx } = chart;
    ctx.save();
    ctx.strokeStyle = String(Chart.defaults.color);
    ctx.setLineDash([5, 4]);
    ctx.beginPath();
    ctx.moveTo(x, top);
    ctx.lineTo(x, bottom);
    ctx.stroke();
    ctx.restore();
  },
};

/**
 * Each chart's rows and peak for its in-flight lines. Not in the chart's
 * options: chart.js reads those through proxies, and the thousands of steps
 * read through them made this the slowest part of drawing the plot.
 */
const inFlightOf = new WeakMap<Chart, { rows: Row[]; peak: number }>();

/**
 * Each side's requests in flight over time, as a filled step line on its
 * "in flight" row: from the row's bottom (none) to its top (the most any
 * side had), so the sides can be compared by height.
 */
const inFlightLines: Plugin<'bar'> = {
  id: 'inFlightLines',
  afterDatasetsDraw(chart) {
    const options = inFlightOf.get(chart as unknown as Chart);
    if (!options || options.peak === 0) return;
    const { ctx, chartArea } = chart;
    const x = chart.scales.x!;
    const y = chart.scales.y!;
    ctx.save();
    ctx.beginPath();
    ctx.rect(chartArea.left, chartArea.top, chartArea.right - chartArea.left, chartArea.bottom - chartArea.top);
    ctx.clip();
    const rowPx = options.rows.length > 1 ? Math.abs(y.getPixelForValue(1) - y.getPixelForValue(0)) : chartArea.bottom - chartArea.top;
    // The x scale is linear: its pixel for a value, worked out here (the scale's own method resolves its
    // options on every call, which thousands of steps make the slowest part of drawing the plot).
    const pixelsPerMs = (x.right - x.left) / (x.max - x.min);
    const pixelOf = (ms: number) => x.left + (ms - x.min) * pixelsPerMs;
    options.rows.forEach((row, index) => {
      if (!row.inFlight || row.inFlight.length === 0) return;
      const bottom = y.getPixelForValue(index) + rowPx * 0.45;
      const height = rowPx * 0.9;
      const level = (count: number) => bottom - (height * count) / options.peak;
      ctx.beginPath();
      ctx.moveTo(pixelOf(row.inFlight[0]!.at), bottom);
      // One vertical stroke per pixel column, from the level before it to its highest and on to its last:
      // thousands of steps stay as cheap to draw as the plot is wide, and no peak is lost.
      let previous = bottom;
      let column = Number.NaN;
      let highest = bottom;
      let last = bottom;
      const flush = () => {
        if (Number.isNaN(column)) return;
        ctx.lineTo(column, previous);
        ctx.lineTo(column, highest);
        ctx.lineTo(column, last);
        previous = last;
      };
      for (const step of row.inFlight) {
        const at = Math.round(pixelOf(step.at));
        const to = level(step.count);
        if (at !== column) {
          flush();
          column = at;
          highest = Math.min(previous, to);
        } else {
          highest = Math.min(highest, to);
        }
        last = to;
      }
      flush();
      ctx.strokeStyle = sideColor(row.side);
      ctx.fillStyle = sideColor(row.side);
      ctx.lineWidth = 1.5;
      ctx.stroke();
      ctx.globalAlpha = 0.3;
      ctx.fill();
      ctx.globalAlpha = 1;
    });
    ctx.restore();
  },
};

let current: Chart<'bar', Bar[]> | undefined;
let windowText: HTMLElement | undefined;
/** The whole call's length, the widest window. */
let wholeMs = 1;
/** How the timeline drawn speaks of its bars and its time. */
let words: TimelineWords = timelineWords();
/** Every bar, and which of the chart's datasets each goes to; what is drawn is their merge for the window (mergeBars). */
let allBars: { bars: Bar[]; datasetOf: (bar: Bar) => number } | undefined;

/** Puts in the chart the bars for the window [min, max], merged where they lie closer than a pixel; the next update draws them. */
function setBars(chart: Chart, { min, max }: { min: number; max: number }): void {
  if (!allBars) return;
  const msPerPixel = (max - min) / Math.max(1, chart.chartArea.width);
  // Only the window's: a bar outside it would be drawn as a sliver at its edge (the bars' minimum length).
  const datasets = chart.data.datasets as unknown as { data: Bar[] }[];
  datasets.forEach((dataset) => (dataset.data = []));
  for (const bar of mergeBars(allBars.bars, min, max, msPerPixel)) datasets[allBars.datasetOf(bar)]!.data.push(bar);
}

/** After the wheel or a drag has moved the window: its bars (a drag shows the new stretch's once it ends), then the words. */
function afterGesture({ chart }: { chart: Chart }): void {
  setBars(chart, chart.scales.x!);
  chart.update('none');
  showWindow({ chart });
}

/** Says which stretch of time the plot shows, after every zoom and pan. */
function showWindow({ chart }: { chart: Pick<Chart, 'scales'> }): void {
  const { min, max } = chart.scales.x!;
  if (windowText) windowText.textContent = `showing ${formatNumber(min / words.unitMs)} to ${formatTime(max, words)}`;
}
let drawn: { figure: HTMLElement; result: RunResult } | undefined;

onSchemeChange(() => {
  if (drawn) showTimeline(drawn.figure, drawn.result);
});

/** Fills the timeline figure for `result`, or hides it when the run has no traces. */
export function showTimeline(figure: HTMLElement, result: RunResult): void {
  current?.destroy();
  current = undefined;
  const sides = ORDER.map((side) => result.sides.find((s) => s.side === side && s.trace)).filter((s) => s !== undefined);
  figure.hidden = sides.length === 0 || !result.timeline;
  if (figure.hidden) return;
  drawn = { figure, result };
  words = timelineWords(result.timeline!.bars);

  const { rows, bars, crowded, peakInFlight } = layoutTimeline(sides, MAX_ROWS_PER_LANE, words);
  // The limit for the traced workload, which every side ran (none where the limit is on another figure, 10's p99).
  const callLimit = sides[0]!.trace!.limit;
  const dropped = sides.some((s) => s.trace!.dropped > 0);
  const caption = figure.querySelector<HTMLElement>('[data-timeline-caption]')!;
  caption.textContent = [
    result.timeline!.caption,
    'Every side runs the same workload (the first timed round’s).',
    dropped ? `Only the first ${formatNumber(sides[0]!.trace!.spans.length)} spans of a side are kept.` : '',
    peakInFlight > 0 ? `Each side’s “in flight” row is how many of its requests were waiting for an answer at each moment, from none at the row’s foot to ${peakInFlight}, the most any side had, at its top.` : '',
    callLimit ? `The dashed line is the fastest any program could finish this workload: ${callLimit.label}.` : '',
    crowded ? `Where more than ${MAX_ROWS_PER_LANE} ${words.many} of one lane overlap, the rest are drawn over its last row.` : '',
  ]
    .filter(Boolean)
    .join(' ');
  const model = figure.querySelector<HTMLElement>('[data-timeline-model]')!;
  model.textContent = result.timeline!.model ?? '';
  model.hidden = !result.timeline!.model;
  const list = figure.querySelector<HTMLElement>('[data-timeline-summary]')!;
  list.replaceChildren(...sides.map((s) => Object.assign(document.createElement('li'), { textContent: summariseSide(s, words) })));

  const canvas = figure.querySelector('canvas')!;
  canvas.setAttribute('aria-label', `Timeline of each side's ${words.many}. ${sides.map((s) => summariseSide(s, words)).join(' ')}`);
  const box = canvas.parentElement!;
  // Every row fits in a panel that scrolls on its own: rows get thinner, down to a floor, before the plot grows past it.
  const rowPx = Math.max(MIN_ROW_PX, Math.min(ROW_PX, (MAX_PLOT_PX - 48) / rows.length));
  box.style.height = `${Math.max(120, rows.length * rowPx + 48)}px`;

  const scheme = currentScheme();
  const touch = matchMedia('(pointer: coarse)').matches;
  const dataset = (label: string, color: string, which: Bar[]): ChartDataset<'bar', Bar[]> => ({
    label,
    data: which,
    // A bar with a level (09's share of users) is drawn that strongly, from faint to full, so a ramp shows as steps.
    backgroundColor: (context) => {
      const level = (context.raw as Bar | undefined)?.span.level;
      if (level === undefined) return color;
      // The palette's colours are #rrggbb: an alpha byte makes them fainter.
      return `${color}${Math.round(255 * (0.25 + 0.75 * Math.min(1, Math.max(0, level)))).toString(16).padStart(2, '0')}`;
    },
    borderWidth: 0,
    grouped: false,
    minBarLength: 2,
    barPercentage: 0.9,
    categoryPercentage: 1,
  });
  const isRequest = (b: Bar) => b.span.kind === 'request';
  const groups = [
    ...ORDER.map((side) => ({ label: SIDE_LABELS[side], color: sideColor(side), holds: (b: Bar) => b.side === side && isRequest(b) })),
    { label: 'event loop held', color: BLOCKED_COLORS[scheme], holds: (b: Bar) => b.span.kind === 'blocked' },
    { label: 'rejected', color: REJECTED_COLORS[scheme], holds: (b: Bar) => b.span.kind === 'rejected' },
  ].filter((group) => bars.some(group.holds));
  // Filled for the window shown (setBars).
  const datasets = groups.map((group) => dataset(group.label, group.color, []));
  allBars = { bars, datasetOf: (bar) => groups.findIndex((group) => group.holds(bar)) };
  const endMs = Math.ceil(Math.max(...sides.map((s) => s.trace!.endMs), 1));
  wholeMs = endMs;

  current = new Chart<'bar', Bar[]>(canvas, {
    type: 'bar',
    data: { labels: rows.map((_, i) => i), datasets },
    plugins: [limitLine, inFlightLines],
    options: {
      indexAxis: 'y',
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      parsing: { xAxisKey: 'x', yAxisKey: 'y' },
      scales: {
        x: {
          type: 'linear',
          min: 0,
          max: endMs,
          title: { display: true, text: `simulated ${words.unit} since the call began` },
          // In the lesson's unit where it has one (09's minutes), at whole steps of it; else chart.js's own ticks, in ms.
          ...(words.unitMs === 1
            ? {}
            : {
                afterBuildTicks: (scale: { min: number; max: number; ticks: { value: number }[] }) => {
                  scale.ticks = unitTicks(scale.min, scale.max, words).map((value) => ({ value }));
                },
                ticks: { callback: (value: number | string) => formatNumber(Number(value) / words.unitMs) },
              }),
        },
        y: {
          type: 'category',
          grid: { display: false },
          ticks: {
            autoSkip: false,
            font: (context) => ({ size: rowPx < 12 ? 9 : 11, weight: rows[context.index]?.header ? 'bold' : 'normal' }),
            callback: (_, i) => rows[i]?.label ?? '',
          },
        },
      },
      plugins: {
        ...({ limitLine: callLimit } as object),
        // The sides are named on their rows; the legend names only the colours that are not a side's.
        legend: { display: datasets.some((d) => !isSide(d.label)), labels: { filter: (item) => !isSide(item.text) } },
        tooltip: { callbacks: { title: () => '', label: (item: TooltipItem<'bar'>) => describeBar(item.raw as Bar) } },
        zoom: {
          limits: { x: { min: 0, max: endMs, minRange: 5 } },
          // Dragging and pinching would take the page's own scrolling on a touch screen: there the buttons zoom and pan.
          pan: { enabled: !touch, mode: 'x', onPanComplete: afterGesture },
          zoom: { wheel: { enabled: !touch }, pinch: { enabled: false }, mode: 'x', onZoomComplete: afterGesture },
        },
      },
    },
  });
  inFlightOf.set(current as unknown as Chart, { rows, peak: peakInFlight });
  windowText = figure.querySelector<HTMLElement>('[data-timeline-window]') ?? undefined;
  // The plot's width is known once it is made (empty): its bars and lines are drawn for it now.
  afterGesture({ chart: current as unknown as Chart });
  if (current.data.datasets.some((d) => d.data.some((bar) => bar.merged))) {
    caption.textContent += ` ${capitalised(words.many)} of a row closer together than a pixel are drawn as one bar: zoom in to see each.`;
  }
}

const isSide = (label: string | undefined) => Object.values(SIDE_LABELS).includes(label ?? '');

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

function describeBar(bar: Bar): string[] {
  const span = bar.span;
  const who = SIDE_LABELS[bar.side];
  const at = (ms: number) => formatNumber(ms / words.unitMs);
  if (bar.merged) {
    const stretch = `${at(bar.x[0])} → ${formatTime(bar.x[1], words)}`;
    return [`${who} · ${span.lane}`, `${formatNumber(bar.merged)} ${words.many}, closer than a pixel: zoom in`, stretch];
  }
  // Lines, not one long sentence: a narrow screen cuts a tooltip that is wider than the plot.
  if (span.kind === 'rejected') return [`${who} · ${span.lane}`, `rejected at ${formatTime(span.start, words)}`];
  const length = `${formatTime(span.end - span.start, words)} (${at(span.start)} → ${at(span.end)})`;
  if (span.kind === 'blocked') return [`${who} · event loop held`, `by ${span.label}`, length];
  return [`${who} · ${span.lane}`, ...(span.label === span.lane ? [] : [span.label]), length];
}

export type TimelineAction = 'in' | 'out' | 'earlier' | 'later' | 'reset';

/** The buttons, for the keyboard and touch: zoom in and out by halves about the middle (out undoes in), and move by half a window. */
export function zoomTimeline(action: TimelineAction): void {
  if (!current) return;
  const { min, max } = current.scales.x!;
  const width = max - min;
  const middle = (min + max) / 2;
  const next =
    action === 'in'
      ? { min: middle - width / 4, max: middle + width / 4 }
      : action === 'out'
        ? { min: middle - width, max: middle + width }
        : action === 'earlier'
          ? { min: min - width / 2, max: max - width / 2 }
          : action === 'later'
            ? { min: min + width / 2, max: max + width / 2 }
            : { min: 0, max: wholeMs };
  const window = clampWindow(next, wholeMs);
  setBars(current as unknown as Chart, window);
  current.zoomScale('x', window, 'none');
  showWindow({ chart: current });
}

/** A window inside [0, whole], no wider than it and no narrower than 5 ms, kept in place at an edge. */
export function clampWindow(window: { min: number; max: number }, whole: number): { min: number; max: number } {
  const width = Math.min(whole, Math.max(5, window.max - window.min));
  const min = Math.min(Math.max(0, window.min), whole - width);
  return { min, max: min + width };
}
