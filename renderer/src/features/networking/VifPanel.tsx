// A VM's virtual interfaces: device, MAC, network, guest IP addresses, attached; with Add Interface…,
// Properties… (change the network: VIF.move, live on a running VM) and Remove (asks first): the
// commands of commands.ts, greyed with their reason.
import { useState } from 'react';
import { useApp } from '../../state';
import { str } from '../../xapi-model/format';
import { vifRows, type VifRow } from './model';
import { SelectGrid } from '../../ui/SelectGrid';
import type { TabTarget } from '../../framework/tab';
import { useCommandStates, useRunCommand } from '../../framework/use-commands';
import { ADD_VIF, REMOVE_VIF, VIF_PROPERTIES } from './commands';

export function VifPanel({ target }: { target: TabTarget }) {
  const conn = target.connectionId;
  const json = useApp((s) => { void s.version; return JSON.stringify(vifRows(s, conn, target.ref)); });
  const rows = JSON.parse(json) as VifRow[];
  const vmName = useApp((s) => str(s.objects.get(conn)?.get('vm')?.get(target.ref)?.name_label));
  const [selected, setSelected] = useState<string | null>(null);
  const row = rows.find((r) => r.ref === selected);
  const vmSel = [{ connectionId: conn, cls: 'vm', ref: target.ref }];
  const vifSel = row ? [{ connectionId: conn, cls: 'vif', ref: row.ref }] : [];
  const [add] = useCommandStates([ADD_VIF], vmSel);
  const [edit, remove] = useCommandStates([VIF_PROPERTIES, REMOVE_VIF], vifSel);
  const runCommand = useRunCommand();
  return (
    <div className="networking-tab">
      <div role="toolbar" aria-label="Virtual interfaces" className="tab-toolbar">
        <button type="button" disabled={!add.enabled} title={add.reason} onClick={() => runCommand(ADD_VIF, vmSel)}>Add Interface…</button>
        <button type="button" disabled={!edit.enabled} title={edit.reason} onClick={() => runCommand(VIF_PROPERTIES, vifSel)}>Properties…</button>
        <button type="button" disabled={!remove.enabled} title={remove.reason} onClick={() => runCommand(REMOVE_VIF, vifSel)}>Remove</button>
      </div>
      {rows.length === 0 ? <p className="empty">&apos;{vmName}&apos; has no virtual network interfaces.</p> : (
        <SelectGrid
          label="Virtual interfaces" rows={rows} selected={selected} onSelect={setSelected}
          columns={['Device', 'MAC', 'Network', 'IP addresses', 'Attached']}
          cells={(r) => [r.device, <span className="mono" key="mac">{r.mac || '—'}</span>, r.network,
            r.ips.length ? <span className="ips" key="ips">{r.ips.map((ip) => <span key={ip}>{ip}</span>)}</span> : '—', r.attached ? 'Yes' : 'No']}
        />
      )}
    </div>
  );
}
