// The Alerts page of VM, server and SR Properties, as XenCenter's PerfmonAlertEditPage: a group per
// alert the class offers (a check box that enables its threshold and duration), then the alert repeat
// interval, enabled while any alert is on. Pure: the dialog hands in the form and takes the edits.
import { useId } from 'react';
import { ALERT_KINDS, CLASS_ALERTS, INTERVAL_MAX, INTERVAL_MIN, INTERVAL_STEP, PERIOD_MAX, PERIOD_MIN, type AlertName, type PerfmonClass } from '../../../shared/perfmon/alerts';
import type { AlertField, AlertProblem, AlertRow, AlertsForm } from './alerts-form';
import './alerts-page.css';

const RUBRIC = 'The server can notify you when resource usage crosses these thresholds. The notifications are generated as system alerts'
  + ' and can be forwarded to an email server like any other system alert.';

function Problem({ problems, field }: { problems: AlertProblem[]; field: AlertField }) {
  const p = problems.find((x) => x.field === field);
  return p ? <div className="vmp-field-error" role="alert">{p.message}</div> : null;
}

function AlertGroup({ name, row, set, problems, memoryMiB, disabled }: {
  name: AlertName; row: AlertRow; set(r: AlertRow): void; problems: AlertProblem[]; memoryMiB?: number; disabled: boolean;
}) {
  const id = useId();
  const k = ALERT_KINDS[name];
  const off = disabled || !row.on;
  const max = name === 'memory_free_kib' && memoryMiB ? Math.floor(memoryMiB) : k.max;
  return (
    <fieldset className="alerts-group" data-alert={name}>
      <legend>
        <label><input type="checkbox" checked={row.on} disabled={disabled} onChange={(e) => set({ ...row, on: e.target.checked })} /> {k.check}</label>
      </legend>
      <div className="alerts-line">
        <label htmlFor={`${id}-t`}>{k.label}:</label>
        <input id={`${id}-t`} type="number" className="vmp-num" min={k.min} max={max} step={k.unit === '%' ? 5 : 1} value={row.threshold} disabled={off}
          aria-invalid={problems.some((p) => p.field === `${name}.threshold`)} onChange={(e) => set({ ...row, threshold: e.target.value })} />
        <span className="alerts-unit">{k.unit}</span>
      </div>
      <Problem problems={problems} field={`${name}.threshold`} />
      <div className="alerts-line">
        <label htmlFor={`${id}-m`}>For longer than:</label>
        <input id={`${id}-m`} type="number" className="vmp-num" min={PERIOD_MIN} max={PERIOD_MAX} value={row.minutes} disabled={off}
          aria-invalid={problems.some((p) => p.field === `${name}.minutes`)} onChange={(e) => set({ ...row, minutes: e.target.value })} />
        <span className="alerts-unit">minutes</span>
      </div>
      <Problem problems={problems} field={`${name}.minutes`} />
    </fieldset>
  );
}

export function AlertsPage({ cls, form, onForm, problems, memoryMiB, readOnlyReason }: {
  cls: PerfmonClass;
  form: AlertsForm;
  onForm(f: AlertsForm): void;
  /** The problems of what was typed, once OK found any. */
  problems: AlertProblem[];
  /** A host's memory: the free-memory threshold's maximum. */
  memoryMiB?: number;
  /** Why the alerts cannot be changed here (e.g. the session's role), if so. */
  readOnlyReason?: string;
}) {
  const id = useId();
  const disabled = !!form.unreadable || !!readOnlyReason;
  const anyOn = CLASS_ALERTS[cls].some((n) => form.rows[n]?.on);
  return (
    <div className="alerts-page">
      <p className="vmp-note">{RUBRIC}</p>
      {form.unreadable ? <p className="vmp-field-error" role="alert">The alert configuration stored on this object (other_config:perfmon) cannot be read: {form.unreadable}. It is left as it is.</p> : null}
      {readOnlyReason ? <p className="vmp-note" role="note">{readOnlyReason}</p> : null}
      {CLASS_ALERTS[cls].map((name) => (
        <AlertGroup key={name} name={name} row={form.rows[name]!} disabled={disabled} problems={problems} memoryMiB={memoryMiB}
          set={(r) => onForm({ ...form, rows: { ...form.rows, [name]: r } })} />
      ))}
      <div className="alerts-line alerts-interval">
        <label htmlFor={`${id}-i`}>Alert repeat interval:</label>
        <input id={`${id}-i`} type="number" className="vmp-num" min={INTERVAL_MIN} max={INTERVAL_MAX} step={INTERVAL_STEP} value={form.interval}
          disabled={disabled || !anyOn} aria-invalid={problems.some((p) => p.field === 'interval')} onChange={(e) => onForm({ ...form, interval: e.target.value })} />
        <span className="alerts-unit">minutes</span>
      </div>
      <div className="alerts-interval-problem"><Problem problems={problems} field="interval" /></div>
    </div>
  );
}
