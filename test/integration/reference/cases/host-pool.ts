// Reference walk, family "host and pool": every host.* and pool.* function of the reference that the
// data model has (host.get_memory_total/free and pool.ha_enable/disable are not in it). Cases run in
// order on one simulator; the two that restart the toolstack (emergency transition, restart_agent)
// come last, each with its own fresh login where it needs one.
import { expect } from 'vitest';
import { login as productLogin, SessionClient } from '../../../../electron/core/xapi/session';
import { TypedXapi } from '../../../../electron/core/xapi/typed-client';
import { XapiError } from '../../../../electron/core/xapi/errors';
import { rpc, RpcError } from '../../../support/xapi-rpc';
import type { RefCase, RefCtx, RefFamily } from '../types';
import { type Rec, NULL, callAny, find, rec } from '../helpers';


const poolRef = (ctx: RefCtx): string => [...ctx.sim.records('pool').keys()][0];
const pool = (ctx: RefCtx): Rec => rec(ctx, 'pool', poolRef(ctx));
const master = (ctx: RefCtx): string => String(pool(ctx).master);
const hosts = (ctx: RefCtx): string[] => [...ctx.sim.records('host').keys()];
const member = (ctx: RefCtx): string => hosts(ctx).find((h) => h !== master(ctx))!;
const metrics = (ctx: RefCtx, h: string): Rec => rec(ctx, 'host_metrics', String(rec(ctx, 'host', h).metrics));
const guests = (ctx: RefCtx, h: string): string[] =>
  [...ctx.sim.records('VM')].filter(([, v]) => v.resident_on === h && !v.is_control_domain).map(([r]) => r);
const srWhere = (ctx: RefCtx, pred: (s: Rec) => boolean): string => [...ctx.sim.records('SR')].find(([, s]) => pred(s))![0];
const rejected = async (p: Promise<unknown>): Promise<XapiError> => {
  const e = await p.then(() => { throw new Error('expected a XAPI error'); }, (err: unknown) => err);
  expect(e).toBeInstanceOf(XapiError);
  return e as XapiError;
};
const until = async (pred: () => boolean, ms = 4000): Promise<void> => {
  const end = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > end) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 10));
  }
};
/** Hard-shuts every guest of h that an evacuation plan refuses (local disks, paused). */
async function clearBlockers(ctx: RefCtx, h: string): Promise<void> {
  const map = await ctx.xapi.call('host.get_vms_which_prevent_evacuation', h);
  for (const vm of Object.keys(map)) await ctx.xapi.call('VM.hard_shutdown', vm);
}

function getter(cls: 'host' | 'pool', field: string): RefCase {
  return {
    fn: `${cls}.get_${field}`,
    async run(ctx) {
      const ref = cls === 'host' ? master(ctx) : poolRef(ctx);
      const v = await callAny(ctx, `${cls}.get_${field}`, ref);
      expect(v).toEqual(rec(ctx, cls, ref)[field]);
      expect(await rpc(ctx.url, `${cls}.get_${field}`, ctx.session, ref)).toEqual(v);
    },
  };
}
function setter(cls: 'host' | 'pool', field: string, value: string): RefCase {
  return {
    fn: `${cls}.set_${field}`,
    async run(ctx) {
      const ref = cls === 'host' ? member(ctx) : poolRef(ctx);
      await callAny(ctx, `${cls}.set_${field}`, ref, value);
      expect(rec(ctx, cls, ref)[field]).toBe(value);
      expect(await rpc(ctx.url, `${cls}.get_${field}`, ctx.session, ref)).toBe(value);
    },
  };
}
function srSetter(field: 'default_SR' | 'suspend_image_SR' | 'crash_dump_SR', hostField?: string): RefCase {
  return {
    fn: `pool.set_${field}`,
    async run(ctx) {
      const local = srWhere(ctx, (s) => s.shared === false);
      await callAny(ctx, `pool.set_${field}`, poolRef(ctx), local);
      expect(pool(ctx)[field]).toBe(local);
      if (hostField) for (const h of hosts(ctx)) expect(rec(ctx, 'host', h)[hostField]).toBe(local);
      const nfs = srWhere(ctx, (s) => s.type === 'nfs');
      await callAny(ctx, `pool.set_${field}`, poolRef(ctx), nfs);
      expect(await callAny(ctx, `pool.get_${field}`, poolRef(ctx))).toBe(nfs);
    },
  };
}

const cases: RefCase[] = [
  // ---- host queries ----
  { fn: 'host.get_all', async run(ctx) { expect(new Set(await ctx.xapi.call('host.get_all'))).toEqual(new Set(hosts(ctx))); } },
  {
    fn: 'host.get_all_records',
    async run(ctx) {
      const all = await ctx.xapi.call('host.get_all_records');
      expect(Object.keys(all).sort()).toEqual(hosts(ctx).sort());
      for (const [ref, r] of Object.entries(all)) expect(r).toEqual(rec(ctx, 'host', ref));
    },
  },
  { fn: 'host.get_by_uuid', async run(ctx) { const h = master(ctx); expect(await ctx.xapi.call('host.get_by_uuid', String(rec(ctx, 'host', h).uuid))).toBe(h); } },
  {
    fn: 'host.get_by_name_label',
    async run(ctx) {
      const h = master(ctx);
      expect(await ctx.xapi.call('host.get_by_name_label', String(rec(ctx, 'host', h).name_label))).toEqual([h]);
      expect(await ctx.xapi.call('host.get_by_name_label', 'no such host')).toEqual([]);
    },
  },
  {
    fn: 'host.get_record',
    async run(ctx) {
      const r = await ctx.xapi.call('host.get_record', master(ctx));
      expect(r).toEqual(rec(ctx, 'host', master(ctx)));
      expect(new Set(r.allowed_operations)).toEqual(new Set(['provision', 'evacuate', 'vm_start', 'vm_resume', 'vm_migrate', 'enable']));
    },
  },
  getter('host', 'name_label'),
  getter('host', 'hostname'),
  getter('host', 'address'),
  getter('host', 'enabled'),
  {
    fn: 'host.get_resident_VMs',
    async run(ctx) {
      const h = master(ctx);
      const vms = await ctx.xapi.call('host.get_resident_VMs', h);
      expect(new Set(vms)).toEqual(new Set([...ctx.sim.records('VM')].filter(([, v]) => v.resident_on === h).map(([r]) => r)));
      expect(vms).toContain(String(rec(ctx, 'host', h).control_domain));
    },
  },
  getter('host', 'cpu_info'),
  getter('host', 'software_version'),
  getter('host', 'capabilities'),
  // ---- host modification ----
  setter('host', 'name_label', 'renamed host'),
  setter('host', 'name_description', 'a renamed host'),
  {
    fn: 'host.add_to_other_config',
    async run(ctx) {
      const h = member(ctx);
      await ctx.xapi.call('host.add_to_other_config', h, 'rack', 'B4');
      expect((rec(ctx, 'host', h).other_config as Rec).rack).toBe('B4');
      const e = await rejected(ctx.xapi.call('host.add_to_other_config', h, 'rack', 'C1'));
      expect([e.code, ...e.params]).toEqual(['MAP_DUPLICATE_KEY', 'host', 'other_config', h, 'rack']);
    },
  },
  setter('host', 'hostname', 'renamed-host'),
  setter('host', 'address', String('127.0.0.9')),
  // ---- host power and maintenance ----
  {
    fn: 'host.disable',
    async run(ctx) {
      const h = member(ctx);
      await ctx.xapi.call('host.disable', h);
      expect(rec(ctx, 'host', h).enabled).toBe(false);
      expect(new Set(rec(ctx, 'host', h).allowed_operations as string[])).toEqual(new Set(['provision', 'evacuate', 'vm_start', 'vm_resume', 'vm_migrate', 'enable', 'shutdown', 'reboot', 'apply_updates']));
      const halted = [...ctx.sim.records('VM')].find(([, v]) => v.power_state === 'Halted' && !v.is_a_template && v.affinity === NULL)![0];
      const e = await rejected(ctx.xapi.call('VM.start_on', halted, h, false, false));
      expect([e.code, ...e.params]).toEqual(['HOST_DISABLED', h]);
    },
  },
  {
    fn: 'host.enable',
    async run(ctx) {
      const h = member(ctx);
      await ctx.xapi.call('host.enable', h);
      expect(rec(ctx, 'host', h).enabled).toBe(true);
      expect(rec(ctx, 'host', h).allowed_operations).not.toContain('reboot');
      const e = await rejected(ctx.xapi.call('host.reboot', h));
      expect([e.code, ...e.params]).toEqual(['HOST_NOT_DISABLED']);
    },
  },
  {
    fn: 'host.get_vms_which_prevent_evacuation',
    async run(ctx) {
      const h = member(ctx);
      const map = await ctx.xapi.call('host.get_vms_which_prevent_evacuation', h);
      expect(Object.keys(map).length).toBeGreaterThan(0);
      for (const [vm, err] of Object.entries(map)) {
        expect(err![1]).toBe(vm);
        expect(['VM_REQUIRES_SR', 'VM_BAD_POWER_STATE']).toContain(err![0]);
      }
    },
  },
  {
    fn: 'host.assert_can_evacuate',
    async run(ctx) {
      const h = member(ctx);
      const e = await rejected(ctx.xapi.call('host.assert_can_evacuate', h));
      expect(e.code).toBe('CANNOT_EVACUATE_HOST');
      expect(e.params[0]).toMatch(/^(VM_REQUIRES_SR|VM_BAD_POWER_STATE),OpaqueRef:/);
      await clearBlockers(ctx, h);
      await ctx.xapi.call('host.assert_can_evacuate', h);
    },
  },
  {
    fn: 'host.evacuate',
    async run(ctx) {
      const h = member(ctx);
      const before = guests(ctx, h);
      expect(before.length).toBeGreaterThan(0);
      const call = await ctx.xapi.callAsync('host.evacuate', h, NULL, 0);
      await call.result;
      expect(guests(ctx, h)).toEqual([]);
      for (const vm of before) expect(rec(ctx, 'VM', vm)).toMatchObject({ power_state: 'Running' });
      for (const vm of before) expect(rec(ctx, 'VM', vm).resident_on).not.toBe(h);
      expect(rec(ctx, 'host', h).current_operations).toEqual({});
    },
  },
  {
    fn: 'host.reboot',
    async run(ctx) {
      const h = hosts(ctx).filter((x) => x !== master(ctx))[1];
      await clearBlockers(ctx, h);
      await ctx.xapi.call('host.disable', h);
      await ctx.xapi.call('host.reboot', h);
      expect(guests(ctx, h)).toEqual([]);
      expect(metrics(ctx, h).live).toBe(false);
      await until(() => metrics(ctx, h).live === true && rec(ctx, 'host', h).enabled === true);
      for (const p of rec(ctx, 'host', h).PBDs as string[]) expect(rec(ctx, 'PBD', p).currently_attached).toBe(true);
    },
  },
  {
    fn: 'host.shutdown',
    async run(ctx) {
      const h = hosts(ctx).filter((x) => x !== master(ctx))[1];
      await ctx.xapi.call('host.disable', h);
      await ctx.xapi.call('host.shutdown', h);
      expect(metrics(ctx, h).live).toBe(false);
      for (const p of rec(ctx, 'host', h).PBDs as string[]) expect(rec(ctx, 'PBD', p).currently_attached).toBe(false);
      expect(rec(ctx, 'host', h).allowed_operations).not.toContain('power_on'); // power_on_mode ""
    },
  },
  {
    fn: 'host.power_on',
    async run(ctx) {
      const h = hosts(ctx).filter((x) => x !== master(ctx))[1];
      const e = await rejected(ctx.xapi.call('host.power_on', h));
      expect([e.code, ...e.params]).toEqual(['HOST_POWER_ON_MODE_DISABLED']);
      await ctx.xapi.call('host.set_power_on_mode', h, 'wake-on-lan', {});
      expect(rec(ctx, 'host', h).allowed_operations).toContain('power_on');
      await ctx.xapi.call('host.power_on', h);
      expect(metrics(ctx, h).live).toBe(true);
      expect(rec(ctx, 'host', h).enabled).toBe(true);
      expect(rec(ctx, 'host', h).allowed_operations).not.toContain('power_on');
    },
  },
  {
    fn: 'host.apply_edition',
    async run(ctx) {
      const h = master(ctx);
      await ctx.xapi.call('host.apply_edition', h, 'standard-per-socket', false);
      expect(rec(ctx, 'host', h).edition).toBe('standard-per-socket');
      const e = await rejected(ctx.xapi.call('host.apply_edition', h, 'gold', false));
      expect([e.code, ...e.params]).toEqual(['INVALID_EDITION', 'gold']);
    },
  },
  {
    fn: 'host.emergency_ha_disable',
    async run(ctx) {
      const nfs = srWhere(ctx, (s) => s.type === 'nfs');
      await ctx.xapi.call('pool.enable_ha', [nfs], { timeout: '60' });
      expect(pool(ctx).ha_enabled).toBe(true);
      await ctx.xapi.call('host.emergency_ha_disable', false);
      expect(pool(ctx).ha_enabled).toBe(false);
      const e = await rejected(ctx.xapi.call('host.emergency_ha_disable', false));
      expect([e.code, ...e.params]).toEqual(['HA_NOT_ENABLED']);
      await ctx.xapi.call('host.emergency_ha_disable', true);
    },
  },
  {
    fn: 'host.get_system_status_capabilities',
    async run(ctx) {
      const xml = await ctx.xapi.call('host.get_system_status_capabilities', master(ctx));
      expect(xml).toMatch(/^<\?xml version="1.0" \?>\s*<system-status-capabilities>/);
      expect(xml).toMatch(/<capability content-type="text\/plain" default-checked="(yes|no)" key="xenserver-logs"/);
      expect(xml.trim().endsWith('</system-status-capabilities>')).toBe(true);
    },
  },
  // ---- pool queries and setters ----
  { fn: 'pool.get_all', async run(ctx) { expect(await ctx.xapi.call('pool.get_all')).toEqual([poolRef(ctx)]); } },
  { fn: 'pool.get_by_uuid', async run(ctx) { expect(await ctx.xapi.call('pool.get_by_uuid', String(pool(ctx).uuid))).toBe(poolRef(ctx)); } },
  {
    fn: 'pool.get_record',
    async run(ctx) {
      const r = await ctx.xapi.call('pool.get_record', poolRef(ctx));
      expect(r).toEqual(pool(ctx));
      expect(r.allowed_operations).toContain('ha_enable');
      expect(r.allowed_operations).not.toContain('ha_disable');
    },
  },
  getter('pool', 'name_label'),
  getter('pool', 'master'),
  getter('pool', 'default_SR'),
  getter('pool', 'suspend_image_SR'),
  getter('pool', 'crash_dump_SR'),
  setter('pool', 'name_label', 'Renamed Pool'),
  setter('pool', 'name_description', 'renamed'),
  srSetter('default_SR'),
  srSetter('suspend_image_SR', 'suspend_image_sr'),
  srSetter('crash_dump_SR', 'crash_dump_sr'),
  // ---- pool operations ----
  {
    fn: 'pool.join',
    async run(ctx) {
      let e = await rejected(ctx.xapi.call('pool.join', String(rec(ctx, 'host', master(ctx)).address), 'root', 'xenroot'));
      expect([e.code, ...e.params]).toEqual(['OPERATION_NOT_ALLOWED', 'Host is already part of a pool']);
      e = await rejected(ctx.xapi.call('pool.join', '192.0.2.50', 'root', 'xenroot'));
      expect([e.code, ...e.params]).toEqual(['JOINING_HOST_CONNECTION_FAILED']);
      const lone = ctx.sim.standalone[0];
      e = await rejected(ctx.xapi.call('pool.join', lone.address, 'root', 'xenroot'));
      expect([e.code, ...e.params]).toEqual(['JOINING_HOST_CANNOT_BE_MASTER_OF_OTHER_HOSTS']);
      expect(hosts(ctx)).toHaveLength(3);
      // The standalone host joins this pool, through the product's client connected to it.
      const [loneHost] = [...lone.records('host').values()];
      const r = await productLogin(lone.url, 'root', 'xenroot');
      const client = new SessionClient(r.client, r.sessionRef);
      await TypedXapi.fromSession(client, { pollIntervalMs: 20 }).call('pool.join', String(rec(ctx, 'host', master(ctx)).address), 'root', 'xenroot');
      client.close();
      const joined = () => [...ctx.sim.records('host').values()].find((h) => h.uuid === loneHost.uuid);
      await expect.poll(() => joined()?.enabled, { timeout: 5000 }).toBe(true);
      expect(hosts(ctx)).toHaveLength(4);
      expect(await ctx.xapi.call('host.get_by_uuid', String(loneHost.uuid))).toBe(find(ctx, 'host', (h) => h.uuid === loneHost.uuid));
    },
  },
  {
    fn: 'pool.eject',
    async run(ctx) {
      let e = await rejected(ctx.xapi.call('pool.eject', master(ctx)));
      expect([e.code, ...e.params]).toEqual(['INTERNAL_ERROR', 'Cannot_eject_master']);
      const h = hosts(ctx).filter((x) => x !== master(ctx))[1];
      const halted = [...ctx.sim.records('VM')].find(([, v]) => v.power_state === 'Halted' && !v.is_a_template && v.affinity === NULL)![0];
      await ctx.xapi.call('VM.start_on', halted, h, false, false);
      e = await rejected(ctx.xapi.call('pool.eject', h));
      expect([e.code, ...e.params]).toEqual(['OPERATION_NOT_ALLOWED', 'VM resident on host']);
      await ctx.xapi.call('VM.hard_shutdown', halted);
      const r = rec(ctx, 'host', h);
      const localSr = (r.PBDs as string[]).map((p) => String(rec(ctx, 'PBD', p).SR)).find((sr) => rec(ctx, 'SR', sr).shared === false)!;
      const hostsBefore = hosts(ctx).length;
      await ctx.xapi.call('pool.eject', h);
      expect(ctx.sim.records('host').has(h)).toBe(false);
      expect(ctx.sim.records('VM').has(String(r.control_domain))).toBe(false);
      expect(ctx.sim.records('SR').has(localSr)).toBe(false);
      expect(await ctx.xapi.call('host.get_all')).toHaveLength(hostsBefore - 1);
    },
  },
  {
    fn: 'pool.recover_slaves',
    async run(ctx) {
      expect(await ctx.xapi.call('pool.recover_slaves')).toEqual(hosts(ctx).filter((h) => h !== master(ctx)));
    },
  },
  {
    fn: 'pool.emergency_reset_master',
    async run(ctx) {
      const before = hosts(ctx);
      await ctx.xapi.call('pool.emergency_reset_master', String(rec(ctx, 'host', master(ctx)).address));
      expect(hosts(ctx)).toEqual(before);
    },
  },
  {
    fn: 'pool.designate_new_master',
    async run(ctx) {
      const next = member(ctx);
      await ctx.xapi.call('pool.designate_new_master', next);
      expect(master(ctx)).toBe(next);
      const msg = [...ctx.sim.records('message').values()].find((m) => m.name === 'POOL_MASTER_TRANSITION');
      expect(msg).toMatchObject({ priority: 4, cls: 'Host', obj_uuid: rec(ctx, 'host', next).uuid, body: '' });
    },
  },
  {
    fn: 'pool.sync_database',
    async run(ctx) {
      const before = { ...pool(ctx) };
      await ctx.xapi.call('pool.sync_database');
      expect(pool(ctx)).toEqual(before);
    },
  },
  {
    fn: 'pool.certificate_install',
    async run(ctx) {
      const pem = `-----BEGIN CERTIFICATE-----\n${Buffer.from('a CA certificate').toString('base64')}\n-----END CERTIFICATE-----\n`;
      await ctx.xapi.call('pool.certificate_install', 'lab-ca', pem);
      expect(await ctx.xapi.call('pool.certificate_list')).toEqual(['lab-ca']);
      expect([...ctx.sim.records('Certificate').values()].some((c) => c.name === 'lab-ca' && c.type === 'ca')).toBe(true);
      const e = await rejected(ctx.xapi.call('pool.certificate_install', 'lab-ca', pem));
      expect([e.code, ...e.params]).toEqual(['CERTIFICATE_ALREADY_EXISTS', 'lab-ca']);
    },
  },
  {
    fn: 'pool.certificate_uninstall',
    async run(ctx) {
      await ctx.xapi.call('pool.certificate_uninstall', 'lab-ca');
      expect(await ctx.xapi.call('pool.certificate_list')).toEqual([]);
      const e = await rejected(ctx.xapi.call('pool.certificate_uninstall', 'lab-ca'));
      expect([e.code, ...e.params]).toEqual(['CERTIFICATE_DOES_NOT_EXIST', 'lab-ca']);
    },
  },
  // ---- toolstack restarts: last ----
  {
    fn: 'pool.emergency_transition_to_master',
    async run(ctx) {
      // The request arrives on 127.0.0.1, the first host, which designate_new_master made a member.
      const me = hosts(ctx).find((h) => rec(ctx, 'host', h).address === '127.0.0.1')!;
      expect(master(ctx)).not.toBe(me);
      await ctx.xapi.call('pool.emergency_transition_to_master');
      expect(master(ctx)).toBe(me);
      // it restarts the toolstack there: every session goes
      await until(() => ctx.sim.records('session').size === 0);
      await new Promise((r) => setTimeout(r, 50)); // connections were cut: let the clients notice
      const again = () => rpc(ctx.url, 'pool.get_all', ctx.session);
      const err = await again().catch((e: unknown) => (e instanceof RpcError ? e : again().catch((e2: unknown) => e2)));
      expect(err).toBeInstanceOf(RpcError);
      expect((err as RpcError).code).toBe('SESSION_INVALID');
    },
  },
  {
    fn: 'host.restart_agent',
    async run(ctx) {
      const r = await productLogin(ctx.url, 'root', 'xenroot');
      const session = new SessionClient(r.client, r.sessionRef);
      try {
        const xapi = TypedXapi.fromSession(session, { pollIntervalMs: 20 });
        await xapi.call('host.restart_agent', master(ctx));
        expect(await xapi.call('pool.get_all')).toHaveLength(1); // answered before the restart
        await until(() => !ctx.sim.records('session').has(r.sessionRef));
        await new Promise((res) => setTimeout(res, 50)); // connections were cut: let the client notice
        const e = await rejected(xapi.call('pool.get_all').catch((x: unknown) => (x instanceof XapiError ? Promise.reject(x) : xapi.call('pool.get_all'))));
        expect(e.code).toBe('SESSION_INVALID');
      } finally {
        session.close();
      }
    },
  },
];

const family: RefFamily = { name: 'host and pool', simulator: { taskDurationMs: 20, standaloneHosts: 1 }, cases };
export default family;
