// Pool > Enable HA…: the heartbeat SR. Like every command dialog it runs its command through
// runCommand (use-run-choice.ts).
import { useId, useMemo, useState, type FormEvent } from 'react';
import { appStore, useApp } from '../../state';
import { ENABLE_HA, enableHa, heartbeatSrs } from './commands';
import { type SelectedObject } from '../../framework/command';
import { Dialog } from '../../ui/Dialog';
import { useRunChoice } from '../../framework/use-run-choice';

export function EnableHaDialog({ target }: { target: SelectedObject }) {
  const { bridge, close, run } = useRunChoice();
  const version = useApp((s) => s.version);
  const srs = useMemo(() => { void version; return heartbeatSrs(appStore.getState(), target.connectionId); }, [version, target]);
  const [srRef, setSrRef] = useState('');
  const chosen = srs.find((s) => s.ref === srRef) ?? srs.find((s) => s.isDefault) ?? srs[0];
  const id = useId();
  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    if (!chosen) return;
    run(ENABLE_HA, target, async (sel, b, store) => [await enableHa(b ?? bridge, sel[0], chosen.ref, store)]);
  };
  return (
    <Dialog title="Enable HA" onCancel={close} className="enable-ha">
      <form onSubmit={submit} noValidate>
        <p>HA restarts protected VMs on other servers when a server fails. Choose the shared storage repository for the heartbeat.</p>
        <div className="form-grid">
          <label htmlFor={id}>Heartbeat SR</label>
          <select id={id} value={chosen?.ref ?? ''} disabled={srs.length === 0} onChange={(e) => setSrRef(e.target.value)}>
            {srs.map((s) => <option key={s.ref} value={s.ref}>{s.name}{s.isDefault ? ' (default)' : ''}</option>)}
          </select>
        </div>
        {srs.length === 0 ? <div role="status" className="dialog-error">There is no shared storage repository for the heartbeat.</div> : null}
        <div className="dialog-buttons">
          <button type="submit" className="primary" disabled={!chosen} title={chosen ? undefined : 'Heartbeat storage: the pool has no shared storage repository'}>Enable HA</button>
          <button type="button" onClick={close}>Cancel</button>
        </div>
      </form>
    </Dialog>
  );
}
