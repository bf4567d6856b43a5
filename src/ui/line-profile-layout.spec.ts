import { describe, expect, it } from 'vitest';
import type { LineProfile } from '../core/result.ts';
import { describeFunctions, describeProfile, hotLines, profileRows } from './line-profile-layout.ts';

const profile: LineProfile = {
  samples: 1000,
  intervalMs: 0.2,
  ms: 210,
  outside: 90,
  lines: [
    { line: 22, samples: 600, text: 'if (vipIds.includes(order.customerId)) {', fn: 'buildReport' },
    { line: 40, samples: 290, text: 'let group = groups.find((g) => g.customerId === order.customerId);', fn: 'buildReport' },
    { line: 30, samples: 15, text: 'const email = order.email.toLowerCase();', fn: 'buildReport' },
    { line: 23, samples: 5, text: 'vipOrders.push(order);', fn: 'buildReport' },
  ],
  functions: [{ name: 'buildReport', samples: 910 }],
};

describe('the line profile panel', () => {
  it('gives each line its share of every sample, and leaves out what is noise', () => {
    expect(profileRows(profile).map((r) => [r.line, r.percent])).toEqual([
      [22, 60],
      [40, 29],
    ]);
  });

  it('says how long was sampled, and how much of it was the lesson’s own work', () => {
    expect(describeProfile(profile)).toBe("sampled 1,000 times over 210 ms; 9% of the time was the lesson's own work around each call");
    expect(describeProfile({ ...profile, samples: 0, outside: 0, lines: [] })).toMatch(/too quick/);
  });

  it('names the functions only where there is more than one', () => {
    expect(describeFunctions(profile)).toBeUndefined();
    const two = { ...profile, functions: [{ name: 'buildReport', samples: 700 }, { name: 'emailsOf', samples: 210 }] };
    expect(describeFunctions(two)).toBe('By function: buildReport 70%, emailsOf 21%');
  });

  it('marks the hottest lines in the editor', () => {
    expect(hotLines(profile, 1)).toEqual([{ line: 22, percent: 60 }]);
  });
});
