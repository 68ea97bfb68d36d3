import { useCallback } from 'react';
import { commandsFor, EXPORT_COMMAND, MIGRATE_COMMAND, POOL_COMMANDS, VM_COMMANDS, type Command } from '../commands';
import { useUi } from '../store/ui';
import { Menu, type MenuItemSpec } from './Menu';
import { useEnabledMask, useRunCommand } from './use-commands';

/** The tree's context menu: the commands that can run on the selection now (as XenCenter). */
export function ContextMenu() {
  const cm = useUi((s) => s.contextMenu);
  const setUi = useUi((s) => s.set);
  const run = useRunCommand();
  const selection = cm?.selection ?? [];
  const base = commandsFor(selection);
  // VMs: the power commands, Migrate to Server…, then Export… (as XenCenter's VM context menu);
  // a pool: Enable HA… / Disable HA, then the server commands.
  const isPool = selection.length > 0 && selection.every((s) => s.cls === 'pool');
  const commands: Command[] = base === VM_COMMANDS ? [...VM_COMMANDS, MIGRATE_COMMAND, EXPORT_COMMAND] : isPool ? [...POOL_COMMANDS, ...base] : base;
  const mask = useEnabledMask(commands, selection);
  const close = useCallback((reason: string) => {
    const back = useUi.getState().contextMenu?.returnFocus;
    setUi('contextMenu', null);
    if (reason !== 'outside' && back && back.isConnected) back.focus();
  }, [setUi]);
  if (!cm) return null;
  const enabled = commands.filter((_c, i) => mask[i]);
  const items: MenuItemSpec[] = enabled.map((c, i) => ({
    id: c.id, label: c.label, onSelect: () => run(c, selection),
    separatorBefore: i > 0 && ((!!c.global && !enabled[i - 1].global) || c === EXPORT_COMMAND || c === MIGRATE_COMMAND
      || (POOL_COMMANDS.includes(enabled[i - 1]) && !POOL_COMMANDS.includes(c))),
  }));
  if (items.length === 0) items.push({ id: 'none', label: 'No actions available', disabled: true, onSelect: () => {} });
  const x = Math.min(cm.x, window.innerWidth - 200);
  const y = Math.min(cm.y, window.innerHeight - (items.length * 26 + 12));
  return <Menu label="Context menu" items={items} onClose={close} className="context-menu" style={{ position: 'fixed', left: x, top: y }} />;
}
