import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { ALL_SERVERS_COMMANDS, SERVER_COMMANDS } from '../features/servers/commands';
import { EXPORT_COMMAND } from '../features/transfer/commands';
import { MEMBERSHIP_COMMANDS } from '../features/pool-membership/commands';
import { MIGRATE_COMMAND } from '../features/migrate/commands';
import { OPERATIONS_COMMAND } from '../features/operations/command';
import { POOL_COMMANDS } from '../features/ha/commands';
import { VM_COMMANDS } from '../features/vm-power/commands';
import { type Command } from '../framework/command';
import { type CommandState } from '../framework/availability';
import { DELETE_VM_COMMAND, LIFECYCLE_COMMANDS, SNAPSHOT_COMMANDS } from '../features/vm-lifecycle/commands';
import { HOST_COMMANDS } from '../features/host-maintenance/commands';
import { NEW_VM_COMMAND } from '../features/new-vm/command';
import { useServerList } from '../features/servers/server-list';
import { useUi } from '../state/ui';
import { Menu, type MenuItemSpec } from '../ui/Menu';
import { useCommandStates, useRunCommand } from '../framework/use-commands';
import { useDemo } from './use-demo';
import { altKeyLetter, assignMnemonics, mnemonicKey } from '../ui/mnemonics';
import { MnemonicLabel } from '../ui/MnemonicLabel';

/** Keys typed into a VM's console, or while a modal dialog is up, are not the menu bar's. */
function keysBelongElsewhere(target: EventTarget | null): boolean {
  if (target instanceof Element && target.closest('[data-console-screen]')) return true;
  return document.querySelector('[aria-modal="true"]') !== null;
}

export function MenuBar() {
  const [open, setOpen] = useState<number | null>(null);
  const barRef = useRef<HTMLDivElement>(null);
  const ui = useUi();
  const run = useRunCommand();
  const vmStates = useCommandStates(VM_COMMANDS, ui.selection);
  const [exportState, migrateState, operationsState] = useCommandStates([EXPORT_COMMAND, MIGRATE_COMMAND, OPERATIONS_COMMAND], ui.selection);
  // Take Snapshot…, Copy VM…, Delete VM…
  const lifecycleStates = useCommandStates(LIFECYCLE_COMMANDS, ui.selection);
  // A snapshot selected in the tree: New VM from Snapshot…, Revert To…, Delete Snapshot…
  const snapshotStates = useCommandStates(SNAPSHOT_COMMANDS, ui.selection);
  const [newVmState] = useCommandStates([NEW_VM_COMMAND], ui.selection);
  // Pool: membership, then HA. Server: connection commands, membership, then the all-servers ones.
  const poolCommands = [...MEMBERSHIP_COMMANDS, ...POOL_COMMANDS];
  const poolStates = useCommandStates(poolCommands, ui.selection);
  const serverCommands = [...SERVER_COMMANDS, ...MEMBERSHIP_COMMANDS, ...HOST_COMMANDS, ...ALL_SERVERS_COMMANDS];
  const serverStates = useCommandStates(serverCommands, ui.selection);
  /** A command's menu item: greyed with the reason as its tooltip when it cannot run. */
  const item = (c: Command, st: CommandState, extra: Partial<MenuItemSpec> = {}): MenuItemSpec => ({
    id: c.id, label: c.label, disabled: !st.enabled, title: st.enabled ? undefined : st.reason, onSelect: () => run(c, ui.selection), ...extra,
  });
  const startsGroup = (list: Command[], i: number, groups: Command[][]): boolean => i > 0 && groups.some((g) => g[0] === list[i]);
  const openDemo = useDemo();
  const list = useServerList();

  const menus: Array<{ label: string; items: MenuItemSpec[] }> = [
    {
      label: '&File',
      items: [
        { id: 'add', label: 'Add Server', onSelect: () => ui.set('addServerOpen', true) },
        { id: 'demo', label: 'Open Demo Pool', disabled: openDemo.busy, title: openDemo.busy ? 'The demo pool is starting' : undefined, onSelect: () => openDemo() },
        { id: 'vm.import', label: 'Import…', separatorBefore: true, onSelect: () => ui.set('importVmOpen', true) },
        { id: 'export', label: 'Export Server List…', separatorBefore: true, onSelect: () => list.exportList() },
        { id: 'import', label: 'Import Server List…', onSelect: () => list.importList() },
        { id: 'passwords', label: 'Password Storage…', separatorBefore: true, onSelect: () => ui.set('passwordStorageOpen', true) },
      ],
    },
    {
      label: '&View',
      items: [
        { id: 'tpl.custom', label: 'Show Custom Templates', checked: ui.showCustomTemplates, onSelect: () => ui.set('showCustomTemplates', !ui.showCustomTemplates) },
        { id: 'tpl.default', label: 'Show Default Templates', checked: ui.showDefaultTemplates, onSelect: () => ui.set('showDefaultTemplates', !ui.showDefaultTemplates) },
        { id: 'local', label: 'Show Local Storage', checked: ui.showLocalStorage, onSelect: () => ui.set('showLocalStorage', !ui.showLocalStorage) },
        { id: 'snap', label: 'Show Snapshots', checked: ui.showSnapshots, onSelect: () => ui.set('showSnapshots', !ui.showSnapshots) },
        { id: 'net', label: 'Show Networks', checked: ui.showNetworks, onSelect: () => ui.set('showNetworks', !ui.showNetworks) },
        { id: 'hidden', label: 'Show Hidden Objects', checked: ui.showHidden, onSelect: () => ui.set('showHidden', !ui.showHidden) },
        // XenCenter's organisation views; choosing the checked one goes back to Infrastructure.
        { id: 'view.tags', label: 'Objects by Tag', separatorBefore: true, checked: ui.treeView === 'tags', onSelect: () => ui.chooseTreeView(ui.treeView === 'tags' ? 'infrastructure' : 'tags') },
        { id: 'view.folders', label: 'Objects by Folder', checked: ui.treeView === 'folders', onSelect: () => ui.chooseTreeView(ui.treeView === 'folders' ? 'infrastructure' : 'folders') },
        { id: 'events', label: 'Events Panel', checked: ui.eventsOpen, separatorBefore: true, onSelect: () => ui.set('eventsOpen', !ui.eventsOpen) },
      ],
    },
    {
      label: '&Server',
      items: [
        { id: 'server.add', label: 'Add Server', onSelect: () => ui.set('addServerOpen', true) },
        ...serverCommands.map((c, i) => item(c, serverStates[i], {
          separatorBefore: i === 0 || startsGroup(serverCommands, i, [MEMBERSHIP_COMMANDS, HOST_COMMANDS, ALL_SERVERS_COMMANDS]),
        })),
      ],
    },
    {
      label: '&Pool',
      items: poolCommands.map((c, i) => item(c, poolStates[i], { separatorBefore: startsGroup(poolCommands, i, [POOL_COMMANDS]) })),
    },
    {
      label: 'V&M',
      items: [
        item(NEW_VM_COMMAND, newVmState),
        ...VM_COMMANDS.map((c, i) => item(c, vmStates[i], { separatorBefore: i === 0 })),
        item(MIGRATE_COMMAND, migrateState, { separatorBefore: true }),
        ...LIFECYCLE_COMMANDS.slice(0, 2).map((c, i) => item(c, lifecycleStates[i], { separatorBefore: i === 0 })),
        ...SNAPSHOT_COMMANDS.map((c, i) => item(c, snapshotStates[i], { separatorBefore: i === 0 })),
        item(EXPORT_COMMAND, exportState, { separatorBefore: true }),
        item(DELETE_VM_COMMAND, lifecycleStates[2], { separatorBefore: true }),
      ],
    },
    {
      label: '&Tools',
      items: [item(OPERATIONS_COMMAND, operationsState)],
    },
    {
      label: '&Help',
      items: [{ id: 'about', label: 'About XenClient', onSelect: () => ui.set('aboutOpen', true) }],
    },
  ];

  const titles = assignMnemonics(menus.map((m) => m.label));

  // Alt+letter opens that menu; Alt pressed and released alone moves the focus to the menu bar (Windows).
  const titleKeys = titles.map(mnemonicKey).join('');
  useEffect(() => {
    let altAlone = false;
    const onDown = (e: globalThis.KeyboardEvent) => {
      if (e.key === 'Alt') { altAlone = !e.repeat && !e.ctrlKey && !e.metaKey && !e.shiftKey; return; }
      altAlone = false;
      if (!e.altKey || e.ctrlKey || e.metaKey || keysBelongElsewhere(e.target)) return;
      const letter = altKeyLetter(e.code);
      const i = letter ? [...titleKeys].indexOf(letter) : -1;
      if (i < 0) return;
      e.preventDefault();
      setOpen(i);
    };
    const onUp = (e: globalThis.KeyboardEvent) => {
      if (e.key !== 'Alt' || !altAlone) return;
      altAlone = false;
      if (keysBelongElsewhere(e.target)) return;
      e.preventDefault();
      if (!barRef.current?.contains(document.activeElement)) barRef.current?.querySelector<HTMLElement>('[data-menubar-item]')?.focus();
    };
    const reset = () => { altAlone = false; };
    window.addEventListener('keydown', onDown);
    window.addEventListener('keyup', onUp);
    window.addEventListener('pointerdown', reset, true);
    return () => {
      window.removeEventListener('keydown', onDown);
      window.removeEventListener('keyup', onUp);
      window.removeEventListener('pointerdown', reset, true);
    };
  }, [titleKeys]);

  const buttons = () => [...(barRef.current?.querySelectorAll<HTMLElement>('[data-menubar-item]') ?? [])];
  const close = useCallback((reason: string) => {
    setOpen((cur) => {
      if (cur != null && reason !== 'outside' && reason !== 'select') buttons()[cur]?.focus();
      return null;
    });
  }, []);

  const onBarKey = (e: KeyboardEvent, i: number) => {
    const all = buttons();
    if (e.key === 'ArrowRight') all[(i + 1) % all.length]?.focus();
    else if (e.key === 'ArrowLeft') all[(i - 1 + all.length) % all.length]?.focus();
    else if (e.key === 'ArrowDown' || e.key === 'Enter' || e.key === ' ') setOpen(i);
    else if (e.key.length === 1 && !e.ctrlKey && !e.metaKey && !e.altKey) {
      // On the bar (F10, Alt), a menu's access key opens it.
      const k = titles.findIndex((t) => mnemonicKey(t) === e.key.toLowerCase());
      if (k < 0) return;
      setOpen(k);
    } else return;
    e.preventDefault();
  };

  return (
    <div role="menubar" aria-label="Main menu" className="menubar" ref={barRef}>
      {menus.map((m, i) => (
        <div key={titles[i].text} className="menubar-slot">
          <button
            type="button"
            role="menuitem"
            data-menubar-item
            aria-haspopup="menu"
            aria-expanded={open === i}
            aria-keyshortcuts={titles[i].index >= 0 ? `Alt+${titles[i].text[titles[i].index].toUpperCase()}` : undefined}
            tabIndex={i === 0 ? 0 : -1}
            className={`menubar-item${open === i ? ' open' : ''}`}
            onClick={() => setOpen(open === i ? null : i)}
            onMouseEnter={() => { if (open != null && open !== i) setOpen(i); }}
            onKeyDown={(e) => onBarKey(e, i)}
          >
            <MnemonicLabel m={titles[i]} />
          </button>
          {open === i ? (
            <Menu
              label={titles[i].text}
              items={m.items}
              onClose={close}
              onNavigate={(d) => setOpen((i + d + menus.length) % menus.length)}
              className="dropdown"
            />
          ) : null}
        </div>
      ))}
    </div>
  );
}
