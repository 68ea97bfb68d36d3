// The Networking and NICs tabs' pure reads of the store: rows, guest IP addresses, MAC and VLAN
// checks, and which actions are enabled (from allowed_operations and power state, as XenCenter).
import type { ObjectsView as S } from '../../state/store';
import { str } from '../../xapi-model/format';
import { macAddressProblem } from '../../xapi-model/mac';
import { allows, isSnapshot, isTemplate } from '../../xapi-model/predicates';
import { entries, record, type XRec } from '../../xapi-model/records';
import { isOpaqueRef } from '../../xapi-model/refs';

/** The strings of a ref-set field, as they are (unlike strings(), the null ref and '' count). */
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/**
 * A VIF's addresses from VM_guest_metrics.networks: "<device>/ip" (old guest agents), then
 * "<device>/ipv4/N" and "<device>/ipv6/N" in N order; duplicates once.
 */
export function guestIps(networks: unknown, device: string): string[] {
  if (!networks || typeof networks !== 'object') return [];
  const byKind = (kind: string) => Object.entries(networks as Record<string, unknown>)
    .map(([k, v]) => ({ m: new RegExp(`^${device.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/${kind}/(\\d+)$`).exec(k), v }))
    .filter((e): e is { m: RegExpExecArray; v: string } => !!e.m && typeof e.v === 'string' && e.v !== '')
    .sort((a, b) => Number(a.m[1]) - Number(b.m[1])).map((e) => e.v);
  const legacy = (networks as Record<string, unknown>)[`${device}/ip`];
  const all = [...(typeof legacy === 'string' && legacy ? [legacy] : []), ...byKind('ipv4'), ...byKind('ipv6')];
  return [...new Set(all)];
}

/** '' when the typed MAC is usable for a new interface (util/mac.ts: format, unicast, not in use), else why not. */
export function macProblem(text: string, inUse: ReadonlyMap<string, string> = new Map()): string {
  if (text.trim() === '') return 'Type a MAC address, or choose automatic.';
  return macAddressProblem(text, inUse);
}

/** '' when tag is a free VLAN number on the NIC, else why not. */
export function vlanProblem(text: string, usedTags: readonly number[]): string {
  if (!/^\d{1,4}$/.test(text.trim())) return 'The VLAN is a number from 0 to 4094.';
  const tag = Number(text);
  if (tag > 4094) return 'The VLAN is a number from 0 to 4094.';
  if (usedTags.includes(tag)) return `VLAN ${tag} is already in use on this NIC.`;
  return '';
}

export interface VifRow { ref: string; device: string; mac: string; network: string; networkRef: string; ips: string[]; attached: boolean; canEdit: boolean; canRemove: boolean }

/** Editable while halted, or running (VIF.move and hot-plug); never suspended or paused. */
const editablePower = (vm: XRec<'vm'> | undefined) => vm?.power_state === 'Halted' || vm?.power_state === 'Running';

/** A running VM's attached VIF goes only when the server lists unplug; otherwise VIF.destroy alone. */
export function canRemoveVif(vif: XRec<'vif'> | undefined, vm: XRec<'vm'> | undefined): boolean {
  if (!vif || !editablePower(vm)) return false;
  if (vm?.power_state === 'Running' && vif.currently_attached === true) return allows(vif, 'unplug');
  return true;
}

export function vifRows(s: S, conn: string, vmRef: string): VifRow[] {
  const vm = record(s, conn, 'vm', vmRef);
  const gm = record(s, conn, 'vm_guest_metrics', vm?.guest_metrics);
  const rows = strings(vm?.VIFs).flatMap((ref) => {
    const vif = record(s, conn, 'vif', ref);
    if (!vif) return [];
    const net = record(s, conn, 'network', vif.network);
    return [{
      ref, device: str(vif.device), mac: str(vif.MAC), network: net ? str(net.name_label) : '—', networkRef: str(vif.network),
      ips: vm?.power_state === 'Running' ? guestIps(gm?.networks, str(vif.device)) : [], attached: vif.currently_attached === true,
      canEdit: editablePower(vm), canRemove: canRemoveVif(vif, vm),
    }];
  });
  return rows.sort((a, b) => Number(a.device) - Number(b.device));
}

/** Add Interface: a halted or running VM (not a template or snapshot) with a free device of 0..15. */
export function canAddVif(s: S, conn: string, vmRef: string): boolean {
  const vm = record(s, conn, 'vm', vmRef);
  return !!vm && !isTemplate(vm) && !isSnapshot(vm) && editablePower(vm) && strings(vm.VIFs).length < 16;
}

/** Why Add Interface is greyed, in words ('' when it is not). */
export function addVifBlocker(s: S, conn: string, vmRef: string): string {
  const vm = record(s, conn, 'vm', vmRef);
  if (!vm) return 'The VM is no longer on the server';
  if (isSnapshot(vm)) return 'A snapshot cannot be changed';
  if (isTemplate(vm)) return 'A template\'s interfaces are set on the VMs made from it';
  if (!editablePower(vm)) return `The VM is ${str(vm.power_state).toLowerCase() || 'in an unknown state'}: interfaces change only while it is running or shut down`;
  if (strings(vm.VIFs).length >= 16) return 'The VM already has 16 interfaces, the most it can have';
  return '';
}

/** Why Properties… (edit) or Remove is greyed for the selected interface row, in words. */
export function vifRowBlocker(row: VifRow | undefined, action: 'edit' | 'remove', powerState: string): string | undefined {
  if (!row) return 'Select an interface first';
  if (action === 'edit' ? row.canEdit : row.canRemove) return undefined;
  if (powerState !== 'Halted' && powerState !== 'Running') return `The VM is ${powerState.toLowerCase()}: interfaces change only while it is running or shut down`;
  return 'The server does not allow this interface to be unplugged while the VM runs';
}

/** Why Remove Network is greyed for the selected row, in words. */
export const networkRowBlocker = (row: NetworkRow | undefined): string | undefined =>
  !row ? 'Select a network first' : row.canRemove ? undefined : 'It uses a physical NIC, a bond or the management interface: it cannot be removed';

/** Networks a VIF may use: not hidden from XenCenter, not the host-internal management network. */
export function guestNetworks(s: S, conn: string): Array<{ ref: string; name: string }> {
  return entries(s, conn, 'network')
    .filter(([, n]) => visibleNetwork(n))
    .map(([ref, n]) => ({ ref, name: str(n.name_label) }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

function visibleNetwork(n: XRec<'network'>): boolean {
  const oc = (n.other_config ?? {}) as Record<string, unknown>;
  return oc.HideFromXenCenter !== 'true' && oc.is_host_internal_management_network !== 'true';
}

export interface NicRow { ref: string; nic: string; mac: string; link: string; speed: string; duplex: string; vendor: string; device: string }

/** "eth0" -> "NIC 0", as XenCenter names physical interfaces. */
export const nicName = (device: string): string => (/^eth\d+$/.test(device) ? `NIC ${device.slice(3)}` : device);

/** The host's physical PIFs with their PIF_metrics. */
export function nicRows(s: S, conn: string, hostRef: string): NicRow[] {
  const host = record(s, conn, 'host', hostRef);
  return strings(host?.PIFs).flatMap((ref) => {
    const pif = record(s, conn, 'pif', ref);
    if (!pif || pif.physical !== true) return [];
    const m = record(s, conn, 'pif_metrics', pif.metrics);
    const carrier = m?.carrier === true;
    const speed = Number(m?.speed);
    const duplex = m?.duplex === true ? 'Full' : m?.duplex === false && carrier ? 'Half' : 'Unknown';
    return [{
      ref, nic: nicName(str(pif.device)), device: str(pif.device), mac: str(pif.MAC), link: carrier ? 'Connected' : 'Disconnected',
      speed: carrier && speed > 0 ? `${speed} Mbit/s` : '—', duplex: carrier ? duplex : '—', vendor: m ? str(m.vendor_name) || '—' : '—',
    }];
  }).sort((a, b) => a.device.localeCompare(b.device, undefined, { numeric: true }));
}

export interface NetworkRow { ref: string; name: string; description: string; nic: string; vlan: string; mtu: string; auto: boolean; link: string; servers: number; canRemove: boolean }

/** A pool's networks (host undefined) or one host's: its PIFs' networks, and internal networks without PIFs. */
export function networkRows(s: S, conn: string, hostRef?: string): NetworkRow[] {
  const rows: NetworkRow[] = [];
  for (const [ref, n] of entries(s, conn, 'network')) {
    if (!visibleNetwork(n)) continue;
    const pifs = strings(n.PIFs).map((p) => record(s, conn, 'pif', p)).filter((p): p is XRec<'pif'> => !!p);
    const mine = hostRef ? pifs.filter((p) => p.host === hostRef) : pifs;
    if (hostRef && pifs.length > 0 && mine.length === 0) continue;
    const pif = mine[0];
    const vlan = pif ? Number(pif.VLAN) : -1;
    const carrier = mine.some((p) => p.currently_attached === true && record(s, conn, 'pif_metrics', p.metrics)?.carrier === true);
    rows.push({
      ref, name: str(n.name_label), description: str(n.name_description), nic: pif ? nicName(str(pif.device)) : 'None (private)',
      vlan: vlan >= 0 ? String(vlan) : '—', mtu: str(n.MTU), auto: ((n.other_config ?? {}) as Record<string, unknown>).automatic !== 'false',
      link: !pif ? '—' : carrier ? 'Connected' : 'Disconnected', servers: new Set(pifs.map((p) => p.host)).size,
      // The management network and networks on physical NICs stay (network.destroy refuses them anyway).
      canRemove: !pifs.some((p) => p.management === true || p.physical === true || strings(p.bond_master_of).length > 0),
    });
  }
  return rows.sort((a, b) => a.name.localeCompare(b.name));
}

/** NICs to put a VLAN on: the coordinator's physical (or bond) untagged PIFs, with the tags in use. */
export function vlanBases(s: S, conn: string, hostRef: string): Array<{ ref: string; nic: string; network: string; usedTags: number[] }> {
  const host = record(s, conn, 'host', hostRef);
  const pifs = strings(host?.PIFs).map((ref) => ({ ref, p: record(s, conn, 'pif', ref) })).filter((x): x is { ref: string; p: XRec<'pif'> } => !!x.p);
  return pifs.filter(({ p }) => Number(p.VLAN) === -1 && (p.physical === true || strings(p.bond_master_of).length > 0) && !isOpaqueRef(p.bond_slave_of))
    .map(({ ref, p }) => ({
      ref, nic: nicName(str(p.device)), network: str(record(s, conn, 'network', p.network)?.name_label),
      usedTags: pifs.filter(({ p: q }) => q.device === p.device && Number(q.VLAN) >= 0).map(({ p: q }) => Number(q.VLAN)),
    }))
    .sort((a, b) => a.nic.localeCompare(b.nic, undefined, { numeric: true }));
}

/** The host a pool-level action is planned on: the pool's coordinator, or the host itself. */
export function planningHost(s: S, conn: string, target: { cls: string; ref: string }): string | undefined {
  if (target.cls === 'host') return target.ref;
  const pool = record(s, conn, 'pool', target.ref);
  return isOpaqueRef(pool?.master) ? String(pool?.master) : undefined;
}
