// The names people recognise for objects that have no useful name of their own in a list: local
// storage (every server's is "Local storage") and a standalone server's connection (its pool has
// an empty name). XenCenter's SR.NameWithLocation and Helpers.GetName(connection).
import type { ConnectionInfo } from '../../../shared/ipc/contract';
import type { ObjectsView, StoreView, XRecord } from '../state/store';
import { str } from './format';
import { isRef } from './refs';

const rec = (s: ObjectsView, c: string, cls: string, ref: unknown): XRecord | undefined =>
  typeof ref === 'string' ? s.objects.get(c)?.get(cls)?.get(ref) : undefined;

/** The one server a non-shared SR is plugged into (by its PBDs), if there is exactly one. */
export function localSrHost(s: ObjectsView, c: string, sr: XRecord): string | undefined {
  if (sr.shared === true) return undefined;
  const hosts = new Set<string>();
  for (const p of Array.isArray(sr.PBDs) ? sr.PBDs : []) {
    const host = rec(s, c, 'pbd', p)?.host;
    if (isRef(host)) hosts.add(host);
  }
  return hosts.size === 1 ? [...hosts][0] : undefined;
}

/** An SR as pickers show it: "Local storage on xcp-host-02" for a server's own SR, else its name. */
export function srDisplayName(s: ObjectsView, c: string, srRef: string): string {
  const sr = rec(s, c, 'sr', srRef);
  if (!sr) return srRef;
  const name = str(sr.name_label) || srRef;
  const host = localSrHost(s, c, sr);
  const hostName = host ? hostDisplayName(s, c, host) : '';
  return hostName ? `${name} on ${hostName}` : name;
}

export function hostDisplayName(s: ObjectsView, c: string, hostRef: string): string {
  const h = rec(s, c, 'host', hostRef);
  return h ? str(h.name_label) || str(h.hostname) || str(h.address) : '';
}

/**
 * A connection's name: its pool's name; a standalone server (a pool with an empty name) goes by
 * its coordinator's (or only) server's name; before anything is loaded, the name the user gave or the address.
 */
export function connectionDisplayName(s: ObjectsView, c: Pick<ConnectionInfo, 'id' | 'friendlyName' | 'hostname' | 'url'>): string {
  const pools = s.objects.get(c.id)?.get('pool');
  const pool = pools ? [...pools.values()][0] : undefined;
  const poolName = pool ? str(pool.name_label) : '';
  if (poolName) return poolName;
  const coordinator = pool && isRef(pool.master) ? hostDisplayName(s, c.id, pool.master) : '';
  const firstHost = coordinator ? undefined : s.objects.get(c.id)?.get('host')?.keys().next().value;
  return coordinator || (firstHost ? hostDisplayName(s, c.id, firstHost) : '') || c.friendlyName || c.hostname || c.url;
}

/**
 * Names that repeat made distinct, as XenCenter's pickers do: each repeated name gets the first of
 * its item's `extras` (the coordinator's name, then the address) that tells the repeats apart.
 * Names that do not repeat are left as they are.
 */
export function disambiguate<K>(items: Array<{ key: K; name: string; extras: string[] }>): Map<K, string> {
  const out = new Map<K, string>();
  const groups = new Map<string, typeof items>();
  for (const it of items) groups.set(it.name, [...(groups.get(it.name) ?? []), it]);
  for (const [name, group] of groups) {
    if (group.length === 1) { out.set(group[0].key, name); continue; }
    const depth = Math.max(...group.map((g) => g.extras.length));
    let level = 0;
    // The first extra that differs across the whole group; else each item's last extra.
    for (; level < depth; level++) {
      const seen = group.map((g) => g.extras[level] ?? '');
      if (seen.every((x) => x !== '') && new Set(seen).size === group.length) break;
    }
    for (const g of group) {
      const extra = g.extras[level] ?? g.extras.filter(Boolean).join(', ');
      out.set(g.key, extra ? `${name} (${extra})` : name);
    }
  }
  return out;
}

/** The coordinator's name of a connection's pool (a named pool only), and the address the user typed. */
export function connectionExtras(s: ObjectsView, c: Pick<ConnectionInfo, 'id' | 'hostname' | 'url'>, named = true): string[] {
  const pool = s.objects.get(c.id)?.get('pool')?.values().next().value;
  const coordinator = named && pool && str(pool.name_label) && isRef(pool.master) ? hostDisplayName(s, c.id, pool.master) : '';
  return [coordinator, c.hostname || c.url].filter(Boolean);
}

/** Every connection's name (connectionDisplayName), with the coordinator or address added where names repeat. */
export function connectionNames(s: StoreView): Map<string, string> {
  return disambiguate([...s.connections.values()].map((c) => ({ key: c.id, name: connectionDisplayName(s, c), extras: connectionExtras(s, c) })));
}

/** One connection's name, told apart from the others' (connectionNames). */
export function distinctConnectionName(s: StoreView, id: string): string {
  const c = s.connections.get(id);
  return connectionNames(s).get(id) ?? (c ? connectionDisplayName(s, c) : id);
}

/**
 * What a person calls the object `ref` of a connection, from the cache mirror: an SR as pickers
 * name it, anything else by its name; undefined for an unknown ref or a nameless object.
 */
export function objectName(s: ObjectsView, c: string, ref: string): string | undefined {
  const objects = s.objects.get(c);
  if (!objects || !isRef(ref)) return undefined;
  for (const [cls, map] of objects) {
    const r = map.get(ref);
    if (!r) continue;
    if (cls === 'sr') return srDisplayName(s, c, ref);
    if (cls === 'host') return hostDisplayName(s, c, ref) || undefined;
    return str(r.name_label) || undefined;
  }
  return undefined;
}

/** The classes whose objects are devices of a VM (a `VM` field): a task on one is named by its VM. */
export const VM_DEVICE_CLASSES = new Set(['vbd', 'vif', 'vtpm', 'vusb']);

/**
 * The name the Events panel gives the object `r` of class `cls` a task works on: an SR and a server
 * as pickers name them, a VM's device (disk drive, network interface) by its VM, else its name.
 */
export function taskObjectName(s: ObjectsView, c: string, cls: string, r: XRecord): string {
  if (cls === 'host') return str(r.name_label) || str(r.hostname) || str(r.address);
  if (cls === 'sr') {
    const host = localSrHost(s, c, r);
    const hostName = host ? hostDisplayName(s, c, host) : '';
    return hostName && str(r.name_label) ? `${str(r.name_label)} on ${hostName}` : str(r.name_label);
  }
  if (VM_DEVICE_CLASSES.has(cls)) return str(rec(s, c, 'vm', r.VM)?.name_label);
  return str(r.name_label);
}
