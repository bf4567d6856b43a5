import * as monaco from 'monaco-editor';
import EditorWorker from 'monaco-editor/editor/editor.worker.js?worker';
import TsWorker from 'monaco-editor/language/typescript/ts.worker.js?worker';
// Monaco's own TypeScript colouring (no worker), for the editor until it is first used.
// @ts-expect-error: Monaco ships this module without type declarations.
import { conf as tsConf, language as tsLanguage } from 'monaco-editor/languages/definitions/typescript/typescript.js';
import { currentScheme, onSchemeChange, type Scheme } from './theme.ts';

/**
 * The Monaco editor, set up for one exercise file. Everything is bundled with
 * the site (no CDN), so the editor works on a conference network or none.
 */

self.MonacoEnvironment = {
  getWorker: (_id: string, label: string) =>
    label === 'typescript' || label === 'javascript' ? new TsWorker() : new EditorWorker(),
};

const ts = monaco.typescript;

ts.typescriptDefaults.setCompilerOptions({
  target: ts.ScriptTarget.ESNext,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.NodeJs,
  strict: true,
  noEmit: true,
  allowNonTsExtensions: true,
  lib: ['esnext', 'webworker'],
});

/**
 * TypeScript's checking and completion run in a 7 MB worker. The editor opens
 * with the same colours but without it, and switches to full TypeScript the
 * first time the learner puts the cursor in it, so a learner who only reads
 * never downloads it.
 */
const UNTOUCHED = 'typescript-untouched';
monaco.languages.register({ id: UNTOUCHED });
monaco.languages.setMonarchTokensProvider(UNTOUCHED, tsLanguage as monaco.languages.IMonarchLanguage);
monaco.languages.setLanguageConfiguration(UNTOUCHED, tsConf as monaco.languages.LanguageConfiguration);

// Monaco's dark theme, with comments bright enough to read (its own green is under 4.5:1 on its background).
monaco.editor.defineTheme('workshop-dark', { base: 'vs-dark', inherit: true, rules: [{ token: 'comment', foreground: '8cc47e' }], colors: {} });
// Monaco's light theme fades code that is never used to 2/3 opacity, under 4.5:1 on white; this fades it less.
monaco.editor.defineTheme('workshop-light', { base: 'vs', inherit: true, rules: [], colors: { 'editorUnnecessaryCode.opacity': '#000000cc' } });

// One theme for every editor on the page (the exercise and the solution diff), following the page's.
const monacoTheme = (scheme: Scheme) => (scheme === 'dark' ? 'workshop-dark' : 'workshop-light');
onSchemeChange((scheme) => monaco.editor.setTheme(monacoTheme(scheme)));

/**
 * Every file on the page to full TypeScript at once: a snippet that imports
 * from './setup' only resolves once the setup's file is in TypeScript's
 * project too.
 */
function useFullTypeScript(): void {
  for (const model of monaco.editor.getModels()) if (model.getLanguageId() === UNTOUCHED) monaco.editor.setModelLanguage(model, 'typescript');
}

/** Parameters without types are allowed (the playground's snippets may be plain JavaScript); lessons keep TypeScript's strict default. */
export function allowUntypedParameters(): void {
  ts.typescriptDefaults.setCompilerOptions({ ...ts.typescriptDefaults.getCompilerOptions(), noImplicitAny: false });
}

export interface ExerciseEditor {
  getCode(): string;
  /** Replaces the whole file as one edit, so Ctrl/Cmd+Z brings the old code back. */
  replaceCode(code: string): void;
  onChange(listener: (code: string) => void): void;
  onRun(listener: () => void): void;
  /** Underlines a line the run reported, or clears the marks with `undefined`. */
  mark(problem: { line: number; column?: number; message: string } | undefined): void;
  /** Marks lines with their share of the time from a profile, or clears the marks with `undefined`; an edit clears them too. */
  markHot(lines: { line: number; percent: number }[] | undefined): void;
  /** Scrolls a line into view and puts the cursor on it. */
  revealLine(line: number): void;
  focus(): void;
  /** Removes the editor and its file (a playground's snippet, deleted). */
  dispose(): void;
}

export interface EditorPlace {
  /** The model's file: files beside it resolve `import type … from './setup'`. */
  path: string;
  /** What a screen reader calls the editor. */
  label: string;
}

const EXERCISE: EditorPlace = { path: 'exercise.ts', label: 'Exercise code editor' };

/** The types a file imports from './types' (beside `dir`), for every editor on the page. */
export function setEditorTypes(types: string, dir = ''): void {
  ts.typescriptDefaults.setExtraLibs([{ content: types, filePath: `file:///${dir}types.ts` }]);
}

export function createExerciseEditor(container: HTMLElement, code: string, types: string | undefined, place: EditorPlace = EXERCISE): ExerciseEditor {
  // The exercise imports its types from './types', as it does on disk.
  if (types !== undefined) setEditorTypes(types);
  const uri = monaco.Uri.parse(`file:///${place.path}`);
  monaco.editor.getModel(uri)?.dispose();
  const model = monaco.editor.createModel(code, UNTOUCHED, uri);
  const editor = monaco.editor.create(container, {
    model,
    automaticLayout: true,
    minimap: { enabled: false },
    fontSize: 14,
    scrollBeyondLastLine: false,
    tabSize: 2,
    theme: monacoTheme(currentScheme()),
    renderLineHighlight: 'line',
    fixedOverflowWidgets: true,
    // Long lines wrap at the editor's edge, so nothing hides past it on a narrow screen.
    wordWrap: 'on',
    ariaLabel: `${place.label}. Tab indents; press Escape then Tab to leave the editor.`,
  });
  leaveWithEscapeThenTab(editor);
  const firstFocus = editor.onDidFocusEditorText(() => {
    firstFocus.dispose();
    useFullTypeScript();
  });
  const runListeners: (() => void)[] = [];
  // A profile's shares are of the code as it was run: once it changes, they no longer belong to its lines.
  const hot = editor.createDecorationsCollection();
  model.onDidChangeContent(() => hot.clear());
  // An action, not a command: Monaco binds a command to the last editor made, which on a page of several is the wrong one.
  editor.addAction({ id: 'run-code', label: 'Run', keybindings: [monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter], run: () => runListeners.forEach((l) => l()) });

  return {
    getCode: () => model.getValue(),
    replaceCode(next) {
      editor.pushUndoStop();
      editor.executeEdits('reset', [{ range: model.getFullModelRange(), text: next }]);
      editor.pushUndoStop();
    },
    onChange: (listener) => model.onDidChangeContent(() => listener(model.getValue())),
    onRun: (listener) => runListeners.push(listener),
    mark(problem) {
      if (!problem) {
        monaco.editor.setModelMarkers(model, 'run', []);
        return;
      }
      const line = Math.min(Math.max(1, problem.line), model.getLineCount());
      monaco.editor.setModelMarkers(model, 'run', [
        {
          severity: monaco.MarkerSeverity.Error,
          message: problem.message,
          startLineNumber: line,
          startColumn: problem.column ?? 1,
          endLineNumber: line,
          endColumn: model.getLineMaxColumn(line),
        },
      ]);
      editor.revealLineInCenterIfOutsideViewport(line);
    },
    markHot(lines) {
      hot.set(
        (lines ?? []).map(({ line, percent }) => ({
          range: new monaco.Range(line, 1, line, model.getLineMaxColumn(line)),
          options: {
            isWholeLine: true,
            className: 'hot-line',
            after: { content: `  ◀ ${percent}% of the time`, inlineClassName: 'hot-line-note' },
          },
        })),
      );
    },
    revealLine(line) {
      editor.revealLineInCenter(line);
      editor.setPosition({ lineNumber: line, column: model.getLineFirstNonWhitespaceColumn(line) || 1 });
      editor.focus();
    },
    focus: () => editor.focus(),
    dispose() {
      editor.dispose();
      model.dispose();
    },
  };
}

/**
 * Tab indents in the editor, which would trap a keyboard user inside it.
 * Escape, then Tab, moves focus on instead (as in VS Code's terminal); any
 * other key after Escape, or leaving the editor, gives Tab back its indent.
 * (Ctrl+M, Monaco's own switch, turns Tab's indenting off until pressed again.)
 */
function leaveWithEscapeThenTab(editor: monaco.editor.IStandaloneCodeEditor): void {
  let armed = false;
  const disarm = () => {
    if (!armed) return;
    armed = false;
    editor.updateOptions({ tabFocusMode: false });
  };
  editor.onKeyDown((event) => {
    if (event.keyCode === monaco.KeyCode.Escape) {
      armed = true;
      editor.updateOptions({ tabFocusMode: true });
    } else if (event.keyCode !== monaco.KeyCode.Tab) {
      disarm();
    }
  });
  editor.onDidBlurEditorText(disarm);
}

/** A read-only side-by-side diff: the learner's code against the reference solution. */
export function showSolutionDiff(container: HTMLElement, learnerCode: string, reference: string): { dispose(): void } {
  // Beside exercise.ts, so their `import type … from './types'` resolves too.
  for (const name of ['your-code.ts', 'solution.ts']) monaco.editor.getModel(monaco.Uri.parse(`file:///${name}`))?.dispose();
  const original = monaco.editor.createModel(learnerCode, 'typescript', monaco.Uri.parse('file:///your-code.ts'));
  const modified = monaco.editor.createModel(reference, 'typescript', monaco.Uri.parse('file:///solution.ts'));
  const diff = monaco.editor.createDiffEditor(container, {
    readOnly: true,
    automaticLayout: true,
    renderSideBySide: true,
    // On a narrow screen the two sides become one inline diff rather than two slivers.
    useInlineViewWhenSpaceIsLimited: true,
    theme: monacoTheme(currentScheme()),
    minimap: { enabled: false },
    fontSize: 13,
    scrollBeyondLastLine: false,
    originalEditable: false,
    wordWrap: 'on',
  });
  diff.setModel({ original, modified });
  return {
    dispose() {
      diff.dispose();
      original.dispose();
      modified.dispose();
    },
  };
}
