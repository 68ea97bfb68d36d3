// The checks XAPI makes before pool.join and pool.enable_ha (SEMANTICS.md 6.2, 6.5), made first
// from the cache, in XAPI's order, so Add Server to Pool and Enable HA are greyed with the reason
// (words and the code the server would answer) instead of failing after the click.
import type { StoreView } from '../state/store';
import { str } from './format';
import { isPlainVm } from './predicates';
import { table } from './records';

type Rec = Record<string, unknown>;

export interface Blocker { reason: string; code: string }

/** "Words (CODE)". */
export const blockerText = (b: Blocker): string => `${b.reason} (${b.code})`;

const poolRec = (store: StoreView, c: string): Rec | undefined => table(store, c, 'pool')[0];
const coordinator = (store: StoreView, c: string): Rec | undefined => store.objects.get(c)?.get('host')?.get(str(poolRec(store, c)?.master));
const guests = (store: StoreView, c: string): Rec[] => table(store, c, 'vm').filter(isPlainVm);
const isToolsSr = (sr: Rec): boolean => sr.is_tools_sr === true || str(sr.type) === 'udev';
const quoted = (names: string[], max = 3): string => {
  const shown = names.slice(0, max).map((n) => `'${n}'`).join(', ');
  return names.length > max ? `${shown} and ${names.length - max} more` : shown;
};

/** Why the standalone server of `server` cannot join the pool of `pool`, or null when XAPI's pre-join checks would pass. */
export function joinBlocker(store: StoreView, server: string, pool: string): Blocker | null {
  if (poolRec(store, server)?.ha_enabled === true) return { reason: 'HA is enabled on the server', code: 'HA_IS_ENABLED' };
  if (poolRec(store, pool)?.ha_enabled === true) return { reason: 'HA is enabled on the pool: disable it first', code: 'HA_IS_ENABLED' };
  if ((store.objects.get(server)?.get('host')?.size ?? 0) > 1) return { reason: 'The server is the coordinator of other servers', code: 'JOINING_HOST_CANNOT_BE_MASTER_OF_OTHER_HOSTS' };
  const vms = guests(store, server);
  const running = vms.filter((v) => v.power_state === 'Running' || v.power_state === 'Paused').map((v) => str(v.name_label));
  if (running.length > 0) return { reason: `The server has running VMs (${quoted(running)}): shut them down or move them first`, code: 'JOINING_HOST_CANNOT_HAVE_RUNNING_VMS' };
  const busy = vms.filter((v) => Object.keys((v.current_operations ?? {}) as Rec).length > 0).map((v) => str(v.name_label));
  if (busy.length > 0) return { reason: `VMs on the server are busy (${quoted(busy)})`, code: 'JOINING_HOST_CANNOT_HAVE_VMS_WITH_CURRENT_OPERATIONS' };
  const me = coordinator(store, server);
  const master = coordinator(store, pool);
  if (me && master) {
    const vendor = (h: Rec) => str((h.cpu_info as Rec | undefined)?.vendor);
    const version = (h: Rec) => str((h.software_version as Rec | undefined)?.product_version);
    if (vendor(me) !== vendor(master)) return { reason: "The server's CPUs differ from the pool's", code: 'HOSTS_NOT_HOMOGENEOUS' };
    if (version(me) !== version(master)) return { reason: `The server runs version ${version(me) || '?'}, the pool ${version(master) || '?'}`, code: 'HOSTS_NOT_HOMOGENEOUS' };
  }
  const shared = table(store, server, 'sr').filter((s) => s.shared === true && !isToolsSr(s)).map((s) => str(s.name_label));
  if (shared.length > 0) return { reason: `The server has shared storage (${quoted(shared)}): detach it first`, code: 'JOINING_HOST_CANNOT_CONTAIN_SHARED_SRS' };
  if (table(store, server, 'bond').length > 0) return { reason: 'The server has bonded network interfaces', code: 'POOL_JOINING_HOST_HAS_BONDS' };
  if (table(store, server, 'tunnel').length > 0) return { reason: 'The server has network tunnels', code: 'POOL_JOINING_HOST_HAS_TUNNELS' };
  if (table(store, server, 'pif').some((p) => Number(p.VLAN) >= 0 && p.management !== true)) return { reason: 'The server has VLANs other than its management interface', code: 'POOL_JOINING_HOST_HAS_NON_MANAGEMENT_VLANS' };
  if (me && master) {
    const api = (h: Rec) => `${Number(h.API_version_major)}.${Number(h.API_version_minor)}`;
    if (api(me) !== api(master)) return { reason: `The server's API version ${api(me)} differs from the pool's ${api(master)}`, code: 'POOL_JOINING_HOST_MUST_HAVE_SAME_API_VERSION' };
  }
  return null;
}

/** Why pool.enable_ha would be refused on the pool of `connectionId` (HA already on aside), or null. */
export function enableHaBlocker(store: StoreView, connectionId: string, heartbeatSrCount: number): Blocker | null {
  const pifs = table(store, connectionId, 'pif').filter((p) => p.disallow_unplug === true && p.currently_attached !== true);
  if (pifs.length > 0) return { reason: 'A network interface that must stay plugged in is unplugged', code: 'REQUIRED_PIF_IS_UNPLUGGED' };
  const metrics = store.objects.get(connectionId)?.get('host_metrics');
  const down = table(store, connectionId, 'host').filter((h) => metrics?.get(str(h.metrics))?.live !== true).map((h) => str(h.name_label));
  if (down.length > 0) return { reason: `HA needs every server up: ${quoted(down)} ${down.length === 1 ? 'is' : 'are'} not reachable`, code: 'HOST_OFFLINE' };
  if (heartbeatSrCount === 0) return { reason: 'There is no shared storage for the heartbeat', code: 'CANNOT_CREATE_STATE_FILE' };
  return null;
}
