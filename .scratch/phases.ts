import { readLessonSources } from '../src/lessons/files.ts';
import { runInNode } from '../src/runner/node/runtime.ts';
const slug = process.argv[2]!;
const which = process.argv[3] ?? 'starter';
const sources = await readLessonSources(slug);
const t0 = performance.now();
let last = '';
const { result } = runInNode(
  { slug, sources: { baseline: sources.baseline, reference: sources.reference, candidate: which === 'starter' ? sources.starter : sources.reference } },
  {
    onProgress: (p: any) => {
      const key = `${p.phase}${p.side ? ' ' + p.side : ''}${p.input ? ' input ' + p.input : ''}${p.round ? ' round ' + p.round + '/' + p.of : ''}${p.size ? ' size ' + p.size : ''}`;
      if (key !== last) console.log(((performance.now() - t0) / 1000).toFixed(2), key);
      last = key;
    },
  } as any,
);
const r = await result;
console.log(((performance.now() - t0) / 1000).toFixed(2), 'done', (r as any).verdict ?? (r as any).result?.verdict);
