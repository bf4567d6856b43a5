/** What one version of the feature served during one minute. */
export interface VersionStats {
  /** Requests it served. */
  requests: number;
  /** Of those, requests that failed (HTTP 5xx). */
  errors: number;
}

/** One metrics report: a minute of traffic, split by the version that served it. */
export interface Report {
  /** Which minute of the release this was: 1 for the first. */
  minute: number;
  /** The percentage in force during that minute. */
  percentage: number;
  /** The version everyone had before the release. */
  old: VersionStats;
  /** The version being rolled out. */
  new: VersionStats;
}

/**
 * A release in progress: a new version of one feature, behind the flag
 * `flag`. Traffic flows the whole time: every request is served by the new
 * version when your `isEnabled(flag, userId, percentage)` says so, and by the
 * old one otherwise. The release window lasts 60 simulated minutes; the
 * percentage in force when it closes stays.
 */
export interface Release {
  /** The flag's name, e.g. `"new-checkout"`. */
  readonly flag: string;
  /** The percentage of users (0 to 100) who get the new version now. Starts at 0. */
  readonly percentage: number;
  /** Whole minutes left in the release window (60 at the start). */
  readonly minutesLeft: number;
  /**
   * Gives the new version to `percentage` percent of users (0 to 100), from
   * now on. Going down takes users back to the old version: 0 is a rollback.
   */
  setPercentage(percentage: number): void;
  /**
   * Waits for the next metrics report. The metrics pipeline reports once a
   * minute, so this resolves at the end of the current minute with what each
   * version served during it. After the window closes it never resolves.
   */
  observe(): Promise<Report>;
}
