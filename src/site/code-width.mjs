/**
 * A Shiki transformer that writes each code block's longest line, in
 * characters, as `--columns` on its <pre>. The stylesheet sizes the block's
 * font from it (src/styles/global.css), so a text diagram drawn in columns
 * fits its box instead of running out of it.
 */
export function codeWidth() {
  return {
    name: 'code-width',
    pre(node) {
      const columns = Math.max(1, ...this.source.split('\n').map((line) => [...line].length));
      const style = typeof node.properties.style === 'string' ? node.properties.style : '';
      node.properties.style = `${style}${style && !style.endsWith(';') ? ';' : ''}--columns:${columns}`;
    },
  };
}
