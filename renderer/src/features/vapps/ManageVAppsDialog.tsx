// Manage vApps (XenCenter's VMAppliancesDialog): the pool's vApps (name, description, how many VMs), the
// chosen one's VMs, and New vApp…, Properties, Delete, Start and Shut Down. New and Properties open
// their editor in its place; Delete and Shut Down ask first, as XenCenter does.
import { useMemo, useState } from 'react';
import { appStore, useApp } from '../../state';
import { useUi } from '../../state/ui';
import type { SelectedObject } from '../../framework/command';
import { useBridge } from '../../framework/bridge-context';
import { toErrorInfo } from '../../bridge';
import { errorText } from '../../xapi-model/errors';
import { record } from '../../xapi-model/records';
import { Dialog } from '../../ui/Dialog';
import { MultiSelectGrid } from '../../ui/MultiSelectGrid';
import type { ListSelection } from '../../ui/list-selection';
import { poolNameOf, vappRows, type VAppRow } from './vapp-model';
import { deleteVApps } from './apply';
import { EDIT_METHODS, roleReason, shutDownVApp, startVApp, vappActionReason, vappSubject } from './commands';
import { NewVAppWizard, VAppPropertiesDialog } from './VAppEditors';
import './vapps.css';

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
type Mode = { kind: 'list' } | { kind: 'new' } | { kind: 'edit'; ref: string } | { kind: 'delete'; rows: VAppRow[] } | { kind: 'shutdown'; row: VAppRow };

/** XenCenter's question (CONFIRM_DELETE_VM_APPLIANCE*, CONFIRM_DELETE_VM_APPLIANCES*): one vApp by name, several as
 * "the selected vApps", with how many VMs they hold; the VMs are kept (DestroyVMApplianceAction deletes no VM). */
export function deleteQuestion(rows: ReadonlyArray<Pick<VAppRow, 'name' | 'vms'>>): string {
  const n = rows.reduce((sum, r) => sum + r.vms.length, 0);
  if (rows.length === 1) {
    const held = n === 0 ? '' : n === 1 ? '\n\n1 VM is currently included in this vApp.' : `\n\n${n} VMs are currently included in this vApp.`;
    return `Do you want to delete vApp '${rows[0].name}'?${held}\n\nThe VMs are kept; they leave the vApp.`;
  }
  const held = n === 0 ? '' : n === 1 ? '\n\n1 VM is currently included in one of these vApps.' : `\n\n${n} VMs are currently included in these vApps.`;
  return `Do you want to delete the selected vApps?${held}\n\nThe VMs are kept; they leave the vApps.`;
}

export function ManageVAppsDialog({ target }: { target: SelectedObject }) {
  const { connectionId } = target;
  const onClose = useUi((s) => s.closeDialog);
  const pushAlert = useUi((s) => s.pushAlert);
  const bridge = useBridge();
  // The store changes its maps in place and counts each change in `version`: derive the rows once per change.
  const version = useApp((s) => s.version);
  const store = useMemo(() => ({ ...appStore.getState(), version }), [version]);
  const rows = useMemo(() => vappRows(store, connectionId), [store, connectionId]);
  const poolName = useApp((s) => poolNameOf(s, connectionId));
  // The chosen rows (Ctrl/Shift+click, ui/list-selection.ts); the focused one's VMs show.
  const [sel, setSel] = useState<ListSelection>({ ids: [], anchor: null, focus: null });
  const [mode, setMode] = useState<Mode>({ kind: 'list' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  // Rows gone from the server drop out; with none chosen, the first row is (as XenCenter's grid).
  const picked = rows.filter((r) => sel.ids.includes(r.ref));
  const current = rows.find((r) => r.ref === sel.focus && sel.ids.includes(r.ref)) ?? picked[0] ?? rows[0];
  const targets = picked.length ? picked : current ? [current] : [];
  const choose = (ref: string) => setSel({ ids: [ref], anchor: ref, focus: ref });
  const back = (ref?: string) => { if (ref) choose(ref); setMode({ kind: 'list' }); };

  if (mode.kind === 'new') return <NewVAppWizard connectionId={connectionId} poolName={poolName} onDone={back} />;
  if (mode.kind === 'edit') return <VAppPropertiesDialog connectionId={connectionId} poolName={poolName} vapp={mode.ref} onDone={back} />;
  if (mode.kind === 'delete' || mode.kind === 'shutdown') {
    const del = mode.kind === 'delete';
    const victims = mode.kind === 'delete' ? mode.rows : [mode.row];
    const yes = async () => {
      setBusy(true);
      setError('');
      try {
        if (del) await deleteVApps(bridge, connectionId, victims);
        else await shutDownVApp(bridge, vappSubject(connectionId, victims[0].ref), pushAlert);
        setSel({ ids: [], anchor: null, focus: null });
        setMode({ kind: 'list' });
      } catch (err) {
        setError(`${victims.length === 1 ? `Deleting vApp '${victims[0].name}'` : 'Deleting the vApps'} failed: ${errorText(toErrorInfo(err))}`);
      } finally { setBusy(false); }
    };
    return (
      <Dialog title={del ? 'Delete vApp' : 'Shut down all VMs in vApp'} onCancel={() => setMode({ kind: 'list' })} className="vapp-question" role="alertdialog">
        <p className="vapp-question-text">{del ? deleteQuestion(victims) : `Are you sure you want to shut down vApp '${victims[0].name}'?`}</p>
        {error ? <div role="alert" className="dialog-error">{error}</div> : null}
        <div className="dialog-buttons">
          <button type="button" className="primary" disabled={busy} onClick={() => void yes()}>Yes</button>
          <button type="button" onClick={() => setMode({ kind: 'list' })}>No</button>
        </div>
      </Dialog>
    );
  }

  const editReason = roleReason('Manage vApps', EDIT_METHODS, connectionId, store);
  const noRow = current ? undefined : 'Select a vApp';
  // Delete works on every chosen vApp; the others on one (XenCenter's VMAppliancesDialog).
  const one = noRow ?? (targets.length > 1 ? 'Select one vApp' : undefined);
  const startReason = one ?? vappActionReason(vappSubject(connectionId, current!.ref), 'start', store);
  const stopReason = one ?? vappActionReason(vappSubject(connectionId, current!.ref), 'shutdown', store);
  const vmName = (vm: string) => str(record(store, connectionId, 'vm', vm)?.name_label);
  const members = current ? [...current.vms].sort((a, b) => vmName(a).localeCompare(vmName(b), undefined, { numeric: true })) : [];
  return (
    <Dialog title={`Manage vApps - pool ${poolName}`} onCancel={onClose} className="vapps-manage">
      <div className="vapp-toolbar" role="toolbar" aria-label="vApps">
        <button type="button" onClick={() => setMode({ kind: 'new' })} disabled={!!editReason} title={editReason}>New vApp…</button>
        <button type="button" onClick={() => current && setMode({ kind: 'edit', ref: current.ref })} disabled={!!(one ?? editReason)} title={one ?? editReason}>Properties</button>
        <button type="button" onClick={() => targets.length && setMode({ kind: 'delete', rows: targets })} disabled={!!(noRow ?? editReason)} title={noRow ?? editReason}>Delete</button>
        <span className="vapp-toolbar-gap" />
        <button type="button" onClick={() => current && void startVApp(bridge, vappSubject(connectionId, current.ref), pushAlert)} disabled={!!startReason} title={startReason}>Start</button>
        <button type="button" onClick={() => current && setMode({ kind: 'shutdown', row: current })} disabled={!!stopReason} title={stopReason}>Shut Down</button>
      </div>
      <div className="vapp-list">
        {rows.length === 0 ? <p className="muted vapp-empty">This pool has no vApps. New vApp… creates one.</p> : (
          <MultiSelectGrid label="vApps" columns={['Name', 'Description', 'VMs']} rows={rows}
            selection={picked.length ? sel : current ? { ids: [current.ref], anchor: current.ref, focus: current.ref } : sel} onChange={setSel}
            cells={(r) => [r.name, r.description, String(r.vms.length)]} />
        )}
      </div>
      <section className="vapp-members" aria-label={current ? `VMs in vApp '${current.name}'` : 'VMs in the vApp'}>
        <h4>{current ? `VMs in '${current.name}'` : 'VMs'}</h4>
        {current && members.length === 0 ? <p className="muted">No VMs</p> : null}
        {members.length === 0 ? null : <ul>
          {members.map((vm) => {
            const r = record(store, connectionId, 'vm', vm);
            return <li key={vm}><span>{vmName(vm)}</span><span className="muted">{str(r?.power_state)}, start order {String(r?.order ?? 0)}</span></li>;
          })}
        </ul>}
      </section>
      <div className="dialog-buttons"><button type="button" onClick={onClose}>Close</button></div>
    </Dialog>
  );
}

/** Shut Down vApp from a vApp row: XenCenter's question, then Async.VM_appliance.shutdown. */
export function ShutDownVAppDialog({ target }: { target: SelectedObject }) {
  const onClose = useUi((s) => s.closeDialog);
  const pushAlert = useUi((s) => s.pushAlert);
  const bridge = useBridge();
  const name = useApp((s) => str(record(s, target.connectionId, 'vm_appliance', target.ref)?.name_label));
  return (
    <Dialog title="Shut down all VMs in vApp" onCancel={onClose} className="vapp-question" role="alertdialog">
      <p className="vapp-question-text">Are you sure you want to shut down vApp &apos;{name}&apos;?</p>
      <div className="dialog-buttons">
        <button type="button" className="primary" onClick={() => { onClose(); void shutDownVApp(bridge, target, pushAlert); }}>Yes</button>
        <button type="button" onClick={onClose}>No</button>
      </div>
    </Dialog>
  );
}
