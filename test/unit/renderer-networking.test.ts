// The Networking and NICs tabs' pure reads: guest IP addresses, MAC and VLAN checks, the rows and
// which actions are enabled; and main's check of network.change requests.
import { describe, expect, it } from 'vitest';
import { validateRequest } from '../../shared/ipc/validate';
import { macsInUse } from '../../renderer/src/xapi-model/mac';
import { canAddVif, canRemoveVif, guestIps, macProblem, networkRows, nicRows, vifRows, vlanBases, vlanProblem } from '../../renderer/src/features/networking/model';
import { createAppStore } from '../../renderer/src/state/store';
import { add, conn } from '../support/store-fixtures';

type Rec = Record<string, unknown>;
const R = (s: string) => `OpaqueRef:${s}`;

function store(vm: Rec, vifs: Rec[], extra: Array<[string, string, Rec]> = []) {
  const s = createAppStore();
  s.getState().applySnapshot({
    connections: [conn('c1')],
    deltas: [{ connectionId: 'c1', reset: true, changes: [
      add('vm', R('vm'), { name_label: 'web', power_state: 'Halted', VIFs: vifs.map((_, i) => R(`vif${i}`)), guest_metrics: R('gm'), ...vm }),
      add('vm_guest_metrics', R('gm'), { networks: { '0/ip': '10.0.0.5', '0/ipv4/0': '10.0.0.5', '0/ipv6/1': 'fe80::2', '0/ipv6/0': '2001:db8::1', '1/ipv4/0': '10.1.0.9' } }),
      add('network', R('n0'), { name_label: 'LAN', PIFs: [R('p0'), R('p1')], MTU: 1500, other_config: {} }),
      add('network', R('nv'), { name_label: 'VLAN 7', PIFs: [R('pv')], MTU: 1500, other_config: { automatic: 'false' } }),
      add('network', R('ni'), { name_label: 'Host internal management network', PIFs: [], other_config: { is_host_internal_management_network: 'true' } }),
      add('network', R('np'), { name_label: 'Private', PIFs: [], MTU: 1500, other_config: {} }),
      add('host', R('h1'), { name_label: 'h1', PIFs: [R('p0'), R('pv')] }),
      add('host', R('h2'), { name_label: 'h2', PIFs: [R('p1')] }),
      add('pif', R('p0'), { host: R('h1'), device: 'eth0', MAC: '00:16:3e:00:00:01', physical: true, VLAN: -1, network: R('n0'), metrics: R('m0'), currently_attached: true, management: true, bond_master_of: [], bond_slave_of: 'OpaqueRef:NULL' }),
      add('pif', R('pv'), { host: R('h1'), device: 'eth0', MAC: 'fe:ff:ff:ff:ff:ff', physical: false, VLAN: 7, network: R('nv'), metrics: R('m0'), currently_attached: true, bond_master_of: [] }),
      add('pif', R('p1'), { host: R('h2'), device: 'eth0', physical: true, VLAN: -1, network: R('n0'), metrics: R('m1'), currently_attached: true, management: true, bond_master_of: [] }),
      add('pif_metrics', R('m0'), { carrier: true, speed: 1000, duplex: true, vendor_name: 'Intel' }),
      add('pif_metrics', R('m1'), { carrier: false, speed: 0, duplex: false, vendor_name: '' }),
      ...vifs.map((v, i) => add('vif', R(`vif${i}`), { device: String(i), MAC: `02:00:00:00:00:0${i}`, network: R('n0'), currently_attached: false, allowed_operations: [], ...v })),
      ...extra.map(([cls, ref, rec]) => add(cls, R(ref), rec)),
    ] }],
  });
  return s.getState();
}

describe('guest IP addresses', () => {
  const nets = { '0/ip': '10.0.0.5', '0/ipv4/1': '10.0.0.6', '0/ipv4/0': '10.0.0.5', '0/ipv6/1': 'fe80::2', '0/ipv6/0': '2001:db8::1', '10/ipv4/0': '10.9.9.9' };
  it('lists the legacy ip, then IPv4 and IPv6 in index order, once each, for that device only', () => {
    expect(guestIps(nets, '0')).toEqual(['10.0.0.5', '10.0.0.6', '2001:db8::1', 'fe80::2']);
    expect(guestIps(nets, '1')).toEqual([]);
    expect(guestIps(nets, '10')).toEqual(['10.9.9.9']);
    expect(guestIps(undefined, '0')).toEqual([]);
  });
});

describe('MAC and VLAN checks', () => {
  it('accepts six hex pairs of a unicast address, either case', () => {
    expect(macProblem('02:AB:cd:00:00:2a')).toBe('');
    expect(macProblem('02:ab:cd:00:00')).toMatch(/six pairs/);
    expect(macProblem('02-ab-cd-00-00-2a')).toMatch(/six pairs/);
    expect(macProblem('03:00:00:00:00:01')).toMatch(/multicast/);
    expect(macProblem('')).toMatch(/Type a MAC/);
  });
  it('refuses broadcast, all zeros, and a MAC another real VM\'s interface has', () => {
    expect(macProblem('FF:FF:FF:FF:FF:FF')).toMatch(/broadcast/);
    expect(macProblem('00:00:00:00:00:00')).toMatch(/all-zero/);
    expect(macProblem('02:00:00:00:00:01', new Map([['02:00:00:00:00:01', 'db-01']]))).toBe("This MAC address is already used by 'db-01'.");
    const s = store({}, [{ VM: R('vm') }, { VM: R('vm') }]);
    const inUse = macsInUse(s, 'c1');
    expect(macProblem('02:00:00:00:00:01', inUse)).toMatch(/already used by 'web'/);
  });
  it('takes VLAN 0..4094 not already on the NIC', () => {
    expect(vlanProblem('42', [7])).toBe('');
    expect(vlanProblem('7', [7])).toMatch(/already in use/);
    expect(vlanProblem('4095', [])).toMatch(/0 to 4094/);
    expect(vlanProblem('x', [])).toMatch(/0 to 4094/);
  });
});

describe('rows and enablement', () => {
  it("lists a running VM's interfaces with their addresses; removal of an attached one needs unplug", () => {
    const s = store({ power_state: 'Running' }, [{ currently_attached: true, allowed_operations: ['attach'] }, { currently_attached: true, allowed_operations: ['attach', 'unplug'] }]);
    const rows = vifRows(s, 'c1', R('vm'));
    expect(rows.map((r) => [r.device, r.network, r.ips, r.attached, r.canRemove])).toEqual([
      ['0', 'LAN', ['10.0.0.5', '2001:db8::1', 'fe80::2'], true, false],
      ['1', 'LAN', ['10.1.0.9'], true, true],
    ]);
  });
  it('halted: no addresses, everything editable; suspended: nothing; templates get no Add', () => {
    expect(vifRows(store({}, [{}]), 'c1', R('vm'))[0]).toMatchObject({ ips: [], canEdit: true, canRemove: true });
    expect(canAddVif(store({}, []), 'c1', R('vm'))).toBe(true);
    expect(canAddVif(store({ power_state: 'Suspended' }, []), 'c1', R('vm'))).toBe(false);
    expect(canAddVif(store({ is_a_template: true }, []), 'c1', R('vm'))).toBe(false);
    expect(canRemoveVif({ currently_attached: false }, { power_state: 'Paused' })).toBe(false);
  });
  it("reads a host's NICs with PIF_metrics", () => {
    const s = store({}, []);
    expect(nicRows(s, 'c1', R('h1'))).toEqual([{ ref: R('p0'), nic: 'NIC 0', device: 'eth0', mac: '00:16:3e:00:00:01', link: 'Connected', speed: '1000 Mbit/s', duplex: 'Full', vendor: 'Intel' }]);
    expect(nicRows(s, 'c1', R('h2'))[0]).toMatchObject({ link: 'Disconnected', speed: '—', duplex: '—' });
  });
  it('lists networks without hidden ones; only VLAN and private networks can be removed', () => {
    const s = store({}, []);
    expect(networkRows(s, 'c1').map((r) => [r.name, r.nic, r.vlan, r.auto, r.servers, r.canRemove])).toEqual([
      ['LAN', 'NIC 0', '—', true, 2, false], ['Private', 'None (private)', '—', true, 0, true], ['VLAN 7', 'NIC 0', '7', false, 1, true],
    ]);
    expect(networkRows(s, 'c1', R('h2')).map((r) => [r.name, r.link])).toEqual([['LAN', 'Disconnected'], ['Private', '—']]);
    expect(vlanBases(s, 'c1', R('h1'))).toEqual([{ ref: R('p0'), nic: 'NIC 0', network: 'LAN', usedTags: [7] }]);
  });
});

describe('network.change requests', () => {
  const ok = (o: Rec) => validateRequest('network.change', { connectionId: 'c1', ...o }).args;
  it('accepts the four kinds and refuses bad MACs, tags, refs and extra keys', () => {
    expect(ok({ kind: 'addVif', vmRef: R('vm'), networkRef: R('n'), mac: '' })).toMatchObject({ kind: 'addVif', mac: '' });
    expect(ok({ kind: 'removeVif', vifRef: R('v') })).toMatchObject({ kind: 'removeVif' });
    expect(ok({ kind: 'addVlan', pifRef: R('p'), vlan: 42, name: 'v', description: '', mtu: 1500 })).toMatchObject({ vlan: 42 });
    expect(ok({ kind: 'removeNetwork', networkRef: R('n') })).toMatchObject({ kind: 'removeNetwork' });
    expect(() => ok({ kind: 'addVif', vmRef: R('vm'), networkRef: R('n'), mac: 'zz' })).toThrow(/mac/);
    expect(() => ok({ kind: 'addVif', vmRef: R('vm'), networkRef: R('n'), mac: '33:33:00:00:00:01' })).toThrow(/multicast/);
    expect(() => ok({ kind: 'addVif', vmRef: R('vm'), networkRef: R('n'), mac: '00:00:00:00:00:00' })).toThrow(/all-zero/);
    expect(() => ok({ kind: 'addVlan', pifRef: R('p'), vlan: 4095, name: 'v', description: '', mtu: 1500 })).toThrow(/vlan/);
    expect(() => ok({ kind: 'removeVif', vifRef: 'nope' })).toThrow(/OpaqueRef/);
    expect(() => ok({ kind: 'removeVif', vifRef: R('v'), extra: 1 })).toThrow(/unexpected/);
    expect(() => ok({ kind: 'destroyAll' })).toThrow(/kind/);
  });
});
