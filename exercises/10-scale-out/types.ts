/** One HTTP request reaching the load balancer. */
export interface HttpRequest {
  /** Unique within a call, e.g. `"r0042"`. */
  id: string;
  method: 'GET';
  /**
   * What is asked for. Most requests are product pages (`"/products/p123"`);
   * a few are CSV exports (`"/exports/orders.csv?month=2026-03"`).
   */
  path: string;
  /** Who asked, e.g. `"u1234"`. */
  user: string;
}

/**
 * One replica of the API server, as the load balancer sees it. Every replica
 * runs the same stateless code and serves one request at a time; requests sent
 * to a busy replica wait in its queue, first come first served.
 */
export interface Replica {
  /** Its name, e.g. `"api-7f3c9"`. Replicas come and go: a new call gets new ones. */
  readonly name: string;
  /**
   * Requests sent to this replica and not answered yet, at this very moment:
   * the one it is serving plus those waiting in its queue. 0 means idle.
   */
  readonly outstanding: number;
}

/** What `createBalancer` returns: it decides where each request goes. */
export interface Balancer {
  /**
   * Called once for every request, the moment it arrives, in arrival order.
   * Returns one of the replicas `createBalancer` was given (the object itself,
   * not its index), right away: the request joins that replica's queue.
   */
  pick(request: HttpRequest): Replica;
}

/**
 * A pool of real threads (Web Workers in the browser, worker_threads in Node),
 * each with its own copy of your module.
 */
export interface ThreadPool {
  /** How many threads the pool has: one per core it could use. */
  readonly size: number;
  /**
   * Runs your module's export `name` with `args` on one of the pool's threads
   * (the one with the fewest tasks waiting) and resolves with what it returns.
   * Arguments and results are copied between threads, so pass plain data
   * (numbers, strings, arrays, plain objects), not functions.
   */
  run<T = unknown>(name: string, ...args: unknown[]): Promise<T>;
}
