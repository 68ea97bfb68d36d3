// Refusals, family "with HA on": what SEMANTICS.md §6.3-6.5 (and §8.2, §9.5) forbids while the pool
// is HA-enabled. The first case turns HA on (statefile on the NFS SR, as clients do), the last turns
// it off again. Demo pool of 3 hosts plus one standalone host (127.0.0.4) that tries to join.
import { expect } from 'vitest';
import { login as rawLogin, rpc } from '../../../support/xapi-rpc';
import type { RefRefusal, RefRefusalFamily, RefusalCtx } from '../types';
import { find, rec } from '../helpers';

const host = (ctx: RefusalCtx, name: string) => find(ctx, 'host', (r) => r.name_label === name);
const pool = (ctx: RefusalCtx) => [...ctx.sim.records('pool').keys()][0];
const statefile = (ctx: RefusalCtx) => String((rec(ctx, 'pool', pool(ctx)).ha_statefiles as string[])[0]);
const pif = (ctx: RefusalCtx, hostName: string, device: string) => {
  const h = host(ctx, hostName);
  return find(ctx, 'PIF', (p) => p.host === h && p.device === device && p.VLAN === -1);
};
const HA_ON = ['HA_IS_ENABLED'];
const haStays = (ctx: RefusalCtx) => () => { expect(rec(ctx, 'pool', pool(ctx)).ha_enabled).toBe(true); };

async function haOn(ctx: RefusalCtx): Promise<void> {
  if (rec(ctx, 'pool', pool(ctx)).ha_enabled === true) return;
  await ctx.xapi.call('pool.enable_ha', [find(ctx, 'SR', (r) => r.type === 'nfs')], {});
  expect(rec(ctx, 'pool', pool(ctx)).ha_enabled).toBe(true);
}

const refusals: RefRefusal[] = [
  {
    fn: 'pool.designate_new_master', section: '6.4', what: 'with HA on',
    async arrange(ctx) {
      await haOn(ctx);
      const master = rec(ctx, 'pool', pool(ctx)).master;
      return { args: [host(ctx, 'xcp-host-02')], error: HA_ON, check: () => { expect(rec(ctx, 'pool', pool(ctx)).master).toBe(master); } };
    },
  },
  {
    // HA is checked before the resident VMs (§6.3 order): host 2 runs VMs, yet HA_IS_ENABLED comes first.
    fn: 'pool.eject', section: '6.3', what: 'with HA on',
    async arrange(ctx) {
      await haOn(ctx);
      const h = host(ctx, 'xcp-host-02');
      return { args: [h], error: HA_ON, check: () => { expect(ctx.sim.records('host').has(h)).toBe(true); } };
    },
  },
  {
    // Called on the joining host: the pool it would join has HA on (§6.2).
    fn: 'pool.join', section: '6.2', what: 'into a pool with HA on',
    async arrange(ctx) {
      await haOn(ctx);
      const standalone = ctx.sim.standalone[0];
      const s = await rawLogin(standalone.url);
      return { call: () => rpc(standalone.url, 'pool.join', s, '127.0.0.1', 'root', 'xenroot'), error: HA_ON, check: () => { expect(ctx.sim.records('host').size).toBe(3); } };
    },
  },
  ...(['VDI.destroy', 'VDI.forget'] as const).map((fn): RefRefusal => ({
    fn, section: '6.5, 8.2', what: 'the HA statefile',
    async arrange(ctx) {
      await haOn(ctx);
      const vdi = statefile(ctx);
      return { args: [vdi], error: HA_ON, check: () => { expect(ctx.sim.records('VDI').has(vdi)).toBe(true); } };
    },
  })),
  {
    fn: 'VDI.resize', section: '6.5', what: 'the HA statefile',
    async arrange(ctx) {
      await haOn(ctx);
      const vdi = statefile(ctx);
      const size = rec(ctx, 'VDI', vdi).virtual_size;
      return { args: [vdi, Number(size) * 2], error: HA_ON, check: () => { expect(rec(ctx, 'VDI', vdi).virtual_size).toBe(size); } };
    },
  },
  {
    fn: 'PIF.reconfigure_ip', section: '9.5, 6.5', what: 'an attached PIF with HA on',
    async arrange(ctx) {
      await haOn(ctx);
      const p = pif(ctx, 'xcp-host-01', 'eth1');
      expect(rec(ctx, 'PIF', p).currently_attached).toBe(true);
      return { args: [p, 'Static', '10.20.30.40', '255.255.255.0', '', ''], error: HA_ON, check: () => { expect(rec(ctx, 'PIF', p).IP).not.toBe('10.20.30.40'); } };
    },
  },
  {
    fn: 'PIF.unplug', section: '9.5, 6.5', what: 'with HA on',
    async arrange(ctx) {
      await haOn(ctx);
      const p = pif(ctx, 'xcp-host-01', 'eth1');
      return {
        args: [p], error: HA_ON,
        check: async () => {
          expect(rec(ctx, 'PIF', p).currently_attached).toBe(true);
          haStays(ctx)();
          await ctx.xapi.call('pool.disable_ha');
        },
      };
    },
  },
];

const family: RefRefusalFamily = { name: 'with HA on', simulator: { standaloneHosts: 1 }, refusals };
export default family;
