// AppCore saving the Alerts page against the simulator, whose perfmon keeps the configurations it read
// until told to refresh: a VM's CPU alert saved through vmProperties.apply raises its ALARM at the next
// perfmon pass (the save's task asked the VM's server to refresh), an SR's alert asks every server of
// the SR, and a refresh the server refuses leaves the alerts saved, the task a success, and a note in
// words and code on it (as XenCenter, which only logs it).
import { expect, it } from 'vitest';
import type { Simulator } from '../../simulator/index';
import type { AppCore } from '../../electron/core/app-core';
import { rpc } from '../support/xapi-rpc';
import { eachCoreOnSimulator, ok, taskEnd } from '../support/core-harness';
import type { BridgeEvent } from '../../shared/ipc/contract';
import { NOTE_KEY } from '../../shared/task-keys';

type Rec = Record<string, unknown>;
let sim: Simulator;
let core: AppCore;
let conn: string;
let session: string;
let events: BridgeEvent[];

eachCoreOnSimulator({ port: 0, hosts: 2, vms: 4, taskDurationMs: 20, metricsIntervalMs: 0, rrdIntervalMs: 0, perfmonIntervalMs: 0 }, (f) => ({ sim, core, conn, session, events } = f));

const call = <T = Rec>(method: string, ...args: unknown[]) => rpc(sim.url, method, session, ...args) as Promise<T>;
const cpuAlert = { alerts: { cpu_usage: { threshold: 50, minutes: 1 } }, intervalMinutes: 60 };

it('a VM\'s alert saved in Properties fires at the next perfmon pass: the save asked its server to refresh', async () => {
  const [vmRef, vm] = [...sim.records('VM')].find(([, r]) => r.power_state === 'Running' && !r.is_control_domain) as [string, Rec];
  while (sim.rrdStats().lastUpdate % 60 !== 0) sim.rrdUpdate();
  expect(sim.perfmonCheck()).toEqual([]); // perfmon has read the configurations: none for this VM
  const { taskRef } = ok<{ taskRef: string }>(await core.request('vmProperties.apply', { connectionId: conn, vmRef, changes: { perfmon: cpuAlert } } as never));
  const task = await taskEnd(events, taskRef);
  expect(task).toMatchObject({ status: 'success' });
  expect((task.other_config as Rec)[NOTE_KEY]).toBeUndefined();
  expect((await call('VM.get_other_config', vmRef)).perfmon).toContain('<name value="cpu_usage" />');
  sim.setVmCpuLoad(vmRef, 0.95);
  for (let i = 0; i < 24; i++) sim.rrdUpdate();
  const raised = sim.perfmonCheck();
  expect(raised).toHaveLength(1);
  expect(await call('message.get_record', raised[0])).toMatchObject({ name: 'ALARM', obj_uuid: vm.uuid });
});

it('a refresh the server refuses: the alerts stay saved, the task succeeds with a note in words and code', async () => {
  const [srRef] = [...sim.records('SR')].find(([, r]) => r.shared === true && r.content_type !== 'iso')!;
  sim.faults.failMethod('host.call_plugin', { code: 'XENAPI_MISSING_PLUGIN', params: ['perfmon'], count: Infinity });
  const alert = { alerts: { sr_io_throughput_total_per_host: { threshold: 1000, minutes: 1 } }, intervalMinutes: 60 };
  const { taskRef } = ok<{ taskRef: string }>(await core.request('objectProperties.apply', { connectionId: conn, cls: 'SR', ref: srRef, changes: { perfmon: alert } } as never));
  const task = await taskEnd(events, taskRef);
  expect(task).toMatchObject({ status: 'success' });
  const hosts = [...sim.records('host').values()].map((h) => `'${String(h.name_label)}': [^;]*\\(XENAPI_MISSING_PLUGIN\\)`);
  expect(String((task.other_config as Rec)[NOTE_KEY])).toMatch(new RegExp(`^The alerts were saved, but the performance monitor could not be told to apply them at once on ${hosts.join('; ')}\\.`));
  expect((await call('SR.get_other_config', srRef)).perfmon).toContain('sr_io_throughput_total_per_host');
});
