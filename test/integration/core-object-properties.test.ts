// AppCore's objectProperties.apply / editCustomFields against the simulator, checked through XAPI: an SR
// renamed, foldered and tagged; a network's MTU and "automatic"; a pool's default SR; a host's log
// destination, and its multipathing refused out of maintenance mode; a custom field defined, valued on
// a VM (through vmProperties.apply) and a host, then removed with its values; a bad request refused before any task.
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

eachCoreOnSimulator({ port: 0, hosts: 2, vms: 3, taskDurationMs: 20, metricsIntervalMs: 0 }, (f) => ({ sim, core, conn, session, events } = f));

const call = <T = Rec>(method: string, ...args: unknown[]) => rpc(sim.url, method, session, ...args) as Promise<T>;
const records = (cls: string) => [...sim.records(cls).entries()] as Array<[string, Rec]>;

async function apply(cls: string, ref: string, changes: Rec): Promise<Rec> {
  const { taskRef } = ok<{ taskRef: string }>(await core.request('objectProperties.apply', { connectionId: conn, cls, ref, changes } as never));
  return taskEnd(events, taskRef);
}
async function edit(args: Rec): Promise<Rec> {
  const { taskRef } = ok<{ taskRef: string }>(await core.request('objectProperties.editCustomFields', { connectionId: conn, ...args } as never));
  return taskEnd(events, taskRef);
}

it('applies an SR\'s General changes, a network\'s MTU and automatic, a pool\'s default SR', async () => {
  const [srRef] = records('SR').find(([, s]) => s.content_type !== 'iso')!;
  expect(await apply('SR', srRef, { name: 'Fast store', description: 'ssd', folder: '/storage', tagsAdd: ['gold'] })).toMatchObject({ status: 'success' });
  const sr = await call('SR.get_record', srRef);
  expect(sr).toMatchObject({ name_label: 'Fast store', name_description: 'ssd', tags: ['gold'] });
  expect((sr.other_config as Rec).folder).toBe('/storage');

  const [netRef] = records('network')[0];
  expect(await apply('network', netRef, { mtu: 9000, automatic: false })).toMatchObject({ status: 'success' });
  const net = await call('network.get_record', netRef);
  expect(net.MTU).toBe(9000);
  expect((net.other_config as Rec).automatic).toBe('false');

  const [poolRef] = records('pool')[0];
  const other = records('SR').find(([r, s]) => r !== srRef && s.content_type !== 'iso')?.[0] ?? srRef;
  expect(await apply('pool', poolRef, { defaultSR: other })).toMatchObject({ status: 'success' });
  expect(await call('pool.get_default_SR', poolRef)).toBe(other);
});

it('sets a host\'s log destination; multipathing only in maintenance mode', async () => {
  const [hostRef] = records('host')[0];
  expect(await apply('host', hostRef, { syslogDestination: 'logs.example.com' })).toMatchObject({ status: 'success' });
  expect(((await call('host.get_record', hostRef)).logging as Rec).syslog_destination).toBe('logs.example.com');

  const env = await core.request('objectProperties.apply', { connectionId: conn, cls: 'host', ref: hostRef, changes: { multipathing: true } } as never);
  expect(env).toMatchObject({ ok: false });
  expect(JSON.stringify(env)).toMatch(/maintenance mode/);
  await call('host.disable', hostRef);
  expect(await apply('host', hostRef, { multipathing: true })).toMatchObject({ status: 'success' });
  expect((await call('host.get_record', hostRef)).other_config).toMatchObject({ multipathing: 'true', multipathhandle: 'dmp' });
});

it('defines a custom field, values it on objects, removes it with its values', async () => {
  const [poolRef] = records('pool')[0];
  expect(await edit({ add: { name: 'Owner', type: 'String' } })).toMatchObject({ status: 'success' });
  expect(await edit({ add: { name: 'Due', type: 'Date' } })).toMatchObject({ status: 'success' });
  const gui = (await call('pool.get_gui_config', poolRef)) as Rec;
  expect(gui['XenCenter.CustomFields']).toBe('<CustomFieldDefinitions><CustomFieldDefinition name="Owner" type="String" defaultValue="" />'
    + '<CustomFieldDefinition name="Due" type="Date" defaultValue="" /></CustomFieldDefinitions>');
  const dup = await core.request('objectProperties.editCustomFields', { connectionId: conn, add: { name: 'Owner', type: 'String' } } as never);
  expect(JSON.stringify(dup)).toMatch(/already a custom field/);

  const [hostRef] = records('host')[0];
  expect(await apply('host', hostRef, { customFields: { Owner: 'ops', Due: '2026-12-06T00:00:00Z' } })).toMatchObject({ status: 'success' });
  expect((await call('host.get_record', hostRef)).other_config).toMatchObject({ 'XenCenter.CustomFields.Owner': 'ops' });

  // A VM's value goes through vmProperties.apply with its other changes.
  const [vmRef] = records('VM').find(([, v]) => !v.is_control_domain && !v.is_a_template && !v.is_a_snapshot)!;
  const { taskRef } = ok<{ taskRef: string }>(await core.request('vmProperties.apply', { connectionId: conn, vmRef, changes: { customFields: { Owner: 'web' } } } as never));
  expect(await taskEnd(events, taskRef)).toMatchObject({ status: 'success' });
  expect((await call('VM.get_record', vmRef)).other_config).toMatchObject({ 'XenCenter.CustomFields.Owner': 'web' });

  expect(await edit({ remove: 'Owner' })).toMatchObject({ status: 'success' });
  expect(((await call('VM.get_record', vmRef)).other_config as Rec)['XenCenter.CustomFields.Owner']).toBeUndefined();
  const after = (await call('host.get_record', hostRef)).other_config as Rec;
  expect(after['XenCenter.CustomFields.Owner']).toBeUndefined();
  expect(after['XenCenter.CustomFields.Due']).toBe('2026-12-06T00:00:00Z');
  expect(((await call('pool.get_gui_config', poolRef)) as Rec)['XenCenter.CustomFields']).not.toContain('Owner');
});

it('refuses a malformed request before any task', async () => {
  const [netRef] = records('network')[0];
  for (const changes of [{}, { mtu: 10 }, { name: '' }, { defaultSR: 'x' }, { bogus: 1 }]) {
    const env = await core.request('objectProperties.apply', { connectionId: conn, cls: 'network', ref: netRef, changes } as never);
    expect(env, JSON.stringify(changes)).toMatchObject({ ok: false });
  }
});
