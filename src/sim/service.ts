import type { Clock } from '../core/clock.ts';
import type { Rng } from '../core/rng.ts';
import { ServiceError } from '../core/service-error.ts';
import { recorderOf } from '../core/trace.ts';

/**
 * A simulated remote dependency (HTTP API, database, cache…) for exercises. It
 * spends seeded, realistic latency on the lesson's clock and counts what a
 * performance engineer would look at: calls, requests in flight, rejections.
 * Latencies stay at 5 ms or more: browsers clamp nested timers to about 4 ms.
 */
export interface ServiceOptions {
  name: string;
  clock: Clock;
  rng: Rng;
  /** Latency range in milliseconds, drawn uniformly per request. */
  latency: readonly [min: number, max: number];
  /** Requests beyond this many in flight are rejected, as a rate-limited API would. */
  maxInFlight?: number;
}

export class OverloadError extends ServiceError {
  constructor(service: string, inFlight: number, limit: number) {
    super(`${service} rejected a request: ${inFlight} requests were in flight, its limit is ${limit}`);
    this.name = 'OverloadError';
  }
}

export class SimulatedService {
  calls = 0;
  inFlight = 0;
  peakInFlight = 0;
  /** Like peakInFlight, but counting rejected requests too: how hard the caller pushed. */
  peakAttempted = 0;
  rejected = 0;
  readonly name: string;
  private readonly options: ServiceOptions;

  constructor(options: ServiceOptions) {
    this.options = options;
    this.name = options.name;
    recorderOf(options.clock)?.declareLane(options.name);
  }

  /** Draws the latency of the next request; callers may pass their own instead. */
  nextLatency(): number {
    const [min, max] = this.options.latency;
    return this.options.rng.int(min, max);
  }

  /**
   * Waits one round trip, then answers with `produce()`. The answer is computed
   * when the reply arrives, so it sees any writes that landed meanwhile.
   * `what` names the request on a traced call's timeline ("get p17").
   */
  async request<T>(produce: () => T, latencyMs = this.nextLatency(), what = this.name): Promise<T> {
    const { clock } = this.options;
    const recorder = recorderOf(clock);
    this.calls += 1;
    const limit = this.options.maxInFlight;
    this.peakAttempted = Math.max(this.peakAttempted, this.inFlight + 1);
    if (limit !== undefined && this.inFlight + 1 > limit) {
      this.rejected += 1;
      const at = recorder ? clock.now() : 0;
      recorder?.add({ lane: this.name, label: what, start: at, end: at, kind: 'rejected' });
      throw new OverloadError(this.name, this.inFlight + 1, limit);
    }
    this.inFlight += 1;
    this.peakInFlight = Math.max(this.peakInFlight, this.inFlight);
    // Read after the work before it was charged (sleep charges it too): the request leaves then.
    const sent = recorder ? clock.now() : 0;
    try {
      await clock.sleep(latencyMs);
      return produce();
    } finally {
      this.inFlight -= 1;
      recorder?.add({ lane: this.name, label: what, start: sent, end: clock.now(), kind: 'request' });
    }
  }
}
