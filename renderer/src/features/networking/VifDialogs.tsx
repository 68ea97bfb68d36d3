// Add Interface…, interface Properties… and Remove for the VM's Networking tab: the dialogs of
// ADD_VIF (a VM), VIF_PROPERTIES and REMOVE_VIF (a VIF). OK runs the command with the choices made
// (useRunChoice), so the task or the refusal shows in the Events panel.
import { useEffect, useId, useState, type FormEvent } from 'react';
import { useApp } from '../../state';
import { Dialog } from '../../ui/Dialog';
import type { SelectedObject } from '../../framework/command';
import { useRunChoice } from '../../framework/use-run-choice';
import { str } from '../../xapi-model/format';
import { guestNetworks, macProblem } from './model';
import { macsInUse } from '../../xapi-model/mac';
import { ADD_VIF, addVif, moveVif, REMOVE_VIF, removeVif, selectedVif, VIF_PROPERTIES } from './commands';
import './networking.css';

function useNetworks(connectionId: string) {
  const json = useApp((s) => { void s.version; return JSON.stringify(guestNetworks(s, connectionId)); });
  return JSON.parse(json) as Array<{ ref: string; name: string }>;
}

/** The VIF's row and its VM's name; the dialog closes when the interface is gone (as the tab's row). */
function useVif(target: SelectedObject, close: () => void) {
  const json = useApp((s) => { void s.version; return JSON.stringify(selectedVif([target], s)); });
  const vif = JSON.parse(json) as ReturnType<typeof selectedVif>;
  const gone = !vif.row;
  useEffect(() => { if (gone) close(); }, [gone, close]);
  return vif;
}

export function AddVifDialog({ target }: { target: SelectedObject }) {
  const { connectionId } = target;
  const { close: onClose, run } = useRunChoice();
  const vmName = useApp((s) => str(s.objects.get(connectionId)?.get('vm')?.get(target.ref)?.name_label));
  const networks = useNetworks(connectionId);
  const [network, setNetwork] = useState(networks[0]?.ref ?? '');
  const [autoMac, setAutoMac] = useState(true);
  const [mac, setMac] = useState('');
  const running = useApp((s) => s.objects.get(connectionId)?.get('vm')?.get(target.ref)?.power_state === 'Running');
  const inUse = useApp((s) => { void s.version; return JSON.stringify([...macsInUse(s, connectionId)]); });
  const problem = !network ? 'The pool has no network to connect to.' : autoMac ? '' : macProblem(mac, new Map(JSON.parse(inUse) as Array<[string, string]>));
  const [tried, setTried] = useState(false);
  // As you type: a MAC with the full length (or any after Add) is checked at once.
  const shown = tried || (!autoMac && mac.trim().length >= 17);
  const netId = useId();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (problem) return;
    const chosen = autoMac ? '' : mac.trim().toLowerCase();
    run(ADD_VIF, target, async (sel, b) => [await addVif(b, sel[0], vmName, network, chosen)]);
  };
  return (
    <Dialog title="Add Virtual Interface" onCancel={onClose} className="net-dialog">
      <form onSubmit={submit} noValidate>
        <p className="dialog-text">
          Add a virtual network interface to &apos;{vmName}&apos;.{running ? ' The VM is running: the interface is plugged in at once where the guest supports it.' : ''}
        </p>
        <div className="form-grid">
          <label htmlFor={netId}>Network</label>
          <select id={netId} value={network} onChange={(e) => setNetwork(e.target.value)}>
            {networks.map((n) => <option key={n.ref} value={n.ref}>{n.name}</option>)}
          </select>
        </div>
        <fieldset className="choice-group">
          <legend>MAC address</legend>
          <label className="choice">
            <input type="radio" name="mac-mode" checked={autoMac} onChange={() => setAutoMac(true)} />
            Generate a MAC address automatically
          </label>
          <label className="choice">
            <input type="radio" name="mac-mode" checked={!autoMac} onChange={() => setAutoMac(false)} />
            Use this MAC address:
            <input
              type="text" className="mac-input" aria-label="MAC address" placeholder="02:00:00:00:00:01" value={mac}
              disabled={autoMac} aria-invalid={!autoMac && shown && !!problem} onChange={(e) => setMac(e.target.value)}
            />
          </label>
        </fieldset>
        {shown && problem ? <div role="alert" className="dialog-error">{problem}</div> : null}
        <div className="dialog-buttons">
          <button type="submit" className="primary" disabled={!network || (shown && !!problem)}
            title={!network ? 'Network: there is none to choose' : shown && problem ? `MAC address: ${problem}` : undefined}>Add</button>
          <button type="button" onClick={onClose}>Cancel</button>
        </div>
      </form>
    </Dialog>
  );
}

export function VifPropertiesDialog({ target }: { target: SelectedObject }) {
  const { close: onClose, run } = useRunChoice();
  const { row, vmName } = useVif(target, onClose);
  const networks = useNetworks(target.connectionId);
  const [network, setNetwork] = useState(row?.networkRef ?? '');
  const netId = useId();
  if (!row) return null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (network === row.networkRef) { onClose(); return; }
    run(VIF_PROPERTIES, target, async (sel, b) => [await moveVif(b, sel[0], vmName, network)]);
  };
  return (
    <Dialog title={`Interface ${row.device} Properties`} onCancel={onClose} className="net-dialog">
      <form onSubmit={submit} noValidate>
        <div className="form-grid">
          <span>Device</span><span>{row.device}</span>
          <span>MAC address</span><span className="mono">{row.mac}</span>
          <label htmlFor={netId}>Network</label>
          <select id={netId} value={network} onChange={(e) => setNetwork(e.target.value)}>
            {networks.map((n) => <option key={n.ref} value={n.ref}>{n.name}</option>)}
          </select>
        </div>
        <p className="field-hint">The interface keeps its device number and MAC address.{row.attached ? ' It moves to the new network without being unplugged.' : ''}</p>
        <div className="dialog-buttons">
          <button type="submit" className="primary">OK</button>
          <button type="button" onClick={onClose}>Cancel</button>
        </div>
      </form>
    </Dialog>
  );
}

export function RemoveVifDialog({ target }: { target: SelectedObject }) {
  const { close: onClose, run } = useRunChoice();
  const { row, vmName } = useVif(target, onClose);
  if (!row) return null;
  const go = () => run(REMOVE_VIF, target, async (sel, b) => [await removeVif(b, sel[0], vmName)]);
  return (
    <Dialog title="Remove Virtual Interface" role="alertdialog" onCancel={onClose} className="net-dialog">
      <p className="dialog-text">
        Remove interface {row.device} ({row.mac}, on &apos;{row.network}&apos;) from &apos;{vmName}&apos;?
        {row.attached ? ' It is unplugged from the running VM first.' : ''}
      </p>
      <div className="dialog-buttons">
        <button type="button" className="danger" onClick={go}>Remove</button>
        <button type="button" data-autofocus onClick={onClose}>Cancel</button>
      </div>
    </Dialog>
  );
}
