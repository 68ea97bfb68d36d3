// VM.pool_migrate, VM.assert_can_migrate, VM.migrate_send and host.migrate_receive (SEMANTICS.md 2.6,
// 2.7, 2.8, 0.5). Each key is a wire name ("Class.message").
//
// A `dest` map whose `host` is not a host of this pool is another pool: cross-pool-migrate.ts finds it
// by the map's `master` URL among the pools of this process, or, a `master` on another port, reaches
// that process over HTTP on loopback (remote-pool-http.ts); one that cannot be reached answers
// VM_MIGRATE_CONTACT_REMOTE_SERVICE_FAILED [] (the code xapi raises when the destination's services
// cannot be contacted).
// A `dest` map lacking one of the five keys is refused with INTERNAL_ERROR ["Not_found"] (xapi looks
// the keys up with List.assoc and lets Not_found escape as an internal error).
import { refreshVmAllowed, vmOpError } from '../allowed-ops';
import { isNullRef } from '../db';
import { NULL_REF, type Rec } from '../fields';
import { nowDatetime, type CallCtx, type Handler, type Sim } from '../sim';
import { XapiError } from '../xapi-error';
import { rowOf } from './generic';
import { refreshDevicesOf, vdiDestroy, vdiMirror } from './storage';
import { message, setConsoles, withVmOp } from './vm-power';
import { assertCanBootHere, refreshHostMemory } from '../boot-checks';
import { withCurrentOp } from '../current-ops';
import { checkVmPreservesPlan } from '../ha-plan';
import { mirrorDisk, moveAcross, planCrossPool, planHttpCrossPool, remotePool, type CrossPoolPlan } from '../cross-pool-migrate';
import { checkHttpCrossPool, sendHttpCrossPool, type HttpCrossPlan } from '../remote-pool-http';
import { operations, type MethodModule } from '../method-module';

const ref = (v: unknown) => String(v);
const DEST_KEYS = ['SM', 'host', 'xenops', 'session_id', 'master'];

/** The host op `vm_migrate` on the destination for the duration of the migration (SEMANTICS.md 2.6). */
async function withHostOp<T>(ctx: CallCtx, host: string, fn: () => Promise<T>): Promise<T> {
  return withCurrentOp(ctx.sim.db, 'host', host, ctx.task ?? `sync-vm_migrate-${Math.random()}`, 'vm_migrate', undefined, fn);
}

/** assert_can_boot_here against the mapped SRs and networks; memory is reserved only for a live domain. */
function assertHostCanTake(sim: Sim, vmRef: string, host: string, srs: Set<string>, networks: Set<string>): void {
  const live = ['Running', 'Paused'].includes(String(sim.db.get('VM', vmRef)!.power_state));
  assertCanBootHere(sim, vmRef, host, { checkMemory: live, srs, networks });
}

/** The VM's moves: the domain from its host to `to`, with a new domid and consoles at the destination. */
function moveDomain(sim: Sim, vmRef: string, from: string, to: string): void {
  const { db } = sim;
  db.update('VM', vmRef, { resident_on: to, scheduled_to_be_resident_on: NULL_REF, domid: sim.domid++ });
  const vm = db.get('VM', vmRef)!;
  if (db.get('VM_metrics', String(vm.metrics))) db.update('VM_metrics', String(vm.metrics), { last_updated: nowDatetime() });
  setConsoles(sim, vmRef, to);
  refreshHostMemory(sim, from);
  refreshHostMemory(sim, to);
  const h = (r: string) => { const x = db.get('host', r); return `'${String(x?.name_label ?? '')}' (uuid: ${String(x?.uuid ?? '')})`; };
  message(sim, vmRef, 'VM_MIGRATED', `migrated from host ${h(from)} to host ${h(to)}`);
}

// ---- pool_migrate ----
const poolMigrate: Handler = async (ctx, [vm, host, _options]) => {
  const vmRef = ref(vm);
  const target = ref(host);
  const { sim } = ctx;
  await withVmOp(ctx, vmRef, 'pool_migrate', async (v) => {
    rowOf(ctx, 'host', target);
    const from = String(v.resident_on);
    const localhost = from === target;
    // Localhost migration is allowed, even to a disabled host; its memory is already counted there.
    if (!localhost) { assertCanBootHere(sim, vmRef, target); checkVmPreservesPlan(sim, vmRef, target); }
    sim.db.update('VM', vmRef, { scheduled_to_be_resident_on: target });
    try {
      await withHostOp(ctx, target, () => sim.work(ctx, sim.durationMs(ctx)));
    } catch (e) {
      if (sim.db.get('VM', vmRef)) sim.db.update('VM', vmRef, { scheduled_to_be_resident_on: NULL_REF });
      throw e;
    }
    moveDomain(sim, vmRef, from, target);
  });
  return '';
};

// ---- assert_can_migrate / migrate_send ----
interface Plan { vmRef: string; destHost: string; moves: [string, string][]; vifMoves: [string, string][]; live: boolean; cross?: CrossPoolPlan; http?: HttpCrossPlan }

function diskVdis(sim: Sim, vmRef: string): string[] {
  const { db } = sim;
  const vm = db.get('VM', vmRef)!;
  const out: string[] = [];
  for (const b of (vm.VBDs as string[]) ?? []) {
    const vbd = db.get('VBD', b);
    if (!vbd || vbd.empty || isNullRef(vbd.VDI)) continue;
    const vdi = db.get('VDI', String(vbd.VDI));
    if (!vdi) continue;
    const sr = db.get('SR', String(vdi.SR));
    if (sr?.content_type === 'iso' || sr?.type === 'iso' || sr?.type === 'udev') continue; // CDs stay
    if (!out.includes(String(vbd.VDI))) out.push(String(vbd.VDI));
  }
  if (!isNullRef(vm.suspend_VDI) && db.get('VDI', String(vm.suspend_VDI))) out.push(String(vm.suspend_VDI));
  return out;
}

/** VM.assert_can_migrate's checks; returns what migrate_send then does. */
function planMigration(ctx: CallCtx, args: unknown[]): Plan {
  const [vm, dest, live, vdiMap, vifMap, _options, vgpuMap] = args;
  const { sim } = ctx;
  const { db } = sim;
  const vmRef = ref(vm);
  rowOf(ctx, 'VM', vmRef);
  const d = (dest ?? {}) as Record<string, string>;
  for (const k of DEST_KEYS) if (!(k in d)) throw new XapiError('INTERNAL_ERROR', ['Not_found']);
  const destHost = String(d.host);
  const remote = remotePool(sim, d);
  const err = vmOpError(db, vmRef, 'migrate_send', false);
  if (err && err.code !== 'OTHER_OPERATION_IN_PROGRESS') throw err;
  const v = db.get('VM', vmRef)!;
  if (((v.VGPUs as string[]) ?? []).length > 0 && Object.keys((vgpuMap ?? {}) as Rec).length === 0) throw new XapiError('VM_HAS_VGPU', [vmRef]);
  if (((v.attached_PCIs as string[]) ?? []).length > 0) throw new XapiError('VM_HAS_PCI_ATTACHED', [vmRef]);
  const map = (vdiMap ?? {}) as Record<string, string>;
  if (remote && 'origin' in remote) {
    const http = planHttpCrossPool(sim, remote, vmRef, d, diskVdis(sim, vmRef), map, (vifMap ?? {}) as Record<string, string>);
    return { vmRef, destHost, moves: [], vifMoves: [], live: live === true, http };
  }
  if (remote) {
    const cross = planCrossPool(sim, remote, vmRef, d, diskVdis(sim, vmRef), map, (vifMap ?? {}) as Record<string, string>);
    return { vmRef, destHost, moves: [], vifMoves: [], live: live === true, cross };
  }
  const moves: [string, string][] = [];
  const srs = new Set<string>();
  for (const vdi of diskVdis(sim, vmRef)) {
    const target = map[vdi];
    const cur = String(db.get('VDI', vdi)!.SR);
    if (target === undefined || target === cur) { srs.add(cur); continue; }
    if (!db.get('SR', target)) throw new XapiError('HANDLE_INVALID', ['SR', target]);
    srs.add(target);
    moves.push([vdi, target]);
  }
  const vifs = (vifMap ?? {}) as Record<string, string>;
  const vifMoves: [string, string][] = [];
  for (const [vif, net] of Object.entries(vifs)) {
    if (!db.get('VIF', vif) || db.get('VIF', vif)!.VM !== vmRef) continue;
    if (!db.get('network', net)) throw new XapiError('HANDLE_INVALID', ['network', net]);
    if (db.get('VIF', vif)!.network !== net) vifMoves.push([vif, net]);
  }
  const running = v.power_state === 'Running' || v.power_state === 'Paused';
  // The networks the VIFs will be on: vif_map's, else their own (a live domain needs them there).
  const networks = new Set(((v.VIFs as string[]) ?? []).map((vif) => vifs[vif] ?? db.get('VIF', vif)?.network).filter((n) => n && !isNullRef(n)).map(String));
  // The domain's memory is already on its own host (a storage-only migration).
  const sameHost = running && v.resident_on === destHost;
  if (!sameHost) assertHostCanTake(sim, vmRef, destHost, running ? srs : new Set(), running ? networks : new Set());
  else for (const sr of srs) assertHostCanTake(sim, vmRef, destHost, new Set([sr]), new Set());
  return { vmRef, destHost, moves, vifMoves, live: live === true };
}

const assertCanMigrate: Handler = async (ctx, args) => {
  const plan = planMigration(ctx, args);
  if (plan.http) await checkHttpCrossPool(ctx.sim, plan.http);
  return '';
};

const migrateSend: Handler = async (ctx, args) => {
  const vmRef = ref(args[0]);
  const { sim } = ctx;
  const { db } = sim;
  const first = planMigration(ctx, args); // before the op is marked: errors come back at once
  if (first.http) await checkHttpCrossPool(sim, first.http);
  let result = vmRef;
  await withVmOp(ctx, vmRef, 'migrate_send', async () => {
    const plan = planMigration(ctx, args);
    if (plan.http) { result = await sendHttpCrossPool(ctx, plan.http); return; }
    if (plan.cross) { result = await sendAcross(ctx, plan.cross); return; }
    const v = db.get('VM', vmRef)!;
    const running = v.power_state === 'Running' || v.power_state === 'Paused';
    const from = String(v.resident_on);
    const work = async () => {
      const steps = plan.moves.length + 1;
      for (let i = 0; i < plan.moves.length; i++) {
        const [vdi, sr] = plan.moves[i];
        await sim.work(ctx, sim.durationMs(ctx) / steps, i / steps, (i + 1) / steps);
        const copy = vdiMirror(sim, vdi, sr);
        const old = db.get('VDI', vdi)!;
        for (const b of [...((old.VBDs as string[]) ?? [])]) if (db.get('VBD', b)?.VM === vmRef) db.update('VBD', b, { VDI: copy });
        if (db.get('VM', vmRef)!.suspend_VDI === vdi) db.update('VM', vmRef, { suspend_VDI: copy });
        // the source disk goes once mirrored (a disk shared with another VM keeps its other VBDs' view)
        if (((db.get('VDI', vdi)!.VBDs as string[]) ?? []).every((b) => !db.get('VBD', b)?.currently_attached)) vdiDestroy(sim, vdi);
      }
      await sim.work(ctx, sim.durationMs(ctx) / steps, plan.moves.length / steps, 0.99);
    };
    if (running && from !== plan.destHost) {
      db.update('VM', vmRef, { scheduled_to_be_resident_on: plan.destHost });
      try { await withHostOp(ctx, plan.destHost, work); } catch (e) {
        if (db.get('VM', vmRef)) db.update('VM', vmRef, { scheduled_to_be_resident_on: NULL_REF });
        throw e;
      }
    } else await work();
    for (const [vif, net] of plan.vifMoves) db.update('VIF', vif, { network: net });
    if (running) moveDomain(sim, vmRef, from, plan.destHost);
    refreshDevicesOf(sim, vmRef);
    refreshVmAllowed(db, vmRef);
  });
  return result;
};

/** Cross-pool: each disk mirrored (a progress step each) while the destination host holds op vm_migrate. */
async function sendAcross(ctx: CallCtx, plan: CrossPoolPlan): Promise<string> {
  const { sim } = ctx;
  const mirrored = new Map<string, string>();
  const steps = plan.disks.length + 1;
  try {
    await withCurrentOp(plan.remote.db, 'host', plan.destHost, ctx.task ?? `sync-vm_migrate-${Math.random()}`, 'vm_migrate', undefined, async () => {
      for (let i = 0; i < plan.disks.length; i++) {
        await sim.work(ctx, sim.durationMs(ctx) / steps, i / steps, (i + 1) / steps);
        mirrorDisk(sim, plan, plan.disks[i][0], plan.disks[i][1], mirrored);
      }
      await sim.work(ctx, sim.durationMs(ctx) / steps, plan.disks.length / steps, 0.99);
    });
  } catch (e) {
    // A failed or cancelled migration leaves nothing behind at the destination (newest mirrors first).
    for (const copy of [...mirrored.values()].reverse()) if (plan.remote.db.get('VDI', copy)) vdiDestroy(plan.remote, copy);
    throw e;
  }
  return moveAcross(ctx, plan, mirrored);
}

// ---- host.migrate_receive ----
const migrateReceive: Handler = (ctx, [host, network, _options]) => {
  const { sim } = ctx;
  const { db } = sim;
  const h = rowOf(ctx, 'host', host);
  rowOf(ctx, 'network', network);
  const pif = ((h.PIFs as string[]) ?? []).find((p) => db.get('PIF', p)?.network === network);
  if (!pif) throw new XapiError('HOST_CANNOT_ATTACH_NETWORK', [ref(host), ref(network)]);
  const ip = String(db.get('PIF', pif)!.IP ?? '');
  if (ip === '') throw new XapiError('INTERFACE_HAS_NO_IP', [pif]);
  // A session on the destination for the sender (xapi logs one in for the migration).
  const now = nowDatetime();
  const session = db.create('session', {
    this_host: ref(host), this_user: NULL_REF, last_active: now, validation_time: now, pool: false, is_local_superuser: true,
    subject: NULL_REF, auth_user_sid: '', auth_user_name: sim.config.user, rbac_permissions: [], originator: 'migrate_receive',
    parent: ctx.session, other_config: {},
  });
  // The coordinator's address, or 127.0.0.1 standing in for a coordinator address nothing here listens on (a dump's).
  const coordAddr = String(db.get('host', sim.coordinator())?.address ?? '127.0.0.1');
  const coord = sim.listenAddresses.has(coordAddr) ? coordAddr : '127.0.0.1';
  return {
    SM: `http://${ip}/services/SM?session_id=${session}`,
    host: ref(host),
    xenops: `http://${ip}/services/xenops?session_id=${session}`,
    session_id: session,
    // With the port: a pool of another process on the same address is told apart by it.
    master: `${sim.consoleOrigin(coord)}/`,
  };
};

const vmMigrateHandlers: Record<string, Handler> = {
  'VM.pool_migrate': poolMigrate,
  'VM.assert_can_migrate': assertCanMigrate,
  'VM.migrate_send': migrateSend,
  'host.migrate_receive': migrateReceive,
};

/** Every operation above runs inside a task when called synchronously, but these quick calls. */
export const vmMigrateMethods: MethodModule = operations(vmMigrateHandlers, [
  'VM.assert_can_migrate',
]);
