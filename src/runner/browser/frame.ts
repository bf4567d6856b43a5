import type { WorkerPort, ContextExit } from '../controller.ts';
import type { HostMessage, WorkerMessage } from '../protocol.ts';
import { bootstrapScript } from './module-worker.ts';
import { frameDocument, type FromFrame, type PortTraffic, type ToFrame } from './frame-document.ts';
import fetchRelayUrl from './fetch-relay.ts?worker&url';

/**
 * Runner workers started in a frame of their own, so that code which fills
 * the memory ends the frame's process and not the page's.
 *
 * Chromium runs a dedicated worker in its page's process, and a worker that
 * runs out of memory takes that whole process down: the tab dies, the editor
 * with it. A sandboxed frame without `allow-same-origin` has an opaque origin,
 * and Chromium gives such frames a process apart from their parent's. Its
 * death shows only as silence: the frame stops answering the page's pings,
 * and every worker in it is reported ended (`crashed`).
 *
 * A sandboxed frame is not controlled by the site's service worker and uses
 * no HTTP cache, so its workers fetch everything through a worker of the
 * page's (page-fetch.ts, fetch-relay.ts): their modules (bootstrapScript in
 * module-worker.ts) and the lesson's files (06's database). That works
 * offline, from the page's caches. Where a worker still does not load (a
 * file missing from the caches offline, a page that hangs), it is started in
 * the page instead, and so is every later one: the run still works, only
 * without this protection.
 */

/** How often the page asks the frame whether it is still there, while workers live in it. */
const PING_EVERY_MS = 250;
/**
 * A ping unanswered this long: the frame's process is gone. Its thread runs
 * no learner code and answers at once, so only a crash keeps it silent; the
 * margin is for a machine so loaded that a message waits.
 */
const DEAD_AFTER_MS = 1_500;

interface RunnerFrame {
  element: HTMLIFrameElement;
  ready: Promise<Window>;
  /** Workers living in it, told when it dies. */
  ports: Set<FramedPort>;
}

interface FramedPort {
  died(): void;
}

let current: RunnerFrame | undefined;
/** Set once a worker could not load in a frame; from then on workers start in the page. */
let framesFail = false;

function openFrame(): RunnerFrame {
  const element = document.createElement('iframe');
  element.sandbox.add('allow-scripts');
  // Keeps the 5 µs timer and SharedArrayBuffer in the frame, as in the page.
  element.allow = 'cross-origin-isolated';
  element.title = 'Lesson runner';
  element.hidden = true;
  element.setAttribute('aria-hidden', 'true');
  element.tabIndex = -1;
  element.srcdoc = frameDocument();
  const frame: RunnerFrame = { element, ready: undefined as unknown as Promise<Window>, ports: new Set() };
  frame.ready = new Promise((resolve) => {
    const onReady = (event: MessageEvent<FromFrame>) => {
      if (event.source !== element.contentWindow || event.data?.type !== 'ready') return;
      removeEventListener('message', onReady);
      resolve(element.contentWindow as Window);
      watch(frame);
    };
    addEventListener('message', onReady);
  });
  document.body.append(element);
  return frame;
}

/** Pings the frame while it has workers; a ping left unanswered means it died. */
function watch(frame: RunnerFrame): void {
  let pinged: { id: number; at: number } | undefined;
  let nextId = 0;
  const onPong = (event: MessageEvent<FromFrame>) => {
    if (event.source === frame.element.contentWindow && event.data?.type === 'pong' && event.data.id === pinged?.id) pinged = undefined;
  };
  addEventListener('message', onPong);
  const timer = setInterval(() => {
    if (frame.ports.size === 0) {
      pinged = undefined;
      return;
    }
    const now = performance.now();
    if (pinged && now - pinged.at >= DEAD_AFTER_MS) {
      clearInterval(timer);
      removeEventListener('message', onPong);
      bury(frame);
      return;
    }
    if (!pinged) {
      pinged = { id: nextId++, at: now };
      frame.element.contentWindow?.postMessage({ type: 'ping', id: pinged.id } satisfies ToFrame, '*');
    }
  }, PING_EVERY_MS);
}

function bury(frame: RunnerFrame): void {
  if (current === frame) current = undefined;
  frame.element.remove();
  for (const port of frame.ports) port.died();
  frame.ports.clear();
}

/** What a worker started in the frame tells the one who started it. */
interface FrameWorkerEvents {
  message(data: unknown): void;
  error(message: string): void;
  /** The frame's process is gone, and the worker with it. */
  died(): void;
}

let fetchRelay: Worker | undefined;

/** A port to the page's fetch relay, for one worker in the frame. */
function fetchRelayPort(): MessagePort {
  fetchRelay ??= new Worker(new URL(fetchRelayUrl, import.meta.url), { type: 'module', name: 'fetch-relay' });
  const channel = new MessageChannel();
  fetchRelay.postMessage(null, [channel.port1]);
  return channel.port2;
}

/** Starts one worker in the runner frame (opening it if need be); its messages go to `events`. */
function spawnInFrame(url: URL, name: string, events: FrameWorkerEvents): { post(message: HostMessage): void; terminate(): void } {
  const frame = (current ??= openFrame());
  const channel = new MessageChannel();
  const port = channel.port1;
  let ended = false;
  const toFrame = (traffic: PortTraffic) => port.postMessage(traffic);
  const end = () => {
    ended = true;
    frame.ports.delete(framed);
    port.close();
  };
  const framed: FramedPort = {
    died() {
      if (ended) return;
      end();
      events.died();
    },
  };
  frame.ports.add(framed);

  port.addEventListener('message', (event: MessageEvent<PortTraffic>) => {
    const traffic = event.data;
    if (traffic.kind === 'message') events.message(traffic.data);
    else if (traffic.kind === 'error') events.error(traffic.message);
  });
  // Where the browser closes a port whose other side is gone, that says the same sooner than the pings.
  port.addEventListener('close', () => framed.died());
  port.start();
  void frame.ready.then((target) => {
    if (!ended) target.postMessage({ type: 'spawn', script: bootstrapScript(url), name } satisfies ToFrame, '*', [channel.port2, fetchRelayPort()]);
  });
  return {
    post: (message) => !ended && toFrame({ kind: 'post', data: message }),
    terminate() {
      if (ended) return;
      toFrame({ kind: 'terminate' });
      end();
    },
  };
}

/** A worker in the frame that has not said a word by then is started in the page instead (a fetch that hangs). */
const LOAD_TIMEOUT_MS = 5_000;

/**
 * Starts the module worker at `url` in the runner frame, or in the page where
 * frames cannot load it (`inPage` starts it there).
 *
 * Until the learner's code is sent (`start`), the worker holds only the
 * lesson's own programs, so it can be started again elsewhere with what was
 * sent to it: in the page if it does not load, in a new frame if its frame
 * died (a run before it filled the memory of the process they shared).
 * After that, the frame's death is the run's: `crashed`.
 */
export function startFramedWorker(url: URL, name: string, inPage: () => WorkerPort): WorkerPort {
  if (framesFail || typeof document === 'undefined') return inPage();

  const messageListeners: ((message: WorkerMessage) => void)[] = [];
  const errorListeners: ((message: string) => void)[] = [];
  const exitListeners: ((exit: ContextExit) => void)[] = [];
  /** Everything sent so far, for a worker started again (only ever before the learner's code). */
  const sent: HostMessage[] = [];
  let learnerCodeSent = false;
  let loaded = false;
  let exit: ContextExit | undefined;
  let inFrame: ReturnType<typeof spawnInFrame> | undefined;
  let fallback: WorkerPort | undefined;
  let loadTimer: ReturnType<typeof setTimeout> | undefined;
  /** Frames this worker was started in; one that keeps dying is given up for the page. */
  let frames = 0;

  /** The frame could not load the worker: this one and every later one run in the page. */
  const moveToPage = () => {
    framesFail = true;
    clearTimeout(loadTimer);
    inFrame?.terminate();
    inFrame = undefined;
    fallback = inPage();
    for (const listener of messageListeners) fallback.onMessage(listener);
    for (const listener of errorListeners) fallback.onError(listener);
    for (const listener of exitListeners) fallback.onExit?.(listener);
    for (const message of sent) fallback.post(message);
  };

  const startInFrame = () => {
    if (++frames > 3) return moveToPage();
    loaded = false;
    inFrame = spawnInFrame(url, name, {
      message(data) {
        loaded = true;
        clearTimeout(loadTimer);
        for (const listener of messageListeners) listener(data as WorkerMessage);
      },
      error(message) {
        if (!loaded) moveToPage();
        else for (const listener of errorListeners) listener(message);
      },
      died() {
        inFrame = undefined;
        if (!learnerCodeSent) return startInFrame();
        clearTimeout(loadTimer);
        exit = { reason: 'crashed' };
        for (const listener of exitListeners) listener(exit);
      },
    });
    for (const message of sent) inFrame.post(message);
    clearTimeout(loadTimer);
    loadTimer = setTimeout(() => !loaded && !exit && moveToPage(), LOAD_TIMEOUT_MS);
  };
  startInFrame();

  return {
    post(message) {
      if (fallback) return fallback.post(message);
      if (message.type === 'start') learnerCodeSent = true;
      sent.push(message);
      inFrame?.post(message);
    },
    onMessage: (listener) => (fallback ? fallback.onMessage(listener) : messageListeners.push(listener)),
    onError: (listener) => (fallback ? fallback.onError(listener) : errorListeners.push(listener)),
    onExit(listener) {
      if (fallback) return fallback.onExit?.(listener);
      exitListeners.push(listener);
      if (exit) listener(exit);
    },
    terminate() {
      clearTimeout(loadTimer);
      if (fallback) return fallback.terminate();
      inFrame?.terminate();
      inFrame = undefined;
    },
  };
}
