// VM snapshot schedules in the simulator, seen over JSON-RPC: the VMSS setters with xapi's checks
// (xapi_vmss.ml: the schedule map's keys per frequency, retained_snapshots 1..10, quiesce), VM
// membership, and the scheduler driven by the pool's clock (advanceClock in-process and over
// POST /_simulator/faults): due, not due, disabled, retention, the VMSS messages, each run's task; the
// servers' clock (host.get_servertime / get_server_localtime) and time zone, in which a schedule's hour is.
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../simulator/index';
import { errArray, login, rpcReply, type RpcReply } from '../support/xapi-rpc';

let sim: Simulator | undefined;
afterEach(async () => { await sim?.close(); sim = undefined; });

const HOUR = 3600_000;

async function start(utcOffsetMinutes?: number) {
  sim = await startSimulator({ port: 0, hosts: 1, vms: 3, taskDurationMs: 40, vmssTickMs: 0, faultsEndpoint: true, utcOffsetMinutes });
  const session = await login(sim.url);
  const call = (method: string, ...args: unknown[]): Promise<RpcReply> => rpcReply(sim!.url, method, [session, ...args]);
  const ok = async <T = unknown>(method: string, ...args: unknown[]): Promise<T> => {
    const r = await call(method, ...args);
    if (r.error) throw new Error(`${method}: ${JSON.stringify(errArray(r))}`);
    return r.result as T;
  };
  const vms = [...sim.records('VM')].filter(([, v]) => !v.is_a_template && !v.is_control_domain && !v.is_a_snapshot).map(([r]) => r);
  return { s: sim, session, call, ok, vms };
}

const rec = (s: Simulator, cls: string, ref: string) => s.records(cls).get(ref)!;
const vmssSnaps = (s: Simulator, vm: string) => ((rec(s, 'VM', vm).snapshots as string[]) ?? []).filter((x) => rec(s, 'VM', x)?.is_vmss_snapshot === true);
const messagesOf = (s: Simulator, uuid: unknown) => [...s.records('message').values()].filter((m) => m.obj_uuid === uuid);
/** A daily schedule `hoursAhead` hours after the pool's clock (whole hours, minute 0). */
const dailyIn = (hoursAhead: number) => ({ hour: String((new Date().getUTCHours() + hoursAhead) % 24), min: '0' });
/** A XAPI datetime ("20261207T23:15:00Z", or with no zone: the server's wall clock) as ms, read as if UTC. */
const ms = (t: string) => Date.UTC(+t.slice(0, 4), +t.slice(4, 6) - 1, +t.slice(6, 8), +t.slice(9, 11), +t.slice(12, 14), +t.slice(15, 17));
const scheduleTasks = (s: Simulator) => [...s.records('task').values()].filter((t) => t.name_label === 'Async.VMSS.snapshot_now');

describe('the servers\' clock', () => {
  it('host.get_servertime is the pool\'s clock in UTC, get_server_localtime its wall clock with no zone; advanceClock moves both', async () => {
    const { s, ok } = await start(330);
    const host = [...s.records('host').keys()][0];
    const utc = await ok<string>('host.get_servertime', host);
    const local = await ok<string>('host.get_server_localtime', host);
    expect(utc).toMatch(/^\d{8}T\d{2}:\d{2}:\d{2}Z$/);
    expect(local).toMatch(/^\d{8}T\d{2}:\d{2}:\d{2}$/);
    expect(Math.abs(ms(utc) - Date.now())).toBeLessThan(5000);
    expect(Math.abs(ms(local) - ms(utc) - 330 * 60_000)).toBeLessThan(5000);
    await s.advanceClock(3 * HOUR);
    expect(Math.abs(ms(await ok<string>('host.get_servertime', host)) - Date.now() - 3 * HOUR)).toBeLessThan(5000);
    expect(Math.abs(ms(await ok<string>('host.get_server_localtime', host)) - Date.now() - 3 * HOUR - 330 * 60_000)).toBeLessThan(5000);
  });

  it('a server in UTC answers the same time both ways, and a host that is not one is HANDLE_INVALID', async () => {
    const { s, ok, call } = await start();
    const host = [...s.records('host').keys()][0];
    const utc = await ok<string>('host.get_servertime', host);
    expect(Math.abs(ms(await ok<string>('host.get_server_localtime', host)) - ms(utc))).toBeLessThan(5000);
    expect(errArray(await call('host.get_servertime', 'OpaqueRef:nonsense'))).toEqual(['HANDLE_INVALID', 'host', 'OpaqueRef:nonsense']);
  });

  it('a schedule\'s hour is the servers\' local hour: east of UTC it falls due that many hours earlier', async () => {
    const { s, ok, vms } = await start(120);
    // 05:00 local is 03:00 UTC: three hours after the pool's clock's local hour is three UTC hours ahead, not five.
    const localHour = (new Date(Date.now() + 2 * HOUR).getUTCHours() + 3) % 24;
    const v = await ok<string>('VMSS.create', { name_label: 'local', type: 'snapshot', frequency: 'daily', retained_snapshots: 5, schedule: { hour: String(localHour), min: '0' } });
    await ok('VM.set_snapshot_schedule', vms[0], v);
    expect(await s.advanceClock(2 * HOUR)).toEqual([]);
    expect(await s.advanceClock(2 * HOUR)).toEqual([v]);
    expect(vmssSnaps(s, vms[0])).toHaveLength(1);
  });
});

describe('VMSS checks (xapi_vmss.ml)', () => {
  it('create fills the frequency\'s defaults, spells days as xapi does, and refuses bad keys, values and retention', async () => {
    const { s, ok, call } = await start();
    const daily = await ok<string>('VMSS.create', { name_label: 'd', type: 'snapshot', frequency: 'daily', retained_snapshots: 3, schedule: {} });
    expect(rec(s, 'VMSS', daily).schedule).toEqual({ hour: '0', min: '0' });
    expect(rec(s, 'VMSS', daily).last_run_time).toBe('19700101T00:00:00Z');
    const weekly = await ok<string>('VMSS.create', { name_label: 'w', type: 'checkpoint', frequency: 'weekly', retained_snapshots: 2, schedule: { days: 'monday,wednesday', hour: '5', min: '45' } });
    expect(rec(s, 'VMSS', weekly).schedule).toEqual({ hour: '5', min: '45', days: 'Monday,Wednesday' });
    const bad = (schedule: Record<string, string>, frequency = 'hourly', retained = 7) =>
      call('VMSS.create', { name_label: 'x', type: 'snapshot', frequency, retained_snapshots: retained, schedule }).then(errArray);
    expect(await bad({ min: '10' })).toEqual(['INVALID_VALUE', 'schedule:min', '10']);
    expect(await bad({ hour: '3' })).toEqual(['INVALID_VALUE', 'schedule:hour', '3']);
    expect(await bad({ hour: '24' }, 'daily')).toEqual(['INVALID_VALUE', 'schedule:hour', '24']);
    expect(await bad({ days: 'Monday,Funday' }, 'weekly')).toEqual(['INVALID_VALUE', 'schedule:days', 'Funday']);
    expect(await bad({ days: 'Monday,monday' }, 'weekly')).toEqual(['INVALID_VALUE', 'schedule:days', 'Monday,monday']);
    expect(await bad({}, 'daily', 0)).toEqual(['INVALID_VALUE', 'retained_snapshots', '0']);
    expect(await bad({}, 'daily', 11)).toEqual(['INVALID_VALUE', 'retained_snapshots', '11']);
    expect(await bad({}, 'monthly')).toEqual(['FIELD_TYPE_ERROR', 'frequency']);
  });

  it('set_frequency reshapes the schedule map; set_schedule and add_to_schedule merge and check it', async () => {
    const { s, ok, call } = await start();
    const v = await ok<string>('VMSS.create', { name_label: 'p', type: 'snapshot', frequency: 'daily', retained_snapshots: 7, schedule: { hour: '4', min: '30' } });
    await ok('VMSS.set_frequency', v, 'weekly');
    expect(rec(s, 'VMSS', v)).toMatchObject({ frequency: 'weekly', schedule: { hour: '4', min: '30', days: 'Monday' } });
    await ok('VMSS.set_frequency', v, 'hourly');
    expect(rec(s, 'VMSS', v)).toMatchObject({ frequency: 'hourly', schedule: { min: '30' } });
    await ok('VMSS.set_schedule', v, { min: '15' });
    expect(rec(s, 'VMSS', v).schedule).toEqual({ min: '15' });
    expect(errArray(await call('VMSS.set_schedule', v, { min: '7' }))).toEqual(['INVALID_VALUE', 'schedule:min', '7']);
    expect(errArray(await call('VMSS.set_schedule', v, { colour: 'red' }))).toEqual(['INVALID_VALUE', 'schedule:colour', 'red']);
    expect(errArray(await call('VMSS.add_to_schedule', v, 'min', '0'))).toEqual(['MAP_DUPLICATE_KEY', 'VMSS', 'schedule', v, 'min']);
    await ok('VMSS.add_to_schedule', v, 'hour', '6');
    expect(rec(s, 'VMSS', v).schedule).toEqual({ min: '15', hour: '6' });
    await ok('VMSS.remove_from_schedule', v, 'hour');
    expect(rec(s, 'VMSS', v).schedule).toEqual({ min: '15' });
    expect(rec(s, 'VMSS', v).min).toBeUndefined();
    await ok('VMSS.set_retained_snapshots', v, 10);
    expect(errArray(await call('VMSS.set_retained_snapshots', v, 0))).toEqual(['INVALID_VALUE', 'retained_snapshots', '0']);
    expect(rec(s, 'VMSS', v).retained_snapshots).toBe(10);
  });

  it('VMs join and leave through VM.set_snapshot_schedule; destroy refuses a schedule with VMs and takes its messages', async () => {
    const { s, ok, call, vms } = await start();
    const v = await ok<string>('VMSS.create', { name_label: 'm', type: 'snapshot', frequency: 'hourly', retained_snapshots: 2, schedule: { min: '0' } });
    await ok('VM.set_snapshot_schedule', vms[0], v);
    await ok('VM.set_snapshot_schedule', vms[1], v);
    expect(new Set(rec(s, 'VMSS', v).VMs as string[])).toEqual(new Set([vms[0], vms[1]]));
    expect(errArray(await call('VM.set_snapshot_schedule', vms[2], 'OpaqueRef:nonsense'))).toEqual(['INVALID_VALUE', 'OpaqueRef:nonsense']);
    expect(errArray(await call('VMSS.set_type', v, 'snapshot_with_quiesce'))).toEqual(['VM_SNAPSHOT_WITH_QUIESCE_NOT_SUPPORTED', vms[0]]);
    expect(errArray(await call('VMSS.destroy', v))).toEqual(['VMSS_HAS_VM']);
    await ok('VMSS.snapshot_now', v);
    expect(messagesOf(s, rec(s, 'VMSS', v).uuid).map((m) => m.name)).toEqual(['VMSS_SNAPSHOT_SUCCEEDED']);
    await ok('VM.set_snapshot_schedule', vms[0], 'OpaqueRef:NULL');
    await ok('VM.set_snapshot_schedule', vms[1], 'OpaqueRef:NULL');
    const uuid = rec(s, 'VMSS', v).uuid;
    await ok('VMSS.destroy', v);
    expect(s.records('VMSS').has(v)).toBe(false);
    expect(messagesOf(s, uuid)).toEqual([]);
    expect(rec(s, 'VM', vms[0]).snapshot_schedule).toBe('OpaqueRef:NULL');
  });
});

describe('the snapshot scheduler', () => {
  it('runs a schedule when the pool\'s clock passes its due moment, not before, once per moment', async () => {
    const { s, ok, vms } = await start();
    const v = await ok<string>('VMSS.create', { name_label: 'nightly', type: 'snapshot', frequency: 'daily', retained_snapshots: 5, schedule: dailyIn(6) });
    await ok('VM.set_snapshot_schedule', vms[0], v);
    await ok('VM.set_snapshot_schedule', vms[1], v);
    expect(await s.advanceClock(HOUR)).toEqual([]);
    expect(vmssSnaps(s, vms[0])).toEqual([]);
    expect(rec(s, 'VMSS', v).last_run_time).toBe('19700101T00:00:00Z');
    expect(await s.advanceClock(6 * HOUR)).toEqual([v]);
    expect(vmssSnaps(s, vms[0])).toHaveLength(1);
    expect(vmssSnaps(s, vms[1])).toHaveLength(1);
    expect(vmssSnaps(s, vms[2])).toHaveLength(0);
    const snap = rec(s, 'VM', vmssSnaps(s, vms[0])[0]);
    expect(snap).toMatchObject({ is_a_snapshot: true, snapshot_of: vms[0] });
    const lastRun = String(rec(s, 'VMSS', v).last_run_time);
    expect(lastRun > new Date(Date.now() + 6 * HOUR).toISOString().replace(/[-:]/g, '').slice(0, 13)).toBe(true);
    const msgs = messagesOf(s, rec(s, 'VMSS', v).uuid);
    expect(msgs.map((m) => [m.name, m.priority, m.cls])).toEqual([['VMSS_SNAPSHOT_SUCCEEDED', 5, 'VMSS']]);
    // The run was a task, as a client's Async.VMSS.snapshot_now is: every client sees it, done.
    expect(scheduleTasks(s).map((t) => [t.status, t.progress, t.error_info])).toEqual([['success', 1, []]]);
    // The same due moment does not run twice; the next day's does.
    expect(await s.advanceClock(HOUR)).toEqual([]);
    expect(await s.advanceClock(23 * HOUR)).toEqual([v]);
    expect(vmssSnaps(s, vms[0])).toHaveLength(2);
  });

  it('skips a disabled schedule and one without VMs, and a schedule turned on later waits for its next moment', async () => {
    const { s, ok, vms } = await start();
    const off = await ok<string>('VMSS.create', { name_label: 'off', type: 'snapshot', frequency: 'hourly', enabled: false, retained_snapshots: 3, schedule: { min: '0' } });
    const empty = await ok<string>('VMSS.create', { name_label: 'empty', type: 'snapshot', frequency: 'hourly', retained_snapshots: 3, schedule: { min: '0' } });
    await ok('VM.set_snapshot_schedule', vms[0], off);
    expect(await s.advanceClock(2 * HOUR)).toEqual([]);
    expect(vmssSnaps(s, vms[0])).toEqual([]);
    expect(messagesOf(s, rec(s, 'VMSS', empty).uuid)).toEqual([]);
    await ok('VMSS.set_enabled', off, true);
    expect(await s.advanceClock(0)).toEqual([]);
    expect(await s.advanceClock(HOUR)).toEqual([off]);
    expect(vmssSnaps(s, vms[0])).toHaveLength(1);
  });

  it('keeps retained_snapshots of each VM, the oldest destroyed with their disks; over HTTP as well', async () => {
    const { s, ok, vms, session } = await start();
    const v = await ok<string>('VMSS.create', { name_label: 'hourly', type: 'snapshot', frequency: 'hourly', retained_snapshots: 2, schedule: { min: '15' } });
    await ok('VM.set_snapshot_schedule', vms[0], v);
    const vdisBefore = s.records('VDI').size;
    const taken: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`${s.url}/_simulator/faults`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-XAPI-Session': session }, body: JSON.stringify({ action: 'advanceClock', ms: HOUR }) });
      const body = (await res.json()) as { ok: boolean; result: { ran: string[]; now: string } };
      expect(body.ok).toBe(true);
      expect(body.result.ran).toEqual([v]);
      taken.push(...vmssSnaps(s, vms[0]).filter((x) => !taken.includes(x)));
    }
    const left = vmssSnaps(s, vms[0]);
    expect(left).toHaveLength(2);
    expect(left).toEqual(taken.slice(1));
    expect(s.records('VM').has(taken[0])).toBe(false);
    const disks = ((rec(s, 'VM', vms[0]).VBDs as string[]) ?? []).filter((b) => rec(s, 'VBD', b).type === 'Disk').length;
    expect(s.records('VDI').size).toBe(vdisBefore + 2 * disks);
    expect(messagesOf(s, rec(s, 'VMSS', v).uuid).filter((m) => m.name === 'VMSS_SNAPSHOT_SUCCEEDED')).toHaveLength(3);
    const refused = await fetch(`${s.url}/_simulator/faults`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-XAPI-Session': session }, body: JSON.stringify({ action: 'advanceClock', ms: -5 }) });
    expect(refused.status).toBe(400);
  });

  it('a run that fails leaves VMSS_SNAPSHOT_FAILED with the error, and last_run_time as it was', async () => {
    const { s, ok, vms } = await start();
    const v = await ok<string>('VMSS.create', { name_label: 'fails', type: 'snapshot', frequency: 'hourly', retained_snapshots: 2, schedule: { min: '0' } });
    await ok('VM.set_snapshot_schedule', vms[0], v);
    await ok('VM.add_to_blocked_operations', vms[0], 'snapshot', 'held by the test');
    expect(await s.advanceClock(HOUR)).toEqual([v]);
    expect(rec(s, 'VMSS', v).last_run_time).toBe('19700101T00:00:00Z');
    const msgs = messagesOf(s, rec(s, 'VMSS', v).uuid);
    expect(msgs.map((m) => [m.name, m.priority])).toEqual([['VMSS_SNAPSHOT_FAILED', 3]]);
    expect(String(msgs[0].body)).toContain('OPERATION_BLOCKED');
    const tasks = scheduleTasks(s);
    expect(tasks.map((t) => [t.status, (t.error_info as string[])[0]])).toEqual([['failure', 'OPERATION_BLOCKED']]);
  });
});
