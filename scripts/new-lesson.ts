/**
 * npm run new-lesson -- <slug> [--title "Title"] [--root <dir>]
 *
 * Scaffolds a small but real lesson that builds and passes
 * `npm run verify -- --lesson <slug>` at once: prose, starter (also the
 * baseline), types, spec, reference solution, two known-bad fixtures and
 * presenter notes; adds it to src/content/outline.json and to the default
 * workshop (workshop.config.json). The example is a virtual-time lesson: the
 * starter awaits independent calls one after another, the solution starts
 * them together. Rewrite every file into your own lesson; the verify command
 * is your check at each step (see docs/authoring-lessons.md).
 *
 * Exit codes: 0 written, 2 refused (bad slug, lesson exists, usage).
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { exists } from '../src/lessons/files.ts';

export const SLUG = /^\d\d-[a-z0-9]+(?:-[a-z0-9]+)*$/;
const defaultRoot = path.resolve(import.meta.dirname, '..');

class Refusal extends Error {}

interface Args {
  slug: string;
  title?: string;
  root: string;
}

const USAGE = 'usage: npm run new-lesson -- <slug> [--title "Title"] [--root <dir>]   (a slug is two digits and lowercase words: 11-streaming)';

function parseArgs(argv: string[]): Args {
  let slug: string | undefined;
  let title: string | undefined;
  let root = defaultRoot;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new Refusal(`${arg} needs a value`);
      return v;
    };
    if (arg === '--title') title = value().trim();
    else if (arg === '--root') root = path.resolve(value());
    else if (arg === '--help' || arg === '-h') throw new Refusal('');
    else if (arg.startsWith('--')) throw new Refusal(`unknown option ${arg}`);
    else if (slug === undefined) slug = arg;
    else throw new Refusal(`one slug at a time (got "${slug}" and "${arg}")`);
  }
  if (slug === undefined) throw new Refusal('which lesson? Give its slug');
  if (!SLUG.test(slug)) {
    throw new Refusal(`"${slug}" is not a lesson slug: use two digits, a dash and lowercase words joined by dashes, like 11-streaming`);
  }
  if (title !== undefined && title === '') throw new Refusal('--title is empty');
  return { slug, title, root };
}

/** "11-rate-limits" → "Rate limits". */
export function titleFromSlug(slug: string): string {
  const words = slug.slice(3).replace(/-/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

interface OutlineEntry {
  id: string;
  order: number;
  title: string;
}

function formatOutline(entries: OutlineEntry[]): string {
  return `[\n${entries.map((e) => `  { "id": ${JSON.stringify(e.id)}, "order": ${e.order}, "title": ${JSON.stringify(e.title)} }`).join(',\n')}\n]\n`;
}

/** Adds the slug to the default workshop's lessons, editing the text so the rest of the file keeps its layout. */
function addToWorkshop(text: string, slug: string): string | undefined {
  const config = JSON.parse(text) as { lessons?: unknown };
  if (!Array.isArray(config.lessons) || config.lessons.includes(slug)) return undefined;
  const match = /("lessons"\s*:\s*\[)([\s\S]*?)(\n?)(\s*)\]/.exec(text);
  if (match) {
    const [whole, open, items, newline, indent] = match;
    const itemIndent = /\n(\s*)"/.exec(items!)?.[1] ?? `${indent}  `;
    const next = items!.trim() === '' ? `${open}${JSON.stringify(slug)}]` : `${open}${items},${newline ? `\n${itemIndent}` : ' '}${JSON.stringify(slug)}${newline}${indent}]`;
    const edited = text.replace(whole, next);
    try {
      if ((JSON.parse(edited) as { lessons: string[] }).lessons.at(-1) === slug) return edited;
    } catch {
      // fall through to a plain rewrite
    }
  }
  config.lessons.push(slug);
  return `${JSON.stringify(config, null, 2)}\n`;
}

export async function main(argv: string[]): Promise<number> {
  let args: Args;
  try {
    args = parseArgs(argv);
  } catch (error) {
    if (!(error instanceof Refusal)) throw error;
    if (error.message) console.error(`new-lesson: ${error.message}`);
    console.error(USAGE);
    return 2;
  }
  const { slug, root } = args;
  const rel = (...parts: string[]) => path.join(root, ...parts);
  try {
    for (const taken of [`exercises/${slug}`, `solutions/${slug}`, `fixtures/${slug}`, `src/content/lessons/${slug}.mdx`]) {
      if (await exists(rel(taken))) throw new Refusal(`lesson ${slug} already exists: ${taken} is there. Pick another slug, or edit the lesson's files`);
    }
    const outlineFile = rel('src/content/outline.json');
    const outline = JSON.parse(await readFile(outlineFile, 'utf8')) as OutlineEntry[];
    const planned = outline.find((o) => o.id === slug);
    const prefix = slug.slice(0, 2);
    const clash = outline.find((o) => o.id !== slug && o.id.startsWith(`${prefix}-`));
    if (clash && !planned) {
      const free = String(Math.max(0, ...outline.map((o) => Number(o.id.slice(0, 2)))) + 1).padStart(2, '0');
      throw new Refusal(`the number ${prefix} is taken by ${clash.id} in src/content/outline.json; use the next free one, e.g. ${free}-${slug.slice(3)}`);
    }
    const title = args.title ?? planned?.title ?? titleFromSlug(slug);

    const files: [string, string][] = [
      [`exercises/${slug}/types.ts`, typesTs()],
      [`exercises/${slug}/exercise.ts`, starterTs()],
      [`exercises/${slug}/spec.ts`, specTs(slug)],
      [`solutions/${slug}/exercise.ts`, solutionTs()],
      [`fixtures/${slug}/wrong-fast.ts`, wrongFastTs(slug)],
      [`fixtures/${slug}/stateful.ts`, statefulTs(slug)],
      [`src/content/lessons/${slug}.mdx`, lessonMdx(slug)],
    ];
    if (!(await exists(rel(`src/content/presenter/${slug}.md`)))) files.push([`src/content/presenter/${slug}.md`, presenterMd()]);
    for (const [file, text] of files) {
      await mkdir(path.dirname(rel(file)), { recursive: true });
      await writeFile(rel(file), text, { flag: 'wx' });
    }
    const written = files.map(([file]) => file);

    if (!planned) {
      outline.push({ id: slug, order: Math.max(0, ...outline.map((o) => o.order)) + 1, title });
      await writeFile(outlineFile, formatOutline(outline));
      written.push('src/content/outline.json (added the lesson)');
    } else if (args.title && args.title !== planned.title) {
      planned.title = args.title;
      await writeFile(outlineFile, formatOutline(outline));
      written.push('src/content/outline.json (new title)');
    }
    const workshopFile = rel('workshop.config.json');
    if (await exists(workshopFile)) {
      const edited = addToWorkshop(await readFile(workshopFile, 'utf8'), slug);
      if (edited !== undefined) {
        await writeFile(workshopFile, edited);
        written.push('workshop.config.json (added to the default workshop)');
      }
    }

    console.log(`new-lesson: scaffolded ${slug}, "${title}":`);
    for (const file of written) console.log(`  ${file}`);
    console.log(`
It is a complete lesson already: a starter that awaits six independent calls in
turn, and a solution that starts them together. Check it, then make it yours:

  ${`npm run verify -- --lesson ${slug}`.padEnd(46)} the reference passes, the starter does not
  ${'npm run dev'.padEnd(46)} then open /lessons/${slug}/

Rewrite the prose, types, starter, spec, solution and fixtures into your lesson,
running the verify command after each step. docs/authoring-lessons.md explains
the contract. When it is done: npm run figures, then npm test.`);
    return 0;
  } catch (error) {
    if (!(error instanceof Refusal)) throw error;
    console.error(`new-lesson: ${error.message}`);
    return 2;
  }
}

// --- Templates -----------------------------------------------------------------
// A tiny lesson on purpose: each file shows the part of the contract it fulfils.

function typesTs(): string {
  return `/** A record the item service returns. */
export interface Item {
  /** Unique, e.g. \`"item-7"\`. */
  id: string;
  name: string;
  /** Units in stock right now. */
  stock: number;
}

/**
 * A remote service: every call is a network round trip. Calls are
 * independent; the service is happy to work on several at once.
 */
export interface ItemService {
  /** One item by id. Usually answers in 20–50 ms. */
  getItem(id: string): Promise<Item>;
}
`;
}

function starterTs(): string {
  return `import type { Item, ItemService } from './types';

/**
 * The items with these ids, in the same order as \`ids\`.
 *
 * It is correct, and it waits for each item to arrive before it asks for the
 * next one, so it takes as long as all the calls added up. None of the calls
 * needs another's answer: make it as fast as the slowest one, and return
 * exactly the same items.
 */
export async function loadItems(ids: readonly string[], service: ItemService): Promise<Item[]> {
  const items: Item[] = [];
  for (const id of ids) {
    items.push(await service.getItem(id));
  }
  return items;
}
`;
}

function solutionTs(): string {
  return `import type { Item, ItemService } from './types';

/**
 * The items with these ids, in the same order as \`ids\`.
 *
 * Every call starts at once and the function waits for them together, so it
 * takes as long as the slowest call. \`Promise.all\` keeps the order of the
 * promises it was given, whatever order they finish in.
 */
export async function loadItems(ids: readonly string[], service: ItemService): Promise<Item[]> {
  return Promise.all(ids.map((id) => service.getItem(id)));
}
`;
}

function wrongFastTs(slug: string): string {
  return `// A plausible mistake: the calls run together, but each item is pushed as it
// arrives, so the list comes back in finishing order, not in the order of ids.
import type { Item, ItemService } from '../../exercises/${slug}/types';

export async function loadItems(ids: readonly string[], service: ItemService): Promise<Item[]> {
  const items: Item[] = [];
  await Promise.all(
    ids.map(async (id) => {
      items.push(await service.getItem(id));
    }),
  );
  return items;
}
`;
}

function statefulTs(slug: string): string {
  return `// Keeps answers in module state between calls; it must gain nothing and be caught.
import type { Item, ItemService } from '../../exercises/${slug}/types';

const seen = new Map<string, Item>();

export async function loadItems(ids: readonly string[], service: ItemService): Promise<Item[]> {
  return Promise.all(
    ids.map(async (id) => {
      // Remembers every item it ever fetched: stale as soon as the stock changes.
      const known = seen.get(id);
      if (known) return known;
      const item = await service.getItem(id);
      seen.set(id, item);
      return item;
    }),
  );
}
`;
}

function specTs(slug: string): string {
  return `import { defineLesson, exported } from '../../src/core/lesson.ts';
import type { Clock } from '../../src/core/clock.ts';
import { distinctInts } from '../../src/core/rng.ts';
import { SimulatedService } from '../../src/sim/service.ts';
import type { Item, ItemService } from './types.ts';

/**
 * ${slug}: the starter loads six items one call after another; the
 * solution starts every call at once.
 *
 * Time is virtual: the service sleeps on a VirtualClock, so every figure is
 * exact and the same on every machine. Each item's latency is drawn in
 * \`prepare\` and tied to its id, so it does not depend on the order in which
 * the learner's code asks, and the best possible time (the slowest call) is
 * known exactly.
 */

/** Items per call. */
const COUNT = 6;
/** Latency of one call, in ms (5 ms or more: browsers clamp shorter timers). */
const LATENCY = [20, 50] as const;
/** A counter gate: the time may exceed the slowest call by at most 5%. */
const MAX_OVER_SLOWEST = 1.05;

const ADJECTIVES = ['Walnut', 'Linen', 'Copper', 'Oak', 'Wool', 'Ceramic', 'Steel', 'Cork', 'Glass', 'Cotton'];
const NOUNS = ['lamp', 'throw', 'kettle', 'stool', 'mug', 'shelf', 'planter', 'clock', 'rug', 'tray'];

interface Work {
  clock: Clock;
  ids: string[];
  service: ItemService;
  api: SimulatedService;
  /** The slowest single call: the theoretical best. */
  slowestMs: number;
  /** Virtual ms the learner's call took, written by \`call\`. */
  ms: number;
}

type LoadItems = (ids: readonly string[], service: ItemService) => Promise<Item[]>;

function show(value: unknown): string {
  if (value === undefined) return 'undefined';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? \`\${text.slice(0, 57)}...\` : text;
}

export default defineLesson<Work, Item[]>({
  slug: '${slug}',
  timing: 'virtual',
  exports: ['loadItems'],
  size: COUNT,

  // A fresh, seeded workload for every call: nothing a candidate remembers helps it.
  prepare({ rng, clock, size }) {
    // Ids come from a small range, so the same id comes back in later calls
    // with another name and stock: answers remembered between calls go stale.
    const ids = distinctInts(rng, size, 1, size + 4).map((n) => \`item-\${n}\`);
    const items = new Map<string, Item>(
      ids.map((id) => [id, { id, name: \`\${rng.pick(ADJECTIVES)} \${rng.pick(NOUNS)}\`, stock: rng.int(0, 99) }]),
    );
    const api = new SimulatedService({ name: 'item service', clock, rng, latency: LATENCY });
    const latency = new Map(ids.map((id) => [id, api.nextLatency()]));
    const service: ItemService = {
      getItem: (id) =>
        api.request(() => {
          const item = items.get(id);
          if (item === undefined) throw new Error(\`the item service has no item with id \${JSON.stringify(id)}\`);
          return { ...item }; // a copy, so a candidate that edits it changes nothing
        }, latency.get(id)),
    };
    return { clock, ids, service, api, slowestMs: Math.max(...latency.values()), ms: 0 };
  },

  // What is timed: the learner's exported function on the prepared inputs.
  async call(mod, work) {
    const loadItems = exported<LoadItems>(mod, 'loadItems');
    const start = work.clock.now();
    const items = await loadItems([...work.ids], work.service);
    work.ms = work.clock.now() - start;
    return items;
  },

  // Deterministic counters that name the cause; the ones with a max gate the verdict.
  counters(work) {
    return {
      overSlowest: Math.round((work.ms / work.slowestMs) * 1000) / 1000,
      roundTrips: work.api.calls,
    };
  },

  // null when the answer matches the baseline's; otherwise what differs, to follow "for input #3 ".
  check(expected, actual) {
    if (!Array.isArray(actual)) return \`you returned \${show(actual)}, the baseline a list of \${expected.length} items\`;
    if (actual.length !== expected.length) return \`you returned \${actual.length} items, the baseline \${expected.length}\`;
    for (let i = 0; i < expected.length; i++) {
      const want = expected[i]!;
      const got = actual[i] as Partial<Item> | undefined;
      for (const key of ['id', 'name', 'stock'] as const) {
        if (!Object.is(got?.[key], want[key])) {
          return \`item \${i} (\${want.id}): its \${key} is \${show(got?.[key])}, the baseline's \${show(want[key])} (items must come back in the order of ids)\`;
        }
      }
    }
    return null;
  },

  counterSpecs: [
    {
      key: 'overSlowest',
      label: 'time ÷ the slowest single call',
      better: 'lower',
      max: MAX_OVER_SLOWEST,
      advice: 'loadItems takes longer than its slowest call, so the calls still wait for one another. None needs another’s answer: start them all, then wait once.',
    },
    { key: 'roundTrips', label: 'round trips', better: 'lower' },
  ],

  // At most half the reference's measured speedup (about 4.5x here) and at least 1.25x: see MEASUREMENT.md.
  target: 2,

  limit(work) {
    return { ms: work.slowestMs, label: 'the slowest single call' };
  },
});
`;
}

function lessonMdx(slug: string): string {
  return `---
summary: "A list of items loads one call at a time, so it takes as long as all the calls added up."
hints:
  - "Look at the loop: does any call need the answer of the one before it? While one reply is on its way, what is the function doing?"
  - "The service starts each request when you call it, not when you await its promise. Start every call first, then wait for them together."
  - "\`return Promise.all(ids.map((id) => service.getItem(id)));\` keeps the order of ids, whatever order the replies arrive in."
minutes: 20
---

{/* Scaffolded by \`npm run new-lesson ${slug}\`. Rewrite every section into your own lesson;
    docs/authoring-lessons.md says what each part is for. */}

## The symptom

A page shows six items. Each comes from a service that answers in about 35 ms,
yet the page needs about 200 ms before it can render, because the code asks for
the items one after another.

## Why it is slow

An \`await\` pauses the function until that one reply arrives. Six awaits in a
row are six waits in a row:

\`\`\`text
one after another: 35 + 40 + 28 + ... ≈ 210 ms
item 1 |===|
item 2     |====|
item 3          |==| ...

at the same time: the slowest call, about 48 ms
item 1 |===|
item 2 |====|
item 3 |==| ...
\`\`\`

## The technique

Start every call, then wait for all of them: \`Promise.all\` resolves with the
results in the order of the promises it was given.

## When not to use it

When a call needs another's answer, or when the service limits how many
requests you may have in flight (then bound the concurrency).

## In production

\`Promise.all\`, \`Promise.allSettled\`, and p-limit for bounded concurrency.

## The exercise

Make \`loadItems\` as fast as its slowest call without changing what it returns.
Time is simulated, so the figures are exact and the same on every machine. The
counter *time ÷ the slowest single call* must be at most 1.05.

## Sources

- MDN: [\`Promise.all()\`](https://developer.mozilla.org/en-US/docs/Web/JavaScript/Reference/Global_Objects/Promise/all).
- [p-limit](https://github.com/sindresorhus/p-limit), for bounded concurrency.
`;
}

function presenterMd(): string {
  return `---
intro: 5
exercise: 15
debrief: 5
sayBefore:
  - "Six items, each one round trip away, loaded one after another. Make the list as fast as its slowest call, and return exactly the same items."
  - "Time is simulated: everyone's figures are exact and the same. The counter *time ÷ the slowest single call* must be at most 1.05."
mistakes:
  - "**Pushing items as they arrive.** The list comes back in finishing order, not in the order of ids: *incorrect*, naming the first item out of place."
  - "**Remembering items between calls.** Stock changes from one call to the next, so a remembered item is stale on a later input."
askAfter:
  - "What would change if the service accepted only two requests at a time?"
---

Scaffolded by \`npm run new-lesson\`: rewrite these notes for your lesson. They
appear in the facilitator view and the instructor's guide.
`;
}

if (import.meta.main) {
  process.exitCode = await main(process.argv.slice(2));
}
