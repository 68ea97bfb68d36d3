// Ctrl+K (Cmd+K on macOS) opens the command palette from anywhere in the window, except inside a VM's console
// (its keys are the VM's) or over another dialog (shortcutsApply). Captured first: the browser's own Ctrl+K
// (the address bar's search) must not take it in the browser host.
import { useEffect } from 'react';
import { useUi } from '../../state/ui';
import { shortcutsApply } from '../shortcuts';
import { PALETTE_ID } from './sources';

const IS_MAC = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
export const PALETTE_SHORTCUT = IS_MAC ? 'Cmd+K' : 'Ctrl+K';

/** Whether a key press is the palette's shortcut on this platform. */
export function isPaletteKey(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>, mac = IS_MAC): boolean {
  if (e.key.toLowerCase() !== 'k' || e.altKey || e.shiftKey) return false;
  return mac ? e.metaKey && !e.ctrlKey : e.ctrlKey && !e.metaKey;
}

export function PaletteShortcut() {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!isPaletteKey(e)) return;
      // Pressed again while it is open: still ours, not the browser's address bar.
      if (useUi.getState().dialog?.kind === PALETTE_ID) { e.preventDefault(); return; }
      if (!shortcutsApply(e.target)) return;
      e.preventDefault();
      e.stopPropagation();
      useUi.getState().openDialog(PALETTE_ID);
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, []);
  return null;
}
