// VM.migrate_send to another pool of this process (SEMANTICS.md 2.6): the `dest` map from the
// destination's host.migrate_receive names its coordinator (`master` URL), a session there and the
// receiving host. Every disk must be mapped to a destination SR (VDI_NOT_IN_MAP) and every VIF to a
// destination network (VIF_NOT_IN_MAP). The disks are mirrored into the destination SRs, the VM
// (same uuid) with its devices and snapshots appears there, and it is removed here with its disks.
// CDs come along empty: the source pool's ISOs are not visible over there.
import { refreshVmAllowed } from './allowed-ops';
import { isNullRef } from './db';
import { copyObjects, type ObjectRef } from './db-copy';
import { NULL_REF, type Rec } from './fields';
import type { CallCtx, Sim } from './sim';
import { XapiError } from './xapi-error';
import { refreshDevicesOf, vdiDestroy, vdiMirror } from './methods/storage';
import { destroyRecord } from './methods/vm-lifecycle';
import { setConsoles } from './methods/vm-power';
import { assertHostCanRun } from './boot-checks';
import { loopbackPool, type HttpCrossPlan, type HttpPool } from './remote-pool-http';

export interface CrossPoolPlan {
  vmRef: string;
  remote: Sim;
  destHost: string;
  /** Source VDI → destination SR, for the VM's disks (and suspend image) and its snapshots' disks. */
  disks: [string, string][];
  /** Source VIF → destination network. */
  vifs: [string, string][];
  snapshots: string[];
}

/**
 * The destination pool named by `dest`: undefined when `dest.host` is a host of this pool, a pool of
 * this process, or (its `master` on another port: another process) a pool reached over HTTP on loopback.
 */
export function remotePool(sim: Sim, dest: Record<string, string>): Sim | HttpPool | undefined {
  if (sim.network && !sim.network.isOurs(String(dest.master))) return loopbackPool(String(dest.master));
  if (sim.db.get('host', String(dest.host))) return undefined;
  const remote = sim.network?.poolAt(String(dest.master));
  if (!remote || remote === sim) throw new XapiError('VM_MIGRATE_CONTACT_REMOTE_SERVICE_FAILED', []);
  return remote;
}

/** VM.assert_can_migrate's cross-pool checks. `vmDisks` are the VM's own disk VDIs (CDs excluded). */
export function planCrossPool(sim: Sim, remote: Sim, vmRef: string, dest: Record<string, string>, vmDisks: string[],
  vdiMap: Record<string, string>, vifMap: Record<string, string>): CrossPoolPlan {
  const { db } = sim;
  const r = remote.db;
  if (!r.get('session', String(dest.session_id))) throw new XapiError('SESSION_INVALID', [String(dest.session_id)]);
  const destHost = String(dest.host);
  if (!r.get('host', destHost)) throw new XapiError('HANDLE_INVALID', ['host', destHost]);
  const vm = db.get('VM', vmRef)!;
  const disks: [string, string][] = [];
  for (const vdi of vmDisks) {
    const sr = vdiMap[vdi];
    if (sr === undefined) throw new XapiError('VDI_NOT_IN_MAP', [vdi]);
    if (!r.get('SR', sr)) throw new XapiError('HANDLE_INVALID', ['SR', sr]);
    disks.push([vdi, sr]);
  }
  const vifs: [string, string][] = [];
  for (const vif of (vm.VIFs as string[]) ?? []) {
    const net = vifMap[vif];
    if (net === undefined) throw new XapiError('VIF_NOT_IN_MAP', [vif]);
    if (!r.get('network', net)) throw new XapiError('HANDLE_INVALID', ['network', net]);
    vifs.push([vif, net]);
  }
  // Snapshots travel with the VM; their disks go where the disk they were taken of goes.
  const snapshots = ((vm.snapshots as string[]) ?? []).filter((s) => db.get('VM', s));
  const target = new Map(disks);
  const fallback = disks[0]?.[1];
  for (const s of snapshots) {
    for (const vdi of diskVdisOf(sim, s)) {
      const sr = target.get(String(db.get('VDI', vdi)!.snapshot_of)) ?? fallback;
      if (sr && !target.has(vdi)) { target.set(vdi, sr); disks.push([vdi, sr]); }
    }
  }
  const running = vm.power_state === 'Running' || vm.power_state === 'Paused';
  assertHostCanRun(remote, vm, vmRef, destHost, running, running ? new Set(disks.map(([, sr]) => sr)) : new Set(), running ? new Set(vifs.map(([, net]) => net)) : new Set());
  return { vmRef, remote, destHost, disks, vifs, snapshots };
}

/** VM.assert_can_migrate's checks that need no answer from a pool of another process (the rest: checkHttpCrossPool). */
export function planHttpCrossPool(sim: Sim, pool: HttpPool, vmRef: string, dest: Record<string, string>, vmDisks: string[],
  vdiMap: Record<string, string>, vifMap: Record<string, string>): HttpCrossPlan {
  const vm = sim.db.get('VM', vmRef)!;
  const disks = vmDisks.map((vdi): [string, string] => {
    if (vdiMap[vdi] === undefined) throw new XapiError('VDI_NOT_IN_MAP', [vdi]);
    return [vdi, vdiMap[vdi]];
  });
  const vifs = ((vm.VIFs as string[]) ?? []).map((vif): [string, string] => {
    if (vifMap[vif] === undefined) throw new XapiError('VIF_NOT_IN_MAP', [vif]);
    return [vif, vifMap[vif]];
  });
  return { vmRef, pool, session: String(dest.session_id), destHost: String(dest.host), disks, vifs };
}

function diskVdisOf(sim: Sim, vmRef: string): string[] {
  const { db } = sim;
  return ((db.get('VM', vmRef)?.VBDs as string[]) ?? []).map((b) => db.get('VBD', b)).filter((b): b is Rec => !!b && !b.empty && b.type !== 'CD' && !isNullRef(b.VDI)).map((b) => String(b.VDI));
}

/** The migration's effect once the disks are mirrored; returns the VM's ref in the destination pool. */
export function moveAcross(ctx: CallCtx, plan: CrossPoolPlan, mirrored: Map<string, string>): string {
  const { sim } = ctx;
  const { db } = sim;
  const { remote, vmRef } = plan;
  const objects: ObjectRef[] = [];
  for (const v of [vmRef, ...plan.snapshots]) {
    const rec = db.get('VM', v)!;
    objects.push(['VM', v]);
    for (const [cls, f] of [['VM_metrics', 'metrics'], ['VM_guest_metrics', 'guest_metrics']] as const) if (db.get(cls, String(rec[f]))) objects.push([cls, String(rec[f])]);
    for (const b of (rec.VBDs as string[]) ?? []) objects.push(['VBD', b]);
    for (const i of (rec.VIFs as string[]) ?? []) objects.push(['VIF', i]);
  }
  const refs = copyObjects(db, remote.db, objects, mirrored);
  const r = remote.db;
  const newVm = refs.get(vmRef)!;
  for (const [vif, net] of plan.vifs) r.update('VIF', refs.get(vif)!, { network: net });
  for (const [cls, b] of objects) {
    if (cls !== 'VBD') continue;
    const nb = refs.get(b)!;
    if (isNullRef(r.get('VBD', nb)!.VDI)) r.update('VBD', nb, { VDI: NULL_REF, empty: true });
  }
  const vm = r.get('VM', newVm)!;
  const running = vm.power_state === 'Running' || vm.power_state === 'Paused';
  r.update('VM', newVm, {
    resident_on: running ? plan.destHost : NULL_REF, scheduled_to_be_resident_on: NULL_REF, affinity: NULL_REF,
    domid: running ? remote.domid++ : -1, current_operations: {},
  });
  setConsoles(remote, newVm, running ? plan.destHost : null);
  for (const v of [newVm, ...plan.snapshots.map((s) => refs.get(s)!)]) { refreshDevicesOf(remote, v); refreshVmAllowed(r, v); }
  // Gone from here: the records, then the mirrored source disks no other VM uses.
  for (const v of [...plan.snapshots, vmRef]) destroyRecord(sim, v);
  for (const [vdi] of plan.disks) {
    const left = ((db.get('VDI', vdi)?.VBDs as string[]) ?? []).filter((b) => db.get('VBD', b));
    if (db.get('VDI', vdi) && left.length === 0) vdiDestroy(sim, vdi);
  }
  return newVm;
}

/** Mirrors each planned disk into its destination SR, keeping snapshot lineage; returns source → copy. */
export function mirrorDisk(sim: Sim, plan: CrossPoolPlan, vdi: string, sr: string, done: Map<string, string>): void {
  const copy = vdiMirror(sim, vdi, sr, plan.remote);
  const src = sim.db.get('VDI', vdi)!;
  if (src.is_a_snapshot === true) {
    plan.remote.db.update('VDI', copy, { is_a_snapshot: true, snapshot_time: src.snapshot_time, snapshot_of: done.get(String(src.snapshot_of)) ?? NULL_REF });
  }
  done.set(vdi, copy);
}
