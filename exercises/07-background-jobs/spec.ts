import { defineLesson, exported } from '../../src/core/lesson.ts';
import { SimulatedService } from '../../src/sim/service.ts';
import { createRng } from '../../src/core/rng.ts';
import { list, percentile, sealed, show as showValue, shuffled } from '../../src/kit/index.ts';
import type { Clock } from '../../src/core/clock.ts';
import type { Rng } from '../../src/core/rng.ts';
import type {
  AnalyticsEvent,
  SentEmail,
  SignUpJob,
  SignUpRequest,
  SignUpResponse,
  SignUpServices,
  User,
  WelcomeEmail,
  WorkerServices,
} from './types.ts';
import { ServiceError } from '../../src/core/service-error.ts';
import { recorderOf } from '../../src/core/trace.ts';

/** The timeline's lane of sign-ups, each from its request to its answer. */
const SIGNUP_LANE = 'sign-ups, until answered';

/**
 * 07-background-jobs: a burst of sign-ups. Each must store the user (the
 * critical write), send a welcome email through a slow provider that fails
 * now and then, and record an analytics event. The starter does all three
 * before it answers; the reference answers after the write and a queued job,
 * and its worker retries the email with backoff and an idempotency key.
 *
 * Time is virtual. Sign-ups arrive at seeded instants (about 25 a second, some
 * at once). A worker runs the learner's `handleJob` on queued jobs, up to
 * WORKER_CONCURRENCY at a time, from the start of the run. At a seeded
 * sign-up halfway through the burst (`deployAt`), a deploy starts a second web
 * process, which takes the sign-ups from there on; the first stops once it has
 * answered its own. When the last sign-up has answered, the web process
 * "restarts". A process that stops has every call it still had in flight cut
 * off (no side effect, no reply), and so is any call it makes afterwards. Each
 * web process and the worker has its own copy of the learner's module
 * (`context.load`), so nothing but the queue carries work between them. Then the run waits for the queue to drain, for at most
 * DRAIN_LIMIT_MS, and counts what each user got.
 *
 * What is measured: the metric is the p95 of the sign-up response times (the
 * time per call also includes the drain, which is not what the lesson
 * improves). Each sign-up's database latency and each email attempt's outcome
 * and latency are drawn in `prepare` and tied to the user's address and the
 * attempt's number, so they do not depend on the order or timing of the
 * learner's calls: the counters are deterministic, and the p95 limit exact.
 *
 * The rules (types.ts, the exercise and the prose), and what enforces each:
 * - signUp answers only once its user is stored, with that user's id, and
 *   never faster than the write: check() step 1. So no p95 can be below the
 *   limit (the p95 of the writes alone): a faster figure is a wrong answer.
 * - Work left in a web process's memory does not survive it, and never
 *   reaches the worker; a job whose enqueue resolved does: stopping a web
 *   process cuts off every call it had in flight, and check() names the cut
 *   calls.
 * - Jobs are plain data: enqueue stores JSON.
 * - The queue runs a job once; a handleJob that throws fails it for good.
 * - Every user gets exactly one welcome email, with their name and the
 *   'welcome' template: check() steps 3-5, counted by the provider.
 * - A 503 sent nothing; a timeout may or may not have sent the email. Every
 *   run has a first attempt that is refused, one that times out after
 *   sending, one that times out without sending, and three refusals in a row.
 * - The provider sends once per idempotency key, and refuses a key used for
 *   another address: counted by the provider.
 * - One user_signed_up event per user: check() step 6, counted by analytics.
 * - Only the write may delay the answer: the p95 gate and waitedCalls.
 * Every service the learner's code is handed is frozen (sealed), and every
 * count above is kept in the spec's own state, never reported by the code.
 *
 * What each mistake hits:
 * - work left running in the background instead of queued (`void send()`),
 *   or an enqueue not awaited: cut off by the restart, so users get no email
 *   (incorrect, naming them and the restart);
 * - no retry, too few attempts, or a handleJob that throws: users with no
 *   email (incorrect, naming them and the job's error). Every run has a user
 *   whose first attempt is a 503 and one whose first three attempts are;
 * - retries without a stable idempotency key: duplicates (incorrect, naming
 *   them). Every run has a user whose first attempt times out after sending;
 * - retrying the whole job, or tracking twice: analytics counts (incorrect);
 * - answering before the user is stored: incorrect;
 * - email or analytics still called by signUp, awaited or not: the gate on
 *   `waitedCalls`; awaited, they also miss the p95 gate.
 */

const WORKER_CONCURRENCY = 10;
/** Mean gap between arrivals: about 25 sign-ups a second. */
const MEAN_GAP_MS = 40;
/** How long the run waits for the queue to drain after the burst. */
const DRAIN_LIMIT_MS = 120_000;
/** The email client gives up after this long; the provider may have sent the email anyway. */
const EMAIL_TIMEOUT_MS = 1000;
/** Chance that an attempt fails, and the longest run of failures for one email. */
const FAIL_P = 0.2;
const MAX_FAILURE_RUN = 3;
/** The gate on the p95 response time: a stored user and a queued job take well under it. */
const P95_MAX_MS = 100;

const LATENCY = {
  insert: [15, 40],
  enqueue: [5, 12],
  emailSent: [200, 600],
  emailUnavailable: [50, 250],
  analytics: [30, 90],
} as const;

const FIRST = ['Ada', 'Bilal', 'Chen', 'Dara', 'Emeka', 'Farah', 'Greta', 'Hiro', 'Ines', 'Jun', 'Kofi', 'Lena', 'Mateo', 'Nadia', 'Omar', 'Priya', 'Rosa', 'Sven', 'Tariq', 'Vera'];
const LAST = ['Okafor', 'Lindqvist', 'Moreau', 'Tanaka', 'Novak', 'Haddad', 'Kowalski', 'Silva', 'Brennan', 'Osei', 'Rossi', 'Varga', 'Yilmaz', 'Dubois', 'Patel', 'Keane'];

/** `timeout`: no answer in time, though the email went out; `lost`: no answer, and nothing went out. */
type Outcome = 'sent' | 'unavailable' | 'timeout' | 'lost';

interface Attempt {
  outcome: Outcome;
  /** How long the caller waits for this attempt's answer or error. */
  ms: number;
}

interface Signup {
  /** 1-based, in order of arrival. */
  number: number;
  /** Virtual ms after the start of the run. */
  at: number;
  request: SignUpRequest;
  insertMs: number;
  /** Outcomes of this address's email attempts, in order; later attempts succeed. */
  attempts: Attempt[];
}

interface Delivery {
  to: string;
  name: unknown;
  template: unknown;
  key: string | undefined;
  at: number;
}

/** Everything that happened during one run. */
/** One web process: it serves sign-ups until a deploy replaces it. */
interface WebProcess {
  /** Once stopped, every call it had in flight or makes later is cut off. */
  stopped: boolean;
  /** Calls in flight: the ones stopping it cuts off. */
  inFlight: number;
}

interface State {
  /** Every sign-up has answered: the drain after the burst has begun. */
  burstOver: boolean;
  users: Map<string, User>;
  nextId: number;
  queue: SignUpJob[];
  active: number;
  /** Jobs that reached the queue, per user id. */
  jobsQueued: Map<string, number>;
  failedJobs: { userId: string; error: string }[];
  emailAttempts: Map<string, number>;
  /** Email attempts that were answered 503, or timed out. */
  refused: number;
  timedOut: number;
  keys: Map<string, { to: string; messageId: string }>;
  deliveries: Delivery[];
  events: Map<string, number>;
  strayEvents: string[];
  /** Email and analytics calls made by signUp (the web process). */
  waitedCalls: number;
  /** Web-process calls cut off by a deploy. */
  cutCalls: number;
  handleJob: ((job: SignUpJob, services: WorkerServices) => unknown) | undefined;
  drained: () => void;
}

interface Work {
  clock: Clock;
  signups: Signup[];
  state: State;
  /** Starts a web process: the services its sign-ups are handed, and its state. */
  webProcess: () => { process: WebProcess; services: SignUpServices };
  /** Where the burst's deploy falls: sign-ups from this one on reach the new web process. */
  deployAt: number;
  workerServices: WorkerServices;
  whenDrained: Promise<void>;
  /** Starts jobs while there is room, and notices when the queue has drained. */
  pump: () => void;
}

interface Answer {
  email: string;
  ms: number;
  /** What signUp answered as the user's id (anything: it is checked). */
  userId: unknown;
  /** The id the database held for this email when signUp answered. */
  storedId: string | undefined;
  error?: string;
}

interface Output {
  answers: Answer[];
  users: User[];
  /** Per sign-up (in arrival order): welcome emails delivered to its address. */
  welcomes: number[];
  /** Per sign-up: the idempotency keys of those deliveries. */
  welcomeKeys: (string | undefined)[][];
  /** A delivered welcome email whose greeting or template was wrong, the first one. */
  wrongEmail: { userId: string; name: unknown; template: unknown; want: string } | undefined;
  /** Deliveries to addresses that signed up in this run under no user. */
  strayEmails: string[];
  /** Per sign-up: its user's user_signed_up events. */
  events: number[];
  strayEvents: string[];
  jobsQueued: number[];
  /** Per sign-up: email attempts made for its address, by either process. */
  emailAttempts: number[];
  failedJobs: { userId: string; error: string }[];
  /** Email attempts answered 503, and timed out (for the details panel). */
  refused: number;
  timedOut: number;
  deliveries: number;
  jobs: number;
  cutCalls: number;
  /** Jobs still queued or running when the run stopped waiting. */
  unfinishedJobs: number;
  waitedCalls: number;
  p95Ms: number;
  lastEmailMs: number;
}

type SignUp = (request: SignUpRequest, services: SignUpServices) => Promise<SignUpResponse>;
type HandleJob = (job: SignUpJob, services: WorkerServices) => Promise<void>;

/** Thrown inside a web-process call that the restart cut off; never reaches the learner. */
const CUT = Symbol('cut off by the restart');
/** A reply that never comes: the process that was waiting for it is gone. */
const NEVER: Promise<never> = new Promise<never>(() => {});

class EmailUnavailableError extends ServiceError {
  constructor() {
    super('the email provider answered 503 Service Unavailable: nothing was sent, try again later');
    this.name = 'EmailUnavailableError';
  }
}

class EmailTimeoutError extends ServiceError {
  constructor() {
    super(`the email provider did not answer within ${EMAIL_TIMEOUT_MS} ms: the email may or may not have been sent`);
    this.name = 'EmailTimeoutError';
  }
}

class IdempotencyKeyReusedError extends ServiceError {
  constructor(key: string, to: string) {
    super(`the email provider answered 422: idempotency key ${JSON.stringify(key)} was already used for an email to ${to}`);
    this.name = 'IdempotencyKeyReusedError';
  }
}

function draw(rng: Rng, range: readonly [number, number]): number {
  return rng.int(range[0], range[1]);
}

function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

const show = (value: unknown): string => showValue(value);

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** The attempt plan for one email: a seeded run of failures, then success. */
function planAttempts(rng: Rng, failures: readonly Outcome[]): Attempt[] {
  const outcomes: Outcome[] = [...failures, 'sent', 'sent', 'sent', 'sent'];
  return outcomes.map((outcome) => ({
    outcome,
    ms:
      outcome === 'timeout' || outcome === 'lost'
        ? EMAIL_TIMEOUT_MS
        : draw(rng, outcome === 'sent' ? LATENCY.emailSent : LATENCY.emailUnavailable),
  }));
}

export default defineLesson<Work, Output>({
  slug: '07-background-jobs',
  timing: 'virtual',
  exports: ['signUp', 'handleJob'],
  timeline: {
    caption:
      'Each bar in the first lane is one sign-up, from its request to its answer; the other lanes hold the requests to services, from the moment each was sent to its reply, on simulated time. Look at which requests a sign-up waits for before it answers, in the baseline and in your code.',
  },
  size: 40,

  prepare({ rng, clock, size }) {
    // The sign-ups' own lane comes first on a traced call's timeline, above the services'.
    recorderOf(clock)?.declareLane(SIGNUP_LANE);
    // --- Workload: who signs up, when, and how each of their emails will go.
    // User ids continue from a seeded point in a small range, so the same ids
    // come back in later runs with other people behind them: anything a
    // candidate remembers about a user id between runs is wrong there.
    const firstId = 1000 + rng.int(0, 20);
    const usedEmails = new Set<string>();
    const signups: Signup[] = [];
    let at = 0;
    for (let i = 0; i < size; i++) {
      if (i > 0) at += Math.round(-Math.log(1 - rng.next()) * MEAN_GAP_MS);
      const first = rng.pick(FIRST);
      const last = rng.pick(LAST);
      let email = '';
      do email = `${first}.${last}${rng.int(1, 99)}@example.com`.toLowerCase();
      while (usedEmails.has(email));
      usedEmails.add(email);
      const failures: Outcome[] = [];
      while (failures.length < MAX_FAILURE_RUN && rng.next() < FAIL_P) {
        const roll = rng.next();
        failures.push(roll < 0.5 ? 'unavailable' : roll < 0.75 ? 'timeout' : 'lost');
      }
      const insertMs = draw(rng, LATENCY.insert);
      signups.push({
        number: i + 1,
        at,
        request: { email, name: `${first} ${last}` },
        insertMs,
        attempts: planAttempts(rng, failures),
      });
    }
    // Every run has the four cases a careless worker gets wrong: a first
    // attempt that times out after sending (retry without a key: duplicate),
    // one that times out without sending (a timeout taken for "sent": lost),
    // a first attempt that is refused (no retry: lost), and three refusals in
    // a row (three attempts are not enough: lost).
    const order = shuffled(
      rng,
      signups.map((s) => s.number - 1),
    );
    const forced: Outcome[][] = [['timeout'], ['lost'], ['unavailable'], ['unavailable', 'unavailable', 'unavailable']];
    forced.forEach((failures, k) => {
      const s = signups[order[k % order.length]!]!;
      s.attempts = planAttempts(rng, failures);
    });
    const byEmail = new Map(signups.map((s) => [s.request.email, s]));

    // --- Services.
    const insertApi = new SimulatedService({ name: 'database', clock, rng, latency: LATENCY.insert });
    const queueApi = new SimulatedService({ name: 'job queue', clock, rng, latency: LATENCY.enqueue });
    const emailApi = new SimulatedService({ name: 'email provider', clock, rng, latency: LATENCY.emailSent });
    const analyticsApi = new SimulatedService({ name: 'analytics API', clock, rng, latency: LATENCY.analytics });
    const workerRng = createRng(rng.int(1, 2 ** 31 - 1));

    let drained!: () => void;
    const whenDrained = new Promise<void>((resolve) => (drained = resolve));
    const state: State = {
      burstOver: false,
      users: new Map(),
      nextId: firstId,
      queue: [],
      active: 0,
      jobsQueued: new Map(),
      failedJobs: [],
      emailAttempts: new Map(),
      refused: 0,
      timedOut: 0,
      keys: new Map(),
      deliveries: [],
      events: new Map(),
      strayEvents: [],
      waitedCalls: 0,
      cutCalls: 0,
      handleJob: undefined,
      drained,
    };

    /**
     * A call made by a web process. Once that process is stopped it is cut
     * off: it has no effect and its promise never settles, as its process is
     * gone.
     */
    const fromWeb = <T>(web: WebProcess, start: () => Promise<T>): Promise<T> => {
      if (web.stopped) {
        state.cutCalls += 1;
        return NEVER;
      }
      web.inFlight += 1;
      return start().then(
        (value) => {
          web.inFlight -= 1;
          return value;
        },
        (error: unknown) => {
          // A call cut off by the deploy was counted when its process stopped.
          if (error === CUT) return NEVER;
          web.inFlight -= 1;
          throw error;
        },
      );
    };
    const alive = (web: WebProcess | undefined) => {
      if (web?.stopped) throw CUT;
    };

    const send = (message: WelcomeEmail, web: WebProcess | undefined): Promise<SentEmail> => {
      const m = message as Partial<WelcomeEmail> | null;
      if (m === null || typeof m !== 'object' || typeof m.to !== 'string') {
        return Promise.reject(new TypeError(`email.send takes { to, template: 'welcome', name, idempotencyKey }, not ${show(message)}`));
      }
      const to = m.to;
      const n = state.emailAttempts.get(to) ?? 0;
      state.emailAttempts.set(to, n + 1);
      const attempt = byEmail.get(to)?.attempts[n] ?? { outcome: 'sent' as const, ms: 400 };
      const key = m.idempotencyKey === undefined ? undefined : String(m.idempotencyKey);
      const copy: Delivery = { to, name: m.name, template: m.template, key, at: 0 };
      return emailApi.request((): SentEmail => {
        alive(web);
        if (attempt.outcome === 'unavailable') {
          state.refused += 1;
          throw new EmailUnavailableError();
        }
        if (attempt.outcome === 'lost') {
          state.timedOut += 1;
          throw new EmailTimeoutError();
        }
        let messageId: string;
        const known = key === undefined ? undefined : state.keys.get(key);
        if (known && known.to !== to) throw new IdempotencyKeyReusedError(key!, known.to);
        if (known) {
          messageId = known.messageId;
        } else {
          messageId = `msg_${state.deliveries.length + 1}`;
          state.deliveries.push({ ...copy, at: clock.now() });
          if (key !== undefined) state.keys.set(key, { to, messageId });
        }
        if (attempt.outcome === 'timeout') {
          state.timedOut += 1;
          throw new EmailTimeoutError();
        }
        return { messageId };
      }, attempt.ms);
    };

    const track = (event: AnalyticsEvent, web?: WebProcess): Promise<void> =>
      analyticsApi.request(() => {
        alive(web);
        const e = event as Partial<AnalyticsEvent> | null;
        if (e !== null && typeof e === 'object' && e.name === 'user_signed_up' && typeof e.userId === 'string') {
          state.events.set(e.userId, (state.events.get(e.userId) ?? 0) + 1);
        } else {
          state.strayEvents.push(show(event));
        }
      });

    const pump = () => {
      const handleJob = state.handleJob;
      while (handleJob && state.active < WORKER_CONCURRENCY && state.queue.length > 0) {
        const job = state.queue.shift()!;
        state.active += 1;
        Promise.resolve()
          .then(() => handleJob(job, workerServices))
          .catch((error: unknown) => {
            state.failedJobs.push({ userId: String((job as Partial<SignUpJob>)?.userId), error: describeError(error) });
          })
          .finally(() => {
            state.active -= 1;
            pump();
          });
      }
      if (state.burstOver && state.queue.length === 0 && state.active === 0) state.drained();
    };

    const webProcess = () => {
      const web: WebProcess = { stopped: false, inFlight: 0 };
      const services: SignUpServices = {
        db: {
          insertUser: (request) =>
            fromWeb(web, () => {
              const email = (request as Partial<SignUpRequest> | null)?.email;
              const name = (request as Partial<SignUpRequest> | null)?.name;
              return insertApi.request((): User => {
                alive(web);
                if (typeof email !== 'string' || typeof name !== 'string') {
                  throw new TypeError(`insertUser takes { email, name }, not ${show(request)}`);
                }
                if (state.users.has(email)) throw new Error(`the database already has a user with email ${email}`);
                const user: User = { id: `u${state.nextId++}`, email, name };
                state.users.set(email, user);
                return { ...user };
              }, typeof email === 'string' ? byEmail.get(email)?.insertMs : undefined);
            }),
        },
        queue: {
          enqueue: (job) =>
            fromWeb(web, () => {
              // Stored as JSON, as a real queue would: a job is data, not code.
              const text = JSON.stringify(job);
              if (text === undefined || typeof job !== 'object' || job === null) {
                return Promise.reject(new TypeError(`enqueue takes a job object ({ userId, email, name }), not ${show(job)}`));
              }
              return queueApi.request(() => {
                alive(web);
                const stored = JSON.parse(text) as SignUpJob;
                const userId = String(stored.userId);
                state.jobsQueued.set(userId, (state.jobsQueued.get(userId) ?? 0) + 1);
                state.queue.push(stored);
                pump();
              });
            }),
        },
        email: {
          send: (message) =>
            fromWeb(web, () => {
              state.waitedCalls += 1;
              return send(message, web);
            }),
        },
        analytics: {
          track: (event) =>
            fromWeb(web, () => {
              state.waitedCalls += 1;
              return track(event, web);
            }),
        },
      };
      // Frozen: the learner's code can call these, never replace or rewire them.
      return { process: web, services: sealed(services) };
    };

    const workerServices: WorkerServices = {
      email: { send: (message) => send(message, undefined) },
      analytics: { track: (event) => track(event) },
      sleep: (ms) => {
        const d = Number(ms);
        return clock.sleep(Number.isNaN(d) ? 0 : Math.min(Math.max(0, d), 10 * DRAIN_LIMIT_MS));
      },
      random: () => workerRng.next(),
    };

    // A deploy in the middle of the burst: a new web process takes the
    // sign-ups from here on, while the old one answers those it has, then stops.
    const n = signups.length;
    const deployAt = n < 2 ? n : Math.min(n - 1, Math.max(1, rng.int(Math.ceil(0.35 * n), Math.floor(0.65 * n))));
    return { clock, signups, state, webProcess, deployAt, workerServices: sealed(workerServices), whenDrained, pump };
  },

  async call(mod, work, context) {
    // Three processes, as in production, each started for this burst with a
    // copy of the module of its own: the web process the burst starts on, the
    // one a deploy replaces it with halfway through, and the worker. Only the
    // queue and the services connect them, and nothing carries over from an
    // earlier call.
    exported<SignUp>(mod, 'signUp');
    exported<HandleJob>(mod, 'handleJob');
    const signUps = [context.load(), context.load()].map((copy) => exported<SignUp>(copy, 'signUp'));
    const handleJob = exported<HandleJob>(context.load(), 'handleJob');
    const { clock, state } = work;
    const start = clock.now();
    const recorder = recorderOf(clock);
    const webs = [work.webProcess(), work.webProcess()];
    const stop = ({ process }: { process: WebProcess }) => {
      if (process.stopped) return;
      process.stopped = true;
      state.cutCalls += process.inFlight;
    };
    let oldUnanswered = Math.min(work.deployAt, work.signups.length);

    // The worker process is up from the start and picks jobs up as they come.
    state.handleJob = handleJob;

    // The burst: every sign-up at its own instant, answered whenever it is done.
    const answers = await Promise.all(
      work.signups.map(async (s, i): Promise<Answer> => {
        await clock.sleep(s.at);
        const began = clock.now();
        const gen = i < work.deployAt ? 0 : 1;
        let userId: unknown;
        let error: string | undefined;
        try {
          const response = await signUps[gen]!({ ...s.request }, webs[gen]!.services);
          userId = (response as Partial<SignUpResponse> | null)?.userId;
        } catch (e) {
          error = describeError(e);
        }
        // The old web process stops once it has answered every sign-up it took.
        if (gen === 0 && --oldUnanswered === 0) stop(webs[0]!);
        const answered = clock.now();
        recorder?.add({ lane: SIGNUP_LANE, label: `sign-up ${i + 1}${error ? ', failed' : ''}`, start: began, end: answered, kind: 'request' });
        return {
          email: s.request.email,
          ms: answered - began,
          userId,
          storedId: state.users.get(s.request.email)?.id,
          error,
        };
      }),
    );

    // After the burst the web process restarts, then the worker drains the queue.
    state.burstOver = true;
    webs.forEach(stop);
    work.pump();
    await Promise.race([work.whenDrained, clock.sleep(DRAIN_LIMIT_MS)]);

    const welcomesOf = (email: string) =>
      state.deliveries.filter((d) => d.to === email && d.template === 'welcome');
    const users = [...state.users.values()].map((u) => ({ ...u }));
    const userByEmail = new Map(users.map((u) => [u.email, u]));
    let wrongEmail: Output['wrongEmail'];
    for (const d of state.deliveries) {
      const user = userByEmail.get(d.to);
      if (user && (d.template !== 'welcome' || d.name !== user.name)) {
        wrongEmail = { userId: user.id, name: d.name, template: d.template, want: user.name };
        break;
      }
    }
    const idOf = (email: string) => userByEmail.get(email)?.id ?? '';
    const lastEmail = state.deliveries.reduce((t, d) => Math.max(t, d.at), start);
    return {
      answers,
      users,
      welcomes: work.signups.map((s) => welcomesOf(s.request.email).length),
      welcomeKeys: work.signups.map((s) => welcomesOf(s.request.email).map((d) => d.key)),
      wrongEmail,
      strayEmails: state.deliveries.filter((d) => !userByEmail.has(d.to)).map((d) => d.to),
      events: work.signups.map((s) => state.events.get(idOf(s.request.email)) ?? 0),
      strayEvents: [
        ...state.strayEvents,
        ...[...state.events.keys()].filter((id) => !users.some((u) => u.id === id)).map((id) => `user_signed_up for ${id}`),
      ],
      jobsQueued: work.signups.map((s) => state.jobsQueued.get(idOf(s.request.email)) ?? 0),
      emailAttempts: work.signups.map((s) => state.emailAttempts.get(s.request.email) ?? 0),
      failedJobs: state.failedJobs.map((f) => ({ ...f })),
      refused: state.refused,
      timedOut: state.timedOut,
      deliveries: state.deliveries.length,
      jobs: [...state.jobsQueued.values()].reduce((a, b) => a + b, 0),
      cutCalls: state.cutCalls,
      unfinishedJobs: state.queue.length + state.active,
      waitedCalls: state.waitedCalls,
      p95Ms: percentile(
        answers.map((a) => a.ms),
        95,
      ),
      lastEmailMs: Math.round(lastEmail - start),
    };
  },

  counters(_work, output) {
    return {
      p95Ms: output.p95Ms,
      waitedCalls: output.waitedCalls,
      lost: output.welcomes.filter((n) => n === 0).length,
      duplicated: output.welcomes.filter((n) => n > 1).length,
      lastEmailMs: output.lastEmailMs,
    };
  },

  details(_work, output) {
    const times = output.answers.map((a) => a.ms).sort((a, b) => a - b);
    const attempts = output.emailAttempts.reduce((a, b) => a + b, 0);
    const text = [
      `sign-ups answered: p50 ${percentile(times, 50)} ms, p95 ${percentile(times, 95)} ms, slowest ${times[times.length - 1] ?? 0} ms`,
      `calls signUp made to email and analytics: ${output.waitedCalls}`,
      `email attempts: ${attempts} (${output.refused} answered 503, ${output.timedOut} timed out); emails delivered: ${output.deliveries}`,
      `jobs queued: ${output.jobs}, failed: ${output.failedJobs.length}; last email out ${output.lastEmailMs} ms after the first sign-up arrived`,
    ].join('\n');
    // The latency curve: the share of sign-ups answered within each time.
    const series = times.map((ms, i) => ({ x: Math.round(((i + 1) / times.length) * 1000) / 10, y: ms }));
    return { text, series };
  },

  check(expected, actual, work) {
    const signups = work.signups;
    if (actual.answers.length !== signups.length) {
      return `the run answered ${actual.answers.length} sign-ups, the baseline ${expected.answers.length}`;
    }

    // 1. Every sign-up answered with the id of a user that was already stored.
    for (let i = 0; i < signups.length; i++) {
      const s = signups[i]!;
      const a = actual.answers[i]!;
      const who = `sign-up #${s.number} (${s.request.email})`;
      if (a.error !== undefined) return `${who} failed with ${a.error}; the baseline answered it`;
      if (a.storedId === undefined) {
        return `${who} answered before its user was stored. Storing the user is the one step the answer depends on.`;
      }
      // Times on the virtual clock carry a little floating-point error.
      if (a.ms < s.insertMs - 1e-6) {
        return `${who} answered in ${Math.round(a.ms * 10) / 10} ms, but storing its user takes ${s.insertMs} ms: no answer can come before the write.`;
      }
      if (a.userId !== a.storedId) {
        return `${who} answered userId ${show(a.userId)}, but the database stored the user as ${a.storedId}`;
      }
    }

    // 2. The queue drained.
    if (actual.unfinishedJobs > 0) {
      return `the queue had not drained ${DRAIN_LIMIT_MS / 60_000} minutes after the last sign-up: ${plural(actual.unfinishedJobs, 'job was', 'jobs were')} still queued or running. Wait with services.sleep (a setTimeout waits in real time, and this run's clock is simulated), keep the backoff to seconds, and make sure every job ends: is one waiting for something that never answers?`;
    }

    const idOf = (i: number) => actual.answers[i]!.storedId!;

    // 3. Nobody's welcome email was lost.
    const lost = signups.map((_, i) => i).filter((i) => actual.welcomes[i] === 0);
    if (lost.length > 0) {
      const ids = lost.map(idOf);
      const head = `after the queue drained, ${plural(lost.length, 'user', 'users')} never got their welcome email: ${list(ids)}`;
      const failed = lost
        .map((i) => actual.failedJobs.find((f) => f.userId === idOf(i)))
        .find((f) => f !== undefined);
      if (failed) {
        return `${head}. handleJob threw for ${failed.userId} (${failed.error}), and the queue runs each job once; the provider can fail 3 times in a row.`;
      }
      if (actual.cutCalls > 0 && lost.some((i) => actual.jobsQueued[i] === 0)) {
        return `${head}. ${plural(actual.cutCalls, 'call', 'calls')} that signUp left running in the background ${actual.cutCalls === 1 ? 'was' : 'were'} cut off when their web process stopped (a deploy replaced it halfway through the burst, and it restarted after the burst). Work that lives only in a process's memory dies with it.`;
      }
      if (lost.some((i) => actual.jobsQueued[i] === 0)) {
        return `${head}. No job was ever stored on the queue for ${list(lost.filter((i) => actual.jobsQueued[i] === 0).map(idOf), 3)}, and nothing else sent their email.`;
      }
      const untried = lost.filter((i) => actual.emailAttempts[i] === 0);
      if (untried.length > 0) {
        return `${head}. Their jobs were queued and ended without a single attempt to send ${untried.length === 1 ? 'it' : 'them'} (${list(untried.map(idOf), 3)}): every job must send its email.`;
      }
      const afterTimeout = lost.find((i) => work.signups[i]!.attempts[actual.emailAttempts[i]! - 1]?.outcome === 'lost');
      if (afterTimeout !== undefined) {
        return `${head}. The last attempt for ${idOf(afterTimeout)} timed out, and nothing tried again; this time the provider had not sent it. A timeout does not say whether the email went out.`;
      }
      return `${head}. Their last attempt failed and nothing tried again.`;
    }

    // 4. Nor sent twice.
    const dup = signups.map((_, i) => i).filter((i) => actual.welcomes[i]! > 1);
    if (dup.length > 0) {
      const ids = dup.map((i) => `${idOf(i)} (${actual.welcomes[i]})`);
      const head = `after the queue drained, ${plural(dup.length, 'user', 'users')} got their welcome email more than once: ${list(ids)}`;
      const many = dup.find((i) => actual.jobsQueued[i]! > 1);
      if (many !== undefined) {
        return `${head}. signUp queued ${actual.jobsQueued[many]} jobs for ${idOf(many)}, one sign-up.`;
      }
      const keys = actual.welcomeKeys[dup[0]!]!;
      if (keys.every((k) => k === undefined)) {
        return `${head}. An attempt that timed out may still have been sent, and the provider had no way to tell that the retry was the same email.`;
      }
      return `${head}: the attempts carried different idempotency keys (${list(keys.map((k) => show(k)), 3)}), and the provider sends once per key.`;
    }

    // 5. The right email, to the right people.
    if (actual.wrongEmail) {
      const w = actual.wrongEmail;
      return w.template !== 'welcome'
        ? `${w.userId} got an email with template ${show(w.template)}; it must be 'welcome'`
        : `${w.userId}'s welcome email greeted ${show(w.name)}, but the user's name is ${show(w.want)}`;
    }
    if (actual.strayEmails.length > 0) {
      return `${plural(actual.strayEmails.length, 'email went', 'emails went')} to addresses of no new user: ${list(actual.strayEmails.map((e) => show(e)), 3)}`;
    }

    // 6. Analytics: one user_signed_up per user.
    const miscounted = signups.map((_, i) => i).filter((i) => actual.events[i] !== 1);
    if (miscounted.length > 0 || actual.strayEvents.length > 0) {
      const total = actual.events.reduce((a, b) => a + b, 0);
      if (miscounted.length === 0) {
        return `analytics got events it should not have: ${list(actual.strayEvents, 3)}. The lesson's one event is { name: 'user_signed_up', userId }, once per new user.`;
      }
      const detail = list(miscounted.map((i) => `${idOf(i)} ${plural(actual.events[i]!, 'time', 'times')}`), 3);
      return `analytics counted ${total} sign-ups for ${signups.length} new users: ${detail}. Each user is counted once, however often a step is tried.`;
    }
    return null;
  },

  counterSpecs: [
    {
      key: 'p95Ms',
      label: 'sign-up response time, 95th percentile',
      unit: 'ms',
      better: 'lower',
      max: P95_MAX_MS,
      advice: 'Sign-ups still wait for slow work that their answer does not depend on.',
    },
    {
      key: 'waitedCalls',
      label: 'email and analytics calls made by signUp',
      better: 'lower',
      max: 0,
      advice:
        'signUp still calls the email or analytics API itself. Awaited, the user waits for it; not awaited, it dies with the web process.',
    },
    {
      key: 'lost',
      label: 'users who never got their welcome email',
      better: 'lower',
      max: 0,
      advice: 'Some welcome emails never went out: every attempt at them failed, or none was made.',
    },
    {
      key: 'duplicated',
      label: 'users who got their welcome email more than once',
      better: 'lower',
      max: 0,
      advice: 'Some users got the same welcome email twice: the provider could not tell a retry from a new email.',
    },
    { key: 'lastEmailMs', label: 'time until the last welcome email went out', unit: 'ms', better: 'lower' },
  ],

  chart: { kind: 'series', xLabel: 'share of sign-ups answered (%)', yLabel: 'response time (simulated ms)' },

  metric: { key: 'p95Ms', label: 'p95 sign-up response time', unit: 'simulated ms' },

  target: 10,

  limit(work) {
    return {
      ms: percentile(
        work.signups.map((s) => s.insertMs),
        95,
      ),
      label: 'the p95 of the database write alone: no sign-up can answer before its user is stored',
    };
  },
});
