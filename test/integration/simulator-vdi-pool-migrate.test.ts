// VDI.pool_migrate over JSON-RPC (xapi's message_forwarding + Xapi_vm_migrate.vdi_pool_migrate):
// a running VM's attached disk mirrored to another SR (same name, size, userdevice; the VBD stays
// attached and points at the new VDI, the old one is gone, SR accounting follows); a halted VM's disk
// too; refusals: a VDI without a VM, CBT metadata, an SR with no room, and VDI.copy alongside.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../simulator/index';
import { rpcReply as rpc, errArray, ok } from '../support/xapi-rpc';

type Rec = Record<string, unknown>;
const GiB = 1024 ** 3;

describe('simulator VDI.pool_migrate', () => {
  let sim: Simulator;
  let s: string;
  const call = <T = unknown>(m: string, ...p: unknown[]) => rpc(sim.url, m, [s, ...p]).then((r) => ok<T>(r));
  const fail = (m: string, ...p: unknown[]) => rpc(sim.url, m, [s, ...p]).then(errArray);
  const rec = (cls: string, ref: string) => sim.records(cls).get(ref);
  const vms = (pred: (v: Rec) => boolean) => [...sim.records('VM')].filter(([, v]) => !v.is_a_template && !v.is_control_domain && pred(v)).map(([r]) => r);
  const diskVbd = (vm: string) => (rec('VM', vm)!.VBDs as string[]).find((b) => rec('VBD', b)!.type === 'Disk' && !rec('VBD', b)!.empty)!;
  const sharedSrs = () => [...sim.records('SR')].filter(([, x]) => x.content_type !== 'iso' && x.shared === true && (x.allowed_operations as string[]).includes('vdi_create')).map(([r]) => r);
  const newVdi = (sr: string, size = GiB) => call<string>('VDI.create', { name_label: 'loose', name_description: '', SR: sr, virtual_size: size, type: 'user', sharable: false, read_only: false, other_config: {} });

  beforeAll(async () => {
    sim = await startSimulator({ hosts: 2, vms: 6, taskDurationMs: 40 });
    s = ok<string>(await rpc(sim.url, 'session.login_with_password', ['root', 'xenroot']));
    // A second shared SR to move to (the demo pool has one shared user SR).
    const hosts = [...sim.records('host').keys()];
    if (sharedSrs().length < 2) {
      await call('SR.create', hosts[0], { server: 'storage.demo', serverpath: '/vms' }, 0, 'Second NFS', '', 'nfs', 'user', true, {});
    }
  });
  afterAll(async () => { await sim.close(); });

  it('moves a running VM\'s attached disk live: new VDI on the SR, VBD repointed and still attached, old VDI gone', async () => {
    const vm = vms((v) => v.power_state === 'Running')[0];
    const vbd = diskVbd(vm);
    const before = { ...rec('VBD', vbd)! };
    const old = String(before.VDI);
    const src = { ...rec('VDI', old)! };
    const to = sharedSrs().find((r) => r !== src.SR)!;
    const alloc = Number(rec('SR', to)!.virtual_allocation);
    const moved = await call<string>('VDI.pool_migrate', old, to, {});
    expect(moved).not.toBe(old);
    expect(rec('VDI', moved)).toMatchObject({ SR: to, virtual_size: src.virtual_size, name_label: src.name_label, name_description: src.name_description, type: src.type });
    expect(rec('VBD', vbd)).toMatchObject({ VDI: moved, userdevice: before.userdevice, bootable: before.bootable, mode: before.mode, currently_attached: true });
    expect(rec('VDI', old)).toBeUndefined();
    expect(Number(rec('SR', to)!.virtual_allocation)).toBe(alloc + Number(src.virtual_size));
    expect(rec('VM', vm)!.power_state).toBe('Running');
  });

  it('moves a halted VM\'s disk too (migrate_send accepts Halted)', async () => {
    const vm = vms((v) => v.power_state === 'Halted')[0];
    const vbd = diskVbd(vm);
    const old = String(rec('VBD', vbd)!.VDI);
    const to = sharedSrs().find((r) => r !== rec('VDI', old)!.SR)!;
    const moved = await call<string>('VDI.pool_migrate', old, to, {});
    expect(rec('VBD', vbd)).toMatchObject({ VDI: moved, currently_attached: false });
    expect(rec('VDI', moved)!.SR).toBe(to);
    expect(rec('VDI', old)).toBeUndefined();
  });

  it('refuses a VDI no VM uses, a CBT metadata VDI, and a destination without room', async () => {
    const [a, b] = sharedSrs();
    const loose = await newVdi(a);
    expect(await fail('VDI.pool_migrate', loose, b, {})).toEqual(['VDI_NEEDS_VM_FOR_MIGRATE', loose]);
    // VDI.copy of a loose disk works (the copy-and-swap path of clients).
    const cp = await call<string>('VDI.copy', loose, b, 'OpaqueRef:NULL', 'OpaqueRef:NULL');
    expect(rec('VDI', cp)).toMatchObject({ SR: b, virtual_size: GiB, name_label: 'loose' });

    // A 2 GiB thick (LVM) SR on the host a running VM is on: its disk does not fit.
    const vm = vms((v) => v.power_state === 'Running')[0];
    const host = String(rec('VM', vm)!.resident_on);
    const small = await call<string>('SR.create', host, { device: '/dev/sdb' }, 2 * GiB, 'Small LVM', '', 'lvm', 'user', false, {});
    const vbd = diskVbd(vm);
    const vdi = String(rec('VBD', vbd)!.VDI);
    expect(Number(rec('VDI', vdi)!.virtual_size)).toBeGreaterThan(2 * GiB);
    expect(await fail('VDI.pool_migrate', vdi, small, {})).toEqual(['SR_BACKEND_FAILURE_44', '', 'There is insufficient space', '']);
    expect(rec('VBD', vbd)).toMatchObject({ VDI: vdi, currently_attached: true });
    expect(rec('VDI', vdi)).toBeDefined();
    expect(rec('VM', vm)!.resident_on).toBe(host);
  });
});
