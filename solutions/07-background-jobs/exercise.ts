import type { SignUpJob, SignUpRequest, SignUpResponse, SignUpServices, User, WorkerServices } from './types';

/**
 * How many times to try an email before giving up. The provider never fails
 * 4 in a row.
 */
const MAX_ATTEMPTS = 5;
/**
 * The wait before the first retry; it doubles with every failed attempt, up
 * to MAX_DELAY_MS.
 */
const BASE_DELAY_MS = 200;
const MAX_DELAY_MS = 5000;

/**
 * Sends `user` their welcome email, trying again when an attempt fails.
 *
 * Every attempt carries the same idempotency key: when an attempt timed out
 * after the provider had in fact sent the email, the next attempt sends
 * nothing more, and the user gets one email, not two.
 *
 * Nobody is waiting for it any more, so it backs off between attempts: 200,
 * 400, 800 ms… each time between half and all of that (the jitter), so that
 * jobs that failed together do not all retry at the same instant.
 */
async function sendWelcomeEmail(user: User, services: Pick<WorkerServices, 'email' | 'sleep' | 'random'>): Promise<void> {
  const idempotencyKey = `welcome-${user.id}`;
  for (let attempt = 1; ; attempt++) {
    try {
      await services.email.send({ to: user.email, template: 'welcome', name: user.name, idempotencyKey });
      return;
    } catch (error) {
      if (attempt >= MAX_ATTEMPTS) throw error;
      const delay = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** (attempt - 1));
      await services.sleep(delay / 2 + services.random() * (delay / 2));
    }
  }
}

/**
 * Handles one sign-up: stores the user (the one step the answer depends
 * on), puts the rest on the queue, and answers with the new user's id.
 *
 * The enqueue is awaited: once it has resolved, the job is stored and
 * survives a restart of this process. A promise left running in the
 * background would not.
 */
export async function signUp(request: SignUpRequest, services: SignUpServices): Promise<SignUpResponse> {
  const user = await services.db.insertUser(request);
  await services.queue.enqueue({ userId: user.id, email: user.email, name: user.name });
  return { userId: user.id };
}

/**
 * The worker process calls this once for every job on `services.queue`, up
 * to 10 at a time: the welcome email, retried until it goes through, then
 * the analytics event. Only the send is retried: retrying the whole job
 * would repeat the steps that had already succeeded.
 */
export async function handleJob(job: SignUpJob, services: WorkerServices): Promise<void> {
  const user: User = { id: job.userId, email: job.email, name: job.name };
  await sendWelcomeEmail(user, services);
  await services.analytics.track({ name: 'user_signed_up', userId: user.id });
}
