import { defineLesson, exported, ExerciseShapeError } from '../../src/core/lesson.ts';
import { SimulatedService } from '../../src/sim/service.ts';
import type { Clock as EngineClock } from '../../src/core/clock.ts';
import type { Rng } from '../../src/core/rng.ts';
import type { App, AppServices, Database, Profile, ProfileChanges, SiteConfig } from './types.ts';

/**
 * 04-caching: bursts of requests read the site's settings and profiles,
 * skewed towards a few popular users (Zipf); now and then a user edits their
 * own profile and reads it back, and an admin edits the settings directly in
 * the database. The learner puts a cache in front of the database: a TTL, a
 * size bound, invalidation on write and single-flight.
 *
 * Time is virtual. Bursts ("waves") arrive every GAP_MS; a wave starts when it
 * arrives or, if the server is still busy with the previous one, as soon as
 * that one is done. The database runs POOL queries at a time and queues the
 * rest, so every query slows down everyone else's: a server that keeps up
 * finishes when the last wave arrives (the limit); the starter falls behind.
 *
 * What each failure mode hits:
 * - no invalidation: a user reads back a stale copy of their own profile
 *   (incorrect, naming the request and the update);
 * - no TTL: a settings read returns a version the admin replaced more than
 *   ttlMs before (incorrect, naming the times);
 * - no size bound: the peak cache size, the larger of what cacheSize()
 *   reports and what a final probe finds in the cache (see the end of `call`),
 *   so an unbounded cache cannot pass by under-reporting;
 * - no single-flight: reads of a key started while a read of that key was
 *   already in flight (gate 0); they also swell the database read count.
 * - too little cached (settings only, a tiny TTL…): the database read count
 *   (see MAX_DB_READS).
 */

/** Waves of requests per run. */
const WAVES = 40;
/** A wave arrives every GAP_MS. */
const GAP_MS = 100;
/** Queries the database runs at once; the others wait for a connection. */
const POOL = 10;
/** Distinct users; requests pick them with a Zipf-like skew. */
const USERS = 1000;
const ZIPF_S = 1.0;
const TTL_MS = 1000;
const MAX_ENTRIES = 100;
/**
 * The gate on database reads per run. Over 150 seeds the reference made 1058
 * to 1198, a FIFO-evicting cache at most 1296, a cache that empties itself
 * when full at most 1477; a cache without single-flight 1347 to 1512 (it is
 * caught by duplicateReads), one that caches only the settings 2407.
 */
const MAX_DB_READS = 1600;

const LATENCY = {
  config: [10, 20],
  profile: [15, 35],
  update: [25, 50],
} as const;

const FIRST = ['Ada', 'Bilal', 'Chen', 'Dara', 'Emeka', 'Farah', 'Greta', 'Hiro', 'Ines', 'Jun', 'Kofi', 'Lena', 'Mateo', 'Nadia', 'Omar', 'Priya'];
const LAST = ['A.', 'B.', 'C.', 'D.', 'G.', 'K.', 'M.', 'N.', 'O.', 'P.', 'R.', 'S.', 'T.', 'W.'];
const CITIES = ['Leeds', 'Lyon', 'Porto', 'Gdansk', 'Bremen', 'Turin', 'Cork', 'Ghent', 'Tartu', 'Brno'];
const STATUSES = [
  'Back on Monday',
  'Hiring two engineers',
  'Reading about caches',
  'On call this week',
  'Learning Portuguese',
  'Out for a run',
  'Shipping the new checkout',
  'At the conference, say hi',
  'Fixing the flaky test',
  'Gone fishing',
  'Writing the quarterly report',
  'Coffee first',
];
const BANNERS = [
  'Spring sale: 20% off',
  'Maintenance tonight 22:00–23:00',
  'New: dark mode',
  'We are hiring',
  'Free shipping over €50',
  'Help centre moved',
  'Two-factor sign-in is here',
  'Holiday hours apply',
];
const THEMES = ['dawn', 'dusk', 'forest', 'harbour', 'slate'];

type Request =
  | { kind: 'view'; userId: string }
  | { kind: 'edit'; userId: string; changes: ProfileChanges };

interface Wave {
  /** The settings an admin puts in place as this wave arrives, if any. */
  configEdit: SiteConfig | undefined;
  requests: Request[];
}

/** What one request answered. */
interface Response {
  wave: number;
  index: number;
  /** When the request asked for the settings (virtual ms). */
  configAskedAt: number;
  config: SiteConfig;
  /** What updateProfile returned, for edits. */
  updated?: Profile;
  profile: Profile;
}

interface ConfigVersion {
  config: SiteConfig;
  /** Virtual ms when it became current, and when it was replaced (absent: still current). */
  from: number;
  to?: number;
}

interface Output {
  responses: Response[];
  /** The settings' versions during this run, with when each was current. */
  configHistory: ConfigVersion[];
}

interface Work {
  clock: EngineClock;
  services: AppServices;
  waves: Wave[];
  /** Every profile before any edit. */
  initialProfiles: Map<string, Profile>;
  /** Every edit, in the order the waves make them (one user at most once per wave). */
  edits: { wave: number; index: number; userId: string; changes: ProfileChanges }[];
  /** Live database state, and what happened to it. */
  config: SiteConfig;
  configHistory: ConfigVersion[];
  stats: Stats;
  /** Answers every query still waiting, at once: the run is over. */
  closeDb: () => void;
}

interface Stats {
  /** getConfig/getProfile queries the database received. */
  dbReads: number;
  /** Reads of a key that started while a read of the same key was in flight. */
  duplicateReads: number;
  /** getConfig/getProfile calls the requests made to the app. */
  appReads: number;
  /** The largest value cacheSize() reported. */
  reportedPeak: number;
  /** Response time of every request, from its wave's arrival, in ms. */
  responseMs: number[];
  inFlight: Map<string, number>;
  /** When the database last handed out each key's value (a read's or a write's reply). */
  lastDelivery: Map<string, number>;
  /** Profiles the final probe found in the cache (see `call`). */
  probeHits: number;
}

type CreateApp = (services: AppServices) => App;

/** Draws ranks 0..n-1 with probability proportional to 1 / (rank + 1)^s. */
function zipfSampler(rng: Rng, n: number, s: number): () => number {
  const cdf: number[] = [];
  let total = 0;
  for (let k = 1; k <= n; k++) {
    total += 1 / Math.pow(k, s);
    cdf.push(total);
  }
  return () => {
    const x = rng.next() * total;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

function shuffled<T>(rng: Rng, items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** A database connection pool: at most `size` holders, the rest wait in order. */
function createPool(size: number): <T>(fn: () => Promise<T>) => Promise<T> {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async (fn) => {
    if (active < size) active += 1;
    else await new Promise<void>((resolve) => waiting.push(resolve));
    try {
      return await fn();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else active -= 1;
    }
  };
}

/**
 * True when `actual` has every field of `expected` with the same value (both
 * are flat records). Extra fields in the candidate's answer are harmless.
 */
function matches(expected: object, actual: unknown): boolean {
  if (actual === null || typeof actual !== 'object') return false;
  return Object.entries(expected).every(([key, value]) => Object.is((actual as Record<string, unknown>)[key], value));
}

/** A short, readable rendering of a value for a check message. */
function show(value: unknown): string {
  if (value === undefined) return 'undefined';
  const text = JSON.stringify(value);
  if (text === undefined) return String(value);
  return text.length > 70 ? `${text.slice(0, 67)}...` : text;
}

/** The fields the baseline has that the candidate's answer lacks or differs on, first one only. */
function fieldDifference(expected: object, actual: unknown): string | null {
  if (actual === null || typeof actual !== 'object') return `you returned ${show(actual)}, the baseline ${show(expected)}`;
  for (const [key, value] of Object.entries(expected)) {
    const got = (actual as Record<string, unknown>)[key];
    if (!Object.is(got, value)) return `its ${key}: you returned ${show(got)}, the baseline ${show(value)}`;
  }
  return null;
}

function ms(t: number): string {
  return `${Math.round(t)} ms`;
}

function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** The profile as it was after the first `version - initial.version` edits of this run. */
function profileAtVersion(work: Work, userId: string, version: number): Profile | undefined {
  const initial = work.initialProfiles.get(userId);
  if (!initial || version < initial.version) return undefined;
  let profile = { ...initial };
  for (const edit of work.edits) {
    if (profile.version >= version) break;
    if (edit.userId === userId) profile = { ...profile, ...edit.changes, version: profile.version + 1 };
  }
  return profile.version === version ? profile : undefined;
}

/** The edit that produced a given version of a user's profile. */
function editThatMade(work: Work, userId: string, version: number) {
  const initial = work.initialProfiles.get(userId)!;
  const nth = version - initial.version;
  return work.edits.filter((e) => e.userId === userId)[nth - 1];
}

function describeProfileMiss(
  work: Work,
  where: string,
  what: 'read back' | 'view' | 'updated',
  expected: Profile,
  actual: unknown,
): string {
  const id = expected.id;
  const a = actual as Partial<Profile> | null;
  if (a !== null && typeof a === 'object' && a.id === id && typeof a.version === 'number') {
    const known = profileAtVersion(work, id, a.version);
    if (known && matches(known, a) && a.version < expected.version) {
      const edit = editThatMade(work, id, expected.version);
      if (what === 'read back') {
        return `${where}: user ${id} updated their profile (${show(edit?.changes)}) and read it back, but you returned the copy from before the update (version ${a.version}; the database has version ${expected.version}). A user must see their own update at once: when updateProfile succeeds, delete or replace that profile's cache entry.`;
      }
      if (what === 'updated') {
        return `${where}: updateProfile returned version ${a.version} of user ${id}'s profile, but the update made version ${expected.version}. Return what the database answered.`;
      }
      const first = editThatMade(work, id, a.version + 1);
      const when = first ? ` in wave ${first.wave + 1}` : '';
      return `${where} read user ${id}'s profile and you returned a stale copy: version ${a.version}, but the user updated it${when} and the database has version ${expected.version}. When a profile is updated, its cached copy must go.`;
    }
    if (!known || !matches(known, a)) {
      return `${where}: you returned a profile of user ${id} that this call's database never held (${show(a)}). Is it left over from an earlier call? Each call gets a new database: keep the cache inside createApp.`;
    }
  }
  const difference = fieldDifference(expected, actual);
  const label = what === 'updated' ? "updateProfile's answer" : `user ${id}'s profile`;
  return `${where}, ${label}: ${difference ?? 'differs from the baseline'}`;
}

export default defineLesson<Work, Output>({
  slug: '04-caching',
  timing: 'virtual',
  exports: ['createApp'],
  size: 60,

  prepare({ rng, clock, size }) {
    // --- Data. Everything depends on the seed, so answers kept from an
    // earlier run (another seed) do not match this run's database.
    const ids = shuffled(
      rng,
      Array.from({ length: USERS }, (_, i) => `u${1000 + i}`),
    );
    const initialProfiles = new Map<string, Profile>();
    for (const id of ids) {
      initialProfiles.set(id, {
        id,
        displayName: `${rng.pick(FIRST)} ${rng.pick(LAST)}`,
        status: rng.pick(STATUSES),
        city: rng.pick(CITIES),
        version: rng.int(1, 9),
      });
    }
    const makeConfig = (version: number): SiteConfig => ({
      version,
      banner: rng.pick(BANNERS),
      theme: rng.pick(THEMES),
      maxUploadMb: rng.int(2, 50) * 5,
    });
    const initialConfig = makeConfig(rng.int(1, 60));

    // --- Workload. Ranks are shuffled ids, so the popular users differ per seed.
    const zipf = zipfSampler(rng, USERS, ZIPF_S);
    const pickUser = () => ids[zipf()]!;
    // Two admin edits of the settings, in waves 7–13 and 19–23: each is
    // followed by well over ttlMs of arrivals, so a cache that never expires
    // entries serves a replaced version and is caught.
    const editWaves = new Set([rng.int(6, 12), rng.int(18, 22)]);
    let configVersion = initialConfig.version;
    const waves: Wave[] = [];
    const edits: Work['edits'] = [];
    for (let w = 0; w < WAVES; w++) {
      const count = size;
      // 0, 1 or 2 users edit their profile in this wave (popular users edit too).
      const editors = new Set<string>();
      const editCount = rng.next() < 0.5 ? 1 : rng.next() < 0.5 ? 2 : 0;
      while (editors.size < editCount) editors.add(pickUser());
      const editSlots = new Set<number>();
      while (editSlots.size < editors.size) editSlots.add(rng.int(0, count - 1));
      const editorList = [...editors];
      const requests: Request[] = [];
      for (let i = 0; i < count; i++) {
        if (editSlots.has(i)) {
          const userId = editorList.pop()!;
          const changes: ProfileChanges =
            rng.next() < 0.7 ? { status: rng.pick(STATUSES) } : { status: rng.pick(STATUSES), city: rng.pick(CITIES) };
          requests.push({ kind: 'edit', userId, changes });
          edits.push({ wave: w, index: i, userId, changes });
        } else {
          // Nobody else reads an editor's profile in the same wave, so every
          // read has one right answer whatever order the queries finish in.
          let userId = pickUser();
          while (editors.has(userId)) userId = pickUser();
          requests.push({ kind: 'view', userId });
        }
      }
      waves.push({ configEdit: editWaves.has(w) ? makeConfig(++configVersion) : undefined, requests });
    }

    // --- The database: a pool of POOL connections in front of seeded latencies.
    const configDb = new SimulatedService({ name: 'database', clock, rng, latency: LATENCY.config });
    const profileDb = new SimulatedService({ name: 'database', clock, rng, latency: LATENCY.profile });
    const updateDb = new SimulatedService({ name: 'database', clock, rng, latency: LATENCY.update });
    const pool = createPool(POOL);
    const profiles = new Map<string, Profile>();
    for (const [id, p] of initialProfiles) profiles.set(id, { ...p });

    const stats: Stats = {
      dbReads: 0,
      duplicateReads: 0,
      appReads: 0,
      reportedPeak: 0,
      responseMs: [],
      inFlight: new Map(),
      lastDelivery: new Map(),
      probeHits: 0,
    };

    const profileOf = (userId: string): Profile => {
      const p = profiles.get(userId);
      if (!p) throw new Error(`the database has no user with id ${JSON.stringify(userId)}`);
      return p;
    };

    // When the run ends, queries still waiting (the probe's misses) are
    // answered at once, so no promise the app keeps is left pending forever.
    let closeDb!: () => void;
    const closed = new Promise<void>((resolve) => (closeDb = resolve));

    /** One read query: counted when asked, in flight until its reply. */
    const read = async <T>(key: string, service: SimulatedService, produce: () => T): Promise<T> => {
      stats.dbReads += 1;
      const inFlight = stats.inFlight.get(key) ?? 0;
      if (inFlight > 0) stats.duplicateReads += 1;
      stats.inFlight.set(key, inFlight + 1);
      try {
        const value = await Promise.race([pool(() => service.request(produce)), closed.then(produce)]);
        stats.lastDelivery.set(key, clock.now());
        return value;
      } finally {
        stats.inFlight.set(key, stats.inFlight.get(key)! - 1);
      }
    };

    const db: Database = {
      getConfig: () => read('config', configDb, () => structuredClone(work.config)),
      getProfile: (userId) => read(`profile:${userId}`, profileDb, () => ({ ...profileOf(String(userId)) })),
      updateProfile: async (userId, changes) => {
        const value = await pool(() =>
          updateDb.request(() => {
            const current = profileOf(String(userId));
            const next: Profile = { ...current, version: current.version + 1 };
            if (changes && typeof changes.status === 'string') next.status = changes.status;
            if (changes && typeof changes.city === 'string') next.city = changes.city;
            profiles.set(next.id, next);
            return { ...next };
          }),
        );
        stats.lastDelivery.set(`profile:${userId}`, clock.now());
        return value;
      },
    };

    const work: Work = {
      clock,
      services: {
        db,
        clock: { now: () => clock.now() },
        ttlMs: TTL_MS,
        maxEntries: MAX_ENTRIES,
      },
      waves,
      initialProfiles,
      edits,
      config: initialConfig,
      configHistory: [{ config: initialConfig, from: 0 }],
      stats,
      closeDb,
    };
    return work;
  },

  async call(mod, work) {
    const createApp = exported<CreateApp>(mod, 'createApp');
    const app = createApp(work.services);
    for (const method of ['getConfig', 'getProfile', 'updateProfile', 'cacheSize'] as const) {
      if (typeof (app as unknown as Record<string, unknown> | undefined)?.[method] !== 'function') {
        throw new ExerciseShapeError(`createApp must return an object with a ${method}() method`);
      }
    }
    const { clock, stats } = work;

    const sampleSize = () => {
      const size = app.cacheSize();
      if (typeof size !== 'number' || !Number.isFinite(size) || size < 0) {
        throw new ExerciseShapeError(`cacheSize() must return the number of entries, but it returned ${show(size)}`);
      }
      stats.reportedPeak = Math.max(stats.reportedPeak, size);
    };

    const appRead = async <T>(read: () => Promise<T>): Promise<T> => {
      stats.appReads += 1;
      const value = await read();
      sampleSize();
      return value;
    };

    const responses: Response[] = [];
    for (let w = 0; w < work.waves.length; w++) {
      const wave = work.waves[w]!;
      const arrival = w * GAP_MS;
      const wait = arrival - clock.now();
      if (wait > 0) await clock.sleep(wait);
      if (wave.configEdit) {
        const now = clock.now();
        work.configHistory[work.configHistory.length - 1]!.to = now;
        work.configHistory.push({ config: wave.configEdit, from: now });
        work.config = wave.configEdit;
      }
      const answers = await Promise.all(
        wave.requests.map(async (request, index): Promise<Response> => {
          const configAskedAt = clock.now();
          const config = await appRead(() => app.getConfig());
          let updated: Profile | undefined;
          if (request.kind === 'edit') {
            updated = await app.updateProfile(request.userId, { ...request.changes });
            sampleSize();
          }
          const profile = await appRead(() => app.getProfile(request.userId));
          stats.responseMs.push(clock.now() - arrival);
          return { wave: w, index, configAskedAt, config, updated, profile };
        }),
      );
      responses.push(...answers);
      sampleSize();
    }

    // The probe: a check on the size that does not take cacheSize()'s word for
    // it. Right after the last wave, ask at one instant for every profile the
    // database handed out within the last ttlMs. A read answered within 0 ms
    // came from memory, so each one is an entry the cache held at that
    // instant. A miss would have to wait for the database: the run does not
    // wait for it (closeDb answers it at once), and the probe's queries count
    // towards nothing else.
    const recent = [...stats.lastDelivery]
      .filter(([key, at]) => key.startsWith('profile:') && at > clock.now() - TTL_MS)
      .sort((a, b) => b[1] - a[1])
      .map(([key]) => key.slice('profile:'.length));
    const counted = { dbReads: stats.dbReads, duplicateReads: stats.duplicateReads };
    let hits = 0;
    for (const userId of recent) {
      try {
        Promise.resolve(app.getProfile(userId)).then(
          () => (hits += 1),
          () => {},
        );
      } catch {
        // A probe that throws found nothing in the cache.
      }
    }
    await clock.sleep(0);
    stats.probeHits = hits;
    Object.assign(stats, counted);
    work.closeDb();
    return { responses, configHistory: work.configHistory.map((v) => ({ ...v })) };
  },

  counters(work) {
    const s = work.stats;
    return {
      dbReads: s.dbReads,
      duplicateReads: s.duplicateReads,
      hitRatio: s.appReads > 0 ? Math.round((1 - s.dbReads / s.appReads) * 1000) / 1000 : 0,
      peakCacheSize: Math.max(s.reportedPeak, s.probeHits),
      p95ResponseMs: percentile(s.responseMs, 95),
    };
  },

  check(expected, actual, work) {
    if (actual.responses.length !== expected.responses.length) {
      return `the run answered ${actual.responses.length} requests, the baseline ${expected.responses.length}`;
    }
    const history = actual.configHistory;
    for (let r = 0; r < expected.responses.length; r++) {
      const want = expected.responses[r]!;
      const got = actual.responses[r]!;
      const where = `wave ${want.wave + 1}, request ${want.index + 1}`;

      // Settings: any version that was current within ttlMs of the read is fine.
      const config = got.config as Partial<SiteConfig> | null;
      const version = history.find((v) => matches(v.config, config));
      if (!version) {
        return config !== null && typeof config === 'object' && typeof config.version === 'number'
          ? `${where}: getConfig returned settings this call's database never held (${show(config)}). Are they left over from an earlier call? Each call gets a new database: keep the cache inside createApp.`
          : `${where}: getConfig returned ${show(config)}, the baseline ${show(want.config)}`;
      }
      if (version.to !== undefined && version.to < got.configAskedAt - TTL_MS) {
        const next = history[history.indexOf(version) + 1];
        const now = history.find((v) => v.from <= got.configAskedAt && (v.to === undefined || v.to > got.configAskedAt));
        const since = now && now !== next ? ` (the database has had version ${now.config.version} since ${ms(now.from)})` : '';
        return `${where} asked for the settings at ${ms(got.configAskedAt)} and you returned version ${version.config.version}, but an admin replaced it with version ${next?.config.version ?? '?'} at ${ms(version.to)}, ${ms(got.configAskedAt - version.to)} earlier${since}. A cached answer may be at most ttlMs (${TTL_MS} ms) old: make entries expire.`;
      }

      if (want.updated !== undefined && !matches(want.updated, got.updated)) {
        return describeProfileMiss(work, where, 'updated', want.updated, got.updated);
      }
      if (!matches(want.profile, got.profile)) {
        return describeProfileMiss(work, where, want.updated !== undefined ? 'read back' : 'view', want.profile, got.profile);
      }
    }
    return null;
  },

  counterSpecs: [
    {
      key: 'peakCacheSize',
      label: 'peak cache size',
      unit: 'entries',
      better: 'lower',
      max: MAX_ENTRIES,
      advice:
        'Your cache grew past maxEntries (100). When it is full, evict an entry before adding one: the least recently used is a good choice (a Map keeps insertion order). The size counted is the larger of what cacheSize() reports and how many profiles a last check finds in your cache at one instant.',
    },
    {
      key: 'dbReads',
      label: 'database reads',
      better: 'lower',
      max: MAX_DB_READS,
      advice:
        'Too many reads still reach the database. Cache both the settings and the profiles, keep each entry for the full ttlMs, and use all of the maxEntries (100) you are allowed.',
    },
    {
      key: 'duplicateReads',
      label: 'database reads of a key already being read',
      better: 'lower',
      max: 0,
      advice:
        'Several requests missed the same key at the same moment and each asked the database. Let the first miss start the query and keep its promise in the cache, so the others wait for that answer (single-flight); and do not drop an entry whose query is still on its way.',
    },
    { key: 'hitRatio', label: 'reads served without a query of their own (hit ratio)', better: 'higher' },
    { key: 'p95ResponseMs', label: 'response time, 95th percentile', unit: 'ms', better: 'lower' },
  ],

  target: 1.3,

  limit() {
    return {
      ms: (WAVES - 1) * GAP_MS,
      label: `the last of ${WAVES} waves arrives at ${ms((WAVES - 1) * GAP_MS)}; a server that keeps up answers it from the cache at once`,
    };
  },
});
