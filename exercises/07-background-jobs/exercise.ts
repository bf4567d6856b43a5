import type { SignUpJob, SignUpRequest, SignUpResponse, SignUpServices, User, WorkerServices } from './types';

/**
 * How many times to try an email before giving up. The provider never fails
 * 4 in a row.
 */
const MAX_ATTEMPTS = 5;

/**
 * Sends `user` their welcome email, trying again when an attempt fails.
 *
 * Every attempt carries the same idempotency key: when an attempt timed out
 * after the provider had in fact sent the email, the next attempt sends
 * nothing more, and the user gets one email, not two.
 */
async function sendWelcomeEmail(user: User, services: Pick<SignUpServices, 'email'>): Promise<void> {
  const idempotencyKey = `welcome-${user.id}`;
  for (let attempt = 1; ; attempt++) {
    try {
      await services.email.send({ to: user.email, template: 'welcome', name: user.name, idempotencyKey });
      return;
    } catch (error) {
      if (attempt >= MAX_ATTEMPTS) throw error;
      // Someone is staring at a spinner, so try again at once.
    }
  }
}

/**
 * Handles one sign-up: stores the user, sends the welcome email, records
 * the analytics event, and answers with the new user's id.
 *
 * It is correct: every user is stored, gets exactly one welcome email and
 * is counted once. But the person signing up waits for all of it. Which of
 * these steps must be done before they can be told "welcome"? How long does
 * the email take, and what happens to that wait when the provider has a bad
 * moment?
 */
export async function signUp(request: SignUpRequest, services: SignUpServices): Promise<SignUpResponse> {
  const user = await services.db.insertUser(request);
  await sendWelcomeEmail(user, services);
  await services.analytics.track({ name: 'user_signed_up', userId: user.id });
  return { userId: user.id };
}

/**
 * The worker process calls this once for every job on `services.queue`, up
 * to 10 at a time. The starter never puts a job on the queue, so it is
 * never called.
 *
 * If it throws, the job is moved to the failed list and never runs again.
 * Note that `services.sleep` is how to wait here: time in this exercise is
 * simulated.
 */
export async function handleJob(job: SignUpJob, services: WorkerServices): Promise<void> {
  // Nothing to do yet: signUp does everything itself, while the user waits.
}
