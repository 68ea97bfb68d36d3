// VM import from an XVA (simulator/xva.ts): PUT /import (xva-http.ts) and VM.import(url, sr,
// full_restore, force), which fetches the XVA over HTTP from this machine only (127.x.y.z,
// localhost, ::1; anything else is refused before any connection). One path makes the VM: the
// image is validated first (ova.xml, version, chunk checksums) so a bad image creates nothing; then
// disks by VDI.create on the target SR (SR accounting as for any VDI), the VM record (new uuid unless
// full_restore; Halted), VBDs, VIFs on the local network of the same name (else the pool's first).
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { classInfo } from '../../shared/xapi/model';
import { refreshVmAllowed } from '../allowed-ops';
import { isNullRef } from '../db';
import { NULL_REF, type Rec } from '../fields';
import { nowDatetime, type CallCtx, type Handler } from '../sim';
import { XapiError } from '../xapi-error';
import { parseXva, typedRecord, type XvaObject } from '../xva';
import { inSubtask, refreshDevicesOf, vbdCreate, vdiDestroy } from './storage';
import { destroyRecord, memoryOverhead } from './vm-lifecycle';
import { operations, type MethodModule } from '../method-module';

/** Largest XVA the simulator reads (bodies are held in memory). */
export const MAX_XVA_BYTES = 256 * 1024 * 1024;

const VM_SKIP = new Set(['uuid', 'VBDs', 'VIFs', 'consoles', 'snapshots', 'children', 'crash_dumps', 'VGPUs', 'VTPMs', 'VUSBs',
  'attached_PCIs', 'current_operations', 'allowed_operations', 'metrics', 'guest_metrics', 'power_state', 'resident_on',
  'scheduled_to_be_resident_on', 'domid', 'suspend_VDI', 'suspend_SR', 'parent', 'snapshot_of', 'appliance', 'protection_policy',
  'snapshot_schedule', 'groups', 'pending_guidances', 'pending_guidances_recommended', 'pending_guidances_full']);

/** Ref fields of a typed record pointing nowhere here (a "Ref:N" id, another pool's ref) become null; sets are filtered. */
function localRefs(sim: CallCtx['sim'], cls: string, rec: Rec): Rec {
  const info = classInfo(cls)!;
  for (const [k, v] of Object.entries(rec)) {
    const t = info.fields.get(k)?.type ?? '';
    const one = / ref$/.exec(t) ? t.slice(0, -4) : undefined;
    const set = / ref set$/.exec(t) ? t.slice(0, -8) : undefined;
    if (one && !isNullRef(v) && !sim.db.get(one, String(v))) rec[k] = NULL_REF;
    if (set && Array.isArray(v)) rec[k] = v.filter((x) => sim.db.get(set, String(x)));
  }
  return rec;
}

function defaultSr(sim: CallCtx['sim']): string {
  return String([...sim.db.table('pool').values()][0]?.rec.default_SR ?? NULL_REF);
}

/** Imports a whole XVA image; returns the new VM's ref. */
export async function importXva(ctx: CallCtx, buf: Buffer, srArg: string, restore: boolean): Promise<string> {
  const { sim } = ctx;
  const { db } = sim;
  const xva = parseXva(sim, buf);
  const sr = isNullRef(srArg) ? defaultSr(sim) : srArg;
  if (!db.get('SR', sr)) throw new XapiError('HANDLE_INVALID', ['SR', sr]);
  const vmObj = xva.objects.find((o) => o.cls === 'VM' && o.snapshot.is_a_snapshot !== true) ?? xva.objects.find((o) => o.cls === 'VM');
  if (!vmObj) throw new XapiError('IMPORT_ERROR', ['ova.xml names no VM']);
  const byId = new Map(xva.objects.map((o) => [o.id, o] as const));
  const vmRaw = typedRecord('VM', vmObj.snapshot);
  const uuid = restore ? String(vmRaw.uuid ?? '') : randomUUID();
  if (restore && uuid && db.findByUuid('VM', uuid)) throw new XapiError('DUPLICATE_VM', [uuid]);
  const vbds = xva.objects.filter((o) => o.cls === 'VBD' && o.snapshot.VM === vmObj.id);
  const vifs = xva.objects.filter((o) => o.cls === 'VIF' && o.snapshot.VM === vmObj.id);
  const diskVbds = vbds.filter((o) => o.snapshot.type !== 'CD' && o.snapshot.empty !== true && byId.get(String(o.snapshot.VDI))?.cls === 'VDI');
  const madeVdis = new Map<string, string>();
  let vmRef = '';
  const steps = diskVbds.length + 1;
  const each = sim.durationMs(ctx) / steps;
  try {
    // Disks first (the VDI.create checks: SR plugged, type supports it, space).
    let done = 0;
    for (const o of diskVbds) {
      const id = String(o.snapshot.VDI);
      if (madeVdis.has(id)) continue;
      const v = typedRecord('VDI', byId.get(id)!.snapshot);
      const vdi = await inSubtask(ctx, 'Async.VDI.create', async () => {
        await sim.work(ctx, each, done / steps, ((done + 1) / steps) * 0.99);
        return sim.handlers.get('VDI.create')!(ctx, [{
          SR: sr, name_label: v.name_label ?? '', name_description: v.name_description ?? '', type: v.type ?? 'user',
          virtual_size: v.virtual_size ?? 0, sharable: v.sharable === true, read_only: v.read_only === true,
          other_config: v.other_config ?? {}, xenstore_data: v.xenstore_data ?? {}, sm_config: {}, tags: v.tags ?? [],
        }]) as string;
      });
      done++;
      madeVdis.set(id, vdi);
    }
    // The VM record (SEMANTICS.md 3.1's resets; Halted; no snapshot links).
    const values: Rec = {};
    for (const [k, v] of Object.entries(vmRaw)) if (!VM_SKIP.has(k)) values[k] = v;
    localRefs(sim, 'VM', values);
    const other = { ...((values.other_config ?? {}) as Record<string, string>) };
    if (!restore || !other.mac_seed) other.mac_seed = randomUUID();
    const metrics = db.create('VM_metrics', { install_time: nowDatetime(), last_updated: nowDatetime(), VCPUs_number: Number(values.VCPUs_at_startup ?? 1) });
    vmRef = db.create('VM', {
      ...values, uuid, other_config: other, power_state: 'Halted', domid: -1, resident_on: NULL_REF, metrics, guest_metrics: NULL_REF,
      suspend_VDI: NULL_REF, current_operations: {}, blocked_operations: values.blocked_operations ?? {}, ha_always_run: false,
      is_a_snapshot: false, snapshot_of: NULL_REF, parent: NULL_REF, is_default_template: false,
    });
    db.update('VM', vmRef, { memory_overhead: memoryOverhead(db.get('VM', vmRef)!) });
    for (const o of vbds) createVbd(ctx, o, vmRef, byId, madeVdis);
    for (const o of vifs) createVif(ctx, o, vmRef, byId);
    await sim.work(ctx, each, (steps - 1) / steps, 0.99);
  } catch (e) {
    if (vmRef) destroyRecord(sim, vmRef);
    for (const v of madeVdis.values()) if (db.get('VDI', v)) { try { vdiDestroy(sim, v); } catch { db.delete('VDI', v); } }
    throw e;
  }
  refreshVmAllowed(db, vmRef);
  refreshDevicesOf(sim, vmRef);
  return vmRef;
}

function createVbd(ctx: CallCtx, o: XvaObject, vmRef: string, byId: Map<string, XvaObject>, made: Map<string, string>): void {
  const { sim } = ctx;
  const b = typedRecord('VBD', o.snapshot);
  const id = String(o.snapshot.VDI);
  let vdi = made.get(id);
  if (!vdi && b.type === 'CD' && byId.get(id)?.cls === 'VDI') {
    // A CD names an ISO by its VDI; the same ISO here (by uuid) is inserted, else the drive is empty.
    vdi = sim.db.findByUuid('VDI', String(byId.get(id)!.snapshot.uuid ?? ''));
  }
  if (!vdi && b.type !== 'CD') return; // a disk without data here (left out of the export)
  vbdCreate(sim, {
    VM: vmRef, VDI: vdi ?? NULL_REF, empty: !vdi, userdevice: b.userdevice ?? 'autodetect', bootable: b.bootable === true,
    mode: b.type === 'CD' ? 'RO' : b.mode ?? 'RW', type: b.type ?? 'Disk', unpluggable: b.unpluggable !== false,
    other_config: b.other_config ?? {}, qos_algorithm_type: b.qos_algorithm_type ?? '', qos_algorithm_params: b.qos_algorithm_params ?? {},
  });
}

function createVif(ctx: CallCtx, o: XvaObject, vmRef: string, byId: Map<string, XvaObject>): void {
  const { sim } = ctx;
  const v = typedRecord('VIF', o.snapshot);
  const netName = byId.get(String(o.snapshot.network))?.snapshot.name_label;
  const local = [...sim.db.table('network')].find(([, r]) => netName !== undefined && r.rec.name_label === netName)?.[0]
    ?? [...sim.db.table('network').keys()][0];
  if (!local) return;
  sim.handlers.get('VIF.create')!(ctx, [{
    VM: vmRef, network: local, device: v.device ?? '0', MAC: v.MAC ?? '', MTU: v.MTU ?? 1500, other_config: v.other_config ?? {},
    qos_algorithm_type: v.qos_algorithm_type ?? '', qos_algorithm_params: v.qos_algorithm_params ?? {},
    locking_mode: v.locking_mode ?? 'network_default', ipv4_allowed: v.ipv4_allowed ?? [], ipv6_allowed: v.ipv6_allowed ?? [],
  }]);
}

// ---------- VM.import(url, sr, full_restore, force) ----------
const LOOPBACK = (host: string) => host === 'localhost' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);

/** GETs an XVA from a loopback http URL; anything else is refused without a connection. */
export function fetchLocal(ctx: CallCtx, url: string): Promise<Buffer> {
  let u: URL;
  try { u = new URL(url); } catch { throw new XapiError('IMPORT_ERROR', [`Invalid URL: ${url}`]); }
  if (u.protocol !== 'http:' || !LOOPBACK(u.hostname)) {
    throw new XapiError('IMPORT_ERROR', [`The simulator only imports from http:// URLs on 127.0.0.1 or localhost; refused: ${url}`]);
  }
  const hostname = u.hostname === 'localhost' ? '127.0.0.1' : u.hostname === '[::1]' ? '::1' : u.hostname;
  const signal = AbortSignal.any([ctx.sim.shutdown.signal, ...(ctx.cancel ? [ctx.cancel] : [])]);
  return new Promise((resolve, reject) => {
    const req = http.get({ hostname, port: u.port || 80, path: `${u.pathname}${u.search}`, signal }, (res) => {
      if ((res.statusCode ?? 0) < 200 || (res.statusCode ?? 0) >= 300) {
        res.resume();
        reject(new XapiError('IMPORT_ERROR', [`HTTP ${res.statusCode ?? 0} fetching ${url}`]));
        return;
      }
      const chunks: Buffer[] = [];
      let total = 0;
      res.on('data', (c: Buffer) => {
        total += c.length;
        if (total > MAX_XVA_BYTES) { req.destroy(); reject(new XapiError('IMPORT_ERROR', [`XVA larger than ${MAX_XVA_BYTES} bytes`])); return; }
        chunks.push(c);
      });
      res.on('end', () => resolve(Buffer.concat(chunks)));
      res.on('error', (e) => reject(new XapiError('IMPORT_ERROR', [e.message])));
    });
    req.on('error', (e) => {
      if (ctx.cancel?.aborted && ctx.task) reject(new XapiError('TASK_CANCELLED', [ctx.task]));
      else reject(new XapiError('IMPORT_ERROR', [`${url}: ${e.message}`]));
    });
  });
}

const importHandlers: Record<string, Handler> = {
  'VM.import': async (ctx, [url, sr, fullRestore]) => {
    const buf = await fetchLocal(ctx, String(url));
    return [await importXva(ctx, buf, String(sr), fullRestore === true)];
  },
};

/** Every operation above runs inside a task when called synchronously. */
export const importMethods: MethodModule = operations(importHandlers, []);
