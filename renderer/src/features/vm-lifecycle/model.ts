// Pure reads behind Take Snapshot, Copy VM, Delete VM and the Snapshots tab: a VM's snapshots,
// its disks with XenCenter's default choice for deletion, the SRs a full copy can go to, names.
import { parseXapiDate, type ObjectsView } from '../../state/store';
import { str } from '../../xapi-model/format';
import { srDisplayName } from '../../xapi-model/names';
import { allows } from '../../xapi-model/predicates';
import { entries, record, table, type XRec } from '../../xapi-model/records';
import { isRef, refs } from '../../xapi-model/refs';

export interface SnapshotRow {
  ref: string;
  name: string;
  description: string;
  /** ms since epoch (0 when unknown). */
  taken: number;
  /** A checkpoint: the VM's memory was saved too (the snapshot is Suspended). */
  withMemory: boolean;
  canRevert: boolean;
  canDelete: boolean;
}

/** VM.snapshots as rows, newest first. */
export function snapshotRows(store: ObjectsView, connectionId: string, vmRef: string): SnapshotRow[] {
  const vm = record(store, connectionId, 'vm', vmRef);
  const rows: SnapshotRow[] = [];
  for (const ref of refs(vm?.snapshots)) {
    const s = record(store, connectionId, 'vm', ref);
    if (!s) continue;
    rows.push({
      ref, name: str(s.name_label), description: str(s.name_description), taken: parseXapiDate(s.snapshot_time),
      withMemory: s.power_state === 'Suspended', canRevert: allows(s, 'revert'), canDelete: allows(s, 'destroy'),
    });
  }
  return rows.sort((a, b) => b.taken - a.taken || a.name.localeCompare(b.name, undefined, { numeric: true }));
}

// A VM's (or template's) disks with XenCenter's delete default: shared with the Templates feature, so in xapi-model.
export { vmDisks, type DiskRow } from '../../xapi-model/vm-disks';
import { vmDisks } from '../../xapi-model/vm-disks';

export interface CopyTarget {
  ref: string;
  name: string;
  free: number;
  size: number;
  /** Room for the VM's disks (their virtual sizes). */
  enoughSpace: boolean;
  isDefault: boolean;
}

/** Hosts with a plugged PBD to the SR. */
function hostsSeeing(store: ObjectsView, connectionId: string, sr: XRec<'sr'>): Set<string> {
  const out = new Set<string>();
  for (const pbdRef of refs(sr.PBDs)) {
    const pbd = record(store, connectionId, 'pbd', pbdRef);
    if (pbd && pbd.currently_attached !== false && isRef(pbd.host)) out.add(pbd.host);
  }
  return out;
}

/**
 * Where a full copy can put the VM's disks: the pool's SRs for VM disks (content_type user) that a
 * host also seeing every current disk's SR can reach (VDI.copy runs on one host), each with its
 * free space; the VM's own disk SR first, then the pool's default.
 */
export function copyTargets(store: ObjectsView, connectionId: string, vmRef: string): CopyTarget[] {
  const disks = vmDisks(store, connectionId, vmRef);
  const need = disks.reduce((n, d) => n + d.size, 0);
  let hosts: Set<string> | undefined;
  for (const d of disks) {
    const sr = record(store, connectionId, 'sr', record(store, connectionId, 'vdi', d.vdiRef)?.SR);
    if (!sr) continue;
    const seeing = hostsSeeing(store, connectionId, sr);
    hosts = hosts ? new Set([...hosts].filter((h) => seeing.has(h))) : seeing;
  }
  const firstDiskSr = disks.length ? str(record(store, connectionId, 'vdi', disks[0].vdiRef)?.SR) : '';
  const pool = table(store, connectionId, 'pool')[0];
  const def = str(pool?.default_SR);
  const out: Array<CopyTarget & { rank: number }> = [];
  for (const [ref, sr] of entries(store, connectionId, 'sr')) {
    if (str(sr.content_type) !== 'user') continue;
    const seeing = hostsSeeing(store, connectionId, sr);
    if (seeing.size === 0 || (hosts && ![...seeing].some((h) => hosts!.has(h)))) continue;
    const size = Number(sr.physical_size) || 0;
    const free = Math.max(0, size - (Number(sr.physical_utilisation) || 0));
    out.push({ ref, name: srDisplayName(store, connectionId, ref), free, size, enoughSpace: free >= need, isDefault: ref === def, rank: ref === firstDiskSr ? 0 : ref === def ? 1 : 2 });
  }
  return out.sort((a, b) => a.rank - b.rank || a.name.localeCompare(b.name, undefined, { numeric: true })).map(({ rank: _r, ...t }) => t);
}

/** `base`, or `base (2)`, `base (3)`… whichever no existing name has (XenCenter's MakeUniqueName). */
export function uniqueName(base: string, existing: Iterable<string>): string {
  const taken = new Set(existing);
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base} (${i})`)) return `${base} (${i})`;
}

/** The names of the connection's VMs (templates and snapshots too: a copy should not look like any). */
export function vmNames(store: ObjectsView, connectionId: string): string[] {
  return table(store, connectionId, 'vm').map((v) => str(v.name_label));
}

/** "Copy of <name>", unique among the pool's VMs. */
export function copyName(store: ObjectsView, connectionId: string, vmRef: string): string {
  const name = str(record(store, connectionId, 'vm', vmRef)?.name_label);
  return uniqueName(`Copy of ${name}`, vmNames(store, connectionId));
}

/** A snapshot's default name: the VM's name and the time, as a scheduled snapshot would be named. */
export function snapshotName(vmName: string, now: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${vmName} ${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())} ${p(now.getHours())}:${p(now.getMinutes())}`;
}
