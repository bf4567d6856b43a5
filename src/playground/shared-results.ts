import { z } from 'zod';
import { summarizeUserAgent } from '../instructor/user-agent.ts';
import type { PlaygroundReport } from './report.ts';

/**
 * Results that travel with a link: enough to show them beside the viewer's
 * own, labelled by browser and machine, and nothing that identifies anyone
 * (the browser's name and the core count only, as the room's results do).
 */
const interval = z.object({ median: z.number(), low: z.number(), high: z.number() });

export const sharedResultsSchema = z.object({
  /** "Chrome 141 on Linux, 8 cores". */
  label: z.string().max(120),
  /** When it was measured, as an ISO date. */
  at: z.string().max(40),
  crossOriginIsolated: z.boolean(),
  timerTickMs: z.number(),
  baseline: z.string().max(40),
  /** A lesson's playground whose figures are a metric, not time (PlaygroundReport.lesson). */
  lesson: z.object({ slug: z.string().max(60), spread: z.enum(['measurement', 'workloads']), metric: z.object({ label: z.string().max(80), unit: z.string().max(30).optional() }).optional() }).optional(),
  snippets: z
    .array(
      z.object({
        name: z.string().max(40),
        time: interval,
        speedup: interval.optional(),
        comparison: z.enum(['faster', 'slower', 'same']).optional(),
      }),
    )
    .max(6),
});

export type SharedResults = z.output<typeof sharedResultsSchema>;

/** Where a report was measured, as its reader would name it. */
export function machineLabel(report: Pick<PlaygroundReport, 'env'>, cores?: number): string {
  const where = report.env.runtime === 'node' ? report.env.version : summarizeUserAgent(report.env.version);
  return cores ? `${where}, ${cores} cores` : where;
}

export function shareResults(report: PlaygroundReport, cores?: number, at = new Date()): SharedResults {
  return {
    label: machineLabel(report, cores),
    at: at.toISOString(),
    crossOriginIsolated: report.env.crossOriginIsolated,
    timerTickMs: report.env.timerTickMs,
    baseline: report.baseline,
    ...(report.lesson ? { lesson: report.lesson } : {}),
    snippets: report.snippets.map(({ name, time, speedup, comparison }) => ({ name, time, ...(speedup ? { speedup, comparison } : {}) })),
  };
}
