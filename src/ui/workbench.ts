import { countersOf, type RunResult } from '../core/result.ts';
import { loadComparisonSources } from '../lessons/sources.ts';
import type { RunHandle } from '../runner/controller.ts';
import type { ConsoleLevel } from '../runner/protocol.ts';
import { createExerciseEditor, showSolutionDiff } from './editor.ts';
import { mountRestore } from './restore.ts';
import { showNotice, showProgress, showResult } from './results.ts';
import { createRuntimeChoice } from './runtime-choice.ts';
import { prepareRunner } from './runner-ahead.ts';
import { createRunGuard, INTERRUPTED_NOTICE } from './run-guard.ts';
import { runToggle, showQuiet } from './run-controls.ts';
import { mountLineProfile } from './line-profile.ts';
import { comparePrediction, loadPrediction, savePrediction, type PredictSpec } from './predict.ts';
import { createLearnerStore } from './storage.ts';

/**
 * The lesson page's interactive half: editor, Run/Stop/Reset, hints, the
 * solution diff and the results panel. Learner code only ever runs in the
 * runtime, never on this thread, and only when the learner asks.
 */

export interface LessonData {
  slug: string;
  starter: string;
  types: string;
  predict?: PredictSpec;
}

const SAVE_DELAY_MS = 150;

export async function mountWorkbench(root: HTMLElement): Promise<void> {
  const data = JSON.parse(root.querySelector('script[type="application/json"]')!.textContent!) as LessonData;
  const store = createLearnerStore(localStorage);
  const q = <T extends HTMLElement>(selector: string) => root.querySelector<T>(selector)!;
  const runButton = q<HTMLButtonElement>('[data-action="run"]');
  const stopButton = q<HTMLButtonElement>('[data-action="stop"]');
  const resetButton = q<HTMLButtonElement>('[data-action="reset"]');
  const solutionButton = q<HTMLButtonElement>('[data-action="solution"]');
  const panel = q<HTMLElement>('[data-results]');
  const consoleBox = q<HTMLElement>('[data-console]');
  const consoleLines = q<HTMLElement>('[data-console] pre');
  const saveState = q<HTMLElement>('[data-save-state]');

  const saved = store.loadCode(data.slug);
  const editorBox = q<HTMLElement>('[data-editor]');
  editorBox.replaceChildren();
  const editor = createExerciseEditor(editorBox, saved ?? data.starter, data.types);
  // Where the code runs: the Web Worker at once; real Node too if a WebContainer boots.
  const terminal = q<HTMLElement>('[data-terminal]');
  const terminalText = q<HTMLElement>('[data-terminal] pre');
  const runtimes = createRuntimeChoice((chunk) => {
    terminal.hidden = false;
    terminalText.append(chunk);
  });
  const badge = q<HTMLElement>('[data-runtime]');
  const runtimeSwitch = q<HTMLSelectElement>('[data-runtime-switch]');
  // The runner gets ready while the learner reads (06 starts its database): the lesson's own
  // programs only. The learner's code goes to it only when Run is pressed.
  runtimes.onChange((state) => {
    if (!state.booting) setTimeout(() => void prepareRunner(runtimes.current(), data.slug), 0);
    const name = state.kind === 'webcontainer' ? 'Real Node (WebContainer)' : 'Web Worker';
    badge.textContent = `${name} · ${state.reason}`;
    badge.dataset.kind = state.kind;
    runtimeSwitch.hidden = !state.containerOffered;
    runtimeSwitch.disabled = state.booting;
    if (!state.booting) runtimeSwitch.value = state.kind;
  });
  runtimeSwitch.addEventListener('change', () => void runtimes.choose(runtimeSwitch.value as 'worker' | 'webcontainer'));
  const restore = mountRestore(root, { slug: data.slug, starter: data.starter, editor, store });

  let saveTimer: ReturnType<typeof setTimeout> | undefined;
  const saveNow = () => {
    if (saveTimer !== undefined) clearTimeout(saveTimer);
    saveTimer = undefined;
    const code = editor.getCode();
    // Keep storage free of untouched starters, so a new starter reaches learners who never edited.
    if (code === data.starter) store.forgetCode(data.slug);
    const ok = code === data.starter || store.saveCode(data.slug, code);
    saveState.textContent = ok ? 'Saved on this device' : 'Could not save: storage is full or disabled';
  };
  editor.onChange(() => {
    restore.update();
    saveState.textContent = 'Saving…';
    if (saveTimer !== undefined) clearTimeout(saveTimer);
    saveTimer = setTimeout(saveNow, SAVE_DELAY_MS);
  });
  window.addEventListener('pagehide', saveNow);

  // A page that died during a run (a memory bomb can take the tab with it) says so once, and runs nothing.
  const runGuard = createRunGuard(localStorage, data.slug);
  const status = q<HTMLElement>('[data-status]');
  if (runGuard.takeInterrupted()) {
    status.textContent = INTERRUPTED_NOTICE;
    status.dataset.notice = 'interrupted';
  }
  window.addEventListener('pagehide', () => {
    if (active) runGuard.end();
  });

  let active: RunHandle | undefined;
  const showConsole = (level: ConsoleLevel, text: string) => {
    consoleBox.hidden = false;
    consoleLines.append(`${level === 'log' ? '' : `[${level}] `}${text}\n`);
  };
  const setRunning = runToggle(root, runButton, stopButton);

  async function run(): Promise<void> {
    if (active) return;
    if (editor.getCode().trim() === '') {
      // Not a renamed export: there is nothing to run at all. Say so, and how to get code back.
      showNotice(panel, 'Your file is empty, so there is nothing to run. Reset brings back the starter code; Restore my code, your last version.');
      return;
    }
    saveNow();
    if (predictInput && predictInput.value.trim() !== String(prediction?.value ?? '')) keepGuess();
    restore.keep(editor.getCode(), 'run');
    setRunning(true);
    runGuard.begin();
    delete status.dataset.notice;
    editor.mark(undefined);
    editor.markHot(undefined);
    consoleLines.textContent = '';
    consoleBox.hidden = true;
    showProgress(panel, 'starting');
    panel.querySelector<HTMLElement>('[data-verdict]')!.hidden = true;
    let result: RunResult;
    try {
      const sources = await loadComparisonSources(data.slug);
      const runtime = runtimes.current();
      terminalText.textContent = '';
      active = runtime.run(
        { slug: data.slug, sources: { ...sources, candidate: editor.getCode() } },
        {
          onProgress: (p) => showProgress(panel, p),
          onQuiet: (quietMs) => showQuiet(status, quietMs),
          onConsole: showConsole,
        },
      );
      result = await active.result;
    } finally {
      active = undefined;
      runGuard.end();
      setRunning(false);
    }
    showResult(panel, result);
    profilePanel.offer(result);
    showPrediction(result);
    if (result.failure?.line !== undefined) {
      editor.mark({ line: result.failure.line, column: result.failure.column, message: result.message });
    }
    if (result.verdict === 'pass' || result.verdict === 'fail') {
      // The best run's counters and browser go into "Export my results" (src/instructor/).
      const progress = store.recordRun(data.slug, result.verdict === 'pass', result.speedup?.median, {
        counters: countersOf(result, 'candidate'),
        env: result.env,
        userAgent: navigator.userAgent,
      });
      document.querySelector('[data-lesson-status]')?.toggleAttribute('hidden', !progress.passed);
    }
  }

  // Where the time went: a profile run of its own, on request, after a run on a lesson timed for real.
  const profilePanel = mountLineProfile(q<HTMLElement>('[data-line-profile]'), {
    async start(onProgress) {
      if (active) return undefined;
      const sources = await loadComparisonSources(data.slug);
      if (active) return undefined;
      setRunning(true);
      runGuard.begin();
      consoleLines.textContent = '';
      consoleBox.hidden = true;
      const handle = runtimes.current().run(
        { slug: data.slug, sources: { ...sources, candidate: editor.getCode() }, profileLines: true },
        { onProgress, onConsole: showConsole },
      );
      active = handle;
      void handle.result.finally(() => {
        active = undefined;
        runGuard.end();
        setRunning(false);
      });
      return handle;
    },
    markEditor: (lines) => editor.markHot(lines),
    revealLine: (line) => editor.revealLine(line),
    markProblem: (problem) => editor.mark(problem),
  });

  // Predict, then measure: the guess is kept as it is made, and shown beside each run's figure.
  const predictForm = root.querySelector<HTMLFormElement>('[data-predict]');
  const predictInput = predictForm?.querySelector('input');
  const predictSaved = predictForm?.querySelector<HTMLElement>('[data-predict-saved]');
  let prediction = data.predict ? loadPrediction(localStorage, data.slug) : undefined;
  if (predictInput && prediction) predictInput.value = String(prediction.value);
  const keepGuess = () => {
    prediction = savePrediction(localStorage, data.slug, data.predict!, predictInput!.value);
    predictSaved!.textContent = prediction ? 'Kept. Run to compare.' : predictInput!.value.trim() === '' ? '' : 'No guess kept: write a number, such as 3.';
  };
  predictForm?.addEventListener('submit', (event) => {
    event.preventDefault();
    keepGuess();
  });
  // A guess written and never "kept" still counts: it is kept when the field is left, and when Run is pressed.
  predictInput?.addEventListener('change', keepGuess);
  const predictResult = panel.querySelector<HTMLElement>('[data-predict-result]')!;
  const showPrediction = (result: RunResult) => {
    const text = data.predict && prediction ? comparePrediction(data.predict, prediction, result) : undefined;
    predictResult.textContent = text ?? '';
    predictResult.hidden = text === undefined;
  };

  editor.onRun(() => void run());
  runButton.addEventListener('click', () => void run());
  stopButton.addEventListener('click', () => active?.stop());
  resetButton.addEventListener('click', () => {
    restore.keep(editor.getCode(), 'reset');
    editor.replaceCode(data.starter);
    editor.mark(undefined);
    editor.focus();
  });
  window.addEventListener('keydown', (event) => {
    if ((event.ctrlKey || event.metaKey) && event.key === 'Enter') {
      event.preventDefault();
      void run();
    }
  });

  // Hints: one more each click.
  const hints = [...root.querySelectorAll<HTMLElement>('[data-hint]')];
  const hintButton = q<HTMLButtonElement>('[data-action="hint"]');
  const updateHintButton = () => {
    const shown = hints.filter((h) => !h.hidden).length;
    hintButton.disabled = shown === hints.length;
    hintButton.textContent = shown === hints.length ? 'No more hints' : `Hint ${shown + 1} of ${hints.length}`;
  };
  hintButton.addEventListener('click', () => {
    hints.find((h) => h.hidden)?.removeAttribute('hidden');
    q<HTMLElement>('[data-hints]').hidden = false;
    updateHintButton();
  });
  updateHintButton();

  // The learner's code beside the baseline in the playground, where more versions can join them.
  q<HTMLButtonElement>('[data-action="playground"]').addEventListener('click', async () => {
    saveNow();
    const [{ baseline }, { encodeLink }, { lessonPlayground }] = await Promise.all([
      loadComparisonSources(data.slug),
      import('../playground/link.ts'),
      import('../playground/template.ts'),
    ]);
    const title = document.querySelector('h1')?.textContent?.trim() ?? data.slug;
    location.assign(`/playground/?from=${data.slug}${encodeLink(lessonPlayground(data.slug, title, baseline, editor.getCode()))}`);
  });

  // The reference solution, only on request, as a diff against the learner's code.
  const dialog = q<HTMLDialogElement>('dialog[data-solution]');
  let diff: { dispose(): void } | undefined;
  solutionButton.addEventListener('click', async () => {
    const { reference } = await loadComparisonSources(data.slug);
    dialog.showModal();
    diff?.dispose();
    diff = showSolutionDiff(q<HTMLElement>('[data-diff]'), editor.getCode(), reference);
  });
  dialog.addEventListener('close', () => {
    diff?.dispose();
    diff = undefined;
  });

  setRunning(false);
  root.dataset.ready = 'true';
}
