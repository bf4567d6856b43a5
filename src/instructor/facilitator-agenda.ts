import type { LessonTiming } from './workshop.ts';
import * as timer from './timer.ts';
import { type FacilitatorData, type FacilitatorLessonData, load, save } from './facilitator-state.ts';

/** The agenda, the presenter notes and the exercise timer. */
export function mountAgenda(root: HTMLElement, data: FacilitatorData): void {
  const q = <T extends HTMLElement>(s: string) => root.querySelector<T>(s)!;
  const box = q<HTMLElement>('[data-timer]');
  const digits = q<HTMLElement>('[data-timer-digits]');
  const label = q<HTMLElement>('[data-timer-label]');
  const toggleButton = q<HTMLButtonElement>('[data-timer-toggle]');
  const lessons = data.lessons;
  const bySlug = (slug: string | null) => lessons.find((l) => l.slug === slug);

  let current = bySlug(load('current')) ?? lessons[0]!;
  let state = timer.parseTimer(load('timer')) ?? timer.createTimer(current.timing.exercise * 60_000, phaseLabel(current, 'exercise'));
  let wakeLock: { release(): Promise<void> } | undefined;

  function phaseLabel(lesson: FacilitatorLessonData, phase: keyof LessonTiming): string {
    return `${String(lesson.order).padStart(2, '0')} ${lesson.title} · ${phase}`;
  }

  function select(slug: string, resetTimer: boolean): void {
    const lesson = bySlug(slug);
    if (!lesson) return;
    current = lesson;
    save('current', slug);
    for (const li of root.querySelectorAll<HTMLElement>('[data-agenda-slug]')) li.classList.toggle('current', li.dataset.agendaSlug === slug);
    for (const article of root.querySelectorAll<HTMLElement>('[data-notes]')) article.hidden = article.dataset.notes !== slug;
    if (resetTimer) setPhase('exercise');
  }

  function setPhase(phase: keyof LessonTiming): void {
    state = timer.reset(state, current.timing[phase] * 60_000, phaseLabel(current, phase));
    persist();
  }

  function persist(): void {
    save('timer', JSON.stringify(state));
    render();
  }

  async function holdScreen(on: boolean): Promise<void> {
    // Keeps the projector from dimming while the clock runs (secure contexts only; optional).
    try {
      if (on && !wakeLock) wakeLock = await (navigator as Navigator & { wakeLock?: { request(t: 'screen'): Promise<{ release(): Promise<void> }> } }).wakeLock?.request('screen');
      if (!on && wakeLock) {
        await wakeLock.release();
        wakeLock = undefined;
      }
    } catch {
      wakeLock = undefined;
    }
  }

  let shown = '';
  function render(): void {
    const now = Date.now();
    const left = timer.remaining(state, now);
    const text = timer.formatRemaining(left);
    if (text !== shown) {
      digits.textContent = text;
      shown = text;
    }
    const running = timer.isRunning(state);
    const mode = left < 0 || (left === 0 && state.durationMs > 0 && running) ? 'overtime' : running ? 'running' : 'paused';
    if (box.dataset.state !== mode) box.dataset.state = mode;
    if (label.textContent !== state.label) label.textContent = state.label;
    const buttonText = running ? 'Pause' : timer.elapsed(state, now) > 0 ? 'Resume' : 'Start';
    if (toggleButton.textContent !== buttonText) toggleButton.textContent = buttonText;
  }

  const toggle = () => {
    state = timer.toggle(state, Date.now());
    void holdScreen(timer.isRunning(state));
    persist();
  };
  const reset = () => {
    state = timer.reset(state);
    void holdScreen(false);
    persist();
  };
  toggleButton.addEventListener('click', toggle);
  q<HTMLButtonElement>('[data-timer-reset]').addEventListener('click', reset);
  for (const button of root.querySelectorAll<HTMLButtonElement>('[data-timer-adjust]')) {
    button.addEventListener('click', () => {
      state = timer.adjust(state, Number(button.dataset.timerAdjust));
      persist();
    });
  }
  for (const button of root.querySelectorAll<HTMLButtonElement>('[data-timer-phase]')) {
    button.addEventListener('click', () => setPhase(button.dataset.timerPhase as keyof LessonTiming));
  }
  for (const button of root.querySelectorAll<HTMLButtonElement>('[data-select-lesson]')) {
    button.addEventListener('click', () => select(button.dataset.selectLesson!, true));
  }

  // Keyboard, for a presenter clicker or a laptop across the room. Never while typing.
  document.addEventListener('keydown', (event) => {
    const target = event.target as HTMLElement | null;
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (target && (target.closest('input, textarea, select, [contenteditable]') || (target.tagName === 'BUTTON' && event.key === ' '))) return;
    const index = lessons.indexOf(current);
    if (event.key === ' ') {
      event.preventDefault();
      toggle();
    } else if (event.key === 'r' || event.key === 'R') {
      reset();
    } else if (event.key === 'ArrowRight' && index < lessons.length - 1) {
      select(lessons[index + 1]!.slug, true);
    } else if (event.key === 'ArrowLeft' && index > 0) {
      select(lessons[index - 1]!.slug, true);
    }
  });

  select(current.slug, false);
  if (timer.isRunning(state)) void holdScreen(true);
  render();
  setInterval(render, 200);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible' && timer.isRunning(state)) void holdScreen(true);
  });
}
