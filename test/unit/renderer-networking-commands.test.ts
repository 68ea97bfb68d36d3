// The Networking tab's commands: when each can run and why not (from model.ts's blockers), the XAPI
// messages each ends up calling (so a role below them greys it), what they send, and that a refused
// request reaches the Events panel and an alert through runCommand.
import { describe, expect, it } from 'vitest';
import type { RequestArgs, RequestChannel, RequestResult } from '../../shared/ipc/contract';
import { commandState } from '../../renderer/src/framework/availability';
import type { Command, Selection } from '../../renderer/src/framework/command';
import { runCommand } from '../../renderer/src/framework/run-command';
import {
  ADD_NETWORK, ADD_VIF, addNetwork, addVif, moveVif, NETWORK_COMMANDS, REMOVE_NETWORK, REMOVE_VIF, VIF_COMMANDS, VIF_PROPERTIES,
} from '../../renderer/src/features/networking/commands';
import { networkingFeature } from '../../renderer/src/features/networking';
import { createAppStore } from '../../renderer/src/state/store';
import { add, conn, RecordingBridge } from '../support/store-fixtures';

type Rec = Record<string, unknown>;
const R = (s: string) => `OpaqueRef:${s}`;

/** Pool "Lab" (coordinator h1) with a VM "web" and its interfaces, a LAN on eth0, a VLAN 7 network and a private one. */
function world(vm: Rec = {}, vifs: Rec[] = [{}], pool: Rec = {}) {
  const s = createAppStore();
  s.getState().applySnapshot({
    connections: [conn('c1')],
    deltas: [{ connectionId: 'c1', reset: true, changes: [
      add('pool', R('pool'), { name_label: 'Lab', master: R('h1'), ...pool }),
      add('vm', R('vm'), { name_label: 'web', power_state: 'Halted', VIFs: vifs.map((_, i) => R(`vif${i}`)), ...vm }),
      add('network', R('n0'), { name_label: 'LAN', PIFs: [R('p0')], MTU: 1500, other_config: {} }),
      add('network', R('nv'), { name_label: 'VLAN 7', PIFs: [R('pv')], MTU: 1500, other_config: { automatic: 'false' } }),
      add('network', R('np'), { name_label: 'Private', PIFs: [], MTU: 1500, other_config: {} }),
      add('host', R('h1'), { name_label: 'h1', PIFs: [R('p0'), R('pv')] }),
      add('pif', R('p0'), { host: R('h1'), device: 'eth0', physical: true, VLAN: -1, network: R('n0'), management: true, bond_master_of: [] }),
      add('pif', R('pv'), { host: R('h1'), device: 'eth0', physical: false, VLAN: 7, network: R('nv'), bond_master_of: [] }),
      ...vifs.map((v, i) => add('vif', R(`vif${i}`), {
        VM: R('vm'), device: String(i), MAC: `02:00:00:00:00:0${i}`, network: R('n0'), currently_attached: false, allowed_operations: [], ...v,
      })),
    ] }],
  });
  return s;
}
const sel = (cls: string, ref: string): Selection => [{ connectionId: 'c1', cls, ref: R(ref) }];
const state = (c: Command, s: Selection, w = world()) => commandState(c, s, w.getState());

describe('Add Interface…', () => {
  it('runs on one halted or running VM with a free device; says why not otherwise', () => {
    expect(state(ADD_VIF, sel('vm', 'vm'))).toEqual({ enabled: true });
    expect(state(ADD_VIF, sel('vm', 'vm'), world({ power_state: 'Running' }))).toEqual({ enabled: true });
    expect(state(ADD_VIF, sel('vm', 'vm'), world({ power_state: 'Suspended' })))
      .toEqual({ enabled: false, reason: 'The VM is suspended: interfaces change only while it is running or shut down' });
    expect(state(ADD_VIF, sel('vm', 'vm'), world({ is_a_template: true })).reason).toBe("A template's interfaces are set on the VMs made from it");
    expect(state(ADD_VIF, sel('vm', 'vm'), world({}, Array.from({ length: 16 }, () => ({})))).reason).toBe('The VM already has 16 interfaces, the most it can have');
    expect(state(ADD_VIF, sel('vm', 'gone')).reason).toBe('The VM is no longer on the server');
    expect(state(ADD_VIF, sel('host', 'h1')).reason).toBe('Select one VM');
  });
});

describe('an interface\'s Properties… and Remove', () => {
  it('a halted VM\'s interface: both', () => {
    expect([VIF_PROPERTIES, REMOVE_VIF].map((c) => state(c, sel('vif', 'vif0')))).toEqual([{ enabled: true }, { enabled: true }]);
  });

  it('nothing selected, or the interface gone: "Select an interface first"', () => {
    expect(state(VIF_PROPERTIES, [])).toEqual({ enabled: false, reason: 'Select an interface first' });
    expect(state(REMOVE_VIF, sel('vif', 'nope'))).toEqual({ enabled: false, reason: 'Select an interface first' });
  });

  it('a running VM\'s attached interface goes only when the server lists unplug; it moves all the same', () => {
    const w = world({ power_state: 'Running' }, [{ currently_attached: true, allowed_operations: [] }]);
    expect(state(VIF_PROPERTIES, sel('vif', 'vif0'), w)).toEqual({ enabled: true });
    expect(state(REMOVE_VIF, sel('vif', 'vif0'), w)).toEqual({ enabled: false, reason: 'The server does not allow this interface to be unplugged while the VM runs' });
    const ok = world({ power_state: 'Running' }, [{ currently_attached: true, allowed_operations: ['unplug'] }]);
    expect(state(REMOVE_VIF, sel('vif', 'vif0'), ok)).toEqual({ enabled: true });
  });

  it('a suspended VM\'s interfaces do not change', () => {
    const w = world({ power_state: 'Suspended' });
    const why = 'The VM is suspended: interfaces change only while it is running or shut down';
    expect(state(VIF_PROPERTIES, sel('vif', 'vif0'), w)).toEqual({ enabled: false, reason: why });
    expect(state(REMOVE_VIF, sel('vif', 'vif0'), w)).toEqual({ enabled: false, reason: why });
  });
});

describe('Add Network… and Remove Network', () => {
  it('Add Network… on a pool with a coordinator, or a host', () => {
    expect(state(ADD_NETWORK, sel('pool', 'pool'))).toEqual({ enabled: true });
    expect(state(ADD_NETWORK, sel('host', 'h1'))).toEqual({ enabled: true });
    expect(state(ADD_NETWORK, sel('pool', 'pool'), world({}, [{}], { master: 'OpaqueRef:NULL' })))
      .toEqual({ enabled: false, reason: 'The pool has no coordinator to add the network on' });
    expect(state(ADD_NETWORK, sel('vm', 'vm')).reason).toBe('Select one pool or server');
  });

  it('Remove Network: not a network on a physical NIC or the management interface', () => {
    expect(state(REMOVE_NETWORK, sel('network', 'np'))).toEqual({ enabled: true });
    expect(state(REMOVE_NETWORK, sel('network', 'nv'))).toEqual({ enabled: true });
    expect(state(REMOVE_NETWORK, sel('network', 'n0')))
      .toEqual({ enabled: false, reason: 'It uses a physical NIC, a bond or the management interface: it cannot be removed' });
    expect(state(REMOVE_NETWORK, [])).toEqual({ enabled: false, reason: 'Select a network first' });
  });
});

describe('roles', () => {
  it('each command names the XAPI messages it ends up calling', () => {
    expect(Object.fromEntries([...VIF_COMMANDS, ...NETWORK_COMMANDS].map((c) => [c.id, c.methods]))).toEqual({
      'networking.addVif': ['VIF.create', 'VIF.plug'],
      'networking.vifProperties': ['VIF.move'],
      'networking.removeVif': ['VIF.unplug', 'VIF.destroy'],
      'networking.addNetwork': ['network.create'],
      'networking.removeNetwork': ['network.destroy'],
    });
  });

  it('a read-only session sees every one greyed, with the role it needs', () => {
    const w = world();
    w.getState().connections.get('c1')!.role = 'read-only';
    expect(state(ADD_VIF, sel('vm', 'vm'), w)).toEqual({ enabled: false, reason: 'Add Interface needs the VM Admin role or higher; your role on Lab is Read Only' });
    expect(state(VIF_PROPERTIES, sel('vif', 'vif0'), w).reason).toBe('Properties needs the VM Admin role or higher; your role on Lab is Read Only');
    expect(state(REMOVE_VIF, sel('vif', 'vif0'), w).reason).toBe('Remove needs the VM Admin role or higher; your role on Lab is Read Only');
    expect(state(ADD_NETWORK, sel('pool', 'pool'), w).reason).toBe('Add Network needs the VM Admin role or higher; your role on Lab is Read Only');
    expect(state(REMOVE_NETWORK, sel('network', 'np'), w).reason).toBe('Remove Network needs the VM Admin role or higher; your role on Lab is Read Only');
  });

  it('a VM Admin removes a private network, but a VLAN network needs VLAN.destroy (Pool Operator)', () => {
    const w = world();
    w.getState().connections.get('c1')!.role = 'vm-admin';
    expect(state(ADD_VIF, sel('vm', 'vm'), w)).toEqual({ enabled: true });
    expect(state(REMOVE_NETWORK, sel('network', 'np'), w)).toEqual({ enabled: true });
    expect(state(REMOVE_NETWORK, sel('network', 'nv'), w))
      .toEqual({ enabled: false, reason: 'Remove Network needs the Pool Operator role or higher; your role on Lab is VM Admin' });
    w.getState().connections.get('c1')!.role = 'pool-operator';
    expect(state(REMOVE_NETWORK, sel('network', 'nv'), w)).toEqual({ enabled: true });
  });
});

describe('what they send', () => {
  it('the dialogs\' choices: network.change or one async call, titled for the Events panel', async () => {
    const b = new RecordingBridge();
    const vm = sel('vm', 'vm')[0];
    expect(await addVif(b, vm, 'web', R('n0'), '')).toEqual({ target: vm, title: 'Adding virtual interface', vm: 'web', taskRef: 'OpaqueRef:task' });
    await moveVif(b, sel('vif', 'vif0')[0], 'web', R('np'));
    const pool = sel('pool', 'pool')[0];
    await addNetwork(b, pool, { name: 'V42', description: 'd', mtu: 1500, vlan: { pifRef: R('p0'), tag: 42 } });
    await addNetwork(b, pool, { name: 'P', description: '', mtu: 9000 });
    expect(b.calls).toEqual([
      { channel: 'network.change', args: { kind: 'addVif', connectionId: 'c1', vmRef: R('vm'), networkRef: R('n0'), mac: '' } },
      { channel: 'xapi.callAsync', args: { connectionId: 'c1', method: 'VIF.move', args: [R('vif0'), R('np')] } },
      { channel: 'network.change', args: { kind: 'addVlan', connectionId: 'c1', pifRef: R('p0'), vlan: 42, name: 'V42', description: 'd', mtu: 1500 } },
      { channel: 'xapi.callAsync', args: { connectionId: 'c1', method: 'network.create', args: [
        { name_label: 'P', name_description: '', MTU: 9000, other_config: { automatic: 'false' }, bridge: '', managed: true, tags: [] }] } },
    ]);
  });

  it('Remove and Remove Network run without their dialog too; the others need it', async () => {
    const w = world();
    const b = new RecordingBridge();
    const out = await REMOVE_VIF.execute(sel('vif', 'vif0'), b, w.getState());
    expect(out).toEqual([{ target: sel('vif', 'vif0')[0], title: 'Removing virtual interface', vm: 'web', taskRef: 'OpaqueRef:task' }]);
    const net = await REMOVE_NETWORK.execute(sel('network', 'nv'), b, w.getState());
    expect(net[0]).toMatchObject({ title: 'Removing network', vm: 'VLAN 7' });
    expect(b.calls.map((c) => c.args)).toEqual([
      { kind: 'removeVif', connectionId: 'c1', vifRef: R('vif0') },
      { kind: 'removeNetwork', connectionId: 'c1', networkRef: R('nv') },
    ]);
    for (const c of [ADD_VIF, VIF_PROPERTIES, ADD_NETWORK]) expect(await c.execute(sel('vm', 'vm'), b, w.getState())).toEqual([]);
  });

  it('through runCommand: the task is our own; a refusal is a failed row and an alert (words and code)', async () => {
    const w = world();
    const alerts: string[] = [];
    await runCommand({ ...ADD_VIF, dialog: undefined, execute: async (s, b) => [await addVif(b, s[0], 'web', R('n0'), '')] },
      sel('vm', 'vm'), new RecordingBridge(), w, (m) => alerts.push(m));
    expect(alerts).toEqual([]);
    expect([...w.getState().ownTasks.values()]).toEqual([{ title: 'Adding virtual interface', vm: 'web', ref: R('vm') }]);
    const refusing = new RecordingBridge();
    refusing.request = async <C extends RequestChannel>(_c: C, _a: RequestArgs<C>): Promise<RequestResult<C>> => {
      throw { code: 'NETWORK_CONTAINS_VIF', params: [R('vif0')], message: 'NETWORK_CONTAINS_VIF' };
    };
    await runCommand({ ...REMOVE_NETWORK, dialog: undefined }, sel('network', 'nv'), refusing, w, (m) => alerts.push(m));
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatch(/^Removing network 'VLAN 7' failed: /);
    expect([...w.getState().tasks.values()].map((t) => [t.nameLabel, t.status])).toContainEqual(['Removing network', 'failure']);
  });
});

describe('the feature', () => {
  it('registers each command (in no menu: the tab runs them) and a dialog for each', () => {
    const kinds = (networkingFeature.dialogs ?? []).map((d) => d.kind);
    for (const c of [...VIF_COMMANDS, ...NETWORK_COMMANDS]) expect(kinds).toContain(c.dialog);
    expect(networkingFeature.commands?.map((p) => p.entry)).toEqual([...VIF_COMMANDS, ...NETWORK_COMMANDS]);
    expect(networkingFeature.commands?.every((p) => p.places.length === 0)).toBe(true);
  });
});
