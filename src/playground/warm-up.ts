import type { Progress } from '../core/measure.ts';
import { mixSeed } from '../core/rng.ts';
import { snippetCalls } from './calls.ts';
import type { PlaygroundModules } from './compare.ts';
import type { PlaygroundFile } from './file.ts';
import type { CallNotes } from './spec.ts';

/**
 * Untimed calls of every snippet, taking turns, before any pair is
 * measured. A JavaScript engine compiles a function in tiers as it is
 * called: a snippet of microseconds runs several times faster after a few
 * hundred calls. The lessons' warm-up, sized for calls of milliseconds,
 * stops when three calls agree, which the slow first tier also does; a pair
 * measured from there compares a compiled snippet with one still in its
 * first tier, and an A/A pair can read as five times slower. So each snippet
 * first runs until it has made WARM_CALLS calls or spent WARM_MS, making
 * its inputs included (a setup can cost far more than the call it feeds).
 */
const WARM_CALLS = 1500;
const WARM_MS = 200;
/** Calls between the moments the warm-up looks at the clock and says it is alive. */
const BATCH = 25;

export async function warmSnippets(
  file: PlaygroundFile,
  modules: PlaygroundModules,
  options: { seed: number; notes: CallNotes; onProgress?: (progress: Progress) => void },
): Promise<void> {
  const streams = file.snippets.map((s) => ({
    calls: snippetCalls(file, modules, s.name, { seed: mixSeed(options.seed, 8), size: file.options.size, notes: options.notes }),
    made: 0,
    spent: 0,
  }));
  let j = 0;
  while (streams.some((s) => s.made < WARM_CALLS && s.spent < WARM_MS)) {
    for (const stream of streams) {
      if (stream.made >= WARM_CALLS || stream.spent >= WARM_MS) continue;
      const t0 = performance.now();
      for (let i = 0; i < BATCH && stream.made < WARM_CALLS; i++) {
        await stream.calls.call(stream.calls.input(j + i));
        stream.made += 1;
        if (performance.now() - t0 + stream.spent >= WARM_MS) break;
      }
      stream.spent += performance.now() - t0;
      options.onProgress?.({ phase: 'warming', side: 'candidate' });
    }
    j += BATCH;
  }
}
