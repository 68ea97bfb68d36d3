// AppCore's srWizard.probe / srWizard.finish against the simulator, checked through XAPI: an NFS SR
// created shared with a plugged PBD on every host (and made the default); an SR found by a probe
// introduced again after it was forgotten; a detached SR reattached; an iSCSI SR with CHAP whose
// password becomes a secret and never reaches device_config, a result or an event; a plug that fails
// ends the task with the backend's error and leaves no PBD, no introduced SR, no secret behind.
import { expect, it } from 'vitest';
import type { Simulator } from '../../simulator/index';
import type { AppCore } from '../../electron/core/app-core';
import { rpc } from '../support/xapi-rpc';
import { eachCoreOnSimulator, ok, taskEnd } from '../support/core-harness';
import type { BridgeEvent } from '../../shared/ipc/contract';

type Rec = Record<string, unknown>;
let sim: Simulator;
let core: AppCore;
let conn: string;
let session: string;
let events: BridgeEvent[];

eachCoreOnSimulator({ port: 0, hosts: 3, vms: 2, taskDurationMs: 20, metricsIntervalMs: 0 }, (f) => ({ sim, core, conn, session, events } = f));

const call = (method: string, ...args: unknown[]) => rpc(sim.url, method, session, ...args);
const hostRefs = () => [...sim.records('host').keys()];
const NFS = { server: 'storage.demo', serverpath: '/vms', options: '' };

async function finish(args: Rec): Promise<Rec> {
  const { taskRef } = ok<{ taskRef: string }>(await core.request('srWizard.finish', { connectionId: conn, ...args } as never));
  return taskEnd(events, taskRef);
}
const srOf = (task: Rec) => /OpaqueRef:[0-9A-Za-z-]+/.exec(String(task.result))![0];
async function pbdsOf(sr: string): Promise<Rec[]> {
  const refs = await call('SR.get_PBDs', sr) as string[];
  return Promise.all(refs.map((r) => call('PBD.get_record', r) as Promise<Rec>));
}
async function expectAttachedEverywhere(sr: string): Promise<Rec[]> {
  const pbds = await pbdsOf(sr);
  expect(pbds.map((p) => p.host).sort()).toEqual(hostRefs().sort());
  expect(pbds.every((p) => p.currently_attached === true)).toBe(true);
  return pbds;
}
async function detach(sr: string, destroy: boolean): Promise<void> {
  for (const p of await call('SR.get_PBDs', sr) as string[]) {
    await call('PBD.unplug', p);
    if (destroy) await call('PBD.destroy', p);
  }
}

it('creates a shared NFS SR on the coordinator, plugged on every host, and makes it the default', async () => {
  const task = await finish({ mode: 'create', type: 'nfs', contentType: '', name: 'NFS virtual disk storage', description: 'NFS SR [storage.demo:/vms]', deviceConfig: NFS, setDefault: true });
  expect(task).toMatchObject({ status: 'success', name_label: expect.stringMatching(/^Creating NFS SR 'NFS virtual disk storage' on '/) });
  const sr = srOf(task);
  expect(await call('SR.get_record', sr)).toMatchObject({ type: 'nfs', shared: true, content_type: '', name_label: 'NFS virtual disk storage', other_config: { 'auto-scan': 'false' } });
  const pbds = await expectAttachedEverywhere(sr);
  expect(pbds[0].device_config).toMatchObject({ server: 'storage.demo', serverpath: '/vms' });
  const pool = Object.keys(await call('pool.get_all_records') as Rec)[0];
  expect(await call('pool.get_default_SR', pool)).toBe(sr);
});

it('probes: the backend XML on success, the backend error with its XML of choices otherwise', async () => {
  const found = ok<{ xml: string }>(await core.request('srWizard.probe', { connectionId: conn, type: 'nfs', deviceConfig: NFS }));
  expect(found.xml).toContain('<SRlist');
  const env = await core.request('srWizard.probe', { connectionId: conn, type: 'lvmoiscsi', deviceConfig: { target: 'storage.demo', port: '3260' } });
  expect(env.ok).toBe(false);
  if (!env.ok) {
    expect(env.error.code).toBe('SR_BACKEND_FAILURE_96');
    expect(env.error.params.join(' ')).toContain('<iscsi-target-iqns>');
  }
});

it('introduces an SR a probe found after it was forgotten, and reattaches a detached one', async () => {
  const made = await finish({ mode: 'create', type: 'nfs', contentType: '', name: 'first', description: '', deviceConfig: NFS, setDefault: false });
  const sr = srOf(made);
  const uuid = await call('SR.get_uuid', sr) as string;
  await detach(sr, false);
  await call('SR.forget', sr);

  const task = await finish({ mode: 'introduce', type: 'nfs', contentType: '', name: 'found again', description: 'd', deviceConfig: NFS, uuid, setDefault: false });
  expect(task).toMatchObject({ status: 'success', name_label: expect.stringMatching(/^Attaching SR 'found again' to '/) });
  const again = srOf(task);
  expect(await call('SR.get_record', again)).toMatchObject({ uuid, type: 'nfs', shared: true, name_label: 'found again' });
  await expectAttachedEverywhere(again);

  // Detached as XenCenter's Detach leaves it: no PBDs. Reattach gives it its location again.
  await detach(again, true);
  expect(await pbdsOf(again)).toEqual([]);
  const re = await finish({ mode: 'reattach', type: 'nfs', contentType: '', name: 'reattached', description: 'back', deviceConfig: NFS, srRef: again, setDefault: false });
  expect(re).toMatchObject({ status: 'success' });
  await expectAttachedEverywhere(again);
  expect(await call('SR.get_name_label', again)).toBe('reattached');
  // An SR that still has PBDs is refused before any task starts.
  const refused = await core.request('srWizard.finish', { connectionId: conn, mode: 'reattach', type: 'nfs', contentType: '', name: 'x', description: '', deviceConfig: NFS, srRef: again, setDefault: false });
  expect(refused.ok).toBe(false);
});

it('creates an iSCSI SR on LUN 1 of the demo target, shared and plugged on every host', async () => {
  const iqn = 'iqn.2026-01.demo:storage';
  const luns = await core.request('srWizard.probe', { connectionId: conn, type: 'lvmoiscsi', deviceConfig: { target: 'storage.demo', port: '3260', targetIQN: iqn } });
  expect(luns.ok).toBe(false);
  const xml = luns.ok ? '' : luns.error.params.join(' ');
  const lun1 = /<LUNid>\s*1\s*<\/LUNid>[\s\S]*?<SCSIid>\s*([^<\s]+)\s*<\/SCSIid>/.exec(xml)?.[1];
  expect(lun1).toBe('360014059e8d7c6b5a494837a6b5c4d3e');
  const task = await finish({ mode: 'create', type: 'lvmoiscsi', contentType: '', name: 'iSCSI virtual disk storage', description: '', deviceConfig: { target: 'storage.demo', port: '3260', targetIQN: iqn, SCSIid: lun1! }, setDefault: false });
  expect(task.status).toBe('success');
  const sr = srOf(task);
  expect(await call('SR.get_record', sr)).toMatchObject({ type: 'lvmoiscsi', shared: true });
  const pbds = await expectAttachedEverywhere(sr);
  expect(pbds[0].device_config).toMatchObject({ target: 'storage.demo', targetIQN: iqn, SCSIid: lun1 });
});

it('keeps a CHAP password out of device_config, results and events (a secret instead)', async () => {
  const password = 'chap-pw-5ecr3t';
  const c = core.connection(conn)!;
  const calls: Array<[string, unknown[]]> = [];
  const original = c.call.bind(c);
  (c as unknown as { call: typeof c.call }).call = (<T>(method: string, args: readonly unknown[]) => {
    calls.push([method, [...args]]);
    return original<T>(method, args);
  }) as typeof c.call;
  const before = new Set((await call('secret.get_all') as string[]));
  const iqn = 'iqn.2026-01.demo:storage';
  const dc = { target: 'storage.demo', port: '3260', targetIQN: iqn, chapuser: 'alice', chappassword: password };
  // A probe passes the password to the backend (the demo target has no CHAP: 68), never back.
  const probe = await core.request('srWizard.probe', { connectionId: conn, type: 'lvmoiscsi', deviceConfig: dc });
  expect(probe.ok).toBe(false);
  expect(JSON.stringify(probe)).not.toContain(password);
  const task = await finish({ mode: 'create', type: 'lvmoiscsi', contentType: '', name: 'chap', description: '', deviceConfig: { ...dc, SCSIid: '360014059e8d7c6b5a494837a6b5c4d3e' }, setDefault: false });
  expect(task.status).toBe('failure');
  expect((task.error_info as string[])[0]).toBe('SR_BACKEND_FAILURE_68');
  // SR.create got a secret's uuid, never the password.
  const create = calls.find(([m]) => m === 'Async.SR.create')!;
  const sent = create[1][1] as Record<string, string>;
  expect(sent.chappassword).toBeUndefined();
  expect(sent).toMatchObject({ chapuser: 'alice', chappassword_secret: expect.any(String) });
  expect(JSON.stringify(calls.filter(([m]) => m !== 'SR.probe' && m !== 'secret.create'))).not.toContain(password);
  expect(JSON.stringify(events)).not.toContain(password);
  // The secret made for it is gone again.
  expect((await call('secret.get_all') as string[]).filter((s) => !before.has(s))).toEqual([]);
});

it('a plug that fails ends the task with the backend error and leaves nothing half-made', async () => {
  const made = await finish({ mode: 'create', type: 'nfs', contentType: '', name: 'gone', description: '', deviceConfig: NFS, setDefault: false });
  const sr = srOf(made);
  const uuid = await call('SR.get_uuid', sr) as string;
  await detach(sr, false);
  await call('SR.forget', sr);
  const secretsBefore = (await call('secret.get_all') as string[]).length;

  sim.faults.failMethod('Async.PBD.plug', { code: 'SR_BACKEND_FAILURE_73', params: ['', 'NFS mount error', ''], count: 1 });
  const task = await finish({ mode: 'introduce', type: 'smb', contentType: '', name: 'half', description: '', deviceConfig: { server: '//storage.demo/vms', username: 'bob', password: 'smb-pw-1' }, uuid, setDefault: false });
  expect(task.status).toBe('failure');
  expect((task.error_info as string[])[0]).toBe('SR_BACKEND_FAILURE_73');
  expect(JSON.stringify(events)).not.toContain('smb-pw-1');
  // No SR of that uuid, no PBD of it, no secret left.
  expect(await call('SR.get_by_uuid', uuid).then(() => 'found', () => 'none')).toBe('none');
  expect([...sim.records('PBD').values()].some((p) => (p as Rec).SR === sr)).toBe(false);
  expect((await call('secret.get_all') as string[]).length).toBe(secretsBefore);
});
