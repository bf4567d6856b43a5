import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, LogarithmicScale, PointElement, Tooltip, type Plugin } from 'chart.js';
import { formatRatio } from '../core/verdict.ts';
import type { LessonStats } from './room.ts';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, LogarithmicScale, LineController, LineElement, PointElement, Tooltip, Legend);

export interface ChartLesson {
  slug: string;
  title: string;
  order: number;
  /** The reference solution's measured speedup (npm run figures), if known. */
  reference: number | null;
  target: number | null;
}

/** Draws each bar's range (slowest to fastest learner) as a whisker. */
const range: Plugin<'bar'> = {
  id: 'roomRange',
  afterDatasetsDraw(chart) {
    const ranges = (chart.options.plugins as { roomRange?: { ranges: ([number, number] | null)[] } }).roomRange?.ranges;
    if (!ranges) return;
    const { ctx } = chart;
    const y = chart.scales.y!;
    ctx.save();
    ctx.strokeStyle = '#0b0f14';
    ctx.lineWidth = 2.5;
    chart.getDatasetMeta(0).data.forEach((bar, i) => {
      const r = ranges[i];
      if (!r) return;
      const top = y.getPixelForValue(r[1]);
      const bottom = y.getPixelForValue(r[0]);
      ctx.beginPath();
      ctx.moveTo(bar.x, top);
      ctx.lineTo(bar.x, bottom);
      ctx.moveTo(bar.x - 9, top);
      ctx.lineTo(bar.x + 9, top);
      ctx.moveTo(bar.x - 9, bottom);
      ctx.lineTo(bar.x + 9, bottom);
      ctx.stroke();
    });
    ctx.restore();
  },
};

let current: Chart | undefined;

/**
 * One group per lesson: a bar at the room's median best speedup (of those who
 * passed) with a whisker from the lowest to the highest, a diamond at the
 * reference solution's speedup and a dash at the target. Log scale: lessons
 * range from about 1.5x to several hundred.
 */
export function drawRoomChart(canvas: HTMLCanvasElement, lessons: readonly ChartLesson[], stats: readonly LessonStats[]): void {
  current?.destroy();
  const labels = lessons.map((l) => {
    const s = stats.find((x) => x.slug === l.slug);
    return [`${String(l.order).padStart(2, '0')} ${l.title.length > 22 ? `${l.title.slice(0, 21)}…` : l.title}`, `${s?.passed ?? 0} passed`];
  });
  const median = lessons.map((l) => stats.find((s) => s.slug === l.slug)?.median ?? null);
  const ranges = lessons.map((l): [number, number] | null => {
    const s = stats.find((x) => x.slug === l.slug);
    return s && s.min !== null && s.max !== null && s.min !== s.max ? [s.min, s.max] : null;
  });
  const big = { size: 16 };
  current = new Chart(canvas, {
    type: 'bar',
    data: {
      labels,
      datasets: [
        { type: 'bar', label: 'Room: median best speedup (bar), lowest to highest (whisker)', data: median, backgroundColor: '#1849a9', order: 3 },
        {
          type: 'line',
          label: 'Reference solution',
          data: lessons.map((l) => l.reference),
          showLine: false,
          pointStyle: 'rectRot',
          pointRadius: 9,
          pointBackgroundColor: '#0b6b45',
          borderColor: '#0b6b45',
          order: 1,
        },
        {
          type: 'line',
          label: 'Target to pass',
          data: lessons.map((l) => l.target),
          showLine: false,
          pointStyle: 'line',
          pointRadius: 22,
          borderWidth: 4,
          pointBorderColor: '#a3320b',
          borderColor: '#a3320b',
          order: 2,
        },
      ],
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      scales: {
        x: { ticks: { font: big, color: '#0b0f14' } },
        y: {
          type: 'logarithmic',
          min: 1,
          title: { display: true, text: 'speedup over the baseline (log scale)', font: big, color: '#0b0f14' },
          ticks: { font: big, color: '#0b0f14', callback: (v) => (Number.isInteger(Math.log10(Number(v))) || [2, 5, 20, 50].includes(Number(v)) ? formatRatio(Number(v)) : '') },
        },
      },
      plugins: {
        legend: { labels: { font: big, color: '#0b0f14' } },
        tooltip: {
          bodyFont: big,
          titleFont: big,
          callbacks: {
            label: (c) => {
              const value = c.raw as number | null;
              if (value === null) return `${c.dataset.label}: none`;
              if (c.datasetIndex === 0) {
                const s = stats.find((x) => x.slug === lessons[c.dataIndex]!.slug)!;
                return `median ${formatRatio(value)}, ${s.passed} passed (range ${formatRatio(s.min!)} to ${formatRatio(s.max!)})`;
              }
              return `${c.dataset.label}: ${formatRatio(value)}`;
            },
          },
        },
        ...({ roomRange: { ranges } } as object),
      },
    },
    plugins: [range],
  });
}
