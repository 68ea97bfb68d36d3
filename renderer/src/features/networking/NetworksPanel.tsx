// A pool's (or a host's) networks: name, description, NIC, VLAN, MTU, auto-add, link status, with
// Add Network… and Remove Network (asks first; the server's refusal shows in words and code): the
// commands of commands.ts, greyed with their reason.
import { useState } from 'react';
import { useApp } from '../../state';
import { networkRows, type NetworkRow } from './model';
import { SelectGrid } from '../../ui/SelectGrid';
import type { TabTarget } from '../../framework/tab';
import { useCommandStates, useRunCommand } from '../../framework/use-commands';
import { ADD_NETWORK, REMOVE_NETWORK } from './commands';

export function NetworksPanel({ target }: { target: TabTarget }) {
  const conn = target.connectionId;
  const hostRef = target.cls === 'host' ? target.ref : undefined;
  const json = useApp((s) => { void s.version; return JSON.stringify(networkRows(s, conn, hostRef)); });
  const rows = JSON.parse(json) as NetworkRow[];
  const [selected, setSelected] = useState<string | null>(null);
  const row = rows.find((r) => r.ref === selected);
  const ownerSel = [{ connectionId: conn, cls: target.cls, ref: target.ref }];
  const netSel = row ? [{ connectionId: conn, cls: 'network', ref: row.ref }] : [];
  const [add] = useCommandStates([ADD_NETWORK], ownerSel);
  const [remove] = useCommandStates([REMOVE_NETWORK], netSel);
  const runCommand = useRunCommand();
  return (
    <div className="networking-tab">
      <div role="toolbar" aria-label="Networks" className="tab-toolbar">
        <button type="button" disabled={!add.enabled} title={add.reason} onClick={() => runCommand(ADD_NETWORK, ownerSel)}>Add Network…</button>
        <button type="button" disabled={!remove.enabled} title={remove.reason} onClick={() => runCommand(REMOVE_NETWORK, netSel)}>Remove Network</button>
      </div>
      <SelectGrid
        label="Networks" rows={rows} selected={selected} onSelect={setSelected}
        columns={hostRef ? ['Name', 'Description', 'NIC', 'VLAN', 'MTU', 'Auto', 'Link status'] : ['Name', 'Description', 'NIC', 'VLAN', 'MTU', 'Auto', 'Servers']}
        cells={(r) => [r.name, r.description || '—', r.nic, r.vlan, r.mtu, r.auto ? 'Yes' : 'No', hostRef ? r.link : String(r.servers)]}
      />
    </div>
  );
}
