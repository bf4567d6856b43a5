import type { BrowserContext, CDPSession, Page } from '@playwright/test';

/**
 * Reads a page through a DevTools session of its own, for tests where the
 * runner frame's process dies (src/runner/browser/frame.ts).
 *
 * Playwright takes the crash of any frame's process for the page's: it emits
 * `crash` and refuses every later call on the page. The runner frame is
 * meant to die alone, so whether the page survived is asked here, of the
 * page's own target, which Playwright's bookkeeping does not reach.
 */
export interface PageSession {
  /** Evaluates `expression` in the page (awaiting a promise), or rejects within `timeoutMs` if the page does not answer. */
  evaluate<T>(expression: string, timeoutMs?: number): Promise<T>;
  /** Whether the page's own process died (not a frame's). */
  crashed(): boolean;
  /** The verdict shown, or undefined while there is none. */
  verdict(): Promise<{ verdict: string; text: string } | undefined>;
  /** The page still draws frames and its Run button is enabled. */
  alive(): Promise<boolean>;
  /** Ends the process of the runner frame, as running out of memory would. */
  crashRunnerFrame(): Promise<void>;
}

export async function pageSession(page: Page): Promise<PageSession> {
  const context: BrowserContext = page.context();
  const cdp: CDPSession = await context.newCDPSession(page);
  let pageCrashed = false;
  cdp.on('Inspector.targetCrashed', () => (pageCrashed = true));
  await cdp.send('Inspector.enable');

  const evaluate = async <T>(expression: string, timeoutMs = 5_000): Promise<T> => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`the page did not answer within ${timeoutMs} ms`)), timeoutMs)));
    try {
      const answer = await Promise.race([cdp.send('Runtime.evaluate', { expression, returnByValue: true, awaitPromise: true }), timeout]);
      if (answer.exceptionDetails) throw new Error(answer.exceptionDetails.exception?.description ?? answer.exceptionDetails.text);
      return answer.result.value as T;
    } finally {
      clearTimeout(timer);
    }
  };

  return {
    evaluate,
    crashed: () => pageCrashed,
    verdict: () =>
      evaluate<{ verdict: string; text: string } | undefined>(`(() => {
        const shown = document.querySelector('[data-verdict]:not([hidden])');
        return shown ? { verdict: shown.getAttribute('data-verdict') ?? '', text: shown.innerText.replace(/\\s+/g, ' ') } : undefined;
      })()`),
    alive: async () =>
      !pageCrashed &&
      (await evaluate<boolean>(`new Promise((resolve) => requestAnimationFrame(() => resolve(!document.querySelector('[data-action="run"]').disabled)))`).catch(() => false)),
    async crashRunnerFrame() {
      const browser = await context.browser()!.newBrowserCDPSession();
      const { targetInfos } = await browser.send('Target.getTargets');
      const frame = targetInfos.find((target) => target.type === 'iframe' && target.url === 'about:srcdoc');
      if (!frame) throw new Error('the runner frame is not a process of its own (no iframe target)');
      const { sessionId } = await browser.send('Target.attachToTarget', { targetId: frame.targetId, flatten: false });
      // No answer comes back: the frame's process is gone.
      void browser.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id: 1, method: 'Page.crash' }) }).catch(() => {});
    },
  };
}
