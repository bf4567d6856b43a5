import { Chart, type TooltipItem } from 'chart.js';
import { formatRatio } from '../core/verdict.ts';
import { amdahlCurve, describeAmdahl, threadsShown } from './amdahl-layout.ts';
import { chartSlot, POINTS_AS_GIVEN, sideLine, yAxisTitle } from './chart.ts';

/**
 * Real threads against Amdahl's law: for each side, the curve of what its
 * serial share allows with 1, 2, 3 … threads, and a diamond where its
 * measured speedup landed. A diamond well under its curve is threads left
 * waiting; a curve that flattens early is serial work no thread can share.
 * The chart.ts registrations (line, scales, tooltip, legend) serve it too.
 */
export const drawAmdahlChart = chartSlot((canvas, result) => {
  const sides = result.sides.filter((s) => s.details?.amdahl);
  if (sides.length === 0) return undefined;
  const upTo = threadsShown(sides.map((s) => s.details!.amdahl!));
  const cores = sides[0]!.details!.amdahl!.cores;
  const yTitle = yAxisTitle(canvas, 'speedup over one thread');
  canvas.setAttribute('aria-label', `Speedup against threads, with Amdahl's law for each side; this machine has ${cores} cores. ${sides.map(describeAmdahl).join(' ')}`);
  return new Chart<'line'>(canvas, {
    type: 'line',
    data: {
      datasets: sides.flatMap((s) => {
        const a = s.details!.amdahl!;
        const line = sideLine(s.side);
        return [
          { ...line, data: amdahlCurve(a.serial, upTo), pointRadius: 0 },
          { ...line, label: `${line.label}: measured`, data: [{ x: a.threads, y: a.speedup }], showLine: false, pointRadius: 6, pointStyle: 'rectRot' },
        ];
      }),
    },
    options: {
      ...POINTS_AS_GIVEN,
      scales: {
        x: { type: 'linear', min: 1, max: upTo, ticks: { stepSize: 1 }, title: { display: true, text: `threads (this machine has ${cores} ${cores === 1 ? 'core' : 'cores'})` } },
        y: { beginAtZero: true, title: yTitle.axis },
      },
      plugins: {
        title: yTitle.above,
        // A side's name stands for its curve and its diamond, which share its colour.
        legend: { labels: { filter: (item) => !item.text.endsWith(': measured') } },
        tooltip: {
          callbacks: {
            label: (item: TooltipItem<'line'>) => {
              const point = item.raw as { x: number; y: number };
              return `${item.dataset.label}: ${formatRatio(point.y)} with ${point.x} ${point.x === 1 ? 'thread' : 'threads'}`;
            },
          },
        },
      },
    },
  });
});
