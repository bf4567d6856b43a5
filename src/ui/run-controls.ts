import { quietNotice } from './run-guard.ts';

/**
 * What the lesson page and the playground share about a run in progress:
 * Run and Stop, each enabled when the other is not, and the notice that a
 * run has gone quiet and Stop may be wanted.
 */

/** Sets Run and Stop for a run starting or ending; the focus moves with them. */
export function runToggle(root: HTMLElement, runButton: HTMLButtonElement, stopButton: HTMLButtonElement): (running: boolean) => void {
  return (running) => {
    // A button that disables itself while focused drops the focus to the page: hand it to the other one.
    const focused = document.activeElement === (running ? runButton : stopButton);
    runButton.disabled = running;
    stopButton.disabled = !running;
    root.dataset.running = String(running);
    if (focused) (running ? stopButton : runButton).focus();
  };
}

/** Shows, after the status, how long the run has been quiet; `undefined` (it moved on) removes it. */
export function showQuiet(status: HTMLElement, quietMs: number | undefined): void {
  if (quietMs === undefined) {
    status.querySelector('[data-quiet]')?.remove();
    return;
  }
  const notice = status.querySelector<HTMLElement>('[data-quiet]') ?? status.appendChild(document.createElement('strong'));
  notice.dataset.quiet = '';
  notice.textContent = ` ${quietNotice(quietMs)}`;
}
