// Handlers for network, VIF, PIF, Bond, VLAN and tunnel operations (SEMANTICS.md 9.3-9.8). Each key is a wire name ("Class.message").
import { randomBytes } from 'node:crypto';
import { refreshVifAllowed } from '../allowed-ops';
import { isNullRef } from '../db';
import { NULL_REF, type Rec } from '../fields';
import { nowDatetime, type CallCtx, type Handler, type Sim } from '../sim';
import { XapiError } from '../xapi-error';
import { rowOf } from './generic';
import { macFor } from './vm-lifecycle';
import { withCurrentOp } from '../current-ops';
import { operations, type MethodModule } from '../method-module';

const MAC_RE = /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/i;
const isIpv4 = (s: string) => /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.test(s) && s.split('.').every((o) => Number(o) <= 255 && String(Number(o)) === o);
const bridgeCounters = new WeakMap<Sim, number>();

const pifsOf = (sim: Sim, host: string) => ((sim.db.get('host', host)?.PIFs as string[]) ?? []).map((p) => [p, sim.db.get('PIF', p)] as const).filter((x): x is readonly [string, Rec] => !!x[1]);

function assertManagedNetwork(sim: Sim, network: string): Rec {
  const n = sim.db.get('network', network);
  if (!n) throw new XapiError('HANDLE_INVALID', ['network', network]);
  if (n.managed === false) throw new XapiError('NETWORK_UNMANAGED', [network]);
  return n;
}
/** A host has at most one PIF per network. */
function assertNoLocalPif(sim: Sim, host: string, network: string): void {
  const existing = pifsOf(sim, host).find(([, p]) => p.network === network);
  if (existing) throw new XapiError('NETWORK_ALREADY_CONNECTED', [host, existing[0]]);
}
const nextDevice = (sim: Sim, host: string, prefix: string) => {
  const used = new Set(pifsOf(sim, host).map(([, p]) => String(p.device)));
  let n = 0;
  while (used.has(`${prefix}${n}`)) n++;
  return `${prefix}${n}`;
};
const randomMac = () => { const b = [...randomBytes(6)]; b[0] = (b[0] | 0x02) & 0xfe; return b.map((x) => x.toString(16).padStart(2, '0')).join(':'); };
const isTunnelAccess = (p: Rec) => ((p.tunnel_access_PIF_of as string[]) ?? []).length > 0;
const isVlanMaster = (p: Rec) => !isNullRef(p.VLAN_master_of) || Number(p.VLAN) >= 0;

// ---------- network ----------
const networkCreate: Handler = (ctx, [record]) => {
  const { sim } = ctx;
  const r = (record ?? {}) as Rec;
  const inUse = new Set([...sim.db.table('network').values()].map((row) => String(row.rec.bridge)));
  let bridge = String(r.bridge ?? '');
  if (bridge === '') {
    let n = bridgeCounters.get(sim) ?? 0;
    while (inUse.has(`xapi${n}`)) n++;
    bridge = `xapi${n}`;
    bridgeCounters.set(sim, n + 1);
  } else {
    if (bridge.length > 15 || /^(xen|xapi|vif|tap|eth)/.test(bridge)) throw new XapiError('INVALID_VALUE', ['bridge', bridge]);
    if (inUse.has(bridge)) throw new XapiError('BRIDGE_NAME_EXISTS', [bridge]);
  }
  const mtu = Number(r.MTU ?? 1500);
  return sim.db.create('network', {
    name_label: String(r.name_label ?? ''), name_description: String(r.name_description ?? ''), MTU: mtu > 0 ? mtu : 1500,
    other_config: { ...((r.other_config ?? {}) as Rec) }, bridge, managed: r.managed !== false, tags: [...((r.tags ?? []) as string[])],
    purpose: [], default_locking_mode: 'unlocked', allowed_operations: [], current_operations: {}, blobs: {}, assigned_ips: {},
  });
};

function deleteVif(sim: Sim, vif: string): void {
  const v = sim.db.get('VIF', vif);
  if (!v) return;
  if (sim.db.get('VIF_metrics', String(v.metrics))) sim.db.delete('VIF_metrics', String(v.metrics));
  sim.db.delete('VIF', vif);
}

const networkDestroy: Handler = (ctx, [ref]) => {
  const { sim } = ctx;
  const n = rowOf(ctx, 'network', ref);
  const vifs = ((n.VIFs as string[]) ?? []).filter((v) => sim.db.get('VIF', v));
  const live = vifs.filter((v) => { const r = sim.db.get('VIF', v)!; return r.currently_attached === true || r.reserved === true; });
  if (live.length) throw new XapiError('NETWORK_CONTAINS_VIF', live);
  const pifs = ((n.PIFs as string[]) ?? []).filter((p) => sim.db.get('PIF', p));
  if (pifs.length) throw new XapiError('NETWORK_CONTAINS_PIF', pifs);
  if (((n.other_config ?? {}) as Rec).is_host_internal_management_network === 'true') throw new XapiError('CANNOT_DESTROY_SYSTEM_NETWORK', [String(ref)]);
  for (const v of vifs) deleteVif(sim, v);
  sim.db.delete('network', String(ref));
  return '';
};

const purpose = (add: boolean): Handler => (ctx, [ref, value]) => {
  const n = rowOf(ctx, 'network', ref);
  const cur = (n.purpose as string[]) ?? [];
  if (add && !cur.includes(String(value))) ctx.sim.db.update('network', String(ref), { purpose: [...cur, String(value)] });
  if (!add && cur.includes(String(value))) ctx.sim.db.update('network', String(ref), { purpose: cur.filter((p) => p !== value) });
  return '';
};

// ---------- VIF ----------
const vifCreate: Handler = (ctx, [record]) => {
  const { sim } = ctx;
  const r = (record ?? {}) as Rec;
  const vmRef = String(r.VM);
  const vm = sim.db.get('VM', vmRef);
  if (!vm) throw new XapiError('HANDLE_INVALID', ['VM', vmRef]);
  const network = String(r.network);
  const net = sim.db.get('network', network);
  if (!net) throw new XapiError('HANDLE_INVALID', ['network', network]);
  const device = String(r.device ?? '');
  if (!/^\d+$/.test(device)) throw new XapiError('INVALID_DEVICE', [device]);
  const clash = ((vm.VIFs as string[]) ?? []).some((v) => { const d = sim.db.get('VIF', v)?.device; return d !== undefined && Number(d) === Number(device); });
  if (clash) throw new XapiError('DEVICE_ALREADY_EXISTS', [device]);
  let mac = String(r.MAC ?? '');
  const auto = mac === '';
  if (auto) {
    const seed = String(((vm.other_config ?? {}) as Rec).mac_seed ?? '');
    mac = seed ? macFor(seed, Number(device)) : '';
  } else if (!MAC_RE.test(mac)) throw new XapiError('MAC_INVALID', [mac]);
  const metrics = sim.db.create('VIF_metrics', { io_read_kbs: 0, io_write_kbs: 0, last_updated: nowDatetime(), other_config: {} });
  const ref = sim.db.create('VIF', {
    device, network, VM: vmRef, MAC: mac.toLowerCase(), MAC_autogenerated: auto, MTU: Number(r.MTU ?? net.MTU ?? 1500),
    other_config: { ...((r.other_config ?? {}) as Rec) }, qos_algorithm_type: String(r.qos_algorithm_type ?? ''),
    qos_algorithm_params: { ...((r.qos_algorithm_params ?? {}) as Rec) }, currently_attached: vm.power_state === 'Suspended' && r.currently_attached === true,
    locking_mode: String(r.locking_mode ?? 'network_default'), ipv4_allowed: [...((r.ipv4_allowed ?? []) as string[])],
    ipv6_allowed: [...((r.ipv6_allowed ?? []) as string[])], metrics, reserved: false, current_operations: {}, status_code: 0, status_detail: '',
    runtime_properties: {}, ipv4_configuration_mode: 'None', ipv6_configuration_mode: 'None',
  });
  refreshVifAllowed(sim.db, ref);
  return ref;
};

function hvmWithoutDrivers(sim: Sim, vm: Rec): boolean {
  if (vm.domain_type !== 'hvm') return false;
  const pv = (sim.db.get('VM_guest_metrics', String(vm.guest_metrics))?.PV_drivers_version ?? {}) as Record<string, string>;
  return !(/^\d+$/.test(pv.major ?? '') && /^\d+$/.test(pv.minor ?? ''));
}

/** The host's PIF on `network`, or undefined; networks without PIFs are host-internal and attach anywhere. */
function assertHostCanAttach(sim: Sim, host: string, network: string): void {
  const net = sim.db.get('network', network);
  if (!net || ((net.PIFs as string[]) ?? []).length === 0 || isNullRef(host)) return;
  if (!pifsOf(sim, host).some(([, p]) => p.network === network)) throw new XapiError('HOST_CANNOT_ATTACH_NETWORK', [host, network]);
}

async function withVifOp(ctx: CallCtx, vif: string, op: string, fn: () => Promise<void>): Promise<void> {
  const { sim } = ctx;
  await withCurrentOp(sim.db, 'VIF', vif, ctx.task ?? `sync-${op}`, op, () => refreshVifAllowed(sim.db, vif), fn);
}

const vifPlugging = (plug: boolean): Handler => async (ctx, [ref]) => {
  const { sim } = ctx;
  const vif = String(ref);
  const v = rowOf(ctx, 'VIF', vif);
  const vmRef = String(v.VM);
  const vm = rowOf(ctx, 'VM', vmRef);
  if (vm.power_state !== 'Running') throw new XapiError('VM_BAD_POWER_STATE', [vmRef, 'running', String(vm.power_state).toLowerCase()]);
  if (plug && v.currently_attached === true) throw new XapiError('DEVICE_ALREADY_ATTACHED', [vif]);
  if (!plug && v.currently_attached !== true) throw new XapiError('DEVICE_ALREADY_DETACHED', [vif]);
  if (vm.is_control_domain === true) throw new XapiError('OPERATION_NOT_ALLOWED', ['Control domain does not support hotplug']);
  const net = sim.db.get('network', String(v.network));
  if (((net?.purpose as string[]) ?? []).includes('sriov') || ((net?.PIFs as string[]) ?? []).some((p) => ((sim.db.get('PIF', p)?.sriov_logical_PIF_of as string[]) ?? []).length)) {
    throw new XapiError('OPERATION_NOT_ALLOWED', ['Network SR-IOV VIF plug/unplug not allowed']);
  }
  const busy = Object.values((vm.current_operations ?? {}) as Record<string, string>).find((o) => ['clean_shutdown', 'hard_shutdown', 'suspend', 'pause'].includes(o));
  if (busy) throw new XapiError('OPERATION_NOT_ALLOWED', [`Current operation on VM:${vmRef} is ${busy}`]);
  if (hvmWithoutDrivers(sim, vm)) throw new XapiError('VM_MISSING_PV_DRIVERS', [vmRef]);
  if (plug) assertHostCanAttach(sim, String(vm.resident_on), String(v.network));
  await withVifOp(ctx, vif, plug ? 'plug' : 'unplug', () => sim.work(ctx, Math.round(sim.durationMs(ctx) / 4)));
  if (sim.db.get('VIF', vif)) sim.db.update('VIF', vif, { currently_attached: plug });
  refreshVifAllowed(sim.db, vif);
  return '';
};

const vifDestroy: Handler = (ctx, [ref]) => {
  const v = rowOf(ctx, 'VIF', ref);
  const vm = ctx.sim.db.get('VM', String(v.VM));
  const live = vm && (vm.power_state === 'Running' || vm.power_state === 'Paused');
  if (live && (v.currently_attached === true || v.reserved === true)) throw new XapiError('OPERATION_NOT_ALLOWED', ['VIF currently attached to a running VM']);
  deleteVif(ctx.sim, String(ref));
  return '';
};

const vifMove: Handler = async (ctx, [ref, network]) => {
  const { sim } = ctx;
  const v = rowOf(ctx, 'VIF', ref);
  rowOf(ctx, 'network', network);
  const vm = sim.db.get('VM', String(v.VM));
  const live = v.currently_attached === true && vm && (vm.power_state === 'Running' || vm.power_state === 'Paused');
  if (live) assertHostCanAttach(sim, String(vm.resident_on), String(network));
  await sim.work(ctx, Math.round(sim.durationMs(ctx) / 4));
  sim.db.update('VIF', String(ref), { network: String(network) });
  return '';
};

// ---------- VLAN ----------
function vlanCreate(sim: Sim, tagged: string, tag: number, network: string): { vlan: string; pif: string } {
  const t = sim.db.get('PIF', tagged);
  if (!t) throw new XapiError('HANDLE_INVALID', ['PIF', tagged]);
  assertManagedNetwork(sim, network);
  const host = String(t.host);
  assertNoLocalPif(sim, host, network);
  if (t.managed === false) throw new XapiError('PIF_UNMANAGED', [tagged]);
  if (!isNullRef(t.bond_slave_of)) throw new XapiError('CANNOT_ADD_VLAN_TO_BOND_SLAVE', [tagged]);
  if (isVlanMaster(t)) throw new XapiError('PIF_IS_VLAN', [tagged]);
  if (isTunnelAccess(t)) throw new XapiError('IS_TUNNEL_ACCESS_PIF', [tagged]);
  if (!Number.isInteger(tag) || tag < 0 || tag > 4094) throw new XapiError('VLAN_TAG_INVALID', [String(tag)]);
  if (pifsOf(sim, host).some(([, p]) => p.device === t.device && Number(p.VLAN) === tag)) throw new XapiError('PIF_VLAN_EXISTS', [String(t.device)]);
  const vlan = sim.db.create('VLAN', { tagged_PIF: tagged, untagged_PIF: NULL_REF, tag, other_config: {} });
  const pif = sim.db.create('PIF', {
    device: t.device, network, host, MAC: 'fe:ff:ff:ff:ff:ff', MTU: t.MTU, VLAN: tag, metrics: t.metrics, physical: false, management: false,
    ip_configuration_mode: 'None', IP: '', netmask: '', gateway: '', DNS: '', bond_slave_of: NULL_REF, VLAN_master_of: vlan,
    other_config: {}, disallow_unplug: false, managed: true, primary_address_type: 'IPv4', currently_attached: false, properties: {}, capabilities: [],
  });
  sim.db.update('VLAN', vlan, { untagged_PIF: pif });
  sim.db.update('PIF', pif, { currently_attached: true });
  return { vlan, pif };
}

/** Unplugs and deletes a VLAN's untagged PIF and the VLAN. */
function vlanDestroy(sim: Sim, vlan: string): void {
  const v = sim.db.get('VLAN', vlan);
  if (!v) throw new XapiError('HANDLE_INVALID', ['VLAN', vlan]);
  const pif = String(v.untagged_PIF);
  const p = sim.db.get('PIF', pif);
  if (p) {
    if (p.management === true) throw new XapiError('PIF_IS_MANAGEMENT_INTERFACE', [pif]);
    if (p.currently_attached === true) assertNoLiveVifs(sim, pif, p);
    if (isTunnelTransport(p)) throw new XapiError('PIF_TUNNEL_STILL_EXISTS', [pif]);
    sim.db.delete('PIF', pif);
  }
  sim.db.delete('VLAN', vlan);
}
const isTunnelTransport = (p: Rec) => ((p.tunnel_transport_PIF_of as string[]) ?? []).length > 0;

// ---------- PIF ----------
function assertNoLiveVifs(sim: Sim, pif: string, p: Rec): void {
  const network = String(p.network);
  for (const v of (sim.db.get('network', network)?.VIFs as string[]) ?? []) {
    const vif = sim.db.get('VIF', v);
    const vm = vif && sim.db.get('VM', String(vif.VM));
    if (vif && vm && (vif.currently_attached === true || vif.reserved === true) && vm.resident_on === p.host && (vm.power_state === 'Running' || vm.power_state === 'Paused')) {
      throw new XapiError('VIF_IN_USE', [network, v]);
    }
  }
  void pif;
}

function pifUnplugEffect(sim: Sim, pif: string): void {
  const p = sim.db.get('PIF', pif)!;
  for (const t of (p.tunnel_transport_PIF_of as string[]) ?? []) {
    const access = sim.db.get('tunnel', t)?.access_PIF;
    if (access && sim.db.get('PIF', String(access))) sim.db.update('PIF', String(access), { currently_attached: false });
  }
  sim.db.update('PIF', pif, { currently_attached: false });
}

const pifPlug: Handler = async (ctx, [ref]) => {
  const { sim } = ctx;
  const pif = String(ref);
  const p = rowOf(ctx, 'PIF', pif);
  if (!isNullRef(p.bond_slave_of)) throw new XapiError('CANNOT_PLUG_BOND_SLAVE', [pif]);
  const tunnel = ((p.tunnel_access_PIF_of as string[]) ?? [])[0];
  let transport: string | undefined;
  if (tunnel) {
    transport = String(sim.db.get('tunnel', tunnel)?.transport_PIF);
    const tr = sim.db.get('PIF', transport);
    if (!tr || tr.ip_configuration_mode === 'None') throw new XapiError('TRANSPORT_PIF_NOT_CONFIGURED', [transport]);
  }
  if (p.currently_attached === true) return '';
  await sim.work(ctx, Math.round(sim.durationMs(ctx) / 4));
  if (transport) sim.db.update('PIF', transport, { currently_attached: true });
  for (const b of (p.bond_master_of as string[]) ?? []) for (const m of (sim.db.get('Bond', b)?.slaves as string[]) ?? []) sim.db.update('PIF', m, { currently_attached: false });
  sim.db.update('PIF', pif, { currently_attached: true });
  return '';
};

const pifUnplug: Handler = async (ctx, [ref]) => {
  const { sim } = ctx;
  const pif = String(ref);
  const p = rowOf(ctx, 'PIF', pif);
  if (p.managed === false) throw new XapiError('PIF_UNMANAGED', [pif]);
  const pool = [...sim.db.table('pool').values()][0]?.rec;
  if (pool?.ha_enabled === true) throw new XapiError('HA_IS_ENABLED', []);
  if (p.management === true) throw new XapiError('PIF_IS_MANAGEMENT_INTERFACE', [pif]);
  assertNoLiveVifs(sim, pif, p);
  if (p.disallow_unplug === true) throw new XapiError('PIF_DOES_NOT_ALLOW_UNPLUG', [pif]);
  if (p.currently_attached !== true) return '';
  await sim.work(ctx, Math.round(sim.durationMs(ctx) / 4));
  pifUnplugEffect(sim, pif);
  return '';
};

const pifDestroy: Handler = async (ctx, [ref]) => {
  const { sim } = ctx;
  const p = rowOf(ctx, 'PIF', ref);
  if (p.physical === true) throw new XapiError('PIF_IS_PHYSICAL', []);
  if (isNullRef(p.VLAN_master_of) || !sim.db.get('VLAN', String(p.VLAN_master_of))) {
    throw new XapiError('OPERATION_NOT_ALLOWED', ['Only VLAN PIFs can be destroyed: destroy the Bond or tunnel instead']);
  }
  await sim.work(ctx, Math.round(sim.durationMs(ctx) / 4));
  vlanDestroy(sim, String(p.VLAN_master_of));
  return '';
};

function dnsMerge(old: string, given: string): string {
  const kept = old.split(',').map((s) => s.trim()).filter((s) => s.includes(':'));
  const v4 = given.split(',').map((s) => s.trim()).filter((s) => isIpv4(s));
  return [...v4, ...kept].join(',');
}

const reconfigureIp: Handler = async (ctx, [ref, mode, IP, netmask, gateway, DNS]) => {
  const { sim } = ctx;
  const pif = String(ref);
  const p = rowOf(ctx, 'PIF', pif);
  if (p.managed === false) throw new XapiError('PIF_UNMANAGED', [pif]);
  const m = String(mode);
  if (p.management === true && m === 'None') throw new XapiError('PIF_IS_MANAGEMENT_INTERFACE', [pif]);
  const ip = String(IP ?? ''), mask = String(netmask ?? ''), gw = String(gateway ?? '');
  if ((m === 'Static' || ip !== '') && !isIpv4(ip)) throw new XapiError('INVALID_IP_ADDRESS_SPECIFIED', ['IP']);
  if ((m === 'Static' || mask !== '') && !isIpv4(mask)) throw new XapiError('INVALID_IP_ADDRESS_SPECIFIED', ['netmask']);
  if (gw !== '' && !isIpv4(gw)) throw new XapiError('INVALID_IP_ADDRESS_SPECIFIED', ['gateway']);
  const pool = [...sim.db.table('pool').values()][0]?.rec;
  if (pool?.ha_enabled === true && p.currently_attached === true && !(m === 'Static' && p.ip_configuration_mode === 'Static' && ip === p.IP && mask === p.netmask && gw === p.gateway)) {
    throw new XapiError('HA_IS_ENABLED', []);
  }
  await sim.work(ctx, Math.round(sim.durationMs(ctx) / 4));
  const dns = dnsMerge(String(p.DNS ?? ''), String(DNS ?? ''));
  let patch: Rec;
  if (m === 'Static') patch = { IP: ip, netmask: mask, gateway: gw, DNS: dns };
  else if (m === 'DHCP') {
    // The DHCP lease (deterministic per PIF) shows once the interface is up.
    const h = [...String(p.uuid)].reduce((n, c) => (n * 33 + c.charCodeAt(0)) >>> 0, 5381);
    patch = p.currently_attached === true
      ? { IP: `192.168.${(h >> 8) & 0xff}.${(h & 0xfd) + 2}`, netmask: '255.255.255.0', gateway: `192.168.${(h >> 8) & 0xff}.1`, DNS: dns || `192.168.${(h >> 8) & 0xff}.1` }
      : { IP: '', netmask: '', gateway: '', DNS: dns };
  } else patch = { IP: '', netmask: '', gateway: '', DNS: dns };
  sim.db.update('PIF', pif, { ip_configuration_mode: m, ...patch });
  return '';
};

const createVlanPif: Handler = async (ctx, [device, network, host, tag]) => {
  const { sim } = ctx;
  rowOf(ctx, 'host', host);
  rowOf(ctx, 'network', network);
  const base = pifsOf(sim, String(host)).find(([, p]) => p.device === device && Number(p.VLAN) === -1);
  if (!base) throw new XapiError('INVALID_VALUE', ['device', String(device)]);
  await sim.work(ctx, Math.round(sim.durationMs(ctx) / 4));
  return vlanCreate(sim, base[0], Number(tag), String(network)).pif;
};

/** pool.create_VLAN_from_PIF / pool.create_VLAN: one VLAN per live host with a matching base PIF. */
function poolVlans(sim: Sim, bases: string[], network: string, tag: number): string[] {
  const made: { vlan: string; pif: string }[] = [];
  try {
    for (const b of bases) made.push(vlanCreate(sim, b, tag, network));
  } catch (e) {
    for (const m of made) { sim.db.delete('PIF', m.pif); sim.db.delete('VLAN', m.vlan); }
    throw e;
  }
  return made.map((m) => m.pif);
}
const liveHost = (sim: Sim, h: string) => sim.db.get('host_metrics', String(sim.db.get('host', h)?.metrics))?.live !== false;

// ---------- Bond ----------
const LACP_DEFAULTS: Rec = { hashing_algorithm: 'tcpudp_ports', 'lacp-time': 'slow', 'lacp-fallback-ab': 'true' };
function bondProperties(mode: string, given: Rec): Rec {
  if (mode !== 'lacp') return {};
  const out: Rec = { ...LACP_DEFAULTS };
  for (const [k, v] of Object.entries(given)) {
    const s = String(v);
    const okv = k === 'hashing_algorithm' ? ['src_mac', 'tcpudp_ports'].includes(s)
      : k === 'lacp-time' ? ['fast', 'slow'].includes(s)
        : k === 'lacp-fallback-ab' ? ['true', 'false'].includes(s)
          : k === 'lacp-aggregation-key' ? /^\d+$/.test(s) : null;
    if (okv === null) continue;
    if (!okv) throw new XapiError('INVALID_VALUE', [k, s]);
    out[k] = s;
  }
  return out;
}
const IP_FIELDS = ['ip_configuration_mode', 'IP', 'netmask', 'gateway', 'DNS', 'ipv6_configuration_mode', 'IPv6', 'ipv6_gateway', 'primary_address_type'];
const NO_IP: Rec = { ip_configuration_mode: 'None', IP: '', netmask: '', gateway: '', DNS: '', ipv6_configuration_mode: 'None', IPv6: [], ipv6_gateway: '' };

/** VIFs of VMs resident on `host` whose network is in `from` move to `to`. */
function moveLocalVifs(sim: Sim, host: string, from: Set<string>, to: string): void {
  for (const [vif, row] of [...sim.db.table('VIF')]) {
    if (!from.has(String(row.rec.network))) continue;
    if (sim.db.get('VM', String(row.rec.VM))?.resident_on !== host) continue;
    sim.db.update('VIF', vif, { network: to });
  }
}

const bondCreate: Handler = async (ctx, [network, members, MAC, mode, properties]) => {
  const { sim } = ctx;
  const list = [...new Set((members ?? []) as string[])];
  if (list.length === 0) throw new XapiError('PIF_BOND_NEEDS_MORE_MEMBERS', []);
  const recs = list.map((m) => rowOf(ctx, 'PIF', m));
  const net = String(network);
  assertManagedNetwork(sim, net);
  const host = String(recs[0].host);
  if (recs.some((r) => r.host !== host)) throw new XapiError('PIF_CANNOT_BOND_CROSS_HOST', []);
  assertNoLocalPif(sim, host, net);
  list.forEach((m, i) => {
    const r = recs[i];
    if (r.managed === false) throw new XapiError('PIF_UNMANAGED', [m]);
    if (!isNullRef(r.bond_slave_of) || ((r.bond_master_of as string[]) ?? []).length) throw new XapiError('PIF_ALREADY_BONDED', [m]);
    if (isVlanMaster(r)) throw new XapiError('PIF_IS_VLAN', [m]);
    if (isTunnelAccess(r)) throw new XapiError('IS_TUNNEL_ACCESS_PIF', [m]);
  });
  const pool = [...sim.db.table('pool').values()][0]?.rec;
  if (pool?.ha_enabled === true && recs.some((r) => r.management === true)) throw new XapiError('HA_CANNOT_CHANGE_BOND_STATUS_OF_MGMT_IFACE', []);
  const props = JSON.stringify(Object.entries((recs[0].properties ?? {}) as Rec).sort());
  if (recs.some((r) => JSON.stringify(Object.entries((r.properties ?? {}) as Rec).sort()) !== props)) throw new XapiError('INCOMPATIBLE_PIF_PROPERTIES', []);
  if (recs.filter((r) => r.ip_configuration_mode !== 'None' && r.ip_configuration_mode !== undefined).length > 1) throw new XapiError('PIF_BOND_MORE_THAN_ONE_IP', []);
  if (new Set(recs.map((r) => String(r.primary_address_type ?? 'IPv4'))).size > 1) throw new XapiError('INCOMPATIBLE_PIF_PROPERTIES', []);
  const mac = String(MAC ?? '');
  if (mac !== '' && !MAC_RE.test(mac)) throw new XapiError('MAC_INVALID', [mac]);
  const bondMode = String(mode || 'balance-slb');
  const bondProps = bondProperties(bondMode, (properties ?? {}) as Rec);
  let primaryIdx = recs.findIndex((r) => r.management === true);
  if (primaryIdx < 0) primaryIdx = recs.findIndex((r) => r.ip_configuration_mode !== 'None');
  if (primaryIdx < 0) primaryIdx = 0;
  const primary = list[primaryIdx], pr = structuredClone(recs[primaryIdx]);
  await sim.work(ctx, Math.round(sim.durationMs(ctx) / 5), 0, 0.2);
  const netRec = sim.db.get('network', net)!;
  const metrics = sim.db.create('PIF_metrics', { carrier: true, speed: Number(sim.db.get('PIF_metrics', String(pr.metrics))?.speed ?? 0), duplex: true, last_updated: nowDatetime() });
  const master = sim.db.create('PIF', {
    device: nextDevice(sim, host, 'bond'), network: net, host, MAC: mac || pr.MAC, MTU: Number(netRec.MTU ?? 1500), VLAN: -1, metrics,
    physical: false, currently_attached: false, management: false, other_config: {}, managed: true, properties: {}, capabilities: [],
    disallow_unplug: recs.some((r) => r.disallow_unplug === true), bond_slave_of: NULL_REF, VLAN_master_of: NULL_REF,
    ...Object.fromEntries(IP_FIELDS.map((f) => [f, structuredClone(pr[f])])),
  });
  const bond = sim.db.create('Bond', { master, primary_slave: primary, mode: bondMode, properties: bondProps, links_up: 0, other_config: {}, auto_update_mac: mac === '' });
  await sim.work(ctx, Math.round(sim.durationMs(ctx) / 5), 0.2, 0.6);
  const memberNetworks = new Set(recs.map((r) => String(r.network)));
  for (const m of list) sim.db.update('PIF', m, { bond_slave_of: bond, currently_attached: false, ...(m === primary ? { ...NO_IP, management: false } : {}) });
  if (pr.management === true) sim.db.update('PIF', master, { management: true });
  for (const m of list) {
    for (const v of [...((sim.db.get('PIF', m)!.VLAN_slave_of as string[]) ?? [])]) sim.db.update('VLAN', v, { tagged_PIF: master });
    for (const t of [...((sim.db.get('PIF', m)!.tunnel_transport_PIF_of as string[]) ?? [])]) sim.db.update('tunnel', t, { transport_PIF: master });
  }
  moveLocalVifs(sim, host, memberNetworks, net);
  sim.db.update('PIF', master, { currently_attached: true });
  await sim.work(ctx, Math.round(sim.durationMs(ctx) / 5), 0.6, 0.99);
  return bond;
};

const bondDestroy: Handler = async (ctx, [ref]) => {
  const { sim } = ctx;
  const bond = String(ref);
  const b = rowOf(ctx, 'Bond', bond);
  const master = String(b.master);
  const m = sim.db.get('PIF', master);
  const pool = [...sim.db.table('pool').values()][0]?.rec;
  if (pool?.ha_enabled === true && m?.management === true) throw new XapiError('HA_CANNOT_CHANGE_BOND_STATUS_OF_MGMT_IFACE', []);
  const slaves = ((b.slaves as string[]) ?? []).filter((s) => sim.db.get('PIF', s));
  const primary = sim.db.get('PIF', String(b.primary_slave)) ? String(b.primary_slave) : slaves[0];
  await sim.work(ctx, Math.round(sim.durationMs(ctx) / 2));
  if (m && primary) {
    sim.db.update('PIF', primary, { ...Object.fromEntries(IP_FIELDS.map((f) => [f, structuredClone(m[f])])), management: m.management === true, disallow_unplug: m.disallow_unplug === true });
    for (const v of [...((m.VLAN_slave_of as string[]) ?? [])]) sim.db.update('VLAN', v, { tagged_PIF: primary });
    for (const t of [...((m.tunnel_transport_PIF_of as string[]) ?? [])]) sim.db.update('tunnel', t, { transport_PIF: primary });
    moveLocalVifs(sim, String(m.host), new Set([String(m.network)]), String(sim.db.get('PIF', primary)!.network));
  }
  for (const s of slaves) sim.db.update('PIF', s, { bond_slave_of: NULL_REF, currently_attached: true });
  sim.db.delete('Bond', bond);
  if (m) {
    if (sim.db.get('PIF_metrics', String(m.metrics))) sim.db.delete('PIF_metrics', String(m.metrics));
    sim.db.delete('PIF', master);
  }
  return '';
};

// ---------- tunnel ----------
const tunnelCreate: Handler = async (ctx, [transport, network, protocol]) => {
  const { sim } = ctx;
  const tp = String(transport);
  const t = rowOf(ctx, 'PIF', tp);
  const net = String(network);
  assertManagedNetwork(sim, net);
  const host = String(t.host);
  assertNoLocalPif(sim, host, net);
  const notOvs = [...sim.db.table('host').values()].some((row) => { const b = ((row.rec.software_version ?? {}) as Rec).network_backend; return b !== undefined && b !== 'openvswitch'; });
  if (notOvs) throw new XapiError('OPENVSWITCH_NOT_ACTIVE', []);
  if (isTunnelAccess(t)) throw new XapiError('IS_TUNNEL_ACCESS_PIF', [tp]);
  if (!isNullRef(t.bond_slave_of)) throw new XapiError('CANNOT_ADD_TUNNEL_TO_BOND_SLAVE', [tp]);
  if (t.ip_configuration_mode === 'None') throw new XapiError('TRANSPORT_PIF_NOT_CONFIGURED', [tp]);
  await sim.work(ctx, Math.round(sim.durationMs(ctx) / 4));
  const access = sim.db.create('PIF', {
    device: nextDevice(sim, host, 'tunnel'), network: net, host, MAC: randomMac(), MTU: -1, VLAN: -1, metrics: t.metrics, physical: false,
    currently_attached: false, management: false, ip_configuration_mode: 'None', IP: '', netmask: '', gateway: '', DNS: '', other_config: {},
    managed: true, bond_slave_of: NULL_REF, VLAN_master_of: NULL_REF, properties: {}, capabilities: [], primary_address_type: 'IPv4',
  });
  const tunnel = sim.db.create('tunnel', { access_PIF: access, transport_PIF: tp, status: { active: 'false' }, other_config: {}, protocol: String(protocol || 'gre') });
  sim.db.update('PIF', tp, { currently_attached: true });
  sim.db.update('PIF', access, { currently_attached: true });
  return tunnel;
};

const tunnelDestroy: Handler = async (ctx, [ref]) => {
  const { sim } = ctx;
  const t = rowOf(ctx, 'tunnel', ref);
  await sim.work(ctx, Math.round(sim.durationMs(ctx) / 4));
  const access = String(t.access_PIF);
  sim.db.delete('tunnel', String(ref));
  if (sim.db.get('PIF', access)) sim.db.delete('PIF', access);
  return '';
};

/** VM.get_allowed_VIF_devices: the VIF device numbers 0..6 the VM does not use (xapi_vm_helpers.ml). */
const allowedVifDevices: Handler = (ctx, [vm]) => {
  const used = new Set(((rowOf(ctx, 'VM', vm).VIFs as string[]) ?? []).map((v) => String(ctx.sim.db.get('VIF', v)?.device ?? '')));
  return ['0', '1', '2', '3', '4', '5', '6'].filter((d) => !used.has(d));
};

const networkHandlers: Record<string, Handler> = {
  'VM.get_allowed_VIF_devices': allowedVifDevices,
  'network.create': networkCreate,
  'network.destroy': networkDestroy,
  'network.add_purpose': purpose(true),
  'network.remove_purpose': purpose(false),
  'VIF.create': vifCreate,
  'VIF.destroy': vifDestroy,
  'VIF.plug': vifPlugging(true),
  'VIF.unplug': vifPlugging(false),
  'VIF.unplug_force': vifPlugging(false),
  'VIF.move': vifMove,
  'PIF.create_VLAN': createVlanPif,
  'PIF.destroy': pifDestroy,
  'PIF.reconfigure_ip': reconfigureIp,
  'PIF.plug': pifPlug,
  'PIF.unplug': pifUnplug,
  'VLAN.create': async (ctx, [tagged, tag, network]) => {
    rowOf(ctx, 'PIF', tagged);
    await ctx.sim.work(ctx, Math.round(ctx.sim.durationMs(ctx) / 4));
    return vlanCreate(ctx.sim, String(tagged), Number(tag), String(network)).vlan;
  },
  'VLAN.destroy': async (ctx, [ref]) => {
    rowOf(ctx, 'VLAN', ref);
    await ctx.sim.work(ctx, Math.round(ctx.sim.durationMs(ctx) / 4));
    vlanDestroy(ctx.sim, String(ref));
    return '';
  },
  'pool.create_VLAN_from_PIF': async (ctx, [pif, network, tag]) => {
    const { sim } = ctx;
    const p = rowOf(ctx, 'PIF', pif);
    rowOf(ctx, 'network', network);
    const bases = [...sim.db.table('PIF').entries()].filter(([, row]) => row.rec.network === p.network && liveHost(sim, String(row.rec.host))).map(([r]) => r);
    await sim.work(ctx, Math.round(sim.durationMs(ctx) / 4));
    return poolVlans(sim, bases, String(network), Number(tag));
  },
  'pool.create_VLAN': async (ctx, [device, network, tag]) => {
    const { sim } = ctx;
    rowOf(ctx, 'network', network);
    const bases = [...sim.db.table('PIF').entries()].filter(([, row]) => row.rec.device === device && Number(row.rec.VLAN) === -1 && liveHost(sim, String(row.rec.host))).map(([r]) => r);
    await sim.work(ctx, Math.round(sim.durationMs(ctx) / 4));
    return poolVlans(sim, bases, String(network), Number(tag));
  },
  'Bond.create': bondCreate,
  'Bond.destroy': bondDestroy,
  'Bond.set_mode': (ctx, [ref, value]) => {
    rowOf(ctx, 'Bond', ref);
    ctx.sim.db.update('Bond', String(ref), { mode: String(value), properties: bondProperties(String(value), {}) });
    return '';
  },
  'Bond.set_property': (ctx, [ref, name, value]) => {
    const b = rowOf(ctx, 'Bond', ref);
    const merged = bondProperties(String(b.mode), { ...((b.properties ?? {}) as Rec), [String(name)]: value });
    if (!(String(name) in merged)) throw new XapiError('INVALID_VALUE', [String(name), String(value)]);
    ctx.sim.db.update('Bond', String(ref), { properties: merged });
    return '';
  },
  'tunnel.create': tunnelCreate,
  'tunnel.destroy': tunnelDestroy,
};

/** Every operation above runs inside a task when called synchronously, but these quick calls. */
export const networkMethods: MethodModule = operations(networkHandlers, [
  'VM.get_allowed_VIF_devices',
  'Bond.set_mode',
  'Bond.set_property',
]);
