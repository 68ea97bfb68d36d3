// Handlers for SR and PBD operations (SEMANTICS.md 7). Each key is a wire name ("Class.message").
// The storage backends (NFS, SMB, ISO, iSCSI, HBA) answer SR.probe/probe_ext/create as sm's drivers
// do, against the simulated storage server (sm-backends.ts, storage-server.ts); other drivers keep
// approximate device_config checks (SEMANTICS.md 12). Only probe, create, destroy and an ISO SR's scan
// consult the storage server: PBD.plug does not, so that pools loaded from real database dumps,
// whose PBDs name servers the simulator cannot know, keep attaching their SRs.
import { refreshSrAllowed } from '../allowed-ops';
import { isNullRef } from '../db';
import { NULL_REF, type Rec } from '../fields';
import type { CallCtx, Handler, Sim } from '../sim';
import { XapiError } from '../xapi-error';
import { rowOf } from './generic';
import { deleteVbd, refreshVbdAllowed, refreshVdiAllowed, srHasPlugged } from './storage';
import { withCurrentOp } from '../current-ops';
import { operations, type MethodModule } from '../method-module';
import { smCreate, smDestroy, smIsoImages, smProbe, smProbeExt, type Created } from '../sm-backends';
import { storageOf, type IsoImage } from '../storage-server';

const MiB = 1024 ** 2, GiB = 1024 ** 3;

/** The SM drivers the simulated hosts have (SR.get_supported_types). */
export const SR_TYPES = ['ext', 'lvm', 'nfs', 'lvmoiscsi', 'lvmohba', 'lvmofcoe', 'iso', 'udev', 'smb', 'cifs', 'file', 'gfs2', 'xfs', 'zfs', 'largeblock', 'dummy'];
const ISO_TYPES = new Set(['iso', 'udev']);

// Drivers not modelled in sm-backends.ts (gfs2, file, dummy...) keep these approximate checks.
const backendFailure = (n: number, text: string, detail = '') => new XapiError(`SR_BACKEND_FAILURE_${n}`, ['', text, detail]);
const has = (dc: Rec, k: string) => typeof dc[k] === 'string' && dc[k] !== '';

/** The device_config checks of drivers sm-backends.ts does not model (SR.create and SR.probe). */
function checkDeviceConfig(type: string, dc: Rec): void {
  if (!SR_TYPES.includes(type)) throw new XapiError('SR_UNKNOWN_DRIVER', [type]);
  if (type === 'gfs2') {
    if (!has(dc, 'SCSIid')) throw backendFailure(107, 'The SCSIid parameter is missing or incorrect');
  }
}

/** Runs fn with `op` in the SR's current_operations (7.4: any running op excludes the others). */
async function withSrOp<T>(ctx: CallCtx, sr: string, op: string, fn: () => Promise<T> | T): Promise<T> {
  const { sim } = ctx;
  return withCurrentOp(sim.db, 'SR', sr, ctx.task ?? `sync-${op}`, op, () => refreshSrAllowed(sim.db, sr), fn);
}

const hosts = (sim: Sim) => {
  const master = sim.coordinator();
  const all = [...sim.db.table('host').keys()];
  return [master, ...all.filter((h) => h !== master)].filter((h) => sim.db.get('host', h));
};

function afterPbdChange(sim: Sim, sr: string): void {
  refreshSrAllowed(sim.db, sr);
  for (const v of (sim.db.get('SR', sr)?.VDIs as string[]) ?? []) refreshVdiAllowed(sim, v);
}

// ---------- SR.create / make / introduce ----------
async function srCreate(ctx: CallCtx, args: unknown[], shared: boolean): Promise<string> {
  const { sim } = ctx;
  const [host, deviceConfig, physicalSize, nameLabel, nameDescription, rawType, contentType, , smConfig] = args;
  rowOf(ctx, 'host', host);
  const type = String(rawType).toLowerCase();
  const dc = { ...((deviceConfig ?? {}) as Rec) };
  storageOf(sim.db); // the storage server takes note of the existing SRs before this one appears
  const sr = sim.db.create('SR', {
    name_label: String(nameLabel), name_description: String(nameDescription), type, content_type: String(contentType), shared,
    sm_config: { ...((smConfig ?? {}) as Rec) }, virtual_allocation: 0, physical_utilisation: -1, physical_size: -1, other_config: {},
    tags: [], clustered: false, is_tools_sr: false, current_operations: {}, allowed_operations: [],
  });
  const pbds = (shared ? hosts(sim) : [String(host)]).map((h) => sim.db.create('PBD', { host: h, SR: sr, device_config: dc, currently_attached: false, other_config: {} }));
  let created: Created | undefined;
  try {
    await sim.work(ctx, Math.round(sim.durationMs(ctx) / 2), 0, 0.5);
    checkDeviceConfig(type, dc);
    created = smCreate(sim.db, type, dc, String(sim.db.get('SR', sr)!.uuid), sr);
  } catch (e) {
    for (const p of pbds) sim.db.delete('PBD', p);
    sim.db.delete('SR', sr);
    throw e;
  }
  for (const p of pbds) sim.db.update('PBD', p, { device_config: dc, currently_attached: true });
  const size = created ? created.physicalSize : ISO_TYPES.has(type) ? 0 : Number(physicalSize) > 0 ? Number(physicalSize) : 1024 * GiB;
  const thickSm = type.startsWith('lvm') ? { allocation: 'thick', use_vhd: 'true' } : {};
  sim.db.update('SR', sr, {
    physical_size: size, physical_utilisation: created ? created.physicalUtilisation : ISO_TYPES.has(type) ? 0 : type.startsWith('lvm') ? 4 * MiB : 0,
    sm_config: { ...thickSm, ...(created?.smConfig ?? {}), ...((smConfig ?? {}) as Rec) },
  });
  // The first plug's scan (xapi plugs every PBD after SR.create) finds an ISO library's images.
  if (created?.isos) syncIsoVdis(sim, sr, created.isos);
  await sim.work(ctx, Math.round(sim.durationMs(ctx) / 2), 0.5, 0.99);
  refreshSrAllowed(sim.db, sr);
  return sr;
}

/** ISOSR.scan as xapi reconciles it by location: a VDI per image file, none for files gone. */
function syncIsoVdis(sim: Sim, sr: string, isos: IsoImage[]): void {
  const byLocation = new Map(vdisOf(sim, sr).map((v) => [String(v.location), v]));
  const refOf = (loc: string) => ((sim.db.get('SR', sr)?.VDIs as string[]) ?? []).find((r) => sim.db.get('VDI', r)?.location === loc);
  for (const f of isos) {
    if (byLocation.has(f.name)) continue;
    const v = sim.db.create('VDI', {
      name_label: f.name, name_description: '', SR: sr, type: 'user', virtual_size: f.size, physical_utilisation: f.size, read_only: true,
      sharable: false, managed: true, location: f.name, other_config: {}, sm_config: {}, xenstore_data: {}, current_operations: {}, allowed_operations: [],
    });
    refreshVdiAllowed(sim, v);
  }
  const names = new Set(isos.map((f) => f.name));
  for (const loc of byLocation.keys()) {
    const ref = refOf(loc);
    if (ref && !names.has(loc) && !((sim.db.get('VDI', ref)?.VBDs as string[]) ?? []).length) sim.db.delete('VDI', ref);
  }
}

const introduce: Handler = (ctx, [uuid, nameLabel, nameDescription, type, contentType, shared, smConfig]) => {
  const { sim } = ctx;
  if (uuid && sim.db.findByUuid('SR', String(uuid))) throw new XapiError('SR_UUID_EXISTS', [String(uuid)]);
  const sr = sim.db.create('SR', {
    ...(uuid ? { uuid: String(uuid) } : {}), name_label: String(nameLabel), name_description: String(nameDescription),
    type: String(type).toLowerCase(), content_type: String(contentType), shared: shared === true, sm_config: { ...((smConfig ?? {}) as Rec) },
    virtual_allocation: 0, physical_utilisation: 0, physical_size: 0, other_config: {}, tags: [], current_operations: {},
  });
  refreshSrAllowed(sim.db, sr);
  return sr;
};

// ---------- forget / destroy ----------
function assertNoAttachedPbd(sim: Sim, sr: string): void {
  if (srHasPlugged(sim, sr)) throw new XapiError('SR_HAS_PBD', [sr]);
}

/** Records of the SR go: its VDIs (CD VBDs emptied, disk VBDs collected), PBDs, the SR. */
function dropSrRecords(sim: Sim, sr: string): void {
  const { db } = sim;
  const rec = db.get('SR', sr)!;
  for (const v of [...((rec.VDIs as string[]) ?? [])]) {
    const vdi = db.get('VDI', v);
    if (!vdi) continue;
    for (const b of [...((vdi.VBDs as string[]) ?? [])]) {
      const vbd = db.get('VBD', b);
      if (!vbd) continue;
      if (vbd.type === 'CD') { db.update('VBD', b, { VDI: NULL_REF, empty: true }); refreshVbdAllowed(sim, b); } else deleteVbd(sim, b);
    }
    for (const [ref, row] of db.table('VM')) if (row.rec.suspend_VDI === v) db.update('VM', ref, { suspend_VDI: NULL_REF });
    db.delete('VDI', v);
  }
  for (const p of [...((rec.PBDs as string[]) ?? [])]) db.delete('PBD', p);
  db.delete('SR', sr);
}

const forget: Handler = async (ctx, [ref]) => {
  const sr = String(ref);
  rowOf(ctx, 'SR', sr);
  assertNoAttachedPbd(ctx.sim, sr);
  storageOf(ctx.sim.db); // the data stays where it is: the storage server learns of it before the records go
  await withSrOp(ctx, sr, 'forget', () => ctx.sim.work(ctx, Math.round(ctx.sim.durationMs(ctx) / 4)));
  dropSrRecords(ctx.sim, sr);
  return '';
};

const destroy: Handler = async (ctx, [ref]) => {
  const { sim } = ctx;
  const sr = String(ref);
  const rec = rowOf(ctx, 'SR', sr);
  assertNoAttachedPbd(sim, sr);
  if (((rec.PBDs as string[]) ?? []).filter((p) => sim.db.get('PBD', p)).length === 0) throw new XapiError('SR_HAS_NO_PBDS', [sr]);
  const busy = ((rec.VDIs as string[]) ?? []).map((v) => sim.db.get('VDI', v)).some((v) => v && v.managed !== false && v.type !== 'rrd');
  if (busy) throw new XapiError('SR_NOT_EMPTY', []);
  if (((rec.other_config ?? {}) as Rec).indestructible === 'true') throw new XapiError('SR_INDESTRUCTIBLE', [sr]);
  const cacheOf = [...sim.db.table('host').entries()].find(([, row]) => row.rec.local_cache_sr === sr);
  if (cacheOf) throw new XapiError('SR_IS_CACHE_SR', [cacheOf[0]]);
  await withSrOp(ctx, sr, 'destroy', () => sim.work(ctx, Math.round(sim.durationMs(ctx) / 2)));
  smDestroy(sim.db, String(rec.uuid));
  dropSrRecords(sim, sr);
  return '';
};

// ---------- scan / update / probe ----------
function requirePlugged(sim: Sim, sr: string): void {
  if (!srHasPlugged(sim, sr)) throw new XapiError('SR_HAS_NO_PBDS', [sr]);
}
const vdisOf = (sim: Sim, sr: string) => ((sim.db.get('SR', sr)?.VDIs as string[]) ?? []).map((v) => sim.db.get('VDI', v)).filter((v): v is Rec => !!v);

const scan: Handler = async (ctx, [ref]) => {
  const { sim } = ctx;
  const sr = String(ref);
  rowOf(ctx, 'SR', sr);
  requirePlugged(sim, sr);
  await withSrOp(ctx, sr, 'scan', () => sim.work(ctx, Math.round(sim.durationMs(ctx) / 4)));
  if (!sim.db.get('SR', sr)) return '';
  if (ISO_TYPES.has(String(sim.db.get('SR', sr)!.type))) {
    const pbd = ((sim.db.get('SR', sr)!.PBDs as string[]) ?? []).map((p) => sim.db.get('PBD', p)).find((p) => p?.currently_attached === true);
    const isos = pbd && smIsoImages(sim.db, (pbd.device_config ?? {}) as Rec);
    if (isos) syncIsoVdis(sim, sr, isos);
  }
  const rec = sim.db.get('SR', sr)!;
  const vdis = vdisOf(sim, sr);
  const other = { ...((rec.other_config ?? {}) as Rec) };
  delete other.dirty;
  sim.db.update('SR', sr, {
    virtual_allocation: vdis.reduce((n, v) => n + Number(v.virtual_size), 0),
    physical_utilisation: vdis.reduce((n, v) => n + Number(v.physical_utilisation), 0) + (String(rec.type).startsWith('lvm') ? 4 * MiB : 0),
    other_config: other,
  });
  return '';
};

const update: Handler = async (ctx, [ref]) => {
  const { sim } = ctx;
  const sr = String(ref);
  const rec = rowOf(ctx, 'SR', sr);
  requirePlugged(sim, sr);
  if (!((rec.allowed_operations as string[]) ?? []).includes('update') && ((rec.allowed_operations as string[]) ?? []).length > 0) {
    throw new XapiError('SR_OPERATION_NOT_SUPPORTED', [sr]);
  }
  await sim.work(ctx, Math.round(sim.durationMs(ctx) / 8));
  const used = vdisOf(sim, sr).reduce((n, v) => n + Number(v.physical_utilisation), 0) + (String(rec.type).startsWith('lvm') ? 4 * MiB : 0);
  sim.db.update('SR', sr, { physical_utilisation: used });
  return '';
};

const probe: Handler = async (ctx, [host, deviceConfig, rawType]) => {
  const { sim } = ctx;
  rowOf(ctx, 'host', host);
  const type = String(rawType).toLowerCase();
  const dc = (deviceConfig ?? {}) as Rec;
  await sim.work(ctx, Math.round(sim.durationMs(ctx) / 4));
  checkDeviceConfig(type, dc);
  const xml = smProbe(sim.db, type, dc);
  if (xml !== undefined) return xml;
  // SRs already on that backend: PBDs of SRs of that type whose device_config matches the given keys.
  const found = [...sim.db.table('SR').entries()].filter(([, row]) => row.rec.type === type && ((row.rec.PBDs as string[]) ?? [])
    .some((p) => { const d = (sim.db.get('PBD', p)?.device_config ?? {}) as Rec; return Object.entries(dc).every(([k, v]) => d[k] === undefined || d[k] === v); }));
  const body = found.map(([, row]) => `\t<SR>\n\t\t<UUID>${String(row.rec.uuid)}</UUID>\n\t\t<size>${Number(row.rec.physical_size)}</size>\n\t</SR>\n`).join('');
  return `<?xml version="1.0" ?>\n<SRlist>\n${body}</SRlist>\n`;
};

// ---------- database replication (DR metadata VDI) ----------
function metadataVdis(sim: Sim, sr: string): string[] {
  return ((sim.db.get('SR', sr)?.VDIs as string[]) ?? []).filter((v) => sim.db.get('VDI', v)?.type === 'metadata');
}

function assertSupportsReplication(sim: Sim, sr: string): void {
  const rec = sim.db.get('SR', sr)!;
  const pbds = ((rec.PBDs as string[]) ?? []).map((p) => sim.db.get('PBD', p)).filter((p): p is Rec => !!p);
  const connected = new Set(pbds.filter((p) => p.currently_attached === true).map((p) => String(p.host)));
  if ([...sim.db.table('host').keys()].some((h) => !connected.has(h))) throw new XapiError('SR_HAS_NO_PBDS', [sr]);
  if (ISO_TYPES.has(String(rec.type)) || rec.content_type === 'iso') throw new XapiError('SR_OPERATION_NOT_SUPPORTED', [sr]);
}

const enableReplication: Handler = async (ctx, [ref]) => {
  const { sim } = ctx;
  const sr = String(ref);
  rowOf(ctx, 'SR', sr);
  assertSupportsReplication(sim, sr);
  if (metadataVdis(sim, sr).length) return '';
  await sim.work(ctx, Math.round(sim.durationMs(ctx) / 4));
  const pool = [...sim.db.table('pool').keys()][0] ?? NULL_REF;
  const size = 256 * MiB;
  sim.db.create('VDI', {
    name_label: 'Metadata for DR', name_description: 'Used for disaster recovery', SR: sr, type: 'metadata', virtual_size: size,
    physical_utilisation: size, managed: true, sharable: true, read_only: false, metadata_of_pool: pool, metadata_latest: true,
    other_config: {}, sm_config: {}, xenstore_data: {}, current_operations: {}, allowed_operations: [],
  });
  const rec = sim.db.get('SR', sr)!;
  sim.db.update('SR', sr, { virtual_allocation: Number(rec.virtual_allocation) + size, physical_utilisation: Math.max(0, Number(rec.physical_utilisation)) + size });
  refreshSrAllowed(sim.db, sr);
  return '';
};

const disableReplication: Handler = async (ctx, [ref]) => {
  const { sim } = ctx;
  const sr = String(ref);
  rowOf(ctx, 'SR', sr);
  await sim.work(ctx, Math.round(sim.durationMs(ctx) / 8));
  for (const v of metadataVdis(sim, sr)) {
    const vdi = sim.db.get('VDI', v)!;
    sim.db.delete('VDI', v);
    const rec = sim.db.get('SR', sr)!;
    sim.db.update('SR', sr, {
      virtual_allocation: Math.max(0, Number(rec.virtual_allocation) - Number(vdi.virtual_size)),
      physical_utilisation: Math.max(0, Number(rec.physical_utilisation) - Number(vdi.physical_utilisation)),
    });
  }
  refreshSrAllowed(sim.db, sr);
  return '';
};

// ---------- PBD ----------
const pbdCreate: Handler = (ctx, [record]) => {
  const { sim } = ctx;
  const r = (record ?? {}) as Rec;
  const host = String(r.host), sr = String(r.SR);
  rowOf(ctx, 'host', host);
  const srRec = rowOf(ctx, 'SR', sr);
  const dc = { ...((r.device_config ?? {}) as Rec) };
  if ('SRmaster' in dc) throw new XapiError('VALUE_NOT_SUPPORTED', ['device_config', 'SRmaster', 'This key is for internal use only']);
  const existing = ((srRec.PBDs as string[]) ?? []).find((p) => sim.db.get('PBD', p)?.host === host);
  if (existing) throw new XapiError('PBD_EXISTS', [sr, host, existing]);
  const pbd = sim.db.create('PBD', { host, SR: sr, device_config: dc, other_config: { ...((r.other_config ?? {}) as Rec) }, currently_attached: false });
  afterPbdChange(sim, sr);
  return pbd;
};

const pbdDestroy: Handler = (ctx, [ref]) => {
  const p = rowOf(ctx, 'PBD', ref);
  if (p.currently_attached === true) throw new XapiError('OPERATION_NOT_ALLOWED', ['PBD is currently attached']);
  ctx.sim.db.delete('PBD', String(ref));
  afterPbdChange(ctx.sim, String(p.SR));
  return '';
};

const pbdPlug: Handler = async (ctx, [ref]) => {
  const { sim } = ctx;
  const p = rowOf(ctx, 'PBD', ref);
  if (p.currently_attached === true) return '';
  const sr = String(p.SR);
  const srRec = rowOf(ctx, 'SR', sr);
  if (srRec.shared !== true) {
    // §7.5: the host named is the one the SR is attached on ("in use by another host", errors.json).
    const elsewhere = ((srRec.PBDs as string[]) ?? []).map((x) => sim.db.get('PBD', x)).find((x) => x && x.currently_attached === true && x.host !== p.host);
    if (elsewhere) throw new XapiError('SR_NOT_SHARABLE', [sr, String(elsewhere.host)]);
  }
  await sim.work(ctx, Math.round(sim.durationMs(ctx) / 4));
  sim.db.update('PBD', String(ref), { currently_attached: true });
  afterPbdChange(sim, sr);
  return '';
};

const pbdUnplug: Handler = async (ctx, [ref]) => {
  const { sim } = ctx;
  const p = rowOf(ctx, 'PBD', ref);
  if (p.currently_attached !== true) return '';
  const sr = String(p.SR);
  const host = String(p.host);
  const inUse: string[] = [];
  for (const v of (sim.db.get('SR', sr)?.VDIs as string[]) ?? []) {
    const live = ((sim.db.get('VDI', v)?.VBDs as string[]) ?? []).some((b) => {
      const vbd = sim.db.get('VBD', b);
      const vm = vbd && sim.db.get('VM', String(vbd.VM));
      return vbd && vm && (vbd.currently_attached === true || vbd.reserved === true) && vm.resident_on === host && !isNullRef(vm.resident_on);
    });
    if (live) inUse.push(v);
  }
  if (inUse.length) throw new XapiError('VDI_IN_USE', inUse);
  const pool = [...sim.db.table('pool').values()][0]?.rec;
  if (pool?.ha_enabled === true && ((pool.ha_statefiles as string[]) ?? []).some((v) => sim.db.get('VDI', v)?.SR === sr)) throw new XapiError('HA_IS_ENABLED', []);
  await sim.work(ctx, Math.round(sim.durationMs(ctx) / 4));
  sim.db.update('PBD', String(ref), { currently_attached: false });
  afterPbdChange(sim, sr);
  return '';
};

const srHandlers: Record<string, Handler> = {
  'SR.create': (ctx, args) => srCreate(ctx, args, args[7] === true),
  'SR.make': async (ctx, args) => {
    const sr = await srCreate(ctx, [...args.slice(0, 7), false, args[7]], false);
    return String(ctx.sim.db.get('SR', sr)!.uuid);
  },
  'SR.introduce': introduce,
  'SR.forget': forget,
  'SR.destroy': destroy,
  'SR.scan': scan,
  'SR.update': update,
  'SR.probe': probe,
  'SR.probe_ext': async (ctx, [host, deviceConfig, rawType]) => {
    rowOf(ctx, 'host', host);
    const type = String(rawType).toLowerCase();
    if (!SR_TYPES.includes(type)) throw new XapiError('SR_UNKNOWN_DRIVER', [type]);
    await ctx.sim.work(ctx, Math.round(ctx.sim.durationMs(ctx) / 4));
    return smProbeExt(ctx.sim.db, type, (deviceConfig ?? {}) as Rec);
  },
  'SR.get_supported_types': () => [...SR_TYPES],
  'SR.set_shared': (ctx, [ref, value]) => {
    const rec = rowOf(ctx, 'SR', ref);
    const pbds = ((rec.PBDs as string[]) ?? []).filter((p) => ctx.sim.db.get('PBD', p));
    if (value !== true && pbds.length > 1) throw new XapiError('SR_HAS_MULTIPLE_PBDS', pbds);
    ctx.sim.db.update('SR', String(ref), { shared: value === true });
    return '';
  },
  'SR.enable_database_replication': enableReplication,
  'SR.disable_database_replication': disableReplication,
  'SR.assert_supports_database_replication': (ctx, [ref]) => { rowOf(ctx, 'SR', ref); assertSupportsReplication(ctx.sim, String(ref)); return ''; },
  'PBD.create': pbdCreate,
  'PBD.destroy': pbdDestroy,
  'PBD.plug': pbdPlug,
  'PBD.unplug': pbdUnplug,
};

/** Every operation above runs inside a task when called synchronously, but these quick calls. */
export const srMethods: MethodModule = operations(srHandlers, [
  'SR.get_supported_types',
  'SR.set_shared',
  'SR.assert_supports_database_replication',
]);
