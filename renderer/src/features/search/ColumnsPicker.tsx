// "Columns": which of XenCenter's columns (and custom fields) the results show; Name always. A column
// keeps its width and place; a new one goes at the end.
import { useEffect, useRef, useState } from 'react';
import { columnTitle, customFieldColumn, DEFAULT_COLUMN_WIDTH, type CustomFieldRef } from '../../../../shared/xensearch/query';

// Disks and Network need the per-device throughput XenCenter reads from each host's RRDs: not offered yet.
const OPTIONAL = ['cpu', 'memory', 'ip', 'ha', 'uptime'] as const;

export function ColumnsPicker({ columns, fields, onChange }: {
  columns: ReadonlyArray<{ name: string; width: number }>; fields: readonly CustomFieldRef[]; onChange: (c: Array<{ name: string; width: number }>) => void;
}) {
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return undefined;
    const close = (e: MouseEvent) => { if (!ref.current?.contains(e.target as Node)) setOpen(false); };
    document.addEventListener('mousedown', close);
    return () => document.removeEventListener('mousedown', close);
  }, [open]);
  const names = [...OPTIONAL, ...fields.map((f) => customFieldColumn(f.name))];
  const toggle = (name: string, on: boolean) => {
    const base = columns.some((c) => c.name === 'name') ? [...columns] : [{ name: 'name', width: DEFAULT_COLUMN_WIDTH.name }, ...columns];
    onChange(on ? [...base.filter((c) => c.name !== name), { name, width: DEFAULT_COLUMN_WIDTH[name] ?? 140 }] : base.filter((c) => c.name !== name));
  };
  return (
    <div className="search-columns" ref={ref} onKeyDown={(e) => { if (e.key === 'Escape' && open) { e.stopPropagation(); setOpen(false); } }}>
      <button type="button" aria-expanded={open} aria-haspopup="true" onClick={() => setOpen(!open)}>Columns ▾</button>
      {open ? (
        <fieldset className="search-columns-list">
          <legend className="sr-only">Columns to show</legend>
          {names.map((n) => (
            <label key={n}>
              <input type="checkbox" checked={columns.some((c) => c.name === n)} onChange={(e) => toggle(n, e.currentTarget.checked)} />
              {columnTitle(n)}
            </label>
          ))}
        </fieldset>
      ) : null}
    </div>
  );
}
