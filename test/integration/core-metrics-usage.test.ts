// metrics.usage end to end against the simulator over real HTTP: every live host is asked for
// /rrd_updates?host=true (no vm_uuid) at its own address, and the answer gives each host and each
// running VM its current CPU, memory, disk and network throughput, halted VMs nothing. A host whose request fails (its
// address refuses the connection, or it lost power) is left out with its VMs, and only those.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { AppCore } from '../../electron/core/app-core';
import type { UsageSample } from '../../shared/ipc/contract';
import { cpuUsageText, memoryUsageText, throughputText } from '../../shared/metrics/usage-text';
import { startSimulator, type Simulator } from '../../simulator/index';
import { USAGE_CACHE_TTL_MS } from '../../electron/core/features/metrics/metrics';

type Rec = Record<string, unknown>;

async function open(sim: Simulator): Promise<{ core: AppCore; connectionId: string }> {
  const core = new AppCore({ flushIntervalMs: 10 });
  const r = await core.request('servers.add', { address: sim.url, user: 'root', password: 'xenroot', save: false });
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  const connectionId = (r.result as { connectionId: string }).connectionId;
  const deadline = Date.now() + 10_000;
  const cache = () => core.connection(connectionId)!.cache;
  while ((cache().getAll('vm').size === 0 || cache().getAll('host_metrics').size === 0) && Date.now() < deadline) await new Promise((res) => setTimeout(res, 20));
  return { core, connectionId };
}

async function usage(core: AppCore, connectionId: string): Promise<UsageSample> {
  const r = await core.request('metrics.usage', { connectionId });
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.result as UsageSample;
}

const guests = (sim: Simulator) => [...sim.records('VM').entries()].filter(([, v]) => !v.is_a_template && !v.is_a_snapshot && !v.is_control_domain) as [string, Rec][];
const hostsOf = (sim: Simulator) => [...sim.records('host').entries()] as [string, Rec][];
const coordinatorOf = (sim: Simulator) => String([...sim.records('pool').values()][0].master);

describe('metrics.usage against the simulator (every host listening)', () => {
  let sim: Simulator;
  let core: AppCore;
  let connectionId: string;
  beforeAll(async () => {
    sim = await startSimulator({ port: 0, hosts: 3, vms: 12, memberListeners: true });
    ({ core, connectionId } = await open(sim));
  });
  afterAll(async () => {
    await core?.dispose();
    await sim?.close();
  });

  it('gives every host and every running VM CPU and memory figures, and halted VMs nothing', async () => {
    const s = await usage(core, connectionId);
    const nowS = Date.now() / 1000;
    expect(s.time).toBeGreaterThan(nowS - 60);
    expect(s.time).toBeLessThanOrEqual(nowS + 5);

    for (const [ref, h] of hostsOf(sim)) {
      const u = s.hosts[ref];
      expect(u, String(h.name_label)).toBeDefined();
      expect(u.cpus).toBe((h.host_CPUs as string[]).length);
      expect(u.cpu).toBeGreaterThanOrEqual(0);
      expect(u.cpu).toBeLessThanOrEqual(1);
      // memory_total_kib is host_metrics.memory_total in KiB.
      const m = sim.records('host_metrics').get(String(h.metrics))!;
      expect(Math.abs(u.memoryTotal! - Number(m.memory_total))).toBeLessThan(1024);
      expect(u.memoryUsed).toBeGreaterThan(0);
      expect(u.memoryUsed).toBeLessThanOrEqual(u.memoryTotal!);
      expect(cpuUsageText(u)).toMatch(/^\d+% of \d+ CPUs?$/);
      expect(memoryUsageText(u)).toMatch(/^[\d.]+ [kMG]?B of [\d.]+ [kMG]?B$/);
      // Network: over the physical PIFs (pif_<device>_rx + _tx), all attached in the simulator.
      const pifs = (h.PIFs as string[]).map((p) => sim.records('PIF').get(p)!).filter((p) => p.physical === true);
      expect(pifs.length).toBeGreaterThan(0);
      expect(u.network, String(h.name_label)).toBeDefined();
      expect(u.network!.avg).toBeGreaterThan(0);
      expect(u.network!.max).toBeGreaterThanOrEqual(u.network!.avg);
      expect(u.network!.max).toBeLessThanOrEqual(u.network!.avg * pifs.length + 1e-6);
      expect(throughputText(u.network)).toMatch(/^\d+\/\d+$/);
      expect(u.disk).toBeUndefined();
    }

    const running = guests(sim).filter(([, v]) => v.power_state === 'Running');
    const notRunning = guests(sim).filter(([, v]) => v.power_state === 'Halted' || v.power_state === 'Suspended');
    expect(running.length).toBeGreaterThan(1);
    expect(notRunning.length).toBeGreaterThan(0);
    // Running VMs on members too: those come only from the member's own reply.
    expect(new Set(running.map(([, v]) => v.resident_on)).size).toBeGreaterThan(1);
    let withDisk = 0;
    for (const [ref, v] of running) {
      const u = s.vms[ref];
      expect(u, String(v.name_label)).toBeDefined();
      const metrics = sim.records('VM_metrics').get(String(v.metrics))!;
      expect(u.cpus).toBe(Number(metrics.VCPUs_number));
      expect(u.cpu).toBeGreaterThanOrEqual(0);
      expect(u.cpu).toBeLessThanOrEqual(1);
      expect(u.memoryTotal).toBeGreaterThan(0);
      // Used memory needs the guest agent (memory_internal_free), as in XenCenter.
      if (v.guest_metrics !== 'OpaqueRef:NULL') {
        expect(u.memoryUsed).toBeGreaterThan(0);
        expect(u.memoryUsed).toBeLessThanOrEqual(u.memoryTotal!);
      } else {
        expect(u.memoryUsed).toBeNull();
      }
      // Disks: over every VBD (a CD drive has no vbd_ sources and counts 0); network over the VIFs.
      const vbds = (v.VBDs as string[]).map((x) => sim.records('VBD').get(x)!);
      const vifs = (v.VIFs as string[]).map((x) => sim.records('VIF').get(x)!);
      expect(vbds.length).toBeGreaterThan(0);
      if (vbds.every((d) => d.type !== 'Disk' || d.empty || d.currently_attached)) {
        expect(u.disk, String(v.name_label)).toBeDefined();
        withDisk++;
        const disks = vbds.filter((d) => d.type === 'Disk' && !d.empty).length;
        if (disks > 0) expect(u.disk!.avg).toBeGreaterThan(0);
        expect(u.disk!.max).toBeGreaterThanOrEqual(u.disk!.avg);
        expect(u.disk!.max).toBeLessThanOrEqual(u.disk!.avg * vbds.length + 1e-6);
        expect(throughputText(u.disk)).toMatch(/^\d+\/\d+$/);
      }
      if (vifs.length === 0) expect(u.network).toBeUndefined();
      else if (vifs.every((x) => x.currently_attached)) {
        expect(u.network, String(v.name_label)).toBeDefined();
        expect(u.network!.avg).toBeGreaterThan(0);
        expect(u.network!.max).toBeLessThanOrEqual(u.network!.avg * vifs.length + 1e-6);
      }
    }
    expect(withDisk).toBe(running.length);
    for (const [ref] of notRunning) expect(s.vms[ref]).toBeUndefined();
  });

  it('leaves out a member that lost power, and its VMs, and still answers for the rest', async () => {
    const member = hostsOf(sim).map(([ref]) => ref).find((ref) => ref !== coordinatorOf(sim) && guests(sim).some(([, v]) => v.resident_on === ref && v.power_state === 'Running'))!;
    const itsVms = new Set(guests(sim).filter(([, v]) => v.resident_on === member && v.power_state === 'Running').map(([ref]) => ref));
    await sim.faults.failHost(member);
    try {
      // The usage of a few seconds ago may still be cached: wait past it.
      await new Promise((res) => setTimeout(res, USAGE_CACHE_TTL_MS + 100));
      const s = await usage(core, connectionId);
      expect(s.hosts[member]).toBeUndefined();
      for (const ref of itsVms) expect(s.vms[ref]).toBeUndefined();
      for (const [ref] of hostsOf(sim)) if (ref !== member) expect(s.hosts[ref]).toBeDefined();
      const others = guests(sim).filter(([ref, v]) => v.power_state === 'Running' && !itsVms.has(ref));
      expect(others.length).toBeGreaterThan(0);
      for (const [ref] of others) expect(s.vms[ref]).toBeDefined();
    } finally {
      await sim.faults.recoverHost(member);
    }
  });
});

describe('metrics.usage when live members cannot be reached', () => {
  let sim: Simulator;
  let core: AppCore;
  let connectionId: string;
  beforeAll(async () => {
    // No member listeners: 127.0.0.2 and 127.0.0.3 refuse the connection, though the hosts are live.
    sim = await startSimulator({ port: 0, hosts: 3, vms: 12 });
    ({ core, connectionId } = await open(sim));
  });
  afterAll(async () => {
    await core?.dispose();
    await sim?.close();
  });

  it("answers with the coordinator and its VMs; each unreachable member's objects are left out", async () => {
    const coordinator = coordinatorOf(sim);
    const members = hostsOf(sim).map(([ref]) => ref).filter((ref) => ref !== coordinator);
    for (const ref of members) expect(sim.records('host_metrics').get(String(sim.records('host').get(ref)!.metrics))!.live).toBe(true);
    const s = await usage(core, connectionId);
    expect(Object.keys(s.hosts)).toEqual([coordinator]);
    expect(s.hosts[coordinator].cpu).not.toBeNull();
    const running = guests(sim).filter(([, v]) => v.power_state === 'Running');
    const onCoordinator = running.filter(([, v]) => v.resident_on === coordinator);
    expect(onCoordinator.length).toBeGreaterThan(0);
    expect(running.length).toBeGreaterThan(onCoordinator.length);
    for (const [ref, v] of running) {
      if (v.resident_on === coordinator) expect(s.vms[ref]?.cpu, String(v.name_label)).toEqual(expect.any(Number));
      else expect(s.vms[ref], String(v.name_label)).toBeUndefined();
    }
  });
});
