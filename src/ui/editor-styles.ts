/**
 * Monaco's stylesheets, added to the page by its modules as they load (see
 * src/site/monaco-styles.mjs): one <style> element, in import order, so the
 * cascade is the one Monaco was written for.
 */
let sheet: HTMLStyleElement | undefined;

export function addEditorStyle(css: string): void {
  if (!sheet) {
    sheet = document.createElement('style');
    sheet.dataset.editorStyles = '';
    // First in <head>: the page's own styles come after, and win where both set something.
    document.head.prepend(sheet);
  }
  sheet.append(document.createTextNode(`${css}\n`));
}
