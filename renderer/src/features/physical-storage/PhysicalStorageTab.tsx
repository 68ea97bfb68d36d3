// A pool's or a server's Storage tab: its storage repositories (name, description, type, shared, usage
// with a bar, size, virtual allocation) and each one's connection on every server, live from the cache,
// with the SR commands for the selected row as buttons (greyed with their reason).
import { useState } from 'react';
import { useApp } from '../../state';
import type { TabTarget } from '../../framework/tab';
import type { Command } from '../../framework/command';
import { commandById } from '../../framework/registry';
import { useCommandStates, useRunCommand } from '../../framework/use-commands';
import { SelectGrid } from '../../ui/SelectGrid';
import { formatBytes } from '../../xapi-model/format';
import { physicalStorageRows, usageText, type PhysicalSrRow } from './model';
import './physical-storage.css';

/** The SR commands (features/sr-commands) and Properties, run by id, in XenCenter's order. */
const COMMAND_IDS = ['sr.repair', 'sr.setDefault', 'sr.detach', 'sr.forget', 'sr.destroy', 'sr.rescan', 'sr.trim', 'sr.properties'];
const srCommands = (): Command[] => COMMAND_IDS.map((id) => commandById(id)).filter((c): c is Command => !!c);

function UsageBar({ row }: { row: PhysicalSrRow }) {
  if (row.usage === undefined) return <span className="empty">—</span>;
  const pct = Math.round(row.usage * 100);
  return (
    <span className="ps-usage">
      <span className="ps-bar" role="meter" aria-label={`Usage of ${row.name}`} aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct}>
        <span className={`ps-bar-fill${row.usage > 0.9 ? ' full' : ''}`} style={{ width: `${pct}%` }} />
      </span>
      <span className="ps-usage-text">{usageText(row)}</span>
    </span>
  );
}

function PbdCell({ row, single }: { row: PhysicalSrRow; single: boolean }) {
  if (row.pbds.length === 0) return <span className="empty">Not attached</span>;
  if (single) return <span className="ps-pbd" data-state={row.pbds[0].state}>{row.pbds[0].state}</span>;
  const all = row.pbds.map((p) => `${p.hostName}: ${p.state}`).join('\n');
  // A shared SR plugged everywhere in one line (each server in the tooltip); otherwise every server's state.
  if (row.pbds.length > 1 && row.pbds.every((p) => p.state === 'Connected')) {
    return <span className="ps-pbd" data-state="Connected" title={all}>Connected on all {row.pbds.length} servers</span>;
  }
  return (
    <ul className="ps-pbds">
      {row.pbds.map((p) => <li key={p.host}><span className="ps-pbd" data-state={p.state}>{p.hostName}: {p.state}</span></li>)}
    </ul>
  );
}

export function PhysicalStorageTab({ target }: { target: TabTarget }) {
  const conn = target.connectionId;
  const hostRef = target.cls === 'host' ? target.ref : undefined;
  const json = useApp((s) => { void s.version; return JSON.stringify(physicalStorageRows(s, conn, hostRef)); });
  const rows = JSON.parse(json) as PhysicalSrRow[];
  const [selected, setSelected] = useState<string | null>(null);
  const row = rows.find((r) => r.ref === selected);
  const sel = row ? [{ connectionId: conn, cls: 'sr', ref: row.ref }] : [];
  const [commands] = useState(srCommands);
  const states = useCommandStates(commands, sel);
  const run = useRunCommand();
  return (
    <div className="physical-storage-tab">
      <div role="toolbar" aria-label="Storage repositories" className="tab-toolbar ps-toolbar">
        {commands.map((c, i) => (
          <button key={c.id} type="button" disabled={!states[i].enabled} title={row ? states[i].reason : 'Select a storage repository'} onClick={() => run(c, sel)}>
            {c.label}
          </button>
        ))}
      </div>
      {rows.length === 0 ? <p className="empty">No storage repositories.</p> : (
        <div className="ps-scroll">
        <SelectGrid
          label="Storage repositories" rows={rows} selected={selected} onSelect={setSelected}
          columns={['Name', 'Description', 'Type', 'Shared', 'Usage', 'Size', 'Virtual allocation', hostRef ? 'Status' : 'Servers']}
          cells={(r) => [
            <span key="n" className="ps-name" title={r.description || undefined}>{r.name}{r.isDefault && <span className="ps-default" title="The pool's default SR"> (default)</span>}</span>,
            r.description || '—', r.type, r.shared ? 'Yes' : 'No', <UsageBar key="u" row={r} />,
            <span key="s" className="ps-num">{r.size > 0 ? formatBytes(r.size) : '—'}</span>, <span key="v" className="ps-num">{formatBytes(r.virtualAllocation)}</span>, <PbdCell key="p" row={r} single={!!hostRef} />,
          ]}
        />
        </div>
      )}
    </div>
  );
}
