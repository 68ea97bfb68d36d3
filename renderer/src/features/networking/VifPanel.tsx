// A VM's virtual interfaces: device, MAC, network, guest IP addresses, attached; with Add Interface…,
// Properties… (change the network: VIF.move, live on a running VM) and Remove (asks first).
import { useState } from 'react';
import { useApp } from '../../state';
import { str } from '../../xapi-model/format';
import { addVifBlocker, canAddVif, vifRowBlocker, vifRows, type VifRow } from './model';
import { SelectGrid } from '../../ui/SelectGrid';
import { AddVifDialog, RemoveVifDialog, VifPropertiesDialog } from './VifDialogs';
import type { TabTarget } from '../../framework/tab';

type Open = 'add' | 'properties' | 'remove' | null;

export function VifPanel({ target }: { target: TabTarget }) {
  const conn = target.connectionId;
  const json = useApp((s) => { void s.version; return JSON.stringify(vifRows(s, conn, target.ref)); });
  const rows = JSON.parse(json) as VifRow[];
  const canAdd = useApp((s) => canAddVif(s, conn, target.ref));
  const addBlocker = useApp((s) => addVifBlocker(s, conn, target.ref));
  const power = useApp((s) => str(s.objects.get(conn)?.get('vm')?.get(target.ref)?.power_state));
  const vmName = useApp((s) => str(s.objects.get(conn)?.get('vm')?.get(target.ref)?.name_label));
  const [selected, setSelected] = useState<string | null>(null);
  const [open, setOpen] = useState<Open>(null);
  const row = rows.find((r) => r.ref === selected);
  const close = () => setOpen(null);
  return (
    <div className="networking-tab">
      <div role="toolbar" aria-label="Virtual interfaces" className="tab-toolbar">
        <button type="button" disabled={!canAdd} title={canAdd ? undefined : addBlocker || undefined} onClick={() => setOpen('add')}>Add Interface…</button>
        <button type="button" disabled={!row?.canEdit} title={vifRowBlocker(row, 'edit', power)} onClick={() => setOpen('properties')}>Properties…</button>
        <button type="button" disabled={!row?.canRemove} title={vifRowBlocker(row, 'remove', power)} onClick={() => setOpen('remove')}>Remove</button>
      </div>
      {rows.length === 0 ? <p className="empty">&apos;{vmName}&apos; has no virtual network interfaces.</p> : (
        <SelectGrid
          label="Virtual interfaces" rows={rows} selected={selected} onSelect={setSelected}
          columns={['Device', 'MAC', 'Network', 'IP addresses', 'Attached']}
          cells={(r) => [r.device, <span className="mono" key="mac">{r.mac || '—'}</span>, r.network,
            r.ips.length ? <span className="ips" key="ips">{r.ips.map((ip) => <span key={ip}>{ip}</span>)}</span> : '—', r.attached ? 'Yes' : 'No']}
        />
      )}
      {open === 'add' ? <AddVifDialog connectionId={conn} vmRef={target.ref} vmName={vmName} onClose={close} /> : null}
      {open === 'properties' && row ? <VifPropertiesDialog connectionId={conn} row={row} vmName={vmName} onClose={close} /> : null}
      {open === 'remove' && row ? <RemoveVifDialog connectionId={conn} row={row} vmName={vmName} onClose={close} /> : null}
    </div>
  );
}
