// The command palette (Ctrl+K): one text field over every command that applies to the selection, every object
// the tree shows, and "<command> <object>" / "<object> <tab>" combinations. Keyboard first: type, ArrowUp/Down,
// Enter runs, Escape closes (ui/Dialog returns the focus). WAI-ARIA combobox + listbox. A command runs through
// useRunEntry, the path of its menu item (its dialog, its question, its task in the Events panel).
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { appStore } from '../../state';
import { revealInTree, useUi } from '../../state/ui';
import { Dialog } from '../../ui/Dialog';
import { NodeIcon } from '../../ui/Icons';
import { commandState } from '../../framework/availability';
import { installedFeatures } from '../../framework/registry';
import { useRunEntry } from '../../framework/use-commands';
import { isAction, type MenuEntry } from '../../framework/command';
import { buildInfrastructureTree } from '../../tree/build-tree';
import { treeOptions } from '../../tree/visibility';
import { searchPalette, type PaletteObject, type PaletteRow } from './model';
import { paletteSources } from './sources';
import { rowText } from './row-text';
import './palette.css';

type Row = PaletteRow<MenuEntry>;

/** Moves the focus to what the palette chose once it is drawn (the tree scrolls to a revealed row within a few
 * frames), so the keyboard carries on from there; gives up quietly after a short while. */
function focusWhenShown(selector: string, frames = 20): void {
  requestAnimationFrame(() => {
    const el = document.querySelector<HTMLElement>(selector);
    if (el && document.querySelector('[aria-modal="true"]') === null) el.focus();
    else if (frames > 0) focusWhenShown(selector, frames - 1);
  });
}
const treeRow = (key: string) => `[role="tree"] [role="treeitem"][data-node-id="${CSS.escape(key)}"][aria-selected="true"]`;

/** Whether the row can run now: its state when the palette opened, asked again (a task may have moved the VM). */
function runnable(row: Row): boolean {
  if (row.type === 'object' || row.type === 'tab') return true;
  if (!row.item.enabled) return false;
  const e = row.item.entry;
  if (isAction(e)) return true;
  const selection = row.type === 'entry-on' ? [row.obj.target] : useUi.getState().selection;
  return commandState(e, selection, appStore.getState()).enabled;
}

export function CommandPalette() {
  const closeDialog = useUi((s) => s.closeDialog);
  const runEntry = useRunEntry();
  // Built once per opening: the object index over every connected pool, the entries' states on the selection.
  const sources = useMemo(() => {
    const ui = useUi.getState();
    const store = appStore.getState();
    const tree = buildInfrastructureTree({ connections: [...store.connections.values()], objects: store.objects, ...treeOptions(ui) });
    return paletteSources(installedFeatures(), tree, ui.selection, store, ui);
  }, []);
  const [query, setQuery] = useState('');
  const rows = useMemo(() => searchPalette(query, sources), [query, sources]);
  // The best row is the active one whenever the text changes.
  const [active, setActive] = useState(0);
  const listId = useId();
  const optionId = (i: number) => `${listId}-o${i}`;
  const listRef = useRef<HTMLUListElement>(null);
  useEffect(() => {
    listRef.current?.querySelector(`[data-index="${active}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [active]);

  const choose = (row: Row | undefined) => {
    if (!row || !runnable(row)) return;
    closeDialog();
    switch (row.type) {
      case 'entry': runEntry(row.item.entry, useUi.getState().selection); break;
      case 'entry-on': runEntry(row.item.entry, [row.obj.target]); break;
      case 'object': revealInTree(row.obj.target); focusWhenShown(treeRow(row.obj.key)); break;
      case 'tab':
        revealInTree(row.obj.target);
        useUi.getState().chooseTab(row.obj.kind, row.tab.id);
        focusWhenShown(`[role="tab"][aria-selected="true"][id$="-tab-${CSS.escape(row.tab.id)}"]`);
        break;
    }
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    // An input method still composing owns its Enter and arrows.
    if (e.nativeEvent.isComposing) return;
    const n = rows.length;
    if (e.key === 'ArrowDown' && n) setActive((active + 1) % n);
    else if (e.key === 'ArrowUp' && n) setActive((active - 1 + n) % n);
    else if (e.key === 'PageDown' && n) setActive(Math.min(n - 1, active + 10));
    else if (e.key === 'PageUp' && n) setActive(Math.max(0, active - 10));
    else if (e.key === 'Enter') choose(rows[active]);
    else return;
    e.preventDefault();
  };

  return (
    <Dialog title="Command Palette" onCancel={closeDialog} className="palette">
      <input
        type="text"
        role="combobox"
        aria-label="Command or object"
        aria-expanded={rows.length > 0}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={rows.length ? optionId(active) : undefined}
        placeholder="Type a command or an object's name: “reboot web-01”, “web-01 console”"
        className="palette-input"
        value={query}
        onChange={(e) => { setQuery(e.target.value); setActive(0); }}
        onKeyDown={onKeyDown}
        spellCheck={false}
        autoComplete="off"
      />
      <ul role="listbox" id={listId} aria-label="Commands and objects" className="palette-list" ref={listRef}>
        {rows.map((row, i) => <Option key={row.key} row={row} id={optionId(i)} index={i} active={i === active} onPick={() => choose(row)} onHover={() => setActive(i)} />)}
      </ul>
      {rows.length === 0 ? <p className="palette-empty" role="status">{query.trim() ? 'No command or object matches' : 'No commands'}</p> : null}
      <p className="palette-keys" aria-hidden="true"><kbd>↑</kbd><kbd>↓</kbd> move <kbd>Enter</kbd> run or select <kbd>Esc</kbd> close</p>
    </Dialog>
  );
}

function ObjectIcon({ obj }: { obj: PaletteObject }) {
  return <NodeIcon node={{ id: obj.key, kind: obj.kind, cls: obj.target.cls, connectionId: obj.target.connectionId, ref: obj.target.ref, name: obj.name, children: [], state: obj.state }} />;
}

function Option({ row, id, index, active, onPick, onHover }: { row: Row; id: string; index: number; active: boolean; onPick(): void; onHover(): void }) {
  const t = rowText(row);
  const disabled = row.type === 'entry' || row.type === 'entry-on' ? !row.item.enabled : false;
  const obj = row.type === 'entry' ? undefined : row.obj;
  return (
    <li
      role="option"
      id={id}
      data-index={index}
      aria-selected={active}
      aria-disabled={disabled || undefined}
      title={disabled ? t.detail : undefined}
      className={`palette-option${active ? ' active' : ''}${disabled ? ' disabled' : ''}`}
      // The focus stays in the text field: a pointer may pick too, but the keyboard is never lost.
      onMouseDown={(e) => { e.preventDefault(); onPick(); }}
      onMouseMove={active ? undefined : onHover}
    >
      <span className="palette-icon" aria-hidden="true">{obj ? <ObjectIcon obj={obj} /> : <span className="palette-cmd-icon">›</span>}</span>
      <span className="palette-text">
        <span className="palette-label">{t.label}</span>
        {t.detail ? <span className="palette-detail">{t.detail}</span> : null}
      </span>
      {t.shortcut ? <kbd className="palette-shortcut">{t.shortcut}</kbd> : null}
    </li>
  );
}
