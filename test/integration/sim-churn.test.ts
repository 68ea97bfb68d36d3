// The simulator's churn load mode (simulator/churn.ts): changes per second seen through event.from
// by a raw JSON-RPC client, the name suffix's clock, pause/unpause keeping states valid, setChurn(0),
// and the CLI's --churn flag.
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../simulator/index';
import { baseName } from '../../simulator/churn';
import { repoRoot } from '../support/repo-root';
import { login, rpc } from '../support/xapi-rpc';

type Rec = Record<string, unknown>;
interface Ev { class: string; operation: string; ref: string; snapshot?: Rec }
interface From { events: Ev[]; token: string }
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Follows event.from on VM and VM_metrics for `ms`, from `token`; every event and the last token. */
async function follow(url: string, session: string, token: string, ms: number): Promise<{ events: Ev[]; token: string }> {
  const events: Ev[] = [];
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const r = (await rpc(url, 'event.from', session, ['vm', 'vm_metrics'], token, Math.max(0.05, (end - Date.now()) / 1000))) as From;
    events.push(...r.events);
    token = r.token;
  }
  return { events, token };
}

describe('simulator churn', () => {
  let sim: Simulator;
  let session: string;
  let before: Map<string, Rec>;
  let startedAt = 0;

  beforeAll(async () => {
    // The metrics and RRD timers stay off: every VM_metrics change seen is the churn's.
    startedAt = Date.now();
    sim = await startSimulator({ hosts: 2, vms: 40, churn: 500, metricsIntervalMs: 0, rrdIntervalMs: 0 });
    before = new Map([...sim.records('VM')].map(([r, v]) => [r, structuredClone(v)]));
    session = await login(sim.url);
  });
  afterAll(async () => { await sim?.close(); });

  it('churn 500 gives about 500 changes a second over VM and VM_metrics, seen by event.from', async () => {
    // A second reader on the legacy queue, which does not coalesce: one event per row change.
    const legacy = await login(sim.url);
    await rpc(sim.url, 'event.register', legacy, ['vm', 'vm_metrics']);
    const count0 = sim.churnCount();
    const start = (await rpc(sim.url, 'event.from', session, ['vm', 'vm_metrics'], '', 0)) as From;
    const { events, token } = await follow(sim.url, session, start.token, 1000);
    const made = sim.churnCount() - count0;
    const mods = events.filter((e) => e.operation === 'mod');
    expect(events.every((e) => e.operation === 'mod')).toBe(true);
    expect(made).toBeGreaterThan(300);
    expect(made).toBeLessThan(700);
    // event.from gives one event per object per call: changes to one object within a call (its
    // 50 ms batch and the round trip) coalesce, so a reader sees fewer mods than changes (~380 here).
    expect(mods.length).toBeGreaterThan(250);
    expect(mods.length).toBeLessThanOrEqual(made);
    const byClass = new Set(mods.map((e) => e.class));
    expect(byClass).toEqual(new Set(['vm', 'vm_metrics']));

    // Names: "<base> ~<ms>", the base kept, ms the server's clock at the change (a VM's event may
    // carry a name set before this window, never one from before the simulator started).
    const named = mods.filter((e) => e.class === 'vm' && / ~\d+$/.test(String(e.snapshot?.name_label)));
    expect(named.length).toBeGreaterThan(50);
    for (const e of named) {
      const name = String(e.snapshot!.name_label);
      const ms = Number(/ ~(\d+)$/.exec(name)![1]);
      expect(ms).toBeGreaterThanOrEqual(startedAt);
      expect(ms).toBeLessThanOrEqual(Date.now());
      expect(baseName(name)).toBe(baseName(String(before.get(e.ref)!.name_label)));
      expect(baseName(name)).not.toMatch(/~/);
      expect(before.get(e.ref)!.is_a_template).toBe(false);
    }
    // Power: Paused ones appear, only among the VMs that were Running or Paused.
    const paused = mods.filter((e) => e.class === 'vm' && e.snapshot?.power_state === 'Paused' && before.get(e.ref)!.power_state === 'Running');
    expect(paused.length).toBeGreaterThan(0);
    // Metrics: last_updated in the XAPI date format, memory_actual within the dynamic range.
    const metrics = mods.filter((e) => e.class === 'vm_metrics');
    expect(metrics.length).toBeGreaterThan(50);
    const vmOfMetrics = new Map([...sim.records('VM')].map(([r, v]) => [String(v.metrics), r]));
    for (const e of metrics) {
      const m = e.snapshot!;
      expect(String(m.last_updated)).toMatch(/^\d{8}T\d{2}:\d{2}:\d{2}Z$/);
      const vm = before.get(vmOfMetrics.get(e.ref)!)!;
      expect(vm.is_a_template || vm.is_snapshot || vm.is_control_domain).toBe(false);
      expect(Number(m.memory_actual)).toBeGreaterThanOrEqual(Number(vm.memory_dynamic_min));
      expect(Number(m.memory_actual)).toBeLessThanOrEqual(Number(vm.memory_dynamic_max));
      expect(Object.values(m.VCPUs_utilisation as Rec).every((u) => Number(u) >= 0 && Number(u) <= 1)).toBe(true);
    }

    // setChurn(0): nothing more arrives.
    sim.setChurn(0);
    const stopped = sim.churnCount();
    // The legacy queue has every change since it registered: one row event each, two for a
    // pause/unpause (power_state, then allowed_operations).
    const queued = (await rpc(sim.url, 'event.next', legacy)) as Ev[];
    expect(queued.every((e) => e.operation === 'mod' && (e.class === 'vm' || e.class === 'vm_metrics'))).toBe(true);
    expect(queued.length).toBeGreaterThanOrEqual(stopped - count0);
    expect(queued.length).toBeLessThanOrEqual(2 * (stopped - count0));
    const drained = (await rpc(sim.url, 'event.from', session, ['vm', 'vm_metrics'], token, 0)) as From;
    await wait(200);
    const after = (await rpc(sim.url, 'event.from', session, ['vm', 'vm_metrics'], drained.token, 0.2)) as From;
    expect(after.events).toEqual([]);
    expect(sim.churnCount()).toBe(stopped);
  });

  it('keeps every VM in a valid state: templates, snapshots and control domains untouched, live VMs resident, ops refreshed', () => {
    for (const [ref, vm] of sim.records('VM')) {
      const was = before.get(ref)!;
      expect(['Running', 'Paused', 'Halted', 'Suspended']).toContain(vm.power_state);
      if (was.is_a_template || was.is_snapshot || was.is_control_domain) {
        expect(vm.name_label).toBe(was.name_label);
        expect(vm.power_state).toBe(was.power_state);
        continue;
      }
      if (was.power_state === 'Halted' || was.power_state === 'Suspended') expect(vm.power_state).toBe(was.power_state);
      if (vm.power_state === 'Running' || vm.power_state === 'Paused') {
        expect(vm.resident_on).toBe(was.resident_on);
        expect(vm.domid).toBe(was.domid);
        expect(vm.allowed_operations).toContain(vm.power_state === 'Paused' ? 'unpause' : 'pause');
        expect(vm.allowed_operations).not.toContain(vm.power_state === 'Paused' ? 'pause' : 'unpause');
      }
    }
  });

  it('a VM paused by the churn unpauses through the API (allowed_operations agree)', async () => {
    const paused = [...sim.records('VM')].find(([r, v]) => v.power_state === 'Paused' && before.get(r)!.power_state === 'Running');
    expect(paused).toBeDefined();
    await rpc(sim.url, 'VM.unpause', session, paused![0]);
    expect(sim.records('VM').get(paused![0])!.power_state).toBe('Running');
  });

  it('is off by default', async () => {
    const quiet = await startSimulator({ hosts: 1, vms: 4, metricsIntervalMs: 0, rrdIntervalMs: 0 });
    try {
      await wait(100);
      expect(quiet.churnCount()).toBe(0);
      quiet.setChurn(100);
      await wait(200);
      expect(quiet.churnCount()).toBeGreaterThan(5);
    } finally { await quiet.close(); }
  });

  it('refuses a rate that is not a non-negative number', async () => {
    expect(() => sim.setChurn(-1)).toThrow(/not a rate/);
    expect(() => sim.setChurn(Number.NaN)).toThrow(/not a rate/);
    await expect(startSimulator({ hosts: 1, vms: 2, churn: -5 })).rejects.toThrow(/not a rate/);
  });
});

describe('simulator CLI --churn', () => {
  let child: ChildProcess | undefined;
  afterAll(() => { child?.kill('SIGTERM'); });

  const run = (args: string[]) => {
    const c = spawn(process.execPath, ['--import', 'tsx', 'simulator/cli.ts', ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    const out = { stdout: '', stderr: '' };
    c.stdout.on('data', (d) => { out.stdout += String(d); });
    c.stderr.on('data', (d) => { out.stderr += String(d); });
    return { c, out };
  };

  it('--churn N starts the simulator churning; a bad value is a usage error', async () => {
    const bad = run(['--churn', 'lots']);
    const code = await new Promise<number | null>((resolve) => bad.c.on('exit', resolve));
    expect(code).toBe(2);
    expect(bad.out.stderr).toMatch(/--churn needs a non-negative integer.*--churn N/);

    const good = run(['--port', '0', '--hosts', '1', '--vms', '6', '--churn', '200', '--rrd-interval-ms', '0']);
    child = good.c;
    let url = '';
    for (let i = 0; i < 200 && !url; i++) {
      if (good.c.exitCode !== null) throw new Error(`the simulator exited: ${good.out.stderr}`);
      url = /listening on (\S+)/.exec(good.out.stdout)?.[1] ?? '';
      if (!url) await wait(100);
    }
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const s = await login(url);
    const first = (await rpc(url, 'event.from', s, ['vm'], '', 0)) as From;
    const { events } = await follow(url, s, first.token, 500);
    expect(events.some((e) => / ~\d+$/.test(String(e.snapshot?.name_label)))).toBe(true);
    good.c.kill('SIGTERM');
    expect(await new Promise<number | null>((resolve) => good.c.on('exit', resolve))).toBe(0);
    child = undefined;
  });
});
