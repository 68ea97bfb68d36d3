// A popup menu (role menu / menuitem), keyboard navigable; used by the menu bar and the tree's
// context menu.
import { useEffect, useRef, type CSSProperties, type KeyboardEvent } from 'react';

export interface MenuItemSpec {
  id: string;
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
      default:
        if (e.key.length === 1) {
          const k = items.findIndex((it, j) => j > i && it.label.toLowerCase().startsWith(e.key.toLowerCase()));
          const k2 = k >= 0 ? k : items.findIndex((it) => it.label.toLowerCase().startsWith(e.key.toLowerCase()));
          if (k2 >= 0) focusAt(k2);
          break;
        }
        return;
    }
    e.preventDefault();
    e.stopPropagation();
  };

  return (
    <div role="menu" aria-label={label} id={id} ref={ref} className={`menu ${className ?? ''}`} style={style} onKeyDown={onKeyDown}>
      {items.map((it) => (
        <div key={it.id} className="menu-entry">
          {it.separatorBefore ? <div role="separator" className="menu-separator" /> : null}
          <div
            role={it.checked === undefined ? 'menuitem' : 'menuitemcheckbox'}
            aria-checked={it.checked === undefined ? undefined : it.checked}
            aria-disabled={it.disabled ? true : undefined}
            title={it.title}
            tabIndex={-1}
            className={`menu-item${it.disabled ? ' disabled' : ''}`}
            onClick={() => { if (!it.disabled) { onClose('select'); it.onSelect(); } }}
          >
            <span className="menu-check" aria-hidden="true">{it.checked ? '✓' : ''}</span>
            <span className="menu-label">{it.label}</span>
            {it.shortcut ? <span className="menu-shortcut" aria-hidden="true">{it.shortcut}</span> : null}
          </div>
        </div>
      ))}
    </div>
  );
}
