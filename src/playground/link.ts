import { strFromU8, strToU8, unzlibSync, zlibSync } from 'fflate';
import { z } from 'zod';
import { PlaygroundFormatError, validatePlayground, type PlaygroundFile } from './file.ts';
import { sharedResultsSchema, type SharedResults } from './shared-results.ts';

/**
 * A whole playground in a link's fragment (`#pg1.<data>`): JSON, deflated
 * with fflate's zlib (whose checksum tells a cut link from a whole one), in
 * base64url. The fragment never reaches a server, so nothing is stored
 * anywhere, and the link works offline and on any static host.
 */

const PREFIX = 'pg';
export const LINK_VERSION = 1;
/** Links longer than this are refused before anything is decoded; browsers and chats cut them near here. */
export const MAX_LINK_CHARS = 120_000;
/** Decoded text over this is refused: a small link must not inflate into a large one. */
export const MAX_DECODED_BYTES = 400_000;

const payloadSchema = z.object({ file: z.unknown(), results: z.array(sharedResultsSchema).max(8).optional() });

export type LinkProblem = 'truncated' | 'not-base64' | 'version' | 'too-large' | 'invalid';

export type DecodedLink =
  | { ok: true; file: PlaygroundFile; results: SharedResults[] }
  | { ok: false; problem: LinkProblem; message: string }
  /** The fragment is not a playground at all (empty, or another page's anchor). */
  | { ok: 'empty' };

/** The fragment, with its `#`, for a playground and optionally the results that travel with it. */
export function encodeLink(file: PlaygroundFile, results: SharedResults[] = []): string {
  const json = JSON.stringify(results.length > 0 ? { file, results } : { file });
  return `#${PREFIX}${LINK_VERSION}.${toBase64Url(zlibSync(strToU8(json), { level: 9 }))}`;
}

export function decodeLink(fragment: string): DecodedLink {
  const text = fragment.replace(/^#/, '');
  if (text === '') return { ok: 'empty' };
  const head = /^pg(\d+)\.(.*)$/s.exec(text);
  if (!head) return { ok: 'empty' };
  const [, version, data = ''] = head;
  if (Number(version) !== LINK_VERSION) {
    return fail('version', `This link is in playground format ${version}, and this page reads format ${LINK_VERSION}. Open it with the version of the workshop that made it.`);
  }
  if (data.length > MAX_LINK_CHARS) {
    return fail('too-large', `This link is ${data.length.toLocaleString('en')} characters long, over the ${MAX_LINK_CHARS.toLocaleString('en')} a playground link may have. Share it as a file instead (Download as file).`);
  }
  if (!/^[A-Za-z0-9_-]*$/.test(data)) {
    return fail('not-base64', 'This link has characters a playground link never has (a chat or mail program may have changed it). Copy the whole link again.');
  }
  let bytes: Uint8Array;
  try {
    bytes = inflate(fromBase64Url(data));
  } catch (error) {
    if (error instanceof TooLargeError) return fail('too-large', error.message);
    return fail('truncated', 'This link is cut short or damaged: its end is missing. Copy the whole link again; long links are sometimes cut when they are pasted.');
  }
  try {
    const payload = payloadSchema.parse(JSON.parse(strFromU8(bytes)));
    return { ok: true, file: validatePlayground(payload.file), results: payload.results ?? [] };
  } catch (error) {
    const why = error instanceof PlaygroundFormatError ? `: ${error.message}` : '';
    return fail('invalid', `This link decodes, but not to a playground this page can open${why}.`);
  }
}

function fail(problem: LinkProblem, message: string): DecodedLink {
  return { ok: false, problem, message };
}

class TooLargeError extends Error {}

/** Inflates with a ceiling on the output, so a small link cannot expand into a huge one. */
function inflate(bytes: Uint8Array): Uint8Array {
  if (bytes.length < 6) throw new Error('too short for zlib');
  const out = new Uint8Array(MAX_DECODED_BYTES + 1);
  const result = unzlibSync(bytes, { out });
  if (result.length > MAX_DECODED_BYTES) throw new TooLargeError(`This link holds over ${MAX_DECODED_BYTES.toLocaleString('en')} bytes of playground, more than a link may carry. Share it as a file instead (Download as file).`);
  if (adler32(result) !== readUint32(bytes, bytes.length - 4)) throw new Error('checksum');
  return result;
}

/** zlib's checksum, which fflate writes but does not check when it reads. */
function adler32(bytes: Uint8Array): number {
  let a = 1;
  let b = 0;
  for (let i = 0; i < bytes.length; i++) {
    a = (a + bytes[i]!) % 65521;
    b = (b + a) % 65521;
  }
  return ((b << 16) | a) >>> 0;
}

function readUint32(bytes: Uint8Array, at: number): number {
  return ((bytes[at]! << 24) | (bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!) >>> 0;
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}
