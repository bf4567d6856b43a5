/**
 * The shape of src/content/figures.json, written by `npm run figures`
 * (scripts/figures.ts) from the verify command's JSON, and read by the
 * instructor pages at build time.
 */
export interface Machine {
  node: string;
  os: string;
  cpu: string;
  cores: number;
}

export interface MeasuredRow {
  verdict: 'pass' | 'fail' | 'inconclusive' | 'error';
  /** Whether verify got what it expected (the reference passes, the starter does not). */
  ok: boolean;
  speedup: { median: number; low: number; high: number } | null;
  counters: Record<string, number>;
  message: string;
}

export interface LessonFigures {
  measuredAt: string;
  machine: Machine;
  timing: 'virtual' | 'wall';
  target: number;
  /** Counter keys with their labels, units and gates, from the lesson's spec. */
  counters: { key: string; label: string; unit?: string; max?: number; min?: number }[];
  /** The speedup is on this counter rather than on time, where the lesson says so. */
  metric?: { key: string; label: string };
  reference?: MeasuredRow;
  starter?: MeasuredRow;
}

export interface FiguresFile {
  about: string;
  lessons: Record<string, LessonFigures>;
}
