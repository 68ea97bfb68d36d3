// The names people recognise for objects that have no useful name of their own in a list: local
// storage (every server's is "Local storage") and a standalone server's connection (its pool has
// an empty name). XenCenter's SR.NameWithLocation and Helpers.GetName(connection).
import type { ConnectionInfo } from '../../../shared/ipc/contract';
import type { AppState, XRecord } from '../store/store';
import { isRef, str } from './format';

type Objects = Pick<AppState, 'objects'>;
const rec = (s: Objects, c: string, cls: string, ref: unknown): XRecord | undefined =>
  typeof ref === 'string' ? s.objects.get(c)?.get(cls)?.get(ref) : undefined;

/** The one server a non-shared SR is plugged into (by its PBDs), if there is exactly one. */
export function localSrHost(s: Objects, c: string, sr: XRecord): string | undefined {
  if (sr.shared === true) return undefined;
  const hosts = new Set<string>();
  for (const p of Array.isArray(sr.PBDs) ? sr.PBDs : []) {
    const host = rec(s, c, 'pbd', p)?.host;
    if (isRef(host)) hosts.add(host);
  }
  return hosts.size === 1 ? [...hosts][0] : undefined;
}

/** An SR as pickers show it: "Local storage on xcp-host-02" for a server's own SR, else its name. */
export function srDisplayName(s: Objects, c: string, srRef: string): string {
  const sr = rec(s, c, 'sr', srRef);
  if (!sr) return srRef;
  const name = str(sr.name_label) || srRef;
  const host = localSrHost(s, c, sr);
  const hostName = host ? hostDisplayName(s, c, host) : '';
  return hostName ? `${name} on ${hostName}` : name;
}

export function hostDisplayName(s: Objects, c: string, hostRef: string): string {
  const h = rec(s, c, 'host', hostRef);
  return h ? str(h.name_label) || str(h.hostname) || str(h.address) : '';
}

/**
 * A connection's name: its pool's name; a standalone server (a pool with an empty name) goes by
 * its coordinator's (or only) server's name; before anything is loaded, the name the user gave or the address.
 */
export function connectionDisplayName(s: Objects, c: Pick<ConnectionInfo, 'id' | 'friendlyName' | 'hostname' | 'url'>): string {
  const pools = s.objects.get(c.id)?.get('pool');
  const pool = pools ? [...pools.values()][0] : undefined;
  const poolName = pool ? str(pool.name_label) : '';
  if (poolName) return poolName;
  const coordinator = pool && isRef(pool.master) ? hostDisplayName(s, c.id, pool.master) : '';
  const firstHost = coordinator ? undefined : s.objects.get(c.id)?.get('host')?.keys().next().value;
  return coordinator || (firstHost ? hostDisplayName(s, c.id, firstHost) : '') || c.friendlyName || c.hostname || c.url;
}

/**
 * What a person calls the object `ref` of a connection, from the cache mirror: an SR as pickers
 * name it, anything else by its name; undefined for an unknown ref or a nameless object.
 */
export function objectName(s: Objects, c: string, ref: string): string | undefined {
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
