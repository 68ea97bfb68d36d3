// The dialogs of commands that need a choice first: "Migrate VM" (the destination host) and
// "Enable HA" (the heartbeat SR). Each runs its command through runCommand, so the task (or the
// refused request, words and code) shows in the Events panel like every other command's.
import { useId, useMemo, useState, type FormEvent } from 'react';
import { appStore, useApp } from '../store';
import { useUi } from '../store/ui';
import { ENABLE_HA, MIGRATE_COMMAND, enableHa, heartbeatSrs, migrateHosts, migrateVm, runCommand, type Command, type SelectedObject } from '../commands';
import { str } from '../util/format';
import { useBridge } from './context';
import { Dialog } from './Dialog';

function useRunChoice() {
  const bridge = useBridge();
  const pushAlert = useUi((s) => s.pushAlert);
  const setUi = useUi((s) => s.set);
  const close = () => setUi('commandDialog', null);
  const run = (cmd: Command, target: SelectedObject, execute: Command['execute']) => {
    close();
    void runCommand({ ...cmd, dialog: undefined, execute }, [target], bridge, appStore, pushAlert);
  };
  return { bridge, close, run };
}

export function MigrateVmDialog({ target }: { target: SelectedObject }) {
  const { bridge, close, run } = useRunChoice();
  const version = useApp((s) => s.version);
  const hosts = useMemo(() => { void version; return migrateHosts(appStore.getState(), target); }, [version, target]);
  const vmName = useApp((s) => str(s.objects.get(target.connectionId)?.get('vm')?.get(target.ref)?.name_label));
  const [hostRef, setHostRef] = useState('');
  const chosen = hosts.find((h) => h.ref === hostRef) ?? hosts[0];
  const id = useId();
  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    if (!chosen) return;
    run(MIGRATE_COMMAND, target, async (sel, b, store) => [await migrateVm(b ?? bridge, sel[0], chosen.ref, store)]);
  };
  return (
    <Dialog title="Migrate VM" onCancel={close} className="migrate-vm">
      <form onSubmit={submit} noValidate>
        <p>Migrate {vmName ? `'${vmName}'` : 'the VM'} to another server in its pool.</p>
        <div className="form-grid">
          <label htmlFor={id}>Destination server</label>
          <select id={id} value={chosen?.ref ?? ''} disabled={hosts.length === 0} onChange={(e) => setHostRef(e.target.value)}>
            {hosts.map((h) => <option key={h.ref} value={h.ref}>{h.name}</option>)}
          </select>
        </div>
        {hosts.length === 0 ? <div role="status" className="dialog-error">There is no other live, enabled server in this pool.</div> : null}
        <div className="dialog-buttons">
          <button type="submit" className="primary" disabled={!chosen}>Migrate</button>
          <button type="button" onClick={close}>Cancel</button>
        </div>
      </form>
    </Dialog>
  );
}

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
          <button type="submit" className="primary" disabled={!chosen}>Enable HA</button>
          <button type="button" onClick={close}>Cancel</button>
        </div>
      </form>
    </Dialog>
  );
}
