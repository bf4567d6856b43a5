import { Chart, type TooltipItem } from 'chart.js';
import type { RunResult } from '../core/result.ts';
import { SIDE_LABELS } from '../core/side-labels.ts';
import { formatNumber } from '../core/verdict.ts';
import { LINE_STYLE, narrow, sideColor } from './chart.ts';
import { describeLatency, latencyPoints, percentileName } from './latency-layout.ts';
import { onSchemeChange } from './theme.ts';

/**
 * Each side's latency distribution as a percentile plot, HdrHistogram's way:
 * along the bottom, how rare a request is (each step right is ten times
 * rarer: p90, p99, p99.9), up the side its latency. A tail that shoots up at
 * the right is the few requests that waited behind a slow one. The chart.ts
 * registrations (line, linear scale, tooltip, legend) serve this chart too.
 */

let current: Chart<'line'> | undefined;
let drawn: { canvas: HTMLCanvasElement; result: RunResult } | undefined;

onSchemeChange(() => {
  if (drawn) drawLatencyChart(drawn.canvas, drawn.result);
});

/** Draws the plot for the sides whose details carry a latency distribution; returns whether there was one. */
export function drawLatencyChart(canvas: HTMLCanvasElement, result: RunResult): boolean {
  current?.destroy();
  current = undefined;
  const sides = result.sides.filter((s) => s.details?.latency && s.details.latency.points.length > 0);
  if (sides.length === 0) return false;
  drawn = { canvas, result };
  const label = sides[0]!.details!.latency!.label;
  canvas.setAttribute('aria-label', `Latency by percentile. ${sides.map(describeLatency).join(' ')}`);
  current = new Chart<'line'>(canvas, {
    type: 'line',
    data: {
      datasets: sides.map((s) => ({
        label: SIDE_LABELS[s.side],
        data: latencyPoints(s.details!.latency!),
        borderColor: sideColor(s.side),
        backgroundColor: sideColor(s.side),
        borderDash: s.side === 'reference' ? [6, 4] : [],
        borderWidth: LINE_STYLE[s.side].width,
        order: LINE_STYLE[s.side].order,
        pointRadius: 2,
        tension: 0,
      })),
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      parsing: false,
      scales: {
        x: {
          type: 'linear',
          min: 0,
          ticks: { stepSize: 1, callback: (value) => percentileName(100 * (1 - 10 ** -Number(value))) },
          title: { display: true, text: 'percentile (each step right is 10 times rarer)' },
        },
        // Tails differ by orders of magnitude between sides: on a log scale each side's shape shows.
        y: { type: 'logarithmic', title: { display: !narrow(canvas), text: `${label}, log scale` } },
      },
      plugins: {
        title: { display: narrow(canvas), text: `${label}, log scale`, align: 'start' },
        tooltip: {
          callbacks: {
            label: (item: TooltipItem<'line'>) => {
              const point = item.raw as { y: number; name: string };
              return `${item.dataset.label}: ${point.name} ${formatNumber(point.y)} ms`;
            },
          },
        },
      },
    },
  });
  return true;
}
