// XenCenter's AssignPriorities control with its HaNtolIndicator, shared by the HA wizard's "HA Plan" page
// and the Configure HA dialog: every VM HA can protect with its restart priority, start order, delay and
// whether it is agile (why not, when not: Restart is then refused), and the number of server failures to
// tolerate against the maximum the chosen priorities allow, asked of the server as they change.
import { useId } from 'react';
import { PRIORITIES, failuresVerdict, notAgileReason, priorityAllowed, type Agility, type HaPriority, type HaVmRow, type HaVmSettings } from './model';

export interface PrioritiesEditorProps {
  rows: readonly HaVmRow[];
  agility: ReadonlyMap<string, Agility>;
  settings: ReadonlyMap<string, HaVmSettings>;
  onChange(ref: string, patch: Partial<HaVmSettings>): void;
  /** The failures to tolerate as typed. */
  ntol: string;
  onNtol(v: string): void;
  /** The maximum for these priorities; null while it is asked. */
  max: number | null;
  maxError?: string;
  disabled?: boolean;
}

function agileCell(a: Agility | undefined) {
  if (!a || a.state === 'checking') return <span className="ha-muted">Calculating…</span>;
  if (a.state === 'agile') return 'Yes';
  return <span className="ha-not-agile" title={`${notAgileReason(a.code)} (${a.code})`}>No: {notAgileReason(a.code)}</span>;
}

/** A whole number of at least 0 typed in a field, or the setting unchanged while the field is not one. */
const wholeNumber = (v: string): number | undefined => (/^\d{1,7}$/.test(v.trim()) ? Number(v.trim()) : undefined);

export function PrioritiesEditor(p: PrioritiesEditorProps) {
  const ntolId = useId();
  const n = wholeNumber(p.ntol);
  const verdict = p.max !== null && n !== undefined ? failuresVerdict(n, p.max) : undefined;
  return (
    <div className="ha-priorities">
      <div className="ha-grid-scroll">
        <table className="ha-grid" aria-label="HA restart priorities">
          <thead>
            <tr><th scope="col">VM</th><th scope="col">Restart priority</th><th scope="col">Start order</th><th scope="col">Delay (seconds)</th><th scope="col">Agile</th></tr>
          </thead>
          <tbody>
            {p.rows.length === 0 ? <tr><td colSpan={5} className="ha-muted">The pool has no VMs.</td></tr> : null}
            {p.rows.map((r) => {
              const s = p.settings.get(r.ref);
              const a = p.agility.get(r.ref);
              if (!s) return null;
              return (
                <tr key={r.ref} data-vm={r.name}>
                  <th scope="row" className="ha-vm-name" title={r.name}>{r.name}</th>
                  <td>
                    <select aria-label={`Restart priority of ${r.name}`} value={s.priority} disabled={p.disabled}
                      onChange={(e) => p.onChange(r.ref, { priority: e.target.value as HaPriority })}>
                      {PRIORITIES.map((o) => (
                        <option key={o.value} value={o.value} disabled={!priorityAllowed(o.value, a) && o.value !== s.priority}>
                          {o.label}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>
                    <input type="number" min={0} step={1} className="ha-num" aria-label={`Start order of ${r.name}`} disabled={p.disabled}
                      value={s.order} onChange={(e) => { const v = wholeNumber(e.target.value); if (v !== undefined) p.onChange(r.ref, { order: v }); }} />
                  </td>
                  <td>
                    <input type="number" min={0} step={1} className="ha-num" aria-label={`Delay after starting ${r.name}`} disabled={p.disabled}
                      value={s.startDelay} onChange={(e) => { const v = wholeNumber(e.target.value); if (v !== undefined) p.onChange(r.ref, { startDelay: v }); }} />
                  </td>
                  <td className="ha-agile">{agileCell(a)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <div className="ha-ntol">
        <label htmlFor={ntolId}>Number of server failures to tolerate:</label>
        <input id={ntolId} type="number" min={0} step={1} className="ha-num" value={p.ntol} disabled={p.disabled || p.max === null}
          aria-invalid={n === undefined || (p.max !== null && n > p.max) ? true : undefined} onChange={(e) => p.onNtol(e.target.value)} />
        <span className="ha-muted" aria-live="polite">{p.max === null ? (p.maxError ? '' : 'Calculating…') : `(max = ${p.max})`}</span>
      </div>
      {p.maxError ? <p className="ha-status bad" role="alert">{p.maxError}</p> : null}
      {verdict ? <p className={`ha-status ${verdict.kind === 'ok' ? 'good' : 'bad'}`} role="status">{verdict.text}</p> : null}
    </div>
  );
}
