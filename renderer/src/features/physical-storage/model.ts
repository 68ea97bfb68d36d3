// The Storage tab of a pool or a server (XenCenter's physical storage page): each SR with its type,
// sharing, usage, size and virtual allocation, and its connection (PBD) on each server: a pool lists every
// SR and every server's state; a server lists the SRs it has a PBD to (and the shared SRs it lacks one for).
import type { StoreView } from '../../state/store';
import { formatBytes, str } from '../../xapi-model/format';
import { entries, record, table } from '../../xapi-model/records';

const refs = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

export type PbdState = 'Connected' | 'Unplugged' | 'Connection Missing';
export interface HostPbd { host: string; hostName: string; state: PbdState }
export interface PhysicalSrRow {
  ref: string;
  name: string;
  description: string;
  type: string;
  shared: boolean;
  isDefault: boolean;
  /** physical_utilisation and physical_size in bytes; size ≤ 0 when the backend reports none. */
  used: number;
  size: number;
  virtualAllocation: number;
  /** 0..1, or undefined without a size. */
  usage?: number;
  pbds: HostPbd[];
}

/** XenCenter's friendly names of the SR types. */
const TYPE_NAMES: Record<string, string> = {
  nfs: 'NFS', smb: 'SMB', cifs: 'SMB', iso: 'ISO', lvmoiscsi: 'LVM over iSCSI', lvmohba: 'LVM over FC', lvmofcoe: 'LVM over FCoE',
  lvm: 'LVM', ext: 'EXT', udev: 'Removable storage', gfs2: 'GFS2', file: 'File', xfs: 'XFS', zfs: 'ZFS', largeblock: 'Large block', dummy: 'Dummy',
};
export const srTypeName = (type: string): string => TYPE_NAMES[type] ?? type.toUpperCase();

/** "1.2 TiB used (15%)" (the size has its own column), or '—' without a size. */
export function usageText(r: Pick<PhysicalSrRow, 'used' | 'size' | 'usage'>): string {
  if (r.usage === undefined) return '—';
  return `${formatBytes(Math.max(0, r.used))} used (${Math.round(r.usage * 100)}%)`;
}

/** The rows for a pool (`hostRef` undefined) or a server, by name. */
export function physicalStorageRows(store: StoreView, conn: string, hostRef?: string): PhysicalSrRow[] {
  const pool = table(store, conn, 'pool')[0];
  const hosts = entries(store, conn, 'host').map(([ref, h]) => ({ ref, name: str(h.name_label) || ref })).sort((a, b) => a.name.localeCompare(b.name));
  const rows: PhysicalSrRow[] = [];
  for (const [ref, sr] of entries(store, conn, 'sr')) {
    const other = sr.other_config && typeof sr.other_config === 'object' ? sr.other_config as Record<string, unknown> : {};
    // Hidden from XenCenter, and the tools ISO library: not physical storage a user manages.
    if (other.HideFromXenCenter === 'true' || sr.is_tools_sr === true) continue;
    const pbds = refs(sr.PBDs).map((p) => record(store, conn, 'pbd', p)).filter((p) => !!p);
    const shared = sr.shared === true;
    const byHost = new Map(pbds.map((p) => [str(p!.host), p!.currently_attached === true] as const));
    if (hostRef !== undefined && !byHost.has(hostRef) && !shared) continue;
    const shown = hostRef !== undefined ? hosts.filter((h) => h.ref === hostRef) : shared ? hosts : hosts.filter((h) => byHost.has(h.ref));
    const size = Number(sr.physical_size);
    const used = Number(sr.physical_utilisation);
    rows.push({
      ref, name: str(sr.name_label) || ref, description: str(sr.name_description), type: srTypeName(str(sr.type)), shared,
      isDefault: !!pool && pool.default_SR === ref,
      used: Number.isFinite(used) ? used : 0, size: Number.isFinite(size) ? size : 0,
      virtualAllocation: Number(sr.virtual_allocation) || 0,
      usage: Number.isFinite(size) && size > 0 && Number.isFinite(used) && used >= 0 ? Math.min(1, used / size) : undefined,
      pbds: shown.map((h) => ({ host: h.ref, hostName: h.name, state: !byHost.has(h.ref) ? 'Connection Missing' : byHost.get(h.ref) ? 'Connected' : 'Unplugged' })),
    });
  }
  return rows.sort((a, b) => a.name.localeCompare(b.name, undefined, { numeric: true }) || a.ref.localeCompare(b.ref));
}
