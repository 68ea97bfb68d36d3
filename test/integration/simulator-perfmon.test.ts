// The simulator's perfmon daemon (simulator/perfmon.ts), seen through XAPI: a VM's CPU alert written as
// XenCenter writes other_config:perfmon raises exactly one ALARM message once the load stays over the
// level for the trigger period, none below it, and the next only after the repeat (inhibit) interval;
// a host's free-memory alert fires when memory falls below (perfmon's "low" sense). The RRD, metrics
// and perfmon timers are off: the test records ticks (Simulator.rrdUpdate) and runs the passes itself;
// perfmon reads the configurations on every pass (simulator-perfmon-refresh.test.ts: its cache).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../simulator/index';
import { login, rpc } from '../support/xapi-rpc';

type Rec = Record<string, unknown>;
let sim: Simulator;
let session: string;
let vmRef: string;
let vmUuid: string;

const call = (method: string, ...args: unknown[]) => rpc(sim.url, method, session, ...args);
const cpuAlert = (level: string, period: number, inhibit: number) => '<config><variable><name value="cpu_usage" />'
  + `<alarm_trigger_level value="${level}" /><alarm_trigger_period value="${period}" /><alarm_auto_inhibit_period value="${inhibit}" /></variable></config>`;
/** Records `minutes` of 5 s ticks. */
const tick = (minutes: number) => { for (let i = 0; i < minutes * 12; i++) sim.rrdUpdate(); };
const alarmsOf = async (uuid: string) => Object.values(await call('message.get_all_records') as Record<string, Rec>)
  .filter((m) => m.name === 'ALARM' && m.obj_uuid === uuid);

beforeAll(async () => {
  sim = await startSimulator({ port: 0, hosts: 1, vms: 3, rrdIntervalMs: 0, metricsIntervalMs: 0, perfmonIntervalMs: 0, perfmonConfigPeriodMs: 0, faultsEndpoint: true });
  session = await login(sim.url);
  [vmRef, vmUuid] = [...sim.records('VM')].filter(([, r]) => r.power_state === 'Running' && !r.is_control_domain).map(([ref, r]) => [ref, String(r.uuid)])[0];
  // Start on a minute boundary, so each one-minute row perfmon reads holds one load only.
  while (sim.rrdStats().lastUpdate % 60 !== 0) sim.rrdUpdate();
});
afterAll(async () => { await sim?.close(); });

describe('a VM CPU alert', () => {
  it('raises nothing while the load stays under the level', async () => {
    await call('VM.add_to_other_config', vmRef, 'perfmon', cpuAlert('0.5', 60, 300));
    sim.setVmCpuLoad(vmUuid, 0.3);
    tick(3);
    expect(sim.perfmonCheck()).toEqual([]);
    expect(await alarmsOf(vmUuid)).toEqual([]);
  });

  it('raises exactly one ALARM once a minute over the level has passed, in perfmon\'s format', async () => {
    sim.setVmCpuLoad(vmUuid, 0.9);
    tick(2);
    expect(sim.perfmonCheck()).toHaveLength(1);
    const alarms = await alarmsOf(vmUuid);
    expect(alarms).toHaveLength(1);
    expect(alarms[0]).toMatchObject({ name: 'ALARM', priority: 3, cls: 'VM', obj_uuid: vmUuid });
    expect(alarms[0].body).toBe('value: 0.900000\nconfig:\n<variable>\n\t<name value="cpu_usage"/>\n\t<alarm_trigger_level value="0.5"/>\n'
      + '\t<alarm_trigger_period value="60"/>\n\t<alarm_auto_inhibit_period value="300"/>\n</variable>\n');
  });

  it('repeats only after the repeat interval, while the load stays high', async () => {
    // The alarm was on the first bad minute's row; the check above read one more.
    tick(3); // 4 minutes after the alarm
    expect(sim.perfmonCheck()).toEqual([]);
    tick(1); // 5 minutes: the inhibit period (300 s) is over
    expect(sim.perfmonCheck()).toHaveLength(1);
    expect(await alarmsOf(vmUuid)).toHaveLength(2);
  });

  it('waits for the whole trigger period, and a good minute starts it again', async () => {
    await call('VM.remove_from_other_config', vmRef, 'perfmon');
    await call('VM.add_to_other_config', vmRef, 'perfmon', cpuAlert('0.5', 180, 3600));
    tick(2);
    expect(sim.perfmonCheck()).toEqual([]); // two bad minutes of three
    sim.setVmCpuLoad(vmUuid, 0.1);
    tick(1);
    sim.setVmCpuLoad(vmUuid, 0.9);
    tick(2);
    expect(sim.perfmonCheck()).toEqual([]); // the good minute reset the count
    tick(1);
    expect(sim.perfmonCheck()).toHaveLength(1);
  });

  it('stops when the key is removed', async () => {
    await call('VM.remove_from_other_config', vmRef, 'perfmon');
    tick(5);
    expect(sim.perfmonCheck()).toEqual([]);
  });
});

describe('a host free-memory alert', () => {
  it('fires when free memory is below the level (perfmon\'s low sense), for the Host class', async () => {
    const [hostRef, host] = [...sim.records('host')][0];
    await call('host.add_to_other_config', hostRef, 'perfmon',
      '<config><variable><name value="memory_free_kib" /><alarm_trigger_level value="1099511627776" /><alarm_trigger_period value="60" /><alarm_auto_inhibit_period value="3600" /></variable></config>');
    tick(2);
    sim.perfmonCheck();
    const alarms = await alarmsOf(String(host.uuid));
    expect(alarms).toHaveLength(1);
    expect(alarms[0]).toMatchObject({ cls: 'Host', priority: 3 });
    expect(alarms[0].body).toMatch(/^value: \d+\.\d{6}\nconfig:\n<variable>\n\t<name value="memory_free_kib"\/>/);
  });
});

describe('the control endpoint', () => {
  const control = async (body: unknown) => {
    const r = await fetch(`${sim.url}/_simulator/faults`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-XAPI-Session': session }, body: JSON.stringify(body) });
    return { status: r.status, json: await r.json() as Rec };
  };

  it('pins a VM\'s CPU load and runs a perfmon pass over HTTP', async () => {
    await call('VM.add_to_other_config', vmRef, 'perfmon', cpuAlert('0.5', 60, 3600));
    expect((await control({ action: 'setCpuLoad', vm: vmRef, load: 0.95 })).status).toBe(200);
    tick(2);
    const r = await control({ action: 'perfmonCheck' });
    expect(r.json.result).toHaveLength(1);
    expect((await control({ action: 'setCpuLoad', vm: vmRef, load: 2 })).json.error).toMatch(/fraction from 0 to 1/);
    expect((await control({ action: 'setCpuLoad', vm: 'nope', load: 0.5 })).json.error).toMatch(/no VM nope/);
  });
});
