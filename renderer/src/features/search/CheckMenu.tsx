// A button that opens a list of check boxes ("Search for", "Columns"): compact, closed by Escape or a
// click elsewhere.
import { useEffect, useRef, useState } from 'react';

export function CheckMenu({ button, title, items, onToggle }: {
  button: string; title: string; items: ReadonlyArray<{ id: string; label: string; checked: boolean }>; onToggle: (id: string, on: boolean) => void;
}) {
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return undefined;
    const close = (e: MouseEvent) => { if (!ref.current?.contains(e.target as Node)) setOpen(false); };
    document.addEventListener('mousedown', close);
    return () => document.removeEventListener('mousedown', close);
  }, [open]);
  return (
    <div className="check-menu" ref={ref} onKeyDown={(e) => { if (e.key === 'Escape' && open) { e.stopPropagation(); setOpen(false); } }}>
      <button type="button" aria-expanded={open} aria-label={`${title}: ${button}`} onClick={() => setOpen(!open)}>
        <span className="check-menu-text">{button}</span> <span aria-hidden="true">▾</span>
      </button>
      {open ? (
        <fieldset className="check-menu-list">
          <legend className="sr-only">{title}</legend>
          {items.map((i) => (
            <label key={i.id}>
              <input type="checkbox" checked={i.checked} onChange={(e) => onToggle(i.id, e.currentTarget.checked)} />
              {i.label}
            </label>
          ))}
        </fieldset>
      ) : null}
    </div>
  );
}
