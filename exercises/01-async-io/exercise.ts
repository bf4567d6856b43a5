import type { LoginRequest, LoginResponse, Services, UserRecord } from './types';

/**
 * The same answer for an unknown user and a wrong password, so neither is
 * revealed.
 */
function refused(): LoginResponse {
  return { status: 401, body: { error: 'invalid username or password' } };
}

/**
 * Handles one login: reads the user's record from disk, hashes the password
 * it was given with the record's salt, and compares the result with the
 * stored hash.
 *
 * The server calls it for a burst of 50 logins arriving at once. It is
 * correct, yet the last user in the burst waits seconds for an answer.
 *
 * Its function is `async`, but look at what happens inside: while
 * `readFileSync` or `pbkdf2Sync` runs, can any other request make progress?
 * Each service also offers a variant that does its work off the event loop.
 * The answers (status and body, for every user) must stay exactly the same.
 */
export async function handleLogin(req: LoginRequest, services: Services): Promise<LoginResponse> {
  let record: UserRecord;
  try {
    record = JSON.parse(services.disk.readFileSync(`users/${req.username}.json`)) as UserRecord;
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return refused();
    throw error;
  }

  const hash = services.crypto.pbkdf2Sync(req.password, record.salt, record.iterations);
  if (!services.crypto.safeEqual(hash, record.hash)) return refused();

  return {
    status: 200,
    body: { username: record.username, displayName: record.displayName, role: record.role },
  };
}
