// Add Network… (an external network: a VLAN on a NIC of every server; or a single-server private
// network) and Remove Network: the dialogs of ADD_NETWORK (a pool or host) and REMOVE_NETWORK (a
// network). OK runs the command with the choices made (useRunChoice), so the task or the refusal
// shows in the Events panel.
import { useEffect, useId, useState, type FormEvent } from 'react';
import { useApp } from '../../state';
import { Dialog } from '../../ui/Dialog';
import type { SelectedObject } from '../../framework/command';
import { useRunChoice } from '../../framework/use-run-choice';
import { str } from '../../xapi-model/format';
import { planningHost, vlanBases, vlanProblem } from './model';
import { ADD_NETWORK, addNetwork, REMOVE_NETWORK, removeNetwork, selectedNetwork, vlanPrivilegeReason } from './commands';
import './networking.css';

export function AddNetworkDialog({ target }: { target: SelectedObject }) {
  const { connectionId } = target;
  const { close: onClose, run } = useRunChoice();
  const hostRef = useApp((s) => planningHost(s, connectionId, target));
  const ownerName = useApp((s) => str(s.objects.get(connectionId)?.get(target.cls)?.get(target.ref)?.name_label));
  // An external network needs pool.create_VLAN_from_PIF, above network.create's role.
  const vlanDenied = useApp((s) => vlanPrivilegeReason(ADD_NETWORK, [target], s, 'pool.create_VLAN_from_PIF'));
  const json = useApp((s) => { void s.version; return JSON.stringify(hostRef ? vlanBases(s, connectionId, hostRef) : []); });
  const bases = JSON.parse(json) as ReturnType<typeof vlanBases>;
  useEffect(() => { if (!hostRef) onClose(); }, [hostRef, onClose]);
  const [external, setExternal] = useState(bases.length > 0 && !vlanDenied);
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
  if (!hostRef) return null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (problem) return;
    const n = { name: name.trim(), description, mtu: mtuNum, vlan: external ? { pifRef: pif, tag: Number(vlan) } : undefined };
    run(ADD_NETWORK, target, async (sel, b) => [await addNetwork(b, sel[0], n)]);
  };
  return (
    <Dialog title="New Network" onCancel={onClose} className="net-dialog">
      <form onSubmit={submit} noValidate>
        <fieldset className="choice-group">
          <legend>Type</legend>
          <label className="choice" title={vlanDenied}>
            <input type="radio" name="net-type" checked={external} disabled={bases.length === 0 || !!vlanDenied} onChange={() => setExternal(true)} />
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

export function RemoveNetworkDialog({ target }: { target: SelectedObject }) {
  const { close: onClose, run } = useRunChoice();
  const json = useApp((s) => { void s.version; return JSON.stringify(selectedNetwork([target], s) ?? null); });
  const row = JSON.parse(json) as ReturnType<typeof selectedNetwork> | null;
  // Closes when the network is gone, as it did with the tab's row.
  const gone = !row;
  useEffect(() => { if (gone) onClose(); }, [gone, onClose]);
  if (!row) return null;
  const go = () => run(REMOVE_NETWORK, target, async (sel, b) => [await removeNetwork(b, sel[0], row.name)]);
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
