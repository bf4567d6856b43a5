import { Chart, type TooltipItem } from 'chart.js';
import type { RunResult } from '../core/result.ts';
import { SIDE_LABELS } from '../core/side-labels.ts';
import { formatRatio } from '../core/verdict.ts';
import { amdahlCurve, describeAmdahl, threadsShown } from './amdahl-layout.ts';
import { LINE_STYLE, narrow, sideColor } from './chart.ts';
import { onSchemeChange } from './theme.ts';

/**
 * Real threads against Amdahl's law: for each side, the curve of what its
 * serial share allows with 1, 2, 3 … threads, and a dot where its measured
 * speedup landed. A dot well under its curve is threads left waiting; a
 * curve that flattens early is serial work no thread can share. The chart.ts
 * registrations (line, linear scale, tooltip, legend) serve this chart too.
 */

let current: Chart<'line'> | undefined;
let drawn: { canvas: HTMLCanvasElement; result: RunResult } | undefined;

onSchemeChange(() => {
  if (drawn) drawAmdahlChart(drawn.canvas, drawn.result);
});

/** Draws the chart for the sides whose details carry threads measured against Amdahl's law; returns whether there was one. */
export function drawAmdahlChart(canvas: HTMLCanvasElement, result: RunResult): boolean {
  current?.destroy();
  current = undefined;
  const sides = result.sides.filter((s) => s.details?.amdahl);
  if (sides.length === 0) return false;
  drawn = { canvas, result };
  const upTo = threadsShown(sides.map((s) => s.details!.amdahl!));
  const cores = sides[0]!.details!.amdahl!.cores;
  canvas.setAttribute('aria-label', `Speedup against threads, with Amdahl's law for each side; this machine has ${cores} cores. ${sides.map(describeAmdahl).join(' ')}`);
  const yLabel = 'speedup over one thread';
  current = new Chart<'line'>(canvas, {
    type: 'line',
    data: {
      datasets: sides.flatMap((s) => {
        const a = s.details!.amdahl!;
        const style = { borderColor: sideColor(s.side), backgroundColor: sideColor(s.side), order: LINE_STYLE[s.side].order };
        return [
          {
            ...style,
            label: SIDE_LABELS[s.side],
            data: amdahlCurve(a.serial, upTo),
            borderDash: s.side === 'reference' ? [6, 4] : [],
            borderWidth: LINE_STYLE[s.side].width,
            pointRadius: 0,
            tension: 0,
          },
          { ...style, label: `${SIDE_LABELS[s.side]}: measured`, data: [{ x: a.threads, y: a.speedup }], showLine: false, pointRadius: 6, pointStyle: 'rectRot' },
        ];
      }),
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      parsing: false,
      scales: {
        x: { type: 'linear', min: 1, max: upTo, ticks: { stepSize: 1 }, title: { display: true, text: `threads (this machine has ${cores} ${cores === 1 ? 'core' : 'cores'})` } },
        y: { beginAtZero: true, title: { display: !narrow(canvas), text: yLabel } },
      },
      plugins: {
        title: { display: narrow(canvas), text: yLabel, align: 'start' },
        // A side's name stands for its curve and its dot, which share its colour.
        legend: { labels: { filter: (item) => !item.text.endsWith(': measured') } },
        tooltip: { callbacks: { label: (item: TooltipItem<'line'>) => `${item.dataset.label}: ${formatRatio((item.raw as { y: number }).y)} with ${(item.raw as { x: number }).x} threads` } },
      },
    },
  });
  return true;
}
