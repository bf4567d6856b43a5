import { defineLesson, exported, ExerciseShapeError } from '../../src/core/lesson.ts';
import { median, percentile, sealed, show as showValue } from '../../src/kit/index.ts';
import { formatNumber, formatRatio } from '../../src/core/verdict.ts';
import { amdahlSpeedup, percentileCurve } from '../../src/core/stats.ts';
import { ImpossibleFigureError } from '../../src/core/measure/errors.ts';
import type { CallContext, ExerciseModule, SideDetails } from '../../src/core/lesson.ts';
import type { Clock } from '../../src/core/clock.ts';
import type { Rng } from '../../src/core/rng.ts';
import { recorderOf } from '../../src/core/trace.ts';
import type { Balancer, HttpRequest, Replica, ThreadPool } from './types.ts';

/**
 * 10-scale-out, in two parts.
 *
 * (a) A load balancer in front of 4 replicas that each serve one request at a
 * time, with a queue each. 2000 requests arrive at random (Poisson) over about
 * 23 s of simulated time, at 75% of what the four replicas can serve together
 * (three times what one can). Most are product pages of 10–30 ms; one in
 * every block of 20 requests, at a random place in the block, is a CSV export
 * of 200–400 ms. The learner writes `createBalancer(replicas).pick(request)`.
 * Graded on the p99 latency, against the 500 ms SLO. Over 450 seeds (150
 * sets of the 3 checked inputs): the starter sends everything to one replica,
 * whose queue grows for the whole run (p99 about 45 s); round-robin spreads
 * the load but keeps queueing quick pages behind exports (p99 530 to 1690 ms,
 * the worst of 3 inputs never under 690), and random does worse; least
 * outstanding requests stays close to the exports' own duration (350 to 480
 * ms). Power of two choices passes too (at most 492 ms); "an idle replica if
 * there is one, else round-robin" passes on about half the seed sets, and
 * fails (519 ms) on the default one. Exports are spread one per block of 20
 * rather than drawn independently: independent draws let some seeds bunch
 * several exports together, which swung every balancer's p99 by hundreds of
 * milliseconds. Arrivals stay Poisson.
 *
 * The replicas are simulated by an exact discrete-event loop: at each arrival
 * (in time order), every replica's queue is advanced to that instant, `pick`
 * sees the live `outstanding` counts, and the request is queued on the chosen
 * replica. The simulated span is then spent on the virtual clock. Every figure
 * is the same on every machine.
 *
 * (b) Real threads, advisory: `countAllPrimes(limit, pool)` against
 * `countPrimes(0, limit)` on the runner's own thread, timed with
 * performance.now, best of 2 to 6 short runs each (a run that never uses the pool is timed once). Checked against a sieve.
 * Never gates.
 *
 * The rules, and what enforces each (every call has every case):
 * - Every request goes to one of the replicas the balancer was given, the
 *   object itself, returned at once (not a promise, an index, a copy, or a
 *   replica of an earlier call): check, which names the request and why.
 * - The p99 latency stays within the 500 ms SLO: gate p99Ms, from the
 *   lesson's own simulation of the queues; the replica views the learner
 *   gets are frozen, and their `outstanding` is read from that simulation.
 * - No figure beyond what queues allow: the p99 cannot be below the p99 of
 *   the service times alone (the limit), nor a replica busier than 100%;
 *   either is reported as a violation, never as a speedup.
 * - Part (b): countPrimes and countAllPrimes count exactly, at every limit,
 *   including 0, 2, 3 and others smaller than the number of chunks, and at
 *   limits just above a prime (a split that stops one short shows).
 * - Nothing is kept between calls: every call gets new replicas (a balancer
 *   holding an old one is named) and new traffic.
 * The balancer's own CPU time is no part of the simulation: simulated time
 * passes only between arrivals, so spinning in pick buys nothing.
 */

const REPLICAS = 4;
/** One export per block of this many requests, at a random position in the block. */
const EXPORT_EVERY = 20;
const PAGE_MS = [10, 30] as const;
const EXPORT_MS = [200, 400] as const;
/** Offered load as a share of the replicas' combined capacity. */
const UTILISATION = 0.75;
const MEAN_SERVICE_MS =
  ((EXPORT_EVERY - 1) * ((PAGE_MS[0] + PAGE_MS[1]) / 2) + (EXPORT_MS[0] + EXPORT_MS[1]) / 2) / EXPORT_EVERY;
/** Requests per simulated millisecond. */
const ARRIVAL_RATE = (UTILISATION * REPLICAS) / MEAN_SERVICE_MS;
const SLO_MS = 500;
const SERIES_WINDOW_MS = 1000;

/** Part (b). */
const MAX_THREADS = 8;
/**
 * Short timed runs, best of each: more chances to catch the machine quiet.
 * At least MIN_REPS pairs; more while the time budget lasts, up to MAX_REPS.
 */
const MIN_REPS = 2;
const MAX_REPS = 6;
const TIMED_BUDGET_MS = 300;
/** Aim for one single-thread count of about this long, whatever the machine. */
const SINGLE_TARGET_MS = 40;
const PROBE_LIMIT = 100_000;

interface Job {
  request: HttpRequest;
  /** Arrival time, simulated ms. */
  at: number;
  serviceMs: number;
  /** What any replica answers: the handlers are stateless. */
  body: string;
}

interface ReplicaStats {
  name: string;
  served: number;
  busyMs: number;
  /** Most requests it had outstanding at once. */
  peak: number;
}

interface Stats {
  answered: number;
  p50: number;
  p99: number;
  spanMs: number;
  replicas: ReplicaStats[];
  /** Share of requests answered within the SLO, per window of arrival time. */
  series: { x: number; y: number }[];
  overSlo: number;
  /** Latency at each percentile, for the latency plot. */
  distribution: { percentile: number; value: number }[];
}

interface Work {
  clock: Clock;
  jobs: Job[];
  replicaNames: string[];
  stats?: Stats;
}

type Answer =
  | { requestId: string; status: 200; body: string }
  | { requestId: string; status: 502; problem: string };

interface Output {
  answers: Answer[];
}

type CreateBalancer = (replicas: readonly Replica[]) => Balancer;
type CountPrimes = (from: number, to: number) => number;
type CountAllPrimes = (limit: number, pool: ThreadPool) => Promise<number>;

/** Every replica view ever handed out, to recognise one kept from an earlier call. */
const issued = new WeakSet<object>();

const MONTHS = ['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12'];

/** A short, readable rendering of a value for a message. */
function show(value: unknown): string {
  return showValue(value, { lists: 'count' });
}

function isThenable(value: unknown): boolean {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

function replicaName(rng: Rng, taken: Set<string>): string {
  const alphabet = '0123456789abcdefghijklmnopqrstuvwxyz';
  for (;;) {
    let name = 'api-';
    for (let i = 0; i < 5; i++) name += alphabet[rng.int(0, alphabet.length - 1)];
    if (!taken.has(name)) {
      taken.add(name);
      return name;
    }
  }
}

/** Why a request got no replica, in words a learner can act on. */
function badPick(value: unknown, names: string[], outstanding: number[]): string {
  if (isThenable(value)) {
    return 'pick returned a promise; it must return one of the replicas right away, before the next request arrives';
  }
  if (typeof value === 'number') {
    return `pick returned ${value}, a number: return the replica itself (replicas[${value}]), not its index`;
  }
  if (value === undefined || value === null) {
    return `pick returned ${String(value)} while the replicas had ${outstanding.join(', ')} requests outstanding. Every request must go to one of them, busy or not: a load balancer with nowhere to send a request answers 502 Bad Gateway`;
  }
  if (typeof value === 'object' && issued.has(value)) {
    const name = (value as Replica).name;
    return `pick returned replica ${name}, from an earlier call: every call gets new replicas, as after a deploy, and that one is gone`;
  }
  const name = typeof value === 'object' ? (value as { name?: unknown }).name : undefined;
  if (typeof name === 'string' && names.includes(name)) {
    return `pick returned a copy of replica ${name}, not the replica itself: return the object from the replicas array (its outstanding count is live; a copy's is not)`;
  }
  return `pick returned ${show(value)}, which is not one of the replicas createBalancer was given`;
}

/** The exact queueing simulation: one pass over the arrivals, in time order. */
function simulate(work: Work, createBalancer: CreateBalancer): { answers: Answer[]; stats: Stats } {
  const states = work.replicaNames.map((name) => ({
    name,
    finishes: [] as number[],
    head: 0,
    freeAt: 0,
    served: 0,
    busyMs: 0,
    peak: 0,
  }));
  const views: Replica[] = states.map((state) => {
    const view = Object.defineProperties(
      {},
      {
        name: { value: state.name, enumerable: true },
        outstanding: { get: () => state.finishes.length - state.head, enumerable: true },
      },
    ) as Replica;
    issued.add(view);
    return view;
  });
  const indexOf = new Map<unknown, number>(views.map((view, i) => [view, i]));

  // Frozen, getters included: the learner's code can read a replica's
  // outstanding count, never set it or reach the simulation behind it.
  const balancer = createBalancer(sealed([...views]));
  if (balancer === null || typeof balancer !== 'object' || typeof (balancer as Balancer).pick !== 'function') {
    throw new ExerciseShapeError(`createBalancer must return an object with a pick(request) method, but returned ${show(balancer)}`);
  }

  // On a traced call, each request is a bar on its replica, from when it started being served to its reply.
  const recorder = recorderOf(work.clock);
  for (const state of states) recorder?.declareLane(state.name);
  const answers: Answer[] = [];
  const latencies: number[] = [];
  const withinSlo: boolean[] = [];
  let lastFinish = 0;
  for (const job of work.jobs) {
    for (const state of states) {
      while (state.head < state.finishes.length && state.finishes[state.head]! <= job.at) state.head += 1;
    }
    const chosen: unknown = balancer.pick(sealed({ ...job.request }));
    const i = indexOf.get(chosen);
    if (i === undefined) {
      answers.push({
        requestId: job.request.id,
        status: 502,
        problem: badPick(
          chosen,
          states.map((s) => s.name),
          states.map((s) => s.finishes.length - s.head),
        ),
      });
      withinSlo.push(false);
      continue;
    }
    const state = states[i]!;
    const start = Math.max(job.at, state.freeAt);
    const finish = start + job.serviceMs;
    state.freeAt = finish;
    state.finishes.push(finish);
    state.served += 1;
    state.busyMs += job.serviceMs;
    state.peak = Math.max(state.peak, state.finishes.length - state.head);
    lastFinish = Math.max(lastFinish, finish);
    recorder?.add({ lane: state.name, label: `${job.request.id}, after ${formatNumber(start - job.at)} ms in the queue`, start, end: finish, kind: 'request' });
    const latency = Math.round((finish - job.at) * 10) / 10;
    latencies.push(latency);
    withinSlo.push(latency <= SLO_MS);
    answers.push({ requestId: job.request.id, status: 200, body: job.body });
  }

  const firstAt = work.jobs[0]?.at ?? 0;
  const spanMs = Math.max(lastFinish - firstAt, 1);
  const series: { x: number; y: number }[] = [];
  for (let j = 0; j < work.jobs.length; ) {
    const window = Math.floor(work.jobs[j]!.at / SERIES_WINDOW_MS);
    let total = 0;
    let ok = 0;
    while (j < work.jobs.length && Math.floor(work.jobs[j]!.at / SERIES_WINDOW_MS) === window) {
      total += 1;
      if (withinSlo[j]) ok += 1;
      j += 1;
    }
    series.push({ x: ((window + 0.5) * SERIES_WINDOW_MS) / 1000, y: Math.round((1000 * ok) / total) / 10 });
  }

  return {
    answers,
    stats: {
      answered: latencies.length,
      p50: latencies.length > 0 ? percentile(latencies, 50) : 0,
      p99: latencies.length > 0 ? percentile(latencies, 99) : 0,
      spanMs,
      replicas: states.map((s) => ({ name: s.name, served: s.served, busyMs: s.busyMs, peak: s.peak })),
      series,
      overSlo: withinSlo.filter((ok) => !ok).length,
      distribution: percentileCurve(latencies),
    },
  };
}

/**
 * Figures no balancer can reach: every request takes at least its own
 * service time, so the p99 cannot be below the p99 of the service times, and
 * a replica serves one request at a time, so it cannot be busy more than
 * 100% of the span. Either means the simulation was fooled.
 */
function impossibleFigure(work: Work): string | null {
  const stats = work.stats;
  if (!stats || stats.answered < work.jobs.length) return null;
  const floor = percentile(
    work.jobs.map((j) => j.serviceMs),
    99,
  );
  if (stats.p99 < floor - 1e-6) {
    return `the p99 latency came out at ${formatNumber(Math.round(stats.p99))} ms, below ${formatNumber(Math.round(floor))} ms, the p99 of the service times alone: no balancer can do that, since every request takes at least its own service time. This is a violation, not a speedup`;
  }
  const busiest = stats.replicas.find((r) => r.busyMs > stats.spanMs + 1e-6);
  if (busiest) {
    return `replica ${busiest.name} came out busy for more than 100% of the time, which no replica can be. This is a violation, not a speedup`;
  }
  return null;
}

function describeRun(work: Work, stats: Stats): string {
  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  const lines = [
    `Part (a): ${work.jobs.length} requests over ${seconds(stats.spanMs)} of simulated time (input #1)`,
    'replica      requests   busy   most outstanding',
    ...stats.replicas.map(
      (r) =>
        `${r.name.padEnd(11)} ${String(r.served).padStart(9)} ${`${Math.round((100 * r.busyMs) / stats.spanMs)}%`.padStart(6)} ${String(r.peak).padStart(18)}`,
    ),
    `p50 ${formatNumber(Math.round(stats.p50))} ms · p99 ${formatNumber(Math.round(stats.p99))} ms · ${formatNumber(
      Math.round((10_000 * stats.answered) / stats.spanMs) / 10,
    )} requests/s · ${stats.overSlo} of ${work.jobs.length} over the ${SLO_MS} ms SLO`,
  ];
  return lines.join('\n');
}

// ---------------------------------------------------------------- part (b)

/**
 * The truth the learner's counts are checked against, by a sieve. Each
 * nominal limit is moved down to one more than a prime, so that a split that
 * misses the top of the range, or stops one short, is caught.
 */
function primeTruth(nominal: readonly number[]): { limits: number[]; below: Map<number, number> } {
  const max = Math.max(...nominal, 3);
  const composite = new Uint8Array(max);
  composite[0] = 1;
  composite[1] = 1;
  for (let p = 2; p * p < max; p++) {
    if (composite[p]) continue;
    for (let m = p * p; m < max; m += p) composite[m] = 1;
  }
  const limits = nominal.map((n) => {
    let p = n - 1;
    while (p > 2 && composite[p]) p -= 1;
    return p + 1;
  });
  const below = new Map<number, number>();
  for (const limit of limits) {
    let count = 0;
    for (let n = 2; n < limit; n++) if (!composite[n]) count += 1;
    below.set(limit, count);
  }
  return { limits, below };
}

/**
 * The pool the learner's code gets: the real one, made on first use, watched
 * so the lesson knows how many tasks ran, how many at once, and for how long
 * none was running (the serial part).
 */
function watchedPool(open: () => Promise<ThreadPool>, size: number) {
  let real: Promise<ThreadPool> | undefined;
  let inFlight = 0;
  let idleSince = 0;
  let serialMs = 0;
  let tasks = 0;
  let peak = 0;
  // The learner's code gets this object only, frozen: the real pool and the
  // watch's figures stay in the closure.
  const pool: ThreadPool = sealed({
    size,
    run<T = unknown>(name: string, ...args: unknown[]): Promise<T> {
      if (inFlight === 0) serialMs += performance.now() - idleSince;
      inFlight += 1;
      tasks += 1;
      peak = Math.max(peak, inFlight);
      real ??= open();
      return real
        .then((p) => p.run<T>(name, ...args))
        .finally(() => {
          inFlight -= 1;
          if (inFlight === 0) idleSince = performance.now();
        });
    },
  });
  return {
    pool,
    start() {
      inFlight = 0;
      serialMs = 0;
      tasks = 0;
      peak = 0;
      idleSince = performance.now();
    },
    stop() {
      if (inFlight === 0) serialMs += performance.now() - idleSince;
      return { serialMs, tasks, peak };
    },
  };
}

/** The advisory figures of a countAllPrimes that never used the pool. */
function singleThreaded(cores: number, size: number, limit: number, ms: number): { counters: Record<string, number>; text: string; amdahl: SideDetails['amdahl'] } {
  return {
    counters: { cores, threadSpeedup: 1, amdahlLimit: 1, serialPercent: 100 },
    amdahl: { serial: 1, threads: 1, speedup: 1, cores },
    text: [
      'Part (b): real threads (advisory: measured on this machine, never graded)',
      `${cores} ${cores === 1 ? 'core' : 'cores'} found; a pool of ${size} ${size === 1 ? 'thread' : 'threads'}.`,
      `countAllPrimes(${limit}, pool): ${formatNumber(Math.round(ms))} ms, and it sent no work to the pool: everything ran on one thread, so all of it is serial and Amdahl's limit is 1x, whatever the number of cores.`,
    ].join('\n'),
  };
}

function wrongCount(message: string): Error {
  return new Error(`part (b): ${message}`);
}

async function measureThreads(mod: ExerciseModule, context: CallContext): Promise<{ counters: Record<string, number>; text: string; amdahl?: SideDetails['amdahl'] }> {
  const countPrimes = exported<CountPrimes>(mod, 'countPrimes');
  const countAllPrimes = exported<CountAllPrimes>(mod, 'countAllPrimes');
  const cores = context.threads.cores;
  const size = Math.max(1, Math.min(cores, MAX_THREADS));
  const watch = watchedPool(() => context.threads.pool(size), size);

  // Calibrate on this machine, so one single-thread count takes about
  // SINGLE_TARGET_MS: warm up the runner thread's copy first, then time a probe.
  for (let i = 0; i < 3; i++) countPrimes(0, 20_000);
  let probeMs = Infinity;
  for (let i = 0; i < 2; i++) {
    const t0 = performance.now();
    countPrimes(0, PROBE_LIMIT);
    probeMs = Math.min(probeMs, performance.now() - t0);
  }
  // Trial division costs about n^1.5 to count below n.
  const scale = Math.pow(SINGLE_TARGET_MS / Math.max(probeMs, 0.5), 2 / 3);
  const nominal = Math.round(Math.min(2_000_000, Math.max(150_000, PROBE_LIMIT * scale)));
  const { limits: all, below: truth } = primeTruth([
    // A slightly different limit each time (0.3% apart at most), so no answer can be reused.
    ...Array.from({ length: MAX_REPS }, (_, r) => nominal - r * 211),
    // A warm-up, the probe, and small edge cases (nothing to count, fewer numbers than chunks).
    Math.floor(nominal / 4),
    PROBE_LIMIT,
    0,
    2,
    3,
    100,
    7920,
  ]);
  const limits = all.slice(0, MAX_REPS);
  const [warmLimit, probeLimit, ...edges] = all.slice(MAX_REPS) as [number, number, ...number[]];
  const probe = countPrimes(0, probeLimit);

  const checkSingle = (n: number, got: unknown) => {
    const want = truth.get(n)!;
    if (got !== want) {
      throw wrongCount(`countPrimes(0, ${n}) returned ${show(got)}, but there ${want === 1 ? 'is 1 prime' : `are ${want} primes`} below ${n}. countPrimes(from, to) counts the primes p with from <= p < to.`);
    }
  };
  const checkPooled = (n: number, got: unknown) => {
    const want = truth.get(n)!;
    if (got === want) return;
    const why =
      typeof got !== 'number'
        ? 'It must resolve with a number: add up what the chunks return (each pool.run resolves with what countPrimes returned on its thread).'
        : got > want
          ? 'Do your chunks overlap? Each one covers from <= n < to, so the next should start exactly where the last one ended.'
          : 'Do your chunks leave a gap, or stop short of the limit? Together they must cover 0 to limit exactly once.';
    throw wrongCount(`countAllPrimes(${n}, pool) returned ${show(got)}, but there ${want === 1 ? 'is 1 prime' : `are ${want} primes`} below ${n} (countPrimes(0, ${n}) on one thread agrees). ${why}`);
  };
  checkSingle(probeLimit, probe);

  // Warm-up: starts the pool's threads and warms their copies of the module;
  // then the edge cases, which cost next to nothing.
  watch.start();
  checkPooled(warmLimit, await countAllPrimes(warmLimit, watch.pool));
  for (const n of edges) checkPooled(n, await countAllPrimes(n, watch.pool));
  const warmed = watch.stop();

  // Code that sends nothing to the pool runs on one thread: its speedup is
  // 1x by construction, and timing it again would only measure noise. One
  // run at the full size confirms it before the timed runs are skipped.
  if (warmed.tasks === 0) {
    watch.start();
    const t0 = performance.now();
    checkPooled(limits[0]!, await countAllPrimes(limits[0]!, watch.pool));
    const ms = performance.now() - t0;
    if (watch.stop().tasks === 0) return singleThreaded(cores, size, limits[0]!, ms);
  }

  const singles: number[] = [];
  let best = { ms: Infinity, serialMs: 0, tasks: 0, peak: 0 };
  const began = performance.now();
  let reps = 0;
  for (; reps < MAX_REPS && (reps < MIN_REPS || performance.now() - began < TIMED_BUDGET_MS); reps++) {
    const r = reps;
    const n = limits[r]!;
    const single = () => {
      const t0 = performance.now();
      const got = countPrimes(0, n);
      singles.push(performance.now() - t0);
      checkSingle(n, got);
    };
    const pooled = async () => {
      watch.start();
      const t0 = performance.now();
      const got = await countAllPrimes(n, watch.pool);
      const ms = performance.now() - t0;
      const seen = watch.stop();
      checkPooled(n, got);
      if (ms < best.ms) best = { ms, ...seen };
    };
    // Alternate which goes first, so a busy moment on the machine hits both.
    if (r % 2 === 0) {
      single();
      await pooled();
    } else {
      await pooled();
      single();
    }
  }

  const singleMs = Math.min(...singles);
  const speedup = singleMs / Math.max(best.ms, 1e-3);
  const serial = best.tasks === 0 ? 1 : Math.min(1, Math.max(0, best.serialMs / best.ms));
  const threads = Math.max(1, Math.min(size, best.peak));
  const limitHere = amdahlSpeedup(serial, threads);
  // Noise can lift a speedup a little above its limit; no program runs more than twice as fast as its threads.
  if (best.tasks > 0 && speedup > 2 * threads) {
    throw new ImpossibleFigureError(
      `part (b): countAllPrimes on the pool ran ${formatRatio(speedup)} the speed of one thread with ${threads} ${threads === 1 ? 'thread' : 'threads'} at work, more than twice what that many threads can give. The single-thread run and the pool's runs did different work.`,
    );
  }
  const pct = (x: number) => (x >= 0.1 ? `${Math.round(x * 100)}%` : x >= 0.001 ? `${(x * 100).toFixed(1)}%` : 'under 0.1%');

  const lines = [
    'Part (b): real threads (advisory: measured on this machine, never graded)',
    `${cores} ${cores === 1 ? 'core' : 'cores'} found; a pool of ${size} ${size === 1 ? 'thread' : 'threads'}.`,
    `countPrimes(0, ${limits[0]}) on one thread: ${formatNumber(Math.round(singleMs))} ms (best of ${reps})`,
    `countAllPrimes(${limits[0]}, pool): ${formatNumber(Math.round(best.ms))} ms, ${formatRatio(speedup)} the speed of one thread`,
  ];
  if (best.tasks === 0) {
    lines.push(
      "It sent no work to the pool: everything ran on one thread, so all of it is serial and Amdahl's limit is 1x, whatever the number of cores.",
    );
    if (Math.abs(speedup - 1) > 0.15) lines.push('The same code timed twice differs only by noise: the machine was busy with other work.');
  } else {
    lines.push(
      `It ran ${best.tasks} ${best.tasks === 1 ? 'task' : 'tasks'} on the pool, at most ${best.peak} at once; for ${pct(serial)} of its time no task was running (the serial part).`,
      `Amdahl's limit for a serial part of ${pct(serial)} with ${threads} ${threads === 1 ? 'thread' : 'threads'} at work: ${formatRatio(limitHere)}.`,
    );
    if (speedup > 1.15 * limitHere) {
      lines.push('That is above the limit, which only timing noise can do: a busy moment during the single-thread runs, or one copy of the code optimised better than another.');
    }
    if (best.peak < size) {
      lines.push(`Only ${best.peak} of the ${size} threads could work at once: send every chunk before you await any of them.`);
    } else {
      if (speedup < 0.8 * limitHere && cores > 1) {
        lines.push(
          best.tasks < 4 * size
            ? `The measured speedup is well short of that limit: with ${best.tasks} chunks for ${size} threads, the thread that got the largest numbers finishes last while the others wait. Cut more, smaller chunks.`
            : 'The measured speedup is well short of that limit, although the chunks are many enough to keep the threads even: the machine was probably busy with other work.',
        );
      }
      if (serial >= 0.01) {
        const more = [4, 8, 16, 64].filter((p) => p > threads).map((p) => `${p} threads ${formatRatio(amdahlSpeedup(serial, p))}`);
        lines.push(`With the same serial part: ${[...more, `never more than ${formatRatio(1 / serial)}`].join(', ')}.`);
      }
    }
  }
  if (median(singles) > 1.3 * singleMs) {
    lines.push('The same single-thread run varied by more than 30% from one try to the next: the machine was busy, so read these figures loosely.');
  }
  if (cores === 1) lines.push('With one core, threads take turns rather than run at once: expect about 1x here.');

  return {
    counters: {
      cores,
      threadSpeedup: Math.round(speedup * 100) / 100,
      amdahlLimit: Math.round(limitHere * 100) / 100,
      serialPercent: Math.round(serial * 1000) / 10,
    },
    text: lines.join('\n'),
    amdahl: { serial, threads, speedup, cores },
  };
}

export default defineLesson<Work, Output>({
  slug: '10-scale-out',
  timing: 'virtual',
  exports: ['createBalancer', 'countPrimes', 'countAllPrimes'],
  timeline: {
    caption:
      'Each bar is one request being served by a replica, from when the replica started on it to its reply, on simulated time; a replica serves one at a time. Hover over or tap a bar to see how long it waited in that replica’s queue first. Compare how busy each replica is, and where requests pile up behind a slow one.',
  },
  size: 2000,

  prepare({ rng, clock, size }) {
    // --- The fleet: new replicas every call, as after a deploy or a scale-up.
    const taken = new Set<string>();
    const replicaNames = Array.from({ length: REPLICAS }, () => replicaName(rng, taken));

    // --- Data the handlers serve; it depends on the seed.
    const products = new Map<number, { priceCents: number; inStock: number }>();
    for (let p = 100; p < 400; p++) products.set(p, { priceCents: rng.int(3, 400) * 100 - rng.pick([1, 5, 50]), inStock: rng.int(0, 80) });
    const exportRows = MONTHS.map(() => rng.int(800, 24_000));

    // --- The traffic: Poisson arrivals; one export per block of EXPORT_EVERY requests.
    const jobs: Job[] = [];
    let t = 0;
    let exportAt = -1;
    for (let i = 0; i < size; i++) {
      if (i % EXPORT_EVERY === 0) exportAt = i + rng.int(0, EXPORT_EVERY - 1);
      t += -Math.log(1 - rng.next()) / ARRIVAL_RATE;
      const id = `r${String(i + 1).padStart(4, '0')}`;
      const user = `u${rng.int(1000, 1999)}`;
      if (i === exportAt) {
        const month = rng.int(0, MONTHS.length - 1);
        jobs.push({
          request: { id, method: 'GET', path: `/exports/orders.csv?month=2026-${MONTHS[month]}`, user },
          at: Math.round(t * 10) / 10,
          serviceMs: rng.int(EXPORT_MS[0], EXPORT_MS[1]),
          body: `orders.csv 2026-${MONTHS[month]}: ${exportRows[month]} rows`,
        });
      } else {
        const p = rng.int(100, 399);
        const product = products.get(p)!;
        jobs.push({
          request: { id, method: 'GET', path: `/products/p${p}`, user },
          at: Math.round(t * 10) / 10,
          serviceMs: rng.int(PAGE_MS[0], PAGE_MS[1]),
          body: `p${p}: ${product.priceCents} cents, ${product.inStock} in stock`,
        });
      }
    }
    return { clock, jobs, replicaNames };
  },

  async call(mod, work) {
    const createBalancer = exported<CreateBalancer>(mod, 'createBalancer');
    const { answers, stats } = simulate(work, createBalancer);
    work.stats = stats;
    // The simulated span, spent on the lesson's clock.
    await work.clock.sleep(stats.spanMs);
    return { answers };
  },

  counters(work) {
    const s = work.stats!;
    const busy = s.replicas.map((r) => Math.round((100 * r.busyMs) / s.spanMs));
    return {
      p99Ms: Math.round(s.p99),
      p50Ms: Math.round(s.p50),
      throughput: Math.round((10_000 * s.answered) / s.spanMs) / 10,
      longestQueue: Math.max(...s.replicas.map((r) => r.peak)),
      busiestPercent: Math.max(...busy),
      idlestPercent: Math.min(...busy),
    };
  },

  check(expected, actual, work) {
    const want = expected.answers;
    const got = actual.answers;
    const impossible = impossibleFigure(work);
    if (impossible) return impossible;
    for (let i = 0; i < want.length; i++) {
      const job = work.jobs[i]!;
      const where = `request ${job.request.id} (GET ${job.request.path}, arriving at ${(job.at / 1000).toFixed(3)} s)`;
      const g = got[i];
      const w = want[i]!;
      if (!g) return `${where} has no answer at all`;
      if (g.status !== 200) return `${where} was never answered: ${g.problem}`;
      if (w.status === 200 && g.body !== w.body) return `${where}: you answered ${show(g.body)}, the baseline ${show(w.body)}`;
    }
    if (got.length !== want.length) return `you answered ${got.length} requests, the baseline ${want.length}`;
    return null;
  },

  counterSpecs: [
    {
      key: 'p99Ms',
      label: 'p99 latency',
      unit: 'ms',
      better: 'lower',
      max: SLO_MS,
      advice:
        'Your slowest 1% of requests spent most of their time queued at one replica while another had room: behind a 200–400 ms export, or behind everyone else.',
    },
    { key: 'p50Ms', label: 'median latency (p50)', unit: 'ms', better: 'lower' },
    { key: 'throughput', label: 'throughput', unit: 'requests/s', better: 'higher' },
    { key: 'longestQueue', label: 'most requests outstanding at one replica', better: 'lower' },
    { key: 'busiestPercent', label: 'utilisation of the busiest replica', unit: '%', better: 'lower' },
    { key: 'idlestPercent', label: 'utilisation of the idlest replica', unit: '%', better: 'higher' },
    { key: 'cores', label: 'part (b): cores found (advisory)', better: 'higher' },
    { key: 'threadSpeedup', label: 'part (b): countAllPrimes speedup on real threads (advisory)', better: 'higher' },
    { key: 'amdahlLimit', label: 'part (b): Amdahl’s limit for that split on these cores (advisory)', better: 'higher' },
    { key: 'serialPercent', label: 'part (b): serial part, no task on the pool (advisory)', unit: '%', better: 'lower' },
  ],

  metric: { key: 'p99Ms', label: 'p99 latency', unit: 'ms' },

  target: 10,

  limit(work) {
    return {
      ms: percentile(
        work.jobs.map((j) => j.serviceMs),
        99,
      ),
      label: 'p99 latency if no request ever waited in a queue (the p99 of the service times alone)',
    };
  },

  chart: { kind: 'series', xLabel: 'simulated time (s)', yLabel: `answered within the ${SLO_MS} ms SLO (%)` },

  details(work): SideDetails {
    const stats = work.stats;
    if (!stats) return {};
    return {
      text: describeRun(work, stats),
      series: stats.series,
      latency: { points: stats.distribution, count: stats.answered, label: 'latency (simulated ms)' },
    };
  },

  advisory: measureThreads,

  // Each side's advisory starts real threads and times them, with no
  // progress report in between: on a busy machine that can take more than
  // the default 8 s, which is not a loop that never ends.
  budgetMs: 10_000,
});
