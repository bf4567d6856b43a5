import type { Progress } from '../core/measure.ts';
import type { RunResult } from '../core/result.ts';
import { SIDE_LABELS, SIDE_ORDER } from '../core/side-labels.ts';
import type { RunHandle } from '../runner/controller.ts';
import { describeFunctions, describeProfile, hotLines, profileRows } from './line-profile-layout.ts';
import { describeProgress } from './results.ts';

/**
 * "Where the time went", for lessons timed on the real clock (05, 06): after
 * a run, the learner may ask for a profile run (RunRequest.profileLines).
 * Each side then makes a few more calls, untimed, while a second thread
 * samples which of its lines is running (src/runner/line-sampler.ts). The
 * panel shows each side's hottest lines, and the editor marks the learner's.
 * It is a click of its own, so an ordinary run never waits for it.
 */

export interface LineProfilePanel {
  /** After an ordinary run: offers the profile where it teaches, and forgets the last one. */
  offer(result: RunResult): void;
}

export interface LineProfileDeps {
  /** Starts a profile run of the editor's code, or gives undefined while another run is under way. */
  start(onProgress: (progress: Progress) => void): Promise<RunHandle | undefined>;
  /** Marks the learner's hottest lines in the editor (undefined clears them). */
  markEditor(lines: { line: number; percent: number }[] | undefined): void;
  /** Shows a line of the learner's code in the editor. */
  revealLine(line: number): void;
  /** Underlines the line a failed profile run blamed, as an ordinary run's failure is. */
  markProblem(problem: { line: number; column?: number; message: string }): void;
}

export function mountLineProfile(section: HTMLElement, deps: LineProfileDeps): LineProfilePanel {
  const button = section.querySelector<HTMLButtonElement>('[data-action="profile"]')!;
  const status = section.querySelector<HTMLElement>('[data-profile-status]')!;
  const output = section.querySelector<HTMLElement>('[data-profile-output]')!;

  button.addEventListener('click', async () => {
    button.disabled = true;
    output.replaceChildren();
    deps.markEditor(undefined);
    status.textContent = 'Starting the profile…';
    try {
      const handle = await deps.start((progress) => (status.textContent = describeProgress(progress)));
      if (!handle) {
        status.textContent = 'A run is under way; profile once it is done.';
        return;
      }
      const result = await handle.result;
      if (!result.lineProfiles) {
        status.textContent = `No profile: ${result.message}`;
        const { failure } = result;
        if (failure?.line !== undefined) deps.markProblem({ line: failure.line, column: failure.column, message: result.message });
        return;
      }
      status.textContent = '';
      output.replaceChildren(...profileFigures(result, deps.revealLine));
      const mine = result.lineProfiles.candidate;
      if (mine) deps.markEditor(hotLines(mine));
    } finally {
      button.disabled = false;
    }
  });

  return {
    offer(result) {
      section.hidden = result.timing !== 'wall' || result.verdict === 'error';
      output.replaceChildren();
      status.textContent = '';
      deps.markEditor(undefined);
    },
  };
}

function profileFigures(result: RunResult, revealLine: (line: number) => void): HTMLElement[] {
  const profiles = result.lineProfiles!;
  // The learner's own first, then the others for comparison.
  const order = ['candidate', ...SIDE_ORDER.filter((s) => s !== 'candidate')] as const;
  return order.flatMap((side) => {
    const profile = profiles[side];
    if (!profile) return [];
    const figure = document.createElement('figure');
    figure.dataset.profileSide = side;
    const caption = document.createElement('figcaption');
    caption.append(Object.assign(document.createElement('strong'), { textContent: SIDE_LABELS[side] }), ` ${describeProfile(profile)}`);
    figure.append(caption);
    const byFunction = describeFunctions(profile);
    if (byFunction) figure.append(Object.assign(document.createElement('p'), { textContent: byFunction }));
    const rows = profileRows(profile);
    if (rows.length === 0) return [figure];
    const table = document.createElement('table');
    // The code last: on a narrow screen it is the column that scrolls, and the line and its share stay in view.
    table.innerHTML = '<thead><tr><th scope="col">Line</th><th scope="col">Share of the time</th><th scope="col">Code</th></tr></thead>';
    const body = table.createTBody();
    for (const row of rows) {
      const tr = body.insertRow();
      const lineCell = tr.insertCell();
      if (side === 'candidate') {
        const go = Object.assign(document.createElement('button'), { type: 'button', textContent: String(row.line) });
        go.setAttribute('aria-label', `Show line ${row.line} in the editor`);
        go.addEventListener('click', () => revealLine(row.line));
        lineCell.append(go);
      } else {
        lineCell.textContent = String(row.line);
      }
      const share = tr.insertCell();
      share.className = 'profile-share';
      const bar = document.createElement('span');
      bar.className = 'profile-bar';
      bar.style.width = `${(row.percent / 100) * 4}rem`;
      share.append(bar, `${row.percent}%`);
      const code = tr.insertCell();
      code.append(Object.assign(document.createElement('code'), { textContent: row.text }));
      code.title = `in ${row.fn}`;
    }
    const scroller = document.createElement('div');
    scroller.className = 'profile-table';
    scroller.tabIndex = 0;
    scroller.setAttribute('role', 'region');
    scroller.setAttribute('aria-label', `${SIDE_LABELS[side]}: hottest lines`);
    scroller.append(table);
    figure.append(scroller);
    return [figure];
  });
}
