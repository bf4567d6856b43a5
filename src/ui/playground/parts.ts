import { MAX_SNIPPETS, MIN_SNIPPETS, PlaygroundFormatError, validatePlayground, type PlaygroundFile } from '../../playground/file.ts';
import { createExerciseEditor, type ExerciseEditor } from '../editor.ts';

/**
 * The playground's code and options as the user edits them: the setup's
 * editor, one editor per snippet (added, renamed, removed), and the options
 * form. It reads back a checked PlaygroundFile, or says what to fix.
 */

export interface Parts {
  load(file: PlaygroundFile): void;
  /** The playground as it stands, checked; or what to fix, in a sentence. */
  read(): { ok: true; file: PlaygroundFile } | { ok: false; message: string };
  onChange(listener: () => void): void;
  onRun(listener: () => void): void;
  /** Underlines a line in a part (`setup` or a snippet's name) and brings it into view; `undefined` clears every mark. */
  mark(problem: { part: string; line: number; column?: number; message: string } | undefined): void;
}

interface SnippetView {
  box: HTMLElement;
  name: HTMLInputElement;
  editor: ExerciseEditor;
}

/** Each snippet's editor gets a file of its own, beside setup.ts and types.ts, so `import type … from './setup'` resolves. */
let nextFile = 1;

export function mountParts(root: HTMLElement): Parts {
  const q = <T extends HTMLElement>(selector: string) => root.querySelector<T>(selector)!;
  const list = q<HTMLElement>('[data-snippets]');
  const addButton = q<HTMLButtonElement>('[data-action="add-snippet"]');
  const option = <T extends HTMLElement>(name: string) => q<T>(`[data-option="${name}"]`);
  const title = option<HTMLInputElement>('title');
  const size = option<HTMLInputElement>('size');
  const baseline = option<HTMLSelectElement>('baseline');
  const compare = option<HTMLInputElement>('compare');
  const sizes = option<HTMLInputElement>('sizes');
  const changeListeners: (() => void)[] = [];
  const runListeners: (() => void)[] = [];
  const changed = () => changeListeners.forEach((listener) => listener());

  const setupBox = q<HTMLElement>('[data-setup-editor]');
  setupBox.replaceChildren();
  const setup = createExerciseEditor(setupBox, '', undefined, { path: 'playground/setup.ts', label: 'Setup code editor' });
  wire(setup);
  let snippets: SnippetView[] = [];
  /** A playground of a lesson (PlaygroundOptions.lesson) has no setup and no size of its own: the lesson's are used. */
  let lesson: { slug: string; size: number } | undefined;
  const lessonNote = q<HTMLElement>('[data-lesson-note]');
  const showLessonMode = () => {
    // The setup, the size, the sweep and the switch for comparing answers are the lesson's own.
    for (const field of root.querySelectorAll<HTMLElement>('[data-setup-only]')) field.hidden = lesson !== undefined;
    lessonNote.hidden = lesson === undefined;
    lessonNote.textContent = lesson
      ? `Each snippet is a whole exercise file of lesson ${lesson.slug}: the lesson makes the inputs, checks the answers and times the calls, as its own Run does, and every snippet is timed against the baseline.`
      : '';
  };

  function wire(editor: ExerciseEditor): void {
    editor.onChange(changed);
    editor.onRun(() => runListeners.forEach((listener) => listener()));
  }

  function refreshBaseline(chosen = baseline.value): void {
    const names = snippets.map((s) => s.name.value.trim());
    baseline.replaceChildren(...names.map((n) => new Option(n || '(no name)', n)));
    baseline.value = names.includes(chosen) ? chosen : (names[0] ?? '');
  }

  function refreshButtons(): void {
    addButton.disabled = snippets.length >= MAX_SNIPPETS;
    addButton.textContent = snippets.length >= MAX_SNIPPETS ? `At most ${MAX_SNIPPETS} snippets` : 'Add a snippet';
    for (const s of snippets) s.box.querySelector<HTMLButtonElement>('[data-action="remove"]')!.disabled = snippets.length <= MIN_SNIPPETS;
  }

  function addSnippet(name: string, code: string): SnippetView {
    const file = nextFile++;
    const box = document.createElement('section');
    box.className = 'pg-part pg-snippet';
    const head = document.createElement('div');
    head.className = 'pg-snippet-head';
    const label = document.createElement('label');
    label.textContent = 'Snippet ';
    const input = document.createElement('input');
    input.type = 'text';
    input.maxLength = 40;
    input.autocomplete = 'off';
    input.value = name;
    input.dataset.snippetName = '';
    label.append(input);
    const remove = document.createElement('button');
    remove.type = 'button';
    remove.dataset.action = 'remove';
    remove.textContent = 'Remove';
    remove.setAttribute('aria-label', `Remove snippet ${name}`);
    head.append(label, remove);
    const editorBox = document.createElement('div');
    editorBox.className = 'pg-editor';
    box.append(head, editorBox);
    list.append(box);
    const editor = createExerciseEditor(editorBox, code, undefined, { path: `playground/snippet-${file}.ts`, label: `Snippet ${name} code editor` });
    wire(editor);
    const view: SnippetView = { box, name: input, editor };
    input.addEventListener('input', () => {
      remove.setAttribute('aria-label', `Remove snippet ${input.value}`);
      refreshBaseline();
      changed();
    });
    remove.addEventListener('click', () => {
      if (snippets.length <= MIN_SNIPPETS) return;
      snippets = snippets.filter((s) => s !== view);
      editor.dispose();
      box.remove();
      refreshBaseline();
      refreshButtons();
      changed();
      addButton.focus();
    });
    return view;
  }

  addButton.addEventListener('click', () => {
    if (snippets.length >= MAX_SNIPPETS) return;
    const names = new Set(snippets.map((s) => s.name.value.trim()));
    let n = snippets.length + 1;
    while (names.has(`snippet ${n}`)) n++;
    const last = snippets.at(-1);
    const view = addSnippet(`snippet ${n}`, last?.editor.getCode() ?? 'export function run(input: unknown) {\n  return input;\n}');
    snippets.push(view);
    refreshBaseline();
    refreshButtons();
    changed();
    view.name.select();
    view.name.focus();
  });
  for (const input of [title, size, compare, sizes, baseline]) input.addEventListener('input', changed);
  baseline.addEventListener('change', changed);

  return {
    load(file) {
      for (const s of snippets) s.editor.dispose();
      list.replaceChildren();
      setup.replaceCode(file.setup);
      snippets = file.snippets.map((s) => addSnippet(s.name, s.code));
      lesson = file.options.lesson ? { slug: file.options.lesson, size: file.options.size } : undefined;
      showLessonMode();
      title.value = file.options.title;
      size.value = String(file.options.size);
      compare.checked = file.options.compare;
      sizes.value = file.options.sizes?.join(', ') ?? '';
      refreshBaseline(file.options.baseline);
      refreshButtons();
    },
    read() {
      const sweep = parseSizes(sizes.value);
      if (sweep === null && !lesson) return { ok: false, message: 'The sizes to time at are whole numbers separated by commas, such as 10, 100, 1000 (or nothing).' };
      const n = lesson ? lesson.size : Number(size.value);
      // A lesson always compares answers first.
      const kind = lesson ? { lesson: lesson.slug } : sweep ? { sizes: sweep } : {};
      try {
        const file = validatePlayground({
          options: { title: title.value, baseline: baseline.value, size: n, compare: lesson ? true : compare.checked, ...kind },
          setup: lesson ? '' : setup.getCode(),
          snippets: snippets.map((s) => ({ name: s.name.value.trim(), code: s.editor.getCode() })),
        });
        return { ok: true, file };
      } catch (error) {
        if (error instanceof PlaygroundFormatError) return { ok: false, message: `Not yet: ${error.message}.` };
        throw error;
      }
    },
    onChange: (listener) => changeListeners.push(listener),
    onRun: (listener) => runListeners.push(listener),
    mark(problem) {
      setup.mark(undefined);
      for (const s of snippets) s.editor.mark(undefined);
      if (!problem) return;
      const target = problem.part === 'setup' ? { box: setupBox, editor: setup } : snippets.find((s) => s.name.value.trim() === problem.part);
      if (!target) return;
      target.editor.mark(problem);
      target.box.scrollIntoView({ block: 'nearest' });
    },
  };
}

/** "10, 100, 1000" as numbers; undefined for an empty field, null for one that is not a list of whole numbers. */
export function parseSizes(text: string): number[] | undefined | null {
  const items = text.split(/[\s,;]+/).filter((item) => item !== '');
  if (items.length === 0) return undefined;
  const numbers = items.map((item) => Number(item.replace(/_/g, '')));
  return numbers.every((n) => Number.isInteger(n)) ? numbers : null;
}
