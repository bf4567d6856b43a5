/** One login attempt, as the handler receives it. */
export interface LoginRequest {
  /** e.g. `"ada"`. It may belong to nobody. */
  username: string;
  /** What the user typed, in plain text. */
  password: string;
}

/** What a successful login answers with. */
export interface LoginSuccess {
  username: string;
  /** e.g. `"Ada Okafor"`. */
  displayName: string;
  /** e.g. `"editor"`. */
  role: string;
}

/** What a refused login answers with: the same for an unknown user and a wrong password. */
export interface LoginFailure {
  error: string;
}

/** The handler's answer: what `handleLogin` returns. */
export type LoginResponse =
  | { status: 200; body: LoginSuccess }
  | { status: 401; body: LoginFailure };

/**
 * A user's record, stored as JSON in `users/<username>.json`. It holds no
 * password, only a salted PBKDF2 hash of it.
 */
export interface UserRecord {
  username: string;
  displayName: string;
  role: string;
  /** Random, per user, in hex. */
  salt: string;
  /** PBKDF2 iterations used when this password was set (older accounts have fewer). */
  iterations: number;
  /** The derived key in hex: `pbkdf2(password, salt, iterations)`. */
  hash: string;
}

/**
 * The disk. A read takes 5–15 ms. A missing file fails with an error whose
 * `code` is `"ENOENT"`, as in Node.
 */
export interface Disk {
  /**
   * Like `fs.readFileSync`: returns the file's text, and holds the thread for
   * the whole read. Nothing else in the process runs meanwhile.
   */
  readFileSync(path: string): string;
  /**
   * Like `readFile` from `fs/promises`: the read runs on the thread pool and
   * the event loop stays free; the promise resolves with the file's text.
   */
  readFile(path: string): Promise<string>;
}

/**
 * Password hashing. PBKDF2 is slow on purpose: about 30 ms for 120,000
 * iterations, 150 ms for 600,000.
 */
export interface PasswordCrypto {
  /**
   * Like `crypto.pbkdf2Sync`: returns the derived key in hex, and holds the
   * thread while it computes. Nothing else in the process runs meanwhile.
   */
  pbkdf2Sync(password: string, salt: string, iterations: number): string;
  /**
   * Like `crypto.pbkdf2` (promisified): the same key, computed on the thread
   * pool while the event loop stays free.
   */
  pbkdf2(password: string, salt: string, iterations: number): Promise<string>;
  /** Compares two hex keys in constant time, like `crypto.timingSafeEqual`. False if either is not a string. */
  safeEqual(a: string, b: string): boolean;
}

/**
 * What the server gives every request. The asynchronous variants share one
 * thread pool of 4 threads, as Node's libuv pool does by default.
 */
export interface Services {
  disk: Disk;
  crypto: PasswordCrypto;
}
