// A VM's disks and CD drives.
import { useApp, getRecord } from '../../state';
import { formatBytes, str } from '../../xapi-model/format';
import type { TabTarget } from '../../framework/tab';

interface DiskRow { key: string; position: string; name: string; size: string; sr: string; mode: string; type: string; attached: string }

export function StorageTab({ target }: { target: TabTarget }) {
  const json = useApp((s) => {
    void s.treeVersion;
    const vm = getRecord(s, target.connectionId, 'vm', target.ref);
    const rows: DiskRow[] = [];
    for (const vbdRef of Array.isArray(vm?.VBDs) ? vm.VBDs : []) {
      const vbd = getRecord(s, target.connectionId, 'vbd', vbdRef);
      if (!vbd) continue;
      const vdi = getRecord(s, target.connectionId, 'vdi', vbd.VDI);
      const sr = vdi ? getRecord(s, target.connectionId, 'sr', vdi.SR) : undefined;
      rows.push({
        key: String(vbdRef), position: str(vbd.userdevice), name: vdi ? str(vdi.name_label) : vbd.type === 'CD' ? 'Empty' : '—',
        size: vdi ? formatBytes(vdi.virtual_size) : '', sr: sr ? str(sr.name_label) : '', mode: str(vbd.mode), type: str(vbd.type),
        attached: vbd.currently_attached === true ? 'Yes' : 'No',
      });
    }
    rows.sort((a, b) => Number(a.position) - Number(b.position));
    return JSON.stringify(rows);
  });
  const rows = JSON.parse(json) as DiskRow[];
  if (rows.length === 0) return <p className="empty">This VM has no disks or CD drives.</p>;
  return (
    <table className="grid" aria-label="Virtual disks">
      <thead><tr><th>Position</th><th>Name</th><th>Type</th><th>Size</th><th>Storage repository</th><th>Mode</th><th>Attached</th></tr></thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key}><td>{r.position}</td><td>{r.name}</td><td>{r.type}</td><td>{r.size}</td><td>{r.sr}</td><td>{r.mode}</td><td>{r.attached}</td></tr>
        ))}
      </tbody>
    </table>
  );
}
