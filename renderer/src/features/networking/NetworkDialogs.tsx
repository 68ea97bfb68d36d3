// Add Network… (an external network: a VLAN on a NIC of every server; or a single-server private
// network) and Remove Network.
import { useId, useState, type FormEvent } from 'react';
import { useApp } from '../../state';
import { Dialog } from '../../ui/Dialog';
import { vlanBases, vlanProblem, type NetworkRow } from './model';
import { useNetRun } from './run';
import './networking.css';

export function AddNetworkDialog({ connectionId, hostRef, ownerName, onClose }: { connectionId: string; hostRef: string; ownerName: string; onClose(): void }) {
  const json = useApp((s) => { void s.version; return JSON.stringify(vlanBases(s, connectionId, hostRef)); });
  const bases = JSON.parse(json) as ReturnType<typeof vlanBases>;
  const run = useNetRun();
  const [external, setExternal] = useState(bases.length > 0);
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [pif, setPif] = useState(bases[0]?.ref ?? '');
  const [vlan, setVlan] = useState('');
  const [mtu, setMtu] = useState('1500');
  const [tried, setTried] = useState(false);
  const ids = { name: useId(), desc: useId(), nic: useId(), vlan: useId(), mtu: useId() };
  const base = bases.find((b) => b.ref === pif);
  const mtuNum = Number(mtu);
  const problem = !name.trim() ? 'Give the network a name.'
    : !/^\d+$/.test(mtu.trim()) || mtuNum < 68 || mtuNum > 9216 ? 'The MTU is a number from 68 to 9216.'
    : external && !base ? 'Choose the NIC to put the VLAN on.'
    : external ? vlanProblem(vlan, base?.usedTags ?? []) : '';
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (problem) return;
    onClose();
    const label = name.trim();
    if (external) {
      run(connectionId, 'Creating network', label, (b) => b.request('network.change', {
        kind: 'addVlan', connectionId, pifRef: pif, vlan: Number(vlan), name: label, description, mtu: mtuNum,
      }));
    } else {
      // A network without PIFs: private to the server a VM runs on (network.create, one call).
      run(connectionId, 'Creating network', label, (b) => b.request('xapi.callAsync', {
        connectionId, method: 'network.create',
        args: [{ name_label: label, name_description: description, MTU: mtuNum, other_config: { automatic: 'false' }, bridge: '', managed: true, tags: [] }],
      }));
    }
  };
  return (
    <Dialog title="New Network" onCancel={onClose} className="net-dialog">
      <form onSubmit={submit} noValidate>
        <fieldset className="choice-group">
          <legend>Type</legend>
          <label className="choice">
            <input type="radio" name="net-type" checked={external} disabled={bases.length === 0} onChange={() => setExternal(true)} />
            External network (a VLAN on a NIC of every server)
          </label>
          <label className="choice">
            <input type="radio" name="net-type" checked={!external} onChange={() => setExternal(false)} />
            Single-server private network
          </label>
        </fieldset>
        <div className="form-grid">
          <label htmlFor={ids.name}>Name</label>
          <input id={ids.name} value={name} onChange={(e) => setName(e.target.value)} />
          <label htmlFor={ids.desc}>Description</label>
          <input id={ids.desc} value={description} onChange={(e) => setDescription(e.target.value)} />
          {external ? (
            <>
              <label htmlFor={ids.nic}>NIC</label>
              <select id={ids.nic} value={pif} onChange={(e) => setPif(e.target.value)}>
                {bases.map((b) => <option key={b.ref} value={b.ref}>{b.nic}{b.network ? ` (${b.network})` : ''}</option>)}
              </select>
              <label htmlFor={ids.vlan}>VLAN</label>
              <input id={ids.vlan} inputMode="numeric" value={vlan} onChange={(e) => setVlan(e.target.value)} placeholder="0–4094" />
            </>
          ) : null}
          <label htmlFor={ids.mtu}>MTU</label>
          <input id={ids.mtu} inputMode="numeric" value={mtu} onChange={(e) => setMtu(e.target.value)} />
        </div>
        <p className="field-hint">
          {external
            ? `The NICs are those of ${ownerName || 'the coordinator'}; the VLAN is made on the same NIC of every server in the pool.`
            : 'VMs on a private network reach only each other, on the server they run on.'}
        </p>
        {tried && problem ? <div role="alert" className="dialog-error">{problem}</div> : null}
        <div className="dialog-buttons">
          <button type="submit" className="primary">Create</button>
          <button type="button" onClick={onClose}>Cancel</button>
        </div>
      </form>
    </Dialog>
  );
}

export function RemoveNetworkDialog({ connectionId, row, onClose }: { connectionId: string; row: NetworkRow; onClose(): void }) {
  const run = useNetRun();
  const go = () => {
    onClose();
    run(connectionId, 'Removing network', row.name, (b) => b.request('network.change', { kind: 'removeNetwork', connectionId, networkRef: row.ref }));
  };
  return (
    <Dialog title="Remove Network" role="alertdialog" onCancel={onClose} className="net-dialog">
      <p className="dialog-text">
        Remove the network &apos;{row.name}&apos;{row.vlan !== '—' ? ` and its VLAN ${row.vlan} from every server` : ''}? Interfaces of halted VMs on it are
        removed with it; the server refuses while a running VM is connected to it.
      </p>
      <div className="dialog-buttons">
        <button type="button" className="danger" onClick={go}>Remove</button>
        <button type="button" data-autofocus onClick={onClose}>Cancel</button>
      </div>
    </Dialog>
  );
}
