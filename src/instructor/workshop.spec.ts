import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  agendaLength,
  buildAgenda,
  formatClock,
  formatDuration,
  resolveWorkshop,
  selectWorkshopFile,
  WorkshopConfigError,
  type AgendaLesson,
} from './workshop.ts';

const root = path.resolve(import.meta.dirname, '../..');
const outline = (JSON.parse(readFileSync(path.join(root, 'src/content/outline.json'), 'utf8')) as { id: string; order: number }[])
  .sort((a, b) => a.order - b.order)
  .map((o) => o.id);

describe('workshop configuration', () => {
  it('picks workshop.config.json by default and workshops/<name>.json with WORKSHOP=<name>', () => {
    const files = { 'workshop.config.json': {}, 'workshops/half-day.json': {} };
    expect(selectWorkshopFile(undefined, files)).toEqual({ file: 'workshop.config.json', name: 'default' });
    expect(selectWorkshopFile('', files)).toEqual({ file: 'workshop.config.json', name: 'default' });
    expect(selectWorkshopFile('half-day', files)).toEqual({ file: 'workshops/half-day.json', name: 'half-day' });
    expect(selectWorkshopFile('workshops/half-day.json', files)).toEqual({ file: 'workshops/half-day.json', name: 'workshops/half-day.json' });
    expect(() => selectWorkshopFile('two-days', files)).toThrow(/WORKSHOP=two-days: there is no workshops\/two-days\.json; the workshops are: half-day/);
  });

  it('fails on an unknown lesson, naming the file and the slug', () => {
    const config = { title: 'x', lessons: ['01-async-io', '03-concurency'] };
    expect(() => resolveWorkshop('workshops/typo.json', 'typo', config, outline)).toThrow(WorkshopConfigError);
    expect(() => resolveWorkshop('workshops/typo.json', 'typo', config, outline)).toThrow(
      /^workshops\/typo\.json: unknown lesson "03-concurency"\. The lessons in src\/content\/outline\.json are: 01-async-io, /,
    );
  });

  it('fails on a lesson listed twice, a misplaced break and a malformed field', () => {
    expect(() => resolveWorkshop('w.json', 'w', { title: 'x', lessons: ['01-async-io', '01-async-io'] }, outline)).toThrow(
      'w.json: lesson "01-async-io" is listed twice',
    );
    expect(() =>
      resolveWorkshop('w.json', 'w', { title: 'x', lessons: ['01-async-io'], breaks: [{ after: '02-measure', minutes: 10 }] }, outline),
    ).toThrow('w.json: a break is placed after "02-measure", which is not one of this workshop\'s lessons');
    expect(() => resolveWorkshop('w.json', 'w', { title: 'x', lessons: [] }, outline)).toThrow(/w\.json: lessons: must list at least one lesson/);
    expect(() => resolveWorkshop('w.json', 'w', { title: 'x', lessons: ['01-async-io'], start: '9am' }, outline)).toThrow(/w\.json: start: must be a time/);
    expect(() => resolveWorkshop('w.json', 'w', { title: 'x', lessons: ['01-async-io'], colour: 'red' }, outline)).toThrow(/w\.json: .*colour/);
  });

  it('fills in defaults', () => {
    const w = resolveWorkshop('w.json', 'w', { title: 'x', lessons: ['02-measure'] }, outline);
    expect(w).toMatchObject({ start: '09:00', welcomeMinutes: 15, breaks: [], file: 'w.json', name: 'w' });
  });

  it('the repository\'s own workshops are valid: the default lists all ten in order, the half day five', () => {
    const read = (file: string) => JSON.parse(readFileSync(path.join(root, file), 'utf8')) as unknown;
    const full = resolveWorkshop('workshop.config.json', 'default', read('workshop.config.json'), outline);
    expect(full.lessons).toEqual(outline);
    const half = resolveWorkshop('workshops/half-day.json', 'half-day', read('workshops/half-day.json'), outline);
    expect(half.lessons).toHaveLength(5);
    for (const file of readdirSync(path.join(root, 'workshops'))) {
      expect(() => resolveWorkshop(`workshops/${file}`, file, read(`workshops/${file}`), outline)).not.toThrow();
    }
  });
});

describe('agenda', () => {
  const lesson = (slug: string, intro: number, exercise: number, debrief: number): AgendaLesson => ({
    slug,
    title: slug,
    written: true,
    timing: { intro, exercise, debrief },
    estimated: false,
  });

  it('lays the day out with clock times, breaks after their lesson, and an end', () => {
    const items = buildAgenda({ start: '09:30', welcomeMinutes: 10, breaks: [{ after: 'b', minutes: 15, label: 'Coffee' }] }, [
      lesson('a', 5, 25, 5),
      lesson('b', 5, 30, 10),
      lesson('c', 5, 20, 5),
    ]);
    expect(items.map((i) => [i.kind, formatClock(i.start), i.minutes])).toEqual([
      ['welcome', '09:30', 10],
      ['lesson', '09:40', 35],
      ['lesson', '10:15', 45],
      ['break', '11:00', 15],
      ['lesson', '11:15', 30],
      ['end', '11:45', 0],
    ]);
    expect(agendaLength(items)).toBe(135);
  });

  it('formats clock times and durations', () => {
    expect(formatClock(13 * 60 + 5)).toBe('13:05');
    expect(formatClock(24 * 60 + 30)).toBe('00:30');
    expect(formatDuration(50)).toBe('50 min');
    expect(formatDuration(60)).toBe('1 h');
    expect(formatDuration(215)).toBe('3 h 35 min');
  });
});
