import { downloadWholeWorkshop, fetchOfflineList, formatMegabytes, wholeWorkshopStored } from './offline.ts';

/** The home page's "Make the whole workshop available offline": its size first, then progress, then done. */
export function mountOfflineDownload(root: HTMLElement): void {
  const button = root.querySelector<HTMLButtonElement>('[data-offline-download]')!;
  const status = root.querySelector<HTMLElement>('[data-offline-download-status]')!;
  if (!('caches' in window) || !('serviceWorker' in navigator)) {
    button.disabled = true;
    status.textContent = 'This browser cannot keep the workshop offline here (it needs HTTPS or localhost).';
    return;
  }
  void fetchOfflineList()
    .then((list) => {
      const size = formatMegabytes(list.bytes);
      if (wholeWorkshopStored(list)) {
        button.disabled = true;
        status.textContent = `The whole workshop (${size}) is on this device.`;
        return;
      }
      button.textContent = `Make the whole workshop available offline (${size})`;
      button.addEventListener('click', async () => {
        button.disabled = true;
        try {
          await downloadWholeWorkshop(list, (done) => {
            status.textContent = `Downloading: ${formatMegabytes(done)} of ${size}…`;
          });
          status.textContent = `Done: the whole workshop (${size}) is on this device and works offline.`;
          dispatchEvent(new Event('workshop-offline'));
        } catch (error) {
          button.disabled = false;
          status.textContent = `The download stopped (${error instanceof Error ? error.message : String(error)}). Press the button to try again; what arrived is kept.`;
        }
      });
    })
    .catch(() => {
      button.disabled = true;
      status.textContent = 'The list of files is not available (the site is not built for offline use, or you are offline).';
    });
}
