import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, LogarithmicScale, PointElement, Tooltip, type Plugin } from 'chart.js';
import { formatRatio } from '../core/verdict.ts';
import { onSchemeChange } from '../ui/theme.ts';
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

/** Below this width the chart names lessons by number only. */
const NARROW_PX = 640;

/** Draws each bar's range (slowest to fastest learner) as a whisker. */
const range: Plugin<'bar'> = {
  id: 'roomRange',
  afterDatasetsDraw(chart) {
    const ranges = (chart.options.plugins as { roomRange?: { ranges: ([number, number] | null)[] } }).roomRange?.ranges;
    if (!ranges) return;
    const { ctx } = chart;
    const y = chart.scales.y!;
    ctx.save();
    ctx.strokeStyle = getComputedStyle(chart.canvas).getPropertyValue('--fac-ink').trim();
    ctx.lineWidth = 2.5;
    chart.getDatasetMeta(0).data.forEach((bar, i) => {
      const r = ranges[i];
      if (!r) return;
      const top = y.getPixelForValue(r[1]);
      const bottom = y.getPixelForValue(r[0]);
      ctx.beginPath();
      ctx.moveTo(bar.x, top);
      ctx.lineTo(bar.x, bottom);
      const half = Math.min(9, (bar as unknown as { width: number }).width / 2);
      ctx.moveTo(bar.x - half, top);
      ctx.lineTo(bar.x + half, top);
      ctx.moveTo(bar.x - half, bottom);
      ctx.lineTo(bar.x + half, bottom);
      ctx.stroke();
    });
    ctx.restore();
  },
};

let current: Chart | undefined;
let drawn: Parameters<typeof drawRoomChart> | undefined;
onSchemeChange(() => drawn && drawRoomChart(...drawn));

/** The projector palette of instructor.css, read from the page, so the chart follows its theme. */
function colours(canvas: HTMLCanvasElement) {
  const style = getComputedStyle(canvas);
  const read = (name: string) => style.getPropertyValue(name).trim();
  return { ink: read('--fac-ink'), accent: read('--fac-accent'), pass: read('--fac-pass'), fail: read('--fac-fail'), line: read('--fac-line') };
}

/** A title on lines of about `width` characters, whole words, so no lesson's name is cut off under its bar. */
export function wrapLabel(text: string, width = 16): string[] {
  const lines: string[] = [];
  for (const word of text.split(/\s+/)) {
    const last = lines.at(-1);
    if (last !== undefined && last.length + 1 + word.length <= width) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines;
}

/**
 * One group per lesson: a bar at the room's median best speedup (of those who
 * passed) with a whisker from the lowest to the highest, a diamond at the
 * reference solution's speedup and a dash at the target. Log scale: lessons
 * range from about 1.5x to several hundred.
 */
export function drawRoomChart(canvas: HTMLCanvasElement, lessons: readonly ChartLesson[], stats: readonly LessonStats[]): void {
  current?.destroy();
  drawn = [canvas, lessons, stats];
  const palette = colours(canvas);
  // On a phone ten lessons' names cannot stand side by side: their numbers do (the table beside names them).
  const narrow = (canvas.parentElement?.clientWidth ?? Infinity) < NARROW_PX;
  const labels = lessons.map((l) => {
    const s = stats.find((x) => x.slug === l.slug);
    const number = String(l.order).padStart(2, '0');
    return narrow ? number : [...wrapLabel(`${number} ${l.title}`), `${s?.passed ?? 0} passed`];
  });
  const median = lessons.map((l) => stats.find((s) => s.slug === l.slug)?.median ?? null);
  const ranges = lessons.map((l): [number, number] | null => {
    const s = stats.find((x) => x.slug === l.slug);
    return s && s.min !== null && s.max !== null && s.min !== s.max ? [s.min, s.max] : null;
  });
  const big = { size: narrow ? 12 : 16 };
  current = new Chart(canvas, {
    type: 'bar',
    data: {
      labels,
      datasets: [
        { type: 'bar', label: 'Room: median best speedup (bar), lowest to highest (whisker)', data: median, backgroundColor: palette.accent, order: 3 },
        {
          type: 'line',
          label: 'Reference solution',
          data: lessons.map((l) => l.reference),
          showLine: false,
          pointStyle: 'rectRot',
          pointRadius: narrow ? 6 : 9,
          pointBackgroundColor: palette.pass,
          borderColor: palette.pass,
          order: 1,
        },
        {
          type: 'line',
          label: 'Target to pass',
          data: lessons.map((l) => l.target),
          showLine: false,
          pointStyle: 'line',
          pointRadius: narrow ? 8 : 22,
          borderWidth: narrow ? 3 : 4,
          pointBorderColor: palette.fail,
          borderColor: palette.fail,
          order: 2,
        },
      ],
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      scales: {
        x: { ticks: { font: big, color: palette.ink, autoSkip: false, maxRotation: 0 }, grid: { color: palette.line } },
        y: {
          type: 'logarithmic',
          min: 1,
          grid: { color: palette.line },
          title: { display: true, text: 'speedup over the baseline (log scale)', font: big, color: palette.ink },
          ticks: { font: big, color: palette.ink, callback: (v) => (Number.isInteger(Math.log10(Number(v))) || [2, 5, 20, 50].includes(Number(v)) ? formatRatio(Number(v)) : '') },
        },
      },
      plugins: {
        legend: { position: narrow ? 'bottom' : 'top', labels: { font: big, color: palette.ink, boxWidth: narrow ? 12 : 40 } },
        tooltip: {
          bodyFont: big,
          titleFont: big,
          callbacks: {
            title: (items) => {
              const lesson = lessons[items[0]?.dataIndex ?? -1];
              return lesson ? `${String(lesson.order).padStart(2, '0')} ${lesson.title}` : '';
            },
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
