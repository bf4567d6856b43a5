/** What the sign-up form sends. */
export interface SignUpRequest {
  /** Unique per user, e.g. `"ada.okafor7@example.com"`. */
  email: string;
  /** Display name, e.g. `"Ada Okafor"`. */
  name: string;
}

/** What `signUp` answers once the user exists. */
export interface SignUpResponse {
  /** The id the database gave the new user. */
  userId: string;
}

/** A stored user, as the database returns it. */
export interface User {
  /** Given by the database, e.g. `"u1042"`. */
  id: string;
  email: string;
  name: string;
}

/**
 * The work of one sign-up that can happen after the response: what you put on
 * the queue, and what `handleJob` receives. Jobs are stored as JSON, so keep
 * them to plain data (no functions, promises or class instances).
 */
export interface SignUpJob {
  userId: string;
  email: string;
  name: string;
}

/** A welcome email, as the email provider's API takes it. */
export interface WelcomeEmail {
  /** The recipient's address. */
  to: string;
  template: 'welcome';
  /** The name the email greets. */
  name: string;
  /**
   * The provider sends at most one email per key, however many times it is
   * asked: a repeat with a key it has already sent answers as a success and
   * sends nothing. Use the same key on every attempt for the same email; a key
   * already used for another address is refused (HTTP 422).
   */
  idempotencyKey?: string;
}

/** The provider's answer to a successful send. */
export interface SentEmail {
  messageId: string;
}

/** The one analytics event of this exercise. */
export interface AnalyticsEvent {
  name: 'user_signed_up';
  userId: string;
}

/** The users table. */
export interface UsersDb {
  /**
   * Stores a new user and returns it with its id. Usually 15–40 ms. Rejects
   * an email that is already taken.
   */
  insertUser(request: SignUpRequest): Promise<User>;
}

/**
 * A durable job queue (think BullMQ on Redis). A job that `enqueue` has
 * stored survives a restart of the web process, and the worker runs
 * `handleJob` on it: up to 10 jobs at a time, in the order they came.
 *
 * Like BullMQ with `attempts: 1`, the worker runs each job once. When
 * `handleJob` throws, the job is moved to the failed list and nobody tries it
 * again: retrying is up to `handleJob`.
 */
export interface JobQueue {
  /** Stores a job. Usually 5–12 ms (one round trip to Redis). */
  enqueue(job: SignUpJob): Promise<void>;
}

/**
 * The email provider's API. A send usually takes 200–600 ms. About one
 * attempt in five fails, in one of two ways:
 *
 * - `EmailUnavailableError` (HTTP 503) after 50–250 ms: nothing was sent;
 * - `EmailTimeoutError` after 1000 ms: no answer came back in time, but the
 *   provider may well have sent the email.
 *
 * Failures come in short runs: the same email can fail up to 3 attempts in a
 * row, never 4.
 */
export interface EmailApi {
  send(email: WelcomeEmail): Promise<SentEmail>;
}

/** The analytics API. Usually 30–90 ms; it does not fail in this exercise. */
export interface Analytics {
  /** Records one event. Every call records one, repeats included. */
  track(event: AnalyticsEvent): Promise<void>;
}

/**
 * What the web process's `signUp` gets. Sign-ups arrive in a burst, several
 * at a time. Halfway through, a deploy starts a new web process, which takes
 * the sign-ups from then on; the old one answers the sign-ups it has, then
 * stops. When the burst is over, the web process restarts. A process that
 * stops cuts off whatever it was still doing in the background. Jobs already
 * on the queue are safe; the worker, a process of its own that shares no
 * memory with the web processes, then drains the queue.
 */
export interface SignUpServices {
  db: UsersDb;
  queue: JobQueue;
  email: EmailApi;
  analytics: Analytics;
}

/** What the worker process's `handleJob` gets. */
export interface WorkerServices {
  email: EmailApi;
  analytics: Analytics;
  /**
   * Waits `ms` milliseconds without blocking, on the exercise's simulated
   * clock (a `setTimeout` would wait in real time, and the run would stall).
   */
  sleep(ms: number): Promise<void>;
  /** Like `Math.random()`, but seeded, so every run of the exercise is repeatable. */
  random(): number;
}
