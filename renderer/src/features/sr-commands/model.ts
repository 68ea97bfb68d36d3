// What the SR commands need to know of an SR, from the cache, and why each cannot run, in words: the
// enabling rules of XenCenter's RepairSRCommand, SetAsDefaultSRCommand, DetachSRCommand, ForgetSRCommand,
// DestroySRCommand and TrimSRCommand (with XenAPI-Extensions/SR.cs: IsBroken, IsDetached, HasRunningVMs,
// CanCreateWithXenCenter, SupportsTrim, SupportsVdiCreate), over the SR's allowed_operations.
import type { Selection } from '../../framework/command';
import type { StoreView } from '../../state/store';
import { str } from '../../xapi-model/format';
import { allows } from '../../xapi-model/predicates';
import { entries, record, table } from '../../xapi-model/records';
import { srIsBroken } from '../../xapi-model/sr-broken';

const refs = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

export interface SrPbd { ref: string; host: string; hostName: string; attached: boolean }
export interface SrDisk { ref: string; name: string; size: number; vms: string[] }
export interface SrFacts {
  ref: string;
  name: string;
  type: string;
  shared: boolean;
  iso: boolean;
  pbds: SrPbd[];
  /** Hosts of the connection, by name. */
  hosts: Array<{ ref: string; name: string }>;
  isDefault: boolean;
  /** XenCenter's IsBroken: a PBD missing (one per host for a shared SR, one for a local SR) or unplugged. */
  broken: boolean;
  /** No PBD plugged anywhere (XenCenter's IsDetached). */
  detached: boolean;
  runningVms: boolean;
  busy: boolean;
  /** A type XenCenter can create, so forget and destroy (nfs, smb, iso, lvmoiscsi, lvmohba, lvmofcoe, gfs2). */
  creatable: boolean;
  supportsTrim: boolean;
  supportsVdiCreate: boolean;
  /** The managed disks Destroy deletes (not the SR's statistics disk). */
  disks: SrDisk[];
}

const CREATABLE = new Set(['iso', 'lvmoiscsi', 'nfs', 'lvmohba', 'smb', 'lvmofcoe', 'gfs2']);

/** The SM record of the SR's type (its capabilities and features), when the server lists one. */
function smOf(store: StoreView, conn: string, type: string) {
  return table(store, conn, 'sm').find((s) => s.type === type);
}

export function srFacts(store: StoreView, conn: string, ref: string): SrFacts | undefined {
  const sr = record(store, conn, 'sr', ref);
  if (!sr) return undefined;
  const hosts = entries(store, conn, 'host').map(([r, h]) => ({ ref: r, name: str(h.name_label) || r })).sort((a, b) => a.name.localeCompare(b.name));
  const hostName = (h: string) => hosts.find((x) => x.ref === h)?.name ?? h;
  const pbds = refs(sr.PBDs).map((p) => [p, record(store, conn, 'pbd', p)] as const).filter(([, p]) => !!p)
    .map(([p, rec]) => ({ ref: p, host: str(rec!.host), hostName: hostName(str(rec!.host)), attached: rec!.currently_attached === true }));
  const shared = sr.shared === true;
  const type = str(sr.type);
  const iso = sr.content_type === 'iso';
  const pool = table(store, conn, 'pool')[0];
  let runningVms = false;
  const disks: SrDisk[] = [];
  for (const v of refs(sr.VDIs)) {
    const vdi = record(store, conn, 'vdi', v);
    if (!vdi) continue;
    const vms: string[] = [];
    for (const b of refs(vdi.VBDs)) {
      const vbd = record(store, conn, 'vbd', b);
      const vm = vbd ? record(store, conn, 'vm', vbd.VM) : undefined;
      if (!vm) continue;
      // PR-1223: the control domain on a metadata disk does not hold the SR.
      if (vdi.type === 'metadata' && vm.is_control_domain === true) continue;
      if (vm.power_state === 'Running') runningVms = true;
      if (vm.is_control_domain !== true) vms.push(str(vm.name_label));
    }
    if (vdi.managed !== false && vdi.type !== 'rrd') disks.push({ ref: v, name: str(vdi.name_label) || v, size: Number(vdi.virtual_size) || 0, vms });
  }
  disks.sort((a, b) => a.name.localeCompare(b.name));
  const sm = smOf(store, conn, type);
  const features = sm?.features && typeof sm.features === 'object' ? sm.features as Record<string, unknown> : {};
  const caps = refs(sm?.capabilities);
  return {
    ref, name: str(sr.name_label) || ref, type, shared, iso, pbds, hosts,
    isDefault: !!pool && pool.default_SR === ref,
    broken: srIsBroken(store, conn, ref),
    detached: !pbds.some((p) => p.attached),
    runningVms,
    busy: !!sr.current_operations && typeof sr.current_operations === 'object' && Object.keys(sr.current_operations).length > 0,
    creatable: CREATABLE.has(type),
    supportsTrim: Object.hasOwn(features, 'SR_TRIM'),
    // ISO libraries never count (CA-40119); without an SM record, the SR's own vdi_create says it.
    supportsVdiCreate: !iso && type !== 'tmpfs' && (sm ? caps.includes('VDI_CREATE') : allows(sr, 'vdi_create')),
    disks,
  };
}

export type SrCommandKind = 'repair' | 'setDefault' | 'detach' | 'forget' | 'destroy' | 'rescan' | 'trim';

const DETACHED = 'The SR is currently detached.';
const RUNNING = 'The SR is in use by running VMs';
const BUSY = 'There is currently an action in progress on this SR.';
const PRODUCT = 'PoolDesk';

/** Why `kind` cannot run on these facts, or undefined when it can. */
export function factsRefusal(kind: SrCommandKind, f: SrFacts, store: StoreView, conn: string): string | undefined {
  const sr = record(store, conn, 'sr', f.ref);
  switch (kind) {
    case 'repair':
      if (f.pbds.length === 0) return 'The SR has no PBDs: reattach it instead';
      if (f.busy) return BUSY;
      if (!f.broken) return 'Every server has the SR plugged: there is nothing to repair';
      return undefined;
    case 'setDefault':
      if (f.pbds.length === 0) return DETACHED;
      if (f.isDefault) return 'This SR is already the default';
      if (f.iso) return 'An ISO library cannot be the default SR';
      if (!f.supportsVdiCreate) return 'Virtual disks cannot be created on this SR';
      if (!f.shared && f.hosts.length > 1) return 'Only a shared SR can be the default SR of a pool';
      if (f.busy) return BUSY;
      return undefined;
    case 'detach':
      if (f.detached) return DETACHED;
      if (f.runningVms) return RUNNING;
      if (f.busy) return BUSY;
      return undefined;
    case 'forget':
      if (f.runningVms) return RUNNING;
      if (!f.creatable) return `This SR cannot be forgotten with ${PRODUCT}`;
      if (f.busy) return BUSY;
      // Plugged: Forget unplugs it first.
      if (!allows(sr, 'forget') && !(allows(sr, 'unplug') && !f.detached)) return 'The server does not allow this SR to be forgotten now';
      return undefined;
    case 'destroy':
      if (f.pbds.length === 0) return DETACHED;
      if (f.runningVms) return RUNNING;
      if (!f.creatable) return `This SR cannot be destroyed with ${PRODUCT}`;
      if (f.busy) return BUSY;
      if (f.disks.length > 0 && f.detached) return 'The SR is detached: repair it first, so that its virtual disks can be deleted';
      if (f.disks.length > 0 && !allows(sr, 'vdi_destroy')) return 'The virtual disks of this SR cannot be deleted: forget it instead';
      if (!allows(sr, 'destroy') && !(allows(sr, 'unplug') && !f.detached)) return 'The server does not allow this SR to be destroyed now';
      return undefined;
    case 'rescan':
      if (f.detached) return DETACHED;
      if (f.busy) return BUSY;
      if (!allows(sr, 'scan')) return 'The server does not allow this SR to be rescanned now';
      return undefined;
    case 'trim':
      if (!f.supportsTrim) return 'Reclaiming freed space is not supported on this SR';
      if (f.detached) return 'Cannot reclaim freed space because the SR is detached.';
      return undefined;
  }
}

/** Why `kind` cannot run on this selection (one SR), or undefined. */
export function srRefusal(kind: SrCommandKind, selection: Selection, store: StoreView): string | undefined {
  if (selection.length !== 1) return 'Select one storage repository';
  const t = selection[0];
  if (t.cls !== 'sr') return 'Select a storage repository';
  const f = srFacts(store, t.connectionId, t.ref);
  if (!f) return 'The storage repository is no longer on the server';
  return factsRefusal(kind, f, store, t.connectionId);
}
