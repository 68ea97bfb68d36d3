// Reference walk, family "storage-console-misc": VDI.*, VBD.*, console.*. Cases run in order on
// one simulator: a VDI is created, attached to a halted VM by a new VBD, plugged once the VM runs,
// snapshotted, cloned, copied, resized, forgotten and introduced again, then destroyed.
import { expect } from 'vitest';
import type { ConsoleRecord, VBDRecord, VDIRecord } from '../../../../shared/xapi/types.generated';
import { XapiError } from '../../../../electron/core/xapi/errors';
import { rpc } from '../../../support/xapi-rpc';
import type { RefCase, RefCtx, RefFamily } from '../types';
import { type Rec, NULL, callAny, rec, find } from '../helpers';

const GiB = 1024 ** 3;
const vmNamed = (ctx: RefCtx, name: string) => find(ctx, 'VM', (r) => r.name_label === name && !r.is_a_snapshot);
const nfs = (ctx: RefCtx) => find(ctx, 'SR', (s) => s.type === 'nfs');
const iso = (ctx: RefCtx) => find(ctx, 'SR', (s) => s.type === 'iso');
const rejected = async (p: Promise<unknown>): Promise<string[]> => {
  const e = await p.then(() => { throw new Error('expected a XAPI error'); }, (err: unknown) => err);
  expect(e).toBeInstanceOf(XapiError);
  return [(e as XapiError).code, ...(e as XapiError).params];
};

const st = { vdi: '', vbd: '', vm: '', snap: '', clone: '', copy: '', console: '', cd: '' };
/** An existing attached disk of a running VM (getters read it). */
const attachedVdi = (ctx: RefCtx) => String(rec(ctx, 'VBD', attachedVbd(ctx)).VDI);
const attachedVbd = (ctx: RefCtx) => find(ctx, 'VBD', (b) => b.type === 'Disk' && b.currently_attached === true);
const runningConsole = (ctx: RefCtx) => (rec(ctx, 'VM', vmNamed(ctx, 'web-01')).consoles as string[])[0];

function getter(cls: string, field: string, pick: (ctx: RefCtx) => string): RefCase {
  return {
    fn: `${cls}.get_${field}`,
    async run(ctx) {
      const ref = pick(ctx);
      const v = await callAny(ctx, `${cls}.get_${field}`, ref);
      const full = (await callAny(ctx, `${cls}.get_record`, ref)) as Rec;
      expect(field in full).toBe(true);
      expect(v).toEqual(full[field]);
      expect(v).toEqual(rec(ctx, cls, ref)[field]);
    },
  };
}
function classQueries(cls: string, pick: (ctx: RefCtx) => string, fns: string[]): RefCase[] {
  const all: Record<string, RefCase> = {
    get_all: { fn: `${cls}.get_all`, async run(ctx) { expect(new Set((await callAny(ctx, `${cls}.get_all`)) as string[])).toEqual(new Set(ctx.sim.records(cls).keys())); } },
    get_all_records: {
      fn: `${cls}.get_all_records`,
      async run(ctx) { expect(Object.keys((await callAny(ctx, `${cls}.get_all_records`)) as Rec).sort()).toEqual([...ctx.sim.records(cls).keys()].sort()); },
    },
    get_by_uuid: { fn: `${cls}.get_by_uuid`, async run(ctx) { expect(await callAny(ctx, `${cls}.get_by_uuid`, rec(ctx, cls, pick(ctx)).uuid)).toBe(pick(ctx)); } },
    get_by_name_label: {
      fn: `${cls}.get_by_name_label`,
      async run(ctx) {
        const label = rec(ctx, cls, pick(ctx)).name_label;
        const want = [...ctx.sim.records(cls)].filter(([, r]) => r.name_label === label).map(([r]) => r);
        expect(((await callAny(ctx, `${cls}.get_by_name_label`, label)) as string[]).sort()).toEqual(want.sort());
      },
    },
    get_record: {
      fn: `${cls}.get_record`,
      async run(ctx) {
        const full = await callAny(ctx, `${cls}.get_record`, pick(ctx));
        expect(full).toEqual(rec(ctx, cls, pick(ctx)));
        expect(await rpc(ctx.url, `${cls}.get_record`, ctx.session, pick(ctx))).toEqual(full);
      },
    },
  };
  return fns.map((f) => all[f]);
}

const vdi: RefCase[] = [
  ...classQueries('VDI', attachedVdi, ['get_all', 'get_all_records', 'get_by_uuid', 'get_by_name_label', 'get_record']),
  ...['name_label', 'virtual_size', 'physical_utilisation', 'type', 'SR', 'VBDs', 'read_only', 'sharable'].map((f) => getter('VDI', f, attachedVdi)),
  {
    fn: 'VDI.create',
    async run(ctx) {
      const sr = nfs(ctx);
      const alloc = Number(rec(ctx, 'SR', sr).virtual_allocation);
      st.vdi = await ctx.xapi.call('VDI.create', { name_label: 'walk disk', name_description: '', SR: sr, virtual_size: 2 * GiB, type: 'user', sharable: false, read_only: false, other_config: {}, xenstore_data: {}, sm_config: {}, tags: [] } as unknown as VDIRecord);
      expect(rec(ctx, 'VDI', st.vdi)).toMatchObject({ name_label: 'walk disk', SR: sr, virtual_size: 2 * GiB, managed: true, VBDs: [] });
      expect(rec(ctx, 'SR', sr).VDIs).toContain(st.vdi);
      expect(Number(rec(ctx, 'SR', sr).virtual_allocation)).toBe(alloc + 2 * GiB);
    },
  },
  {
    fn: 'VDI.set_name_label',
    async run(ctx) {
      await ctx.xapi.call('VDI.set_name_label', st.vdi, 'walk disk 1');
      expect(rec(ctx, 'VDI', st.vdi).name_label).toBe('walk disk 1');
    },
  },
  {
    fn: 'VDI.set_name_description',
    async run(ctx) {
      await ctx.xapi.call('VDI.set_name_description', st.vdi, 'made by the walk');
      expect(await ctx.xapi.call('VDI.get_name_label', st.vdi)).toBe('walk disk 1');
      expect(rec(ctx, 'VDI', st.vdi).name_description).toBe('made by the walk');
    },
  },
  {
    fn: 'VDI.set_read_only',
    async run(ctx) {
      await ctx.xapi.call('VDI.set_read_only', st.vdi, true);
      expect(rec(ctx, 'VDI', st.vdi).read_only).toBe(true);
      await ctx.xapi.call('VDI.set_read_only', st.vdi, false);
      expect(await ctx.xapi.call('VDI.get_read_only', st.vdi)).toBe(false);
    },
  },
  {
    fn: 'VDI.set_sharable',
    async run(ctx) {
      await ctx.xapi.call('VDI.set_sharable', st.vdi, true);
      expect(rec(ctx, 'VDI', st.vdi).sharable).toBe(true);
      await ctx.xapi.call('VDI.set_sharable', st.vdi, false);
      expect(await ctx.xapi.call('VDI.get_sharable', st.vdi)).toBe(false);
    },
  },
  {
    fn: 'VDI.resize',
    async run(ctx) {
      await ctx.xapi.call('VDI.resize', st.vdi, 3 * GiB);
      expect(rec(ctx, 'VDI', st.vdi).virtual_size).toBe(3 * GiB);
    },
  },
  {
    fn: 'VDI.snapshot',
    async run(ctx) {
      st.snap = await ctx.xapi.call('VDI.snapshot', st.vdi, {});
      expect(rec(ctx, 'VDI', st.snap)).toMatchObject({ is_a_snapshot: true, snapshot_of: st.vdi, virtual_size: 3 * GiB, SR: nfs(ctx) });
      expect(rec(ctx, 'VDI', st.vdi).snapshots).toContain(st.snap);
    },
  },
  {
    fn: 'VDI.clone',
    async run(ctx) {
      st.clone = await ctx.xapi.call('VDI.clone', st.vdi, {});
      expect(rec(ctx, 'VDI', st.clone)).toMatchObject({ is_a_snapshot: false, virtual_size: 3 * GiB, SR: nfs(ctx) });
      expect(rec(ctx, 'VDI', st.clone).uuid).not.toBe(rec(ctx, 'VDI', st.vdi).uuid);
    },
  },
  {
    fn: 'VDI.copy',
    async run(ctx) {
      const local = find(ctx, 'SR', (s) => s.type === 'ext');
      st.copy = await (await ctx.xapi.callAsync('VDI.copy', st.vdi, local, NULL, NULL)).result;
      expect(rec(ctx, 'VDI', st.copy)).toMatchObject({ SR: local, virtual_size: 3 * GiB });
      expect(rec(ctx, 'SR', local).VDIs).toContain(st.copy);
    },
  },
  {
    fn: 'VDI.update',
    async run(ctx) {
      expect(await ctx.xapi.call('VDI.update', st.copy)).toBe('');
      expect(ctx.sim.records('VDI').has(st.copy)).toBe(true);
    },
  },
  {
    fn: 'VDI.forget',
    async run(ctx) {
      await ctx.xapi.call('VDI.forget', st.clone);
      expect(ctx.sim.records('VDI').has(st.clone)).toBe(false);
      expect(rec(ctx, 'SR', nfs(ctx)).VDIs).not.toContain(st.clone);
    },
  },
  {
    fn: 'VDI.introduce',
    async run(ctx) {
      const sr = nfs(ctx);
      const ref = await ctx.xapi.call('VDI.introduce', '0b5e0e0e-1111-4222-8333-944455556666', 'introduced', '', sr, 'user', false, false, {}, 'walk-location-1', {}, {}, true, GiB, GiB, NULL, false, '19700101T00:00:00Z', NULL);
      expect(rec(ctx, 'VDI', ref)).toMatchObject({ uuid: '0b5e0e0e-1111-4222-8333-944455556666', name_label: 'introduced', location: 'walk-location-1', SR: sr, virtual_size: GiB });
      expect(rec(ctx, 'SR', sr).VDIs).toContain(ref);
      // the same location again: LOCATION_NOT_UNIQUE [sr, location]
      expect(await rejected(ctx.xapi.call('VDI.introduce', '0b5e0e0e-1111-4222-8333-944455556667', 'again', '', sr, 'user', false, false, {}, 'walk-location-1', {}, {}, true, GiB, GiB, NULL, false, '19700101T00:00:00Z', NULL)))
        .toEqual(['LOCATION_NOT_UNIQUE', sr, 'walk-location-1']);
    },
  },
];

const vbd: RefCase[] = [
  ...classQueries('VBD', attachedVbd, ['get_all', 'get_record']),
  ...['VM', 'VDI', 'device', 'mode', 'type', 'bootable', 'currently_attached'].map((f) => getter('VBD', f, attachedVbd)),
  {
    fn: 'VBD.create',
    async run(ctx) {
      st.vm = vmNamed(ctx, 'web-03');
      st.vbd = await ctx.xapi.call('VBD.create', { VM: st.vm, VDI: st.vdi, userdevice: 'autodetect', bootable: false, mode: 'RW', type: 'Disk', unpluggable: true, empty: false, other_config: {}, qos_algorithm_type: '', qos_algorithm_params: {} } as unknown as VBDRecord);
      const b = rec(ctx, 'VBD', st.vbd);
      expect(b).toMatchObject({ VM: st.vm, VDI: st.vdi, currently_attached: false, type: 'Disk', mode: 'RW' });
      expect(b.userdevice).toMatch(/^\d+$/);
      expect(rec(ctx, 'VM', st.vm).VBDs).toContain(st.vbd);
      expect(rec(ctx, 'VDI', st.vdi).VBDs).toContain(st.vbd);
    },
  },
  {
    fn: 'VBD.set_mode',
    async run(ctx) {
      await ctx.xapi.call('VBD.set_mode', st.vbd, 'RO');
      expect(rec(ctx, 'VBD', st.vbd).mode).toBe('RO');
      await ctx.xapi.call('VBD.set_mode', st.vbd, 'RW');
      expect(await ctx.xapi.call('VBD.get_mode', st.vbd)).toBe('RW');
    },
  },
  {
    fn: 'VBD.set_bootable',
    async run(ctx) {
      await ctx.xapi.call('VBD.set_bootable', st.vbd, true);
      expect(rec(ctx, 'VBD', st.vbd).bootable).toBe(true);
      await ctx.xapi.call('VBD.set_bootable', st.vbd, false);
    },
  },
  {
    fn: 'VBD.set_type',
    async run(ctx) {
      await ctx.xapi.call('VBD.set_type', st.vbd, 'Disk');
      expect(await ctx.xapi.call('VBD.get_type', st.vbd)).toBe('Disk');
    },
  },
  {
    fn: 'VBD.plug',
    async run(ctx) {
      await ctx.xapi.call('VM.start', st.vm, false, false);
      // started VMs attach their disks: unplug first, then plug back
      if (rec(ctx, 'VBD', st.vbd).currently_attached) await ctx.xapi.call('VBD.unplug', st.vbd);
      expect(rec(ctx, 'VBD', st.vbd).currently_attached).toBe(false);
      await ctx.xapi.call('VBD.plug', st.vbd);
      const b = rec(ctx, 'VBD', st.vbd);
      expect(b.currently_attached).toBe(true);
      expect(String(b.device)).toMatch(/^xvd[a-z]$/);
    },
  },
  {
    fn: 'VDI.resize_online',
    async run(ctx) {
      await ctx.xapi.call('VDI.resize_online', st.vdi, 4 * GiB);
      expect(rec(ctx, 'VDI', st.vdi).virtual_size).toBe(4 * GiB);
    },
  },
  {
    fn: 'VBD.unplug',
    async run(ctx) {
      await ctx.xapi.call('VBD.unplug', st.vbd);
      expect(rec(ctx, 'VBD', st.vbd).currently_attached).toBe(false);
    },
  },
  {
    fn: 'VBD.eject',
    async run(ctx) {
      const cd = (rec(ctx, 'VM', st.vm).VBDs as string[]).find((b) => rec(ctx, 'VBD', b).type === 'CD')!;
      st.cd = cd;
      const isoVdi = (rec(ctx, 'SR', iso(ctx)).VDIs as string[])[0];
      if (rec(ctx, 'VBD', cd).empty) await ctx.xapi.call('VBD.insert', cd, isoVdi);
      expect(rec(ctx, 'VBD', cd).empty).toBe(false);
      await ctx.xapi.call('VBD.eject', cd);
      expect(rec(ctx, 'VBD', cd)).toMatchObject({ empty: true, VDI: NULL });
    },
  },
  {
    fn: 'VBD.insert',
    async run(ctx) {
      const isoVdi = (rec(ctx, 'SR', iso(ctx)).VDIs as string[])[0];
      await ctx.xapi.call('VBD.insert', st.cd, isoVdi);
      expect(rec(ctx, 'VBD', st.cd)).toMatchObject({ empty: false, VDI: isoVdi });
      expect(rec(ctx, 'VDI', isoVdi).VBDs).toContain(st.cd);
    },
  },
  {
    fn: 'VBD.destroy',
    async run(ctx) {
      await ctx.xapi.call('VBD.destroy', st.vbd);
      expect(ctx.sim.records('VBD').has(st.vbd)).toBe(false);
      expect(rec(ctx, 'VM', st.vm).VBDs).not.toContain(st.vbd);
      expect(rec(ctx, 'VDI', st.vdi).VBDs).toEqual([]);
    },
  },
  {
    fn: 'VDI.destroy',
    async run(ctx) {
      const sr = nfs(ctx);
      const alloc = Number(rec(ctx, 'SR', sr).virtual_allocation);
      const size = Number(rec(ctx, 'VDI', st.vdi).virtual_size);
      await ctx.xapi.call('VDI.destroy', st.vdi);
      expect(ctx.sim.records('VDI').has(st.vdi)).toBe(false);
      expect(rec(ctx, 'SR', sr).VDIs).not.toContain(st.vdi);
      expect(Number(rec(ctx, 'SR', sr).virtual_allocation)).toBe(alloc - size);
    },
  },
];

const consoles: RefCase[] = [
  ...classQueries('console', runningConsole, ['get_all', 'get_record']),
  ...['protocol', 'location', 'VM'].map((f) => getter('console', f, runningConsole)),
  {
    fn: 'console.get_location',
    async run(ctx) {
      const c = runningConsole(ctx);
      expect(await ctx.xapi.call('console.get_location', c)).toBe(`${ctx.url}/console?uuid=${String(rec(ctx, 'console', c).uuid)}`);
    },
  },
  {
    fn: 'console.create',
    async run(ctx) {
      // Every console field but other_config is RO/runtime in the model: the constructor takes
      // other_config only (the rest is ignored), so the new console belongs to no VM.
      const vm = vmNamed(ctx, 'web-02');
      st.console = await ctx.xapi.call('console.create', { protocol: 'rfb', location: 'ignored', VM: vm, other_config: { walk: 'yes' } } as unknown as ConsoleRecord);
      expect(rec(ctx, 'console', st.console)).toMatchObject({ VM: NULL, other_config: { walk: 'yes' } });
      expect(rec(ctx, 'console', st.console).uuid).toMatch(/^[0-9a-f-]{36}$/);
      expect(await ctx.xapi.call('console.get_all')).toContain(st.console);
      expect(rec(ctx, 'VM', vm).consoles).not.toContain(st.console);
    },
  },
  {
    fn: 'console.destroy',
    async run(ctx) {
      await ctx.xapi.call('console.destroy', st.console);
      expect(ctx.sim.records('console').has(st.console)).toBe(false);
      expect(await ctx.xapi.call('console.get_all')).not.toContain(st.console);
    },
  },
];

const family: RefFamily = {
  name: 'storage-console-misc',
  simulator: { port: 0, taskDurationMs: 0 },
  cases: [...vdi, ...vbd, ...consoles],
};
export default family;
