import { describe, expect, it } from 'vitest';
import { summarizeUserAgent } from './user-agent.ts';

describe('summarizeUserAgent', () => {
  it('names the browser, its major version and the OS', () => {
    expect(summarizeUserAgent('Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36')).toBe(
      'Chrome 156 on Linux',
    );
    expect(summarizeUserAgent('Mozilla/5.0 (Macintosh; Intel Mac OS X 14.5; rv:140.0) Gecko/20100101 Firefox/140.0')).toBe('Firefox 140 on macOS');
    expect(
      summarizeUserAgent('Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.2 Safari/605.1.15'),
    ).toBe('Safari 18.2 on macOS');
    expect(
      summarizeUserAgent(
        'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/150.0.0.0 Safari/537.36 Edg/150.0.0.0',
      ),
    ).toBe('Edge 150 on Windows');
    expect(summarizeUserAgent('Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36')).toBe(
      'Headless Chrome 156 on Linux',
    );
  });

  it('passes Node versions through and copes with nonsense', () => {
    expect(summarizeUserAgent('Node v24.21.0')).toBe('Node v24.21.0');
    expect(summarizeUserAgent('')).toBe('unknown browser');
    expect(summarizeUserAgent('curl/8.0')).toBe('unknown browser');
  });
});
