// A grid of rows with one selected row (click, or arrows/Home/End), shared by the Networking tab's lists.
import type { KeyboardEvent, ReactNode } from 'react';

interface Props<R extends { ref: string }> {
  label: string;
  columns: string[];
  rows: R[];
  selected: string | null;
  onSelect(ref: string): void;
  cells(row: R): ReactNode[];
}

export function SelectGrid<R extends { ref: string }>({ label, columns, rows, selected, onSelect, cells }: Props<R>) {
  const current = rows.findIndex((r) => r.ref === selected);
  const onKey = (e: KeyboardEvent, i: number) => {
    const next = e.key === 'ArrowDown' ? i + 1 : e.key === 'ArrowUp' ? i - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? rows.length - 1 : -2;
    if (next === -2 || next < 0 || next >= rows.length) return;
    e.preventDefault();
    onSelect(rows[next].ref);
    (e.currentTarget.parentElement?.children[next] as HTMLElement | undefined)?.focus();
  };
  return (
    <table className="grid net-grid" role="grid" aria-label={label}>
      <thead><tr>{columns.map((c) => <th key={c}>{c}</th>)}</tr></thead>
      <tbody>
        {rows.map((r, i) => (
          <tr
            key={r.ref}
            aria-selected={r.ref === selected}
            className={r.ref === selected ? 'selected' : undefined}
            tabIndex={i === current || (current < 0 && i === 0) ? 0 : -1}
            onClick={() => onSelect(r.ref)}
            onFocus={() => onSelect(r.ref)}
            onKeyDown={(e) => onKey(e, i)}
          >
            {cells(r).map((c, j) => <td key={columns[j]}>{c}</td>)}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
