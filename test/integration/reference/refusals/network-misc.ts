// Refusals, family "network, VIF, PIF, VLAN, Bond and the rest": each function called where
// SEMANTICS.md (§9.3-9.8, §10, §11) or WIRE.md says it must fail. Demo pool: every host has eth0
// (management) and eth1 (Storage network), web-01 Running with VIF 0 attached, web-03 Halted.
import { expect } from 'vitest';
import { login as productLogin } from '../../../../electron/core/xapi/session';
import { login as rawLogin, rpc } from '../../../support/xapi-rpc';
import type { RefRefusal, RefRefusalFamily, RefusalCtx } from '../types';
import { count, find, rbacDenied, rbacDeniedByModel, rec, same } from '../helpers';

const vm = (ctx: RefusalCtx, name: string) => find(ctx, 'VM', (r) => r.name_label === name && !r.is_a_snapshot);
const host = (ctx: RefusalCtx, name: string) => find(ctx, 'host', (r) => r.name_label === name);
const vifOf = (ctx: RefusalCtx, name: string) => (rec(ctx, 'VM', vm(ctx, name)).VIFs as string[])[0];
const pif = (ctx: RefusalCtx, hostName: string, device: string) => {
  const h = host(ctx, hostName);
  return find(ctx, 'PIF', (p) => p.host === h && p.device === device && p.VLAN === -1);
};
const storageNet = (ctx: RefusalCtx) => find(ctx, 'network', (n) => n.name_label === 'Storage network');
const newNetwork = (ctx: RefusalCtx, name: string) =>
  ctx.xapi.call('network.create', { name_label: name, name_description: '', MTU: 1500, other_config: {}, tags: [] } as never) as Promise<string>;

/** A call only a role at or above the data model's minimum may make (§11.2). */
const denied = (fn: string, pick: (ctx: RefusalCtx) => string | Promise<string>, cls: string, args: unknown[] = []): RefRefusal => ({
  fn, section: '11.2',
  async arrange(ctx) {
    const ref = await pick(ctx);
    return { as: 'viewer', args: [ref, ...args], error: rbacDeniedByModel(fn), check: cls ? same(ctx, cls, ref) : undefined };
  },
});

const refusals: RefRefusal[] = [
  // ---- network (§9.8) ----
  {
    fn: 'network.create', section: '9.8',
    async arrange(ctx) {
      return { args: [{ name_label: 'reserved bridge', name_description: '', MTU: 1500, other_config: {}, bridge: 'xenbr9', tags: [] }], error: ['INVALID_VALUE', 'bridge', 'xenbr9'], check: count(ctx, 'network') };
    },
  },
  {
    fn: 'network.destroy', section: '9.8',
    async arrange(ctx) {
      const net = await newNetwork(ctx, 'in use');
      const vif = await ctx.xapi.call('VIF.create', { VM: vm(ctx, 'web-01'), network: net, device: '5', MAC: '', MTU: 1500, other_config: {} } as never) as string;
      await ctx.xapi.call('VIF.plug', vif);
      return {
        args: [net], error: ['NETWORK_CONTAINS_VIF', vif],
        check: async () => {
          expect(rec(ctx, 'VIF', vif).currently_attached).toBe(true);
          await ctx.xapi.call('VIF.unplug', vif);
          await ctx.xapi.call('network.destroy', net); // a detached VIF goes with it
          expect(ctx.sim.records('VIF').has(vif)).toBe(false);
        },
      };
    },
  },
  denied('network.set_name_label', storageNet, 'network', ['renamed']),
  denied('network.set_name_description', storageNet, 'network', ['described']),
  denied('network.add_to_other_config', storageNet, 'network', ['k', 'v']),
  // ---- VIF (§9.3) ----
  {
    fn: 'VIF.create', section: '9.3',
    async arrange(ctx) {
      return { args: [{ VM: vm(ctx, 'web-03'), network: storageNet(ctx), device: 'autodetect', MAC: '', MTU: 1500, other_config: {} }], error: ['INVALID_DEVICE', 'autodetect'], check: count(ctx, 'VIF') };
    },
  },
  {
    fn: 'VIF.destroy', section: '9.3',
    async arrange(ctx) { const vif = vifOf(ctx, 'web-01'); return { args: [vif], error: ['OPERATION_NOT_ALLOWED', 'VIF currently attached to a running VM'], check: same(ctx, 'VIF', vif) }; },
  },
  {
    fn: 'VIF.plug', section: '9.3',
    async arrange(ctx) { const vif = vifOf(ctx, 'web-01'); return { args: [vif], error: ['DEVICE_ALREADY_ATTACHED', vif], check: same(ctx, 'VIF', vif) }; },
  },
  {
    fn: 'VIF.unplug', section: '9.3',
    async arrange(ctx) { const vif = vifOf(ctx, 'web-03'); return { args: [vif], error: ['VM_BAD_POWER_STATE', vm(ctx, 'web-03'), 'running', 'halted'], check: same(ctx, 'VIF', vif) }; },
  },
  {
    fn: 'VIF.create', section: '9.3', what: 'a device in use',
    async arrange(ctx) {
      const owner = vm(ctx, 'web-03');
      const device = String(rec(ctx, 'VIF', vifOf(ctx, 'web-03')).device);
      return { args: [{ VM: owner, network: storageNet(ctx), device, MAC: '', MTU: 1500, other_config: {} }], error: ['DEVICE_ALREADY_EXISTS', device], check: count(ctx, 'VIF') };
    },
  },
  {
    fn: 'VIF.create', section: '9.3', what: 'a malformed MAC',
    async arrange(ctx) {
      return { args: [{ VM: vm(ctx, 'web-03'), network: storageNet(ctx), device: '7', MAC: 'aa:bb:cc', MTU: 1500, other_config: {} }], error: ['MAC_INVALID', 'aa:bb:cc'], check: count(ctx, 'VIF') };
    },
  },
  denied('VIF.set_locking_mode', (c) => vifOf(c, 'web-03'), 'VIF', ['locked']),
  // ---- PIF, VLAN, Bond, tunnel (§9.5-9.8) ----
  {
    fn: 'PIF.create_VLAN', section: '9.5',
    async arrange(ctx) {
      const net = await newNetwork(ctx, 'VLAN on a missing NIC');
      return { args: ['eth9', net, host(ctx, 'xcp-host-01'), 42], error: ['INVALID_VALUE', 'device', 'eth9'], check: count(ctx, 'PIF') };
    },
  },
  {
    fn: 'PIF.destroy', section: '9.5',
    async arrange(ctx) { const p = pif(ctx, 'xcp-host-01', 'eth1'); return { args: [p], error: ['PIF_IS_PHYSICAL'], check: same(ctx, 'PIF', p) }; },
  },
  {
    fn: 'PIF.reconfigure_ip', section: '9.5',
    async arrange(ctx) {
      const p = pif(ctx, 'xcp-host-01', 'eth1');
      return { args: [p, 'Static', 'not-an-ip', '255.255.255.0', '', ''], error: ['INVALID_IP_ADDRESS_SPECIFIED', 'IP'], check: same(ctx, 'PIF', p) };
    },
  },
  {
    fn: 'PIF.unplug', section: '9.5',
    async arrange(ctx) { const p = pif(ctx, 'xcp-host-02', 'eth0'); return { args: [p], error: ['PIF_IS_MANAGEMENT_INTERFACE', p], check: same(ctx, 'PIF', p) }; },
  },
  {
    fn: 'PIF.unplug', section: '9.5', what: 'a NIC a running VM uses',
    async arrange(ctx) {
      const p = pif(ctx, 'xcp-host-01', 'eth1');
      const vif = await ctx.xapi.call('VIF.create', { VM: vm(ctx, 'web-01'), network: storageNet(ctx), device: '6', MAC: '', MTU: 9000, other_config: {} } as never) as string;
      await ctx.xapi.call('VIF.plug', vif);
      return {
        args: [p], error: ['VIF_IN_USE', storageNet(ctx), vif],
        check: async () => { expect(rec(ctx, 'PIF', p).currently_attached).toBe(true); await ctx.xapi.call('VIF.unplug', vif); await ctx.xapi.call('VIF.destroy', vif); },
      };
    },
  },
  {
    fn: 'VIF.unplug', section: '9.3', what: 'a detached VIF',
    async arrange(ctx) {
      const vif = await ctx.xapi.call('VIF.create', { VM: vm(ctx, 'web-01'), network: storageNet(ctx), device: '8', MAC: '', MTU: 9000, other_config: {} } as never) as string;
      return { args: [vif], error: ['DEVICE_ALREADY_DETACHED', vif], check: async () => { expect(rec(ctx, 'VIF', vif).currently_attached).toBe(false); await ctx.xapi.call('VIF.destroy', vif); } };
    },
  },
  {
    fn: 'PIF.plug', section: '9.5', what: 'a bond member',
    async arrange(ctx) {
      const member = pif(ctx, 'xcp-host-02', 'eth1');
      const bond = await ctx.xapi.call('Bond.create', await newNetwork(ctx, 'bond for plug'), [member], '', 'active-backup', {});
      return {
        args: [member], error: ['CANNOT_PLUG_BOND_SLAVE', member],
        check: async () => { expect(rec(ctx, 'PIF', member).currently_attached).toBe(false); await ctx.xapi.call('Bond.destroy', bond); },
      };
    },
  },
  {
    fn: 'Bond.create', section: '9.7', what: 'a PIF already bonded',
    async arrange(ctx) {
      const member = pif(ctx, 'xcp-host-02', 'eth1');
      const bond = await ctx.xapi.call('Bond.create', await newNetwork(ctx, 'first bond'), [member], '', 'active-backup', {});
      const net = await newNetwork(ctx, 'second bond');
      return {
        args: [net, [member], '', 'active-backup', {}], error: ['PIF_ALREADY_BONDED', member],
        check: async () => { expect(ctx.sim.records('Bond').size).toBe(1); await ctx.xapi.call('Bond.destroy', bond); },
      };
    },
  },
  denied('PIF.plug', (c) => pif(c, 'xcp-host-02', 'eth1'), 'PIF'),
  {
    fn: 'VLAN.create', section: '9.6',
    async arrange(ctx) {
      const net = await newNetwork(ctx, 'VLAN 5000');
      return { args: [pif(ctx, 'xcp-host-01', 'eth1'), 5000, net], error: ['VLAN_TAG_INVALID', '5000'], check: count(ctx, 'VLAN') };
    },
  },
  {
    fn: 'VLAN.destroy', section: '11.2',
    async arrange(ctx) {
      const net = await newNetwork(ctx, 'VLAN 7');
      const vlan = await ctx.xapi.call('VLAN.create', pif(ctx, 'xcp-host-01', 'eth1'), 7, net);
      return { as: 'viewer', args: [vlan], error: rbacDenied('VLAN.destroy', 'pool-operator'), check: async () => { await ctx.xapi.call('VLAN.destroy', vlan); } };
    },
  },
  {
    fn: 'VLAN.create', section: '9.6', what: 'a network the host is already on',
    async arrange(ctx) {
      return { args: [pif(ctx, 'xcp-host-01', 'eth0'), 10, storageNet(ctx)], error: ['NETWORK_ALREADY_CONNECTED', host(ctx, 'xcp-host-01'), pif(ctx, 'xcp-host-01', 'eth1')], check: count(ctx, 'PIF') };
    },
  },
  {
    fn: 'PIF.reconfigure_ip', section: '9.5', what: 'the management interface to None',
    async arrange(ctx) { const p = pif(ctx, 'xcp-host-02', 'eth0'); return { args: [p, 'None', '', '', '', ''], error: ['PIF_IS_MANAGEMENT_INTERFACE', p], check: same(ctx, 'PIF', p) }; },
  },
  {
    fn: 'network.create', section: '9.8', what: 'a bridge name in use',
    async arrange(ctx) {
      const record = { name_label: 'own bridge', name_description: '', MTU: 1500, other_config: {}, bridge: 'labbr0', tags: [] };
      await ctx.xapi.call('network.create', record as never);
      return { args: [{ ...record, name_label: 'same bridge' }], error: ['BRIDGE_NAME_EXISTS', 'labbr0'], check: count(ctx, 'network') };
    },
  },
  {
    fn: 'VLAN.create', section: '9.6', what: 'a tag already on that NIC',
    async arrange(ctx) {
      const eth1 = pif(ctx, 'xcp-host-02', 'eth1');
      await ctx.xapi.call('VLAN.create', eth1, 21, await newNetwork(ctx, 'VLAN 21'));
      return { args: [eth1, 21, await newNetwork(ctx, 'VLAN 21 again')], error: ['PIF_VLAN_EXISTS', 'eth1'], check: count(ctx, 'VLAN') };
    },
  },
  {
    fn: 'PIF.reconfigure_ip', section: '9.5', what: 'a malformed netmask',
    async arrange(ctx) {
      const p = pif(ctx, 'xcp-host-03', 'eth1');
      return { args: [p, 'Static', '10.9.9.9', '255.255.0', '', ''], error: ['INVALID_IP_ADDRESS_SPECIFIED', 'netmask'], check: same(ctx, 'PIF', p) };
    },
  },
  {
    fn: 'session.login_with_password', section: '11.1', what: 'on a pool member',
    async arrange(ctx) {
      // The member listeners answer as hosts 2 and 3 (127.0.0.2, 127.0.0.3); the coordinator is 127.0.0.1.
      const member = `http://127.0.0.2:${new URL(ctx.url).port}`;
      return { call: () => rawLogin(member), error: ['HOST_IS_SLAVE', '127.0.0.1'] };
    },
  },
  {
    fn: 'network.destroy', section: '9.8', what: 'a network with a PIF',
    async arrange(ctx) {
      const net = await newNetwork(ctx, 'VLAN 11 on host 1');
      const vlan = await ctx.xapi.call('VLAN.create', pif(ctx, 'xcp-host-01', 'eth1'), 11, net);
      const untagged = String(rec(ctx, 'VLAN', vlan).untagged_PIF);
      return { args: [net], error: ['NETWORK_CONTAINS_PIF', untagged], check: () => { expect(ctx.sim.records('network').has(net)).toBe(true); } };
    },
  },
  {
    fn: 'VLAN.create', section: '9.6', what: 'on a VLAN PIF',
    async arrange(ctx) {
      const vlanPif = find(ctx, 'PIF', (p) => p.VLAN === 11);
      const net = await newNetwork(ctx, 'VLAN in VLAN');
      return { args: [vlanPif, 12, net], error: ['PIF_IS_VLAN', vlanPif], check: count(ctx, 'VLAN') };
    },
  },
  {
    fn: 'VLAN.create', section: '9.6', what: 'on an unmanaged network',
    async arrange(ctx) {
      const net = await ctx.xapi.call('network.create', { name_label: 'unmanaged', name_description: '', MTU: 1500, other_config: {}, tags: [], managed: false } as never) as string;
      return { args: [pif(ctx, 'xcp-host-02', 'eth1'), 13, net], error: ['NETWORK_UNMANAGED', net], check: count(ctx, 'VLAN') };
    },
  },
  {
    fn: 'Bond.create', section: '9.7', what: 'members on two hosts',
    async arrange(ctx) {
      const net = await newNetwork(ctx, 'cross-host bond');
      return { args: [net, [pif(ctx, 'xcp-host-01', 'eth1'), pif(ctx, 'xcp-host-02', 'eth1')], '', 'active-backup', {}], error: ['PIF_CANNOT_BOND_CROSS_HOST'], check: count(ctx, 'Bond') };
    },
  },
  {
    fn: 'Bond.create', section: '9.7',
    async arrange(ctx) {
      const net = await newNetwork(ctx, 'empty bond');
      return { args: [net, [], '', 'active-backup', {}], error: ['PIF_BOND_NEEDS_MORE_MEMBERS'], check: count(ctx, 'Bond') };
    },
  },
  {
    fn: 'tunnel.create', section: '11.2',
    async arrange(ctx) {
      const net = await newNetwork(ctx, 'tunnel');
      return { as: 'viewer', args: [pif(ctx, 'xcp-host-01', 'eth1'), net, 'gre'], error: rbacDenied('tunnel.create', 'pool-operator'), check: count(ctx, 'tunnel') };
    },
  },
  // ---- session, task, event, message (§10, §11, WIRE.md) ----
  {
    fn: 'session.login_with_password', section: '11.1',
    async arrange(ctx) {
      return { call: () => productLogin(ctx.url, 'root', 'not the password'), error: ['SESSION_AUTHENTICATION_FAILED', 'root', 'Authentication failure'] };
    },
  },
  {
    // A session that logged out is gone: every call with it, logout included, is SESSION_INVALID [handle] (WIRE.md, §11.1).
    fn: 'session.logout', section: '11.1, WIRE.md',
    async arrange(ctx) {
      const s = await rawLogin(ctx.url);
      await rpc(ctx.url, 'session.logout', s);
      return { call: () => rpc(ctx.url, 'session.logout', s), error: ['SESSION_INVALID', s] };
    },
  },
  {
    // Only the local superuser may change the password: RBAC roles [] (§11.1), so no role is listed (§11.2).
    fn: 'session.change_password', section: '11.1, 11.2',
    async arrange() { return { as: 'viewer', args: ['look', 'new'], error: ['RBAC_PERMISSION_DENIED', 'session.change_password', 'No permission in user session. (Roles with this permission: )'] }; },
  },
  {
    fn: 'event.next', section: 'WIRE.md Events (errors.json: the session handle is echoed)',
    async arrange(ctx) { return { call: () => rpc(ctx.url, 'event.next', ctx.session), error: ['SESSION_NOT_REGISTERED', ctx.session] }; },
  },
  {
    fn: 'Bond.destroy', section: '11.2',
    async arrange(ctx) {
      const net = await newNetwork(ctx, 'bond of one');
      const bond = await ctx.xapi.call('Bond.create', net, [pif(ctx, 'xcp-host-03', 'eth1')], '', 'active-backup', {});
      return { as: 'viewer', args: [bond], error: rbacDenied('Bond.destroy', 'pool-operator'), check: async () => { expect(ctx.sim.records('Bond').has(bond)).toBe(true); await ctx.xapi.call('Bond.destroy', bond); } };
    },
  },
  {
    // The demo pool runs no openvswitch tunnel: the role is checked before the object (dispatch order).
    fn: 'tunnel.destroy', section: '11.2',
    async arrange() { return { as: 'viewer', args: ['OpaqueRef:NULL'], error: rbacDenied('tunnel.destroy', 'pool-operator') }; },
  },
  {
    // Another user's task: cancelling it needs task.destroy/any, which pool-operator and up have (§10.1).
    fn: 'task.cancel', section: '10.1',
    async arrange(ctx) {
      const task = await ctx.xapi.call('task.create', 'root task', '');
      return { as: 'viewer', args: [task], error: rbacDenied('task.destroy/any', 'pool-operator'), check: () => { expect(rec(ctx, 'task', task).status).toBe('pending'); } };
    },
  },
  {
    fn: 'task.destroy', section: '10.1',
    async arrange(ctx) {
      const task = await ctx.xapi.call('task.create', 'root task', '');
      return { as: 'viewer', args: [task], error: rbacDenied('task.destroy/any', 'pool-operator'), check: async () => { expect(ctx.sim.records('task').has(task)).toBe(true); await ctx.xapi.call('task.destroy', task); } };
    },
  },
  {
    fn: 'event.from', section: 'WIRE.md Events',
    async arrange() { return { args: [['vm'], 'not a token', 1], error: ['EVENT_FROM_TOKEN_PARSE_FAILURE', 'not a token'] }; },
  },
  {
    fn: 'event.inject', section: 'WIRE.md (common errors: HANDLE_INVALID [class, handle])',
    async arrange() { return { args: ['VM', 'OpaqueRef:no-such-vm'], error: ['HANDLE_INVALID', 'VM', 'OpaqueRef:no-such-vm'] }; },
  },
  {
    fn: 'message.destroy', section: '10.3, 11.2',
    async arrange(ctx) {
      const w3 = rec(ctx, 'VM', vm(ctx, 'web-03'));
      const msg = await ctx.xapi.call('message.create', 'REFUSAL', 5, 'VM', String(w3.uuid), 'kept');
      return { as: 'viewer', args: [msg], error: rbacDenied('message.destroy', 'pool-operator'), check: () => { expect(ctx.sim.records('message').has(msg)).toBe(true); } };
    },
  },
  ...(['subject.create'] as const).map((fn): RefRefusal => ({
    fn, section: '11.2',
    async arrange(ctx) {
      return { as: 'viewer', args: [{ subject_identifier: 'S-1-5-21-refused', other_config: {} }], error: rbacDeniedByModel(fn), check: count(ctx, 'subject') };
    },
  })),
];

const family: RefRefusalFamily = { name: 'network, VIF, PIF, VLAN, Bond, session, task, event, message', simulator: { memberListeners: true }, refusals };
export default family;
