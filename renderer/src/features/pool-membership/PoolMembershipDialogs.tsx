// Add Server to Pool… (the choice of the other side, and the confirmation in one) and Remove
// Server from Pool (a confirmation that says what is lost). Both run their command through
// runCommand, so the task, or the refused request in words and code, shows in the Events panel.
import { useId, useMemo, useState, type FormEvent } from 'react';
import { appStore, useApp } from '../../state';
import { useUi } from '../../state/ui';
import { ADD_TO_POOL, REMOVE_FROM_POOL } from './commands';
import { type SelectedObject } from '../../framework/command';
import { addToPoolStart, ejectHost, joinPairs, joinPool, joiningServers, serverChoiceName, targetPools, vmsLostOnEject } from './commands';
import { blockerText } from '../../xapi-model/pool-checks';
import { str } from '../../xapi-model/format';
import { Dialog } from '../../ui/Dialog';
import { useRunChoice } from '../../framework/use-run-choice';

/** The side chosen from the selection is fixed; the other is picked here. */
export function AddToPoolDialog({ target }: { target: SelectedObject }) {
  const { bridge, close, run } = useRunChoice();
  const version = useApp((s) => s.version);
  const [start] = useState(() => addToPoolStart([target], appStore.getState()));
  const options = useMemo(() => {
    void version;
    const s = appStore.getState();
    const list = start?.server ? targetPools(s, start.server) : start?.pool ? joiningServers(s, start.pool) : [];
    // What XAPI's pre-join checks would refuse, asked of the cache first (xapi-model/pool-checks.ts).
    const blockers = new Map(start ? joinPairs(s, start).map((p) => [start.server ? p.pool : p.server, p.blocker]) : []);
    return list.map((o) => ({ ...o, blocker: blockers.get(o.connectionId) ?? null }));
  }, [version, start]);
  const fixedId = start?.server ?? start?.pool;
  const fixedName = useApp((s) => (fixedId ? serverChoiceName(s, fixedId) : ''));
  // Dropped on a pool (drop.ts): that pool is the one picked first.
  const [pick, setPick] = useState(() => useUi.getState().dialog?.partner?.connectionId ?? '');
  const picked = options.find((o) => o.connectionId === pick && !o.blocker) ?? options.find((o) => !o.blocker);
  const refused = options.filter((o) => o.blocker);
  const server = start?.server ? { connectionId: start.server, name: fixedName } : picked;
  const pool = start?.pool ? { connectionId: start.pool, name: fixedName } : picked;
  const ids = { fixed: useId(), pick: useId(), text: useId() };
  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    if (!server || !pool) return;
    run(ADD_TO_POOL, target, async (_sel, b, store) => [await joinPool(b ?? bridge, server.connectionId, pool.connectionId, store)]);
  };
  const fixedLabel = start?.server ? 'Server' : 'Pool';
  const pickLabel = start?.server ? 'Pool' : 'Server';
  return (
    <Dialog title="Add Server to Pool" onCancel={close} className="add-to-pool" describedBy={ids.text}>
      <form onSubmit={submit} noValidate>
        <div className="form-grid">
          <label htmlFor={ids.fixed}>{fixedLabel}</label>
          <input id={ids.fixed} type="text" value={fixedName} readOnly tabIndex={-1} />
          <label htmlFor={ids.pick}>{pickLabel}</label>
          <select id={ids.pick} data-autofocus value={picked?.connectionId ?? ''} disabled={options.length === 0} onChange={(e) => setPick(e.target.value)}>
            {picked ? null : <option value="" disabled>None can join</option>}
            {options.map((o) => <option key={o.connectionId} value={o.connectionId} disabled={!!o.blocker}>{o.name}{o.blocker ? ` — ${blockerText(o.blocker)}` : ''}</option>)}
          </select>
        </div>
        {refused.length > 0 ? (
          <div className="refused-destinations">
            <div className="field-hint">Cannot join:</div>
            <ul aria-label="Cannot join">
              {refused.map((o) => <li key={o.connectionId}><strong>{o.name}</strong>: {blockerText(o.blocker!)}</li>)}
            </ul>
          </div>
        ) : null}
        {server && pool ? (
          <div id={ids.text} className="dialog-note">
            <p>&apos;{server.name}&apos; becomes a member of &apos;{pool.name}&apos;. Its VMs and local storage move into the pool with it, and it can use the pool&apos;s shared storage and networks. It must have no running VMs.</p>
            <p>PoolDesk then shows it under &apos;{pool.name}&apos; and removes its own entry from the server list.</p>
          </div>
        ) : options.length > 0
          ? <div id={ids.text} role="status" className="dialog-error">The server cannot join: each {pickLabel.toLowerCase()} says why above.</div>
          : <div id={ids.text} role="status" className="dialog-error">There is no {pickLabel.toLowerCase()} to choose: {pickLabel === 'Pool' ? 'connect to the pool first.' : 'connect to a standalone server first.'}</div>}
        <div className="dialog-buttons">
          <button type="submit" className="primary" disabled={!server || !pool}
            title={!server || !pool ? `${pickLabel}: there is none to choose` : undefined}>Add to Pool</button>
          <button type="button" onClick={close}>Cancel</button>
        </div>
      </form>
    </Dialog>
  );
}

/** How many names the warning lists before "and N more". */
const MAX_LISTED = 6;

export function RemoveFromPoolDialog({ target }: { target: SelectedObject }) {
  const { bridge, close, run } = useRunChoice();
  const hostName = useApp((s) => str(s.objects.get(target.connectionId)?.get('host')?.get(target.ref)?.name_label));
  const poolName = useApp((s) => serverChoiceName(s, target.connectionId));
  const version = useApp((s) => s.version);
  const lost = useMemo(() => { void version; return vmsLostOnEject(appStore.getState(), target.connectionId, target.ref); }, [version, target]);
  const textId = useId();
  const remove = () => run(REMOVE_FROM_POOL, target, async (sel, b, store) => [await ejectHost(b ?? bridge, sel[0], store)]);
  return (
    <Dialog title="Remove Server from Pool" role="alertdialog" onCancel={close} className="remove-from-pool" describedBy={textId}>
      <div id={textId}>
        <p className="dialog-text">Remove &apos;{hostName}&apos; from &apos;{poolName}&apos;? The server is rebooted as a standalone server, and everything on its local storage is destroyed.</p>
        {lost.length > 0 ? (
          <div className="dialog-warning">
            <p>These VMs have disks on its local storage; their data will be lost:</p>
            <ul className="dialog-list">
              {lost.slice(0, MAX_LISTED).map((n, i) => <li key={i}>{n}</li>)}
              {lost.length > MAX_LISTED ? <li>and {lost.length - MAX_LISTED} more</li> : null}
            </ul>
          </div>
        ) : null}
      </div>
      <div className="dialog-buttons">
        <button type="button" className="danger" onClick={remove}>Remove</button>
        <button type="button" data-autofocus onClick={close}>Cancel</button>
      </div>
    </Dialog>
  );
}
