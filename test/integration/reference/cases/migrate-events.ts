// Reference walk, family "migration, legacy events, schedules, session extras": VM.pool_migrate,
// event.register/next/unregister, VMSS.create/snapshot_now/destroy, VMPP.create/protect_now/destroy,
// session.change_password. Cases run in order on one simulator, through the product's typed client.
import { expect } from 'vitest';
import { XapiError } from '../../../../electron/core/xapi/errors';
import { login as rawLogin, rpcReply } from '../../../support/xapi-rpc';
import type { RefCtx, RefFamily } from '../types';
import { type Rec, rec } from '../helpers';

const guests = (ctx: RefCtx, pred: (r: Rec) => boolean): string[] =>
  [...ctx.sim.records('VM')].filter(([, r]) => !r.is_a_template && !r.is_control_domain && pred(r)).map(([ref]) => ref);
const rejected = async (p: Promise<unknown>): Promise<XapiError> => {
  const e = await p.then(() => { throw new Error('expected a XAPI error'); }, (err: unknown) => err);
  expect(e).toBeInstanceOf(XapiError);
  return e as XapiError;
};
/** A running VM whose disks are all on shared SRs (so it can move to any host). */
function agileRunningVm(ctx: RefCtx): string {
  return guests(ctx, (r) => r.power_state === 'Running').find((vm) => (rec(ctx, 'VM', vm).VBDs as string[]).every((b) => {
    const vbd = rec(ctx, 'VBD', b);
    if (vbd.empty) return true;
    return rec(ctx, 'SR', String(rec(ctx, 'VDI', String(vbd.VDI)).SR)).shared === true;
  }))!;
}
const state: { vmss?: string; vmpp?: string; vm?: string } = {};

const family: RefFamily = {
  name: 'migration, legacy events, schedules, session extras',
  simulator: { taskDurationMs: 0, metricsIntervalMs: 0 },
  cases: [
    {
      fn: 'VM.pool_migrate',
      async run(ctx) {
        const vm = agileRunningVm(ctx);
        expect(vm).toBeDefined();
        const before = structuredClone(rec(ctx, 'VM', vm));
        const from = String(before.resident_on);
        const to = [...ctx.sim.records('host').keys()].find((h) => h !== from)!;
        const domid = Number(before.domid);
        await (await ctx.xapi.callAsync('VM.pool_migrate', vm, to, {})).result;
        const after = rec(ctx, 'VM', vm);
        expect(after.resident_on).toBe(to);
        expect(after.power_state).toBe('Running');
        expect(Number(after.domid)).not.toBe(domid);
        // consoles recreated for the new domain (the address is the destination's when it is served:
        // simulator-migrate-events.test.ts checks that with member listeners)
        expect((after.consoles as string[]).length).toBeGreaterThan(0);
        for (const c of after.consoles as string[]) {
          expect(before.consoles as string[]).not.toContain(c);
          expect(String(rec(ctx, 'console', c).location)).toMatch(new RegExp(`/console\\?uuid=${String(rec(ctx, 'console', c).uuid)}$`));
        }
        for (const b of after.VBDs as string[]) if (!rec(ctx, 'VBD', b).empty) expect(rec(ctx, 'VBD', b).currently_attached).toBe(true);
        const h = (r: string) => `'${String(rec(ctx, 'host', r).name_label)}' (uuid: ${String(rec(ctx, 'host', r).uuid)})`;
        const msgs = [...ctx.sim.records('message').values()].filter((m) => m.name === 'VM_MIGRATED' && m.obj_uuid === after.uuid);
        expect(msgs.map((m) => m.body)).toContain(`VM '${String(after.name_label)}' (uuid: ${String(after.uuid)}) migrated from host ${h(from)} to host ${h(to)}`);
        // a halted VM cannot be pool-migrated
        const halted = guests(ctx, (r) => r.power_state === 'Halted')[0];
        const e = await rejected(ctx.xapi.call('VM.pool_migrate', halted, to, {}));
        expect([e.code, ...e.params]).toEqual(['VM_BAD_POWER_STATE', halted, 'running', 'halted']);
      },
    },
    {
      fn: 'event.register',
      async run(ctx) {
        // before registering, event.next has nothing to wait for
        const r = await rpcReply(ctx.url, 'event.next', [ctx.session]);
        expect(r.error?.data).toEqual([ctx.session]);
        expect(r.error?.message).toBe('SESSION_NOT_REGISTERED');
        expect(await ctx.xapi.call('event.register', ['VM'])).toBe('');
      },
    },
    {
      fn: 'event.next',
      async run(ctx) {
        const vm = guests(ctx, () => true)[0];
        const pending = ctx.xapi.call('event.next');
        await new Promise((r) => setTimeout(r, 100));
        await ctx.xapi.call('VM.set_name_description', vm, 'legacy-event');
        const events = await pending;
        const mine = events.filter((e) => e.ref === vm);
        expect(mine.length).toBeGreaterThan(0);
        expect(mine[0]).toMatchObject({ class: 'vm', operation: 'mod', ref: vm, obj_uuid: rec(ctx, 'VM', vm).uuid });
        expect((mine.at(-1)!.snapshot as Rec).name_description).toBe('legacy-event');
        expect(events.every((e) => e.class === 'vm')).toBe(true);
      },
    },
    {
      fn: 'event.unregister',
      async run(ctx) {
        expect(await ctx.xapi.call('event.unregister', ['vm'])).toBe('');
        const e = await rejected(ctx.xapi.call('event.next'));
        expect(e.code).toBe('SESSION_NOT_REGISTERED');
      },
    },
    {
      fn: 'VMSS.create',
      async run(ctx) {
        const ref = await ctx.xapi.call('VMSS.create', { name_label: 'nightly', name_description: '', enabled: true, type: 'snapshot', retained_snapshots: 2, frequency: 'daily', schedule: { hour: '1', min: '0' } } as never);
        state.vmss = ref;
        expect(rec(ctx, 'VMSS', ref)).toMatchObject({ name_label: 'nightly', retained_snapshots: 2, type: 'snapshot', frequency: 'daily' });
        state.vm = guests(ctx, (r) => r.power_state === 'Halted')[0];
        await ctx.xapi.call('VM.set_snapshot_schedule', state.vm, ref);
        expect(rec(ctx, 'VMSS', ref).VMs).toEqual([state.vm]);
      },
    },
    {
      fn: 'VMSS.snapshot_now',
      async run(ctx) {
        const vm = state.vm!;
        for (let i = 0; i < 3; i++) await ctx.xapi.call('VMSS.snapshot_now', state.vmss!);
        const marked = (rec(ctx, 'VM', vm).snapshots as string[]).filter((s) => rec(ctx, 'VM', s).is_vmss_snapshot === true);
        expect(marked).toHaveLength(2); // retained_snapshots
        const ok = [...ctx.sim.records('message').values()].filter((m) => m.name === 'VMSS_SNAPSHOT_SUCCEEDED' && m.obj_uuid === rec(ctx, 'VMSS', state.vmss!).uuid);
        expect(ok).toHaveLength(3);
        expect(ok[0]).toMatchObject({ cls: 'VMSS', priority: 5 });
      },
    },
    {
      fn: 'VMSS.destroy',
      async run(ctx) {
        const e = await rejected(ctx.xapi.call('VMSS.destroy', state.vmss!));
        expect([e.code, ...e.params]).toEqual(['VMSS_HAS_VM']);
        await ctx.xapi.call('VM.set_snapshot_schedule', state.vm!, 'OpaqueRef:NULL');
        await ctx.xapi.call('VMSS.destroy', state.vmss!);
        expect(ctx.sim.records('VMSS').has(state.vmss!)).toBe(false);
      },
    },
    {
      fn: 'VMPP.create',
      async run(ctx) {
        const ref = await ctx.xapi.call('VMPP.create', { name_label: 'policy', backup_type: 'snapshot', backup_retention_value: 1, backup_frequency: 'daily', backup_schedule: {} } as never);
        state.vmpp = ref;
        expect(rec(ctx, 'VMPP', ref)).toMatchObject({ name_label: 'policy', backup_retention_value: 1 });
        await ctx.xapi.call('VM.set_protection_policy', state.vm!, ref);
        expect(rec(ctx, 'VMPP', ref).VMs).toEqual([state.vm]);
      },
    },
    {
      fn: 'VMPP.protect_now',
      async run(ctx) {
        await ctx.xapi.call('VMPP.protect_now', state.vmpp!);
        await ctx.xapi.call('VMPP.protect_now', state.vmpp!);
        const marked = (rec(ctx, 'VM', state.vm!).snapshots as string[]).filter((s) => rec(ctx, 'VM', s).is_snapshot_from_vmpp === true);
        expect(marked).toHaveLength(1);
        expect(rec(ctx, 'VMPP', state.vmpp!).backup_last_run_time).not.toBe('19700101T00:00:00Z');
      },
    },
    {
      fn: 'VMPP.destroy',
      async run(ctx) {
        const e = await rejected(ctx.xapi.call('VMPP.destroy', state.vmpp!));
        expect(e.code).toBe('VMPP_HAS_VM');
        await ctx.xapi.call('VM.set_protection_policy', state.vm!, 'OpaqueRef:NULL');
        await ctx.xapi.call('VMPP.destroy', state.vmpp!);
        expect(ctx.sim.records('VMPP').has(state.vmpp!)).toBe(false);
      },
    },
    {
      fn: 'session.change_password',
      async run(ctx) {
        // root: the old password is not checked; new logins need the new one
        expect(await ctx.xapi.call('session.change_password', 'not-the-old-one', 'n3w-pass')).toBe('');
        const bad = await rpcReply(ctx.url, 'session.login_with_password', ['root', 'xenroot']);
        expect(bad.error?.message).toBe('SESSION_AUTHENTICATION_FAILED');
        const s = await rawLogin(ctx.url, 'root', 'n3w-pass');
        expect(s).toMatch(/^OpaqueRef:/);
        await ctx.xapi.call('session.change_password', 'n3w-pass', 'xenroot');
        await rawLogin(ctx.url, 'root', 'xenroot');
      },
    },
  ],
};
export default family;
