import type { Progress } from '../../core/measure.ts';
import type { RunResult } from '../../core/result.ts';
import { PLAYGROUND_TYPES } from '../../playground/editor-types.ts';
import { formatPlayground, parsePlayground, PlaygroundFormatError, type PlaygroundFile } from '../../playground/file.ts';
import { decodeLink, encodeLink } from '../../playground/link.ts';
import { resultsMarkdown } from '../../playground/markdown.ts';
import type { PlaygroundReport } from '../../playground/report.ts';
import { machineLabel, shareResults, type SharedResults } from '../../playground/shared-results.ts';
import { blankPlayground } from '../../playground/template.ts';
import { startPlayground } from '../../playground/start.ts';
import { createWorkerRuntime } from '../../runner/browser/runtime.ts';
import { PLAYGROUND_SLUG } from '../../runner/protocol.ts';
import type { RunHandle } from '../../runner/controller.ts';
import { createRunGuard, INTERRUPTED_NOTICE } from '../run-guard.ts';
import { runToggle, showQuiet } from '../run-controls.ts';
import { createPlaygroundStore } from './saved.ts';

/**
 * The playground page: what it opens with (a link, the draft, or the first
 * example), Run and Stop, sharing, files and the saved list. Snippets run
 * only in the runner's worker, and only when Run is pressed; a link opens
 * with its code shown and nothing run.
 */

interface PageData {
  examples: { id: string; title: string; text: string }[];
}

const SAVE_DELAY_MS = 300;
const LESSON_TYPES = import.meta.glob<string>('/exercises/*/types.ts', { query: '?raw', import: 'default' });

export async function mountPlayground(root: HTMLElement): Promise<void> {
  const data = JSON.parse(root.querySelector('script[type="application/json"]')!.textContent!) as PageData;
  const q = <T extends HTMLElement>(selector: string) => root.querySelector<T>(selector)!;
  const message = q<HTMLElement>('[data-message]');
  const say = (text: string, kind: 'info' | 'problem' = 'info') => {
    message.textContent = text;
    message.dataset.kind = kind;
  };
  const store = createPlaygroundStore(localStorage);
  const examples = data.examples.map((e) => ({ ...e, file: parsePlayground(e.text) }));

  // What the page opens with. A link wins; a link that cannot be read says why and opens an empty playground.
  const opened = decodeLink(location.hash);
  let shared: SharedResults[] = [];
  let initial: PlaygroundFile;
  if (opened.ok === true) {
    keepDraftAside();
    initial = opened.file;
    shared = opened.results;
    say('Opened from a link. Nothing has run yet: read the code, then press Run to measure it on this device.');
  } else if (opened.ok === false) {
    keepDraftAside();
    initial = blankPlayground();
    say(`${opened.message} An empty playground is open instead.`, 'problem');
  } else {
    const draft = store.loadDraft();
    initial = draft ?? examples[0]?.file ?? blankPlayground();
    if (!draft && examples[0]) say(`The example "${examples[0].title}" is open. Nothing has run yet: press Run, or choose another example.`);
  }
  const fromLesson = new URLSearchParams(location.search).get('from');
  if (opened.ok === true && opened.file.options.lesson && fromLesson === opened.file.options.lesson) {
    say(`Your code from lesson ${fromLesson}, beside its baseline. Nothing has run yet: press Run, or add a version of your own first.`);
  }
  // The link is now the draft: a reload keeps the user's edits instead of opening the link again.
  if (opened.ok !== 'empty' || fromLesson) history.replaceState(null, '', location.pathname);

  const { allowUntypedParameters, setEditorTypes } = await import('../editor.ts');
  allowUntypedParameters();
  /** What `import type … from './types'` means in the editors: a lesson's own types, or the setup's. */
  const useTypesOf = async (file: PlaygroundFile) => {
    const lessonTypes = file.options.lesson ? await LESSON_TYPES[`/exercises/${file.options.lesson}/types.ts`]?.() : undefined;
    setEditorTypes(lessonTypes ?? PLAYGROUND_TYPES, 'playground/');
  };
  await useTypesOf(initial);
  const { mountParts } = await import('./parts.ts');
  const { showReport, showShared } = await import('./report-view.ts');
  const parts = mountParts(root);
  /** The playground as it was opened, read back from the editors: what "edited" is measured against. */
  let openedAs = '';
  const load = (file: PlaygroundFile) => {
    parts.load(file);
    const read = parts.read();
    openedAs = read.ok ? formatPlayground(read.file) : '';
  };
  load(initial);
  store.saveDraft(initial);

  const runtime = createWorkerRuntime();
  runtime.prepare?.(PLAYGROUND_SLUG, { baseline: '' });
  const cores = navigator.hardwareConcurrency || undefined;
  const sharedSection = q<HTMLElement>('[data-shared]');
  showShared(sharedSection, shared);

  // Saved as it is edited, so a reload in the middle of an edit loses nothing.
  const saveState = q<HTMLElement>('[data-save-state]');
  let saveTimer: ReturnType<typeof setTimeout> | undefined;
  const saveDraft = () => {
    if (saveTimer !== undefined) clearTimeout(saveTimer);
    saveTimer = undefined;
    const read = parts.read();
    if (!read.ok) {
      saveState.textContent = '';
      return;
    }
    saveState.textContent = store.saveDraft(read.file) ? 'Saved on this device' : 'Could not save: storage is full or disabled';
  };
  parts.onChange(() => {
    saveState.textContent = 'Saving…';
    if (saveTimer !== undefined) clearTimeout(saveTimer);
    saveTimer = setTimeout(saveDraft, SAVE_DELAY_MS);
  });
  window.addEventListener('pagehide', saveDraft);

  /** Before a link replaces the draft, the draft goes to the saved list, so opening a link loses nothing. */
  function keepDraftAside(): void {
    const draft = store.loadDraft();
    if (!draft || examples.some((e) => formatPlayground(e.file) === formatPlayground(draft))) return;
    store.save(draft.options.title ? `${draft.options.title} (before a link replaced it)` : 'Before a link replaced it', draft);
  }

  // Runs.
  const runButton = q<HTMLButtonElement>('[data-action="run"]');
  const stopButton = q<HTMLButtonElement>('[data-action="stop"]');
  const panel = q<HTMLElement>('[data-results-panel]');
  const status = q<HTMLElement>('[data-status]');
  const bar = panel.querySelector('progress')!;
  const consoleBox = q<HTMLElement>('[data-console]');
  const consoleLines = consoleBox.querySelector('pre')!;
  const runGuard = createRunGuard(localStorage, PLAYGROUND_SLUG);
  if (runGuard.takeInterrupted()) say(INTERRUPTED_NOTICE, 'problem');
  let active: RunHandle | undefined;
  let last: { report: PlaygroundReport; label: string } | undefined;

  const setRunning = runToggle(root, runButton, stopButton);

  let pair: { snippet: string; baseline: string } | undefined;
  const showProgress = (progress: Progress | 'starting') => {
    bar.hidden = false;
    status.textContent = describe(progress);
    if (progress !== 'starting' && (progress.phase === 'checking' || progress.phase === 'measuring')) {
      bar.max = progress.of;
      bar.value = progress.phase === 'checking' ? progress.input : progress.round;
    } else {
      bar.removeAttribute('value');
    }
  };
  const describe = (progress: Progress | 'starting'): string => {
    if (progress === 'starting') return 'Starting the runner…';
    const who = (side: string) => (side === 'candidate' ? pair?.snippet : pair?.baseline) ?? side;
    switch (progress.phase) {
      case 'comparing':
        pair = progress;
        return `Comparing ${progress.snippet} with ${progress.baseline} (${progress.index} of ${progress.of})…`;
      case 'checking':
        return `${pair?.snippet} and ${pair?.baseline}: comparing answers, input ${progress.input} of ${progress.of}…`;
      case 'warming':
        return pair ? `Warming up ${who(progress.side)}…` : 'Warming up every snippet, untimed…';
      case 'measuring':
        return `Timing ${pair?.snippet} against ${pair?.baseline}: round ${progress.round} of at most ${progress.of}…`;
      case 'growth':
        return `Timing every snippet at n = ${progress.size.toLocaleString('en')}…`;
      default:
        return 'Measuring…';
    }
  };

  async function run(): Promise<void> {
    if (active) return;
    const read = parts.read();
    if (!read.ok) {
      say(read.message, 'problem');
      return;
    }
    saveDraft();
    say('');
    parts.mark(undefined);
    consoleLines.textContent = '';
    consoleBox.hidden = true;
    q('[data-report]').hidden = true;
    pair = undefined;
    setRunning(true);
    runGuard.begin();
    showProgress('starting');
    // On a phone the results are below every editor: bring them into view, or Run seems to do nothing.
    if (matchMedia('(max-width: 900px)').matches) panel.scrollIntoView({ block: 'start' });
    let result: RunResult;
    try {
      const env = { runtime: 'worker' as const, version: navigator.userAgent, crossOriginIsolated: globalThis.crossOriginIsolated ?? false, timerTickMs: 0 };
      active = startPlayground(
        read.file,
        (request, handlers) => runtime.run(request, handlers),
        {
          onProgress: showProgress,
          onQuiet: (quietMs) => showQuiet(status, quietMs),
          onConsole: (level, text) => {
            consoleBox.hidden = false;
            consoleLines.append(`${level === 'log' ? '' : `[${level}] `}${text}\n`);
          },
        },
        { env },
      );
      result = await active.result;
    } finally {
      active = undefined;
      runGuard.end();
      setRunning(false);
    }
    bar.hidden = true;
    if (result.playground) {
      status.textContent = '';
      last = { report: result.playground, label: machineLabel(result.playground, cores) };
      showReport(panel, last.report, last.label);
      showShared(sharedSection, shared, last);
      return;
    }
    // Set by the progress handler as the run moved from pair to pair.
    const lastPair = pair as { snippet: string; baseline: string } | undefined;
    const during = lastPair && (result.failure?.kind === 'timeout' || result.failure?.kind === 'stopped' || /memory/.test(result.message)) ? ` (It happened while ${lastPair.snippet} was measured against ${lastPair.baseline}.)` : '';
    status.textContent = capitalise(result.message) + during;
    status.dataset.kind = 'problem';
    const failure = result.failure;
    if (failure?.part !== undefined && failure.line !== undefined) parts.mark({ part: failure.part, line: failure.line, column: failure.column, message: result.message });
  }

  runButton.addEventListener('click', () => void run());
  parts.onRun(() => void run());
  stopButton.addEventListener('click', () => active?.stop());
  window.addEventListener('keydown', (event) => {
    if ((event.ctrlKey || event.metaKey) && event.key === 'Enter') {
      event.preventDefault();
      void run();
    }
  });

  // A link pasted into the address bar of this page changes only its fragment: it opens like a link from outside.
  window.addEventListener('hashchange', () => {
    const next = decodeLink(location.hash);
    if (next.ok === 'empty' || active) return;
    history.replaceState(null, '', location.pathname + location.search);
    keepIfEdited();
    if (next.ok === false) return open(blankPlayground(), `${next.message} An empty playground is open instead.`, 'problem');
    open(next.file, 'Opened from a link. Nothing has run yet: read the code, then press Run to measure it on this device.', 'info', next.results);
  });

  // Examples, a new playground, files.
  const open = (file: PlaygroundFile, note: string, kind: 'info' | 'problem' = 'info', withResults: SharedResults[] = []) => {
    if (active) return;
    shared = withResults;
    showShared(sharedSection, shared);
    void useTypesOf(file);
    load(file);
    store.saveDraft(file);
    q('[data-report]').hidden = true;
    status.textContent = 'Press Run (or Ctrl/Cmd+Enter) to compare the snippets.';
    delete status.dataset.kind;
    say(note, kind);
  };
  const exampleMenu = q<HTMLSelectElement>('[data-examples]');
  q('[data-action="open-example"]').addEventListener('click', () => {
    const example = examples.find((e) => e.id === exampleMenu.value);
    if (!example) return say('Choose an example in the menu first.', 'problem');
    keepIfEdited();
    open(example.file, `Opened the example "${example.title}". Nothing has run yet: press Run.`);
  });
  q('[data-action="new"]').addEventListener('click', () => {
    keepIfEdited();
    open(blankPlayground(), 'A new playground: write the setup, then the snippets.');
  });
  /** Replacing the code the user wrote keeps it in the saved list first. */
  function keepIfEdited(): void {
    const read = parts.read();
    if (!read.ok) return;
    const text = formatPlayground(read.file);
    // Unchanged since it was opened, or already saved: nothing to keep.
    if (text === openedAs || store.list().some((entry) => formatPlayground(entry.file) === text)) return;
    store.save(read.file.options.title || 'Untitled playground', read.file);
    renderSaved();
  }

  const fileInput = q<HTMLInputElement>('[data-open-file]');
  fileInput.addEventListener('change', async () => {
    const chosen = fileInput.files?.[0];
    fileInput.value = '';
    if (!chosen) return;
    if (chosen.size > 300_000) {
      say(`"${chosen.name}" is ${Math.round(chosen.size / 1000)} kB, larger than any playground file: choose a file saved by "Download as file".`, 'problem');
      return;
    }
    try {
      const file = parsePlayground(await chosen.text());
      keepIfEdited();
      open(file, `Opened "${chosen.name}". Nothing has run yet: press Run.`);
    } catch (error) {
      if (!(error instanceof PlaygroundFormatError)) throw error;
      say(`"${chosen.name}" could not be opened: ${error.message}. Nothing was changed.`, 'problem');
    }
  });

  q('[data-action="download"]').addEventListener('click', () => {
    const read = parts.read();
    if (!read.ok) return say(read.message, 'problem');
    const blob = new Blob([formatPlayground(read.file)], { type: 'text/plain' });
    const link = document.createElement('a');
    link.href = URL.createObjectURL(blob);
    link.download = `${slugOf(read.file.options.title) || 'playground'}.ts`;
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 1000);
    say(`Downloaded ${link.download}. Run it in a terminal with: npm run bench -- ${link.download}`);
  });

  // Sharing: the link holds the whole playground (and, if asked, the results) in its fragment.
  const shareUrl = (file: PlaygroundFile, withResults: boolean) =>
    `${location.origin}${location.pathname}${encodeLink(file, withResults && last ? [...shared.slice(0, 6), shareResults(last.report, cores)] : [])}`;
  q('[data-action="share"]').addEventListener('click', async () => {
    const read = parts.read();
    if (!read.ok) return say(read.message, 'problem');
    const url = shareUrl(read.file, false);
    say((await copy(url)) ? `Link copied (${url.length.toLocaleString('en')} characters). It holds the code itself: no server keeps anything.` : `Copy this link: ${url}`);
  });
  q('[data-action="copy-results"]').addEventListener('click', async () => {
    const read = parts.read();
    if (!last || !read.ok) return;
    const withLink = q<HTMLInputElement>('[data-copy-link]').checked;
    const text = resultsMarkdown(last.report, last.label, withLink ? shareUrl(read.file, true) : undefined);
    say((await copy(text)) ? 'Results copied as a Markdown table.' : 'The clipboard refused: select the table and copy it instead.');
  });

  // Saved on this device.
  const savedList = q<HTMLOListElement>('[data-saved-list]');
  const saveName = q<HTMLInputElement>('[data-save-name]');
  function renderSaved(): void {
    const entries = store.list();
    savedList.replaceChildren(
      ...(entries.length === 0
        ? [Object.assign(document.createElement('li'), { textContent: 'Nothing saved yet.' })]
        : entries.map((entry) => {
            const item = document.createElement('li');
            const openButton = Object.assign(document.createElement('button'), { type: 'button', textContent: entry.name });
            openButton.addEventListener('click', () => {
              keepIfEdited();
              open(entry.file, `Opened "${entry.name}".`);
            });
            const when = Object.assign(document.createElement('span'), { className: 'pg-when', textContent: ` ${new Date(entry.savedAt).toLocaleString('en')} ` });
            const remove = Object.assign(document.createElement('button'), { type: 'button', textContent: 'Delete' });
            remove.setAttribute('aria-label', `Delete ${entry.name}`);
            remove.addEventListener('click', () => {
              store.remove(entry.id);
              renderSaved();
            });
            item.append(openButton, when, remove);
            return item;
          })),
    );
  }
  q<HTMLFormElement>('[data-save-form]').addEventListener('submit', (event) => {
    event.preventDefault();
    const read = parts.read();
    if (!read.ok) return say(read.message, 'problem');
    const name = saveName.value.trim() || read.file.options.title || 'Untitled playground';
    say(store.save(name, read.file) ? `Saved as "${name}" on this device.` : 'Could not save: storage is full or disabled.', 'info');
    renderSaved();
  });
  renderSaved();

  setRunning(false);
  root.dataset.ready = 'true';
}

async function copy(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

function slugOf(title: string): string {
  return title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60);
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
