// A command's submenu as menu items (the menu bar's and the context menu's alike): each entry greyed with its
// reason when it cannot run on the selection, read when the submenu opens.
import { commandState } from '../framework/availability';
import type { Command, Selection } from '../framework/command';
import type { StoreView } from '../state/store';
import type { MenuItemSpec } from '../ui/Menu';

export function submenuItems(cmd: Command, selection: Selection, store: StoreView,
  run: (cmd: Command, selection: Selection) => void): MenuItemSpec[] {
  return (cmd.submenu?.(selection, store) ?? []).map(({ command, checked, separatorBefore }) => {
    const st = commandState(command, selection, store);
    return {
      id: command.id, label: command.label, disabled: !st.enabled, title: st.enabled ? undefined : st.reason,
      checked, separatorBefore, onSelect: () => run(command, selection),
    };
  });
}
