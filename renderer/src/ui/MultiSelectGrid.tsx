// A grid whose rows can be selected several at once (ui/list-selection.ts: click, Ctrl/Shift-click,
// arrows with Shift or Ctrl, Ctrl+Space, Ctrl+A). The caller keeps the selection.
import { useRef, type KeyboardEvent, type MouseEvent, type ReactNode } from 'react';
import { clickSelect, keySelect, type ListSelection } from './list-selection';

interface Props<R extends { ref: string }> {
  label: string;
  columns: string[];
  rows: R[];
  selection: ListSelection;
  onChange(selection: ListSelection): void;
  cells(row: R): ReactNode[];
  /** Double-click or Enter on a row. */
  onActivate?(row: R): void;
}

export function MultiSelectGrid<R extends { ref: string }>({ label, columns, rows, selection, onChange, cells, onActivate }: Props<R>) {
  const body = useRef<HTMLTableSectionElement>(null);
  const order = rows.map((r) => r.ref);
  const selected = new Set(selection.ids);
  const focusIndex = Math.max(0, selection.focus === null ? order.indexOf(selection.ids[0]) : order.indexOf(selection.focus));
  const mods = (e: KeyboardEvent | MouseEvent) => ({ ctrl: e.ctrlKey || e.metaKey, shift: e.shiftKey });
  const onKey = (e: KeyboardEvent, row: R) => {
    if (e.key === 'Enter' && onActivate) { e.preventDefault(); onActivate(row); return; }
    const next = keySelect(order, { ...selection, focus: row.ref }, e.key, mods(e));
    if (!next) return;
    e.preventDefault();
    onChange(next);
    const i = next.focus === null ? -1 : order.indexOf(next.focus);
    (body.current?.children[i] as HTMLElement | undefined)?.focus();
  };
  return (
    <table className="grid net-grid multi-grid" role="grid" aria-label={label} aria-multiselectable>
      <thead><tr>{columns.map((c) => <th key={c}>{c}</th>)}</tr></thead>
      <tbody ref={body}>
        {rows.map((r, i) => (
          <tr
            key={r.ref}
            aria-selected={selected.has(r.ref)}
            className={selected.has(r.ref) ? 'selected' : undefined}
            tabIndex={i === focusIndex ? 0 : -1}
            // Shift-click would also select the page's text.
            onMouseDown={(e) => { if (e.shiftKey) e.preventDefault(); }}
            onClick={(e) => onChange(clickSelect(order, selection, r.ref, mods(e)))}
            onDoubleClick={onActivate ? () => onActivate(r) : undefined}
            onFocus={() => { if (selection.ids.length === 0) onChange({ ids: [r.ref], anchor: r.ref, focus: r.ref }); }}
            onKeyDown={(e) => onKey(e, r)}
          >
            {cells(r).map((c, j) => <td key={columns[j]}>{c}</td>)}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
