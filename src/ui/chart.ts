import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  LogarithmicScale,
  PointElement,
  Title,
  Tooltip,
  type Plugin,
} from 'chart.js';
import type { RunResult, Side } from '../core/result.ts';
import { SIDE_LABELS } from '../core/side-labels.ts';
import { currentScheme, onSchemeChange, type Scheme } from './theme.ts';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, LogarithmicScale, LineController, LineElement, PointElement, Title, Tooltip, Legend);

export { SIDE_LABELS } from '../core/side-labels.ts';
/** Per theme: each side's colour, and the ink of text, grid and whiskers (each at least 3:1 on the panel). */
const PALETTES: Record<Scheme, { sides: Record<Side, string>; ink: string; grid: string }> = {
  light: { sides: { baseline: '#8796a5', candidate: '#2159c2', reference: '#12704a' }, ink: '#1f2933', grid: '#d3dce6' },
  dark: { sides: { baseline: '#8b98a7', candidate: '#7cb0ff', reference: '#5fd39b' }, ink: '#e3e8ee', grid: '#36414f' },
};
const palette = () => PALETTES[currentScheme()];
export const sideColor = (side: Side) => palette().sides[side];

function applyTheme(): void {
  Chart.defaults.color = palette().ink;
  Chart.defaults.borderColor = palette().grid;
}

/**
 * A chart of its own beside the results chart (the latency plot, the Amdahl
 * chart): `draw` makes it for a result, or returns undefined when the result
 * has nothing for it. The returned function draws it, destroying the one
 * before, and says whether there was anything to draw; it is drawn again in
 * the new colours when the theme changes.
 */
export function chartSlot(draw: (canvas: HTMLCanvasElement, result: RunResult) => Chart | undefined): (canvas: HTMLCanvasElement, result: RunResult) => boolean {
  let current: Chart | undefined;
  let drawn: { canvas: HTMLCanvasElement; result: RunResult } | undefined;
  const show = (canvas: HTMLCanvasElement, result: RunResult): boolean => {
    current?.destroy();
    applyTheme();
    current = draw(canvas, result);
    drawn = current ? { canvas, result } : undefined;
    return current !== undefined;
  };
  onSchemeChange(() => {
    if (drawn) show(drawn.canvas, drawn.result);
  });
  return show;
}

/**
 * How a side's line looks on every line chart. Where lines follow each other
 * exactly, each stays visible: the baseline is wide and drawn first, your
 * line narrower over it, the reference dashed on top.
 */
export function sideLine(side: Side) {
  return {
    label: SIDE_LABELS[side],
    borderColor: sideColor(side),
    backgroundColor: sideColor(side),
    borderDash: side === 'reference' ? [6, 4] : [],
    borderWidth: LINE_STYLE[side].width,
    order: LINE_STYLE[side].order,
    tension: 0,
  };
}

/** Line charts of {x, y} points, drawn at once and sized by their box. */
export const POINTS_AS_GIVEN = { animation: false, responsive: true, maintainAspectRatio: false, parsing: false } as const;

/** On a narrow chart a long y-axis title is taller than the plot: it goes above it instead, as the chart's title. */
export function yAxisTitle(canvas: HTMLCanvasElement, text: string) {
  return { axis: { display: !narrow(canvas), text }, above: { display: narrow(canvas), text, align: 'start' as const } };
}

/** Draws each bar's 95% interval as a whisker; chart.js has no error bars of its own. */
const whiskers: Plugin<'bar'> = {
  id: 'whiskers',
  afterDatasetsDraw(chart) {
    const intervals = (chart.options.plugins as { whiskers?: { intervals: [number, number][] } }).whiskers?.intervals;
    if (!intervals) return;
    const { ctx } = chart;
    const meta = chart.getDatasetMeta(0);
    const y = chart.scales.y!;
    ctx.save();
    ctx.strokeStyle = palette().ink;
    ctx.lineWidth = 1.5;
    meta.data.forEach((bar, i) => {
      const interval = intervals[i];
      if (!interval || !Number.isFinite(interval[0])) return;
      const x = bar.x;
      const top = y.getPixelForValue(interval[1]);
      const bottom = y.getPixelForValue(interval[0]);
      ctx.beginPath();
      ctx.moveTo(x, top);
      ctx.lineTo(x, bottom);
      ctx.moveTo(x - 6, top);
      ctx.lineTo(x + 6, top);
      ctx.moveTo(x - 6, bottom);
      ctx.lineTo(x + 6, bottom);
      ctx.stroke();
    });
    ctx.restore();
  },
};

let current: Chart | undefined;
let drawn: { canvas: HTMLCanvasElement; result: RunResult } | undefined;

// A chart is drawn in the theme's colours; when the theme changes, it is drawn again.
onSchemeChange(() => {
  if (drawn) drawResultChart(drawn.canvas, drawn.result);
});

/** One line per side, from the series each side's details carry (e.g. errors over time). */
function drawSeries(canvas: HTMLCanvasElement, result: RunResult, axes: { xLabel: string; yLabel: string }): void {
  const sides = result.sides.filter((s) => s.details?.series);
  const yTitle = yAxisTitle(canvas, axes.yLabel);
  current = new Chart(canvas, {
    type: 'line',
    data: {
      datasets: sides.map((s) => ({ ...sideLine(s.side), data: s.details!.series!, pointRadius: 0 })),
    },
    options: {
      ...POINTS_AS_GIVEN,
      scales: {
        x: { type: 'linear', title: { display: true, text: axes.xLabel } },
        y: { beginAtZero: true, title: yTitle.axis },
      },
      plugins: { title: yTitle.above },
    },
  });
}

/** Chart.js draws the lowest `order` last, on top. */
const LINE_STYLE: Record<Side, { width: number; order: number }> = {
  baseline: { width: 5, order: 2 },
  candidate: { width: 2, order: 1 },
  reference: { width: 2.5, order: 0 },
};

const narrow = (canvas: HTMLCanvasElement) => canvas.clientWidth < 480;

const STEP_COLORS = ['#2f6fde', '#e07a1f', '#1f9d6b', '#9b51e0', '#c2410c', '#52606d', '#0e7490'];

/**
 * A waterfall of a request's steps: one bar per side, its steps laid end to
 * end in order, so the step that dominates is the widest segment.
 */
function drawSteps(canvas: HTMLCanvasElement, result: RunResult, steps: readonly { key: string; label: string }[]): void {
  const sides = result.sides;
  current = new Chart(canvas, {
    type: 'bar',
    data: {
      labels: sides.map((s) => SIDE_LABELS[s.side]),
      datasets: steps.map((step, i) => ({
        label: step.label,
        data: sides.map((s) => s.counters[step.key] ?? 0),
        backgroundColor: STEP_COLORS[i % STEP_COLORS.length],
      })),
    },
    options: {
      indexAxis: 'y',
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      scales: {
        x: { stacked: true, beginAtZero: true, title: { display: true, text: `${result.timing === 'virtual' ? 'simulated ' : ''}ms per request, step by step` } },
        y: { stacked: true },
      },
      plugins: { tooltip: { callbacks: { label: (c) => `${c.dataset.label}: ${Number(c.raw).toFixed(1)} ms` } } },
    },
  });
}

/** Time per call for each side with its interval; and time against input size where the lesson measures growth. */
export function drawResultChart(canvas: HTMLCanvasElement, result: RunResult): void {
  current?.destroy();
  current = undefined;
  drawn = { canvas, result };
  applyTheme();
  const sides = result.sides.filter((s) => Number.isFinite(s.time.median));
  if (sides.length === 0 && !result.chart) return;
  const unit = result.metric ? result.metric.label : result.timing === 'virtual' ? 'simulated ms per call' : 'ms per call';
  if (result.chart?.kind === 'steps') {
    drawSteps(canvas, result, result.chart.steps);
    return;
  }
  if (result.chart?.kind === 'series') {
    drawSeries(canvas, result, result.chart);
    return;
  }
  const growth = sides.every((s) => s.growth && s.growth.length > 1);
  if (growth) {
    const sizes = sides[0]!.growth!.map((g) => g.size);
    current = new Chart(canvas, {
      type: 'line',
      data: {
        labels: sizes.map((n) => n.toLocaleString('en')),
        datasets: sides.map((s) => ({
          label: SIDE_LABELS[s.side],
          data: s.growth!.map((g) => g.ms),
          borderColor: sideColor(s.side),
          backgroundColor: sideColor(s.side),
          tension: 0,
        })),
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        scales: {
          x: { title: { display: true, text: 'input size (n)' } },
          y: { type: 'logarithmic', title: { display: true, text: `${unit} (log scale)` } },
        },
        plugins: { tooltip: { callbacks: { label: (c) => `${c.dataset.label}: ${Number(c.raw).toFixed(2)} ms` } } },
      },
    });
    return;
  }
  current = new Chart(canvas, {
    type: 'bar',
    data: {
      labels: sides.map((s) => SIDE_LABELS[s.side]),
      datasets: [
        {
          label: unit,
          data: sides.map((s) => s.time.median),
          backgroundColor: sides.map((s) => sideColor(s.side)),
        },
      ],
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      // Room above the highest whisker, which chart.js would otherwise cut at the top edge.
      scales: { y: { beginAtZero: true, suggestedMax: Math.max(...sides.map((s) => s.time.high)) * 1.08, title: { display: true, text: unit } } },
      plugins: {
        legend: { display: false },
        tooltip: {
          callbacks: {
            label: (c) => {
              const s = sides[c.dataIndex]!;
              return `${s.time.median.toFixed(2)} ms (95% interval ${s.time.low.toFixed(2)} to ${s.time.high.toFixed(2)})`;
            },
          },
        },
        // Read by the whiskers plugin above.
        ...({ whiskers: { intervals: sides.map((s) => [s.time.low, s.time.high]) } } as object),
      },
    },
    plugins: [whiskers],
  });
}
