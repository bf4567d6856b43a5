import { formatRatio } from '../core/verdict.ts';
import { readResultsText, validateResults, type ResultsFile } from './results-format.ts';
import { showPrediction } from '../ui/predict.ts';
import { addToRoom, browsersOf, lessonStats, unknownLessons, type RoomLearner } from './room.ts';
import { drawRoomChart } from './room-chart.ts';
import { type FacilitatorData, load, save, MAX_FILE_BYTES } from './facilitator-state.ts';

/** The room's results: files and codes dropped in, a table and a chart. */
interface Message {
  kind: 'ok' | 'error' | 'info';
  text: string;
}

export function mountRoom(root: HTMLElement, data: FacilitatorData): void {
  const q = <T extends HTMLElement>(s: string) => root.querySelector<T>(s)!;
  const messages = q<HTMLUListElement>('[data-room-messages]');
  const summary = q<HTMLElement>('[data-room-summary]');
  const table = q<HTMLTableElement>('[data-room-table]');
  const tableWrap = q<HTMLElement>('[data-room-table-wrap]');
  const chartBox = q<HTMLElement>('[data-room-chart-box]');
  const canvas = q<HTMLCanvasElement>('[data-room-chart]');
  const dropzone = q<HTMLElement>('[data-dropzone]');
  const fileInput = q<HTMLInputElement>('[data-room-files]');
  const paste = q<HTMLTextAreaElement>('[data-room-paste]');
  const written = data.lessons.filter((l) => l.written);

  let learners: RoomLearner[] = restore();
  let pasted = 0;

  function restore(): RoomLearner[] {
    try {
      const stored = JSON.parse(load('room') ?? '[]') as { source: string; results: unknown }[];
      const valid: { source: string; results: ResultsFile }[] = [];
      for (const entry of stored) {
        const outcome = validateResults(entry.results);
        if (outcome.ok) valid.push({ source: String(entry.source), results: outcome.results });
      }
      return addToRoom([], valid).learners;
    } catch {
      return [];
    }
  }

  function persist(): void {
    save('room', JSON.stringify(learners.map((l) => ({ source: l.source, results: l.results }))));
  }

  function show(list: Message[]): void {
    messages.replaceChildren(
      ...list.map((m) => {
        const li = document.createElement('li');
        li.dataset.kind = m.kind;
        li.textContent = `${m.kind === 'error' ? '✗ ' : m.kind === 'ok' ? '✓ ' : ''}${m.text}`;
        return li;
      }),
    );
  }

  /** Reads every dropped file or pasted text, keeps the good results, reports each bad one by name. */
  async function importTexts(items: { source: string; text: string | null; error?: string }[]): Promise<void> {
    const list: Message[] = [];
    const incoming: { source: string; results: ResultsFile }[] = [];
    for (const item of items) {
      if (item.text === null) {
        list.push({ kind: 'error', text: `${item.source} ${item.error ?? 'could not be read'}` });
        continue;
      }
      const outcomes = await readResultsText(item.text);
      outcomes.forEach((outcome, i) => {
        const source = outcomes.length > 1 ? `${item.source} (code ${i + 1})` : item.source;
        if (outcome.ok) {
          incoming.push({ source, results: outcome.results });
        } else {
          list.push({ kind: 'error', text: `${source} ${outcome.error}` });
        }
      });
    }
    // One line for everything that went well, however many: the errors are what needs reading.
    if (incoming.length > 0) {
      list.push({
        kind: 'ok',
        text: `Read ${incoming.length} result${incoming.length === 1 ? '' : 's'}: ${incoming.map((i) => `${i.results.learner} (${i.source})`).join(', ')}`,
      });
    }
    const added = addToRoom(learners, incoming);
    learners = added.learners;
    list.push(...added.notices.map((text): Message => ({ kind: 'info', text })));
    const extra = unknownLessons(learners, written.map((l) => l.slug));
    if (extra.length > 0) list.push({ kind: 'info', text: `Some results are for lessons this workshop does not show, and are left out: ${extra.join(', ')}` });
    // Errors first: they are what needs the instructor's attention.
    list.sort((a, b) => (a.kind === 'error' ? 0 : 1) - (b.kind === 'error' ? 0 : 1));
    show(list);
    persist();
    render();
  }

  async function importFiles(files: FileList | File[]): Promise<void> {
    const items = await Promise.all(
      [...files].map(async (file) => {
        if (file.size > MAX_FILE_BYTES) return { source: file.name, text: null, error: 'is too large to be a results file' };
        try {
          return { source: file.name, text: await file.text() };
        } catch {
          return { source: file.name, text: null, error: 'could not be read' };
        }
      }),
    );
    if (items.length > 0) await importTexts(items);
  }

  function render(): void {
    const stats = lessonStats(learners, written.map((l) => l.slug));
    const n = learners.length;
    if (n === 0) {
      summary.textContent = 'No results yet.';
      tableWrap.hidden = true;
      chartBox.hidden = true;
      table.replaceChildren();
      return;
    }
    const passedAll = learners.filter((l) => written.every((w) => l.results.lessons[w.slug]?.passed)).length;
    summary.textContent = `${n} learner${n === 1 ? '' : 's'} · ${passedAll} passed every lesson of this workshop`;

    const cell = (tag: 'td' | 'th', text: string, attrs: Record<string, string> = {}) => {
      const el = document.createElement(tag);
      el.textContent = text;
      for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
      return el;
    };
    const head = document.createElement('thead');
    const headRow = document.createElement('tr');
    headRow.append(cell('th', 'Learner', { scope: 'col' }), cell('th', 'Measured in', { scope: 'col' }));
    for (const l of written) headRow.append(cell('th', String(l.order).padStart(2, '0'), { scope: 'col', title: l.title, 'data-slug': l.slug }));
    headRow.append(cell('th', 'Passed', { scope: 'col' }));
    head.append(headRow);

    const body = document.createElement('tbody');
    for (const learner of learners) {
      const row = document.createElement('tr');
      row.dataset.learner = learner.results.learner;
      row.append(cell('th', learner.results.learner, { scope: 'row', title: `from ${learner.source}, exported ${learner.results.exportedAt}` }));
      row.append(cell('td', browsersOf(learner.results).join(', ') || '—', { class: 'browser' }));
      let passed = 0;
      for (const l of written) {
        const r = learner.results.lessons[l.slug];
        if (!r) {
          row.append(cell('td', '·', { class: 'none', title: `${l.title}: not tried` }));
        } else if (r.passed) {
          passed += 1;
          const counters = Object.entries(r.counters)
            .map(([k, v]) => `${k} ${v}`)
            .join(', ');
          const where = [r.browser, r.runtime, r.at].filter(Boolean).join(' · ');
          row.append(
            cell('td', `✓ ${r.bestSpeedup !== null ? formatRatio(r.bestSpeedup) : ''}`.trim(), {
              class: 'pass',
              title: `${l.title}: passed${r.bestSpeedup !== null ? `, best ${formatRatio(r.bestSpeedup)}` : ''}${counters ? `\n${counters}` : ''}${where ? `\n${where}` : ''}`,
              'data-slug': l.slug,
            }),
          );
        } else {
          row.append(cell('td', '✗', { class: 'fail', title: `${l.title}: tried, not passed yet`, 'data-slug': l.slug }));
        }
      }
      row.append(cell('td', `${passed}/${written.length}`));
      body.append(row);
    }

    const foot = document.createElement('tfoot');
    const passRow = document.createElement('tr');
    passRow.append(cell('th', 'Passed', { scope: 'row' }), cell('td', ''));
    const medianRow = document.createElement('tr');
    medianRow.append(cell('th', 'Median speedup', { scope: 'row' }), cell('td', ''));
    for (const s of stats) {
      passRow.append(cell('td', `${s.passed}/${n}`));
      medianRow.append(cell('td', s.median !== null ? formatRatio(s.median) : '—'));
    }
    passRow.append(cell('td', ''));
    medianRow.append(cell('td', ''));
    foot.append(passRow, medianRow);
    // Predict, then measure: the room's guesses beside what it measured, for the debrief.
    if (stats.some((s) => s.prediction)) {
      const guessRow = document.createElement('tr');
      guessRow.append(cell('th', 'Median prediction', { scope: 'row' }), cell('td', ''));
      for (const s of stats) {
        const p = s.prediction;
        guessRow.append(cell('td', p ? showPrediction({ value: p.median, unit: p.unit }) : '—', p ? { title: `${p.count} guess${p.count === 1 ? '' : 'es'}` } : {}));
      }
      guessRow.append(cell('td', ''));
      foot.append(guessRow);
    }

    table.replaceChildren(head, body, foot);
    tableWrap.hidden = false;
    chartBox.hidden = false;
    drawRoomChart(canvas, written, stats);
  }

  fileInput.addEventListener('change', () => {
    if (fileInput.files) void importFiles(fileInput.files).then(() => (fileInput.value = ''));
  });
  dropzone.addEventListener('dragover', (event) => {
    event.preventDefault();
    dropzone.classList.add('over');
  });
  dropzone.addEventListener('dragleave', () => dropzone.classList.remove('over'));
  dropzone.addEventListener('drop', (event) => {
    event.preventDefault();
    dropzone.classList.remove('over');
    const transfer = event.dataTransfer;
    if (!transfer) return;
    if (transfer.files.length > 0) void importFiles(transfer.files);
    else {
      const text = transfer.getData('text/plain');
      if (text) void importTexts([{ source: `dropped text ${++pasted}`, text }]);
    }
  });
  // Dropping a file elsewhere on the page must not navigate away from it (text into the paste box still works).
  const elsewhere = (event: DragEvent) => {
    if (!(event.target as HTMLElement | null)?.closest?.('textarea, input')) event.preventDefault();
  };
  window.addEventListener('dragover', elsewhere);
  window.addEventListener('drop', elsewhere);

  q<HTMLButtonElement>('[data-room-add-codes]').addEventListener('click', () => {
    const text = paste.value;
    if (text.trim() === '') return;
    void importTexts([{ source: `pasted text ${++pasted}`, text }]).then(() => (paste.value = ''));
  });
  q<HTMLButtonElement>('[data-room-clear]').addEventListener('click', () => {
    if (learners.length > 0 && !confirm(`Forget the results of ${learners.length} learner${learners.length === 1 ? '' : 's'}?`)) return;
    learners = [];
    persist();
    show([]);
    render();
  });

  render();
}
