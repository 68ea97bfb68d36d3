// Migrate to Server across pools: which hosts of other connected pools a VM can go to, and the
// storage and network mappings VM.migrate_send needs (every disk to an SR of the destination
// pool, every VIF to one of its networks), with XenCenter's defaults: the destination pool's
// default SR, and the network of the same name (else the same bridge, else the first).
import type { StoreView } from '../../state/store';
import type { Bridge } from '../../bridge/types';
import type { CommandOutcome, SelectedObject } from '../../framework/command';
import { str } from '../../xapi-model/format';
import { isRef } from '../../xapi-model/refs';
import { distinctConnectionName, srDisplayName } from '../../xapi-model/names';
import { record } from '../../xapi-model/records';

type Rec = Record<string, unknown>;

export const CROSS_POOL_TITLE = 'Migrating VM';

export interface PoolHosts { connectionId: string; poolName: string; hosts: Array<{ ref: string; name: string }> }
export interface Choice { ref: string; name: string }
export interface SrChoice extends Choice { isDefault: boolean }
export interface VifRow { ref: string; device: string; networkName: string; bridge: string }

const byName = (a: { name: string }, b: { name: string }): number => a.name.localeCompare(b.name, undefined, { numeric: true });
const all = (store: StoreView, connectionId: string, cls: string): Map<string, Rec> => store.objects.get(connectionId)?.get(cls) ?? new Map();
const firstPool = (store: StoreView, connectionId: string): Rec | undefined => [...all(store, connectionId, 'pool').values()][0];

/** The pool's name, or (a standalone server) its host's name; with its coordinator or address where names repeat. */
export function poolDisplayName(store: StoreView, connectionId: string): string {
  return distinctConnectionName(store, connectionId);
}

/** Live, enabled hosts of the other connected pools (never another connection to the VM's own pool), by pool. */
export function otherPoolHosts(store: StoreView, vm: SelectedObject): PoolHosts[] {
  const ownUuid = str(firstPool(store, vm.connectionId)?.uuid);
  const out: PoolHosts[] = [];
  for (const [id, c] of store.connections) {
    if (id === vm.connectionId || c.status !== 'connected') continue;
    const uuid = str(firstPool(store, id)?.uuid);
    if (!uuid || uuid === ownUuid) continue;
    const hosts: Choice[] = [];
    for (const [ref, h] of all(store, id, 'host')) {
      if (h.enabled !== true || record(store, id, 'host_metrics', h.metrics)?.live !== true) continue;
      hosts.push({ ref, name: str(h.name_label) || ref });
    }
    if (hosts.length) out.push({ connectionId: id, poolName: poolDisplayName(store, id), hosts: hosts.sort(byName) });
  }
  return out.sort((a, b) => byName({ name: a.poolName }, { name: b.poolName }));
}

const isIsoSr = (sr: Rec | undefined): boolean => str(sr?.content_type) === 'iso' || str(sr?.type) === 'iso' || str(sr?.type) === 'udev';

/** The VDIs migrate_send needs mapped: every attached disk (not CDs from ISO libraries) and the suspend image. */
export function migrateDiskVdis(store: StoreView, connectionId: string, vmRef: string): string[] {
  const vm = record(store, connectionId, 'vm', vmRef);
  const out: string[] = [];
  for (const b of Array.isArray(vm?.VBDs) ? vm.VBDs : []) {
    const vbd = record(store, connectionId, 'vbd', b);
    if (!vbd || vbd.empty === true || !isRef(vbd.VDI)) continue;
    const vdi = record(store, connectionId, 'vdi', vbd.VDI);
    if (!vdi || isIsoSr(record(store, connectionId, 'sr', vdi.SR))) continue;
    if (!out.includes(vbd.VDI)) out.push(vbd.VDI);
  }
  if (isRef(vm?.suspend_VDI) && record(store, connectionId, 'vdi', vm.suspend_VDI) && !out.includes(vm.suspend_VDI)) out.push(vm.suspend_VDI);
  return out;
}

/** SRs of the destination pool that can take the disks on `hostRef`: user content, shared or plugged into that host; the default SR first. */
export function destinationSrs(store: StoreView, connectionId: string, hostRef: string): SrChoice[] {
  const def = str(firstPool(store, connectionId)?.default_SR);
  const out: SrChoice[] = [];
  for (const [ref, sr] of all(store, connectionId, 'sr')) {
    if (str(sr.content_type) !== 'user') continue;
    const reaches = sr.shared === true || (Array.isArray(sr.PBDs) && sr.PBDs.some((p) => record(store, connectionId, 'pbd', p)?.host === hostRef));
    if (!reaches) continue;
    out.push({ ref, name: srDisplayName(store, connectionId, ref), isDefault: ref === def });
  }
  return out.sort((a, b) => Number(b.isDefault) - Number(a.isDefault) || byName(a, b));
}

const internal = (net: Rec): boolean => {
  const oc = (net.other_config ?? {}) as Rec;
  return str(oc.is_host_internal_management_network) === 'true' || str(oc.is_guest_installer_network) === 'true';
};

/** Networks of the destination pool a VIF can be put on: the host's management network first, then by name. */
export function destinationNetworks(store: StoreView, connectionId: string, hostRef: string): Choice[] {
  let management = '';
  for (const pif of all(store, connectionId, 'pif').values()) if (pif.host === hostRef && pif.management === true) management = str(pif.network);
  const out: Choice[] = [];
  for (const [ref, net] of all(store, connectionId, 'network')) if (!internal(net)) out.push({ ref, name: str(net.name_label) || ref });
  return out.sort((a, b) => Number(b.ref === management) - Number(a.ref === management) || byName(a, b));
}

/** The VM's VIFs with the network each is on now, by device number. */
export function vmVifs(store: StoreView, connectionId: string, vmRef: string): VifRow[] {
  const vm = record(store, connectionId, 'vm', vmRef);
  const out: VifRow[] = [];
  for (const v of Array.isArray(vm?.VIFs) ? vm.VIFs : []) {
    const vif = record(store, connectionId, 'vif', v);
    if (!vif || typeof v !== 'string') continue;
    const net = record(store, connectionId, 'network', vif.network);
    out.push({ ref: v, device: str(vif.device), networkName: str(net?.name_label), bridge: str(net?.bridge) });
  }
  return out.sort((a, b) => Number(a.device) - Number(b.device) || a.device.localeCompare(b.device));
}

/** The destination network a VIF goes to by default: same name, else same bridge, else the first offered. */
export function defaultNetwork(store: StoreView, destConnectionId: string, vif: VifRow, offered: Choice[]): string | undefined {
  const nets = all(store, destConnectionId, 'network');
  const byLabel = vif.networkName ? offered.find((n) => str(nets.get(n.ref)?.name_label) === vif.networkName) : undefined;
  const byBridge = vif.bridge ? offered.find((n) => str(nets.get(n.ref)?.bridge) === vif.bridge) : undefined;
  return (byLabel ?? byBridge ?? offered[0])?.ref;
}

/** What the dialog shows and sends for one destination host, from the user's picks (absent: the defaults). */
export interface CrossPoolPlan {
  srs: SrChoice[];
  networks: Choice[];
  /** Each VIF with the network it goes to. */
  vifs: Array<VifRow & { network?: string }>;
  diskCount: number;
  srRef?: string;
  /** Every disk has an SR and every VIF a network. */
  complete: boolean;
}

export function crossPoolPlan(store: StoreView, vm: SelectedObject, destConnectionId: string, hostRef: string,
  picks: { srRef?: string; networks?: Record<string, string> } = {}): CrossPoolPlan {
  const srs = destinationSrs(store, destConnectionId, hostRef);
  const networks = destinationNetworks(store, destConnectionId, hostRef);
  const diskCount = migrateDiskVdis(store, vm.connectionId, vm.ref).length;
  const srRef = (srs.find((s) => s.ref === picks.srRef) ?? srs[0])?.ref;
  const vifs = vmVifs(store, vm.connectionId, vm.ref).map((v) => {
    const picked = picks.networks?.[v.ref];
    return { ...v, network: networks.some((n) => n.ref === picked) ? picked : defaultNetwork(store, destConnectionId, v, networks) };
  });
  return { srs, networks, vifs, diskCount, srRef, complete: (diskCount === 0 || !!srRef) && vifs.every((v) => !!v.network) };
}

export interface CrossPoolDestination { connectionId: string; hostRef: string; srRef: string; vifNetworks: Record<string, string> }

/** Every disk of the VM to `srRef`: the vdi_map of migrate_send. */
export function vdiMapFor(store: StoreView, vm: SelectedObject, srRef: string): Record<string, string> {
  return Object.fromEntries(migrateDiskVdis(store, vm.connectionId, vm.ref).map((vdi) => [vdi, srRef]));
}

/** Asks main to migrate the VM to a host of another pool; the outcome carries the source's task. */
export async function crossPoolMigrateVm(bridge: Bridge, vm: SelectedObject, dest: CrossPoolDestination, store: StoreView): Promise<CommandOutcome> {
  const name = str(record(store, vm.connectionId, 'vm', vm.ref)?.name_label) || undefined;
  try {
    const { taskRef } = await bridge.request('vm.crossPoolMigrate', {
      connectionId: vm.connectionId, vmRef: vm.ref, destConnectionId: dest.connectionId, hostRef: dest.hostRef,
      vdiMap: vdiMapFor(store, vm, dest.srRef), vifMap: dest.vifNetworks,
    });
    return { target: vm, title: CROSS_POOL_TITLE, vm: name, taskRef };
  } catch (error) {
    return { target: vm, title: CROSS_POOL_TITLE, vm: name, error };
  }
}
