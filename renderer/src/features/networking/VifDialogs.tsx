// Add Interface…, interface Properties… and Remove for the VM's Networking tab.
import { useId, useState, type FormEvent } from 'react';
import { appStore, useApp } from '../../state';
import { Dialog } from '../../ui/Dialog';
import { guestNetworks, macProblem, type VifRow } from './model';
import { macsInUse } from '../../xapi-model/mac';
import { useNetRun } from './run';
import './networking.css';

interface Common { connectionId: string; vmName: string; onClose(): void }

function useNetworks(connectionId: string) {
  const json = useApp((s) => { void s.version; return JSON.stringify(guestNetworks(s, connectionId)); });
  return JSON.parse(json) as Array<{ ref: string; name: string }>;
}

export function AddVifDialog({ connectionId, vmRef, vmName, onClose }: Common & { vmRef: string }) {
  const networks = useNetworks(connectionId);
  const run = useNetRun();
  const [network, setNetwork] = useState(networks[0]?.ref ?? '');
  const [autoMac, setAutoMac] = useState(true);
  const [mac, setMac] = useState('');
  const running = appStore.getState().objects.get(connectionId)?.get('vm')?.get(vmRef)?.power_state === 'Running';
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
    onClose();
    run(connectionId, 'Adding virtual interface', vmName, (b) => b.request('network.change', {
      kind: 'addVif', connectionId, vmRef, networkRef: network, mac: autoMac ? '' : mac.trim().toLowerCase(),
    }));
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

export function VifPropertiesDialog({ connectionId, row, vmName, onClose }: Common & { row: VifRow }) {
  const networks = useNetworks(connectionId);
  const run = useNetRun();
  const [network, setNetwork] = useState(row.networkRef);
  const netId = useId();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onClose();
    if (network === row.networkRef) return;
    // VIF.move keeps the device and MAC (and works live), where XenCenter recreated the VIF.
    run(connectionId, 'Changing virtual interface network', vmName, (b) => b.request('xapi.callAsync', { connectionId, method: 'VIF.move', args: [row.ref, network] }));
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

export function RemoveVifDialog({ connectionId, row, vmName, onClose }: Common & { row: VifRow }) {
  const run = useNetRun();
  const go = () => {
    onClose();
    run(connectionId, 'Removing virtual interface', vmName, (b) => b.request('network.change', { kind: 'removeVif', connectionId, vifRef: row.ref }));
  };
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
