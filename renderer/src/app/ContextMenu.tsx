import { useCallback } from 'react';
import { contextMenuGroups } from './menu-model';
import { noActionsReason } from '../framework/availability';
import { appStore } from '../state';
import { useUi } from '../state/ui';
import { Menu, type MenuItemSpec } from '../ui/Menu';
import { useEntryStates, useRunEntry } from '../framework/use-commands';
import { isAction } from '../framework/command';
import { submenuItems } from './submenu-items';

/** The tree's context menu: the commands that can run on the selection now (as XenCenter), in groups. */
export function ContextMenu() {
  const cm = useUi((s) => s.contextMenu);
  const setUi = useUi((s) => s.set);
  const run = useRunEntry();
  const selection = cm?.selection ?? [];
  // The row the menu opened on is the selected one (NavTree selects it first): a tag or folder row has its own entries.
  const rowId = useUi((s) => s.selectedNodeId);
  const groups = contextMenuGroups(selection, appStore.getState(), rowId);
  const states = useEntryStates(groups.flat(), selection);
  const close = useCallback((reason: string) => {
    const back = useUi.getState().contextMenu?.returnFocus;
    setUi('contextMenu', null);
    if (reason !== 'outside' && back && back.isConnected) back.focus();
  }, [setUi]);
  if (!cm) return null;
  const items: MenuItemSpec[] = [];
  let k = 0;
  for (const group of groups) {
    const shown = group.filter(() => states[k++].enabled);
    shown.forEach((c, i) => items.push({
      id: c.id, label: c.label, shortcut: isAction(c) ? undefined : c.shortcut, onSelect: () => run(c, selection), separatorBefore: i === 0 && items.length > 0,
      submenu: !isAction(c) && c.submenu ? () => submenuItems(c, selection, appStore.getState(), run) : undefined,
    }));
  }
  // Objects of a server that is not connected, or still loading: say why nothing can be done with them.
  if (items.length === 0) items.push({ id: 'none', label: noActionsReason(selection, appStore.getState()), disabled: true, onSelect: () => {} });
  const x = Math.min(cm.x, window.innerWidth - 200);
  const y = Math.min(cm.y, window.innerHeight - (items.length * 26 + 12));
  return <Menu label="Context menu" items={items} onClose={close} className="context-menu" style={{ position: 'fixed', left: x, top: y }} />;
}
