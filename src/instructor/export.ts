import { loadPrediction, type Prediction } from '../ui/predict.ts';
import { createLearnerStore, type ProgressMap } from '../ui/storage.ts';
import { encodeResultsCode, resultsFileName, resultsToJson, sealResults, type LessonResult, type ResultsFile } from './results-format.ts';

/**
 * "Export my results", on the home page: the learner types their name and
 * gets a small file or a short code for the instructor. Nothing leaves the
 * device unless the learner sends it.
 */

const NAME_KEY = 'perf-workshop:v1:learner-name';

/** What the results file says about each lesson, from the learner's progress and predictions on this device. */
export function lessonsFromProgress(progress: ProgressMap, predictionOf: (slug: string) => Prediction | undefined = () => undefined): Record<string, LessonResult> {
  const lessons: Record<string, LessonResult> = {};
  for (const [slug, p] of Object.entries(progress)) {
    if (!/^\d\d-[a-z0-9-]+$/.test(slug) || typeof p !== 'object' || p === null) continue;
    const prediction = predictionOf(slug);
    lessons[slug] = {
      ...(prediction ? { prediction: { value: prediction.value, unit: prediction.unit } } : {}),
      passed: p.passed === true,
      bestSpeedup: p.passed && typeof p.bestSpeedup === 'number' && p.bestSpeedup > 0 ? p.bestSpeedup : null,
      counters: p.best?.counters ?? {},
      runtime: p.best?.runtime ?? null,
      browser: p.best?.browser ?? null,
      at: p.best?.at ?? (typeof p.lastRun === 'string' && !Number.isNaN(Date.parse(p.lastRun)) ? new Date(p.lastRun).toISOString() : null),
    };
  }
  return lessons;
}

export function exportResults(learner: string, progress: ProgressMap, now = new Date(), predictionOf?: (slug: string) => Prediction | undefined): ResultsFile {
  return sealResults({ learner, exportedAt: now, lessons: lessonsFromProgress(progress, predictionOf) });
}

function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

async function copy(text: string, area: HTMLTextAreaElement): Promise<boolean> {
  try {
    // Only in secure contexts (https, localhost); a laptop on the LAN over http has none.
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    area.focus();
    area.select();
    try {
      return document.execCommand('copy');
    } catch {
      return false;
    }
  }
}

export function mountExport(root: HTMLElement): void {
  const store = createLearnerStore(localStorage);
  const q = <T extends HTMLElement>(selector: string) => root.querySelector<T>(selector)!;
  const nameInput = q<HTMLInputElement>('[data-export-name]');
  const status = q<HTMLElement>('[data-export-status]');
  const codeBox = q<HTMLElement>('[data-export-code-box]');
  const codeArea = q<HTMLTextAreaElement>('[data-export-code]');
  nameInput.value = localStorage.getItem(NAME_KEY) ?? '';
  nameInput.addEventListener('change', () => {
    try {
      localStorage.setItem(NAME_KEY, nameInput.value.trim());
    } catch {
      // Storage full or disabled: the name is only a convenience.
    }
  });

  const prepare = (): ResultsFile | undefined => {
    const name = nameInput.value.trim();
    if (name === '') {
      status.textContent = 'Type your name first, so the instructor knows whose results these are.';
      status.dataset.kind = 'error';
      nameInput.focus();
      return undefined;
    }
    const progress = store.progress();
    if (Object.keys(progress).length === 0) {
      status.textContent = 'Nothing to export yet: run a lesson on this device first.';
      status.dataset.kind = 'error';
      return undefined;
    }
    try {
      localStorage.setItem(NAME_KEY, name);
    } catch {
      // as above
    }
    const results = exportResults(name, progress, new Date(), (slug) => loadPrediction(localStorage, slug));
    const passed = Object.values(results.lessons).filter((l) => l.passed).length;
    status.dataset.kind = 'ok';
    status.textContent = `${Object.keys(results.lessons).length} lesson${Object.keys(results.lessons).length === 1 ? '' : 's'} tried, ${passed} passed.`;
    return results;
  };

  q<HTMLButtonElement>('[data-export-file]').addEventListener('click', () => {
    const results = prepare();
    if (!results) return;
    download(resultsFileName(results), resultsToJson(results));
    status.textContent += ` Downloaded ${resultsFileName(results)}: send it to your instructor.`;
  });

  q<HTMLButtonElement>('[data-export-code-button]').addEventListener('click', async () => {
    const results = prepare();
    if (!results) return;
    const code = await encodeResultsCode(results);
    codeArea.value = code;
    codeBox.hidden = false;
    const copied = await copy(code, codeArea);
    status.textContent += copied
      ? ' The code is copied: paste it into the room’s chat.'
      : ' Select the code below, copy it and paste it into the room’s chat.';
  });
}
