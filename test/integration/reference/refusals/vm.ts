// Refusals, family "VM power and lifecycle": each VM function called in a state where SEMANTICS.md
// says it must fail, with the exact error it gives. Demo pool: web-01 Running, app-01 Paused, db-01
// Suspended, web-03/db-03/app-03 Halted, "Debian Bookworm 12" a default template, "web-01 nightly"
// a snapshot. The cases run in order on one simulator and leave it as they found it.
import { expect } from 'vitest';
import type { RefRefusal, RefRefusalFamily, RefusalCtx } from '../types';
import { NULL, find, rbacDenied, rec } from '../helpers';

const GiB = 1024 ** 3;
const vm = (ctx: RefusalCtx, name: string) => find(ctx, 'VM', (r) => r.name_label === name && !r.is_a_snapshot);
const host = (ctx: RefusalCtx, name: string) => find(ctx, 'host', (r) => r.name_label === name);
/** The VM's power state is what it was. */
const stays = (ctx: RefusalCtx, ref: string, state: string) => () => { expect(rec(ctx, 'VM', ref).power_state).toBe(state); };

/** VM_BAD_POWER_STATE [vm, expected, actual] (§1.2 lists the expected states in order, §0.4 lowercase). */
function badPowerState(fn: string, name: string, actual: string, expected: string, args: (ctx: RefusalCtx, ref: string) => unknown[] = (_c, ref) => [ref]): RefRefusal {
  return {
    fn, section: '1.2, 0.4',
    async arrange(ctx) {
      const ref = vm(ctx, name);
      expect(rec(ctx, 'VM', ref).power_state).toBe(actual);
      return { args: args(ctx, ref), error: ['VM_BAD_POWER_STATE', ref, expected, actual.toLowerCase()], check: stays(ctx, ref, actual) };
    },
  };
}

const refusals: RefRefusal[] = [
  badPowerState('VM.start', 'web-01', 'Running', 'halted', (_c, r) => [r, false, false]),
  {
    fn: 'VM.start_on', section: '1.1 (step 4)',
    async arrange(ctx) {
      const tpl = vm(ctx, 'Debian Bookworm 12');
      return { args: [tpl, host(ctx, 'xcp-host-01'), false, false], error: ['VM_IS_TEMPLATE', tpl, 'start_on'], check: stays(ctx, tpl, 'Halted') };
    },
  },
  badPowerState('VM.pause', 'web-03', 'Halted', 'running'),
  badPowerState('VM.unpause', 'web-01', 'Running', 'paused'),
  badPowerState('VM.clean_shutdown', 'web-03', 'Halted', 'running'),
  badPowerState('VM.shutdown', 'web-03', 'Halted', 'paused, suspended, running'),
  badPowerState('VM.clean_reboot', 'app-01', 'Paused', 'running'),
  badPowerState('VM.hard_shutdown', 'web-03', 'Halted', 'paused, suspended, running'),
  badPowerState('VM.hard_reboot', 'db-01', 'Suspended', 'paused, running'),
  badPowerState('VM.suspend', 'app-01', 'Paused', 'running'),
  badPowerState('VM.resume', 'web-01', 'Running', 'suspended', (_c, r) => [r, false, false]),
  badPowerState('VM.resume_on', 'web-03', 'Halted', 'suspended', (c, r) => [r, host(c, 'xcp-host-01'), false, false]),
  badPowerState('VM.checkpoint', 'web-03', 'Halted', 'paused, suspended, running', (_c, r) => [r, 'cp']),
  badPowerState('VM.clone', 'web-01', 'Running', 'halted', (_c, r) => [r, 'a clone']),
  badPowerState('VM.copy', 'web-01', 'Running', 'halted', (_c, r) => [r, 'a copy', NULL]),
  badPowerState('VM.destroy', 'web-01', 'Running', 'halted, suspended'),
  badPowerState('VM.pool_migrate', 'web-03', 'Halted', 'running', (c, r) => [r, host(c, 'xcp-host-02'), {}]),
  badPowerState('VM.send_sysrq', 'web-03', 'Halted', 'running', (_c, r) => [r, 'b']),
  badPowerState('VM.send_trigger', 'web-03', 'Halted', 'running', (_c, r) => [r, 'reset']),
  {
    fn: 'VM.snapshot', section: '3.1',
    async arrange(ctx) {
      const tpl = vm(ctx, 'Debian Bookworm 12');
      const before = ctx.sim.records('VM').size;
      return { args: [tpl, 'snap of a template', []], error: ['VM_IS_TEMPLATE', tpl, 'snapshot'], check: () => { expect(ctx.sim.records('VM').size).toBe(before); } };
    },
  },
  {
    fn: 'VM.snapshot_with_quiesce', section: '1.1 (step 10)',
    async arrange(ctx) {
      const ref = vm(ctx, 'web-01');
      return { args: [ref, 'quiesced'], error: ['VM_SNAPSHOT_WITH_QUIESCE_NOT_SUPPORTED', ref] };
    },
  },
  {
    fn: 'VM.revert', section: '1.1 (step 6)',
    async arrange(ctx) {
      const ref = vm(ctx, 'web-03');
      return { args: [ref], error: ['REVERT_ONLY_ALLOWED_ON_SNAPSHOT'], check: stays(ctx, ref, 'Halted') };
    },
  },
  {
    fn: 'VM.provision', section: '1.1 (step 6)',
    async arrange(ctx) {
      const ref = vm(ctx, 'web-03');
      return { args: [ref], error: ['PROVISION_ONLY_ALLOWED_ON_TEMPLATE'], check: () => { expect(rec(ctx, 'VM', ref).is_a_template).toBe(false); } };
    },
  },
  {
    fn: 'VM.assert_can_boot_here', section: '2.2, 5.2',
    async arrange(ctx) {
      const ref = vm(ctx, 'web-03');
      const h = host(ctx, 'xcp-host-02');
      await ctx.xapi.call('host.disable', h);
      return { args: [ref, h], error: ['HOST_DISABLED', h], check: async () => { await ctx.xapi.call('host.enable', h); } };
    },
  },
  {
    fn: 'VM.set_memory_static_max', section: '4',
    async arrange(ctx) {
      const ref = vm(ctx, 'web-01');
      const before = rec(ctx, 'VM', ref).memory_static_max;
      return { args: [ref, 8 * GiB], error: ['VM_BAD_POWER_STATE', ref, 'halted', 'running'], check: () => { expect(rec(ctx, 'VM', ref).memory_static_max).toBe(before); } };
    },
  },
  {
    fn: 'VM.set_memory_dynamic_max', section: '4',
    async arrange(ctx) {
      const ref = vm(ctx, 'web-03');
      const r = rec(ctx, 'VM', ref);
      expect(r.memory_static_max).toBe(r.memory_dynamic_max);
      return { args: [ref, Number(r.memory_static_max) * 2], error: ['MEMORY_CONSTRAINT_VIOLATION_ORDER'], check: () => { expect(rec(ctx, 'VM', ref).memory_dynamic_max).toBe(r.memory_dynamic_max); } };
    },
  },
  {
    fn: 'VM.set_VCPUs_at_startup', section: '4',
    async arrange(ctx) {
      const ref = vm(ctx, 'web-03');
      return { args: [ref, 0], error: ['INVALID_VALUE', 'VCPU values must satisfy: 0 < VCPUs_at_startup ≤ VCPUs_max', '0'] };
    },
  },
  {
    fn: 'VM.set_VCPUs_max', section: '4',
    async arrange(ctx) {
      const ref = vm(ctx, 'web-01');
      return { args: [ref, 4], error: ['VM_BAD_POWER_STATE', ref, 'halted', 'running'], check: () => { expect(rec(ctx, 'VM', ref).VCPUs_max).toBe(2); } };
    },
  },
  // Plain field setters refuse only a caller without the role (§11.2: set_name_label vm-admin,
  // set_affinity vm-power-admin, add_tags vm-operator).
  ...([
    ['VM.set_name_label', 'vm-admin', (r: string) => [r, 'renamed']],
    ['VM.set_name_description', 'vm-admin', (r: string) => [r, 'described']],
    ['VM.set_affinity', 'vm-power-admin', (r: string) => [r, NULL]],
    ['VM.add_to_other_config', 'vm-admin', (r: string) => [r, 'k', 'v']],
    ['VM.remove_from_other_config', 'vm-admin', (r: string) => [r, 'k']],
    ['VM.add_tags', 'vm-operator', (r: string) => [r, 'tag']],
    ['VM.remove_tags', 'vm-operator', (r: string) => [r, 'tag']],
  ] as const).map(([fn, role, args]): RefRefusal => ({
    fn, section: '11.2',
    async arrange(ctx) {
      const ref = vm(ctx, 'web-03');
      const before = structuredClone(rec(ctx, 'VM', ref));
      return { as: 'viewer', args: args(ref), error: rbacDenied(fn, role), check: () => { expect(rec(ctx, 'VM', ref)).toEqual(before); } };
    },
  })),
  {
    fn: 'VM.create', section: '11.2',
    async arrange(ctx) {
      const before = ctx.sim.records('VM').size;
      return { as: 'viewer', args: [{ name_label: 'by a viewer' }], error: rbacDenied('VM.create', 'vm-admin'), check: () => { expect(ctx.sim.records('VM').size).toBe(before); } };
    },
  },
  // ---- further refusals of the same functions, each a different rule ----
  {
    fn: 'VM.start', section: '1.4, 1.1 (step 1)', what: 'a blocked operation',
    async arrange(ctx) {
      const ref = vm(ctx, 'web-03');
      await ctx.xapi.call('VM.add_to_blocked_operations', ref, 'start', 'VM_LOCKED_BY_ADMIN');
      return {
        args: [ref, false, false], error: ['OPERATION_BLOCKED', ref, 'VM_LOCKED_BY_ADMIN'],
        check: async () => { expect(rec(ctx, 'VM', ref).power_state).toBe('Halted'); await ctx.xapi.call('VM.remove_from_blocked_operations', ref, 'start'); },
      };
    },
  },
  {
    fn: 'VM.start', section: '1.1 (step 5)', what: 'a snapshot',
    async arrange(ctx) {
      const snap = find(ctx, 'VM', (r) => r.name_label === 'web-01 nightly');
      return { args: [snap, false, false], error: ['VM_IS_SNAPSHOT', snap, 'start'], check: stays(ctx, snap, 'Halted') };
    },
  },
  {
    fn: 'VM.destroy', section: '3.6', what: 'a default template',
    async arrange(ctx) {
      const tpl = vm(ctx, 'Debian Bookworm 12');
      return { args: [tpl], error: ['VM_IS_TEMPLATE', tpl, 'destroy'], check: () => { expect(ctx.sim.records('VM').has(tpl)).toBe(true); } };
    },
  },
  {
    fn: 'VM.set_VCPUs_max', section: '4', what: 'below VCPUs_at_startup',
    async arrange(ctx) {
      const ref = vm(ctx, 'web-03');
      expect(rec(ctx, 'VM', ref).VCPUs_at_startup).toBe(2);
      return { args: [ref, 1], error: ['INVALID_VALUE', 'VCPU values must satisfy: 0 < VCPUs_at_startup ≤ VCPUs_max', '1'], check: () => { expect(rec(ctx, 'VM', ref).VCPUs_max).toBe(2); } };
    },
  },
  {
    fn: 'VM.hard_shutdown', section: '1.1 (step 8)', what: 'a control domain',
    async arrange(ctx) {
      const dom0 = find(ctx, 'VM', (r) => r.is_control_domain === true && r.power_state === 'Running');
      return { args: [dom0], error: ['OPERATION_NOT_ALLOWED', 'This operation is not allowed on a control domain'], check: stays(ctx, dom0, 'Running') };
    },
  },
  {
    fn: 'VM.clone', section: '1.2', what: 'a Suspended VM that is not a snapshot',
    async arrange(ctx) {
      const ref = vm(ctx, 'db-01');
      return { args: [ref, 'clone of suspended'], error: ['VM_BAD_POWER_STATE', ref, 'halted', 'suspended'], check: stays(ctx, ref, 'Suspended') };
    },
  },
  {
    fn: 'VM.snapshot', section: '1.1 (step 11)', what: 'a disk that resets on boot',
    async arrange(ctx) {
      const ref = vm(ctx, 'web-03');
      const disk = String(rec(ctx, 'VBD', (rec(ctx, 'VM', ref).VBDs as string[]).find((b) => rec(ctx, 'VBD', b).type === 'Disk')!).VDI);
      await ctx.xapi.call('VDI.set_on_boot', disk, 'reset');
      const before = ctx.sim.records('VM').size;
      return {
        args: [ref, 'not possible', []], error: ['VDI_ON_BOOT_MODE_INCOMPATIBLE_WITH_OPERATION'],
        check: async () => { expect(ctx.sim.records('VM').size).toBe(before); await ctx.xapi.call('VDI.set_on_boot', disk, 'persist'); },
      };
    },
  },
  {
    fn: 'VM.set_memory_static_max', section: '4', what: 'below the dynamic range',
    async arrange(ctx) {
      const ref = vm(ctx, 'web-03');
      const before = rec(ctx, 'VM', ref).memory_static_max;
      return { args: [ref, Number(rec(ctx, 'VM', ref).memory_dynamic_min) / 2], error: ['MEMORY_CONSTRAINT_VIOLATION_ORDER'], check: () => { expect(rec(ctx, 'VM', ref).memory_static_max).toBe(before); } };
    },
  },
  {
    // §2.4: the VM's suspend_SR, else the pool's suspend_image_SR, else its host's suspend_image_sr.
    fn: 'VM.suspend', section: '2.4', what: 'with no SR for the image',
    async arrange(ctx) {
      const ref = vm(ctx, 'web-01');
      const p = [...ctx.sim.records('pool').keys()][0];
      const h = String(rec(ctx, 'VM', ref).resident_on);
      const saved = { vm: rec(ctx, 'VM', ref).suspend_SR, pool: rec(ctx, 'pool', p).suspend_image_SR, host: rec(ctx, 'host', h).suspend_image_sr };
      await ctx.xapi.call('VM.set_suspend_SR', ref, NULL);
      await ctx.xapi.call('pool.set_suspend_image_SR', p, NULL);
      await ctx.xapi.call('host.set_suspend_image_sr', h, NULL);
      return {
        args: [ref], error: ['VM_NO_SUSPEND_SR', ref],
        check: async () => {
          expect(rec(ctx, 'VM', ref).power_state).toBe('Running');
          await ctx.xapi.call('VM.set_suspend_SR', ref, String(saved.vm));
          await ctx.xapi.call('pool.set_suspend_image_SR', p, String(saved.pool));
          await ctx.xapi.call('host.set_suspend_image_sr', h, String(saved.host));
        },
      };
    },
  },
  {
    fn: 'VM.copy', section: '3.2', what: 'to an ISO SR',
    async arrange(ctx) {
      const ref = vm(ctx, 'web-03');
      const iso = find(ctx, 'SR', (r) => r.content_type === 'iso');
      const before = ctx.sim.records('VM').size;
      return { args: [ref, 'copy onto ISOs', iso], error: ['OPERATION_NOT_ALLOWED', "Cannot copy a VM's disks to an ISO SR"], check: () => { expect(ctx.sim.records('VM').size).toBe(before); } };
    },
  },
  {
    // A template whose provision XML names an SR uuid this pool lacks (clients rewrite `sr` first).
    fn: 'VM.provision', section: '3.5', what: 'a disk on an unknown SR',
    async arrange(ctx) {
      const tpl = await ctx.xapi.call('VM.clone', vm(ctx, 'Debian Bookworm 12'), 'provision me');
      await ctx.xapi.call('VM.remove_from_other_config', tpl, 'disks');
      await ctx.xapi.call('VM.add_to_other_config', tpl, 'disks', '<provision><disk device="0" size="1073741824" sr="00000000-0000-0000-0000-00000000dead" bootable="true" type="system"/></provision>');
      const vdis = ctx.sim.records('VDI').size;
      return {
        args: [tpl], error: ['UUID_INVALID', 'sr', '00000000-0000-0000-0000-00000000dead'],
        check: () => { expect(ctx.sim.records('VDI').size).toBe(vdis); expect(rec(ctx, 'VM', tpl).VBDs).toEqual([]); },
      };
    },
  },
  // A disabled host takes no new VM (§5.2: HOST_DISABLED [host] for start_on, resume_on and pool_migrate to it).
  ...([
    ['VM.start_on', 'web-03', 'Halted', (r: string, h: string) => [r, h, false, false]],
    ['VM.resume_on', 'db-01', 'Suspended', (r: string, h: string) => [r, h, false, false]],
    ['VM.pool_migrate', 'web-01', 'Running', (r: string, h: string) => [r, h, {}]],
  ] as const).map(([fn, name, state, args]): RefRefusal => ({
    fn, section: '5.2, 2.2', what: 'to a disabled host',
    async arrange(ctx) {
      const ref = vm(ctx, name);
      const h = host(ctx, 'xcp-host-02');
      await ctx.xapi.call('host.disable', h);
      const where = rec(ctx, 'VM', ref).resident_on;
      return {
        args: args(ref, h), error: ['HOST_DISABLED', h],
        check: async () => { expect([rec(ctx, 'VM', ref).power_state, rec(ctx, 'VM', ref).resident_on]).toEqual([state, where]); await ctx.xapi.call('host.enable', h); },
      };
    },
  })),
];

const family: RefRefusalFamily = { name: 'VM power and lifecycle', refusals };
export default family;
