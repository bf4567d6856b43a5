import { WallClock } from '../core/clock.ts';
import type { CallContext } from '../core/lesson.ts';
import { createRng, mixSeed } from '../core/rng.ts';
import type { PlaygroundModules } from './compare.ts';
import type { PlaygroundFile } from './file.ts';
import { PartError } from './part-error.ts';
import { playgroundSpec, type CallNotes } from './spec.ts';

/**
 * Calls of one snippet outside a pair's measurement (the warm-up, the size
 * sweep): a fresh input per call from the setup, and any error put on the
 * part it came from.
 */
export interface SnippetCalls {
  /** The j-th input of this stream, made by the setup, untimed. */
  input(j: number): unknown;
  call(input: unknown): Promise<void>;
}

const noThreads: CallContext = {
  threads: { cores: 1, pool: () => Promise.reject(new Error('a playground has no threads')) },
  load: () => {
    throw new Error('a playground cannot load a second copy');
  },
};

export function snippetCalls(
  file: PlaygroundFile,
  modules: PlaygroundModules,
  name: string,
  stream: { seed: number; size: number; notes: CallNotes },
): SnippetCalls {
  const spec = playgroundSpec(file, modules.setup, { baseline: file.options.baseline, candidate: name }, stream.notes, stream.size);
  const mod = modules.snippets[name]!;
  return {
    input(j) {
      const seed = mixSeed(stream.seed, stream.size, j);
      try {
        return spec.prepare({ seed, rng: createRng(seed), clock: new WallClock(), size: stream.size });
      } catch (error) {
        throw new PartError('setup', error);
      }
    },
    async call(input) {
      try {
        await spec.call(mod, input, noThreads);
      } catch (error) {
        throw new PartError(name, error);
      }
    },
  };
}
