import { Chart } from 'chart.js';
import { formatNumber } from '../../core/verdict.ts';
import { describeComparison, describeIntervals, figureName, formatDuration, formatFigure, type PlaygroundReport } from '../../playground/report.ts';
import type { SharedResults } from '../../playground/shared-results.ts';
import { chartSlot, POINTS_AS_GIVEN } from '../chart.ts';
import { currentScheme } from '../theme.ts';

/**
 * The playground's results: a sentence per snippet, a table of times and
 * ratios, where it was measured, the growth chart of a sweep, and results
 * that came with a link beside the user's own.
 */

export function showReport(panel: HTMLElement, report: PlaygroundReport, label: string): void {
  const q = <T extends HTMLElement>(selector: string) => panel.querySelector<T>(selector)!;
  q('[data-report]').hidden = false;
  const verdicts = q('[data-verdicts]');
  verdicts.replaceChildren(
    ...report.snippets
      .filter((s) => s.speedup)
      .map((s) => {
        const line = document.createElement('span');
        line.className = 'pg-verdict';
        line.dataset.comparison = s.comparison;
        line.append(code(s.name), `: ${describeComparison(s, report.baseline).replace(/`([^`]+)`/g, '$1')}.`);
        return line;
      }),
  );
  const figure = figureName(report);
  fillTable(q('[data-table]'), ['Snippet', figure.charAt(0).toUpperCase() + figure.slice(1), 'Interval', `Against ${report.baseline}`, 'Calls timed'], report.snippets.map((s) => [
    code(s.name),
    formatFigure(report, s.time.median),
    `${formatFigure(report, s.time.low)} to ${formatFigure(report, s.time.high)}`,
    s.speedup ? speedCell(s.speedup, s.comparison!) : 'baseline',
    `${formatNumber(s.samples * s.k)} (${s.rounds} rounds, K = ${formatNumber(s.k)})`,
  ]));
  const how = report.awaited ? ' Snippets that return a promise were timed until it settled.' : '';
  const checked = report.compared ? 'Answers were compared first, on the same inputs, and agreed.' : 'Answers were not compared ("Compare answers first" is off).';
  q('[data-env]').textContent =
    `Measured on ${label}, timer tick ${formatDuration(report.env.timerTickMs)}, ${report.env.crossOriginIsolated ? 'cross-origin isolated' : 'not cross-origin isolated (a coarser timer)'}. ` +
    `${checked}${how} ${describeIntervals(report)} The run took ${formatNumber(report.durationMs / 1000)} s.`;
  const growth = q<HTMLElement>('[data-growth]');
  growth.hidden = !drawGrowth(growth.querySelector('canvas')!, report);
  q('[data-growth-fit]').textContent = report.snippets
    .filter((s) => s.fit)
    .map((s) => `${s.name}: ${s.fit!.name} (time ∝ n^${s.fit!.exponent.toFixed(2)}, R² ${s.fit!.r2.toFixed(2)})`)
    .join('; ');
}

/** Results from a link, a column per machine, with this device's last run beside them. */
export function showShared(section: HTMLElement, shared: readonly SharedResults[], own?: { report: PlaygroundReport; label: string }): void {
  section.hidden = shared.length === 0;
  if (shared.length === 0) return;
  const columns = [
    ...shared.map((s) => ({ label: s.label, baseline: s.baseline, snippets: s.snippets, lesson: s.lesson })),
    ...(own ? [{ label: `${own.label} (this device)`, baseline: own.report.baseline, snippets: own.report.snippets, lesson: own.report.lesson }] : []),
  ];
  const names = [...new Set(columns.flatMap((c) => c.snippets.map((s) => s.name)))];
  fillTable(section.querySelector('table')!, ['Snippet', ...columns.map((c) => c.label)], names.map((name) => [
    code(name),
    ...columns.map((c) => {
      const s = c.snippets.find((x) => x.name === name);
      if (!s) return '–';
      return `${formatFigure(c, s.time.median)}${s.speedup ? `, ${describeComparison(s, c.baseline).replace(/`([^`]+)`/g, '$1').replace(/ \(interval.*$|: the interval.*$/, '')}` : ' (baseline)'}`;
    }),
  ]));
}

function speedCell(speedup: { median: number; low: number; high: number }, comparison: string): HTMLElement {
  const cell = document.createElement('span');
  cell.dataset.comparison = comparison;
  const x = (r: number) => `${r >= 10 ? r.toFixed(1) : r.toFixed(2)}x`;
  cell.textContent = `${x(speedup.median)} (${x(speedup.low)} to ${x(speedup.high)}): ${comparison === 'same' ? 'no measurable difference' : comparison}`;
  return cell;
}

function code(text: string): HTMLElement {
  const element = document.createElement('code');
  element.textContent = text;
  return element;
}

function fillTable(table: HTMLTableElement, headings: string[], rows: (string | Node)[][]): void {
  const head = document.createElement('tr');
  for (const heading of headings) {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = heading;
    head.append(th);
  }
  const body = rows.map((cells) => {
    const tr = document.createElement('tr');
    cells.forEach((content, i) => {
      const cell = document.createElement(i === 0 ? 'th' : 'td');
      if (i === 0) (cell as HTMLTableCellElement).scope = 'row';
      cell.append(content);
      tr.append(cell);
    });
    return tr;
  });
  const thead = document.createElement('thead');
  thead.append(head);
  const tbody = document.createElement('tbody');
  tbody.append(...body);
  table.replaceChildren(thead, tbody);
}

/** A colour per snippet, each at least 3:1 on the panel in its theme. */
const COLOURS = {
  light: ['#5b6b7b', '#2159c2', '#12704a', '#b23a0a', '#7a3ec2', '#9a6a00'],
  dark: ['#a3afbc', '#7cb0ff', '#5fd39b', '#ff9a6c', '#c9a2ff', '#e0b050'],
};

const growthSlot = chartSlot((canvas, result) => {
  const report = result.playground;
  if (!report || !report.snippets.every((s) => s.growth && s.growth.length > 1)) return undefined;
  const colours = COLOURS[currentScheme()];
  return new Chart(canvas, {
    type: 'line',
    data: {
      datasets: report.snippets.map((s, i) => ({
        label: s.name,
        data: s.growth!.map((p) => ({ x: p.size, y: p.ms })),
        borderColor: colours[i % colours.length],
        backgroundColor: colours[i % colours.length],
        borderDash: i === 0 ? [] : i % 2 === 0 ? [6, 4] : [],
        tension: 0,
      })),
    },
    options: {
      ...POINTS_AS_GIVEN,
      scales: {
        x: { type: 'logarithmic', title: { display: true, text: 'input size n' } },
        y: { type: 'logarithmic', title: { display: true, text: 'time per call (ms)' } },
      },
      plugins: { tooltip: { callbacks: { label: (item) => `${item.dataset.label}: ${formatDuration(item.parsed.y ?? NaN)} at n = ${formatNumber(item.parsed.x ?? NaN)}` } } },
    },
  });
});

function drawGrowth(canvas: HTMLCanvasElement, report: PlaygroundReport): boolean {
  return growthSlot(canvas, { playground: report } as Parameters<typeof growthSlot>[1]);
}
