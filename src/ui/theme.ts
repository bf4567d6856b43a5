/**
 * Light or dark. By default the page follows the system's setting, live; a
 * learner who presses the toggle keeps their choice on this device. The
 * theme is the `data-theme` attribute on <html>, which Base.astro sets before
 * the first paint (with the same rule as `resolveScheme`), so the page never
 * flashes the other theme. The editor and the charts follow it through
 * `onSchemeChange`.
 */
export type Scheme = 'light' | 'dark';

export const THEME_KEY = 'perf-workshop:v1:theme';

export function resolveScheme(stored: string | null, systemDark: boolean): Scheme {
  if (stored === 'light' || stored === 'dark') return stored;
  return systemDark ? 'dark' : 'light';
}

export function currentScheme(): Scheme {
  return document.documentElement.dataset.theme === 'dark' ? 'dark' : 'light';
}

/** Calls `listener` whenever the page's theme changes (the toggle, or the system while it is followed). */
export function onSchemeChange(listener: (scheme: Scheme) => void): void {
  new MutationObserver(() => listener(currentScheme())).observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
}

function storedChoice(): string | null {
  try {
    return localStorage.getItem(THEME_KEY);
  } catch {
    return null;
  }
}

function apply(scheme: Scheme, toggle: HTMLButtonElement | null): void {
  document.documentElement.dataset.theme = scheme;
  if (toggle) toggle.setAttribute('aria-pressed', String(scheme === 'dark'));
}

/** Wires the header's toggle, and follows the system while the learner has not chosen. */
export function mountThemeToggle(toggle: HTMLButtonElement | null): void {
  const system = matchMedia('(prefers-color-scheme: dark)');
  apply(resolveScheme(storedChoice(), system.matches), toggle);
  system.addEventListener('change', () => apply(resolveScheme(storedChoice(), system.matches), toggle));
  toggle?.addEventListener('click', () => {
    const next: Scheme = currentScheme() === 'dark' ? 'light' : 'dark';
    try {
      localStorage.setItem(THEME_KEY, next);
    } catch {
      // Storage disabled: the choice lasts for this page only.
    }
    apply(next, toggle);
  });
}
