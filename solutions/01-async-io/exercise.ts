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
 * Both slow steps use the asynchronous variants: the read and the hash run
 * on the thread pool, and while this request awaits them the event loop is
 * free to start the other requests of the burst. The answers are the same.
 */
export async function handleLogin(req: LoginRequest, services: Services): Promise<LoginResponse> {
  let record: UserRecord;
  try {
    record = JSON.parse(await services.disk.readFile(`users/${req.username}.json`)) as UserRecord;
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return refused();
    throw error;
  }

  const hash = await services.crypto.pbkdf2(req.password, record.salt, record.iterations);
  if (!services.crypto.safeEqual(hash, record.hash)) return refused();

  return {
    status: 200,
    body: { username: record.username, displayName: record.displayName, role: record.role },
  };
}
