// The Alerts view's filters, as XenCenter's toolbar: Filter by Location (each server or pool, and
// beyond XenCenter the objects selected in the tree), Filter by Severity, Filter by Date (with a custom range), and a text box.
import { useEffect, useRef, useState, type CSSProperties, type ReactNode } from 'react';
import { useApp } from '../../state';
import { serverName } from '../../framework/availability';
import { useAlertsUi } from './alerts-ui';
import { SEVERITY_DETAILS, SEVERITY_WORDS, type Alert } from './alert-text';
import { DATE_RANGE_WORDS, type DateRange } from './filters';
import { SeverityIcon } from './SeverityIcon';

/** A button that opens a panel of check boxes; Escape or a click outside closes it. */
function FilterPopup({ label, active, children }: { label: string; active: boolean; children: ReactNode }) {
  // Where the panel opens: fixed to the window, above the button, so the bottom panel's scrolling body cannot clip it.
  const [open, setOpen] = useState<CSSProperties | null>(null);
  const ref = useRef<HTMLDivElement>(null);
  const toggle = (button: HTMLElement) => {
    if (open) { setOpen(null); return; }
    const r = button.getBoundingClientRect();
    setOpen({ position: 'fixed', left: Math.max(4, Math.min(r.left, window.innerWidth - 240)), bottom: window.innerHeight - r.top + 4 });
  };
  useEffect(() => {
    if (!open) return;
    const onDown = (e: PointerEvent) => { if (ref.current && !ref.current.contains(e.target as Node)) setOpen(null); };
    document.addEventListener('pointerdown', onDown);
    return () => document.removeEventListener('pointerdown', onDown);
  }, [open]);
  return (
    <div className="alerts-filter" ref={ref} onKeyDown={(e) => { if (e.key === 'Escape' && open) { e.stopPropagation(); setOpen(null); } }}>
      <button type="button" className={`alerts-button${active ? ' filtering' : ''}`} aria-expanded={open !== null} aria-haspopup="true" onClick={(e) => toggle(e.currentTarget)}>
        {label}{active ? ' (on)' : ''} <span aria-hidden="true" className="ctb-caret">▾</span>
      </button>
      {open ? <div className="alerts-popup" role="group" aria-label={label} style={open}>{children}</div> : null}
    </div>
  );
}

const toggled = <T,>(set: ReadonlySet<T>, v: T): Set<T> => { const n = new Set(set); if (!n.delete(v)) n.add(v); return n; };

/** A datetime-local value (local time) and back. */
const localInput = (ms: number | undefined): string => {
  if (ms === undefined) return '';
  const d = new Date(ms - new Date(ms).getTimezoneOffset() * 60_000);
  return d.toISOString().slice(0, 16);
};
const fromInput = (v: string): number | undefined => (v ? new Date(v).getTime() : undefined);

export function AlertFilterBar({ alerts }: { alerts: readonly Alert[] }) {
  const filters = useAlertsUi((s) => s.filters);
  const setFilters = useAlertsUi((s) => s.setFilters);
  // Every connected server is offered, also one without alerts (XenCenter lists them all).
  const servers = useApp((s) => JSON.stringify([...s.connections.values()].map((c) => [c.id, serverName(s, c.id)]))) ;
  const serverList = JSON.parse(servers) as Array<[string, string]>;
  const counts = new Map<number, number>();
  for (const a of alerts) counts.set(a.priority, (counts.get(a.priority) ?? 0) + 1);
  return (
    <>
      <FilterPopup label="Location" active={filters.hiddenServers.size > 0 || filters.selectedOnly}>
        <label className="alerts-check alerts-check-scope" title="A pool's alerts are all its servers' alerts; a server's include its control domain's">
          <input type="checkbox" checked={filters.selectedOnly} onChange={() => setFilters({ selectedOnly: !filters.selectedOnly })} />
          Only the objects selected in the tree
        </label>
        {serverList.length === 0 ? <span className="alerts-popup-empty">No servers</span> : serverList.map(([id, name]) => (
          <label key={id} className="alerts-check">
            <input type="checkbox" checked={!filters.hiddenServers.has(id)} onChange={() => setFilters({ hiddenServers: toggled(filters.hiddenServers, id) })} />
            {name}
          </label>
        ))}
      </FilterPopup>
      <FilterPopup label="Severity" active={filters.hiddenSeverities.size > 0}>
        {[1, 2, 3, 4, 5, 0].map((p) => (
          <label key={p} className="alerts-check" title={SEVERITY_DETAILS[p]}>
            <input type="checkbox" checked={!filters.hiddenSeverities.has(p)} onChange={() => setFilters({ hiddenSeverities: toggled(filters.hiddenSeverities, p) })} />
            <SeverityIcon priority={p} /> {SEVERITY_WORDS[p]} <span className="alerts-check-count">({counts.get(p) ?? 0})</span>
          </label>
        ))}
      </FilterPopup>
      <label className="alerts-date">
        <select aria-label="Filter by date" value={filters.date} onChange={(e) => setFilters({ date: e.target.value as DateRange })}>
          {(Object.keys(DATE_RANGE_WORDS) as DateRange[]).map((d) => <option key={d} value={d}>{DATE_RANGE_WORDS[d]}</option>)}
        </select>
      </label>
      {filters.date === 'custom' ? (
        <span className="alerts-range">
          <input type="datetime-local" aria-label="Alerts from" value={localInput(filters.from)} onChange={(e) => setFilters({ from: fromInput(e.target.value) })} />
          <span aria-hidden="true">–</span>
          <input type="datetime-local" aria-label="Alerts until" value={localInput(filters.to)} onChange={(e) => setFilters({ to: fromInput(e.target.value) })} />
        </span>
      ) : null}
      <input type="search" className="alerts-search" aria-label="Filter alerts by text" placeholder="Filter by text" value={filters.text}
        onChange={(e) => setFilters({ text: e.target.value })} />
    </>
  );
}
