// Saves text the page made (an exported list, a search) as a file through the browser's download,
// which Electron turns into its save dialog; and starts the download of a file the browser host serves.
export function downloadText(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  // The download has read the blob by then.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Starts a browser download of `url` (the host answers with Content-Disposition: attachment). */
export function startDownload(url: string): void {
  const a = document.createElement('a');
  a.href = url;
  a.download = '';
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
}
