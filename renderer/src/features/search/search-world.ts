// What a search looks through: every object the client knows, with XenCenter's object type
// (PropertyAccessors.TypeProperty) and its place (pool, home server) as the infrastructure tree gives
// it, and XenCenter's properties over them (PropertyAccessors in XenModel/XenSearch/Common.cs). Pure.
import { buildInfrastructureTree, naturalCompare, type TreeNode } from '../../tree/build-tree';
import { folderSegments } from '../../tree/org-views';
import { isDefaultTemplate, isLocalSrType, truthy } from '../../tree/visibility';
import { parseXapiDate, type ObjectsView, type XRecord } from '../../state/store';
import { isRef, refs } from '../../xapi-model/refs';
import { str } from '../../xapi-model/format';
import type { ConnectionInfo, UsageSample } from '../../../../shared/ipc/contract';
import type { ObjectType } from '../../../../shared/xensearch/query';

export interface SearchObject {
  /** `${connectionId}|${cls}|${ref}`: the tree's node id, so a result row selects its tree row. */
  key: string;
  connectionId: string;
  /** Store class ('pool', 'host', 'vm', 'sr', 'network', 'vm_appliance', 'vdi'), 'connection' or 'folder'. */
  cls: string;
  ref: string;
  type: ObjectType;
  name: string;
  rec: XRecord;
  /** The tree node when the infrastructure tree draws the object (its icon and state). */
  node?: TreeNode;
  /** The server the tree places it under (XenCenter's Home()), if any. */
  homeHost?: string;
  /** Related objects already worked out in this world (a condition and a grouping ask the same). */
  memo?: Record<string, SearchObject[]>;
}

/** One connection's CPU and memory figures (metrics.usage). */
export type UsageLike = Pick<UsageSample, 'hosts' | 'vms'>;

export interface SearchWorld {
  objects: SearchObject[];
  byKey: Map<string, SearchObject>;
  store: ObjectsView;
  /** Per connection: its pool's key when it is a pool (XenCenter's Helpers.GetPool is null for a standalone server). */
  poolOf: Map<string, string>;
  /** Every object of the world and those made for a question (disks, servers the tree hides), by connection, class and ref. */
  byRef: Map<string, Map<string, Map<string, SearchObject>>>;
  now: number;
  usage: ReadonlyMap<string, UsageLike>;
}

const NODE_TYPE: Record<string, ObjectType | undefined> = { pool: 'Pool', host: 'Server', vm: 'VM', snapshot: 'Snapshot', network: 'Network' };

function nodeType(n: TreeNode, rec: XRecord): ObjectType | undefined {
  if (n.kind === 'template') return isDefaultTemplate(rec) ? 'DefaultTemplate' : 'UserTemplate';
  if (n.kind === 'sr') return isLocalSrType(rec) ? 'LocalSR' : 'RemoteSR';
  if (n.kind === 'connection') return 'DisconnectedServer';
  return NODE_TYPE[n.kind];
}

/** Every object a search can list: all the tree would draw with every View option on (XenCenter's search ignores them), but hidden objects only when asked. */
export function buildSearchWorld(input: {
  connections: ConnectionInfo[]; store: ObjectsView; showHidden: boolean; now: number; usage?: ReadonlyMap<string, UsageLike>;
}): SearchWorld {
  const { store } = input;
  const tree = buildInfrastructureTree({
    connections: input.connections, objects: store.objects,
    showCustomTemplates: true, showDefaultTemplates: true, showLocalStorage: true, showSnapshots: true, showNetworks: true, showHidden: input.showHidden,
  });
  const world: SearchWorld = { objects: [], byKey: new Map(), store, poolOf: new Map(), byRef: new Map(), now: input.now, usage: input.usage ?? new Map() };
  const add = (o: SearchObject) => {
    if (world.byKey.has(o.key)) return;
    world.byKey.set(o.key, o);
    remember(world, o);
    world.objects.push(o);
  };
  const walk = (nodes: TreeNode[], host: string | undefined) => {
    for (const n of nodes) {
      const rec = n.kind === 'connection' ? {} : store.objects.get(n.connectionId)?.get(n.cls)?.get(n.ref);
      const type = rec && nodeType(n, rec);
      if (rec && type) {
        if (n.kind === 'pool') world.poolOf.set(n.connectionId, n.id);
        add({ key: n.id, connectionId: n.connectionId, cls: n.cls, ref: n.ref, type, name: n.name, rec, node: n, ...(host ? { homeHost: host } : {}) });
      }
      walk(n.children, n.kind === 'host' ? n.ref : host);
    }
  };
  walk(tree, undefined);
  // vApps are not in the tree: every one of a connected pool.
  for (const c of input.connections) {
    for (const [ref, rec] of store.objects.get(c.id)?.get('vm_appliance') ?? []) {
      add({ key: `${c.id}|vm_appliance|${ref}`, connectionId: c.id, cls: 'vm_appliance', ref, type: 'Appliance', name: str(rec.name_label), rec });
    }
  }
  return world;
}

const map = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? v as Record<string, unknown> : {});
const num = (v: unknown): number | null => {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : null;
};

const rec = (w: SearchWorld, c: string, cls: string, ref: unknown): XRecord | undefined =>
  (typeof ref === 'string' ? w.store.objects.get(c)?.get(cls)?.get(ref) : undefined);

function remember(w: SearchWorld, o: SearchObject): void {
  let byCls = w.byRef.get(o.connectionId);
  if (!byCls) w.byRef.set(o.connectionId, (byCls = new Map()));
  let refsOf = byCls.get(o.cls);
  if (!refsOf) byCls.set(o.cls, (refsOf = new Map()));
  refsOf.set(o.ref, o);
}

/** The search object of a record, from the world when the tree drew it, else made for the question (a related object) and kept. */
export function objectOf(w: SearchWorld, c: string, cls: string, ref: string): SearchObject | undefined {
  const known = w.byRef.get(c)?.get(cls)?.get(ref);
  if (known) return known;
  const r = rec(w, c, cls, ref);
  if (!r) return undefined;
  const type: ObjectType | undefined = cls === 'vdi' ? 'VDI' : cls === 'host' ? 'Server' : cls === 'network' ? 'Network' : cls === 'sr' ? (isLocalSrType(r) ? 'LocalSR' : 'RemoteSR')
    : cls === 'vm_appliance' ? 'Appliance' : cls === 'pool' ? 'Pool' : cls === 'vm' ? 'VM' : undefined;
  if (!type) return undefined;
  const made: SearchObject = { key: `${c}|${cls}|${ref}`, connectionId: c, cls, ref, type, name: str(r.name_label), rec: r };
  remember(w, made);
  return made;
}

/** The objects of class `cls` that the refs name, each once, in order (the field read through `via` first when given: VBD -> VDI). */
function objectsVia(w: SearchWorld, o: SearchObject, list: unknown, cls: string, via?: { cls: string; field: string }): SearchObject[] {
  if (!Array.isArray(list) || list.length === 0) return [];
  const table = via ? w.store.objects.get(o.connectionId)?.get(via.cls) : undefined;
  const out: SearchObject[] = [];
  for (const item of list) {
    const ref = via ? table?.get(item as string)?.[via.field] : item;
    if (!isRef(ref)) continue;
    const found = objectOf(w, o.connectionId, cls, ref);
    if (found && !out.includes(found)) out.push(found);
  }
  return out;
}

/** A folder as XenCenter's search sees it: an object whose uuid is its path. */
export function folderObject(path: string): SearchObject {
  const segs = folderSegments(path);
  const p = `/${segs.join('/')}`;
  return { key: `folder|${p}`, connectionId: '', cls: 'folder', ref: p, type: 'Folder', name: segs.at(-1) ?? 'Folders', rec: { uuid: p, name_label: segs.at(-1) ?? '' } };
}

const isRealVm = (o: SearchObject): boolean => o.type === 'VM';

// ---- XenCenter's properties ----

export const uuidOf = (o: SearchObject): string => str(o.rec.uuid);
export const descriptionOf = (o: SearchObject): string => str(o.rec.name_description);
export const tagsOf = (o: SearchObject): string[] => (Array.isArray(o.rec.tags) ? o.rec.tags.filter((t): t is string => typeof t === 'string') : []);
export const folderOf = (o: SearchObject): string | undefined => {
  const f = str(map(o.rec.other_config).folder);
  return folderSegments(f).length ? `/${folderSegments(f).join('/')}` : undefined;
};
/** The folder and each folder above it. */
export const ancestorFolders = (o: SearchObject): string[] => {
  const segs = folderSegments(folderOf(o) ?? '');
  return segs.map((_, i) => `/${segs.slice(0, i + 1).join('/')}`);
};

export const powerStateOf = (o: SearchObject): string | null => (isRealVm(o) ? str(o.rec.power_state) || null : null);

function guestMetrics(w: SearchWorld, o: SearchObject): XRecord | undefined {
  return isRealVm(o) ? rec(w, o.connectionId, 'vm_guest_metrics', o.rec.guest_metrics) : undefined;
}

/** XenCenter's VM.VirtualizationStatus as its flags' text ("IoDriversInstalled, ManagementInstalled"). */
export function virtualisationStatusOf(w: SearchWorld, o: SearchObject): string | null {
  if (!isRealVm(o)) return null;
  const gm = guestMetrics(w, o);
  if (!gm) return 'NotInstalled';
  if (gm.PV_drivers_up_to_date === false) return 'PvDriversOutOfDate';
  return 'IoDriversInstalled, ManagementInstalled';
}

export function osNameOf(w: SearchWorld, o: SearchObject): string | null {
  const gm = guestMetrics(w, o);
  if (!isRealVm(o)) return null;
  const name = str(map(gm?.os_version).name);
  // XenCenter's VM.GetOSName: the first line of the distro's name, or "Unknown".
  return name ? name.split('|')[0].trim() : 'Unknown';
}

/** VM: memory_actual of its metrics, in bytes. */
export function memoryOf(w: SearchWorld, o: SearchObject): number | null {
  return isRealVm(o) ? num(rec(w, o.connectionId, 'vm_metrics', o.rec.metrics)?.memory_actual) : null;
}

export function startTimeOf(w: SearchWorld, o: SearchObject): number | null {
  if (!isRealVm(o) || o.rec.power_state !== 'Running') return null;
  const t = parseXapiDate(rec(w, o.connectionId, 'vm_metrics', o.rec.metrics)?.start_time);
  return t > 0 ? t : null;
}

/** Seconds running: a VM since it started, a server since it booted (other_config boot_time, as XenCenter's Host.Uptime). */
export function uptimeOf(w: SearchWorld, o: SearchObject): number | null {
  if (o.type === 'Server') {
    const boot = num(map(o.rec.other_config).boot_time);
    return boot === null ? null : Math.max(0, Math.floor(w.now / 1000 - boot));
  }
  const t = startTimeOf(w, o);
  return t === null ? null : Math.max(0, Math.floor((w.now - t) / 1000));
}

/** Addresses: a VM's from its guest agent, a server's management address. */
export function ipAddressesOf(w: SearchWorld, o: SearchObject): string[] {
  if (o.type === 'Server') return str(o.rec.address) ? [str(o.rec.address)] : [];
  if (!isRealVm(o)) return [];
  const networks = map(guestMetrics(w, o)?.networks);
  return [...new Set(Object.entries(networks).filter(([k, v]) => /\/(ip|ipv4\/\d+|ipv6\/\d+)$/.test(k) && typeof v === 'string' && v).map(([, v]) => v as string))];
}

/** XenCenter's restart priority names, only while the pool has HA on. */
export function haPriorityOf(w: SearchWorld, o: SearchObject): string | null {
  if (!isRealVm(o)) return null;
  const pool = poolObject(w, o);
  if (!pool || pool.rec.ha_enabled !== true) return null;
  const p = str(o.rec.ha_restart_priority);
  return p === 'restart' || p === '1' || p === '0' ? 'Restart' : p === 'best-effort' ? 'BestEffort' : 'DoNotRestart';
}

export function customFieldOf(o: SearchObject, field: string): string | null {
  const v = map(o.rec.other_config)[`XenCenter.CustomFields.${field}`];
  return typeof v === 'string' && v !== '' ? v : null;
}

export function hasCustomFields(o: SearchObject): boolean {
  return Object.entries(map(o.rec.other_config)).some(([k, v]) => k.startsWith('XenCenter.CustomFields.') && typeof v === 'string' && v !== '');
}

export function poolObject(w: SearchWorld, o: SearchObject): SearchObject | undefined {
  const key = w.poolOf.get(o.connectionId);
  return key ? w.byKey.get(key) : undefined;
}

/** XenCenter's HostProperty: standalone, every server of the connection; else the home server (a server itself). */
export function hostsOf(w: SearchWorld, o: SearchObject): SearchObject[] {
  if (o.cls === 'folder' || o.cls === 'connection') return [];
  const every = () => [...(w.store.objects.get(o.connectionId)?.get('host')?.keys() ?? [])].flatMap((r) => objectOf(w, o.connectionId, 'host', r) ?? []);
  if (!w.poolOf.has(o.connectionId)) return every();
  if (o.cls === 'host') return [o];
  // A network on no NIC (internal) is every server's.
  if (o.cls === 'network') return refs(o.rec.PIFs).length === 0 ? every() : [];
  const home = o.homeHost ?? (o.cls === 'vdi' ? objectOf(w, o.connectionId, 'sr', str(o.rec.SR))?.homeHost : undefined);
  const h = home ? objectOf(w, o.connectionId, 'host', home) : undefined;
  return h ? [h] : [];
}

const vmsOfVdi = (w: SearchWorld, c: string, vdi: XRecord | undefined): string[] =>
  refs(vdi?.VBDs).map((b) => str(rec(w, c, 'vbd', b)?.VM)).filter(isRef);

/** XenCenter's VMProperty: the VMs an object holds or serves (real VMs only). */
export function vmsOf(w: SearchWorld, o: SearchObject): SearchObject[] {
  const c = o.connectionId;
  let list: string[] = [];
  if (o.cls === 'pool') list = [...(w.store.objects.get(c)?.get('vm')?.keys() ?? [])];
  else if (o.cls === 'host') list = refs(o.rec.resident_VMs);
  else if (o.cls === 'sr') list = refs(o.rec.VDIs).flatMap((v) => vmsOfVdi(w, c, rec(w, c, 'vdi', v)));
  else if (o.cls === 'network') list = refs(o.rec.VIFs).map((v) => str(rec(w, c, 'vif', v)?.VM)).filter(isRef);
  else if (o.cls === 'vdi') list = vmsOfVdi(w, c, o.rec);
  else if (o.cls === 'vm') list = o.type === 'Snapshot' ? refs([o.rec.snapshot_of]) : [o.ref];
  return [...new Set(list)].flatMap((r) => objectOf(w, c, 'vm', r) ?? []).filter(isRealVm);
}

export function networksOf(w: SearchWorld, o: SearchObject): SearchObject[] {
  if (o.cls === 'network') return [o];
  return isRealVm(o) ? objectsVia(w, o, o.rec.VIFs, 'network', { cls: 'vif', field: 'network' }) : [];
}

export function disksOf(w: SearchWorld, o: SearchObject): SearchObject[] {
  if (o.cls === 'vdi') return [o];
  return isRealVm(o) ? objectsVia(w, o, o.rec.VBDs, 'vdi', { cls: 'vbd', field: 'VDI' }) : [];
}

export function storageOf(w: SearchWorld, o: SearchObject): SearchObject[] {
  if (o.cls === 'sr') return [o];
  if (o.cls === 'vdi') return objectsVia(w, o, [o.rec.SR], 'sr');
  if (!isRealVm(o)) return [];
  const out: SearchObject[] = [];
  for (const d of disksOf(w, o)) for (const s of objectsVia(w, d, [d.rec.SR], 'sr')) if (!out.includes(s)) out.push(s);
  return out;
}

export function applianceOf(w: SearchWorld, o: SearchObject): SearchObject | undefined {
  if (o.cls === 'vm_appliance') return o;
  return isRealVm(o) && isRef(o.rec.appliance) ? objectOf(w, o.connectionId, 'vm_appliance', o.rec.appliance as string) : undefined;
}

export const srShared = (o: SearchObject): boolean | null => (o.cls === 'sr' || o.cls === 'vdi' ? truthy(o.rec.shared) || (o.cls === 'vdi' && o.rec.sharable === true) : null);

/** The objects sorted as XenCenter lists them by default: by type, then by name naturally. */
export function compareObjects(a: SearchObject, b: SearchObject): number {
  return TYPE_ORDER.indexOf(a.type) - TYPE_ORDER.indexOf(b.type) || naturalCompare(a.name, b.name) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}
const TYPE_ORDER: readonly ObjectType[] = ['Pool', 'Server', 'DisconnectedServer', 'VM', 'Snapshot', 'UserTemplate', 'DefaultTemplate', 'RemoteSR', 'LocalSR', 'VDI', 'Network', 'Appliance', 'Folder', 'DockerContainer'];
