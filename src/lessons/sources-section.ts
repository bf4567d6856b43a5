/**
 * Part of the lesson contract (docs/authoring-lessons.md, "Sources"): every
 * lesson ends with a "## Sources" section that links the primary documents
 * behind its claims, so a reader can check each claim where it comes from.
 * The site build runs this check on every lesson's prose (see catalog.ts);
 * a lesson that fails it fails the build, and the message names the file.
 */

export const SOURCES_HEADING = 'Sources';
export const MIN_SOURCE_LINKS = 2;

/** Markdown links to a web address: `[text](https://…)`. */
const WEB_LINK = /\[[^\]]+\]\(\s*https?:\/\/[^\s)]+[^)]*\)/g;

/** Level-2 headings outside fenced code blocks, with the line each starts on. */
function sections(body: string): { title: string; line: number }[] {
  const found: { title: string; line: number }[] = [];
  let fence: string | null = null;
  body.split('\n').forEach((text, line) => {
    const marker = /^\s*(```|~~~)/.exec(text)?.[1];
    if (marker) {
      // A fence closes only with the marker that opened it.
      fence = fence === null ? marker : fence === marker ? null : fence;
      return;
    }
    if (fence === null) {
      const title = /^## +(.+?)\s*#*\s*$/.exec(text)?.[1];
      if (title !== undefined) found.push({ title, line });
    }
  });
  return found;
}

/**
 * What is wrong with a lesson's Sources section, or null when it holds: there
 * is one, it is the last section, and it has at least MIN_SOURCE_LINKS links.
 */
export function sourcesProblem(body: string): string | null {
  const all = sections(body);
  const index = all.findIndex((s) => s.title === SOURCES_HEADING);
  const howTo = `end the lesson with a "## ${SOURCES_HEADING}" section that links at least ${MIN_SOURCE_LINKS} primary sources (docs/authoring-lessons.md, "Sources")`;
  const sources = all[index];
  if (sources === undefined) return `the lesson has no "## ${SOURCES_HEADING}" section; ${howTo}`;
  const next = all[index + 1];
  if (next !== undefined) return `"## ${SOURCES_HEADING}" is followed by "## ${next.title}"; ${howTo}`;
  const lines = body.split('\n').slice(sources.line + 1);
  const links = lines.join('\n').match(WEB_LINK) ?? [];
  if (links.length < MIN_SOURCE_LINKS) {
    return `"## ${SOURCES_HEADING}" has ${links.length} link${links.length === 1 ? '' : 's'}; ${howTo}`;
  }
  return null;
}

/** Throws, naming the file, when the lesson's Sources section is missing or too thin. */
export function assertSourcesSection(file: string, body: string): void {
  const problem = sourcesProblem(body);
  if (problem) throw new Error(`${file}: ${problem}`);
}
