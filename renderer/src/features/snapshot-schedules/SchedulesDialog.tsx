// The "VM Snapshot Schedules" dialog (XenCenter's ScheduledSnapshotsDialog): the pool's schedules with
// whether each is enabled, its VMs, type, frequency in words, next run (server time), last run and its
// result from the VMSS messages; New…, Properties, Enable/Disable, Run Now and Delete (asked first: its
// VMs leave it, their snapshots stay). A refusal shows here in words with its code.
import { useEffect, useMemo, useState } from 'react';
import { appStore, useApp } from '../../state';
import { useUi } from '../../state/ui';
import type { SelectedObject } from '../../framework/command';
import { useBridge } from '../../framework/bridge-context';
import { runCommand } from '../../framework/run-command';
import { requestOutcome } from '../../framework/outcome';
import { Dialog } from '../../ui/Dialog';
import { record, table } from '../../xapi-model/records';
import { str } from '../../xapi-model/format';
import { poolSchedules, type ScheduleRow } from './pool-schedules';
import { deleteSteps, runSteps } from './schedule-calls';
import { frequencyWords, lastResult, nextRun, serverTimeText, typeWords } from './schedule-model';
import { serverWallNow, zoneText } from './server-clock';
import { useServerClock } from './use-server-clock';
import { RUN_NOW_COMMAND, SCHEDULE_WIZARD } from './commands';
import './snapshot-schedules.css';

export function SchedulesDialog({ target }: { target: SelectedObject }) {
  const bridge = useBridge();
  const { closeDialog, openDialog, pushAlert } = useUi.getState();
  const version = useApp((s) => s.version);
  const { connectionId } = target;
  const [now, setNow] = useState(() => Date.now());
  // Times are the servers' wall clock, in which a schedule's hour is (their zone stated; UTC when they cannot tell).
  const rows = useMemo(() => { void version; return poolSchedules(appStore.getState(), connectionId); }, [version, connectionId]);
  const server = useServerClock(connectionId, rows.map((r) => r.lastRun).join(','));
  const offset = server.clock?.offsetMs ?? 0;
  const wallNow = server.clock ? serverWallNow(server.clock, now) : now;
  // The next runs move on with the clock: a fresh "now" every half minute and after each change.
  useEffect(() => { const t = setInterval(() => setNow(Date.now()), 30_000); return () => clearInterval(t); }, []);
  useEffect(() => setNow(Date.now()), [version]);
  const poolName = useMemo(() => { void version; return str(table(appStore.getState(), connectionId, 'pool')[0]?.name_label) || 'the pool'; }, [version, connectionId]);
  const vmName = (ref: string) => str(record(appStore.getState(), connectionId, 'vm', ref)?.name_label) || ref;
  const [selected, setSelected] = useState<string | null>(null);
  const current = rows.find((r) => r.ref === selected) ?? rows[0];
  const [busy, setBusy] = useState('');
  const [error, setError] = useState('');
  const [asking, setAsking] = useState(false);

  const send = async (what: string, steps: Parameters<typeof runSteps>[2]) => {
    setBusy(what);
    setError('');
    const refused = await runSteps(bridge, connectionId, steps);
    setBusy('');
    setNow(Date.now());
    if (refused) setError(refused);
    return !refused;
  };
  const toggle = (s: ScheduleRow) => void send(s.enabled ? 'Disabling…' : 'Enabling…', [{ method: 'VMSS.set_enabled', args: [s.ref, !s.enabled], what: `${s.enabled ? 'Disabling' : 'Enabling'} snapshot schedule '${s.name}'` }]);
  const remove = async (s: ScheduleRow) => {
    setAsking(false);
    if (await send('Deleting…', deleteSteps(s, vmName))) setSelected(null);
  };
  const runNow = (s: ScheduleRow) => {
    const title = `Taking snapshots for snapshot schedule '${s.name}'`;
    void runCommand({ ...RUN_NOW_COMMAND, execute: async (sel, b) => [await requestOutcome(sel[0], title, undefined, () => b.request('xapi.callAsync', { connectionId, method: 'VMSS.snapshot_now', args: [s.ref] }))] },
      [target], bridge, appStore, pushAlert);
  };
  const protectedVms = rows.reduce((n, r) => n + r.vms.length, 0);
  const history = current ? [...current.messages].sort((a, b) => b.timestamp - a.timestamp).slice(0, 10) : [];
  const noVms = current !== undefined && current.vms.length === 0;

  return (
    <Dialog title="VM Snapshot Schedules" onCancel={closeDialog} className="vmss-dialog">
      <p className="vmss-title">Snapshot schedules defined for &apos;{poolName}&apos;: {protectedVms} VM{protectedVms === 1 ? '' : 's'} in {rows.length} schedule{rows.length === 1 ? '' : 's'}. {server.asking ? ' Reading the server\'s time…' : ` Times are the server's local time (${zoneText(offset)}).`}</p>
      {server.error ? <p className="wizard-warning" role="note">The server&apos;s time zone could not be read ({server.error}): times are shown as UTC.</p> : null}
      <div className="vmss-main">
        <div className="vmss-table-wrap">
          <table className="grid vmss-grid" role="grid" aria-label="Snapshot schedules">
            <thead><tr><th>Name</th><th>Enabled</th><th>VMs</th><th>Snapshot type</th><th>Frequency</th><th>Next run (server time)</th><th>Last result</th></tr></thead>
            <tbody>
              {rows.map((r) => {
                const next = r.enabled ? nextRun(r.choice, wallNow) : undefined;
                const last = lastResult(r.messages);
                return (
                  <tr key={r.ref} aria-selected={r === current} className={r === current ? 'selected' : undefined} tabIndex={0}
                    onClick={() => { setSelected(r.ref); setAsking(false); }} onFocus={() => setSelected(r.ref)}>
                    <td>{r.name || '(no name)'}</td>
                    <td>{r.enabled ? 'Enabled' : 'Disabled'}</td>
                    <td>{r.vms.length}</td>
                    <td>{typeWords(r.type)}</td>
                    <td>{frequencyWords(r.frequency, r.schedule)}</td>
                    <td>{next !== undefined ? serverTimeText(next) : '—'}</td>
                    <td className={last.failed ? 'vmss-failed' : undefined}>{last.words}{last.at ? <span className="vmss-when">{serverTimeText(last.at + offset)}</span> : null}</td>
                  </tr>
                );
              })}
              {rows.length === 0 ? <tr><td colSpan={7} className="wizard-muted">No snapshot schedules yet. Choose New… to create one.</td></tr> : null}
            </tbody>
          </table>
        </div>
        <div className="vmss-side" role="group" aria-label="Schedule actions">
          <button type="button" onClick={() => openDialog(SCHEDULE_WIZARD, target)} disabled={!!busy}>New…</button>
          <button type="button" disabled={!current || !!busy} onClick={() => current && openDialog(SCHEDULE_WIZARD, target, { connectionId, cls: 'vmss', ref: current.ref })}>Properties</button>
          <button type="button" disabled={!current || !!busy || (noVms && !current.enabled)} title={noVms && current && !current.enabled ? 'The schedule has no VMs' : undefined}
            onClick={() => current && toggle(current)}>{current?.enabled === false ? 'Enable' : 'Disable'}</button>
          <button type="button" disabled={!current || !!busy || !current.enabled || noVms}
            title={current && !current.enabled ? 'The schedule is disabled' : noVms ? 'The schedule has no VMs' : undefined} onClick={() => current && runNow(current)}>Run Now</button>
          <button type="button" disabled={!current || !!busy} onClick={() => setAsking(true)}>Delete</button>
        </div>
      </div>
      {asking && current ? (
        <div className="vmss-question" role="alertdialog" aria-label="Delete Snapshot Schedule">
          <p>Delete the snapshot schedule &apos;{current.name}&apos;? {current.vms.length ? `Its ${current.vms.length} VM${current.vms.length === 1 ? ' leaves' : 's leave'} it; the snapshots already taken are kept.` : 'It has no VMs.'}</p>
          <div className="dialog-buttons"><button type="button" className="primary" onClick={() => void remove(current)}>Delete</button><button type="button" onClick={() => setAsking(false)}>Cancel</button></div>
        </div>
      ) : null}
      {busy ? <p role="status" className="vmss-status">{busy}</p> : null}
      {error ? <p role="alert" className="dialog-error">{error}</p> : null}
      {current ? (
        <section className="vmss-history" aria-label="Run history">
          <h4>Run history of &apos;{current.name}&apos;</h4>
          {history.length === 0 ? <p className="wizard-muted">Not yet run.</p> : (
            <ul>{history.map((m, i) => <li key={i} className={m.name === 'VMSS_SNAPSHOT_SUCCEEDED' ? undefined : 'vmss-failed'}>{serverTimeText(m.timestamp + offset)}: {lastResult([m]).words}{m.body ? ` — ${m.body}` : ''}</li>)}</ul>
          )}
        </section>
      ) : null}
      <div className="dialog-buttons"><button type="button" onClick={closeDialog}>Close</button></div>
    </Dialog>
  );
}
