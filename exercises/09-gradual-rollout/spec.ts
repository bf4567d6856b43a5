import { defineLesson, exported, ExerciseShapeError } from '../../src/core/lesson.ts';
import { createRng, mixSeed } from '../../src/core/rng.ts';
import { sealed, show as showValue } from '../../src/kit/index.ts';
import type { CallContext, ExerciseModule } from '../../src/core/lesson.ts';
import type { Clock } from '../../src/core/clock.ts';
import { recorderOf, type Trace } from '../../src/core/trace.ts';
import { SIDE_LABELS, SIDE_ORDER } from '../../src/core/side-labels.ts';
import type { Side } from '../../src/core/result.ts';
import type { Rng } from '../../src/core/rng.ts';
import type { Release, Report, VersionStats } from './types.ts';

/**
 * 09-gradual-rollout: (a) `isEnabled(flag, userId, percentage)`, which the
 * lesson uses to route every request; (b) `rollout(release)`, a controller
 * that sets the percentage while traffic flows and metrics come in once a
 * minute. Every call runs two releases of 60 simulated minutes each, in an
 * order drawn from the seed: one whose new version is as healthy as the old
 * one, and one whose new version fails about one request in ten.
 *
 * The improvement is not time but harm: the lesson's metric is the number of
 * distinct users who met an error caused by the faulty version. The starter
 * switches everyone over at once and never looks back, so thousands meet it;
 * a ramp that starts at 1 percent and judges each step on enough requests
 * exposes a dozen or so.
 *
 * Traffic is drawn from its own seeded stream per release: the same users
 * make the same requests with the same random draw whatever the learner's
 * code decides, so the three sides are compared on identical traffic. A
 * request fails when its draw is below its version's error rate; on the
 * faulty version, a failure the old version would not have had is the fault.
 * Metrics arrive only at minute boundaries, and the learner's code runs in
 * zero simulated time, so every percentage change takes effect on a whole
 * minute.
 *
 * The rules, and what enforces each (every call checks every one):
 * - isEnabled returns true or false: problem `type`.
 * - A user keeps their answer: the same arguments give the same answer when
 *   asked again (problem `stability`) and on another server, a second copy
 *   of the learner's module freshly loaded, whose clock reads a day later
 *   (gate serversDisagree, asked once per side in `advisory`). Ids are any text:
 *   ASCII ids, e-mail addresses and names beyond ASCII ("zoë", "李伟").
 * - 0 percent is nobody (a rollback), 100 percent everybody: problems
 *   `zero` and `hundred`.
 * - Raising the percentage never takes the new version away: problem
 *   `monotonic`.
 * - About p percent of users at p percent: gate shareError.
 * - Two flags pick unrelated users: gate flagOverlap (both bounds).
 * - A release is tried, and rolled back only on evidence from this release:
 *   check (neverTried, blindDrop).
 * - A healthy release is never rolled back and reaches 100 percent within the
 *   window; a faulty one is left at 0: gates healthyRolledBack, healthyFinal,
 *   faultyFinal. Each release opens with quiet minutes, when the new version
 *   serves only a handful of requests: a step judged on too few is a gamble.
 * - Nothing is kept between calls: the same flags come back, healthy one
 *   time and faulty the next (and new users every call).
 * The counters are the lesson's own records of what it routed and served,
 * never what the learner's code reports. usersExposed cannot go below zero,
 * and the learner's code cannot see the traffic before it is served.
 */

/** Users in the population; the bucketing checks run over all of them. */
const USERS = 20_000;
const WINDOW_MINUTES = 60;
const MINUTE_MS = 60_000;
/** Requests per simulated minute (about 50 a second), drawn per minute. */
const REQUESTS_PER_MINUTE = [2700, 3300] as const;
/** The first minutes of each release are quiet: a few hundred requests each. */
const QUIET_MINUTES = 4;
const QUIET_REQUESTS_PER_MINUTE = [300, 600] as const;
/** Users the second server is asked about, half of them with names beyond ASCII. */
const SERVER_SAMPLE = 40;
const SERVER_SEED = 0x5e7e5;
/** The second server's clock: a day and seven hours ahead, so the date differs too. */
const SERVER_CLOCK_AHEAD_MS = 31 * 3_600_000;
/** Shares of user ids that are e-mail addresses, and names beyond ASCII. */
const EMAIL_SHARE = 0.1;
const UNICODE_SHARE = 0.1;
const GIVEN = ['ana', 'zoë', 'josé', 'müller', 'łukasz', 'chloé', 'søren', 'ömer', 'françois', 'núria', '李伟', '王芳', 'さくら', 'даша', 'ελένη', 'محمد'];
const ASCII_GIVEN = ['ana', 'li.wei', 'sam', 'priya', 'omar', 'kim', 'lea', 'tom'];
/** Error rate of the old version (and of a healthy new one), per mille, drawn per release. */
const BASE_ERRORS_PER_MILLE = [8, 12] as const;
/** Error rate of a faulty new version, percent, drawn per release. */
const FAULTY_ERRORS_PERCENT = [9, 11] as const;

/** Percentages asked of isEnabled for every user, in increasing order. */
const CHECKED_PERCENTAGES: readonly number[] = [0, 1, 5, 10, 25, 50, 100];
/** Percentages whose enabled share is compared with the percentage. */
const SHARE_PERCENTAGES = [1, 5, 10, 25, 50];
/** Asked a second time, in the opposite order of users: the answer must not change. */
const STABILITY_PERCENTAGE = 25;
/** Two flags at this percentage should share about (p/100)² of users. */
const OVERLAP_PERCENTAGE = 10;

const FLAGS = [
  'new-checkout',
  'one-click-pay',
  'address-lookup',
  'saved-cards',
  'express-shipping',
  'gift-wrap',
  'split-payment',
  'order-tracking',
];

type IsEnabled = (flag: string, userId: string, percentage: number) => unknown;
type Rollout = (release: Release) => unknown;

interface Plan {
  flag: string;
  faulty: boolean;
  /** Seeds this release's traffic. */
  trafficSeed: number;
  baseRate: number;
  newRate: number;
}

interface Work {
  clock: Clock;
  users: string[];
  plans: Plan[];
}

/** A percentage change, made after `minute` whole minutes of the release. */
interface Change {
  minute: number;
  from: number;
  to: number;
}

interface MinuteLog {
  percentage: number;
  old: VersionStats;
  new: VersionStats;
}

interface ReleaseLog {
  flag: string;
  faulty: boolean;
  baseRate: number;
  newRate: number;
  changes: Change[];
  minutes: MinuteLog[];
  final: number;
  usersExposed: number;
  faultErrors: number;
  /** The first time the percentage went down, with what each version served at the step it ended. */
  firstDrop?: Change & { old: VersionStats; new: VersionStats };
  /** The first time it went down before the new version had served a single request. */
  blindDrop?: Change;
  /** True when the percentage never went above 0. */
  neverTried: boolean;
}

type ProblemKind = 'type' | 'stability' | 'zero' | 'hundred' | 'monotonic';
const PROBLEM_ORDER: readonly ProblemKind[] = ['type', 'stability', 'zero', 'hundred', 'monotonic'];

interface BucketingLog {
  /** The first problem of each kind, phrased for the learner. */
  problems: Partial<Record<ProblemKind, string>>;
  /** Percentage of users enabled at each of SHARE_PERCENTAGES. */
  shares: number[];
  /** Largest gap, in percentage points, between a share and its percentage. */
  shareError: number;
  /** Percentage of users enabled at OVERLAP_PERCENTAGE for both flags. */
  overlap: number;
}

interface Output {
  bucketing: BucketingLog;
  releases: ReleaseLog[];
}

/** A short, readable rendering of a value for a message. */
function show(value: unknown): string {
  return showValue(value, { max: 40 });
}

/** A user id: mostly `u123456`, some e-mail addresses, some names beyond ASCII. */
function userId(rng: Rng, n: number): string {
  const draw = rng.next();
  if (draw < UNICODE_SHARE) return `${rng.pick(GIVEN)}-${n}`;
  if (draw < UNICODE_SHARE + EMAIL_SHARE) return `${rng.pick(ASCII_GIVEN)}${n}@example.com`;
  return `u${n}`;
}

function call(flag: string, userId: string, percentage: number): string {
  return `isEnabled(${show(flag)}, ${show(userId)}, ${percentage})`;
}

function round(x: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

function percent(stats: VersionStats): string {
  return stats.requests === 0 ? 'no requests' : `${stats.errors} errors in ${stats.requests.toLocaleString('en')} requests, ${((100 * stats.errors) / stats.requests).toFixed(1)}%`;
}

/**
 * Asks `isEnabled` about every user at every checked percentage, then again
 * at one of them in the opposite order, then for a second flag, and records
 * the first problem of each kind and the shares enabled.
 */
function checkBucketing(isEnabled: IsEnabled, flag: string, otherFlag: string, users: readonly string[]): BucketingLog {
  const problems: BucketingLog['problems'] = {};
  const ask = (f: string, id: string, p: number): boolean => {
    const answer = isEnabled(f, id, p);
    if (typeof answer !== 'boolean') {
      problems.type ??= `${call(f, id, p)} returned ${show(answer)}; isEnabled must return true or false`;
    }
    return Boolean(answer);
  };

  const counts = CHECKED_PERCENTAGES.map(() => 0);
  const stable = new Uint8Array(users.length);
  const atOverlap = new Uint8Array(users.length);
  for (let i = 0; i < users.length; i++) {
    const id = users[i]!;
    let before: { p: number; on: boolean } | undefined;
    for (let j = 0; j < CHECKED_PERCENTAGES.length; j++) {
      const p = CHECKED_PERCENTAGES[j]!;
      const on = ask(flag, id, p);
      if (on) counts[j]! += 1;
      if (p === 0 && on) {
        problems.zero ??= `${call(flag, id, 0)} returned true: at 0 percent nobody gets the new version (setting 0 is how a release is rolled back)`;
      }
      if (p === 100 && !on) {
        problems.hundred ??= `${call(flag, id, 100)} returned false: at 100 percent everybody gets the new version`;
      }
      if (before?.on && !on) {
        problems.monotonic ??= `raising the percentage of ${show(flag)} from ${before.p} to ${p} took the new version away from user ${show(id)}: ${call(flag, id, before.p)} is true, ${call(flag, id, p)} is false. A user who has the new version must keep it as the percentage goes up`;
      }
      if (p === STABILITY_PERCENTAGE) stable[i] = on ? 1 : 0;
      if (p === OVERLAP_PERCENTAGE) atOverlap[i] = on ? 1 : 0;
      before = { p, on };
    }
  }
  for (let i = users.length - 1; i >= 0; i--) {
    const id = users[i]!;
    const first = stable[i] === 1;
    const again = ask(flag, id, STABILITY_PERCENTAGE);
    if (again !== first) {
      problems.stability ??= `${call(flag, id, STABILITY_PERCENTAGE)} returned ${first}, then ${again} when asked again for the same user: a user must keep their answer (the same flag, user and percentage give the same answer on every call, on every server). Is it random, or does it depend on something besides its three arguments?`;
    }
  }
  let both = 0;
  for (let i = 0; i < users.length; i++) {
    if (atOverlap[i] === 1 && ask(otherFlag, users[i]!, OVERLAP_PERCENTAGE)) both += 1;
  }

  const shares = SHARE_PERCENTAGES.map((p) => (100 * counts[CHECKED_PERCENTAGES.indexOf(p)]!) / users.length);
  const shareError = Math.max(...SHARE_PERCENTAGES.map((p, k) => Math.abs(shares[k]! - p)));
  return { problems, shares, shareError, overlap: (100 * both) / users.length };
}

/**
 * Asks a second server about a sample of users it has never seen, then asks
 * this server (which has answered thousands of calls by now). The second
 * server is a fresh copy of the learner's module (`context.load`), started a
 * day and a few hours later: its clock reads that much later. They must agree
 * on every user. Runs once per side, outside the simulated time; its counter
 * gates like any other.
 */
async function compareServers(mod: ExerciseModule, context: CallContext): Promise<{ counters: Record<string, number>; text: string }> {
  const isEnabled = exported<IsEnabled>(mod, 'isEnabled');
  const elsewhere = exported<IsEnabled>(context.load({ clockOffsetMs: SERVER_CLOCK_AHEAD_MS }), 'isEnabled');
  const rng = createRng(SERVER_SEED);
  const users = Array.from({ length: SERVER_SAMPLE }, (_, k) => (k % 2 === 0 ? `${rng.pick(GIVEN)}-${rng.int(100_000, 999_999)}` : userId(rng, rng.int(100_000, 999_999))));
  const flag = rng.pick(FLAGS);
  const p = rng.pick([10, 25, 50]);
  const there = users.map((id) => elsewhere(flag, id, p));
  const differ = users.filter((id, k) => isEnabled(flag, id, p) !== there[k]);
  if (differ.length === 0) {
    return { counters: { serversDisagree: 0 }, text: `Two servers: a second copy of your code, started a day later, agreed with this one on all ${users.length} users asked.` };
  }
  const id = differ[0]!;
  return {
    counters: { serversDisagree: differ.length },
    text: `Two servers: ${call(flag, id, p)} returned ${show(isEnabled(flag, id, p))} on one server and ${show(there[users.indexOf(id)])} on another that loaded the same code a day later (${differ.length} of ${users.length} users asked got different answers).`,
  };
}

/**
 * Runs one release: calls the learner's `rollout`, and meanwhile simulates a
 * minute of traffic at a time for the whole window, whatever `rollout` does
 * or however early it returns. A minute is served at the percentage in force
 * when it ends, which is the one in force throughout it: the learner's code
 * can only act on a report, at a minute's end, and takes no simulated time.
 */
async function runRelease(plan: Plan, users: readonly string[], clock: Clock, isEnabled: IsEnabled, rollout: Rollout): Promise<ReleaseLog> {
  const rng = createRng(plan.trafficSeed);
  const timeline = releaseTimeline(plan, clock);
  const log: ReleaseLog = {
    flag: plan.flag,
    faulty: plan.faulty,
    baseRate: plan.baseRate,
    newRate: plan.newRate,
    changes: [],
    minutes: [],
    final: 0,
    usersExposed: 0,
    faultErrors: 0,
    neverTried: true,
  };
  const total = { old: { requests: 0, errors: 0 }, new: { requests: 0, errors: 0 } };
  /** `total` when the percentage last changed: what was served at the current step is the difference. */
  let stepStart = structuredClone(total);
  const exposed = new Uint8Array(users.length);
  /** isEnabled's answer per user for `cachedFor`: asked once per user and percentage. */
  const cache = new Int8Array(users.length);
  let cachedFor = NaN;
  let percentage = 0;
  let minute = 0;
  let closed = false;
  let waiting: ((report: Report) => void)[] = [];

  const release: Release = sealed({
    flag: plan.flag,
    get percentage() {
      return percentage;
    },
    get minutesLeft() {
      return WINDOW_MINUTES - minute;
    },
    setPercentage(value: number) {
      if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 100) {
        throw new ExerciseShapeError(`setPercentage takes a number from 0 to 100, but was given ${show(value)}`);
      }
      if (closed || value === percentage) return;
      timeline.step(percentage, value);
      const change: Change = { minute, from: percentage, to: value };
      log.changes.push(change);
      if (value > 0) log.neverTried = false;
      if (value < percentage) {
        const since = (v: 'old' | 'new'): VersionStats => ({
          requests: total[v].requests - stepStart[v].requests,
          errors: total[v].errors - stepStart[v].errors,
        });
        log.firstDrop ??= { ...change, old: since('old'), new: since('new') };
        if (total.new.requests === 0) log.blindDrop ??= change;
      }
      percentage = value;
      stepStart = structuredClone(total);
    },
    observe() {
      return new Promise<Report>((resolve) => {
        if (!closed) waiting.push(resolve);
      });
    },
  });

  let failure: { error: unknown } | undefined;
  // A synchronous throw propagates from here; a rejection is reported once the minute it happened in is over.
  Promise.resolve(rollout(release)).catch((error: unknown) => {
    failure ??= { error };
  });

  for (let m = 0; m < WINDOW_MINUTES; m++) {
    const minuteBegan = clock.now();
    await clock.sleep(MINUTE_MS);
    if (failure) throw failure.error;
    const p = percentage;
    if (p !== cachedFor) {
      cache.fill(-1);
      cachedFor = p;
    }
    const served = { old: { requests: 0, errors: 0 }, new: { requests: 0, errors: 0 } };
    const faultErrorsBefore = log.faultErrors;
    const [fewest, most] = m < QUIET_MINUTES ? QUIET_REQUESTS_PER_MINUTE : REQUESTS_PER_MINUTE;
    const count = rng.int(fewest, most);
    for (let k = 0; k < count; k++) {
      // Two draws per request whatever the routing, so every side sees the same traffic.
      const user = rng.int(0, users.length - 1);
      const draw = rng.next();
      let onNew: boolean;
      if (p <= 0) onNew = false;
      else if (p >= 100) onNew = true;
      else {
        let answer = cache[user]!;
        if (answer === -1) {
          answer = isEnabled(plan.flag, users[user]!, p) ? 1 : 0;
          cache[user] = answer;
        }
        onNew = answer === 1;
      }
      const stats = onNew ? served.new : served.old;
      stats.requests += 1;
      if (draw < (onNew ? plan.newRate : plan.baseRate)) {
        stats.errors += 1;
        if (onNew && draw >= plan.baseRate) {
          log.faultErrors += 1;
          exposed[user] = 1;
        }
      }
    }
    for (const v of ['old', 'new'] as const) {
      total[v].requests += served[v].requests;
      total[v].errors += served[v].errors;
    }
    log.minutes.push({ percentage: p, old: served.old, new: served.new });
    timeline.minute(minuteBegan, log.faultErrors - faultErrorsBefore);
    minute = m + 1;
    if (m === WINDOW_MINUTES - 1) closed = true;
    const report: Report = { minute: m + 1, percentage: p, old: served.old, new: served.new };
    const resolvers = waiting;
    waiting = [];
    for (const resolve of resolvers) resolve(structuredClone(report));
  }
  if (failure) throw failure.error;
  timeline.step(percentage, 0);
  log.final = percentage;
  log.usersExposed = exposed.reduce((sum, x) => sum + x, 0);
  return log;
}

/**
 * A release on a traced call's timeline (LessonSpec.timeline): in one lane,
 * a bar for each stretch of minutes at one percentage above 0; in another,
 * for a faulty release, a bar for each minute in which the fault failed
 * requests. Drawn from what the lesson routed and served, never from what
 * the learner's code says.
 */
function releaseTimeline(plan: Plan, clock: Clock): { step(from: number, to: number): void; minute(began: number, faultErrors: number): void } {
  const recorder = recorderOf(clock);
  // Short lane names, so they fit beside the plot on a phone; only the faulty release has a lane of its fault.
  const rollout = `${plan.flag}: new version`;
  const fault = `${plan.flag}${FAULT_LANE}`;
  recorder?.declareLane(rollout);
  if (plan.faulty) recorder?.declareLane(fault);
  const opened = clock.now();
  let since = opened;
  const minuteOf = (ms: number) => Math.round((ms - opened) / MINUTE_MS);
  return {
    step(from, to) {
      const now = clock.now();
      if (from > 0 && now > since) {
        const label = `${from}% on the new version, minutes ${minuteOf(since)} to ${minuteOf(now)}`;
        recorder?.add({ lane: rollout, label, start: since, end: now, kind: 'request', level: from / 100 });
      }
      if (to !== from) since = now;
    },
    minute(began, faultErrors) {
      if (faultErrors === 0) return;
      recorder?.add({ lane: fault, label: `${faultErrors.toLocaleString('en')} requests failed by the fault`, start: began, end: clock.now(), kind: 'request' });
    },
  };
}

const FAULT_LANE = ': fault';

/** The timeline's model: in how many minutes of the faulty release the fault failed requests, for each side. */
export function faultMinutes(traces: Partial<Record<Side, Trace>>): string | undefined {
  const parts = SIDE_ORDER.flatMap((side) => {
    const trace = traces[side];
    if (!trace) return [];
    const minutes = trace.spans.filter((s) => s.lane.endsWith(FAULT_LANE)).length;
    return [`${SIDE_LABELS[side]}: ${minutes} of ${WINDOW_MINUTES}.`];
  });
  if (parts.length === 0) return undefined;
  return ['Minutes of the faulty release in which its fault failed requests:', ...parts].join('\n');
}

function timeline(r: ReleaseLog): string {
  const kind = r.faulty ? `faulty release ${show(r.flag)} (new version fails ${(100 * r.newRate).toFixed(0)}%)` : `healthy release ${show(r.flag)}`;
  const steps =
    r.changes.length === 0
      ? 'left at 0% (never rolled out)'
      : r.changes
          .map((c) => {
            const drop = r.firstDrop;
            const why =
              drop && c.minute === drop.minute && c.to === drop.to && c.from === drop.from
                ? ` [what the step at ${drop.from}% served: new version ${percent(drop.new)}; old ${percent(drop.old)}]`
                : '';
            return `${c.to}% at minute ${c.minute}${why}`;
          })
          .join(' -> ');
  return `${kind}:\n  ${steps}`;
}

export default defineLesson<Work, Output>({
  slug: '09-gradual-rollout',
  timing: 'virtual',
  exports: ['isEnabled', 'rollout'],
  size: USERS,

  prepare({ seed, rng, clock, size }) {
    // Users, flags, which release is faulty and the traffic all depend on the
    // seed. Flags come from a short list, so the same flag comes back in later
    // calls, healthy one time and faulty the next: a decision remembered
    // between calls goes wrong.
    const seen = new Set<number>();
    const users: string[] = [];
    while (users.length < size) {
      const n = rng.int(100_000, 999_999);
      if (!seen.has(n)) {
        seen.add(n);
        users.push(userId(rng, n));
      }
    }

    const first = rng.int(0, FLAGS.length - 1);
    const second = (first + rng.int(1, FLAGS.length - 1)) % FLAGS.length;
    const faultyIndex = rng.int(0, 1);
    const plans: Plan[] = [FLAGS[first]!, FLAGS[second]!].map((flag, i) => {
      const baseRate = rng.int(BASE_ERRORS_PER_MILLE[0], BASE_ERRORS_PER_MILLE[1]) / 1000;
      const faulty = i === faultyIndex;
      return {
        flag,
        faulty,
        trafficSeed: mixSeed(seed, 9, i),
        baseRate,
        newRate: faulty ? rng.int(FAULTY_ERRORS_PERCENT[0], FAULTY_ERRORS_PERCENT[1]) / 100 : baseRate,
      };
    });
    return { clock, users, plans };
  },

  async call(mod, work) {
    const isEnabled = exported<IsEnabled>(mod, 'isEnabled');
    const rollout = exported<Rollout>(mod, 'rollout');
    const bucketing = checkBucketing(isEnabled, work.plans[0]!.flag, work.plans[1]!.flag, work.users);
    const releases: ReleaseLog[] = [];
    for (const plan of work.plans) releases.push(await runRelease(plan, work.users, work.clock, isEnabled, rollout));
    return { bucketing, releases };
  },

  counters(_work, output) {
    const healthy = output.releases.find((r) => !r.faulty)!;
    const faulty = output.releases.find((r) => r.faulty)!;
    const counters: Record<string, number> = {
      shareError: round(output.bucketing.shareError),
      flagOverlap: round(output.bucketing.overlap),
      healthyRolledBack: healthy.firstDrop ? 1 : 0,
      healthyFinal: healthy.final,
      faultyFinal: faulty.final,
      usersExposed: faulty.usersExposed,
      faultErrors: faulty.faultErrors,
    };
    const reached = healthy.changes.at(-1);
    if (healthy.final >= 100 && reached) counters.healthyMinutes = reached.minute;
    return counters;
  },

  check(_expected, actual) {
    // The baseline's answer is no yardstick here (it switches everyone over
    // at once): each output is checked against the rules themselves.
    const { problems } = actual.bucketing;
    for (const kind of PROBLEM_ORDER) {
      const problem = problems[kind];
      if (problem !== undefined) return problem;
    }
    for (const r of actual.releases) {
      const which = `the ${r.faulty ? 'faulty' : 'healthy'} release of ${show(r.flag)}`;
      if (r.neverTried) {
        return `${which} stayed at 0 percent for the whole window: its new version was never tried. A release must be rolled out, and rolled back only on evidence from this release`;
      }
      if (r.blindDrop) {
        return `you lowered the percentage of ${which} from ${r.blindDrop.from} to ${r.blindDrop.to} at minute ${r.blindDrop.minute}, before its new version had served a single request: a rollback needs evidence from this release`;
      }
    }
    return null;
  },

  counterSpecs: [
    {
      key: 'shareError',
      label: 'largest gap between the share of users enabled and the percentage (at 1, 5, 10, 25 and 50)',
      unit: 'points',
      better: 'lower',
      max: 2,
      advice:
        'At 10 percent, about one user in ten should get the new version, and so on at every percentage; yours was off by that many points somewhere. Similar ids (u100233, u100234), e-mail addresses and names beyond ASCII must all land anywhere from 0 to 99.',
    },
    {
      key: 'flagOverlap',
      label: `users in the first ${OVERLAP_PERCENTAGE} percent of two flags at once (about 1 percent when the flags pick users independently)`,
      unit: 'percent of users',
      // Both bounds gate; 'higher' keeps the lowest of the checked inputs, so a
      // hash that only shifts users between flags (about 0) is not hidden by one lucky input.
      better: 'higher',
      min: 0.5,
      max: 2,
      advice:
        'Two flags at 10 percent should pick unrelated users, so about 1 percent of users are in both, as chance predicts. Near 10 means the flag plays no part in a user’s place: the same few users would meet every new bug. Near 0 means every user moves by the same amount from one flag to the next.',
    },
    {
      key: 'healthyRolledBack',
      label: 'healthy releases rolled back',
      better: 'lower',
      max: 0,
      advice:
        'Your rollout rolled back a new version that fails no more often than the old one: the errors it saw were chance. The results panel shows what that step had served when you rolled back: how much do a few errors in so few requests prove?',
    },
    {
      key: 'healthyFinal',
      label: 'percentage the healthy release reached',
      unit: 'percent',
      better: 'higher',
      min: 100,
      advice:
        'A healthy new version must reach 100 percent within the 60-minute window. The timeline in the results panel shows where your rollout spent its minutes.',
    },
    {
      key: 'faultyFinal',
      label: 'percentage the faulty release was left at',
      unit: 'percent',
      better: 'lower',
      max: 0,
      advice:
        'A new version that fails about one request in ten was still on when the window closed: the reports showed it failing far more often than the old version.',
    },
    {
      key: 'serversDisagree',
      label: 'users two servers disagreed about (the same code, loaded twice, a day apart)',
      better: 'lower',
      max: 0,
      advice:
        'A user must get the same answer from every server, with nothing stored: a user who flips between versions from one request to the next meets both. The results panel names one such user. Does the answer depend on something besides its three arguments, such as a random number, the date, or what this server has seen before?',
    },
    { key: 'usersExposed', label: 'users exposed to the fault', better: 'lower' },
    { key: 'faultErrors', label: 'requests failed by the fault', better: 'lower' },
    { key: 'healthyMinutes', label: 'minutes until the healthy release reached 100 percent', better: 'lower' },
  ],

  metric: { key: 'usersExposed', label: 'users exposed to the fault' },
  timeline: {
    caption:
      'Each release is an hour of traffic, one after the other, on simulated time. In a release’s “new version” lane, each bar is a stretch of minutes at one percentage of users on the new version, drawn fainter the fewer users it has; in the faulty release’s “fault” lane, each bar is a minute in which its fault failed requests. Compare how soon each side sends many users to the new version, and how long the fault keeps failing requests.',
    model: faultMinutes,
    bars: { one: 'bar', many: 'bars', unit: { ms: MINUTE_MS, name: 'min' } },
  },

  advisory: compareServers,

  target: 200,

  chart: { kind: 'series', xLabel: 'minute of the faulty release', yLabel: 'failed requests per minute' },

  details(_work, output) {
    const faulty = output.releases.find((r) => r.faulty)!;
    const ordered = [...output.releases].sort((a, b) => Number(a.faulty) - Number(b.faulty));
    return {
      text: [
        ...ordered.map(timeline),
        `users exposed to the fault: ${faulty.usersExposed.toLocaleString('en')} (${faulty.faultErrors.toLocaleString('en')} requests failed because of it)`,
      ].join('\n'),
      series: faulty.minutes.map((m, i) => ({ x: i + 1, y: m.old.errors + m.new.errors })),
    };
  },

});
