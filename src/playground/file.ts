import { z } from 'zod';

/**
 * A playground: a setup that makes the input, and two to six named snippets
 * that each take it. One format serves the page, its links and `npm run
 * bench`, so a comparison made in the browser runs unchanged in a CI job.
 *
 * On disk it is a TypeScript file cut into parts by `/// @` lines:
 *
 *   /// @playground 1
 *   /// @options {"title":"…","baseline":"includes","size":50}
 *   /// @setup
 *   export function setup({ rng, size }: Setup) { … return input; }
 *   /// @snippet includes
 *   export function run(input: Input) { … }
 *   /// @snippet Set.has
 *   export function run(input: Input) { … }
 *
 * Each part is a module of its own, evaluated in a sandbox of its own.
 */

export const FORMAT_VERSION = 1;
export const MIN_SNIPPETS = 2;
export const MAX_SNIPPETS = 6;
/** The largest input size the page offers; past it one call's setup alone can take seconds. */
export const MAX_SIZE = 10_000_000;

const name = z
  .string()
  .trim()
  .min(1, 'a snippet needs a name')
  .max(40, 'a snippet name has at most 40 characters')
  .regex(/^[^\n"]+$/, 'a snippet name is one line, without double quotes');

const size = z.number().int('sizes are whole numbers').min(1, 'sizes start at 1').max(MAX_SIZE, `sizes go up to ${MAX_SIZE.toLocaleString('en')}`);

export const optionsSchema = z.object({
  title: z.string().max(100, 'the title has at most 100 characters').default(''),
  /** The snippet every other one is compared with. */
  baseline: name,
  /** The input size of the comparison. */
  size,
  /** Optional: also time every snippet at these sizes, and fit how its time grows. */
  sizes: z.array(size).min(3, 'a sweep needs at least 3 sizes').max(8, 'a sweep has at most 8 sizes').optional(),
  /** Compare the snippets' return values before timing them; off for snippets that only have side effects. */
  compare: z.boolean().default(true),
  /**
   * A lesson whose exercise the snippets are versions of (its slug). Its own
   * inputs, checks and timing then replace the setup: each snippet is a whole
   * exercise file, and `size` is the lesson's.
   */
  lesson: z.string().regex(/^\d\d-[a-z0-9-]+$/, 'a lesson is named by its slug, such as 05-data-structures').optional(),
});

export const playgroundSchema = z
  .object({
    options: optionsSchema,
    setup: z.string().max(50_000, 'the setup has at most 50,000 characters'),
    snippets: z
      .array(z.object({ name, code: z.string().max(50_000, 'a snippet has at most 50,000 characters') }))
      .min(MIN_SNIPPETS, `a playground has at least ${MIN_SNIPPETS} snippets`)
      .max(MAX_SNIPPETS, `a playground has at most ${MAX_SNIPPETS} snippets`),
  })
  .superRefine((file, ctx) => {
    const names = file.snippets.map((s) => s.name);
    const twice = names.find((n, i) => names.indexOf(n) !== i);
    if (twice !== undefined) ctx.addIssue({ code: 'custom', message: `two snippets are named "${twice}": give each its own name` });
    if (file.options.lesson && file.options.sizes) {
      ctx.addIssue({ code: 'custom', message: 'a playground of a lesson times what the lesson times: leave out the sizes to sweep' });
    }
    if (!names.includes(file.options.baseline)) {
      ctx.addIssue({ code: 'custom', message: `the baseline "${file.options.baseline}" is not one of the snippets (${names.join(', ')})` });
    }
  });

export type PlaygroundFile = z.output<typeof playgroundSchema>;
export type PlaygroundOptions = PlaygroundFile['options'];

/** A file or link that cannot be read, with what is wrong in words a user can act on. */
export class PlaygroundFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PlaygroundFormatError';
  }
}

/** Checks a playground read from anywhere (a file, a link, storage); throws PlaygroundFormatError. */
export function validatePlayground(value: unknown): PlaygroundFile {
  const parsed = playgroundSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const where = issue.path.length > 0 ? ` (${placeOf(issue.path)})` : '';
  throw new PlaygroundFormatError(`${issue.message}${where}`);
}

/** Where in a playground a problem is, in words: "snippet 2's name", "the input size". */
function placeOf(path: readonly PropertyKey[]): string {
  const [part, index, field] = path;
  if (part === 'snippets' && typeof index === 'number') return `snippet ${index + 1}${field === 'name' ? "'s name" : field === 'code' ? "'s code" : ''}`;
  if (part === 'options' && index === 'size') return 'the input size';
  if (part === 'options' && index === 'sizes') return 'the sizes to time at';
  if (part === 'setup') return 'the setup';
  return path.map(String).join('.');
}

const MARKER = /^\/\/\/ @(playground|options|setup|snippet)\b ?(.*)$/;

/** The file's text: what "Download as file" saves and `npm run bench` reads. */
export function formatPlayground(file: PlaygroundFile): string {
  const part = (code: string) => `${code.replace(/\s+$/, '')}\n`;
  const lines = [
    `/// @playground ${FORMAT_VERSION}`,
    '// A Fast Under Load playground. Open it in the playground (Open a file), or time it',
    '// from a terminal with: npm run bench -- <this file>',
    `/// @options ${JSON.stringify(file.options)}`,
    '',
    '/// @setup',
    part(file.setup),
    ...file.snippets.flatMap((s) => [`/// @snippet ${s.name}`, part(s.code)]),
  ];
  return lines.join('\n');
}

/** Reads a playground file's text; throws PlaygroundFormatError saying what is wrong and where. */
export function parsePlayground(text: string): PlaygroundFile {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  let version: string | undefined;
  let options: unknown;
  let setup: string[] | undefined;
  const snippets: { name: string; lines: string[] }[] = [];
  let current: string[] | undefined;
  lines.forEach((line, index) => {
    const marker = MARKER.exec(line);
    if (!marker) {
      current?.push(line);
      return;
    }
    const [, kind, rest = ''] = marker;
    if (kind === 'playground') version = rest.trim();
    if (kind === 'options') {
      try {
        options = JSON.parse(rest);
      } catch {
        throw new PlaygroundFormatError(`line ${index + 1}: the options are not valid JSON`);
      }
    }
    current = undefined;
    if (kind === 'setup') current = setup = [];
    if (kind === 'snippet') snippets.push({ name: rest.trim(), lines: (current = []) });
  });
  if (version === undefined) throw new PlaygroundFormatError('this is not a playground file: it has no "/// @playground 1" line');
  if (version !== String(FORMAT_VERSION)) {
    throw new PlaygroundFormatError(`this playground file is in format ${version}, and this version of the workshop reads format ${FORMAT_VERSION}`);
  }
  if (options === undefined) throw new PlaygroundFormatError('the file has no "/// @options {…}" line');
  if (setup === undefined) throw new PlaygroundFormatError('the file has no "/// @setup" part');
  const code = (part: string[]) => part.join('\n').replace(/^\n+/, '').replace(/\s+$/, '');
  return validatePlayground({ options, setup: code(setup), snippets: snippets.map((s) => ({ name: s.name, code: code(s.lines) })) });
}
