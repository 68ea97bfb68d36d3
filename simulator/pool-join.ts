// pool.join against another pool of this process (SEMANTICS.md 6.2): xapi's pre_join_checks in
// their order, then the joiner's objects imported into the pool's database, then the joiner
// restarting as a member. pool.eject's reverse: the ejected host booting as a fresh standalone pool.
import { copyObjects, type ObjectRef } from './db-copy';
import { buildDemoPool } from './demo-pool';
import type { Rec } from './fields';
import { refreshHostAllowed } from './host-pool-ops';
import { hostPart } from './address';
import type { Sim } from './sim';
import { XapiError } from './xapi-error';

const guests = (sim: Sim) => [...sim.db.table('VM').values()].map((r) => r.rec).filter((v) => !v.is_control_domain && !v.is_a_template && !v.is_a_snapshot);
const isDefaultTemplate = (v: Rec) => v.is_default_template === true || (v.other_config as Rec | undefined)?.default_template === 'true';
const isToolsSr = (sr: Rec) => sr.is_tools_sr === true || sr.type === 'udev';

/** What the pre-join checks need to know of the pool to join (read in this process, or over HTTP). */
export interface JoinTarget { pool: Rec | undefined; master: Rec; self: boolean }

/** The target as seen in this process. */
export const localTarget = (sim: Sim, pool: Sim): JoinTarget => ({
  pool: [...pool.db.table('pool').values()][0]?.rec, master: pool.db.get('host', pool.coordinator())!, self: pool === sim,
});

/** The checks that need no other pool, in xapi's order (the joiner is `sim`; `target` is the pool to join). */
export function preJoinChecks(sim: Sim, target: JoinTarget, force: boolean): void {
  const { db } = sim;
  const own = [...db.table('pool').values()][0]?.rec;
  if (own?.ha_enabled === true || target.pool?.ha_enabled === true) throw new XapiError('HA_IS_ENABLED', []);
  if (target.self) throw new XapiError('OPERATION_NOT_ALLOWED', [db.table('host').size > 1 ? 'Host is already part of a pool' : 'Host cannot become slave of itself']);
  if (db.table('host').size > 1) throw new XapiError('JOINING_HOST_CANNOT_BE_MASTER_OF_OTHER_HOSTS', []);
  const vms = guests(sim);
  if (vms.some((v) => v.power_state === 'Running' || v.power_state === 'Paused')) throw new XapiError('JOINING_HOST_CANNOT_HAVE_RUNNING_VMS', []);
  if (vms.some((v) => Object.keys((v.current_operations ?? {}) as Rec).length > 0)) throw new XapiError('JOINING_HOST_CANNOT_HAVE_VMS_WITH_CURRENT_OPERATIONS', []);
  const me = db.get('host', sim.coordinator())!;
  const { master } = target;
  const apiVersion = (h: Rec) => `${Number(h.API_version_major)}.${Number(h.API_version_minor)}`;
  if (!force) {
    const sw = (h: Rec) => String((h.software_version as Rec | undefined)?.product_version ?? '');
    const vendor = (h: Rec) => String((h.cpu_info as Rec | undefined)?.vendor ?? '');
    if (vendor(me) !== vendor(master)) throw new XapiError('HOSTS_NOT_HOMOGENEOUS', ['CPUs differ']);
    if (sw(me) !== sw(master)) throw new XapiError('HOSTS_NOT_HOMOGENEOUS', ['Software version differs']);
  }
  if ([...db.table('SR').values()].some((r) => r.rec.shared === true && !isToolsSr(r.rec))) throw new XapiError('JOINING_HOST_CANNOT_CONTAIN_SHARED_SRS', []);
  if (db.table('Bond').size > 0) throw new XapiError('POOL_JOINING_HOST_HAS_BONDS', []);
  if (db.table('tunnel').size > 0) throw new XapiError('POOL_JOINING_HOST_HAS_TUNNELS', []);
  if ([...db.table('PIF').values()].some((r) => Number(r.rec.VLAN) >= 0 && r.rec.management !== true)) throw new XapiError('POOL_JOINING_HOST_HAS_NON_MANAGEMENT_VLANS', []);
  if (apiVersion(me) !== apiVersion(master)) throw new XapiError('POOL_JOINING_HOST_MUST_HAVE_SAME_API_VERSION', [apiVersion(me), apiVersion(master)]);
}

/** Imports the joiner's host, its networking, local storage and VM metadata into `pool`'s database.
 * The new member starts disabled and not live, with its PBDs unplugged, until its agent is up. */
export function importJoiner(sim: Sim, pool: Sim): string {
  const { db } = sim;
  const host = sim.coordinator();
  const objects: ObjectRef[] = [];
  const add = (cls: string, ref: unknown) => { if (typeof ref === 'string' && db.get(cls, ref) && !objects.some(([, r]) => r === ref)) objects.push([cls, ref]); };
  add('host', host);
  add('host_metrics', db.get('host', host)!.metrics);
  for (const [cls, t] of db.tables) {
    if (['session', 'task', 'message', 'event'].includes(cls)) continue;
    for (const [ref, row] of t) if (row.rec.host === host) add(cls, ref);
  }
  for (const [, ref] of [...objects]) if (db.get('PIF', ref)) add('PIF_metrics', db.get('PIF', ref)!.metrics);
  // Networks: the pool's network on the same device is the joiner's network from now on.
  const fixed = new Map<string, string>();
  const masterPifs = [...pool.db.table('PIF').values()].map((r) => r.rec).filter((p) => p.host === pool.coordinator());
  for (const [net] of db.table('network')) {
    const mine = [...db.table('PIF').values()].map((r) => r.rec).find((p) => p.network === net);
    const theirs = mine && masterPifs.find((p) => p.device === mine.device && Number(p.VLAN) === Number(mine.VLAN));
    if (theirs) fixed.set(net, String(theirs.network));
    else add('network', net);
  }
  const poolTools = [...pool.db.table('SR')].find(([, r]) => isToolsSr(r.rec))?.[0];
  for (const [sr, row] of db.table('SR')) {
    if (isToolsSr(row.rec) && poolTools) { fixed.set(sr, poolTools); continue; }
    add('SR', sr);
    for (const vdi of (row.rec.VDIs as string[]) ?? []) add('VDI', vdi);
  }
  for (const [vm, row] of db.table('VM')) {
    if (isDefaultTemplate(row.rec)) continue;
    add('VM', vm);
    add('VM_metrics', row.rec.metrics);
    add('VM_guest_metrics', row.rec.guest_metrics);
    for (const c of (row.rec.consoles as string[]) ?? []) add('console', c);
    for (const b of (row.rec.VBDs as string[]) ?? []) { add('VBD', b); add('VBD_metrics', db.get('VBD', b)?.metrics); }
    for (const v of (row.rec.VIFs as string[]) ?? []) { add('VIF', v); add('VIF_metrics', db.get('VIF', v)?.metrics); }
  }
  const refs = copyObjects(db, pool.db, objects, fixed);
  const member = refs.get(host)!;
  const p = pool.db;
  p.update('host', member, { enabled: false });
  p.update('host_metrics', String(p.get('host', member)!.metrics), { live: false });
  for (const pbd of (p.get('host', member)!.PBDs as string[]) ?? []) p.update('PBD', pbd, { currently_attached: false });
  for (const [ref, row] of p.table('console')) {
    const vm = p.get('VM', String(row.rec.VM));
    if (vm && vm.resident_on === member) p.update('console', ref, { location: pool.consoleLocation(member, String(row.rec.uuid)) });
  }
  refreshHostAllowed(p, member);
  return member;
}

/** The new member's agent is up: enabled, live, its PBDs plugged. */
export function memberUp(pool: Sim, member: string): void {
  const p = pool.db;
  const h = p.get('host', member);
  if (!h) return;
  p.update('host_metrics', String(h.metrics), { live: true, last_updated: new Date().toISOString() });
  for (const pbd of (h.PBDs as string[]) ?? []) p.update('PBD', pbd, { currently_attached: true });
  p.update('host', member, { enabled: true });
  refreshHostAllowed(p, member);
}

/** After pool.eject: the host reboots as a fresh standalone pool (same uuid, name and address) when a listener here serves its address. */
export function bootEjected(pool: Sim, ejected: Rec): void {
  const address = hostPart(String(ejected.address));
  const m = /^127\.0\.0\.(\d+)$/.exec(address);
  if (!pool.network || !m || !pool.listenAddresses.has(address)) return;
  const db = buildDemoPool({ hosts: 1, vms: 0, memberListeners: true, firstAddress: Number(m[1]), standalone: { vmNames: [] } });
  const [[ref]] = [...db.table('host')];
  db.update('host', ref, { uuid: ejected.uuid, name_label: ejected.name_label, name_description: ejected.name_description, hostname: ejected.hostname });
  pool.network.bootStandalone(address, db, pool);
}
