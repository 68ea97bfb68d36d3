// Refusals, family "SR, PBD, host and pool": each function called where SEMANTICS.md (§5, §6, §7)
// says it must fail. Demo pool of 3 hosts: a local SR per host (host 3's holds only cache-02's disk,
// cache-02 Running there), an NFS SR and an ISO library shared by all; host 2 runs monitor-01 from
// its local SR; plus one standalone host (127.0.0.4) to join. Cases run in order on one simulator.
import { expect } from 'vitest';
import type { RefRefusal, RefRefusalFamily, RefusalCtx } from '../types';
import { count, find, rbacDenied, rbacDeniedByModel, rec, same } from '../helpers';
import { login as rawLogin, rpc } from '../../../support/xapi-rpc';

const host = (ctx: RefusalCtx, name: string) => find(ctx, 'host', (r) => r.name_label === name);
const vm = (ctx: RefusalCtx, name: string) => find(ctx, 'VM', (r) => r.name_label === name && !r.is_a_snapshot);
const nfs = (ctx: RefusalCtx) => find(ctx, 'SR', (r) => r.type === 'nfs');
const localSr = (ctx: RefusalCtx, hostName: string) => {
  const h = host(ctx, hostName);
  return find(ctx, 'SR', (r) => r.type === 'ext' && (r.PBDs as string[]).some((p) => rec(ctx, 'PBD', p).host === h));
};
const pbdOn = (ctx: RefusalCtx, sr: string, h: string) => (rec(ctx, 'SR', sr).PBDs as string[]).find((p) => rec(ctx, 'PBD', p).host === h)!;
const coordinator = (ctx: RefusalCtx) => String([...ctx.sim.records('pool').values()][0].master);
const pool = (ctx: RefusalCtx) => [...ctx.sim.records('pool').keys()][0];

/** A setter only a role at or above the data model's minimum may call (§11.2). */
const denied = (fn: string, pick: (ctx: RefusalCtx) => string, cls: string, args: unknown[]): RefRefusal => ({
  fn, section: '11.2',
  async arrange(ctx) {
    const ref = pick(ctx);
    return { as: 'viewer', args: [ref, ...args], error: rbacDeniedByModel(fn), check: same(ctx, cls, ref) };
  },
});

const refusals: RefRefusal[] = [
  // ---- SR (§7.1-7.3) ----
  {
    fn: 'SR.destroy', section: '7.2',
    async arrange(ctx) { const sr = nfs(ctx); return { args: [sr], error: ['SR_HAS_PBD', sr], check: same(ctx, 'SR', sr) }; },
  },
  {
    fn: 'SR.forget', section: '7.2',
    async arrange(ctx) { const sr = nfs(ctx); return { args: [sr], error: ['SR_HAS_PBD', sr], check: same(ctx, 'SR', sr) }; },
  },
  {
    fn: 'SR.scan', section: '7.3',
    async arrange(ctx) {
      // An SR introduced but not yet given a PBD (the first step of a client's attach).
      const sr = await ctx.xapi.call('SR.introduce', '', 'no PBD yet', '', 'nfs', 'user', true, {});
      return { args: [sr], error: ['SR_HAS_NO_PBDS', sr], check: async () => { expect(rec(ctx, 'SR', sr).VDIs).toEqual([]); await ctx.xapi.call('SR.forget', sr); } };
    },
  },
  {
    fn: 'SR.create', section: '7.1',
    async arrange(ctx) {
      return { args: [coordinator(ctx), {}, 0, 'unknown kind', '', 'nosuchtype', 'user', false, {}], error: ['SR_UNKNOWN_DRIVER', 'nosuchtype'], check: count(ctx, 'SR') };
    },
  },
  {
    fn: 'SR.set_shared', section: '7.3',
    async arrange(ctx) {
      const sr = nfs(ctx);
      return { args: [sr, false], error: ['SR_HAS_MULTIPLE_PBDS', ...(rec(ctx, 'SR', sr).PBDs as string[])], check: same(ctx, 'SR', sr) };
    },
  },
  {
    fn: 'SR.probe', section: '11.2',
    async arrange(ctx) { return { as: 'viewer', args: [coordinator(ctx), { server: 'nfs.example', serverpath: '/' }, 'nfs', {}], error: rbacDenied('SR.probe', 'pool-operator') }; },
  },
  {
    fn: 'SR.scan', section: '11.2',
    async arrange(ctx) { const sr = nfs(ctx); return { as: 'viewer', args: [sr], error: rbacDenied('SR.scan', 'vm-power-admin'), check: same(ctx, 'SR', sr) }; },
  },
  {
    fn: 'SR.destroy', section: '7.2', what: 'an SR with no PBD at all',
    async arrange(ctx) {
      const sr = await ctx.xapi.call('SR.introduce', '', 'no PBD', '', 'nfs', 'user', true, {});
      return { args: [sr], error: ['SR_HAS_NO_PBDS', sr], check: async () => { expect(ctx.sim.records('SR').has(sr)).toBe(true); await ctx.xapi.call('SR.forget', sr); } };
    },
  },
  {
    // §7.2's order: no attached PBD, some PBD, then a managed VDI left → SR_NOT_EMPTY [];
    // with none left, other_config indestructible=true → SR_INDESTRUCTIBLE [sr].
    fn: 'SR.destroy', section: '7.2', what: 'an SR that still holds a disk',
    async arrange(ctx) {
      const sr = await ctx.xapi.call('SR.create', coordinator(ctx), { device: '/dev/sdc' }, 0, 'scratch', '', 'ext', 'user', false, {});
      const vdi = await ctx.xapi.call('VDI.create', { name_label: 'left', name_description: '', SR: sr, virtual_size: 1024 ** 2, type: 'user', sharable: false, read_only: false, other_config: {}, xenstore_data: {}, sm_config: {}, tags: [] } as never);
      const pbd = (rec(ctx, 'SR', sr).PBDs as string[])[0];
      await ctx.xapi.call('PBD.unplug', pbd);
      return {
        args: [sr], error: ['SR_NOT_EMPTY'],
        check: async () => {
          expect(ctx.sim.records('VDI').has(vdi)).toBe(true);
          await ctx.xapi.call('PBD.plug', pbd);
          await ctx.xapi.call('VDI.destroy', vdi);
          await ctx.xapi.call('SR.add_to_other_config', sr, 'indestructible', 'true');
          await ctx.xapi.call('PBD.unplug', pbd);
        },
      };
    },
  },
  {
    fn: 'SR.destroy', section: '7.2', what: 'an indestructible SR',
    async arrange(ctx) {
      const sr = find(ctx, 'SR', (r) => r.name_label === 'scratch');
      return { args: [sr], error: ['SR_INDESTRUCTIBLE', sr], check: async () => { expect(ctx.sim.records('SR').has(sr)).toBe(true); await ctx.xapi.call('SR.forget', sr); } };
    },
  },
  denied('SR.update', nfs, 'SR', []),
  denied('SR.set_name_label', nfs, 'SR', ['renamed']),
  denied('SR.set_name_description', nfs, 'SR', ['described']),
  denied('SR.set_physical_size', nfs, 'SR', [1024 ** 4]),
  // ---- PBD (§7.5) ----
  {
    fn: 'PBD.create', section: '7.5',
    async arrange(ctx) {
      const sr = nfs(ctx);
      const h = host(ctx, 'xcp-host-01');
      return { args: [{ host: h, SR: sr, device_config: {}, other_config: {} }], error: ['PBD_EXISTS', sr, h, pbdOn(ctx, sr, h)], check: count(ctx, 'PBD') };
    },
  },
  {
    fn: 'PBD.destroy', section: '7.5',
    async arrange(ctx) {
      const pbd = pbdOn(ctx, nfs(ctx), host(ctx, 'xcp-host-02'));
      return { args: [pbd], error: ['OPERATION_NOT_ALLOWED', 'PBD is currently attached'], check: same(ctx, 'PBD', pbd) };
    },
  },
  {
    fn: 'PBD.plug', section: '7.5',
    async arrange(ctx) {
      // Host 1's local SR given a PBD on host 2 too: plugging it there would attach an unshared SR twice.
      const sr = localSr(ctx, 'xcp-host-01');
      const h1 = host(ctx, 'xcp-host-01');
      const pbd = await ctx.xapi.call('PBD.create', { host: host(ctx, 'xcp-host-02'), SR: sr, device_config: {}, other_config: {} } as never);
      return {
        args: [pbd], error: ['SR_NOT_SHARABLE', sr, h1],
        check: async () => { expect(rec(ctx, 'PBD', pbd).currently_attached).toBe(false); await ctx.xapi.call('PBD.destroy', pbd); },
      };
    },
  },
  {
    fn: 'PBD.unplug', section: '7.5',
    async arrange(ctx) {
      const h3 = host(ctx, 'xcp-host-03');
      const sr = localSr(ctx, 'xcp-host-03');
      const pbd = pbdOn(ctx, sr, h3);
      const disk = (rec(ctx, 'SR', sr).VDIs as string[]).filter((v) => (rec(ctx, 'VDI', v).VBDs as string[]).some((b) => rec(ctx, 'VBD', b).currently_attached));
      expect(disk).toHaveLength(1); // cache-02's
      return { args: [pbd], error: ['VDI_IN_USE', disk[0]], check: same(ctx, 'PBD', pbd) };
    },
  },
  // ---- host (§5) ----
  {
    fn: 'host.shutdown', section: '5.4',
    async arrange(ctx) { const h = host(ctx, 'xcp-host-02'); return { args: [h], error: ['HOST_NOT_DISABLED'], check: same(ctx, 'host', h) }; },
  },
  {
    fn: 'host.reboot', section: '5.4',
    async arrange(ctx) { const h = host(ctx, 'xcp-host-02'); return { args: [h], error: ['HOST_NOT_DISABLED'], check: same(ctx, 'host', h) }; },
  },
  {
    fn: 'host.power_on', section: '5.1',
    async arrange(ctx) { const h = host(ctx, 'xcp-host-02'); return { args: [h], error: ['HOST_IS_LIVE', h] }; },
  },
  {
    // monitor-01 runs on host 2 from host 2's local SR: no other host can boot it.
    fn: 'host.evacuate', section: '5.3',
    async arrange(ctx) {
      const h = host(ctx, 'xcp-host-02');
      const stuck = vm(ctx, 'monitor-01');
      const resident = [...ctx.sim.records('VM')].filter(([, v]) => v.resident_on === h).map(([r]) => r).sort();
      return {
        args: [h, find(ctx, 'network', (n) => n.bridge === 'xenbr0'), 0], error: ['VM_REQUIRES_SR', stuck, localSr(ctx, 'xcp-host-02')],
        check: () => { expect([...ctx.sim.records('VM')].filter(([, v]) => v.resident_on === h).map(([r]) => r).sort()).toEqual(resident); },
      };
    },
  },
  {
    fn: 'host.assert_can_evacuate', section: '5.3',
    async arrange(ctx) {
      const h = host(ctx, 'xcp-host-02');
      return { args: [h], error: ['CANNOT_EVACUATE_HOST', `VM_REQUIRES_SR,${vm(ctx, 'monitor-01')},${localSr(ctx, 'xcp-host-02')}`] };
    },
  },
  ...(['host.disable', 'host.enable', 'host.restart_agent'] as const).map((fn): RefRefusal => ({
    fn, section: '11.2',
    async arrange(ctx) { const h = host(ctx, 'xcp-host-03'); return { as: 'viewer', args: [h], error: rbacDenied(fn, 'pool-operator'), check: same(ctx, 'host', h) }; },
  })),
  denied('host.set_name_label', (c) => host(c, 'xcp-host-03'), 'host', ['renamed']),
  denied('host.set_name_description', (c) => host(c, 'xcp-host-03'), 'host', ['described']),
  denied('host.add_to_other_config', (c) => host(c, 'xcp-host-03'), 'host', ['k', 'v']),
  denied('host.set_hostname', (c) => host(c, 'xcp-host-03'), 'host', ['renamed']),
  denied('host.set_address', (c) => host(c, 'xcp-host-03'), 'host', ['10.0.0.99']),
  // ---- pool (§6) ----
  {
    fn: 'pool.eject', section: '6.3',
    async arrange(ctx) {
      const h = host(ctx, 'xcp-host-02');
      return { args: [h], error: ['OPERATION_NOT_ALLOWED', 'VM resident on host'], check: () => { expect(ctx.sim.records('host').has(h)).toBe(true); } };
    },
  },
  {
    // The demo pool's coordinator has members: it cannot join another pool (the standalone host).
    fn: 'pool.join', section: '6.2',
    async arrange(ctx) {
      const target = ctx.sim.standalone[0];
      return { args: [target.address, 'root', 'xenroot'], error: ['JOINING_HOST_CANNOT_BE_MASTER_OF_OTHER_HOSTS'], check: count(ctx, 'host') };
    },
  },
  {
    // Called on the standalone host, which runs a VM: it may not join (§6.2).
    fn: 'pool.join', section: '6.2', what: 'from a host with a running VM',
    async arrange(ctx) {
      const standalone = ctx.sim.standalone[0];
      const s = await rawLogin(standalone.url);
      const guest = [...standalone.records('VM')].find(([, v]) => !v.is_a_template && !v.is_control_domain && v.power_state === 'Halted')![0];
      await rpc(standalone.url, 'VM.start', s, guest, false, false);
      return {
        call: () => rpc(standalone.url, 'pool.join', s, '127.0.0.1', 'root', 'xenroot'), error: ['JOINING_HOST_CANNOT_HAVE_RUNNING_VMS'],
        check: async () => { expect(ctx.sim.records('host').size).toBe(3); await rpc(standalone.url, 'VM.hard_shutdown', s, guest); },
      };
    },
  },
  ...([
    ['pool.set_default_SR', nfs], ['pool.set_suspend_image_SR', nfs], ['pool.set_crash_dump_SR', nfs],
  ] as const).map(([fn, sr]): RefRefusal => ({
    fn, section: '6.6, 11.2',
    async arrange(ctx) { const p = pool(ctx); return { as: 'viewer', args: [p, sr(ctx)], error: rbacDenied(fn, 'pool-operator'), check: same(ctx, 'pool', p) }; },
  })),
  {
    fn: 'pool.sync_database', section: '11.2',
    async arrange() { return { as: 'viewer', args: [], error: rbacDenied('pool.sync_database', 'pool-operator') }; },
  },
  {
    fn: 'pool.designate_new_master', section: '11.2',
    async arrange(ctx) {
      const p = pool(ctx);
      return { as: 'viewer', args: [host(ctx, 'xcp-host-02')], error: rbacDenied('pool.designate_new_master', 'pool-operator'), check: same(ctx, 'pool', p) };
    },
  },
  denied('pool.set_name_label', pool, 'pool', ['renamed']),
  denied('pool.set_name_description', pool, 'pool', ['described']),
];

const family: RefRefusalFamily = { name: 'SR, PBD, host and pool', simulator: { standaloneHosts: 1 }, refusals };
export default family;
