// Each server's perfmon keeps the alert configurations it read (xen-api's perfmon: update_all_xmlconfigs
// once every config_update_period, 1800 s) and reads them again early only when the perfmon plugin's
// "refresh" reaches it (host.call_plugin(host, "perfmon", "refresh", {}), what XenCenter calls after
// saving the Alerts page). Seen through XAPI: an alert set after the daemon's read raises nothing until
// that server's refresh (another server's does not help), or until the period has passed.
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../simulator/index';
import { login, rpc } from '../support/xapi-rpc';

type Rec = Record<string, unknown>;
let sim: Simulator | undefined;
afterEach(async () => { await sim?.close(); sim = undefined; });

const cpuAlert = '<config><variable><name value="cpu_usage" /><alarm_trigger_level value="0.5" /><alarm_trigger_period value="60" />'
  + '<alarm_auto_inhibit_period value="3600" /></variable></config>';

async function busyPool(perfmonConfigPeriodMs?: number) {
  const s = await startSimulator({ port: 0, hosts: 2, vms: 4, rrdIntervalMs: 0, metricsIntervalMs: 0, perfmonIntervalMs: 0, perfmonConfigPeriodMs });
  sim = s;
  const session = await login(s.url);
  const call = (method: string, ...args: unknown[]) => rpc(s.url, method, session, ...args);
  const [vmRef, vm] = [...s.records('VM')].find(([, r]) => r.power_state === 'Running' && !r.is_control_domain) as [string, Rec];
  const home = String(vm.resident_on);
  const other = [...s.records('host').keys()].find((h) => h !== home)!;
  while (s.rrdStats().lastUpdate % 60 !== 0) s.rrdUpdate();
  s.setVmCpuLoad(vmRef, 0.95);
  /** Two busy minutes of 5 s ticks, then a pass: the ALARMs it raised. */
  const busyPass = () => { for (let i = 0; i < 24; i++) s.rrdUpdate(); return s.perfmonCheck(); };
  return { s, call, vmRef, home, other, busyPass };
}

describe('perfmon\'s configuration cache', () => {
  it('an alert set after perfmon read the configurations waits for the refresh of the VM\'s own server', async () => {
    const { s, call, vmRef, home, other, busyPass } = await busyPool();
    expect(s.perfmonCheck()).toEqual([]); // the daemon reads every configuration: none yet
    await call('VM.add_to_other_config', vmRef, 'perfmon', cpuAlert);
    expect(busyPass()).toEqual([]); // still the cached configuration
    expect(await call('host.call_plugin', other, 'perfmon', 'refresh', {})).toBe('True');
    expect(busyPass()).toEqual([]); // the other server's perfmon re-read, not the one running the VM
    expect(await call('host.call_plugin', home, 'perfmon', 'refresh', {})).toBe('True');
    const raised = busyPass();
    expect(raised).toHaveLength(1);
    const alarm = await call('message.get_record', raised[0]) as Rec;
    expect(alarm).toMatchObject({ name: 'ALARM', cls: 'VM', obj_uuid: s.records('VM').get(vmRef)!.uuid });
  });

  it('the plugin\'s other functions: debug_mem answers True, an unknown one fails as a plugin failure', async () => {
    const { call, home } = await busyPool();
    expect(await call('host.call_plugin', home, 'perfmon', 'debug_mem', {})).toBe('True');
    await expect(call('host.call_plugin', home, 'perfmon', 'restart', {})).rejects.toThrow(/XENAPI_PLUGIN_FAILURE/);
  });

  it('without a refresh, the configurations are read again once the period has passed', async () => {
    const { s, call, vmRef, busyPass } = await busyPool(2000);
    expect(s.perfmonCheck()).toEqual([]);
    const readAt = Date.now();
    await call('VM.add_to_other_config', vmRef, 'perfmon', cpuAlert);
    expect(busyPass()).toEqual([]); // within the period: the cached configuration
    await expect.poll(() => busyPass().length, { timeout: 10_000, interval: 250 }).toBe(1);
    expect(Date.now() - readAt).toBeGreaterThanOrEqual(2000);
  });
});
