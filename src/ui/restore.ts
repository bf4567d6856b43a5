import type { ExerciseEditor } from './editor.ts';
import type { LearnerStore } from './storage.ts';

/**
 * "Restore my code": Reset puts the learner's code aside instead of losing it,
 * and every Run keeps the code it ran, the last 20 versions per lesson, in
 * localStorage, so a Reset is undone even after a reload. The panel shows
 * whenever a kept version differs from the editor's code; its "Restore my
 * code" button, while the editor holds the starter.
 */
export interface RestorePanel {
  /** Puts the current code aside (before a Reset). */
  keep(code: string, why: 'reset' | 'run'): void;
  /** Shows or hides the panel for what the editor holds now. */
  update(): void;
}

const timeOf = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function mountRestore(root: HTMLElement, args: { slug: string; starter: string; editor: ExerciseEditor; store: LearnerStore }): RestorePanel {
  const { slug, starter, editor, store } = args;
  const panel = root.querySelector<HTMLElement>('[data-restore]')!;
  const message = root.querySelector<HTMLElement>('[data-restore-message]')!;
  const restoreButton = root.querySelector<HTMLButtonElement>('[data-action="restore"]')!;
  const list = root.querySelector<HTMLOListElement>('[data-restore-list]')!;

  const restore = (code: string) => {
    // Keep what is replaced too, so restoring the wrong version is undone the same way.
    if (editor.getCode() !== starter && editor.getCode() !== code) store.keepVersion(slug, editor.getCode(), 'reset');
    editor.replaceCode(code);
    editor.focus();
    update();
  };

  function update(): void {
    const current = editor.getCode();
    const versions = store.history(slug).filter((v) => v.code !== starter && v.code !== current);
    const holdingStarter = current === starter;
    const latest = versions[0];
    panel.hidden = !latest;
    restoreButton.hidden = !holdingStarter;
    message.textContent =
      holdingStarter && latest
        ? `The editor holds the starter code. Your code from ${timeOf(latest.at)} is kept on this device.`
        : 'Earlier versions of your code are kept on this device.';
    list.replaceChildren(
      ...versions.map((v) => {
        const item = document.createElement('li');
        const button = document.createElement('button');
        button.type = 'button';
        button.className = 'link';
        button.textContent = `${timeOf(v.at)}, ${v.why === 'reset' ? 'before a Reset' : 'as run'} (${v.code.split('\n').length} lines)`;
        button.addEventListener('click', () => restore(v.code));
        item.append(button);
        return item;
      }),
    );
  }

  restoreButton.addEventListener('click', () => {
    const latest = store.history(slug).find((v) => v.code !== starter && v.code !== editor.getCode());
    if (latest) restore(latest.code);
  });
  update();
  return {
    keep(code, why) {
      if (code !== starter) store.keepVersion(slug, code, why);
      update();
    },
    update,
  };
}
