// Refusals, family "VDI and VBD": each function called where SEMANTICS.md (§8, §9.1-9.2) says it
// must fail. Demo pool: web-01 Running with its disk attached RW, web-03 Halted, both with a CD
// drive. Cases run in order on one simulator and undo what they arrange.
import { expect } from 'vitest';
import type { RefRefusal, RefRefusalFamily, RefusalCtx } from '../types';
import { NULL, find, rbacDenied, rec, same } from '../helpers';

const vm = (ctx: RefusalCtx, name: string) => find(ctx, 'VM', (r) => r.name_label === name && !r.is_a_snapshot);
const vbdOf = (ctx: RefusalCtx, name: string, type: 'Disk' | 'CD') => (rec(ctx, 'VM', vm(ctx, name)).VBDs as string[]).find((b) => rec(ctx, 'VBD', b).type === type)!;
const diskOf = (ctx: RefusalCtx, name: string) => String(rec(ctx, 'VBD', vbdOf(ctx, name, 'Disk')).VDI);
const srOf = (ctx: RefusalCtx, vdi: string) => String(rec(ctx, 'VDI', vdi).SR);
const newVdi = (ctx: RefusalCtx, sr: string, over: Record<string, unknown> = {}) => ctx.xapi.call('VDI.create', {
  name_label: 'refusal scratch', name_description: '', SR: sr, virtual_size: 1024 ** 3, type: 'user', sharable: false, read_only: false,
  other_config: {}, xenstore_data: {}, sm_config: {}, tags: [], ...over,
} as never) as Promise<string>;

const refusals: RefRefusal[] = [
  {
    fn: 'VDI.destroy', section: '8.2',
    async arrange(ctx) {
      const vdi = diskOf(ctx, 'web-01');
      return { args: [vdi], error: ['VDI_IN_USE', vdi, 'destroy'], check: same(ctx, 'VDI', vdi) };
    },
  },
  {
    fn: 'VDI.resize', section: '8.3',
    async arrange(ctx) {
      const vdi = diskOf(ctx, 'web-01');
      return { args: [vdi, Number(rec(ctx, 'VDI', vdi).virtual_size) * 2], error: ['VDI_IN_USE', vdi, 'resize'], check: same(ctx, 'VDI', vdi) };
    },
  },
  {
    fn: 'VDI.copy', section: '8.4',
    async arrange(ctx) {
      const vdi = diskOf(ctx, 'web-01');
      const before = ctx.sim.records('VDI').size;
      return { args: [vdi, srOf(ctx, vdi), NULL, NULL], error: ['VDI_IN_USE', vdi, 'copy'], check: () => { expect(ctx.sim.records('VDI').size).toBe(before); } };
    },
  },
  {
    fn: 'VDI.snapshot', section: '8.4',
    async arrange(ctx) {
      const vdi = await newVdi(ctx, srOf(ctx, diskOf(ctx, 'web-03')), { sharable: true });
      const before = ctx.sim.records('VDI').size;
      return {
        args: [vdi, {}], error: ['VDI_IS_SHARABLE', vdi],
        check: async () => { expect(ctx.sim.records('VDI').size).toBe(before); await ctx.xapi.call('VDI.destroy', vdi); },
      };
    },
  },
  {
    fn: 'VDI.create', section: '8.1',
    async arrange(ctx) {
      const sr = srOf(ctx, diskOf(ctx, 'web-03'));
      const before = ctx.sim.records('VDI').size;
      return {
        args: [{ name_label: 'cbt', name_description: '', SR: sr, virtual_size: 1024 ** 2, type: 'cbt_metadata', sharable: false, read_only: false, other_config: {}, xenstore_data: {}, sm_config: {}, tags: [] }],
        error: ['VDI_INCOMPATIBLE_TYPE', '', 'CBT metadata'], check: () => { expect(ctx.sim.records('VDI').size).toBe(before); },
      };
    },
  },
  {
    fn: 'VDI.introduce', section: '8.2',
    async arrange(ctx) {
      const existing = diskOf(ctx, 'web-03');
      const { SR: sr, location } = rec(ctx, 'VDI', existing);
      const before = ctx.sim.records('VDI').size;
      return {
        args: ['', 'again', '', sr, 'user', false, false, {}, location, {}, {}, true, 0, 0, NULL, false, '19700101T00:00:00Z', NULL],
        error: ['LOCATION_NOT_UNIQUE', String(sr), String(location)], check: () => { expect(ctx.sim.records('VDI').size).toBe(before); },
      };
    },
  },
  {
    fn: 'VDI.forget', section: '8.2',
    async arrange(ctx) {
      const rrd = await newVdi(ctx, srOf(ctx, diskOf(ctx, 'web-03')), { type: 'rrd', name_label: 'rrds' });
      return { args: [rrd], error: ['VDI_HAS_RRDS', rrd], check: () => { expect(ctx.sim.records('VDI').has(rrd)).toBe(true); } };
    },
  },
  // Plain VDI setters refuse only a caller without the role (§11.2: VDI create/destroy and set_name_label are vm-admin).
  ...([
    ['VDI.set_name_label', (r: string) => [r, 'renamed']],
    ['VDI.set_name_description', (r: string) => [r, 'described']],
    ['VDI.set_read_only', (r: string) => [r, true]],
    ['VDI.set_sharable', (r: string) => [r, true]],
  ] as const).map(([fn, args]): RefRefusal => ({
    fn, section: '11.2',
    async arrange(ctx) {
      const vdi = diskOf(ctx, 'web-03');
      return { as: 'viewer', args: args(vdi), error: rbacDenied(fn, 'vm-admin'), check: same(ctx, 'VDI', vdi) };
    },
  })),
  {
    fn: 'VBD.create', section: '9.1',
    async arrange(ctx) {
      const owner = vm(ctx, 'web-03');
      const before = ctx.sim.records('VBD').size;
      return {
        args: [{ VM: owner, VDI: NULL, userdevice: 'autodetect', bootable: false, mode: 'RW', type: 'CD', empty: true, other_config: {}, qos_algorithm_type: '', qos_algorithm_params: {}, unpluggable: true }],
        error: ['VBD_CDS_MUST_BE_READONLY'], check: () => { expect(ctx.sim.records('VBD').size).toBe(before); },
      };
    },
  },
  {
    fn: 'VBD.destroy', section: '9.2',
    async arrange(ctx) {
      const vbd = vbdOf(ctx, 'web-01', 'Disk');
      const owner = vm(ctx, 'web-01');
      return { args: [vbd], error: ['OPERATION_NOT_ALLOWED', `VBD '${String(rec(ctx, 'VBD', vbd).uuid)}' still attached to '${String(rec(ctx, 'VM', owner).uuid)}'`], check: same(ctx, 'VBD', vbd) };
    },
  },
  {
    fn: 'VBD.plug', section: '9.2',
    async arrange(ctx) {
      const vbd = vbdOf(ctx, 'web-03', 'Disk');
      return { args: [vbd], error: ['VM_BAD_POWER_STATE', vm(ctx, 'web-03'), 'running', 'halted'], check: same(ctx, 'VBD', vbd) };
    },
  },
  {
    fn: 'VBD.unplug', section: '9.2',
    async arrange(ctx) {
      const vbd = vbdOf(ctx, 'web-03', 'Disk');
      return { args: [vbd], error: ['VM_BAD_POWER_STATE', vm(ctx, 'web-03'), 'running', 'halted'], check: same(ctx, 'VBD', vbd) };
    },
  },
  {
    fn: 'VBD.insert', section: '9.2',
    async arrange(ctx) {
      const vbd = vbdOf(ctx, 'web-03', 'Disk');
      return { args: [vbd, diskOf(ctx, 'web-03')], error: ['VBD_NOT_REMOVABLE_MEDIA', vbd], check: same(ctx, 'VBD', vbd) };
    },
  },
  {
    fn: 'VBD.eject', section: '9.2',
    async arrange(ctx) {
      const vbd = vbdOf(ctx, 'web-03', 'Disk');
      return { args: [vbd], error: ['VBD_NOT_REMOVABLE_MEDIA', vbd], check: same(ctx, 'VBD', vbd) };
    },
  },
  {
    fn: 'VBD.set_mode', section: '9.2',
    async arrange(ctx) {
      const vbd = vbdOf(ctx, 'web-01', 'Disk');
      return { args: [vbd, 'RO'], error: ['VM_BAD_POWER_STATE', vm(ctx, 'web-01'), 'halted', 'running'], check: same(ctx, 'VBD', vbd) };
    },
  },
  ...([
    ['VBD.set_type', (r: string) => [r, 'CD']],
    ['VBD.set_bootable', (r: string) => [r, false]],
  ] as const).map(([fn, args]): RefRefusal => ({
    fn, section: '11.2',
    async arrange(ctx) {
      const vbd = vbdOf(ctx, 'web-03', 'Disk');
      return { as: 'viewer', args: args(vbd), error: rbacDenied(fn, 'vm-admin'), check: same(ctx, 'VBD', vbd) };
    },
  })),
  // ---- further refusals of the same functions, each a different rule ----
  {
    fn: 'VBD.plug', section: '9.2', what: 'an attached disk',
    async arrange(ctx) { const vbd = vbdOf(ctx, 'web-01', 'Disk'); return { args: [vbd], error: ['DEVICE_ALREADY_ATTACHED', vbd], check: same(ctx, 'VBD', vbd) }; },
  },
  {
    fn: 'VBD.eject', section: '9.2', what: 'an empty drive',
    async arrange(ctx) {
      const vbd = vbdOf(ctx, 'web-03', 'CD');
      expect(rec(ctx, 'VBD', vbd).empty).toBe(true);
      return { args: [vbd], error: ['VBD_IS_EMPTY', vbd], check: same(ctx, 'VBD', vbd) };
    },
  },
  {
    fn: 'VBD.create', section: '9.1', what: 'a slot in use',
    async arrange(ctx) {
      const owner = vm(ctx, 'web-03');
      const slot = String(rec(ctx, 'VBD', vbdOf(ctx, 'web-03', 'Disk')).userdevice);
      return {
        args: [{ VM: owner, VDI: diskOf(ctx, 'web-03'), userdevice: slot, bootable: false, mode: 'RO', type: 'Disk', empty: false, other_config: {}, qos_algorithm_type: '', qos_algorithm_params: {}, unpluggable: true }],
        error: ['DEVICE_ALREADY_EXISTS', slot], check: same(ctx, 'VM', owner),
      };
    },
  },
  {
    fn: 'VBD.create', section: '9.1', what: 'an invalid device name',
    async arrange(ctx) {
      const owner = vm(ctx, 'web-03');
      return {
        args: [{ VM: owner, VDI: diskOf(ctx, 'web-03'), userdevice: 'disk-two', bootable: false, mode: 'RO', type: 'Disk', empty: false, other_config: {}, qos_algorithm_type: '', qos_algorithm_params: {}, unpluggable: true }],
        error: ['INVALID_DEVICE', 'disk-two'], check: same(ctx, 'VM', owner),
      };
    },
  },
  {
    fn: 'VBD.create', section: '9.1', what: 'an empty disk',
    async arrange(ctx) {
      const owner = vm(ctx, 'web-03');
      return {
        args: [{ VM: owner, VDI: NULL, userdevice: 'autodetect', bootable: false, mode: 'RW', type: 'Disk', empty: true, other_config: {}, qos_algorithm_type: '', qos_algorithm_params: {}, unpluggable: true }],
        error: ['VBD_NOT_REMOVABLE_MEDIA', 'in constructor'], check: same(ctx, 'VM', owner),
      };
    },
  },
  {
    fn: 'VBD.insert', section: '9.2', what: 'a drive that holds a disc',
    async arrange(ctx) {
      const cd = vbdOf(ctx, 'web-03', 'CD');
      const isos = find(ctx, 'SR', (r) => r.content_type === 'iso');
      const [first, second] = rec(ctx, 'SR', isos).VDIs as string[];
      await ctx.xapi.call('VBD.insert', cd, first);
      return {
        args: [cd, second], error: ['VBD_NOT_EMPTY', cd],
        check: async () => { expect(rec(ctx, 'VBD', cd).VDI).toBe(first); await ctx.xapi.call('VBD.eject', cd); },
      };
    },
  },
  {
    fn: 'VDI.snapshot', section: '8.4', what: 'a disk that resets on boot',
    async arrange(ctx) {
      const vdi = diskOf(ctx, 'web-03');
      await ctx.xapi.call('VDI.set_on_boot', vdi, 'reset');
      const before = ctx.sim.records('VDI').size;
      return {
        args: [vdi, {}], error: ['VDI_ON_BOOT_MODE_INCOMPATIBLE_WITH_OPERATION'],
        check: async () => { expect(ctx.sim.records('VDI').size).toBe(before); await ctx.xapi.call('VDI.set_on_boot', vdi, 'persist'); },
      };
    },
  },
  {
    fn: 'VDI.copy', section: '8.4', what: 'into a smaller disk',
    async arrange(ctx) {
      const source = diskOf(ctx, 'web-03');
      const into = await newVdi(ctx, srOf(ctx, source), { virtual_size: 1024 ** 2, name_label: 'too small' });
      return {
        args: [source, srOf(ctx, source), NULL, into], error: ['VDI_TOO_SMALL', into, String(rec(ctx, 'VDI', source).virtual_size)],
        check: async () => { expect(rec(ctx, 'VDI', into).virtual_size).toBe(1024 ** 2); await ctx.xapi.call('VDI.destroy', into); },
      };
    },
  },
  {
    fn: 'VDI.copy', section: '8.4', what: 'into a read-only disk',
    async arrange(ctx) {
      const source = diskOf(ctx, 'web-03');
      const into = await newVdi(ctx, srOf(ctx, source), { virtual_size: 2 * Number(rec(ctx, 'VDI', source).virtual_size), read_only: true, name_label: 'read-only target' });
      return { args: [source, srOf(ctx, source), NULL, into], error: ['VDI_READONLY', into], check: async () => { await ctx.xapi.call('VDI.destroy', into); } };
    },
  },
  {
    // §9.1's order: an empty non-CD is refused before the floppy rule, so the floppy holds a disk.
    fn: 'VBD.create', section: '9.1', what: 'a floppy on a PV VM',
    async arrange(ctx) {
      const owner = vm(ctx, 'web-03');
      expect(rec(ctx, 'VM', owner).domain_type).toBe('pv');
      const image = await newVdi(ctx, srOf(ctx, diskOf(ctx, 'web-03')), { virtual_size: 1474560, name_label: 'floppy image' });
      return {
        args: [{ VM: owner, VDI: image, userdevice: 'autodetect', bootable: false, mode: 'RO', type: 'Floppy', empty: false, other_config: {}, qos_algorithm_type: '', qos_algorithm_params: {}, unpluggable: true }],
        error: ['NOT_IMPLEMENTED', "VBD of type 'floppy' is not supported on PV domain"],
        check: async () => { expect(rec(ctx, 'VDI', image).VBDs).toEqual([]); await ctx.xapi.call('VDI.destroy', image); },
      };
    },
  },
  {
    fn: 'VBD.unplug', section: '9.2', what: 'a CD drive of a running HVM guest',
    async arrange(ctx) {
      const cd = vbdOf(ctx, 'Windows Server 2022 (1)', 'CD');
      expect(rec(ctx, 'VM', vm(ctx, 'Windows Server 2022 (1)')).domain_type).toBe('hvm');
      return { args: [cd], error: ['OPERATION_NOT_ALLOWED', 'HVM CDROMs cannot be hotplugged/unplugged, only inserted or ejected'], check: same(ctx, 'VBD', cd) };
    },
  },
  {
    fn: 'VBD.insert', section: '9.2', what: 'the drive of a Suspended VM',
    async arrange(ctx) {
      const cd = vbdOf(ctx, 'db-01', 'CD');
      const iso = (rec(ctx, 'SR', find(ctx, 'SR', (r) => r.content_type === 'iso')).VDIs as string[])[0];
      return { args: [cd, iso], error: ['VM_BAD_POWER_STATE', vm(ctx, 'db-01'), 'halted, running', 'suspended'], check: same(ctx, 'VBD', cd) };
    },
  },
  {
    fn: 'VDI.create', section: '8.1', what: 'on an SR with no plugged PBD',
    async arrange(ctx) {
      const sr = await ctx.xapi.call('SR.introduce', '', 'not plugged', '', 'nfs', 'user', true, {});
      return {
        args: [{ name_label: 'x', name_description: '', SR: sr, virtual_size: 1024 ** 2, type: 'user', sharable: false, read_only: false, other_config: {}, xenstore_data: {}, sm_config: {}, tags: [] }],
        error: ['SR_HAS_NO_PBDS', sr], check: async () => { expect(rec(ctx, 'SR', sr).VDIs).toEqual([]); await ctx.xapi.call('SR.forget', sr); },
      };
    },
  },
];

const family: RefRefusalFamily = { name: 'VDI and VBD', refusals };
export default family;
