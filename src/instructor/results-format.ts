import { z } from 'zod';
import { sha256Hex } from './sha256.ts';

/**
 * A learner's results, as a small file or a short code the instructor can
 * drop into the facilitator view. No server and no accounts: the learner
 * exports from their own browser and sends the file (or pastes the code into
 * the room's chat).
 *
 * Integrity: the file carries a SHA-256 digest of its canonical payload, so a
 * file edited by hand after export ("passed": true, a speedup of 1000) is
 * rejected with "the file was changed after export". It is not a signature:
 * with no server there is no secret, and anyone who reads this code can
 * recompute the digest. It catches casual edits, not a determined cheater.
 *
 * This module has no DOM and no Node dependencies: the page, the Playwright
 * tests and the unit tests all use it.
 */

export const RESULTS_FORMAT = 'fast-under-load/results';
export const RESULTS_VERSION = 1;
/** Prefix of a short code: the code format, then a dot. `FUL1` is deflate-raw, `FUL0` plain JSON. */
export const CODE_PREFIX_COMPRESSED = 'FUL1.';
export const CODE_PREFIX_PLAIN = 'FUL0.';
/** Anything larger than this is not something our export wrote. */
export const MAX_RESULTS_BYTES = 64 * 1024;

const SLUG = /^\d\d-[a-z0-9-]+$/;

const counters = z
  .record(z.string().min(1).max(60), z.number().refine(Number.isFinite, 'must be a finite number'))
  .refine((c) => Object.keys(c).length <= 40, 'has more than 40 counters');

export const lessonResultSchema = z.strictObject({
  /** The lesson was passed at least once on this device. */
  passed: z.boolean(),
  /** The best speedup over the baseline of a passing run, or null when none was recorded. */
  bestSpeedup: z.number().positive().refine(Number.isFinite, 'must be a finite number').nullable(),
  /** The counters of that best passing run ({} when there is none). */
  counters,
  /** Where that run was measured. */
  runtime: z.enum(['worker', 'node', 'webcontainer']).nullable(),
  /** "Chrome 156 on Linux": a summary of the user agent, never the whole string. */
  browser: z.string().max(120).nullable(),
  /** When that run (or, without one, the last run) happened. */
  at: z.iso.datetime().nullable(),
  /** The learner's guess before running (predict, then measure), where they made one: "x" for a speedup, else a counter's unit. */
  prediction: z
    .strictObject({
      value: z.number().nonnegative().refine(Number.isFinite, 'must be a finite number'),
      unit: z.string().min(1).max(40),
    })
    .optional(),
});

export const resultsPayloadSchema = z.strictObject({
  format: z.literal(RESULTS_FORMAT),
  version: z.literal(RESULTS_VERSION),
  /** Typed by the learner when they export. */
  learner: z
    .string()
    .max(60)
    .refine((name) => name.trim().length > 0, 'is empty'),
  exportedAt: z.iso.datetime(),
  lessons: z
    .record(z.string().regex(SLUG, 'is not a lesson slug'), lessonResultSchema)
    .refine((l) => Object.keys(l).length <= 50, 'lists more than 50 lessons'),
});

export const resultsFileSchema = resultsPayloadSchema.extend({
  integrity: z.string().regex(/^sha256-[0-9a-f]{64}$/, 'is not a sha256 digest'),
});

export type LessonResult = z.infer<typeof lessonResultSchema>;
export type ResultsPayload = z.infer<typeof resultsPayloadSchema>;
export type ResultsFile = z.infer<typeof resultsFileSchema>;

/** JSON with object keys sorted at every level: the same data always gives the same text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** The digest a results file must carry: over everything except the digest itself. */
export function integrityOf(payload: ResultsPayload): string {
  const { integrity: _ignored, ...rest } = payload as ResultsPayload & { integrity?: string };
  return `sha256-${sha256Hex(canonicalJson(rest))}`;
}

/** Rounds to a few significant digits: enough for a room's chart, and it keeps codes short. */
function tidy(x: number, digits = 4): number {
  return Number(x.toPrecision(digits));
}

/** Builds a results file from what the learner's device recorded. Throws on input our own export would never write. */
export function sealResults(input: { learner: string; exportedAt?: Date; lessons: Record<string, LessonResult> }): ResultsFile {
  const lessons: Record<string, LessonResult> = {};
  for (const [slug, lesson] of Object.entries(input.lessons).sort(([a], [b]) => a.localeCompare(b))) {
    lessons[slug] = {
      passed: lesson.passed,
      bestSpeedup: lesson.bestSpeedup !== null && Number.isFinite(lesson.bestSpeedup) && lesson.bestSpeedup > 0 ? tidy(lesson.bestSpeedup) : null,
      counters: Object.fromEntries(
        Object.entries(lesson.counters)
          .filter(([, v]) => Number.isFinite(v))
          .slice(0, 40)
          .map(([k, v]) => [k.slice(0, 60), tidy(v, 6)]),
      ),
      runtime: lesson.runtime,
      browser: lesson.browser === null ? null : lesson.browser.slice(0, 120),
      at: lesson.at,
      ...(lesson.prediction && Number.isFinite(lesson.prediction.value) && lesson.prediction.value >= 0
        ? { prediction: { value: tidy(lesson.prediction.value), unit: lesson.prediction.unit.slice(0, 40) } }
        : {}),
    };
  }
  const payload = resultsPayloadSchema.parse({
    format: RESULTS_FORMAT,
    version: RESULTS_VERSION,
    learner: input.learner.trim().slice(0, 60),
    exportedAt: (input.exportedAt ?? new Date()).toISOString(),
    lessons,
  });
  return { ...payload, integrity: integrityOf(payload) };
}

/** The file form: readable JSON. */
export function resultsToJson(results: ResultsFile): string {
  return `${JSON.stringify(results, null, 2)}\n`;
}

/** A file name for the download, from the learner's name. */
export function resultsFileName(results: ResultsFile): string {
  const name = results.learner
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  return `fast-under-load-results-${name || 'learner'}.json`;
}

// --- Short codes -------------------------------------------------------------

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new Error('not base64url');
  const padded = text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4);
  const binary = atob(padded);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

async function pipe(bytes: Uint8Array, transform: TransformStream<Uint8Array, Uint8Array>, limit: number): Promise<Uint8Array> {
  const reader = new Blob([bytes as BlobPart]).stream().pipeThrough(transform).getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    // A code that inflates past the limit is not ours (and could be a zip bomb).
    if (total > limit) {
      await reader.cancel();
      throw new Error('too large');
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

const hasCompression = () => typeof CompressionStream === 'function' && typeof DecompressionStream === 'function';

/**
 * The short form: `FUL1.` and the compressed JSON in base64url, one line with
 * no spaces, so a chat app does not break it. About 300 to 900 characters.
 */
export async function encodeResultsCode(results: ResultsFile): Promise<string> {
  const json = new TextEncoder().encode(canonicalJson(results));
  if (!hasCompression()) return CODE_PREFIX_PLAIN + toBase64Url(json);
  const packed = await pipe(json, new CompressionStream('deflate-raw') as TransformStream<Uint8Array, Uint8Array>, MAX_RESULTS_BYTES);
  return CODE_PREFIX_COMPRESSED + toBase64Url(packed);
}

/** Every short code in a piece of text (a chat log pasted whole is fine). */
export function findCodes(text: string): string[] {
  return text.match(/FUL[01]\.[A-Za-z0-9_-]+/g) ?? [];
}

// --- Reading and checking ----------------------------------------------------

export type ReadOutcome = { ok: true; results: ResultsFile } | { ok: false; error: string };

function describeIssue(issue: { path: PropertyKey[]; message: string }): string {
  const where = issue.path.map(String).join('.');
  return where ? `${where}: ${issue.message}` : issue.message;
}

/** Checks a parsed object: format, version, shape, then integrity. */
export function validateResults(value: unknown): ReadOutcome {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { ok: false, error: 'is not a results file (it holds no JSON object)' };
  }
  const record = value as Record<string, unknown>;
  if (record.format !== RESULTS_FORMAT) {
    return { ok: false, error: 'is not a results file from this workshop (export one with "Export my results" on the home page)' };
  }
  if (typeof record.version === 'number' && record.version > RESULTS_VERSION) {
    return { ok: false, error: `was written by a newer version of the workshop (results format ${record.version}; this page reads ${RESULTS_VERSION})` };
  }
  const parsed = resultsFileSchema.safeParse(value);
  if (!parsed.success) {
    return { ok: false, error: `is malformed: ${describeIssue(parsed.error.issues[0]!)}` };
  }
  // The digest is over what was read, not over what the schema made of it.
  if (integrityOf(value as ResultsPayload) !== parsed.data.integrity) {
    return { ok: false, error: 'was changed after export: its integrity check does not match its contents' };
  }
  return { ok: true, results: parsed.data };
}

/** Reads one short code. */
export async function decodeResultsCode(code: string): Promise<ReadOutcome> {
  const trimmed = code.trim();
  const compressed = trimmed.startsWith(CODE_PREFIX_COMPRESSED);
  if (!compressed && !trimmed.startsWith(CODE_PREFIX_PLAIN)) return { ok: false, error: 'is not a results code (codes start with FUL1.)' };
  let json: string;
  try {
    const bytes = fromBase64Url(trimmed.slice(CODE_PREFIX_COMPRESSED.length));
    if (bytes.length > MAX_RESULTS_BYTES) throw new Error('too large');
    const raw = compressed
      ? await pipe(bytes, new DecompressionStream('deflate-raw') as TransformStream<Uint8Array, Uint8Array>, MAX_RESULTS_BYTES)
      : bytes;
    json = new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    return { ok: false, error: 'is not a complete results code (was it cut short or changed when it was copied?)' };
  }
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return { ok: false, error: 'is not a complete results code (was it cut short or changed when it was copied?)' };
  }
  return validateResults(value);
}

/**
 * Reads what an instructor dropped in: a results file (JSON), or a text file
 * or paste holding one or more short codes. One outcome per result found.
 */
export async function readResultsText(text: string): Promise<ReadOutcome[]> {
  if (text.length > MAX_RESULTS_BYTES * 4) return [{ ok: false, error: 'is far too large to be a results file' }];
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  if (trimmed === '') return [{ ok: false, error: 'is empty' }];
  if (trimmed.startsWith('{')) {
    if (trimmed.length > MAX_RESULTS_BYTES) return [{ ok: false, error: 'is too large to be a results file' }];
    let value: unknown;
    try {
      value = JSON.parse(trimmed);
    } catch (error) {
      return [{ ok: false, error: `is not valid JSON (${(error as Error).message}); was it cut short or edited?` }];
    }
    return [validateResults(value)];
  }
  const codes = findCodes(trimmed);
  if (codes.length === 0) {
    return [{ ok: false, error: 'is neither a results file nor a results code (export one with "Export my results" on the home page)' }];
  }
  return Promise.all(codes.map(decodeResultsCode));
}
