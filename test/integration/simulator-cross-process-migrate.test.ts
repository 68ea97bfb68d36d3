// Two simulator processes' worth of pools (two startSimulator instances: separate databases,
// networks and ports, nothing shared in-process) and a cross-pool VM.migrate_send between them:
// the source reaches the destination over HTTP on loopback, as real hosts do. Checked through XAPI on both.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../simulator/index';
import { login, rpc } from '../support/xapi-rpc';

type Rec = Record<string, unknown>;
let a: Simulator;
let b: Simulator;
beforeAll(async () => {
  a = await startSimulator({ port: 0, hosts: 2, vms: 6, taskDurationMs: 100, metricsIntervalMs: 0 });
  b = await startSimulator({ port: 0, hosts: 2, vms: 0, taskDurationMs: 100, metricsIntervalMs: 0 });
});
afterAll(async () => { await a?.close(); await b?.close(); });

/** A running VM of `a` with disks and VIFs, its disk VDIs, and what B offers: a host, its management network, a shared SR. */
async function setup() {
  const sa = await login(a.url);
  const sb = await login(b.url);
  const vms = await rpc(a.url, 'VM.get_all_records', sa) as Record<string, Rec>;
  const [vmRef, vm] = Object.entries(vms).find(([, v]) => v.power_state === 'Running' && !v.is_control_domain && (v.VIFs as string[]).length > 0)!;
  const disks: string[] = [];
  for (const vbd of vm.VBDs as string[]) {
    const r = await rpc(a.url, 'VBD.get_record', sa, vbd) as Rec;
    if (r.type === 'Disk') disks.push(String(r.VDI));
  }
  const pool = (await rpc(b.url, 'pool.get_all_records', sb) as Record<string, Rec>);
  const host = String(Object.values(pool)[0].master);
  const pifs = await rpc(b.url, 'PIF.get_all_records', sb) as Record<string, Rec>;
  const net = String(Object.values(pifs).find((p) => p.host === host && p.management === true)!.network);
  const srs = await rpc(b.url, 'SR.get_all_records', sb) as Record<string, Rec>;
  const sr = Object.entries(srs).find(([, s]) => s.shared === true && s.content_type === 'user')![0];
  const vdiMap = Object.fromEntries(disks.map((d) => [d, sr]));
  const vifMap = Object.fromEntries((vm.VIFs as string[]).map((v) => [v, net]));
  return { sa, sb, vmRef, vm, host, net, sr, vdiMap, vifMap, disks };
}

describe('cross-pool migration between two simulator processes', () => {
  it('moves a running VM over HTTP on loopback: there with the same uuid, running on the host, on the mapped SR and network; gone here', async () => {
    const p = await setup();
    const dest = await rpc(b.url, 'host.migrate_receive', p.sb, p.host, p.net, {}) as Record<string, string>;
    expect(dest.master).toBe(`http://127.0.0.1:${b.port}/`);
    await expect(rpc(a.url, 'VM.assert_can_migrate', p.sa, p.vmRef, dest, true, p.vdiMap, {}, {}, {})).rejects.toMatchObject({ code: 'VIF_NOT_IN_MAP' });
    await expect(rpc(a.url, 'VM.assert_can_migrate', p.sa, p.vmRef, dest, true, p.vdiMap, p.vifMap, {}, {})).resolves.toBe('');
    // A destination host that does not exist there: its pool says so.
    await expect(rpc(a.url, 'VM.assert_can_migrate', p.sa, p.vmRef, { ...dest, host: 'OpaqueRef:nowhere' }, true, p.vdiMap, p.vifMap, {}, {}))
      .rejects.toMatchObject({ code: 'HANDLE_INVALID' });

    await rpc(a.url, 'VM.migrate_send', p.sa, p.vmRef, dest, true, p.vdiMap, p.vifMap, {}, {});

    const sb = await login(b.url);
    const there = await rpc(b.url, 'VM.get_by_uuid', sb, p.vm.uuid) as string;
    const rec = await rpc(b.url, 'VM.get_record', sb, there) as Rec;
    expect([rec.name_label, rec.power_state, rec.resident_on]).toEqual([p.vm.name_label, 'Running', p.host]);
    for (const vif of rec.VIFs as string[]) expect(await rpc(b.url, 'VIF.get_network', sb, vif)).toBe(p.net);
    const diskSrs: unknown[] = [];
    for (const vbd of rec.VBDs as string[]) {
      const r = await rpc(b.url, 'VBD.get_record', sb, vbd) as Rec;
      if (r.type === 'Disk') diskSrs.push(await rpc(b.url, 'VDI.get_SR', sb, r.VDI));
    }
    expect(diskSrs).toEqual(p.disks.map(() => p.sr));
    const sa = await login(a.url);
    await expect(rpc(a.url, 'VM.get_by_uuid', sa, p.vm.uuid)).rejects.toMatchObject({ code: 'UUID_INVALID' });
    for (const d of p.disks) await expect(rpc(a.url, 'VDI.get_record', sa, d)).rejects.toMatchObject({ code: 'HANDLE_INVALID' });
  });

  it('never contacts an address off loopback', async () => {
    const p = await setup();
    const dest = await rpc(b.url, 'host.migrate_receive', p.sb, p.host, p.net, {}) as Record<string, string>;
    for (const master of ['http://10.0.0.1:443/', 'http://example.com:80/', 'file:///etc/passwd']) {
      await expect(rpc(a.url, 'VM.assert_can_migrate', p.sa, p.vmRef, { ...dest, master }, true, p.vdiMap, p.vifMap, {}, {}))
        .rejects.toMatchObject({ code: 'VM_MIGRATE_CONTACT_REMOTE_SERVICE_FAILED' });
    }
    // A loopback port nothing serves: unreachable, and the VM stays.
    await expect(rpc(a.url, 'VM.migrate_send', p.sa, p.vmRef, { ...dest, master: 'http://127.0.0.1:1/' }, true, p.vdiMap, p.vifMap, {}, {}))
      .rejects.toMatchObject({ code: 'VM_MIGRATE_CONTACT_REMOTE_SERVICE_FAILED' });
    expect(await rpc(a.url, 'VM.get_power_state', p.sa, p.vmRef)).toBe('Running');
  });
});
