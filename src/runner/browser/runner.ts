/**
 * The runner worker's entry: its life signs first (they must be in place
 * before the runner's modules load and evaluate), then the runner itself.
 */
import './life-signs.ts';
import './worker.ts';
