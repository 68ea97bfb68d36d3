// New VM through AppCore (request vm.create) against the simulator: a default template with
// provision disks on a chosen SR, an ISO, two interfaces and start; a custom template copied to
// another SR; and a failure mid-way that removes the half-made VM and its new disks. Everything is
// checked through XAPI from another client.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../simulator/index';
import { AppCore } from '../../electron/core/app-core';
import type { BridgeEvent, CacheDelta } from '../../shared/ipc/contract';
import type { NewVmSpec } from '../../shared/new-vm/spec';
import { STEP_KEY } from '../../shared/task-keys';
import { login, rpc } from '../support/xapi-rpc';
import { addServer, closeCoreAndSimulator, ok, recordEvents, until } from '../support/core-harness';

type Rec = Record<string, unknown>;
const GiB = 1024 ** 3, MiB = 1024 ** 2;
let sim: Simulator;
let core: AppCore;
let events: BridgeEvent[];
let session: string;
let connectionId: string;

beforeEach(async () => {
  sim = await startSimulator({ port: 0, hosts: 2, vms: 4, taskDurationMs: 50, metricsIntervalMs: 0 });
  core = new AppCore({ flushIntervalMs: 10, eventTimeoutS: 5, log: () => undefined });
  events = recordEvents(core);
  session = await login(sim.url);
  connectionId = await addServer(core, sim.url);
  await until(() => core.connection(connectionId)!.status === 'connected' && core.connection(connectionId)!.cache.getAll('vm').size > 0, 'connected', 15_000);
});
afterEach(() => closeCoreAndSimulator(core, sim));

const x = (method: string, ...args: unknown[]) => rpc(sim.url, method, session, ...args);
const all = async (cls: string) => Object.entries(await x(`${cls}.get_all_records`) as Record<string, Rec>);
const byName = async (cls: string, name: string) => (await all(cls)).filter(([, r]) => r.name_label === name);

/** The task's last record as the renderer saw it, once it was deleted (main destroys it at the end). */
function finalTask(taskRef: string): Rec | undefined {
  let last: Rec | undefined;
  for (const e of events) {
    if (e.channel !== 'cache.delta') continue;
    for (const c of (e.payload as CacheDelta).changes) {
      if (c.cls !== 'task' || c.ref !== taskRef) continue;
      if (c.record) last = c.record;
      if (c.op === 'del') return last;
    }
  }
  return undefined;
}

async function baseSpec(templateName: string): Promise<NewVmSpec> {
  const [[tpl]] = await byName('VM', templateName);
  return {
    connectionId, templateRef: tpl, name: 'new-web', description: 'made by the wizard', homeHostRef: null, install: { kind: 'none' },
    vcpusMax: 4, vcpusAtStartup: 3, coresPerSocket: 2, memory: { staticMax: 3 * GiB, dynamicMin: 1 * GiB, dynamicMax: 2 * GiB },
    provisionDisks: [], templateDisks: [], templateDiskSr: null, vifs: [], start: false,
  };
}

describe('vm.create', () => {
  it('creates from a default template: provision disks on the chosen SR with the chosen sizes, ISO, two interfaces, started on the home server', async () => {
    const [[tpl]] = await byName('VM', 'Debian Bookworm 12');
    await x('VM.remove_from_other_config', tpl, 'disks'); // a two-disk spec instead of the shipped one-disk one
    await x('VM.add_to_other_config', tpl, 'disks',
      '<provision><disk device="0" size="10737418240" sr="" bootable="true" type="system"/><disk device="1" size="1073741824" sr="" bootable="false" type="user"/></provision>');
    const srs = await all('SR');
    const local = srs.find(([, r]) => r.name_label === 'Local storage' && (r.name_description as string).includes('xcp-host-02'))![0];
    const nfs = srs.find(([, r]) => r.shared === true && r.content_type === 'user')![0];
    const [[iso]] = await byName('VDI', 'debian-12.7.0-amd64-netinst.iso');
    const nets = (await all('network')).map(([r]) => r);
    const [[host2]] = await byName('host', 'xcp-host-02');
    const spec: NewVmSpec = {
      ...await baseSpec('Debian Bookworm 12'), homeHostRef: host2, install: { kind: 'iso', vdiRef: iso },
      provisionDisks: [{ device: '0', srRef: local, size: 12 * GiB }, { device: '1', srRef: nfs, size: 2 * GiB }],
      vifs: [{ networkRef: nets[0], mac: '' }, { networkRef: nets[1], mac: '02:aa:bb:cc:dd:ee' }], start: true,
    };
    const { taskRef } = ok<{ taskRef: string }>(await core.request('vm.create', spec));
    const task = await until(() => finalTask(taskRef), 'the task to end', 15_000);
    expect(task).toMatchObject({ name_label: "New VM 'new-web'", error_info: [], status: 'success', progress: 1 });

    const found = await byName('VM', 'new-web');
    expect(found).toHaveLength(1);
    const [vm, rec] = found[0];
    expect(task.result).toBe(`<value>${vm}</value>`);
    expect(rec).toMatchObject({
      is_a_template: false, power_state: 'Running', resident_on: host2, affinity: host2, name_description: 'made by the wizard',
      VCPUs_max: 4, VCPUs_at_startup: 3, memory_static_max: 3 * GiB, memory_dynamic_min: 1 * GiB, memory_dynamic_max: 2 * GiB,
    });
    expect((rec.platform as Rec)['cores-per-socket']).toBe('2');
    expect(rec.other_config).not.toHaveProperty('disks');
    const vbds = await Promise.all((rec.VBDs as string[]).map(async (b) => x('VBD.get_record', b) as Promise<Rec>));
    const disks = await Promise.all(vbds.filter((b) => b.type === 'Disk').sort((a, b) => Number(a.userdevice) - Number(b.userdevice))
      .map(async (b) => x('VDI.get_record', b.VDI) as Promise<Rec>));
    expect(disks.map((d) => [d.SR, d.virtual_size])).toEqual([[local, 12 * GiB], [nfs, 2 * GiB]]);
    // Named after the VM, as XenCenter names provisioned disks.
    expect(disks.map((d) => [d.name_label, d.name_description])).toEqual([
      ['new-web 0', 'Created by template provisioner'], ['new-web 1', 'Created by template provisioner']]);
    const cd = vbds.filter((b) => b.type === 'CD');
    expect(cd).toHaveLength(1);
    expect(cd[0]).toMatchObject({ VDI: iso, empty: false, mode: 'RO' });
    const vifs = await Promise.all((rec.VIFs as string[]).map(async (v) => x('VIF.get_record', v) as Promise<Rec>));
    expect(vifs.map((v) => [v.device, v.network]).sort()).toEqual([['0', nets[0]], ['1', nets[1]]]);
    expect(vifs.find((v) => v.device === '1')!.MAC).toBe('02:aa:bb:cc:dd:ee');
    expect(vifs.find((v) => v.device === '0')!.MAC).toMatch(/^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/);
    // The template is untouched: still a template, its disks XML still unrewritten.
    expect(await x('VM.get_other_config', tpl)).toMatchObject({ disks: expect.stringContaining('sr=""') });
  });

  it('copies a custom template to another SR, grows its disk, and replaces its interface', async () => {
    const spec = await baseSpec('Debian 12 web base');
    const [tplVbd] = (await x('VM.get_VBDs', spec.templateRef) as string[]);
    const tplVdi = await x('VBD.get_VDI', tplVbd) as string;
    const local = (await all('SR')).find(([, r]) => r.name_label === 'Local storage')![0];
    const nets = (await all('network')).map(([r]) => r);
    const { taskRef } = ok<{ taskRef: string }>(await core.request('vm.create', {
      ...spec, templateDisks: [{ vdiRef: tplVdi, size: 24 * GiB }], templateDiskSr: local, vifs: [{ networkRef: nets[1], mac: '' }],
    }));
    expect(await until(() => finalTask(taskRef), 'the task to end', 15_000)).toMatchObject({ status: 'success' });
    const [[vm, rec]] = await byName('VM', 'new-web');
    expect(rec.power_state).toBe('Halted');
    const disk = (await Promise.all((rec.VBDs as string[]).map(async (b) => x('VBD.get_record', b) as Promise<Rec>))).find((b) => b.type === 'Disk')!;
    expect(await x('VDI.get_record', disk.VDI)).toMatchObject({ SR: local, virtual_size: 24 * GiB });
    expect(disk.VDI).not.toBe(tplVdi);
    const vifs = await x('VM.get_VIFs', vm) as string[];
    expect(await Promise.all(vifs.map((v) => x('VIF.get_network', v)))).toEqual([nets[1]]);
  });

  it('a failure after the clone shows the step and the XAPI error, and removes the half-made VM and its new disks', async () => {
    const [[tpl]] = await byName('VM', 'Debian Bookworm 12');
    await x('VM.remove_from_other_config', tpl, 'disks');
    await x('VM.add_to_other_config', tpl, 'disks', '<provision><disk device="0" size="8589934592" sr="" bootable="true" type="system"/></provision>');
    const nfs = (await all('SR')).find(([, r]) => r.shared === true && r.content_type === 'user')![0];
    const nets = (await all('network')).map(([r]) => r);
    const vdisBefore = (await all('VDI')).length;
    const vmsBefore = (await all('VM')).length;
    sim.faults.failMethod('VIF.create', { code: 'NETWORK_INCOMPATIBLE_PURPOSES', params: [nets[0], 'nbd'] });
    const { taskRef } = ok<{ taskRef: string }>(await core.request('vm.create', {
      ...await baseSpec('Debian Bookworm 12'), provisionDisks: [{ device: '0', srRef: nfs, size: 8 * GiB }], vifs: [{ networkRef: nets[0], mac: '' }], start: true,
    }));
    const task = await until(() => finalTask(taskRef), 'the task to end', 15_000);
    expect(task.status).toBe('failure');
    expect(task.error_info).toEqual(['NETWORK_INCOMPATIBLE_PURPOSES', nets[0], 'nbd']);
    expect((task.other_config as Rec)[STEP_KEY]).toBe('Creating network interfaces; the incomplete VM and its new disks were removed');
    expect(await byName('VM', 'new-web')).toEqual([]);
    expect((await all('VM')).length).toBe(vmsBefore);
    expect((await all('VDI')).length).toBe(vdisBefore);
    // The task is gone from the server (destroyed as XenCenter does), not left pending.
    expect((await all('task')).filter(([r]) => r === taskRef)).toEqual([]);
  });

  it('refuses a malformed request before anything runs', async () => {
    const spec = await baseSpec('Debian Bookworm 12');
    const env = await core.request('vm.create', { ...spec, vifs: [{ networkRef: 'not-a-ref', mac: '' }] });
    expect(env).toMatchObject({ ok: false, error: { code: 'IPC_INVALID_REQUEST' } });
    const env2 = await core.request('vm.create', { ...spec, memory: { staticMax: 512 * MiB, dynamicMin: 1, dynamicMax: 2, extra: 1 } });
    expect(env2.ok).toBe(false);
    // A MAC another VM's interface has, or a broadcast one: refused by main, nothing made.
    const vms = new Map(await all('VM'));
    const real = (ref: unknown) => { const v = vms.get(String(ref)); return !!v && !v.is_a_template && !v.is_a_snapshot && !v.is_control_domain; };
    const [, vif] = (await all('VIF')).find(([, v]) => (v.MAC as string) !== '' && real(v.VM))!;
    const owner = String(vms.get(String(vif.VM))!.name_label);
    const nets = (await all('network')).map(([r]) => r);
    const env3 = await core.request('vm.create', { ...spec, vifs: [{ networkRef: nets[0], mac: String(vif.MAC) }] });
    expect(env3).toMatchObject({ ok: false, error: { code: 'MAC_IN_USE', params: [String(vif.MAC), owner] } });
    const env4 = await core.request('vm.create', { ...spec, vifs: [{ networkRef: nets[0], mac: 'ff:ff:ff:ff:ff:ff' }] });
    expect(env4).toMatchObject({ ok: false, error: { code: 'IPC_INVALID_REQUEST', message: expect.stringMatching(/broadcast/) } });
    expect(await byName('VM', 'new-web')).toEqual([]);
  });
});
