import { Chart, type TooltipItem } from 'chart.js';
import { formatNumber } from '../core/verdict.ts';
import { chartSlot, POINTS_AS_GIVEN, sideLine, yAxisTitle } from './chart.ts';
import { describeLatency, latencyPoints, percentileName } from './latency-layout.ts';

/**
 * Each side's latency distribution as a percentile plot, HdrHistogram's way:
 * along the bottom, how rare a request is (each step right is ten times
 * rarer: p90, p99, p99.9), up the side its latency. A tail that shoots up at
 * the right is the few requests that waited behind a slow one. The chart.ts
 * registrations (line, scales, tooltip, legend) serve this chart too.
 */
export const drawLatencyChart = chartSlot((canvas, result) => {
  const sides = result.sides.filter((s) => s.details?.latency && s.details.latency.points.length > 0);
  if (sides.length === 0) return undefined;
  // Tails differ by orders of magnitude between sides: on a log scale each side's shape shows.
  const yTitle = yAxisTitle(canvas, `${sides[0]!.details!.latency!.label}, log scale`);
  canvas.setAttribute('aria-label', `Latency by percentile. ${sides.map(describeLatency).join(' ')}`);
  return new Chart<'line'>(canvas, {
    type: 'line',
    data: { datasets: sides.map((s) => ({ ...sideLine(s.side), data: latencyPoints(s.details!.latency!), pointRadius: 2 })) },
    options: {
      ...POINTS_AS_GIVEN,
      scales: {
        x: {
          type: 'linear',
          min: 0,
          ticks: { stepSize: 1, callback: (value) => percentileName(100 * (1 - 10 ** -Number(value))) },
          title: { display: true, text: 'percentile (each step right is 10 times rarer)' },
        },
        y: { type: 'logarithmic', title: yTitle.axis },
      },
      plugins: {
        title: yTitle.above,
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
});
