import { defineLesson, exported, ExerciseShapeError } from '../../src/core/lesson.ts';
import { SimulatedService } from '../../src/sim/service.ts';
import { percentile, sealed, show as showValue, shuffled } from '../../src/kit/index.ts';
import type { Clock as EngineClock } from '../../src/core/clock.ts';
import type { Rng } from '../../src/core/rng.ts';
import type { App, AppServices, Database, Profile, ProfileChanges, SiteConfig } from './types.ts';
import { ServiceError } from '../../src/core/service-error.ts';
import { formatNumber } from '../../src/core/verdict.ts';

/**
 * 04-caching: bursts of requests read the site's settings and profiles,
 * skewed towards a few popular users (Zipf); now and then a user edits their
 * own profile and reads it back, an admin edits the settings directly in the
 * database, and a moderator edits a popular profile directly in the database.
 * The learner puts a cache in front of the database.
 *
 * Time is virtual. Bursts ("waves") arrive every GAP_MS; a wave starts when it
 * arrives or, if the server is still busy with the previous one, as soon as
 * that one is done. The database runs POOL queries at a time and queues the
 * rest, so every query slows down everyone else's: a server that keeps up
 * finishes when the last wave arrives (the limit); the starter falls behind.
 *
 * The rules (types.ts and the exercise), and what enforces each on every call:
 * - An answer is at most ttlMs old. Settings and profiles change behind the
 *   cache (admin and moderator edits, each followed by well over ttlMs of
 *   reads): check(), against the database's own history of versions.
 * - A user sees their own update at once, and so does every later read: each
 *   edit is read back, and read by another request while the write is in
 *   flight, so an entry deleted before the write (and refilled with the old
 *   row by that read) is caught; check().
 * - updateProfile answers with the row the database wrote, and the write
 *   reaches the database: check() (the final versions must match).
 * - At most maxEntries entries at any moment: peakCacheSize, measured by
 *   probes (see `probe`), never by what cacheSize() says.
 * - Simultaneous misses of one key make one query: duplicateReads, counted by
 *   the database (a read started after a write landed is not a duplicate).
 * - Enough is cached to matter: dbReads (MAX_DB_READS).
 * - A failed query is not kept: the database fails two queries per run (the
 *   first of the settings after a seeded moment, and later the first of a
 *   popular profile). The reads waiting for it may get the error; a read
 *   that comes after the failure must not: check(), via failedUnfairly.
 * - Everything kept lives inside createApp: every call has new data under the
 *   same ids, and answers a database never held are named as such.
 * - No time below the limit: `call` waits for each wave's arrival, so no run
 *   ends before the last wave arrives; a faster figure cannot be reached.
 * Edge cases in every workload: a cold first wave (every request misses the
 * settings at once), an empty wave, a wave of one request, more distinct keys
 * within ttlMs than maxEntries, and the same key many times in one wave.
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
 * The gate on database reads per run. Over 150 seeds (before the races and
 * moderator edits were added) the reference made 1058 to 1198, a
 * FIFO-evicting cache at most 1296, a cache that empties itself when full at
 * most 1477; a cache without single-flight 1347 to 1512 (it is caught by
 * duplicateReads), one that caches only the settings 2407.
 */
const MAX_DB_READS = 1600;
/**
 * Moderator edits per run, of the most popular users: each is read several
 * times a wave, so a cache that never expires it keeps serving it.
 */
const MODERATOR_EDITS = 3;
const MODERATED_RANKS = 3;

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

const MODERATED_STATUS = 'Profile under review';

type Request =
  | { kind: 'view'; userId: string }
  | { kind: 'edit'; userId: string; changes: ProfileChanges };

interface Wave {
  /** The settings an admin puts in place as this wave arrives, if any. */
  configEdit: SiteConfig | undefined;
  /** A user whose profile a moderator edits as this wave arrives, if any. */
  moderated: string | undefined;
  /** After this wave, the cache's size is probed. */
  probe: boolean;
  requests: Request[];
}

/** What one request answered, copied as plain data the moment it answered. */
interface Response {
  wave: number;
  index: number;
  /** When the request asked for the settings, and when it asked for the profile (virtual ms). */
  configAskedAt: number;
  profileAskedAt: number;
  profileAnsweredAt: number;
  config: unknown;
  /** What updateProfile returned, for edits. */
  updated?: unknown;
  profile: unknown;
  /** The error getConfig or getProfile rejected with, instead of an answer. */
  configError?: string;
  profileError?: string;
}

/** A query the database fails: the first one of `key` that starts at or after `after`. */
interface Failure {
  key: string;
  after: number;
  startedAt?: number;
  failedAt?: number;
}

/** One version of a row: when it became current and when it was replaced (absent: still current). */
interface Version<T> {
  value: T;
  from: number;
  to?: number;
  /** Who replaced it: the app (through updateProfile) or someone behind the cache. */
  replacedBy?: 'app' | 'behind';
}

interface Output {
  responses: Response[];
  /** The settings' versions during this run. */
  configHistory: Version<SiteConfig>[];
  /** Each profile's versions during this run, for the users whose profile changed. */
  profileHistory: Record<string, Version<Profile>[]>;
  /** The version of every edited profile in the database at the end. */
  finalVersions: Record<string, number>;
  /** The queries the database failed in this run. */
  failures: Failure[];
}

interface Work {
  clock: EngineClock;
  services: AppServices;
  waves: Wave[];
  /** Every profile before any edit. */
  initialProfiles: Map<string, Profile>;
  db: DatabaseState;
  stats: Stats;
  /** Answers every query still waiting, at once: the run is over. */
  closeDb: () => void;
  failures: Failure[];
}

/** The database's rows and their history: the spec's side, never handed to the app. */
interface DatabaseState {
  config: SiteConfig;
  profiles: Map<string, Profile>;
  configHistory: Version<SiteConfig>[];
  profileHistory: Map<string, Version<Profile>[]>;
  /** Writes an admin or moderator makes directly in the database. */
  setConfig(config: SiteConfig, at: number): void;
  moderate(userId: string, at: number): void;
  /** While a probe runs, reads are answered at once and counted apart. */
  probing: boolean;
}

interface Stats {
  /** getConfig/getProfile queries the database received (probes aside). */
  dbReads: number;
  /** Reads of a key that started while a read of the same key, started after its last write, was in flight. */
  duplicateReads: number;
  /** Reads the probes caused: each is a key the cache did not hold. */
  probeMisses: number;
  /** getConfig/getProfile calls the requests made to the app. */
  appReads: number;
  /** The largest value cacheSize() reported (shown, never gated). */
  reportedPeak: number;
  /** The most entries a probe found the cache holding at one instant. */
  probedPeak: number;
  /** Response time of every request, from its wave's arrival, in ms. */
  responseMs: number[];
  /** In-flight reads per key and write epoch ("profile:u1042#2"). */
  inFlight: Map<string, number>;
  /** Writes landed per key: a read started after a write is a new question. */
  epochs: Map<string, number>;
  /** When the database last handed out each key's value (a read's or a write's reply). */
  lastDelivery: Map<string, number>;
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

const PROFILE_FIELDS = ['id', 'displayName', 'status', 'city', 'version'] as const;
const CONFIG_FIELDS = ['version', 'banner', 'theme', 'maxUploadMb'] as const;

/**
 * A plain copy of the fields a record must have, read once, the moment the
 * app answered: what a handler would have sent. Getters are read now, and a
 * shared object changed later cannot change an answer already given.
 */
function snapshot(value: unknown, fields: readonly string[]): unknown {
  if (value === null || typeof value !== 'object') return value;
  const copy: Record<string, unknown> = {};
  for (const field of fields) {
    const v = (value as Record<string, unknown>)[field];
    copy[field] = typeof v === 'object' && v !== null ? showValue(v) : v;
  }
  return copy;
}

/** True when `actual` has every field of `expected` with the same value. */
function matches(expected: object, actual: unknown): boolean {
  if (actual === null || typeof actual !== 'object') return false;
  return Object.entries(expected).every(([key, value]) => Object.is((actual as Record<string, unknown>)[key], value));
}

const show = (value: unknown): string => showValue(value, { max: 70 });

class DatabaseUnavailableError extends ServiceError {
  constructor() {
    super('the database did not answer (connection reset)');
    this.name = 'DatabaseUnavailableError';
  }
}

/** A read's answer or the error it rejected with: a request whose settings failed still shows the profile. */
async function attempt<T>(read: () => Promise<T>): Promise<{ value?: T; error?: string }> {
  try {
    return { value: await read() };
  } catch (error) {
    return { error: error instanceof Error ? `${error.name}: ${error.message}` : show(error) };
  }
}

/** The first field the candidate's answer lacks or differs on. */
function fieldDifference(expected: object, actual: unknown): string | null {
  if (actual === null || typeof actual !== 'object') return `you returned ${show(actual)}, the baseline ${show(expected)}`;
  for (const [key, value] of Object.entries(expected)) {
    const got = (actual as Record<string, unknown>)[key];
    if (!Object.is(got, value)) return `its ${key}: you returned ${show(got)}, the baseline ${show(value)}`;
  }
  return null;
}

function ms(t: number): string {
  return `${formatNumber(Math.round(t))} ms`;
}

/** The version of a row a value matches, if the database ever held it. */
function versionOf<T extends object>(history: readonly Version<T>[], value: unknown): Version<T> | undefined {
  return history.find((v) => matches(v.value, value));
}

/**
 * Whether serving `version` to a read asked at `askedAt` and answered at
 * `answeredAt` keeps the rules: it was current at some moment of the read,
 * or it was replaced behind the cache less than ttlMs before the read (an
 * entry read just before the change may be served until it expires). A
 * version the app itself replaced must never be served afterwards.
 */
function servedFairly<T>(version: Version<T>, askedAt: number, answeredAt: number): boolean {
  const to = version.to ?? Infinity;
  if (version.from <= answeredAt && to >= askedAt) return true;
  return version.replacedBy === 'behind' && to >= askedAt - TTL_MS;
}

/**
 * Why a read's error was not the database's doing, or null when it was: a
 * query of that key failed, and the read came before that failure did, so it
 * may have been waiting for that very query.
 */
function failedUnfairly(failures: readonly Failure[], key: string, askedAt: number, who: string, error: string): string | null {
  const failed = failures.filter((f) => f.key === key && f.failedAt !== undefined);
  if (failed.some((f) => askedAt <= f.failedAt! + 1e-6)) return null;
  const last = failed.at(-1);
  if (!last) return `${who} and got an error (${error}); the baseline's read was answered`;
  return `${who} at ${ms(askedAt)} and got an error (${error}), but the database's failed query of that key had already failed at ${ms(last.failedAt!)}, ${ms(askedAt - last.failedAt!)} earlier. Does the cache keep the failed query? If a query fails, remove its entry, so that the next read asks the database again.`;
}

export default defineLesson<Work, Output>({
  slug: '04-caching',
  timing: 'virtual',
  exports: ['createApp'],
  timeline: {
    caption:
      'Each bar is one request that reached the database, from the moment it was sent to its reply, on simulated time. A request answered from a cache makes no bar. Compare how many bars each side draws, and how long they are.',
  },
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
    // Data changed behind the cache: two admin edits of the settings (waves
    // 7–13 and 19–23) and three moderator edits of popular profiles (waves
    // 4–28). Each is followed by well over ttlMs of reads of the same key, so
    // a cache that never expires an entry serves a replaced version.
    const editWaves = new Set([rng.int(6, 12), rng.int(18, 22)]);
    const moderated = shuffled(rng, ids.slice(0, MODERATED_RANKS)).slice(0, MODERATOR_EDITS);
    const moderatorWaves = new Map<number, string>();
    moderated.forEach((userId, k) => moderatorWaves.set(rng.int(4 + 8 * k, 11 + 8 * k), userId));
    // A quiet moment: an empty wave and a wave of one request.
    const emptyWave = rng.int(14, 17);
    const singleWave = rng.int(30, 33);
    // The size is probed twice during the run and once at its end.
    const probeWaves = new Set([rng.int(12, 18), rng.int(24, 30), WAVES - 1]);
    let configVersion = initialConfig.version;
    const waves: Wave[] = [];
    for (let w = 0; w < WAVES; w++) {
      const count = w === emptyWave ? 0 : w === singleWave ? 1 : size;
      // 0, 1 or 2 users edit their profile in this wave (popular users edit
      // too, moderated users never: their only change is behind the cache).
      const editors = new Set<string>();
      const editCount = count < 10 ? 0 : rng.next() < 0.5 ? 1 : rng.next() < 0.5 ? 2 : 0;
      while (editors.size < editCount) {
        const userId = pickUser();
        if (!moderated.includes(userId)) editors.add(userId);
      }
      const editSlots = new Set<number>();
      while (editSlots.size < editors.size) editSlots.add(rng.int(0, count - 2));
      const editorList = [...editors];
      const requests: Request[] = [];
      for (let i = 0; requests.length < count; i++) {
        if (editSlots.has(i)) {
          const userId = editorList.pop()!;
          const changes: ProfileChanges =
            rng.next() < 0.7 ? { status: rng.pick(STATUSES) } : { status: rng.pick(STATUSES), city: rng.pick(CITIES) };
          requests.push({ kind: 'edit', userId, changes });
          // A read during the write: the next request views the same
          // profile while the update is on its way to the database.
          if (requests.length < count) requests.push({ kind: 'view', userId });
        } else {
          let userId = pickUser();
          while (editors.has(userId)) userId = pickUser();
          requests.push({ kind: 'view', userId });
        }
      }
      waves.push({
        configEdit: editWaves.has(w) ? makeConfig(++configVersion) : undefined,
        moderated: moderatorWaves.get(w),
        probe: probeWaves.has(w),
        requests,
      });
    }

    // --- The database: a pool of POOL connections in front of seeded latencies.
    const configDb = new SimulatedService({ name: 'database', clock, rng, latency: LATENCY.config });
    const profileDb = new SimulatedService({ name: 'database', clock, rng, latency: LATENCY.profile });
    const updateDb = new SimulatedService({ name: 'database', clock, rng, latency: LATENCY.update });
    const pool = createPool(POOL);

    const stats: Stats = {
      dbReads: 0,
      duplicateReads: 0,
      probeMisses: 0,
      appReads: 0,
      reportedPeak: 0,
      probedPeak: 0,
      responseMs: [],
      inFlight: new Map(),
      epochs: new Map(),
      lastDelivery: new Map(),
    };

    const state: DatabaseState = {
      config: initialConfig,
      profiles: new Map([...initialProfiles].map(([id, p]) => [id, { ...p }])),
      configHistory: [{ value: initialConfig, from: 0 }],
      profileHistory: new Map(),
      setConfig(config, at) {
        state.configHistory[state.configHistory.length - 1]!.to = at;
        state.configHistory[state.configHistory.length - 1]!.replacedBy = 'behind';
        state.configHistory.push({ value: config, from: at });
        state.config = config;
      },
      moderate(userId, at) {
        const current = state.profiles.get(userId)!;
        writeProfile({ ...current, status: MODERATED_STATUS, version: current.version + 1 }, at, 'behind');
      },
      probing: false,
    };

    /** Stores a new version of a profile and closes the previous one in its history. */
    const writeProfile = (next: Profile, at: number, by: 'app' | 'behind') => {
      const history = state.profileHistory.get(next.id) ?? [{ value: { ...state.profiles.get(next.id)! }, from: 0 }];
      const last = history[history.length - 1]!;
      last.to = at;
      last.replacedBy = by;
      history.push({ value: { ...next }, from: at });
      state.profileHistory.set(next.id, history);
      state.profiles.set(next.id, next);
      if (by === 'app') {
        const key = `profile:${next.id}`;
        stats.epochs.set(key, (stats.epochs.get(key) ?? 0) + 1);
      }
    };

    const profileOf = (userId: string): Profile => {
      const p = state.profiles.get(userId);
      if (!p) throw new Error(`the database has no user with id ${JSON.stringify(userId)}`);
      return p;
    };

    // The database fails two queries: the first of the settings after a
    // moment in the first half of the run, and the first of a popular
    // profile after one in the second half. The requests waiting for such a
    // query get the error; any read after it must ask again.
    const failures: Failure[] = [
      { key: 'config', after: rng.int(8, 16) * GAP_MS + rng.int(0, GAP_MS - 1) },
      { key: `profile:${ids[MODERATED_RANKS]!}`, after: rng.int(22, 30) * GAP_MS + rng.int(0, GAP_MS - 1) },
    ];

    // When the run ends, queries still waiting are answered at once, so no
    // promise the app keeps is left pending forever.
    let closeDb!: () => void;
    const closed = new Promise<void>((resolve) => (closeDb = resolve));

    /** One read query: counted when asked, in flight until its reply. */
    const read = async <T>(key: string, service: SimulatedService, produce: () => T): Promise<T> => {
      if (state.probing) {
        // A probe's miss: answered at once, so probing costs the app no time.
        stats.probeMisses += 1;
        stats.lastDelivery.set(key, clock.now());
        return produce();
      }
      stats.dbReads += 1;
      const flight = `${key}#${stats.epochs.get(key) ?? 0}`;
      const inFlight = stats.inFlight.get(flight) ?? 0;
      if (inFlight > 0) stats.duplicateReads += 1;
      stats.inFlight.set(flight, inFlight + 1);
      const failure = failures.find((f) => f.key === key && f.startedAt === undefined && clock.now() >= f.after);
      if (failure) failure.startedAt = clock.now();
      const answer = failure
        ? () => {
            failure.failedAt = clock.now();
            throw new DatabaseUnavailableError();
          }
        : produce;
      try {
        const value = await Promise.race([pool(() => service.request(answer)), closed.then(answer)]);
        stats.lastDelivery.set(key, clock.now());
        return value;
      } finally {
        stats.inFlight.set(flight, stats.inFlight.get(flight)! - 1);
      }
    };

    const db: Database = {
      getConfig: () => read('config', configDb, () => ({ ...state.config })),
      getProfile: (userId) => read(`profile:${userId}`, profileDb, () => ({ ...profileOf(String(userId)) })),
      updateProfile: async (userId, changes) => {
        const status = changes?.status;
        const city = changes?.city;
        const value = await pool(() =>
          updateDb.request(() => {
            const current = profileOf(String(userId));
            const next: Profile = { ...current, version: current.version + 1 };
            if (typeof status === 'string') next.status = status;
            if (typeof city === 'string') next.city = city;
            writeProfile(next, clock.now(), 'app');
            return { ...next };
          }),
        );
        stats.lastDelivery.set(`profile:${userId}`, clock.now());
        return value;
      },
    };

    return {
      clock,
      // Frozen: the app may call the database and read the clock, never
      // replace them, and the numbers it is given are the rules.
      services: sealed({
        db,
        clock: { now: () => clock.now() },
        ttlMs: TTL_MS,
        maxEntries: MAX_ENTRIES,
      }),
      waves,
      initialProfiles,
      db: state,
      stats,
      closeDb,
      failures,
    };
  },

  async call(mod, work) {
    const createApp = exported<CreateApp>(mod, 'createApp');
    const app = createApp(work.services);
    for (const method of ['getConfig', 'getProfile', 'updateProfile', 'cacheSize'] as const) {
      if (typeof (app as unknown as Record<string, unknown> | undefined)?.[method] !== 'function') {
        throw new ExerciseShapeError(`createApp must return an object with a ${method}() method`);
      }
    }
    const { clock, stats, db } = work;

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

    /**
     * Counts the entries the cache holds, without taking cacheSize()'s word
     * for it: at one instant, ask for the settings and every profile the
     * database handed out within the last ttlMs (any entry a cache that keeps
     * the rules can hold). Each key answered without a query is an entry it
     * holds (or a query of its already on its way, which counts too). A miss
     * is answered at once and counted apart, so a probe costs no time and no
     * database reads.
     */
    const probe = async () => {
      const now = clock.now();
      const keys = [...stats.lastDelivery].filter(([, at]) => at > now - TTL_MS).map(([key]) => key);
      const missesBefore = stats.probeMisses;
      db.probing = true;
      const asked = keys.map((key) => {
        try {
          return Promise.resolve(key === 'config' ? app.getConfig() : app.getProfile(key.slice('profile:'.length)));
        } catch {
          return Promise.resolve();
        }
      });
      // Let the app reach the database for its misses (however many awaits
      // it takes first) before the probe ends: nothing else runs meanwhile,
      // as the wave is over and the next has not arrived.
      await clock.sleep(0);
      db.probing = false;
      const held = keys.length - (stats.probeMisses - missesBefore);
      stats.probedPeak = Math.max(stats.probedPeak, held);
      void Promise.allSettled(asked);
    };

    const responses: Response[] = [];
    for (let w = 0; w < work.waves.length; w++) {
      const wave = work.waves[w]!;
      const arrival = w * GAP_MS;
      const wait = arrival - clock.now();
      if (wait > 0) await clock.sleep(wait);
      if (wave.configEdit) db.setConfig(wave.configEdit, clock.now());
      if (wave.moderated) db.moderate(wave.moderated, clock.now());
      const answers = await Promise.all(
        wave.requests.map(async (request, index): Promise<Response> => {
          const configAskedAt = clock.now();
          const config = await attempt(async () => snapshot(await appRead(() => app.getConfig()), CONFIG_FIELDS));
          let updated: unknown;
          if (request.kind === 'edit') {
            updated = snapshot(await app.updateProfile(request.userId, { ...request.changes }), PROFILE_FIELDS);
            sampleSize();
          }
          const profileAskedAt = clock.now();
          const profile = await attempt(async () => snapshot(await appRead(() => app.getProfile(request.userId)), PROFILE_FIELDS));
          const profileAnsweredAt = clock.now();
          stats.responseMs.push(profileAnsweredAt - arrival);
          return {
            wave: w,
            index,
            configAskedAt,
            profileAskedAt,
            profileAnsweredAt,
            config: config.value,
            updated,
            profile: profile.value,
            ...(config.error === undefined ? {} : { configError: config.error }),
            ...(profile.error === undefined ? {} : { profileError: profile.error }),
          };
        }),
      );
      responses.push(...answers);
      sampleSize();
      if (wave.probe) await probe();
    }
    work.closeDb();

    const edited = new Set(work.waves.flatMap((w) => w.requests.filter((r) => r.kind === 'edit').map((r) => r.userId)));
    return {
      responses,
      configHistory: db.configHistory.map((v) => ({ ...v, value: { ...v.value } })),
      profileHistory: Object.fromEntries(
        [...db.profileHistory].map(([id, history]) => [id, history.map((v) => ({ ...v, value: { ...v.value } }))]),
      ),
      finalVersions: Object.fromEntries([...edited].map((id) => [id, db.profiles.get(id)!.version])),
      failures: work.failures.map((f) => ({ ...f })),
    };
  },

  counters(work) {
    const s = work.stats;
    return {
      dbReads: s.dbReads,
      duplicateReads: s.duplicateReads,
      hitRatio: s.appReads > 0 ? Math.round((1 - s.dbReads / s.appReads) * 1000) / 1000 : 0,
      peakCacheSize: s.probedPeak,
      reportedCacheSize: s.reportedPeak,
      p95ResponseMs: percentile(s.responseMs, 95),
    };
  },

  check(expected, actual, work) {
    if (actual.responses.length !== expected.responses.length) {
      return `the run answered ${actual.responses.length} requests, the baseline ${expected.responses.length}`;
    }
    // Every update reached the database, once.
    for (const [id, version] of Object.entries(expected.finalVersions)) {
      const got = actual.finalVersions[id];
      if (got !== version) {
        return `at the end of the run the database has version ${got ?? '?'} of user ${id}'s profile, the baseline's ${version}: ${got !== undefined && got < version ? 'an update never reached the database' : 'it was written more often than the user edited it'}.`;
      }
    }
    const leftOver = (what: string, value: unknown) =>
      `${what} this call's database never held (${show(value)}). Is it left over from an earlier call? Each call has a new database with new data under the same ids.`;

    for (let r = 0; r < expected.responses.length; r++) {
      const want = expected.responses[r]!;
      const got = actual.responses[r]!;
      const where = `wave ${want.wave + 1}, request ${want.index + 1}`;
      const id = work.waves[want.wave]!.requests[want.index]!.userId;

      // Settings: a version current during the read, or replaced less than ttlMs before it.
      const config = got.configError === undefined ? versionOf(actual.configHistory, got.config) : undefined;
      if (got.configError !== undefined) {
        const unfair = failedUnfairly(actual.failures, 'config', got.configAskedAt, `${where} called getConfig`, got.configError);
        if (unfair) return unfair;
      } else if (!config) {
        const c = got.config as Partial<SiteConfig> | null;
        return c !== null && typeof c === 'object' && typeof c.version === 'number'
          ? `${where}: getConfig returned ${leftOver('settings', c)}`
          : `${where}: getConfig returned ${show(got.config)}, the baseline ${show(want.config)}`;
      } else if (!servedFairly(config, got.configAskedAt, got.configAskedAt)) {
        const next = actual.configHistory[actual.configHistory.indexOf(config) + 1];
        return `${where} asked for the settings at ${ms(got.configAskedAt)} and you returned version ${config.value.version}, but an admin replaced it with version ${next?.value.version ?? '?'} at ${ms(config.to!)}, ${ms(got.configAskedAt - config.to!)} earlier. A cached answer may be at most ttlMs (${TTL_MS} ms) old.`;
      }

      // An edit: updateProfile answers with the row the database wrote.
      if (want.updated !== undefined && !matches(want.updated as object, got.updated)) {
        const difference = fieldDifference(want.updated as object, got.updated);
        return `${where}: updateProfile must answer with the profile as the database now has it; ${difference ?? 'it differs from the baseline'}`;
      }

      // The profile read.
      if (got.profileError !== undefined) {
        const unfair = failedUnfairly(actual.failures, `profile:${id}`, got.profileAskedAt, `${where} called getProfile("${id}")`, got.profileError);
        if (unfair) return unfair;
        continue;
      }
      // Absent when the baseline's own read failed; the history still says what was right.
      const wantProfile = (want.profileError === undefined ? want.profile : work.initialProfiles.get(id)) as Profile;
      const history = actual.profileHistory[id];
      if (want.updated !== undefined && want.profileError === undefined) {
        // Read-your-writes: exactly the version the user's update made.
        if (!matches(wantProfile, got.profile)) {
          const a = got.profile as Partial<Profile> | null;
          if (a && typeof a === 'object' && a.id === id && typeof a.version === 'number' && a.version < wantProfile.version) {
            return `${where}: user ${id} updated their profile and read it back, but you returned the copy from before the update (version ${a.version}; the database has version ${wantProfile.version}). A user must see their own update at once.`;
          }
          return `${where}, user ${id} read back their own update: ${fieldDifference(wantProfile, got.profile) ?? 'differs from the baseline'}`;
        }
        continue;
      }
      if (!history) {
        // A profile that never changed in this run has one right answer.
        if (!matches(wantProfile, got.profile)) {
          const initial = work.initialProfiles.get(id);
          const a = got.profile as Partial<Profile> | null;
          if (initial && a && typeof a === 'object' && a.id === id && !matches(initial, a)) {
            return `${where}: getProfile returned ${leftOver(`a profile of user ${id} that`, a)}`;
          }
          return `${where}, user ${id}'s profile: ${fieldDifference(wantProfile, got.profile) ?? 'differs from the baseline'}`;
        }
        continue;
      }
      const version = versionOf(history, got.profile);
      if (!version) {
        const a = got.profile as Partial<Profile> | null;
        return a && typeof a === 'object' && a.id === id
          ? `${where}: getProfile returned ${leftOver(`a profile of user ${id} that`, a)}`
          : `${where}, user ${id}'s profile: ${fieldDifference(wantProfile, got.profile) ?? 'differs from the baseline'}`;
      }
      if (!servedFairly(version, got.profileAskedAt, got.profileAnsweredAt)) {
        const next = history[history.indexOf(version) + 1]!;
        if (version.replacedBy === 'behind') {
          return `${where} read user ${id}'s profile at ${ms(got.profileAskedAt)} and you returned version ${version.value.version}, but a moderator changed it in the database (version ${next.value.version}) at ${ms(version.to!)}, ${ms(got.profileAskedAt - version.to!)} earlier. A cached answer may be at most ttlMs (${TTL_MS} ms) old.`;
        }
        return `${where} read user ${id}'s profile at ${ms(got.profileAskedAt)} and you returned version ${version.value.version}, but the user's own update made version ${next.value.version} at ${ms(version.to!)}. Once updateProfile has answered, every later getProfile must see the update.`;
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
        'At some moment your cache held more entries than maxEntries (100) allows, settings and profiles together. The size is measured, not asked: at a few moments the cache is asked for every key read within the last ttlMs, and each one it answers without a query is an entry it holds.',
    },
    {
      key: 'dbReads',
      label: 'database reads',
      better: 'lower',
      max: MAX_DB_READS,
      advice: 'Too many reads still reach the database: most requests ask the same few questions, and the cache answers too few of them.',
    },
    {
      key: 'duplicateReads',
      label: 'database reads of a key already being read',
      better: 'lower',
      max: 0,
      advice:
        'Several requests missed the same key at the same moment and each asked the database, although one query would have answered them all.',
    },
    { key: 'hitRatio', label: 'reads served without a query of their own (hit ratio)', better: 'higher' },
    { key: 'reportedCacheSize', label: 'largest size cacheSize() reported', unit: 'entries', better: 'lower' },
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
