// A pool's (or a host's) networks: name, description, NIC, VLAN, MTU, auto-add, link status, with
// Add Network… and Remove Network (asks first; the server's refusal shows in words and code).
import { useState } from 'react';
import { useApp } from '../../state';
import { str } from '../../xapi-model/format';
import { networkRowBlocker, networkRows, planningHost, type NetworkRow } from './model';
import { SelectGrid } from '../../ui/SelectGrid';
import { AddNetworkDialog, RemoveNetworkDialog } from './NetworkDialogs';
import type { TabTarget } from '../../framework/tab';

export function NetworksPanel({ target }: { target: TabTarget }) {
  const conn = target.connectionId;
  const hostRef = target.cls === 'host' ? target.ref : undefined;
  const json = useApp((s) => { void s.version; return JSON.stringify(networkRows(s, conn, hostRef)); });
  const rows = JSON.parse(json) as NetworkRow[];
  const planHost = useApp((s) => planningHost(s, conn, target));
  const ownerName = useApp((s) => str(s.objects.get(conn)?.get(target.cls)?.get(target.ref)?.name_label));
  const [selected, setSelected] = useState<string | null>(null);
  const [open, setOpen] = useState<'add' | 'remove' | null>(null);
  const row = rows.find((r) => r.ref === selected);
  const close = () => setOpen(null);
  return (
    <div className="networking-tab">
      <div role="toolbar" aria-label="Networks" className="tab-toolbar">
        <button type="button" disabled={!planHost} title={planHost ? undefined : 'The pool has no coordinator to add the network on'} onClick={() => setOpen('add')}>Add Network…</button>
        <button type="button" disabled={!row?.canRemove} title={networkRowBlocker(row)} onClick={() => setOpen('remove')}>Remove Network</button>
      </div>
      <SelectGrid
        label="Networks" rows={rows} selected={selected} onSelect={setSelected}
        columns={hostRef ? ['Name', 'Description', 'NIC', 'VLAN', 'MTU', 'Auto', 'Link status'] : ['Name', 'Description', 'NIC', 'VLAN', 'MTU', 'Auto', 'Servers']}
        cells={(r) => [r.name, r.description || '—', r.nic, r.vlan, r.mtu, r.auto ? 'Yes' : 'No', hostRef ? r.link : String(r.servers)]}
      />
      {open === 'add' && planHost ? <AddNetworkDialog connectionId={conn} hostRef={planHost} ownerName={ownerName} onClose={close} /> : null}
      {open === 'remove' && row ? <RemoveNetworkDialog connectionId={conn} row={row} onClose={close} /> : null}
    </div>
  );
}
