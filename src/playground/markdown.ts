import { formatNumber } from '../core/verdict.ts';
import { describeComparison, describeIntervals, figureName, formatDuration, formatFigure, type PlaygroundReport } from './report.ts';

/**
 * "Copy results": a Markdown table a user can paste into an issue or a pull
 * request, with where it was measured, so a reader can weigh it.
 */
export function resultsMarkdown(report: PlaygroundReport, label: string, link?: string): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|');
  const rows = report.snippets.map((s) => {
    const time = `${formatFigure(report, s.time.median)} (${formatFigure(report, s.time.low)} to ${formatFigure(report, s.time.high)})`;
    return `| \`${cell(s.name)}\` | ${time} | ${cell(describeComparison(s, report.baseline))} |`;
  });
  const lines = [
    report.title ? `**${cell(report.title)}**, input size ${formatNumber(report.size)}` : `Input size ${formatNumber(report.size)}`,
    '',
    `| snippet | ${figureName(report)} (interval) | against the baseline |`,
    '| --- | --- | --- |',
    ...rows,
    '',
    `Measured on ${label}: timer tick ${formatDuration(report.env.timerTickMs)}, ${report.env.crossOriginIsolated ? '' : 'not '}cross-origin isolated. ${describeIntervals(report)} Fast Under Load playground.`,
  ];
  if (link) lines.push('', `[Open this comparison](${link})`);
  return lines.join('\n');
}
