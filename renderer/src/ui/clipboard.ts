// Puts text on the clipboard: the async Clipboard API where the page may use it, else a hidden text
// area and the copy command, which needs no permission (Electron's hardened session grants none).
export async function copyText(text: string): Promise<void> {
  try {
    if (!navigator.clipboard?.writeText) throw new Error('no Clipboard API');
    await navigator.clipboard.writeText(text);
  } catch {
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    const focused = document.activeElement as HTMLElement | null;
    document.body.appendChild(area);
    area.select();
    const ok = document.execCommand('copy');
    area.remove();
    focused?.focus();
    if (!ok) throw new Error('The clipboard could not be written to');
  }
}
