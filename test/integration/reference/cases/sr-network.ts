// Reference walk, family "SR, PBD and networking": SR.*, PBD.*, network.*, VIF.*, PIF.*, Bond.*,
// VLAN.*, tunnel.* (SEMANTICS.md 7, 8.6, 9.3-9.8). Cases run in order on one simulator (3 hosts);
// state flows from one to the next (the SR created here is scanned, unplugged and destroyed later).
import { expect } from 'vitest';
import type { NetworkRecord, PBDRecord, VIFRecord } from '../../../../shared/xapi/types.generated';
import { XapiError } from '../../../../electron/core/xapi/errors';
import { rpc } from '../../../support/xapi-rpc';
import type { RefCase, RefCtx, RefFamily } from '../types';
import { type Rec, NULL, callAny, rec, find } from '../helpers';
import { macFromSeed } from '../../../support/mac-reference';

const GiB = 1024 ** 3;

const gone = (ctx: RefCtx, cls: string, ref: string) => expect(ctx.sim.records(cls).has(ref), `${cls} ${ref} deleted`).toBe(false);
const rejected = async (p: Promise<unknown>): Promise<XapiError> => {
  const e = await p.then(() => { throw new Error('expected a XAPI error'); }, (err: unknown) => err);
  expect(e).toBeInstanceOf(XapiError);
  return e as XapiError;
};
const expectError = async (p: Promise<unknown>, code: string, params?: string[]) => {
  const e = await rejected(p);
  expect(e.code).toBe(code);
  if (params) expect(e.params).toEqual(params);
  return e;
};
const set = (v: unknown) => new Set(v as string[]);

const mac = macFromSeed;

const nfsSr = (ctx: RefCtx) => find(ctx, 'SR', (r) => r.type === 'nfs' && r.name_label === 'NFS shared storage');
const hosts = (ctx: RefCtx) => { const m = String([...ctx.sim.records('pool').values()][0].master); return [m, ...[...ctx.sim.records('host').keys()].filter((h) => h !== m)]; };
const pifOf = (ctx: RefCtx, host: string, device: string) => find(ctx, 'PIF', (r) => r.host === host && r.device === device && r.VLAN === -1);
const mgmtPif = (ctx: RefCtx) => pifOf(ctx, hosts(ctx)[0], 'eth0');
const runningVm = (ctx: RefCtx) => find(ctx, 'VM', (r) => r.power_state === 'Running' && !r.is_control_domain && r.domain_type === 'pv');
const ATTACHED_OPS = new Set(['scan', 'plug', 'unplug', 'update', 'vdi_create', 'vdi_introduce', 'vdi_destroy', 'vdi_resize', 'vdi_clone', 'vdi_snapshot', 'pbd_create', 'pbd_destroy']);

/** State carried between cases. */
const st: { sr?: string; intro?: string; introPbd?: string; net?: string; vif?: string; vlanPif?: string; vlan?: string; vlanNet?: string; bond?: string; bondNet?: string } = {};

function getter(cls: string, field: string, pick: (ctx: RefCtx) => string): RefCase {
  return {
    fn: `${cls}.get_${field}`,
    async run(ctx) {
      const ref = pick(ctx);
      const v = await callAny(ctx, `${cls}.get_${field}`, ref);
      expect(v).toEqual(rec(ctx, cls, ref)[field]);
      expect(await rpc(ctx.url, `${cls}.get_${field}`, ctx.session, ref)).toEqual(v);
    },
  };
}
function listers(cls: string, pick: (ctx: RefCtx) => string, which: string[]): RefCase[] {
  const out: RefCase[] = [];
  if (which.includes('get_all')) out.push({ fn: `${cls}.get_all`, async run(ctx) { expect(set(await callAny(ctx, `${cls}.get_all`))).toEqual(new Set(ctx.sim.records(cls).keys())); } });
  if (which.includes('get_all_records')) {
    out.push({ fn: `${cls}.get_all_records`, async run(ctx) {
      const all = (await callAny(ctx, `${cls}.get_all_records`)) as Record<string, Rec>;
      expect(Object.keys(all).sort()).toEqual([...ctx.sim.records(cls).keys()].sort());
      const ref = pick(ctx);
      expect(all[ref]).toEqual(rec(ctx, cls, ref));
    } });
  }
  if (which.includes('get_by_uuid')) out.push({ fn: `${cls}.get_by_uuid`, async run(ctx) { const ref = pick(ctx); expect(await callAny(ctx, `${cls}.get_by_uuid`, rec(ctx, cls, ref).uuid)).toBe(ref); } });
  if (which.includes('get_by_name_label')) out.push({ fn: `${cls}.get_by_name_label`, async run(ctx) { const ref = pick(ctx); expect(await callAny(ctx, `${cls}.get_by_name_label`, rec(ctx, cls, ref).name_label)).toContain(ref); } });
  if (which.includes('get_record')) out.push({ fn: `${cls}.get_record`, async run(ctx) { const ref = pick(ctx); expect(await callAny(ctx, `${cls}.get_record`, ref)).toEqual(rec(ctx, cls, ref)); } });
  return out;
}

const cases: RefCase[] = [
  // ---------- SR reading ----------
  ...listers('SR', nfsSr, ['get_all', 'get_all_records', 'get_by_uuid', 'get_by_name_label', 'get_record']),
  ...['name_label', 'type', 'content_type', 'physical_size', 'physical_utilisation', 'VDIs', 'PBDs', 'shared'].map((f) => getter('SR', f, nfsSr)),
  {
    fn: 'SR.set_name_label',
    async run(ctx) {
      const sr = nfsSr(ctx);
      await ctx.xapi.call('SR.set_name_label', sr, 'NFS renamed');
      expect(rec(ctx, 'SR', sr).name_label).toBe('NFS renamed');
      await ctx.xapi.call('SR.set_name_label', sr, 'NFS shared storage');
    },
  },
  {
    fn: 'SR.set_name_description',
    async run(ctx) {
      const sr = nfsSr(ctx);
      await ctx.xapi.call('SR.set_name_description', sr, 'walk description');
      expect(await ctx.xapi.call('SR.get_name_description', sr)).toBe('walk description');
    },
  },
  {
    fn: 'SR.set_physical_size',
    async run(ctx) {
      const sr = nfsSr(ctx);
      await ctx.xapi.call('SR.set_physical_size', sr, 9000 * GiB);
      expect(rec(ctx, 'SR', sr).physical_size).toBe(9000 * GiB);
    },
  },
  {
    fn: 'SR.set_shared',
    async run(ctx) {
      const sr = nfsSr(ctx);
      const pbds = rec(ctx, 'SR', sr).PBDs as string[];
      const e = await expectError(ctx.xapi.call('SR.set_shared', sr, false), 'SR_HAS_MULTIPLE_PBDS');
      expect(new Set(e.params)).toEqual(new Set(pbds));
      expect(rec(ctx, 'SR', sr).shared).toBe(true);
      const local = find(ctx, 'SR', (r) => r.name_label === 'Local storage');
      await ctx.xapi.call('SR.set_shared', local, true);
      expect(rec(ctx, 'SR', local).shared).toBe(true);
      await ctx.xapi.call('SR.set_shared', local, false);
      expect(rec(ctx, 'SR', local).shared).toBe(false);
    },
  },
  {
    fn: 'SR.probe',
    async run(ctx) {
      const host = hosts(ctx)[0];
      const e = await expectError(ctx.xapi.call('SR.probe', host, { server: 'storage.demo' }, 'nfs', {}), 'SR_BACKEND_FAILURE_101');
      expect(e.params[2]).toMatch(/<nfs-exports>[\s\S]*<Path>/);
      const xml = await ctx.xapi.call('SR.probe', host, { server: 'storage.demo', serverpath: '/vms' }, 'nfs', {});
      expect(xml).toMatch(/^<\?xml version="1.0" \?>\n<SRlist>/);
      expect(xml).toContain(`<UUID>${String(rec(ctx, 'SR', nfsSr(ctx)).uuid)}</UUID>`);
      await expectError(ctx.xapi.call('SR.probe', host, {}, 'nosuchdriver', {}), 'SR_UNKNOWN_DRIVER', ['nosuchdriver']);
    },
  },
  // ---------- SR lifecycle ----------
  {
    fn: 'SR.create',
    async run(ctx) {
      const [master] = hosts(ctx);
      const before = ctx.sim.records('SR').size;
      await expectError(ctx.xapi.call('SR.create', master, { serverpath: '/x' }, 0, 'bad', '', 'nfs', 'user', true, {}), 'SR_BACKEND_FAILURE_102',
        ['', 'The request is missing the server parameter', '']);
      expect(ctx.sim.records('SR').size).toBe(before);
      const c = await ctx.xapi.callAsync('SR.create', master, { server: 'storage.demo', serverpath: '/vms' }, 0, 'walk NFS', 'created by the walk', 'NFS', 'user', true, {});
      const sr = await c.result;
      st.sr = sr;
      const r = rec(ctx, 'SR', sr);
      expect(r).toMatchObject({ name_label: 'walk NFS', type: 'nfs', content_type: 'user', shared: true, virtual_allocation: 0, physical_utilisation: 0 });
      expect(Number(r.physical_size)).toBeGreaterThan(0);
      const pbds = (r.PBDs as string[]).map((p) => rec(ctx, 'PBD', p));
      expect(pbds.map((p) => p.host).sort()).toEqual([...hosts(ctx)].sort());
      for (const p of pbds) expect(p).toMatchObject({ SR: sr, currently_attached: true, device_config: { server: 'storage.demo', serverpath: '/vms' } });
      for (const h of hosts(ctx)) expect((rec(ctx, 'host', h).PBDs as string[]).some((p) => rec(ctx, 'PBD', p).SR === sr)).toBe(true);
      expect(set(r.allowed_operations)).toEqual(ATTACHED_OPS);
    },
  },
  {
    fn: 'SR.scan',
    async run(ctx) {
      const sr = st.sr!;
      const vdi = await ctx.xapi.call('VDI.create', { SR: sr, name_label: 'walk disk', virtual_size: 2 * GiB, type: 'user', sharable: false, read_only: false, other_config: {} } as never);
      // drift the accounting, as an out-of-band change would, then let scan reconcile it
      await (await ctx.xapi.callAsync('SR.scan', sr)).result;
      const r = rec(ctx, 'SR', sr);
      expect(r.virtual_allocation).toBe(2 * GiB);
      expect(r.physical_utilisation).toBe(rec(ctx, 'VDI', vdi).physical_utilisation);
      expect(r.VDIs).toContain(vdi);
      expect(r.current_operations).toEqual({});
      expect(r.allowed_operations).not.toContain('destroy'); // it holds a managed VDI
    },
  },
  {
    fn: 'SR.update',
    async run(ctx) {
      await ctx.xapi.call('SR.update', st.sr!);
      const local = find(ctx, 'SR', (r) => r.name_label === 'Local storage');
      await ctx.xapi.call('SR.update', local);
      expect(Number(rec(ctx, 'SR', local).physical_utilisation)).toBeGreaterThan(0);
    },
  },
  {
    fn: 'SR.enable_database_replication',
    async run(ctx) {
      const iso = find(ctx, 'SR', (r) => r.type === 'iso');
      await expectError(ctx.xapi.call('SR.enable_database_replication', iso), 'SR_OPERATION_NOT_SUPPORTED', [iso]);
      const local = find(ctx, 'SR', (r) => r.name_label === 'Local storage');
      await expectError(ctx.xapi.call('SR.enable_database_replication', local), 'SR_HAS_NO_PBDS', [local]);
      const sr = st.sr!;
      const va = Number(rec(ctx, 'SR', sr).virtual_allocation);
      await (await ctx.xapi.callAsync('SR.enable_database_replication', sr)).result;
      const md = (rec(ctx, 'SR', sr).VDIs as string[]).map((v) => rec(ctx, 'VDI', v)).filter((v) => v.type === 'metadata');
      expect(md).toHaveLength(1);
      expect(md[0]).toMatchObject({ name_label: 'Metadata for DR', metadata_of_pool: [...ctx.sim.records('pool').keys()][0], managed: true });
      expect(Number(rec(ctx, 'SR', sr).virtual_allocation)).toBe(va + Number(md[0].virtual_size));
    },
  },
  {
    fn: 'SR.disable_database_replication',
    async run(ctx) {
      const sr = st.sr!;
      await ctx.xapi.call('SR.disable_database_replication', sr);
      expect((rec(ctx, 'SR', sr).VDIs as string[]).map((v) => rec(ctx, 'VDI', v)).some((v) => v.type === 'metadata')).toBe(false);
      expect(rec(ctx, 'SR', sr).virtual_allocation).toBe(2 * GiB);
    },
  },
  // ---------- PBD ----------
  ...listers('PBD', (ctx) => (rec(ctx, 'SR', st.sr!).PBDs as string[])[0], ['get_all', 'get_record']),
  ...['host', 'SR', 'currently_attached'].map((f) => getter('PBD', f, (ctx) => (rec(ctx, 'SR', st.sr!).PBDs as string[])[0])),
  {
    fn: 'PBD.unplug',
    async run(ctx) {
      // the shared NFS SR holds disks of VMs running on every host
      const nfsPbd = (rec(ctx, 'SR', nfsSr(ctx)).PBDs as string[])[0];
      const e = await expectError(ctx.xapi.call('PBD.unplug', nfsPbd), 'VDI_IN_USE');
      expect(e.params.length).toBeGreaterThan(0);
      for (const v of e.params) expect(rec(ctx, 'VDI', v).SR).toBe(nfsSr(ctx));
      expect(rec(ctx, 'PBD', nfsPbd).currently_attached).toBe(true);
      const sr = st.sr!;
      const pbds = rec(ctx, 'SR', sr).PBDs as string[];
      await (await ctx.xapi.callAsync('PBD.unplug', pbds[0])).result;
      expect(rec(ctx, 'PBD', pbds[0]).currently_attached).toBe(false);
      expect(rec(ctx, 'SR', sr).allowed_operations).not.toContain('forget'); // others still attached
      for (const p of pbds.slice(1)) await ctx.xapi.call('PBD.unplug', p);
      const r = rec(ctx, 'SR', sr);
      expect(r.allowed_operations).toContain('forget');
      await expectError(ctx.xapi.call('VDI.create', { SR: sr, name_label: 'x', virtual_size: GiB, type: 'user' } as never), 'SR_HAS_NO_PBDS', [sr]);
    },
  },
  {
    fn: 'PBD.plug',
    async run(ctx) {
      const sr = st.sr!;
      const pbds = rec(ctx, 'SR', sr).PBDs as string[];
      await (await ctx.xapi.callAsync('PBD.plug', pbds[0])).result;
      expect(rec(ctx, 'PBD', pbds[0]).currently_attached).toBe(true);
      expect(rec(ctx, 'SR', sr).allowed_operations).not.toContain('forget');
      await ctx.xapi.call('PBD.plug', pbds[0]); // already attached: no-op
      // a local SR attached on one host cannot be plugged on another
      const local = find(ctx, 'SR', (r) => r.name_label === 'Local storage' && r.shared === false);
      const owner = String(rec(ctx, 'PBD', (rec(ctx, 'SR', local).PBDs as string[])[0]).host);
      const other = hosts(ctx).find((h) => h !== owner)!;
      const extra = await ctx.xapi.call('PBD.create', { host: other, SR: local, device_config: { device: '/dev/sdb' }, other_config: {} } as unknown as PBDRecord);
      // SEMANTICS.md 7.5: the error names the host the SR is already attached on
      await expectError(ctx.xapi.call('PBD.plug', extra), 'SR_NOT_SHARABLE', [local, owner]);
      await ctx.xapi.call('PBD.destroy', extra);
    },
  },
  {
    fn: 'SR.destroy',
    async run(ctx) {
      const sr = st.sr!;
      await expectError(ctx.xapi.call('SR.destroy', sr), 'SR_HAS_PBD', [sr]);
      const vdis = [...(rec(ctx, 'SR', sr).VDIs as string[])];
      const pbds = [...(rec(ctx, 'SR', sr).PBDs as string[])];
      await ctx.xapi.call('PBD.unplug', pbds[0]);
      await expectError(ctx.xapi.call('SR.destroy', sr), 'SR_NOT_EMPTY', []);
      await ctx.xapi.call('PBD.plug', pbds[0]);
      for (const v of vdis) await ctx.xapi.call('VDI.destroy', v);
      expect(rec(ctx, 'SR', sr).virtual_allocation).toBe(0);
      await ctx.xapi.call('PBD.unplug', pbds[0]);
      expect(rec(ctx, 'SR', sr).allowed_operations).toContain('destroy');
      await (await ctx.xapi.callAsync('SR.destroy', sr)).result;
      gone(ctx, 'SR', sr);
      for (const p of pbds) gone(ctx, 'PBD', p);
      for (const h of hosts(ctx)) for (const p of pbds) expect(rec(ctx, 'host', h).PBDs).not.toContain(p);
    },
  },
  {
    fn: 'PBD.create',
    async run(ctx) {
      const sr = (await rpc(ctx.url, 'SR.introduce', ctx.session, '', 'walk introduced', '', 'nfs', 'user', true, {})) as string;
      st.intro = sr;
      expect(rec(ctx, 'SR', sr)).toMatchObject({ PBDs: [], physical_size: 0, shared: true });
      const host = hosts(ctx)[1];
      const pbd = await ctx.xapi.call('PBD.create', { host, SR: sr, device_config: { server: 'nfs3', serverpath: '/p' }, other_config: {} } as unknown as PBDRecord);
      st.introPbd = pbd;
      expect(rec(ctx, 'PBD', pbd)).toMatchObject({ host, SR: sr, currently_attached: false, device_config: { server: 'nfs3', serverpath: '/p' } });
      expect(rec(ctx, 'SR', sr).PBDs).toEqual([pbd]);
      expect(rec(ctx, 'host', host).PBDs).toContain(pbd);
      await expectError(ctx.xapi.call('PBD.create', { host, SR: sr, device_config: {}, other_config: {} } as unknown as PBDRecord), 'PBD_EXISTS', [sr, host, pbd]);
      await ctx.xapi.call('PBD.plug', pbd);
      expect(rec(ctx, 'SR', sr).allowed_operations).toContain('vdi_create');
    },
  },
  {
    fn: 'PBD.destroy',
    async run(ctx) {
      const pbd = st.introPbd!;
      await expectError(ctx.xapi.call('PBD.destroy', pbd), 'OPERATION_NOT_ALLOWED', ['PBD is currently attached']);
      await ctx.xapi.call('PBD.unplug', pbd);
      await ctx.xapi.call('PBD.destroy', pbd);
      gone(ctx, 'PBD', pbd);
      expect(rec(ctx, 'SR', st.intro!).PBDs).toEqual([]);
      expect(rec(ctx, 'SR', st.intro!).allowed_operations).not.toContain('destroy'); // no PBD at all
    },
  },
  {
    fn: 'SR.forget',
    async run(ctx) {
      const sr = st.intro!;
      const vdi = (await rpc(ctx.url, 'VDI.introduce', ctx.session, '', 'known disk', '', sr, 'user', false, false, {}, 'loc-1', {}, {}, true, GiB, 0, NULL, false, '19700101T00:00:00Z', NULL)) as string;
      await (await ctx.xapi.callAsync('SR.forget', sr)).result;
      gone(ctx, 'SR', sr);
      gone(ctx, 'VDI', vdi);
      const nfs = nfsSr(ctx);
      await expectError(ctx.xapi.call('SR.forget', nfs), 'SR_HAS_PBD', [nfs]);
    },
  },
  // ---------- network ----------
  {
    fn: 'network.create',
    async run(ctx) {
      const net = await ctx.xapi.call('network.create', { name_label: 'walk net', name_description: 'private', MTU: 0, other_config: {}, bridge: '', tags: [] } as unknown as NetworkRecord);
      st.net = net;
      const r = rec(ctx, 'network', net);
      expect(r).toMatchObject({ name_label: 'walk net', MTU: 1500, managed: true, PIFs: [], VIFs: [], purpose: [], default_locking_mode: 'unlocked' });
      expect(String(r.bridge)).toMatch(/^xapi\d+$/);
      await expectError(ctx.xapi.call('network.create', { name_label: 'x', bridge: 'xenbr7' } as unknown as NetworkRecord), 'INVALID_VALUE', ['bridge', 'xenbr7']);
      await ctx.xapi.call('network.create', { name_label: 'b1', bridge: 'walkbr' } as unknown as NetworkRecord);
      await expectError(ctx.xapi.call('network.create', { name_label: 'b2', bridge: 'walkbr' } as unknown as NetworkRecord), 'BRIDGE_NAME_EXISTS', ['walkbr']);
    },
  },
  ...listers('network', () => st.net!, ['get_all', 'get_all_records', 'get_by_uuid', 'get_by_name_label', 'get_record']),
  ...['name_label', 'bridge', 'VIFs', 'PIFs'].map((f) => getter('network', f, (ctx) => find(ctx, 'network', (r) => r.bridge === 'xenbr0'))),
  {
    fn: 'network.set_name_label',
    async run(ctx) { await ctx.xapi.call('network.set_name_label', st.net!, 'walk net 2'); expect(rec(ctx, 'network', st.net!).name_label).toBe('walk net 2'); },
  },
  {
    fn: 'network.set_name_description',
    async run(ctx) { await ctx.xapi.call('network.set_name_description', st.net!, 'd2'); expect(rec(ctx, 'network', st.net!).name_description).toBe('d2'); },
  },
  {
    fn: 'network.add_to_other_config',
    async run(ctx) {
      await ctx.xapi.call('network.add_to_other_config', st.net!, 'k', 'v');
      expect(rec(ctx, 'network', st.net!).other_config).toMatchObject({ k: 'v' });
      await expectError(ctx.xapi.call('network.add_to_other_config', st.net!, 'k', 'w'), 'MAP_DUPLICATE_KEY', ['network', 'other_config', st.net!, 'k']);
    },
  },
  // ---------- VIF ----------
  {
    fn: 'VIF.create',
    async run(ctx) {
      const vm = runningVm(ctx);
      const seed = String((rec(ctx, 'VM', vm).other_config as Rec).mac_seed ?? '');
      if (!seed) await ctx.xapi.call('VM.add_to_other_config', vm, 'mac_seed', '3f1b0c2e-1111-4222-8333-444455556666');
      const s = String((rec(ctx, 'VM', vm).other_config as Rec).mac_seed);
      await expectError(ctx.xapi.call('VIF.create', { VM: vm, network: st.net!, device: 'autodetect', MAC: '', MTU: 1500, other_config: {} } as unknown as VIFRecord), 'INVALID_DEVICE', ['autodetect']);
      await expectError(ctx.xapi.call('VIF.create', { VM: vm, network: st.net!, device: '0', MAC: '', MTU: 1500, other_config: {} } as unknown as VIFRecord), 'DEVICE_ALREADY_EXISTS', ['0']);
      await expectError(ctx.xapi.call('VIF.create', { VM: vm, network: st.net!, device: '4', MAC: 'zz:00', MTU: 1500, other_config: {} } as unknown as VIFRecord), 'MAC_INVALID', ['zz:00']);
      const vif = await ctx.xapi.call('VIF.create', { VM: vm, network: st.net!, device: '3', MAC: '', MTU: 1500, other_config: {}, qos_algorithm_type: '', qos_algorithm_params: {}, locking_mode: 'network_default', ipv4_allowed: [], ipv6_allowed: [] } as unknown as VIFRecord);
      st.vif = vif;
      const r = rec(ctx, 'VIF', vif);
      expect(r).toMatchObject({ VM: vm, network: st.net!, device: '3', MAC: mac(s, 3), MAC_autogenerated: true, currently_attached: false, locking_mode: 'network_default' });
      expect(ctx.sim.records('VIF_metrics').has(String(r.metrics))).toBe(true);
      expect(rec(ctx, 'VM', vm).VIFs).toContain(vif);
      expect(rec(ctx, 'network', st.net!).VIFs).toEqual([vif]);
      expect(set(r.allowed_operations)).toEqual(new Set(['attach', 'plug']));
    },
  },
  ...listers('VIF', () => st.vif!, ['get_all', 'get_record']),
  ...['VM', 'network', 'device', 'MAC', 'currently_attached'].map((f) => getter('VIF', f, () => st.vif!)),
  {
    fn: 'VIF.set_locking_mode',
    async run(ctx) { await ctx.xapi.call('VIF.set_locking_mode', st.vif!, 'unlocked'); expect(rec(ctx, 'VIF', st.vif!).locking_mode).toBe('unlocked'); },
  },
  {
    fn: 'VIF.plug',
    async run(ctx) {
      await (await ctx.xapi.callAsync('VIF.plug', st.vif!)).result;
      expect(rec(ctx, 'VIF', st.vif!).currently_attached).toBe(true);
      expect(set(rec(ctx, 'VIF', st.vif!).allowed_operations)).toEqual(new Set(['attach', 'unplug']));
      await expectError(ctx.xapi.call('VIF.plug', st.vif!), 'DEVICE_ALREADY_ATTACHED', [st.vif!]);
      const halted = find(ctx, 'VM', (r) => r.power_state === 'Halted' && !r.is_a_template && (r.VIFs as string[]).length > 0);
      const hv = (rec(ctx, 'VM', halted).VIFs as string[])[0];
      await expectError(ctx.xapi.call('VIF.plug', hv), 'VM_BAD_POWER_STATE', [halted, 'running', 'halted']);
    },
  },
  {
    fn: 'network.destroy',
    async run(ctx) {
      await expectError(ctx.xapi.call('network.destroy', st.net!), 'NETWORK_CONTAINS_VIF', [st.vif!]);
      const storage = find(ctx, 'network', (r) => r.bridge === 'xenbr1');
      const e = await expectError(ctx.xapi.call('network.destroy', storage), 'NETWORK_CONTAINS_PIF');
      expect(new Set(e.params)).toEqual(set(rec(ctx, 'network', storage).PIFs));
      const spare = find(ctx, 'network', (r) => r.bridge === 'walkbr');
      await ctx.xapi.call('network.destroy', spare);
      gone(ctx, 'network', spare);
    },
  },
  {
    fn: 'VIF.unplug',
    async run(ctx) {
      await ctx.xapi.call('VIF.unplug', st.vif!);
      expect(rec(ctx, 'VIF', st.vif!).currently_attached).toBe(false);
      expect(set(rec(ctx, 'VIF', st.vif!).allowed_operations)).toEqual(new Set(['attach', 'plug']));
      await expectError(ctx.xapi.call('VIF.unplug', st.vif!), 'DEVICE_ALREADY_DETACHED', [st.vif!]);
    },
  },
  {
    fn: 'VIF.destroy',
    async run(ctx) {
      const vif = st.vif!;
      const vm = String(rec(ctx, 'VIF', vif).VM);
      const metrics = String(rec(ctx, 'VIF', vif).metrics);
      await ctx.xapi.call('VIF.plug', vif);
      await expectError(ctx.xapi.call('VIF.destroy', vif), 'OPERATION_NOT_ALLOWED', ['VIF currently attached to a running VM']);
      await ctx.xapi.call('VIF.unplug', vif);
      await ctx.xapi.call('VIF.destroy', vif);
      gone(ctx, 'VIF', vif);
      gone(ctx, 'VIF_metrics', metrics);
      expect(rec(ctx, 'VM', vm).VIFs).not.toContain(vif);
      expect(rec(ctx, 'network', st.net!).VIFs).toEqual([]);
    },
  },
  // ---------- PIF ----------
  ...listers('PIF', mgmtPif, ['get_all', 'get_record']),
  ...['device', 'network', 'host', 'MAC', 'IP', 'currently_attached'].map((f) => getter('PIF', f, mgmtPif)),
  {
    fn: 'PIF.reconfigure_ip',
    async run(ctx) {
      const eth1 = pifOf(ctx, hosts(ctx)[0], 'eth1');
      await expectError(ctx.xapi.call('PIF.reconfigure_ip', eth1, 'Static', '10.1.1.300', '255.255.255.0', '', ''), 'INVALID_IP_ADDRESS_SPECIFIED', ['IP']);
      await expectError(ctx.xapi.call('PIF.reconfigure_ip', eth1, 'Static', '10.1.1.5', '', '', ''), 'INVALID_IP_ADDRESS_SPECIFIED', ['netmask']);
      await expectError(ctx.xapi.call('PIF.reconfigure_ip', mgmtPif(ctx), 'None', '', '', '', ''), 'PIF_IS_MANAGEMENT_INTERFACE', [mgmtPif(ctx)]);
      await (await ctx.xapi.callAsync('PIF.reconfigure_ip', eth1, 'Static', '10.1.1.5', '255.255.255.0', '10.1.1.1', '10.1.1.2,fe80::1')).result;
      expect(rec(ctx, 'PIF', eth1)).toMatchObject({ ip_configuration_mode: 'Static', IP: '10.1.1.5', netmask: '255.255.255.0', gateway: '10.1.1.1', DNS: '10.1.1.2', currently_attached: true });
      await ctx.xapi.call('PIF.reconfigure_ip', eth1, 'DHCP', '', '', '', '');
      expect(rec(ctx, 'PIF', eth1).ip_configuration_mode).toBe('DHCP');
      expect(String(rec(ctx, 'PIF', eth1).IP)).toMatch(/^192\.168\./);
      await ctx.xapi.call('PIF.reconfigure_ip', eth1, 'Static', '10.1.1.5', '255.255.255.0', '', '');
    },
  },
  {
    fn: 'PIF.unplug',
    async run(ctx) {
      await expectError(ctx.xapi.call('PIF.unplug', mgmtPif(ctx)), 'PIF_IS_MANAGEMENT_INTERFACE', [mgmtPif(ctx)]);
      const eth1 = pifOf(ctx, hosts(ctx)[0], 'eth1');
      await ctx.xapi.call('PIF.unplug', eth1);
      expect(rec(ctx, 'PIF', eth1).currently_attached).toBe(false);
    },
  },
  {
    fn: 'PIF.plug',
    async run(ctx) {
      const eth1 = pifOf(ctx, hosts(ctx)[0], 'eth1');
      await (await ctx.xapi.callAsync('PIF.plug', eth1)).result;
      expect(rec(ctx, 'PIF', eth1).currently_attached).toBe(true);
    },
  },
  {
    fn: 'PIF.create_VLAN',
    async run(ctx) {
      const host = hosts(ctx)[0];
      const vnet = await ctx.xapi.call('network.create', { name_label: 'VLAN 42', bridge: '', MTU: 1500, other_config: {} } as unknown as NetworkRecord);
      st.vlanNet = vnet;
      await expectError(ctx.xapi.call('PIF.create_VLAN', 'eth9', vnet, host, 42), 'INVALID_VALUE', ['device', 'eth9']);
      await expectError(ctx.xapi.call('PIF.create_VLAN', 'eth1', vnet, host, 4095), 'VLAN_TAG_INVALID', ['4095']);
      const pif = await ctx.xapi.call('PIF.create_VLAN', 'eth1', vnet, host, 42);
      const eth1 = pifOf(ctx, host, 'eth1');
      const r = rec(ctx, 'PIF', pif);
      expect(r).toMatchObject({ device: 'eth1', network: vnet, host, VLAN: 42, MAC: 'fe:ff:ff:ff:ff:ff', physical: false, management: false, currently_attached: true, ip_configuration_mode: 'None', metrics: rec(ctx, 'PIF', eth1).metrics });
      const vlan = String(r.VLAN_master_of);
      expect(rec(ctx, 'VLAN', vlan)).toMatchObject({ tagged_PIF: eth1, untagged_PIF: pif, tag: 42 });
      expect(rec(ctx, 'PIF', eth1).VLAN_slave_of).toContain(vlan);
      expect(rec(ctx, 'host', host).PIFs).toContain(pif);
      expect(rec(ctx, 'network', vnet).PIFs).toEqual([pif]);
      st.vlanPif = pif;
    },
  },
  {
    fn: 'PIF.destroy',
    async run(ctx) {
      const eth1 = pifOf(ctx, hosts(ctx)[0], 'eth1');
      await expectError(ctx.xapi.call('PIF.destroy', eth1), 'PIF_IS_PHYSICAL', []);
      const pif = st.vlanPif!;
      const vlan = String(rec(ctx, 'PIF', pif).VLAN_master_of);
      await ctx.xapi.call('PIF.destroy', pif);
      gone(ctx, 'PIF', pif);
      gone(ctx, 'VLAN', vlan);
      expect(rec(ctx, 'PIF', eth1).VLAN_slave_of).toEqual([]);
      expect(rec(ctx, 'network', st.vlanNet!).PIFs).toEqual([]);
    },
  },
  // ---------- VLAN ----------
  {
    fn: 'VLAN.create',
    async run(ctx) {
      const eth1 = pifOf(ctx, hosts(ctx)[1], 'eth1');
      const vlan = await (await ctx.xapi.callAsync('VLAN.create', eth1, 7, st.vlanNet!)).result;
      st.vlan = vlan;
      const v = rec(ctx, 'VLAN', vlan);
      expect(v).toMatchObject({ tagged_PIF: eth1, tag: 7 });
      expect(rec(ctx, 'PIF', String(v.untagged_PIF))).toMatchObject({ VLAN: 7, network: st.vlanNet!, VLAN_master_of: vlan, currently_attached: true });
      const other = await ctx.xapi.call('network.create', { name_label: 'other', bridge: '', MTU: 1500, other_config: {} } as unknown as NetworkRecord);
      await expectError(ctx.xapi.call('VLAN.create', eth1, 7, other), 'PIF_VLAN_EXISTS', ['eth1']);
      await expectError(ctx.xapi.call('VLAN.create', eth1, 8, st.vlanNet!), 'NETWORK_ALREADY_CONNECTED', [hosts(ctx)[1], String(v.untagged_PIF)]);
      await expectError(ctx.xapi.call('VLAN.create', String(v.untagged_PIF), 9, other), 'PIF_IS_VLAN', [String(v.untagged_PIF)]);
    },
  },
  ...listers('VLAN', () => st.vlan!, ['get_record']),
  {
    fn: 'VLAN.destroy',
    async run(ctx) {
      const vlan = st.vlan!;
      const pif = String(rec(ctx, 'VLAN', vlan).untagged_PIF);
      await ctx.xapi.call('VLAN.destroy', vlan);
      gone(ctx, 'VLAN', vlan);
      gone(ctx, 'PIF', pif);
    },
  },
  // ---------- tunnel ----------
  {
    fn: 'tunnel.create',
    async run(ctx) {
      const host = hosts(ctx)[1];
      const eth1 = pifOf(ctx, host, 'eth1'); // no IP configuration
      const tnet = await ctx.xapi.call('network.create', { name_label: 'tunnel net', bridge: '', MTU: 1500, other_config: {} } as unknown as NetworkRecord);
      await expectError(ctx.xapi.call('tunnel.create', eth1, tnet, 'gre'), 'TRANSPORT_PIF_NOT_CONFIGURED', [eth1]);
      const eth0 = pifOf(ctx, host, 'eth0');
      const t = await (await ctx.xapi.callAsync('tunnel.create', eth0, tnet, 'vxlan')).result;
      const tr = rec(ctx, 'tunnel', t);
      expect(tr).toMatchObject({ transport_PIF: eth0, protocol: 'vxlan', status: { active: 'false' } });
      const access = rec(ctx, 'PIF', String(tr.access_PIF));
      expect(access).toMatchObject({ device: 'tunnel0', network: tnet, host, currently_attached: true, physical: false, metrics: rec(ctx, 'PIF', eth0).metrics });
      expect(String(access.MAC)).toMatch(/^[0-9a-f][26ae](:[0-9a-f]{2}){5}$/);
      expect(rec(ctx, 'PIF', eth0).tunnel_transport_PIF_of).toContain(t);
      expect(access.tunnel_access_PIF_of).toEqual([t]);
      await expectError(ctx.xapi.call('tunnel.create', String(tr.access_PIF), st.vlanNet!, 'gre'), 'IS_TUNNEL_ACCESS_PIF', [String(tr.access_PIF)]);
    },
  },
  {
    fn: 'tunnel.destroy',
    async run(ctx) {
      const t = find(ctx, 'tunnel', () => true);
      const access = String(rec(ctx, 'tunnel', t).access_PIF);
      const transport = String(rec(ctx, 'tunnel', t).transport_PIF);
      await ctx.xapi.call('tunnel.destroy', t);
      gone(ctx, 'tunnel', t);
      gone(ctx, 'PIF', access);
      expect(rec(ctx, 'PIF', transport).tunnel_transport_PIF_of).toEqual([]);
    },
  },
  // ---------- Bond ----------
  {
    fn: 'Bond.create',
    async run(ctx) {
      const [h0, h1] = hosts(ctx);
      const bnet = await ctx.xapi.call('network.create', { name_label: 'bond net', bridge: '', MTU: 1500, other_config: {} } as unknown as NetworkRecord);
      st.bondNet = bnet;
      await expectError(ctx.xapi.call('Bond.create', bnet, [], '', 'active-backup', {}), 'PIF_BOND_NEEDS_MORE_MEMBERS', []);
      await expectError(ctx.xapi.call('Bond.create', bnet, [pifOf(ctx, h0, 'eth1'), pifOf(ctx, h1, 'eth1')], '', 'active-backup', {}), 'PIF_CANNOT_BOND_CROSS_HOST', []);
      const eth0 = pifOf(ctx, h1, 'eth0'), eth1 = pifOf(ctx, h1, 'eth1');
      const e0 = { ...rec(ctx, 'PIF', eth0) };
      const net0 = String(e0.network);
      const localVifs = [...ctx.sim.records('VIF')].filter(([, v]) => v.network === net0 && rec(ctx, 'VM', String(v.VM)).resident_on === h1).map(([r]) => r);
      const bond = await (await ctx.xapi.callAsync('Bond.create', bnet, [eth0, eth1], '', 'lacp', { 'lacp-time': 'fast' })).result;
      st.bond = bond;
      const b = rec(ctx, 'Bond', bond);
      expect(b).toMatchObject({ primary_slave: eth0, mode: 'lacp', links_up: 0, auto_update_mac: true, properties: { hashing_algorithm: 'tcpudp_ports', 'lacp-time': 'fast', 'lacp-fallback-ab': 'true' } });
      expect(set(b.slaves)).toEqual(new Set([eth0, eth1]));
      const master = rec(ctx, 'PIF', String(b.master));
      expect(master).toMatchObject({ device: 'bond0', network: bnet, host: h1, MAC: e0.MAC, physical: false, VLAN: -1, management: true, ip_configuration_mode: e0.ip_configuration_mode, IP: e0.IP, netmask: e0.netmask, currently_attached: true, bond_master_of: [bond] });
      for (const m of [eth0, eth1]) expect(rec(ctx, 'PIF', m)).toMatchObject({ bond_slave_of: bond, currently_attached: false });
      expect(rec(ctx, 'PIF', eth0)).toMatchObject({ management: false, ip_configuration_mode: 'None', IP: '' });
      for (const v of localVifs) expect(rec(ctx, 'VIF', v).network).toBe(bnet);
      await expectError(ctx.xapi.call('PIF.plug', eth1), 'CANNOT_PLUG_BOND_SLAVE', [eth1]);
      await expectError(ctx.xapi.call('Bond.create', bnet, [eth1], '', 'active-backup', {}), 'NETWORK_ALREADY_CONNECTED', [h1, String(b.master)]);
    },
  },
  ...listers('Bond', () => st.bond!, ['get_record']),
  {
    fn: 'Bond.destroy',
    async run(ctx) {
      const bond = st.bond!;
      const b = rec(ctx, 'Bond', bond);
      const master = String(b.master);
      const m = { ...rec(ctx, 'PIF', master) };
      const [eth0, eth1] = [String(b.primary_slave), (b.slaves as string[]).find((s) => s !== b.primary_slave)!];
      const net0 = String(rec(ctx, 'PIF', eth0).network);
      const moved = [...ctx.sim.records('VIF')].filter(([, v]) => v.network === st.bondNet).map(([r]) => r);
      await (await ctx.xapi.callAsync('Bond.destroy', bond)).result;
      gone(ctx, 'Bond', bond);
      gone(ctx, 'PIF', master);
      expect(rec(ctx, 'PIF', eth0)).toMatchObject({ bond_slave_of: NULL, management: true, IP: m.IP, ip_configuration_mode: m.ip_configuration_mode, currently_attached: true });
      expect(rec(ctx, 'PIF', eth1)).toMatchObject({ bond_slave_of: NULL, currently_attached: true });
      for (const v of moved) expect(rec(ctx, 'VIF', v).network).toBe(net0);
    },
  },
];

const family: RefFamily = { name: 'SR, PBD and networking', simulator: { hosts: 3, vms: 20 }, cases };
export default family;
