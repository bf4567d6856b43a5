/**
 * node scripts/run-request.ts < request.json
 *
 * Runs one RunRequest (JSON on stdin) in the Node runtime, as the verify
 * command does, and prints its RunResult as JSON. For tests that grade many
 * candidates and want each run in a process of its own (scripts/fixtures.spec.ts).
 */
import { text } from 'node:stream/consumers';
import type { RunRequest } from '../src/runner/protocol.ts';
import { runInNode } from '../src/runner/node/runtime.ts';

const request = JSON.parse(await text(process.stdin)) as RunRequest;
const result = await runInNode(request).result;
process.stdout.write(JSON.stringify(result));
