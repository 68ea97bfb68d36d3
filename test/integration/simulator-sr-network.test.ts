// SR/PBD and networking operations over JSON-RPC (SEMANTICS.md 7, 8.6, 9.3-9.8): the effect of each
// operation on every related record (both sides of each ref/set pair), allowed_operations, and at
// least one failing precondition per family with its exact error code and parameters.
// The reference-walk cases of the same family are in reference/cases/sr-network.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../simulator/index';
import { rpcReply as rpc, errArray, ok } from '../support/xapi-rpc';
import { macFromSeed } from '../support/mac-reference';

type Rec = Record<string, unknown>;
const GiB = 1024 ** 3;
const NULL = 'OpaqueRef:NULL';

const mac = macFromSeed;

describe('simulator SR, PBD and networking operations', () => {
  let sim: Simulator;
  let s: string;
  const call = <T = unknown>(m: string, ...p: unknown[]) => rpc(sim.url, m, [s, ...p]).then((r) => ok<T>(r));
  const fail = (m: string, ...p: unknown[]) => rpc(sim.url, m, [s, ...p]).then(errArray);
  const rec = (cls: string, ref: string) => { const r = sim.records(cls).get(ref); if (!r) throw new Error(`${cls} ${ref} missing`); return r; };
  const has = (cls: string, ref: string) => sim.records(cls).has(ref);
  const find = (cls: string, pred: (r: Rec) => boolean) => { const hit = [...sim.records(cls)].find(([, r]) => pred(r)); if (!hit) throw new Error(`no ${cls}`); return hit[0]; };
  const hosts = () => { const m = String([...sim.records('pool').values()][0].master); return [m, ...[...sim.records('host').keys()].filter((h) => h !== m)]; };
  const pifOf = (host: string, device: string) => find('PIF', (r) => r.host === host && r.device === device && r.VLAN === -1);
  const newNet = (name: string) => call<string>('network.create', { name_label: name, name_description: '', MTU: 1500, other_config: {}, bridge: '', tags: [] });

  beforeAll(async () => {
    // A task lasts long enough that the check 5 ms after Async.SR.scan still sees it running on a loaded machine.
    sim = await startSimulator({ taskDurationMs: 400, hosts: 3, vms: 20 });
    s = ok<string>(await rpc(sim.url, 'session.login_with_password', ['root', 'xenroot']));
  });
  afterAll(async () => { await sim.close(); });

  describe('SR and PBD', () => {
    it('SR.create of a local ext SR: one PBD on the given host, plugged, sizes filled in, allowed_operations', async () => {
      const h = hosts()[1];
      const sr = await call<string>('SR.create', h, { device: '/dev/sdc' }, 100 * GiB, 'second disk', 'd', 'EXT', 'user', false, {});
      const r = rec('SR', sr);
      expect(r).toMatchObject({ type: 'ext', shared: false, physical_size: 100 * GiB, physical_utilisation: 0, virtual_allocation: 0, other_config: {}, tags: [], clustered: false, is_tools_sr: false });
      expect(r.PBDs).toHaveLength(1);
      const pbd = rec('PBD', (r.PBDs as string[])[0]);
      expect(pbd).toMatchObject({ host: h, SR: sr, currently_attached: true, device_config: { device: '/dev/sdc' } });
      expect(rec('host', h).PBDs).toContain((r.PBDs as string[])[0]);
      expect(new Set(r.allowed_operations as string[])).toEqual(new Set(['scan', 'plug', 'unplug', 'update', 'vdi_create', 'vdi_introduce', 'vdi_destroy', 'vdi_resize', 'vdi_clone', 'vdi_snapshot', 'pbd_create', 'pbd_destroy']));
      // an lvmoiscsi SR without its target IQN: the SM error; nothing is left behind
      const before = sim.records('SR').size, pbds = sim.records('PBD').size;
      expect(await fail('SR.create', h, { target: '10.0.0.9' }, 0, 'iscsi', '', 'lvmoiscsi', 'user', true, {}))
        .toEqual(['SR_BACKEND_FAILURE_141', '', 'Unable to connect to ISCSI service on target', '']);
      expect(await fail('SR.create', h, { device: '/dev/sdd' }, 0, 'x', '', 'btrfs', 'user', false, {})).toEqual(['SR_UNKNOWN_DRIVER', 'btrfs']);
      expect(await fail('SR.create', h, {}, 0, 'x', '', 'lvm', 'user', false, {})).toEqual(['SR_BACKEND_FAILURE_90', '', 'The request is missing the device parameter', '']);
      expect([sim.records('SR').size, sim.records('PBD').size]).toEqual([before, pbds]);
      // the iSCSI probe lists IQNs in the error's third parameter
      const e = await fail('SR.probe', h, { target: 'storage.demo' }, 'lvmoiscsi', {});
      expect(e![0]).toBe('SR_BACKEND_FAILURE_96');
      expect(e![3]).toMatch(/<TargetIQN>iqn\./);
    });

    it('SR.introduce / forget and destroy preconditions in order; SR allowed_operations follow PBDs and VDIs', async () => {
      const sr = await call<string>('SR.introduce', '', 'intro', '', 'NFS', 'user', true, {});
      expect(rec('SR', sr)).toMatchObject({ type: 'nfs', PBDs: [], VDIs: [], physical_size: 0 });
      expect(await fail('SR.introduce', rec('SR', sr).uuid, 'again', '', 'nfs', 'user', true, {})).toEqual(['SR_UUID_EXISTS', rec('SR', sr).uuid]);
      // no PBD at all: forget yes, destroy no
      expect(rec('SR', sr).allowed_operations).toContain('forget');
      expect(rec('SR', sr).allowed_operations).not.toContain('destroy');
      expect(await fail('SR.destroy', sr)).toEqual(['SR_HAS_NO_PBDS', sr]);
      expect(await fail('SR.scan', sr)).toEqual(['SR_HAS_NO_PBDS', sr]);
      const h = hosts()[0];
      const pbd = await call<string>('PBD.create', { host: h, SR: sr, device_config: { server: 'a', serverpath: '/b' }, other_config: {} });
      expect(rec('SR', sr).allowed_operations).toContain('destroy');
      expect(await fail('PBD.create', { host: h, SR: sr, device_config: { SRmaster: 'true' }, other_config: {} })).toEqual(['VALUE_NOT_SUPPORTED', 'device_config', 'SRmaster', 'This key is for internal use only']);
      await call('PBD.plug', pbd);
      expect(rec('SR', sr).allowed_operations).not.toContain('destroy');
      expect(rec('SR', sr).allowed_operations).not.toContain('forget');
      expect(await fail('SR.forget', sr)).toEqual(['SR_HAS_PBD', sr]);
      const vdi = await call<string>('VDI.create', { SR: sr, name_label: 'd', virtual_size: GiB, type: 'user', sharable: false, read_only: false, other_config: {} });
      expect(rec('SR', sr)).toMatchObject({ virtual_allocation: GiB });
      await call('PBD.unplug', pbd);
      expect(await fail('SR.destroy', sr)).toEqual(['SR_NOT_EMPTY']);
      await call('SR.add_to_other_config', sr, 'indestructible', 'true');
      await call('PBD.plug', pbd);
      await call('VDI.destroy', vdi);
      await call('PBD.unplug', pbd);
      expect(await fail('SR.destroy', sr)).toEqual(['SR_INDESTRUCTIBLE', sr]);
      await call('SR.remove_from_other_config', sr, 'indestructible');
      await call('SR.destroy', sr);
      expect(has('SR', sr) || has('PBD', pbd)).toBe(false);
      expect(rec('host', h).PBDs).not.toContain(pbd);
    });

    it('SR.forget keeps VBD consistency: CD VBDs of its ISOs become empty, the records go', async () => {
      const iso = find('SR', (r) => r.type === 'iso');
      const isoVdi = (rec('SR', iso).VDIs as string[])[0];
      const vm = find('VM', (r) => r.power_state === 'Halted' && !r.is_a_template && (r.VBDs as string[]).some((b) => rec('VBD', b).type === 'CD'));
      const cd = (rec('VM', vm).VBDs as string[]).find((b) => rec('VBD', b).type === 'CD')!;
      await call('VBD.insert', cd, isoVdi);
      const pbds = [...(rec('SR', iso).PBDs as string[])];
      for (const p of pbds) await call('PBD.unplug', p);
      await call('SR.forget', iso);
      expect(has('SR', iso)).toBe(false);
      expect(has('VDI', isoVdi)).toBe(false);
      for (const p of pbds) expect(has('PBD', p)).toBe(false);
      expect(rec('VBD', cd)).toMatchObject({ empty: true, VDI: NULL });
    });

    it('PBD.unplug with VDIs in use on that host: VDI_IN_USE lists exactly those VDIs', async () => {
      const nfs = find('SR', (r) => r.type === 'nfs' && r.name_label === 'NFS shared storage');
      for (const pbd of rec('SR', nfs).PBDs as string[]) {
        const h = String(rec('PBD', pbd).host);
        const expected = (rec('SR', nfs).VDIs as string[]).filter((v) => (rec('VDI', v).VBDs as string[]).some((b) => {
          const vbd = rec('VBD', b);
          return vbd.currently_attached === true && rec('VM', String(vbd.VM)).resident_on === h;
        }));
        const e = await fail('PBD.unplug', pbd);
        if (expected.length) {
          expect(e![0]).toBe('VDI_IN_USE');
          expect(new Set(e!.slice(1))).toEqual(new Set(expected));
        } else expect(e).toBeNull();
      }
    });

    it('SR.scan reconciles virtual_allocation and drops other_config dirty; SR.update needs a plugged PBD', async () => {
      const local = find('SR', (r) => r.name_label === 'Local storage');
      await call('SR.add_to_other_config', local, 'dirty', '');
      const task = await call<string>('Async.SR.scan', local);
      await new Promise((r) => setTimeout(r, 5));
      expect(Object.values(rec('SR', local).current_operations as Rec)).toEqual(['scan']);
      expect(rec('SR', local).allowed_operations).toEqual(['plug']);
      while (rec('task', task).status === 'pending') await new Promise((r) => setTimeout(r, 10));
      const vdis = (rec('SR', local).VDIs as string[]).map((v) => rec('VDI', v));
      expect(rec('SR', local).virtual_allocation).toBe(vdis.reduce((n, v) => n + Number(v.virtual_size), 0));
      expect(rec('SR', local).other_config).toEqual({});
      expect(rec('SR', local).allowed_operations).toContain('vdi_create');
    });
  });

  describe('network and VIF', () => {
    it('VIF.create: MAC from mac_seed (9.4), both sides of VM/network, suspended VM keeps currently_attached', async () => {
      const vm = find('VM', (r) => r.power_state === 'Suspended');
      const net = await newNet('vif net');
      await call('VM.remove_from_other_config', vm, 'mac_seed'); // a known seed in place of the VM's own
      await call('VM.add_to_other_config', vm, 'mac_seed', 'aa7c9dbe-0001-4000-8000-000000000001');
      const vif = await call<string>('VIF.create', { VM: vm, network: net, device: '5', MAC: '', MTU: 1500, other_config: {}, currently_attached: true, qos_algorithm_type: '', qos_algorithm_params: {} });
      expect(rec('VIF', vif)).toMatchObject({ MAC: mac('aa7c9dbe-0001-4000-8000-000000000001', 5), MAC_autogenerated: true, currently_attached: true, allowed_operations: ['attach'] });
      const given = await call<string>('VIF.create', { VM: vm, network: net, device: '6', MAC: 'AA:BB:CC:00:11:22', MTU: 1500, other_config: {} });
      expect(rec('VIF', given)).toMatchObject({ MAC: 'aa:bb:cc:00:11:22', MAC_autogenerated: false, currently_attached: false });
      expect(rec('VM', vm).VIFs).toEqual(expect.arrayContaining([vif, given]));
      expect(new Set(rec('network', net).VIFs as string[])).toEqual(new Set([vif, given]));
      expect(await fail('VIF.create', { VM: vm, network: 'OpaqueRef:nope', device: '7', MAC: '', MTU: 1500, other_config: {} })).toEqual(['HANDLE_INVALID', 'network', 'OpaqueRef:nope']);
      expect(await fail('VIF.create', { VM: vm, network: net, device: '-1', MAC: '', MTU: 1500, other_config: {} })).toEqual(['INVALID_DEVICE', '-1']);
      // plug needs a running VM
      expect(await fail('VIF.plug', given)).toEqual(['VM_BAD_POWER_STATE', vm, 'running', 'suspended']);
      // network.destroy: the attached VIF blocks it; detached ones go with the network
      expect(await fail('network.destroy', net)).toEqual(['NETWORK_CONTAINS_VIF', vif]);
      await call('VIF.destroy', vif);
      await call('network.destroy', net);
      expect(has('network', net) || has('VIF', given)).toBe(false);
      expect(rec('VM', vm).VIFs).not.toContain(given);
    });

    it('VIF plug/unplug follow the VM power state; dom0 and HVM without drivers refuse; VIF.move', async () => {
      const vm = find('VM', (r) => r.power_state === 'Running' && r.domain_type === 'pv' && !r.is_control_domain);
      const vif0 = (rec('VM', vm).VIFs as string[])[0];
      expect(rec('VIF', vif0).allowed_operations).toEqual(['attach', 'unplug']);
      const net = await newNet('move target');
      await call('VIF.move', vif0, net);
      expect(rec('VIF', vif0).network).toBe(net);
      expect(rec('network', net).VIFs).toEqual([vif0]);
      // a network with PIFs the VM's host lacks cannot take a live VIF
      const other = await newNet('pif elsewhere');
      const foreign = hosts().find((h) => h !== rec('VM', vm).resident_on)!;
      await call('VLAN.create', pifOf(foreign, 'eth1'), 300, other);
      expect(await fail('VIF.move', vif0, other)).toEqual(['HOST_CANNOT_ATTACH_NETWORK', rec('VM', vm).resident_on, other]);
      const origNet = find('network', (r) => r.bridge === 'xenbr0');
      await call('VIF.move', vif0, origNet);
      const dom0 = String(rec('host', hosts()[0]).control_domain);
      const dv = await call<string>('VIF.create', { VM: dom0, network: net, device: '9', MAC: '00:11:22:33:44:55', MTU: 1500, other_config: {} });
      expect(await fail('VIF.plug', dv)).toEqual(['OPERATION_NOT_ALLOWED', 'Control domain does not support hotplug']);
      await call('VM.clean_shutdown', vm);
      expect(rec('VIF', vif0)).toMatchObject({ currently_attached: false, allowed_operations: ['attach'] });
      await call('VM.start', vm, false, false);
      expect(rec('VIF', vif0)).toMatchObject({ currently_attached: true, allowed_operations: ['attach', 'unplug'] });
    });
  });

  describe('PIF, VLAN, Bond, tunnel', () => {
    it('PIF.unplug of a PIF carrying a live VIF: VIF_IN_USE [network, vif]; disallow_unplug; PIF.destroy of non-VLAN logical PIFs', async () => {
      const vm = find('VM', (r) => r.power_state === 'Running' && !r.is_control_domain && (r.VIFs as string[]).length > 0);
      const host = String(rec('VM', vm).resident_on);
      const vif = (rec('VM', vm).VIFs as string[]).find((v) => rec('VIF', v).currently_attached === true)!;
      const netOf = String(rec('VIF', vif).network);
      const eth1 = pifOf(host, 'eth1');
      // put the VIF on the storage network so that eth1 (not management) carries it
      await call('VIF.move', vif, rec('PIF', eth1).network);
      const e = await fail('PIF.unplug', eth1);
      expect(e![0]).toBe('VIF_IN_USE');
      expect(e![1]).toBe(rec('PIF', eth1).network);
      await call('VIF.move', vif, netOf);
      await call('PIF.set_disallow_unplug', eth1, true);
      expect(await fail('PIF.unplug', eth1)).toEqual(['PIF_DOES_NOT_ALLOW_UNPLUG', eth1]);
      await call('PIF.set_disallow_unplug', eth1, false);
      expect(await fail('PIF.reconfigure_ip', eth1, 'Static', '10.0.0.1', '255.0.0.0', 'gw', '')).toEqual(['INVALID_IP_ADDRESS_SPECIFIED', 'gateway']);
    });

    it('pool.create_VLAN_from_PIF: one VLAN per host on the same network; failure leaves nothing', async () => {
      const net = await newNet('pool vlan');
      const base = pifOf(hosts()[0], 'eth1');
      const bad = await fail('pool.create_VLAN_from_PIF', base, net, 5000);
      expect(bad).toEqual(['VLAN_TAG_INVALID', '5000']);
      expect(rec('network', net).PIFs).toEqual([]);
      const pifs = await call<string[]>('pool.create_VLAN_from_PIF', base, net, 100);
      expect(pifs).toHaveLength(hosts().length);
      expect(new Set(pifs.map((p) => rec('PIF', p).host))).toEqual(new Set(hosts()));
      for (const p of pifs) {
        const vlan = String(rec('PIF', p).VLAN_master_of);
        expect(rec('VLAN', vlan)).toMatchObject({ untagged_PIF: p, tag: 100 });
        expect(rec('PIF', String(rec('VLAN', vlan).tagged_PIF)).VLAN_slave_of).toContain(vlan);
      }
      const unmanaged = await call<string>('network.create', { name_label: 'u', MTU: 1500, other_config: {}, bridge: 'ubr', managed: false });
      expect(await fail('VLAN.create', base, 101, unmanaged)).toEqual(['NETWORK_UNMANAGED', unmanaged]);
    });

    it('Bond.create checks (properties, IPs, bonded members), Bond.set_mode / set_property, destroy restores VLANs on members', async () => {
      const h = hosts()[2];
      const [e0, e1] = [pifOf(h, 'eth0'), pifOf(h, 'eth1')];
      const net = await newNet('bond2');
      await call('PIF.reconfigure_ip', e1, 'Static', '10.9.9.9', '255.255.255.0', '', '');
      expect(await fail('Bond.create', net, [e0, e1], '', 'balance-slb', {})).toEqual(['PIF_BOND_MORE_THAN_ONE_IP']);
      await call('PIF.reconfigure_ip', e1, 'None', '', '', '', '');
      expect(await fail('Bond.create', net, [e0, e1], 'nope', 'balance-slb', {})).toEqual(['MAC_INVALID', 'nope']);
      expect(await fail('Bond.create', net, [e0, e1], '', 'lacp', { hashing_algorithm: 'xor' })).toEqual(['INVALID_VALUE', 'hashing_algorithm', 'xor']);
      // a VLAN on a member moves to the master and back
      const vnet = await newNet('vlan on member');
      const vlan = await call<string>('VLAN.create', e1, 55, vnet);
      const onE1 = [...(rec('PIF', e1).VLAN_slave_of as string[])];
      expect(onE1).toContain(vlan);
      const bond = await call<string>('Bond.create', net, [e1, e0, e1], '02:00:00:00:00:01', 'balance-slb', { hashing_algorithm: 'src_mac' });
      const b = rec('Bond', bond);
      expect(b).toMatchObject({ primary_slave: e0, properties: {}, auto_update_mac: false });
      expect(b.slaves).toHaveLength(2);
      const master = String(b.master);
      expect(rec('PIF', master)).toMatchObject({ MAC: '02:00:00:00:00:01', management: true });
      expect(rec('VLAN', vlan).tagged_PIF).toBe(master);
      expect(new Set(rec('PIF', master).VLAN_slave_of as string[])).toEqual(new Set(onE1));
      expect(rec('PIF', e1).VLAN_slave_of).toEqual([]);
      expect(await fail('Bond.create', await newNet('x'), [e0], '', 'balance-slb', {})).toEqual(['PIF_ALREADY_BONDED', e0]);
      await call('Bond.set_mode', bond, 'lacp');
      expect(rec('Bond', bond)).toMatchObject({ mode: 'lacp', properties: { hashing_algorithm: 'tcpudp_ports', 'lacp-time': 'slow', 'lacp-fallback-ab': 'true' } });
      await call('Bond.set_property', bond, 'lacp-time', 'fast');
      expect((rec('Bond', bond).properties as Rec)['lacp-time']).toBe('fast');
      await call('Bond.destroy', bond);
      expect(has('Bond', bond) || has('PIF', master)).toBe(false);
      expect(rec('VLAN', vlan).tagged_PIF).toBe(e0);
      expect(rec('PIF', e0)).toMatchObject({ management: true, bond_slave_of: NULL, currently_attached: true });
    });

    it('tunnel: access PIF on the network, plug/unplug; PIF.destroy refuses non-VLAN logical PIFs; destroy removes the access PIF', async () => {
      const h = hosts()[0];
      const eth0 = pifOf(h, 'eth0');
      const net = await newNet('tun');
      const t = await call<string>('tunnel.create', eth0, net, 'gre');
      const access = String(rec('tunnel', t).access_PIF);
      expect(rec('network', net).PIFs).toEqual([access]);
      expect(await fail('PIF.destroy', access)).toEqual(['OPERATION_NOT_ALLOWED', 'Only VLAN PIFs can be destroyed: destroy the Bond or tunnel instead']);
      await call('PIF.unplug', access);
      expect(rec('PIF', access).currently_attached).toBe(false);
      await call('PIF.plug', access);
      expect(rec('PIF', access).currently_attached).toBe(true);
      await call('tunnel.destroy', t);
      expect(has('tunnel', t) || has('PIF', access)).toBe(false);
      expect(rec('network', net).PIFs).toEqual([]);
    });
  });
});
