import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { assertSourcesSection, sourcesProblem } from './sources-section.ts';

const FILE = 'src/content/lessons/11-rate-limits.mdx';
const prose = (ending: string) => `## The symptom\n\nSlow.\n\n## The exercise\n\nMake it fast.\n\n${ending}`;
const twoLinks = '- [Node.js: fs](https://nodejs.org/api/fs.html)\n- [PostgreSQL: EXPLAIN](https://www.postgresql.org/docs/current/sql-explain.html)\n';

describe('the Sources section of a lesson', () => {
  it('fails the lesson that has none, naming the file', () => {
    expect(() => assertSourcesSection(FILE, prose(''))).toThrow(
      /^src\/content\/lessons\/11-rate-limits\.mdx: the lesson has no "## Sources" section; end the lesson with .* at least 2 primary sources/,
    );
  });

  it('fails a Sources section with fewer than two links', () => {
    expect(sourcesProblem(prose('## Sources\n\nThe Node.js documentation.\n'))).toMatch(/has 0 links/);
    expect(sourcesProblem(prose('## Sources\n\n- [Node.js: fs](https://nodejs.org/api/fs.html)\n'))).toMatch(/has 1 link;/);
  });

  it('counts only links to web addresses', () => {
    const local = '- [the other lesson](/lessons/06-database/)\n- [Node.js: fs](https://nodejs.org/api/fs.html)\n';
    expect(sourcesProblem(prose(`## Sources\n\n${local}`))).toMatch(/has 1 link;/);
  });

  it('fails when another section follows it', () => {
    expect(sourcesProblem(`## Sources\n\n${twoLinks}\n## The exercise\n\nMake it fast.\n`)).toMatch(
      /"## Sources" is followed by "## The exercise"/,
    );
  });

  it('ignores headings and links inside code blocks', () => {
    const fenced = '## The exercise\n\n```md\n## Sources\n[a](https://a.example) [b](https://b.example)\n```\n';
    expect(sourcesProblem(fenced)).toMatch(/has no "## Sources" section/);
  });

  it('accepts a last section with two links', () => {
    expect(sourcesProblem(prose(`## Sources\n\n${twoLinks}`))).toBeNull();
    expect(() => assertSourcesSection(FILE, prose(`## Sources\n\n${twoLinks}`))).not.toThrow();
  });

  it('holds for every lesson in the course', () => {
    const dir = path.resolve(import.meta.dirname, '../content/lessons');
    const lessons = readdirSync(dir).filter((name) => name.endsWith('.mdx'));
    expect(lessons.length).toBeGreaterThan(0);
    for (const name of lessons) {
      const body = readFileSync(path.join(dir, name), 'utf8').replace(/^---\n[\s\S]*?\n---\n/, '');
      expect(sourcesProblem(body), name).toBeNull();
    }
  });
});
