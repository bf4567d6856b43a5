/**
 * A short, readable name for the browser that measured a run, from its user
 * agent string: "Chrome 156 on Linux", "Firefox 140 on macOS". Kept short so
 * a results code stays short, and coarse so it says nothing more about the
 * learner's machine than the room needs (which engine, which OS).
 */
export function summarizeUserAgent(ua: string): string {
  const text = ua.trim();
  if (text === '') return 'unknown browser';
  // The Node runtime reports "Node v24.1.0", not a user agent.
  if (/^Node\b/i.test(text)) return text.slice(0, 40);
  if (/^WebContainer/i.test(text)) return 'WebContainer';

  const version = (re: RegExp) => re.exec(text)?.[1];
  let browser = 'unknown browser';
  const edge = version(/\bEdg(?:e|A|iOS)?\/(\d+)/);
  const opera = version(/\bOPR\/(\d+)/);
  const firefox = version(/\b(?:Firefox|FxiOS)\/(\d+)/);
  const chrome = version(/\b(?:HeadlessChrome|Chrome|Chromium|CriOS)\/(\d+)/);
  const safari = /\bSafari\//.test(text) ? version(/\bVersion\/(\d+(?:\.\d+)?)/) : undefined;
  if (edge) browser = `Edge ${edge}`;
  else if (opera) browser = `Opera ${opera}`;
  else if (firefox) browser = `Firefox ${firefox}`;
  else if (chrome) browser = `${/HeadlessChrome/.test(text) ? 'Headless Chrome' : 'Chrome'} ${chrome}`;
  else if (safari) browser = `Safari ${safari}`;

  let os = '';
  if (/\b(iPhone|iPad|iPod)\b/.test(text)) os = 'iOS';
  else if (/\bAndroid\b/.test(text)) os = 'Android';
  else if (/\bCrOS\b/.test(text)) os = 'ChromeOS';
  else if (/\bWindows\b/.test(text)) os = 'Windows';
  else if (/\bMac OS X\b|\bMacintosh\b/.test(text)) os = 'macOS';
  else if (/\bLinux\b/.test(text)) os = 'Linux';
  return os ? `${browser} on ${os}` : browser;
}
