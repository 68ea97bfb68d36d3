// A pool of another simulator process, reached as real hosts reach one another: XAPI JSON-RPC and
// the /import handler over HTTP, to the coordinator named by migrate_receive's `master` URL, with
// the session that map carries. Only loopback addresses are ever contacted (the simulator is a
// test double: it must not become a client of arbitrary hosts); any other address is refused
// with VM_MIGRATE_CONTACT_REMOTE_SERVICE_FAILED, as an unreachable destination is.
import { isNullRef } from './db';
import type { Rec } from './fields';
import type { CallCtx, Sim } from './sim';
import { XapiError } from './xapi-error';
import { buildXva } from './xva';
import { vdiDestroy } from './methods/storage';
import { destroyRecord } from './methods/vm-lifecycle';
import { hostPart } from './address';

/** A pool over HTTP; `unreachable` is the code a transport failure answers (the operation's own). */
/** How long a pool of another process may take to answer one request before it counts as unreachable. */
export const TIMEOUT_MS = 30_000;

export interface HttpPool { origin: string; unreachable?: string }

const MIGRATE_UNREACHABLE = 'VM_MIGRATE_CONTACT_REMOTE_SERVICE_FAILED';
const unreachable = (pool?: HttpPool): XapiError => new XapiError(pool?.unreachable ?? MIGRATE_UNREACHABLE, []);
const isLoopback = (host: string): boolean => /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host) || host === '::1';

/** The pool at `master` ("http://127.0.0.1:4711/"), refused unless it is on loopback and plain or TLS HTTP. */
export function loopbackPool(master: string, unreachableCode = MIGRATE_UNREACHABLE): HttpPool {
  const pool = { origin: '', unreachable: unreachableCode };
  let url: URL;
  try { url = new URL(master); } catch { throw unreachable(pool); }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || !isLoopback(hostPart(url.host))) throw unreachable(pool);
  return { ...pool, origin: url.origin };
}

/** One XAPI call on the remote pool; its XAPI error comes back as is, a transport failure as unreachable. */
export async function remoteCall(pool: HttpPool, method: string, ...params: unknown[]): Promise<unknown> {
  let body: { result?: unknown; error?: { message?: string; data?: unknown[] } };
  try {
    const res = await fetch(`${pool.origin}/jsonrpc`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', method, params, id: 1 }), signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    body = await res.json() as typeof body;
  } catch { throw unreachable(pool); }
  if (body.error) throw new XapiError(String(body.error.message ?? 'INTERNAL_ERROR'), (body.error.data ?? []).map(String));
  return body.result;
}

export interface HttpCrossPlan {
  vmRef: string;
  pool: HttpPool;
  session: string;
  destHost: string;
  /** The VM's disk VDIs → SRs over there. */
  disks: [string, string][];
  /** The VM's VIFs → networks over there. */
  vifs: [string, string][];
}

/** The checks assert_can_migrate makes of the destination, asked of it over HTTP. */
export async function checkHttpCrossPool(sim: Sim, plan: HttpCrossPlan): Promise<void> {
  const { pool, session, destHost, vmRef } = plan;
  await remoteCall(pool, 'host.get_uuid', session, destHost);
  const vm = sim.db.get('VM', vmRef)!;
  const running = vm.power_state === 'Running' || vm.power_state === 'Paused';
  for (const sr of new Set(plan.disks.map(([, s]) => s))) {
    const rec = await remoteCall(pool, 'SR.get_record', session, sr) as Rec;
    if (!running || rec.shared === true) continue;
    const hosts = await Promise.all(((rec.PBDs as string[]) ?? []).map((p) => remoteCall(pool, 'PBD.get_host', session, p)));
    if (!hosts.includes(destHost)) throw new XapiError('VM_REQUIRES_SR', [vmRef, sr]);
  }
  for (const net of new Set(plan.vifs.map(([, n]) => n))) await remoteCall(pool, 'network.get_uuid', session, net);
  if (running) {
    const free = Number(await remoteCall(pool, 'host.compute_free_memory', session, destHost));
    const needed = Number(vm.memory_static_max ?? 0);
    if (needed > free) throw new XapiError('HOST_NOT_ENOUGH_FREE_MEMORY', [String(needed), String(free)]);
  }
}

/** The import's error: xapi's 500 page carries the error array. */
function importError(status: number, text: string): XapiError {
  const m = /\[\s*"[A-Z_]+".*\]/s.exec(text);
  if (m) {
    try {
      const [code, ...params] = JSON.parse(m[0].replace(/&lt;/g, '<').replace(/&amp;/g, '&')) as string[];
      return new XapiError(code, params);
    } catch { /* not an error array */ }
  }
  return new XapiError('IMPORT_ERROR', [`HTTP ${status}`]);
}

/**
 * The migration to a pool of another process: the VM and its disks are sent as an XVA to the
 * destination's /import (restore: same uuid), each disk then put on its mapped SR and each VIF on its
 * mapped network, the VM started on the receiving host if it ran here; then it is removed here.
 * Returns the VM's ref over there. Snapshots are not carried (the XVA holds the VM alone).
 */
export async function sendHttpCrossPool(ctx: CallCtx, plan: HttpCrossPlan): Promise<string> {
  const { sim } = ctx;
  const { db } = sim;
  const { pool, session, vmRef } = plan;
  const vm = db.get('VM', vmRef)!;
  const running = vm.power_state === 'Running' || vm.power_state === 'Paused';
  const firstSr = plan.disks[0]?.[1];
  await sim.work(ctx, sim.durationMs(ctx) / 2, 0, 0.5);
  const body = Buffer.concat(buildXva(sim, vmRef));
  const q = new URLSearchParams({ session_id: session, restore: 'true', ...(firstSr ? { sr_id: firstSr } : {}) });
  let status: number;
  let text: string;
  try {
    const res = await fetch(`${pool.origin}/import?${q}`, { method: 'PUT', body, headers: { 'Content-Type': 'application/octet-stream' }, signal: AbortSignal.timeout(TIMEOUT_MS) });
    status = res.status;
    text = await res.text();
  } catch { throw unreachable(); }
  if (status !== 200) throw importError(status, text);
  const there = text.trim();
  try {
    await placeDevices(plan, there, db);
    if (running) await remoteCall(pool, 'VM.start_on', session, there, plan.destHost, false, true);
  } catch (e) {
    // Nothing half-made stays at the destination.
    await removeThere(pool, session, there).catch(() => undefined);
    throw e;
  }
  await sim.work(ctx, sim.durationMs(ctx) / 2, 0.5, 0.99);
  // Gone from here: the VM, its snapshots, then its disks that no other VM uses.
  for (const s of [...((vm.snapshots as string[]) ?? []).filter((x) => db.get('VM', x)), vmRef]) destroyRecord(sim, s);
  for (const [vdi] of plan.disks) {
    const left = ((db.get('VDI', vdi)?.VBDs as string[]) ?? []).filter((b) => db.get('VBD', b));
    if (db.get('VDI', vdi) && left.length === 0) vdiDestroy(sim, vdi);
  }
  return there;
}

/** Disks to their mapped SRs (the import put them all on the first), VIFs to their mapped networks, matched by device. */
async function placeDevices(plan: HttpCrossPlan, there: string, db: Sim['db']): Promise<void> {
  const { pool, session } = plan;
  const srByDevice = new Map<string, string>();
  for (const [vdi, sr] of plan.disks) {
    for (const b of (db.get('VDI', vdi)?.VBDs as string[]) ?? []) {
      const vbd = db.get('VBD', b);
      if (vbd?.VM === plan.vmRef) srByDevice.set(String(vbd.userdevice), sr);
    }
  }
  for (const b of await remoteCall(pool, 'VM.get_VBDs', session, there) as string[]) {
    const vbd = await remoteCall(pool, 'VBD.get_record', session, b) as Rec;
    const want = srByDevice.get(String(vbd.userdevice));
    if (!want || vbd.empty === true || isNullRef(vbd.VDI)) continue;
    const vdi = String(vbd.VDI);
    if (await remoteCall(pool, 'VDI.get_SR', session, vdi) === want) continue;
    const copy = await remoteCall(pool, 'VDI.copy', session, vdi, want);
    await remoteCall(pool, 'VBD.destroy', session, b);
    await remoteCall(pool, 'VBD.create', session, {
      VM: there, VDI: copy, userdevice: vbd.userdevice, bootable: vbd.bootable, mode: vbd.mode, type: vbd.type, empty: false,
      other_config: {}, qos_algorithm_type: '', qos_algorithm_params: {},
    });
    await remoteCall(pool, 'VDI.destroy', session, vdi);
  }
  const netByDevice = new Map(plan.vifs.map(([vif, net]) => [String(db.get('VIF', vif)?.device), net]));
  for (const v of await remoteCall(pool, 'VM.get_VIFs', session, there) as string[]) {
    const net = netByDevice.get(String(await remoteCall(pool, 'VIF.get_device', session, v)));
    if (net && await remoteCall(pool, 'VIF.get_network', session, v) !== net) await remoteCall(pool, 'VIF.move', session, v, net);
  }
}

async function removeThere(pool: HttpPool, session: string, vm: string): Promise<void> {
  const vdis: string[] = [];
  for (const b of await remoteCall(pool, 'VM.get_VBDs', session, vm) as string[]) {
    const vbd = await remoteCall(pool, 'VBD.get_record', session, b) as Rec;
    if (vbd.type === 'Disk' && !isNullRef(vbd.VDI)) vdis.push(String(vbd.VDI));
  }
  await remoteCall(pool, 'VM.destroy', session, vm);
  for (const v of vdis) await remoteCall(pool, 'VDI.destroy', session, v).catch(() => undefined);
}
