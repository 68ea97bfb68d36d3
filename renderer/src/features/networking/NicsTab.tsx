// A host's NICs: its physical interfaces with link, speed, duplex and vendor (PIF_metrics).
import { useApp } from '../../state';
import { nicRows, type NicRow } from './model';
import type { TabTarget } from '../../framework/tab';
import './networking.css';

export function NicsTab({ target }: { target: TabTarget }) {
  const json = useApp((s) => { void s.version; return JSON.stringify(nicRows(s, target.connectionId, target.ref)); });
  const rows = JSON.parse(json) as NicRow[];
  if (rows.length === 0) return <p className="empty">This server has no physical network interfaces.</p>;
  return (
    <table className="grid net-grid" aria-label="NICs">
      <thead><tr><th>NIC</th><th>MAC</th><th>Link status</th><th>Speed</th><th>Duplex</th><th>Vendor</th></tr></thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.ref}><td>{r.nic}</td><td className="mono">{r.mac}</td><td>{r.link}</td><td>{r.speed}</td><td>{r.duplex}</td><td>{r.vendor}</td></tr>
        ))}
      </tbody>
    </table>
  );
}
