import type { Balancer, HttpRequest, Replica, ThreadPool } from './types';

/**
 * Part (a): the load balancer in front of the API's replicas.
 *
 * Least outstanding requests: each request goes to the replica with the
 * fewest requests in hand right now, so a replica stuck on a slow export
 * stops getting new work until it catches up. Ties (several idle replicas,
 * say) are broken round-robin, starting after the replica picked last, so
 * the work is shared evenly instead of always landing on the first.
 */
export function createBalancer(replicas: readonly Replica[]): Balancer {
  let next = 0;
  return {
    pick(request: HttpRequest): Replica {
      let best = next;
      for (let k = 1; k < replicas.length; k++) {
        const i = (next + k) % replicas.length;
        if (replicas[i]!.outstanding < replicas[best]!.outstanding) best = i;
      }
      next = (best + 1) % replicas.length;
      return replicas[best]!;
    },
  };
}

/**
 * Part (b), CPU-bound work: counts the primes p with from <= p < to.
 * A pure function of its arguments, so it can run on any thread.
 */
export function countPrimes(from: number, to: number): number {
  let count = 0;
  for (let n = Math.max(from, 2); n < to; n++) {
    if (isPrime(n)) count += 1;
  }
  return count;
}

function isPrime(n: number): boolean {
  if (n < 4) return n >= 2;
  if (n % 2 === 0) return false;
  for (let d = 3; d * d <= n; d += 2) {
    if (n % d === 0) return false;
  }
  return true;
}

/**
 * Part (b): the number of primes below `limit`.
 *
 * The range is cut into several chunks per thread, all sent to the pool at
 * once, and their counts are added up. The pool hands the chunks to its
 * threads in turn, so with many small chunks each thread gets a similar mix
 * of cheap (small numbers) and expensive (large numbers) ones; with one
 * chunk per thread, the thread with the top of the range would finish last
 * while the others idle. Chunks cover from <= n < to: none overlap and none
 * is missed.
 */
export async function countAllPrimes(limit: number, pool: ThreadPool): Promise<number> {
  const step = Math.ceil(limit / (pool.size * 8));
  const chunks: Promise<number>[] = [];
  for (let from = 0; from < limit; from += step) {
    chunks.push(pool.run<number>('countPrimes', from, Math.min(from + step, limit)));
  }
  const counts = await Promise.all(chunks);
  return counts.reduce((sum, n) => sum + n, 0);
}
