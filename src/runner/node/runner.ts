/**
 * The verify command's worker entry: the heartbeat first (it must beat while
 * the runner's modules load and evaluate), then the runner itself.
 */
import './life-signs.ts';
import './worker.ts';
