// A popup menu (role menu / menuitem), keyboard navigable; used by the menu bar and the tree's
// context menu. Each item has an access key (underlined): typing it picks the item, or, when several
// items share it, moves to the next of them, as Windows menus do.
import { useEffect, useMemo, useRef, type CSSProperties, type KeyboardEvent } from 'react';
import { assignMnemonics, entriesForKey, mnemonicKey } from './mnemonics';
import { MnemonicLabel } from './MnemonicLabel';

export interface MenuItemSpec {
  id: string;
  /** The label; "&" marks its access key ("Open &Demo Pool"), else one is chosen. */
  label: string;
  disabled?: boolean;
  /** The tooltip: for a disabled item, why it cannot be chosen. */
  title?: string;
  /** For menuitemcheckbox. */
  checked?: boolean;
  separatorBefore?: boolean;
  shortcut?: string;
  onSelect(): void;
}

interface MenuProps {
  label: string;
  items: MenuItemSpec[];
  onClose(reason: 'escape' | 'select' | 'outside' | 'tab'): void;
  /** Left/Right inside a menu bar's menu. */
  onNavigate?(dir: -1 | 1): void;
  style?: CSSProperties;
  className?: string;
  id?: string;
}

export function Menu({ label, items, onClose, onNavigate, style, className, id }: MenuProps) {
  const ref = useRef<HTMLDivElement>(null);
  const mnemonics = useMemo(() => assignMnemonics(items.map((it) => it.label)), [items]);
  useEffect(() => {
    const first = ref.current?.querySelector<HTMLElement>('[role^="menuitem"]');
    first?.focus();
    const onDown = (e: PointerEvent) => {
      if (ref.current && !ref.current.contains(e.target as Node)) onClose('outside');
    };
    const t = setTimeout(() => document.addEventListener('pointerdown', onDown, true), 0);
    return () => { clearTimeout(t); document.removeEventListener('pointerdown', onDown, true); };
  }, [onClose]);

  const focusAt = (k: number) => {
    const all = [...(ref.current?.querySelectorAll<HTMLElement>('[role^="menuitem"]') ?? [])];
    if (all.length === 0) return;
    all[(k + all.length) % all.length].focus();
  };
  const currentIndex = () => {
    const all = [...(ref.current?.querySelectorAll<HTMLElement>('[role^="menuitem"]') ?? [])];
    return all.indexOf(document.activeElement as HTMLElement);
  };

  const onKeyDown = (e: KeyboardEvent) => {
    const i = currentIndex();
    switch (e.key) {
      case 'ArrowDown': focusAt(i + 1); break;
      case 'ArrowUp': focusAt(i - 1); break;
      case 'Home': focusAt(0); break;
      case 'End': focusAt(-1); break;
      case 'Escape': onClose('escape'); break;
      case 'Tab': onClose('tab'); return;
      case 'ArrowLeft': if (onNavigate) onNavigate(-1); else return; break;
      case 'ArrowRight': if (onNavigate) onNavigate(1); else return; break;
      case 'Enter':
      case ' ': {
        const item = items[i];
        if (item && !item.disabled) { onClose('select'); item.onSelect(); }
        break;
      }
      default: {
        // Alt+letter belongs to the menu bar (another menu), Ctrl/Meta to shortcuts.
        if (e.key.length !== 1 || e.ctrlKey || e.metaKey || e.altKey) return;
        const hits = entriesForKey(mnemonics, e.key);
        if (hits.length === 1) {
          const item = items[hits[0]];
          focusAt(hits[0]);
          if (!item.disabled) { onClose('select'); item.onSelect(); }
        } else if (hits.length > 1) {
          focusAt(hits.find((k) => k > i) ?? hits[0]);
        }
        break;
      }
    }
    e.preventDefault();
    e.stopPropagation();
  };

  return (
    <div role="menu" aria-label={label} id={id} ref={ref} className={`menu ${className ?? ''}`} style={style} onKeyDown={onKeyDown}>
      {items.map((it, n) => (
        <div key={it.id} className="menu-entry">
          {it.separatorBefore ? <div role="separator" className="menu-separator" /> : null}
          <div
            role={it.checked === undefined ? 'menuitem' : 'menuitemcheckbox'}
            aria-checked={it.checked === undefined ? undefined : it.checked}
            aria-disabled={it.disabled ? true : undefined}
            title={it.title}
            aria-keyshortcuts={mnemonicKey(mnemonics[n])?.toUpperCase()}
            tabIndex={-1}
            className={`menu-item${it.disabled ? ' disabled' : ''}`}
            onClick={() => { if (!it.disabled) { onClose('select'); it.onSelect(); } }}
          >
            <span className="menu-check" aria-hidden="true">{it.checked ? '✓' : ''}</span>
            <span className="menu-label"><MnemonicLabel m={mnemonics[n]} /></span>
            {it.shortcut ? <span className="menu-shortcut" aria-hidden="true">{it.shortcut}</span> : null}
          </div>
        </div>
      ))}
    </div>
  );
}
