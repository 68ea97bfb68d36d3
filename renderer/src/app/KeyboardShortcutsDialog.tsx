// Help > Keyboard Shortcuts: the shortcuts of the menus' commands, grouped by menu (keyboard-shortcuts.ts).
import { useMemo } from 'react';
import { useUi } from '../state/ui';
import { Dialog } from '../ui/Dialog';
import { installedFeatures } from '../framework/registry';
import { shortcutSections } from './keyboard-shortcuts';

export const KEYBOARD_SHORTCUTS_DIALOG = 'keyboardShortcuts';

export function KeyboardShortcutsDialog() {
  const close = useUi((s) => s.closeDialog);
  const sections = useMemo(() => shortcutSections(installedFeatures()), []);
  return (
    <Dialog title="Keyboard Shortcuts" onCancel={close} className="shortcuts-dialog">
      <div className="shortcuts-list">
        {sections.map((s) => (
          <table key={s.menu} className="shortcuts-table">
            <caption>{s.menu}</caption>
            <tbody>
              {s.rows.map((r) => (
                <tr key={`${r.label}|${r.shortcut}`}><th scope="row">{r.label}</th><td><kbd>{r.shortcut}</kbd></td></tr>
              ))}
            </tbody>
          </table>
        ))}
      </div>
      <div className="dialog-buttons"><button type="button" className="primary" onClick={close}>OK</button></div>
    </Dialog>
  );
}
