// AppCore's sr.run against the simulator, checked through XAPI: Repair creates the missing PBD and plugs
// every host's; Set as Default sets the pool's three SRs; Detach leaves no PBD plugged; Forget removes the
// SR and its VDI records (nothing on the storage is deleted: no SR.destroy); Destroy deletes the disks,
// then the SR; Rescan; Reclaim freed space through sm's trim plugin; a refusal ends the task with XAPI's error.
import { expect, it } from 'vitest';
import type { Simulator } from '../../simulator/index';
import type { AppCore } from '../../electron/core/app-core';
import { rpc, RpcError } from '../support/xapi-rpc';
import { eachCoreOnSimulator, ok, taskEnd } from '../support/core-harness';
import type { BridgeEvent } from '../../shared/ipc/contract';

type Rec = Record<string, unknown>;
const GiB = 1024 ** 3;
let sim: Simulator;
let core: AppCore;
let conn: string;
let session: string;
let events: BridgeEvent[];

eachCoreOnSimulator({ port: 0, hosts: 3, vms: 6, taskDurationMs: 20, metricsIntervalMs: 0 }, (f) => ({ sim, core, conn, session, events } = f));

const call = (method: string, ...args: unknown[]) => rpc(sim.url, method, session, ...args);
const gone = async (method: string, ref: string) => call(method, ref).then(() => false, (e: unknown) => e instanceof RpcError && e.code === 'HANDLE_INVALID');
const master = async () => call('pool.get_master', (await call('pool.get_all') as string[])[0]) as Promise<string>;

async function run(srRef: string, action: string): Promise<Rec> {
  const { taskRef } = ok<{ taskRef: string }>(await core.request('sr.run', { connectionId: conn, srRef, action } as never));
  return taskEnd(events, taskRef);
}
async function pbds(sr: string): Promise<Rec[]> {
  return Promise.all((await call('SR.get_PBDs', sr) as string[]).map((p) => call('PBD.get_record', p) as Promise<Rec>));
}
async function nfsSr(name: string): Promise<string> {
  return await call('SR.create', await master(), { server: 'storage.demo', serverpath: '/vms' }, 0, name, '', 'nfs', 'user', true, {}) as string;
}
async function disk(sr: string, name: string): Promise<string> {
  return await call('VDI.create', { name_label: name, name_description: '', SR: sr, virtual_size: GiB, type: 'user', sharable: false, read_only: false, other_config: {}, xenstore_data: {}, sm_config: {}, tags: [] }) as string;
}

it('Repair creates the PBD a host lacks (device_config copied) and plugs every host\'s; Detach unplugs them all', async () => {
  const sr = await nfsSr('repair me');
  const hosts = await call('host.get_all') as string[];
  const before = await pbds(sr);
  expect(before).toHaveLength(3);
  const refs = await call('SR.get_PBDs', sr) as string[];
  const m = await master();
  const [unplugRef, destroyRef] = refs.filter((_, i) => before[i].host !== m);
  await call('PBD.unplug', unplugRef);
  await call('PBD.unplug', destroyRef);
  await call('PBD.destroy', destroyRef);
  expect(await pbds(sr)).toHaveLength(2);

  const task = await run(sr, 'repair');
  expect(task).toMatchObject({ status: 'success', name_label: "Repairing SR 'repair me'" });
  const after = await pbds(sr);
  expect(after).toHaveLength(3);
  expect(new Set(after.map((p) => p.host))).toEqual(new Set(hosts));
  for (const p of after) expect(p).toMatchObject({ currently_attached: true, device_config: { server: 'storage.demo', serverpath: '/vms' } });

  expect(await run(sr, 'detach')).toMatchObject({ status: 'success' });
  const detached = await pbds(sr);
  expect(detached).toHaveLength(3);
  expect(detached.every((p) => p.currently_attached === false)).toBe(true);
});

it('Set as Default sets the default, suspend image and crash dump SRs', async () => {
  const sr = await nfsSr('the default');
  expect(await run(sr, 'setDefault')).toMatchObject({ status: 'success' });
  const pool = await call('pool.get_record', (await call('pool.get_all') as string[])[0]) as Rec;
  expect(pool).toMatchObject({ default_SR: sr, suspend_image_SR: sr, crash_dump_SR: sr });
});

it('Forget unplugs, then forgets: the SR and its VDI records go, the storage is not destroyed', async () => {
  const sr = await nfsSr('forget me');
  const vdi = await disk(sr, 'kept on the server');
  const uuid = await call('SR.get_uuid', sr);
  const task = await run(sr, 'forget');
  expect(task).toMatchObject({ status: 'success' });
  expect(await gone('SR.get_record', sr)).toBe(true);
  expect(await gone('VDI.get_record', vdi)).toBe(true);
  expect(await call('SR.get_all') as string[]).not.toContain(sr);
  // It can be introduced again by its uuid: the server only forgot it.
  expect(await call('SR.introduce', uuid, 'again', '', 'nfs', 'user', true, {})).toMatch(/^OpaqueRef:/);
});

it('Destroy deletes the SR\'s disks, unplugs it and destroys it', async () => {
  const sr = await nfsSr('destroy me');
  const disks = [await disk(sr, 'one'), await disk(sr, 'two')];
  // SR.destroy alone refuses a non-empty SR (SEMANTICS 7.2), whence the disks first.
  const task = await run(sr, 'destroy');
  expect(task).toMatchObject({ status: 'success', name_label: expect.stringMatching(/^Destroying SR 'destroy me' on /) });
  expect(await gone('SR.get_record', sr)).toBe(true);
  for (const d of disks) expect(await gone('VDI.get_record', d)).toBe(true);
});

it('Rescan; a detach refused (running VM) ends with XAPI\'s error; Reclaim freed space through the trim plugin', async () => {
  const srs = [...sim.records('SR').entries()] as Array<[string, Rec]>;
  const shared = srs.find(([, s]) => s.shared === true && s.content_type !== 'iso')![0];
  expect(await run(shared, 'rescan')).toMatchObject({ status: 'success' });
  const refused = await run(shared, 'detach');
  expect(refused).toMatchObject({ status: 'failure' });
  expect((refused.error_info as string[])[0]).toBe('VDI_IN_USE');

  // NFS has no SR_TRIM: sm's plugin answers with its XML error, which ends the task.
  const nfs = await nfsSr('no trim');
  const noTrim = await run(nfs, 'trim');
  expect(noTrim).toMatchObject({ status: 'failure' });
  expect(noTrim.error_info).toEqual(['UnsupportedSRForTrim', `Trim on [${await call('SR.get_uuid', nfs)}] not supported`]);

  const lvm = await call('SR.create', await master(), { device: '/dev/sdb' }, 0, 'local lvm', '', 'lvm', 'user', false, {}) as string;
  expect(await run(lvm, 'trim')).toMatchObject({ status: 'success', name_label: "Reclaiming freed space on SR 'local lvm'" });
});

it('the simulator\'s trim plugin answers as sm does; other plugins are missing', async () => {
  const m = await master();
  const lvm = await call('SR.create', m, { device: '/dev/sdc' }, 0, 'lvm', '', 'lvm', 'user', false, {}) as string;
  const uuid = await call('SR.get_uuid', lvm);
  expect(await call('host.call_plugin', m, 'trim', 'do_trim', { sr_uuid: uuid })).toBe('True');
  const other = (await call('host.get_all') as string[]).find((h) => h !== m)!;
  expect(await call('host.call_plugin', other, 'trim', 'do_trim', { sr_uuid: uuid })).toContain('<key>errcode</key><value>UnknownTrimException</value>');
  await expect(call('host.call_plugin', m, 'nothere', 'f', {})).rejects.toMatchObject({ code: 'XENAPI_MISSING_PLUGIN', params: ['nothere'] });
  await expect(call('host.call_plugin', m, 'trim', 'do_trim', {})).rejects.toMatchObject({ code: 'XENAPI_PLUGIN_FAILURE' });
  // The demo lists the drivers, with xapi's features map: the LVHD family has SR_TRIM, NFS has not.
  const sms = [...sim.records('SM').values()] as Rec[];
  expect((sms.find((s) => s.type === 'lvm')!.features as Rec).SR_TRIM).toBe(1);
  expect((sms.find((s) => s.type === 'nfs')!.features as Rec).SR_TRIM).toBeUndefined();
});
