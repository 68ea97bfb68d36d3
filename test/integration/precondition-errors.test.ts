// A failing precondition per operation family, through the product's typed client: the exact
// XAPI error code AND params (XapiError.code / .params), and that the refused call changed nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../simulator/index';
import { login, SessionClient } from '../../electron/core/xapi/session';
import { TypedXapi } from '../../electron/core/xapi/typed-client';
import { XapiError } from '../../electron/core/xapi/errors';

type Rec = Record<string, unknown>;
let sim: Simulator;
let x: TypedXapi;
let ro: TypedXapi;
const clients: SessionClient[] = [];

async function typed(user: string, password: string): Promise<TypedXapi> {
  const r = await login(sim.url, user, password);
  const s = new SessionClient(r.client, r.sessionRef);
  clients.push(s);
  return TypedXapi.fromSession(s, { pollIntervalMs: 20 });
}
/** The error a call rejects with, as [code, ...params]. */
async function err(p: Promise<unknown>): Promise<string[]> {
  const e = await p.then(() => { throw new Error('the call succeeded'); }, (error: unknown) => error);
  expect(e).toBeInstanceOf(XapiError);
  const xe = e as XapiError;
  return [xe.code, ...xe.params];
}
const vmNamed = (name: string) => [...sim.records('VM')].find(([, v]) => v.name_label === name)![0];
const field = (cls: string, ref: string, f: string) => sim.records(cls).get(ref)![f];
/** A VM's disk VBD and its VDI. */
const diskOf = (vm: string): { vbd: string; vdi: string } => {
  const vbd = (field('VM', vm, 'VBDs') as string[]).find((b) => field('VBD', b, 'type') === 'Disk')!;
  return { vbd, vdi: String(field('VBD', vbd, 'VDI')) };
};

beforeAll(async () => {
  sim = await startSimulator({ port: 0, taskDurationMs: 3_000, users: [{ user: 'viewer', password: 'look', role: 'read-only' }] });
  x = await typed('root', 'xenroot');
  ro = await typed('viewer', 'look');
});
afterAll(async () => {
  for (const c of clients) { await c.logout().catch(() => undefined); c.close(); }
  await sim?.close();
});

describe('preconditions, exact error code and params, through the typed client', () => {
  it('VM power: VM_BAD_POWER_STATE [vm, expected, actual] (lowercase, several expected joined by ", ")', async () => {
    const running = vmNamed('web-01');
    const halted = vmNamed('web-03');
    expect(await err(x.call('VM.start', running, false, false))).toEqual(['VM_BAD_POWER_STATE', running, 'halted', 'running']);
    expect(await err(x.call('VM.clean_shutdown', halted))).toEqual(['VM_BAD_POWER_STATE', halted, 'running', 'halted']);
    expect(await err(x.call('VM.unpause', running))).toEqual(['VM_BAD_POWER_STATE', running, 'paused', 'running']);
    expect(await err(x.call('VM.resume', halted, false, false))).toEqual(['VM_BAD_POWER_STATE', halted, 'suspended', 'halted']);
    expect(await err(x.call('VM.hard_shutdown', halted))).toEqual(['VM_BAD_POWER_STATE', halted, 'paused, suspended, running', 'halted']); // SEMANTICS.md §1.2 order
    expect(field('VM', running, 'power_state')).toBe('Running');
    expect(field('VM', halted, 'power_state')).toBe('Halted');
  });

  it('templates: VM_IS_TEMPLATE [vm, op]', async () => {
    const tpl = vmNamed('Debian Bookworm 12');
    expect(await err(x.call('VM.start', tpl, false, false))).toEqual(['VM_IS_TEMPLATE', tpl, 'start']);
    expect(await err(x.call('VM.snapshot', tpl, 'nope', []))).toEqual(['VM_IS_TEMPLATE', tpl, 'snapshot']);
    expect(await err(x.call('VM.destroy', tpl))).toEqual(['VM_IS_TEMPLATE', tpl, 'destroy']);
    expect(sim.records('VM').has(tpl)).toBe(true);
  });

  it('snapshots: VM_IS_SNAPSHOT [vm, op] for an op a snapshot does not allow', async () => {
    const snap = vmNamed('web-01 nightly');
    expect(await err(x.call('VM.start', snap, false, false))).toEqual(['VM_IS_SNAPSHOT', snap, 'start']);
    expect(await err(x.call('VM.snapshot', snap, 'of a snapshot', []))).toEqual(['VM_IS_SNAPSHOT', snap, 'snapshot']);
    expect(field('VM', snap, 'power_state')).toBe('Halted');
  });

  it('VDI: VDI_IN_USE [vdi, op] for an attached disk; shrinking: SR_BACKEND_FAILURE_79 ["", "VDI Invalid size", ""]', async () => {
    const { vdi } = diskOf(vmNamed('web-01'));
    const size = field('VDI', vdi, 'virtual_size');
    expect(await err(x.call('VDI.destroy', vdi))).toEqual(['VDI_IN_USE', vdi, 'destroy']);
    expect(await err(x.call('VDI.resize', vdi, Number(size) * 2))).toEqual(['VDI_IN_USE', vdi, 'resize']);
    const free = diskOf(vmNamed('db-03')).vdi; // a halted VM's disk: not attached
    expect(await err(x.call('VDI.resize', free, 1024))).toEqual(['SR_BACKEND_FAILURE_79', '', 'VDI Invalid size', '']);
    expect(sim.records('VDI').has(vdi)).toBe(true);
    expect(field('VDI', vdi, 'virtual_size')).toBe(size);
  });

  it('VBD: destroy while attached → OPERATION_NOT_ALLOWED ["VBD \'<uuid>\' still attached to \'<vm uuid>\'"]; plug on a halted VM → VM_BAD_POWER_STATE', async () => {
    const vm = vmNamed('web-01');
    const { vbd } = diskOf(vm);
    expect(await err(x.call('VBD.destroy', vbd))).toEqual(['OPERATION_NOT_ALLOWED', `VBD '${String(field('VBD', vbd, 'uuid'))}' still attached to '${String(field('VM', vm, 'uuid'))}'`]);
    expect(sim.records('VBD').has(vbd)).toBe(true);
    const h = vmNamed('db-03');
    const hv = diskOf(h).vbd;
    expect(await err(x.call('VBD.plug', hv))).toEqual(['VM_BAD_POWER_STATE', h, 'running', 'halted']);
    expect(await err(x.call('VBD.unplug', vbd).then(() => x.call('VBD.unplug', vbd)))).toEqual(['DEVICE_ALREADY_DETACHED', vbd]);
  });

  it('task: a cancelled Async call rejects with TASK_CANCELLED [task]; the VM did not start', async () => {
    const vm = vmNamed('app-03');
    const call = await x.callAsync('VM.start', vm, false, false);
    await new Promise((r) => setTimeout(r, 100));
    await call.cancel();
    const e = await call.result.catch((error: unknown) => error);
    expect(e).toBeInstanceOf(XapiError);
    expect([(e as XapiError).code, ...(e as XapiError).params]).toEqual(['TASK_CANCELLED', call.taskRef]);
    expect(field('VM', vm, 'power_state')).toBe('Halted');
  });

  it('session: SESSION_AUTHENTICATION_FAILED [user, reason]; SESSION_INVALID [ref] after logout', async () => {
    expect(await err(login(sim.url, 'root', 'wrong'))).toEqual(['SESSION_AUTHENTICATION_FAILED', 'root', 'Authentication failure']);
    const r = await login(sim.url, 'root', 'xenroot');
    const s = new SessionClient(r.client, r.sessionRef);
    const t = TypedXapi.fromSession(s);
    await t.call('session.logout');
    expect(await err(t.call('VM.get_all'))).toEqual(['SESSION_INVALID', r.sessionRef]);
    s.close();
  });

  it('RBAC: RBAC_PERMISSION_DENIED [permission, exact text] for a read-only user; nothing changes', async () => {
    const vm = vmNamed('cache-03');
    expect(await err(ro.call('VM.start', vm, false, false))).toEqual(['RBAC_PERMISSION_DENIED', 'vm.start',
      'No permission in user session. (Roles with this permission: pool-admin, pool-operator, vm-power-admin, vm-admin, vm-operator)']);
    expect(await err(ro.call('VM.set_name_label', vm, 'x'))).toEqual(['RBAC_PERMISSION_DENIED', 'vm.set_name_label',
      'No permission in user session. (Roles with this permission: pool-admin, pool-operator, vm-power-admin, vm-admin)']);
    const start = await err(ro.callAsync('VM.start', vm, false, false));
    expect(start.slice(0, 2)).toEqual(['RBAC_PERMISSION_DENIED', 'vm.start']);
    expect(field('VM', vm, 'power_state')).toBe('Halted');
    expect(field('VM', vm, 'name_label')).toBe('cache-03');
    expect((await ro.call('VM.get_record', vm)).name_label).toBe('cache-03');
  });

  it('parameters: MESSAGE_PARAMETER_COUNT_MISMATCH [method, expected, received]; FIELD_TYPE_ERROR [param]', async () => {
    const vm = vmNamed('web-03');
    const loose = x as unknown as { call(m: string, ...a: unknown[]): Promise<unknown> };
    expect(await err(loose.call('VM.get_record'))).toEqual(['MESSAGE_PARAMETER_COUNT_MISMATCH', 'VM.get_record', '2', '1']);
    expect(await err(loose.call('VM.start', vm, false))).toEqual(['MESSAGE_PARAMETER_COUNT_MISMATCH', 'VM.start', '4', '3']);
    expect(await err(loose.call('VM.set_VCPUs_max', vm, 'lots'))).toEqual(['FIELD_TYPE_ERROR', 'value']);
    expect(await err(loose.call('VM.start', vm, 'yes', false))).toEqual(['FIELD_TYPE_ERROR', 'start_paused']);
  });

  it('objects: HANDLE_INVALID [class, ref], UUID_INVALID [class, uuid], MAP_DUPLICATE_KEY [class, field, ref, key]', async () => {
    expect(await err(x.call('VM.get_record', 'OpaqueRef:nope'))).toEqual(['HANDLE_INVALID', 'VM', 'OpaqueRef:nope']);
    expect(await err(x.call('VDI.snapshot', 'OpaqueRef:gone', {}))).toEqual(['HANDLE_INVALID', 'VDI', 'OpaqueRef:gone']);
    expect(await err(x.call('SR.get_by_uuid', 'no-such-uuid'))).toEqual(['UUID_INVALID', 'SR', 'no-such-uuid']);
    const vm = vmNamed('web-03');
    await x.call('VM.add_to_other_config', vm, 'dup', 'one');
    expect(await err(x.call('VM.add_to_other_config', vm, 'dup', 'two'))).toEqual(['MAP_DUPLICATE_KEY', 'VM', 'other_config', vm, 'dup']);
    expect((field('VM', vm, 'other_config') as Rec).dup).toBe('one');
  });

  it('events: EVENT_FROM_TOKEN_PARSE_FAILURE [token]; event.inject of a missing object: HANDLE_INVALID', async () => {
    expect(await err(x.call('event.from', ['vm'], 'garbage', 1))).toEqual(['EVENT_FROM_TOKEN_PARSE_FAILURE', 'garbage']);
    expect(await err(x.call('event.inject', 'VM', 'OpaqueRef:nope'))).toEqual(['HANDLE_INVALID', 'VM', 'OpaqueRef:nope']);
  });
});

// SEMANTICS.md 2.1-2.2: what a boot checks, in the real server's order, on a pool of its own (3 hosts
// of 16 pCPUs each). start_on and assert_can_boot_here report the host's precise error; VM.start
// tries every host and, when none qualifies, answers NO_HOSTS_AVAILABLE [] (§2.1 host choice).
describe('boot checks (SEMANTICS.md 2.1-2.2), exact code and params', () => {
  let bs: Simulator;
  let b: { call(m: string, ...a: unknown[]): Promise<unknown> };
  const GiB = 1024 ** 3;
  const named = (cls: string, name: string) => [...bs.records(cls)].find(([, r]) => r.name_label === name)![0];
  const rec = (cls: string, ref: string) => bs.records(cls).get(ref)!;
  const disk = (vm: string) => String(rec('VBD', (rec('VM', vm).VBDs as string[]).find((v) => rec('VBD', v).type === 'Disk')!).VDI);
  let host1: string;
  let host2: string;
  /** A fresh halted PV VM without disks or VIFs (VM.create leaves parameter validation to the boot). */
  const newVm = (over: Rec = {}) => b.call('VM.create', {
    name_label: `boot-${Math.random()}`, HVM_boot_policy: '', domain_type: 'pv', VCPUs_max: 2, VCPUs_at_startup: 2,
    memory_static_min: GiB, memory_static_max: GiB, memory_dynamic_min: GiB, memory_dynamic_max: GiB, HVM_shadow_multiplier: 1, ...over,
  }) as Promise<string>;
  const vifOn = (vm: string, network: string, device: string) => b.call('VIF.create', { VM: vm, network, device, MAC: '', MTU: 1500, other_config: {} }) as Promise<string>;

  beforeAll(async () => {
    bs = await startSimulator({ port: 0, taskDurationMs: 0, rrdIntervalMs: 0 });
    const r = await login(bs.url, 'root', 'xenroot');
    const s = new SessionClient(r.client, r.sessionRef);
    clients.push(s);
    b = TypedXapi.fromSession(s, { pollIntervalMs: 20 }) as unknown as typeof b;
    host1 = named('host', 'xcp-host-01');
    host2 = named('host', 'xcp-host-02');
  });
  afterAll(async () => { await bs?.close(); });

  it('parameters at boot: INVALID_VALUE / VALUE_NOT_SUPPORTED / MEMORY_CONSTRAINT_VIOLATION, first failing check wins', async () => {
    const cases: [Rec, string[]][] = [
      [{ VCPUs_max: 0, VCPUs_at_startup: 1 }, ['INVALID_VALUE', 'VCPUs_max', '0']],
      [{ VCPUs_max: 2, VCPUs_at_startup: 0 }, ['INVALID_VALUE', 'VCPUs-at-startup', '0']],
      [{ VCPUs_max: 2, VCPUs_at_startup: 4 }, ['VALUE_NOT_SUPPORTED', 'VCPUs-at-startup', '4', 'value greater than VCPUs-max']],
      [{ memory_static_min: 2 * GiB, memory_dynamic_min: 2 * GiB, memory_dynamic_max: 2 * GiB }, ['MEMORY_CONSTRAINT_VIOLATION']],
      [{ memory_dynamic_min: GiB / 2, memory_dynamic_max: GiB / 4, memory_static_min: GiB / 4 }, ['MEMORY_CONSTRAINT_VIOLATION']],
      [{ HVM_shadow_multiplier: 0.5 }, ['INVALID_VALUE', 'HVM_shadow_multiplier', '0.5']],
      // vCPUs are checked before memory, memory before the shadow multiplier
      [{ VCPUs_max: 0, memory_static_min: 2 * GiB, HVM_shadow_multiplier: 0 }, ['INVALID_VALUE', 'VCPUs_max', '0']],
      [{ memory_static_min: 2 * GiB, HVM_shadow_multiplier: 0 }, ['MEMORY_CONSTRAINT_VIOLATION']],
    ];
    for (const [over, expected] of cases) {
      const vm = await newVm(over);
      expect(await err(b.call('VM.start_on', vm, host1, false, false)), JSON.stringify(over)).toEqual(expected);
      expect(await err(b.call('VM.assert_can_boot_here', vm, host1)), JSON.stringify(over)).toEqual(expected);
      expect(await err(b.call('VM.start', vm, false, false)), JSON.stringify(over)).toEqual(['NO_HOSTS_AVAILABLE']);
      expect(rec('VM', vm).power_state).toBe('Halted');
    }
    // A dynamic range outside the static one is coerced into it (xapi's Vm_memory_constraints.transform): it boots.
    const coercible = await newVm({ memory_dynamic_max: 2 * GiB, memory_dynamic_min: GiB / 2 });
    await b.call('VM.start_on', coercible, host1, false, false);
    expect(rec('VM', coercible).power_state).toBe('Running');
  });

  it('HOST_NOT_ENOUGH_PCPUS [vcpus, pcpus], checked after memory; platform vcpu-unrestricted=true lifts it', async () => {
    const wide = await newVm({ VCPUs_max: 32, VCPUs_at_startup: 1 });
    expect(await err(b.call('VM.start_on', wide, host1, false, false))).toEqual(['HOST_NOT_ENOUGH_PCPUS', '32', '16']);
    expect(await err(b.call('VM.assert_can_boot_here', wide, host2))).toEqual(['HOST_NOT_ENOUGH_PCPUS', '32', '16']);
    expect(await err(b.call('VM.start', wide, false, false))).toEqual(['NO_HOSTS_AVAILABLE']);
    // §2.8: needed = dynamic_min rounded up to a MiB + the overhead (recomputed at boot); memory is checked before pCPUs.
    const huge = await newVm({ VCPUs_max: 32, VCPUs_at_startup: 1, memory_static_max: 1024 * GiB + 1, memory_dynamic_min: 1024 * GiB + 1, memory_dynamic_max: 1024 * GiB + 1 });
    const [code, needed, free] = await err(b.call('VM.start_on', huge, host1, false, false));
    expect(code).toBe('HOST_NOT_ENOUGH_FREE_MEMORY');
    expect(Number(needed)).toBe(1024 * GiB + 1024 ** 2 + Number(rec('VM', huge).memory_overhead));
    expect(Number(free)).toBeLessThan(Number(needed));
    await b.call('VM.add_to_platform', wide, 'vcpu-unrestricted', 'true');
    await b.call('VM.start_on', wide, host1, false, false);
    expect([rec('VM', wide).power_state, rec('VM', wide).resident_on]).toEqual(['Running', host1]);
    // A migration checks its destination the same way (§2.6).
    await b.call('VM.remove_from_platform', wide, 'vcpu-unrestricted');
    expect(await err(b.call('VM.pool_migrate', wide, host2, {}))).toEqual(['HOST_NOT_ENOUGH_PCPUS', '32', '16']);
    expect(rec('VM', wide).resident_on).toBe(host1);
  });

  it('a boot recomputes memory_overhead before choosing a host (§2.1 order of work, §2.8 formula)', async () => {
    // The demo pool's records carry a flat 40 MiB; a boot replaces it with §2.8's figure.
    const vm = named('VM', 'cache-03');
    const r = rec('VM', vm);
    expect(r.memory_overhead).toBe(40 * 1024 ** 2);
    const pv = r.domain_type === 'pv' || (r.domain_type !== 'hvm' && r.HVM_boot_policy === '');
    const vcpus = Number(r.VCPUs_max);
    const staticMaxMiB = Math.ceil(Number(r.memory_static_max) / 1024 ** 2);
    const shadow = Math.max(1, Math.ceil(((256 * vcpus + 2 * staticMaxMiB) / 256) * (pv ? 1 : Number(r.HVM_shadow_multiplier))));
    const expected = ((pv ? 0 : 1) + 1 + shadow + Math.ceil((38 * vcpus) / 256)) * 1024 ** 2;
    expect(expected).not.toBe(r.memory_overhead);
    await b.call('VM.start', vm, false, false);
    expect(rec('VM', vm).memory_overhead).toBe(expected);
  });

  it('VM_REQUIRES_NETWORK [vm, network]: a VLAN on one host only, an internal network in use on another host; unless declared shared', async () => {
    const eth0 = (rec('host', host1).PIFs as string[]).find((p) => rec('PIF', p).device === 'eth0' && rec('PIF', p).VLAN === -1)!;
    const vlan = await b.call('network.create', { name_label: 'VLAN 42 on host 1', name_description: '', MTU: 1500, other_config: {}, tags: [] }) as string;
    await b.call('VLAN.create', eth0, 42, vlan);
    const vm = named('VM', 'web-03');
    await vifOn(vm, vlan, '1');
    expect(await err(b.call('VM.start_on', vm, host2, false, false))).toEqual(['VM_REQUIRES_NETWORK', vm, vlan]);
    expect(await err(b.call('VM.assert_can_boot_here', vm, host2))).toEqual(['VM_REQUIRES_NETWORK', vm, vlan]);
    expect(await b.call('VM.assert_can_boot_here', vm, host1)).toBe('');
    await b.call('VM.start', vm, false, false); // the only host with the VLAN
    expect(rec('VM', vm).resident_on).toBe(host1);
    expect(await err(b.call('VM.pool_migrate', vm, host2, {}))).toEqual(['VM_REQUIRES_NETWORK', vm, vlan]);
    expect(rec('VM', vm).resident_on).toBe(host1);
    // resume_on checks the same (§2.4 "host chosen/checked like start"); resume finds the VLAN's host.
    const suspended = named('VM', 'db-01');
    await vifOn(suspended, vlan, '1');
    expect(await err(b.call('VM.resume_on', suspended, host2, false, false))).toEqual(['VM_REQUIRES_NETWORK', suspended, vlan]);
    expect(rec('VM', suspended).power_state).toBe('Suspended');
    await b.call('network.add_to_other_config', vlan, 'assume_network_is_shared', 'true');
    await b.call('VM.pool_migrate', vm, host2, {});
    expect(rec('VM', vm).resident_on).toBe(host2);
    // An internal network (no PIF anywhere) joins only VMs on one host: web-01 runs on host 1.
    const internal = await b.call('network.create', { name_label: 'private', name_description: '', MTU: 1500, other_config: {}, tags: [] }) as string;
    const web01 = named('VM', 'web-01');
    expect(rec('VM', web01).resident_on).toBe(host1);
    await vifOn(web01, internal, '3');
    const db03 = named('VM', 'db-03');
    await vifOn(db03, internal, '1');
    expect(await err(b.call('VM.start_on', db03, host2, false, false))).toEqual(['VM_REQUIRES_NETWORK', db03, internal]);
    await b.call('VM.start_on', db03, host1, false, false);
    expect(rec('VM', db03).power_state).toBe('Running');
  });

  it('VDI_IN_USE [vdi] and VDI_READONLY [vdi]: the disks are marked attach before any host is chosen', async () => {
    const running = named('VM', 'web-02');
    const shared = disk(running);
    const vm = named('VM', 'app-03');
    const vbdTo = (owner: string, vdi: string, mode: string) => b.call('VBD.create', {
      VM: owner, VDI: vdi, userdevice: '5', bootable: false, mode, type: 'Disk', unpluggable: true, empty: false, other_config: {}, qos_algorithm_type: '', qos_algorithm_params: {},
    }) as Promise<string>;
    // web-02 has its disk RW: neither RW nor RO may attach it elsewhere.
    for (const mode of ['RW', 'RO']) {
      const extra = await vbdTo(vm, shared, mode);
      expect(await err(b.call('VM.start', vm, false, false)), mode).toEqual(['VDI_IN_USE', shared]);
      expect(await err(b.call('VM.start_on', vm, named('host', 'xcp-host-03'), false, false)), mode).toEqual(['VDI_IN_USE', shared]);
      await b.call('VBD.destroy', extra);
    }
    const own = disk(vm);
    await b.call('VDI.set_read_only', own, true);
    expect(await err(b.call('VM.start', vm, false, false))).toEqual(['VDI_READONLY', own]);
    await b.call('VDI.set_read_only', own, false);
    expect(rec('VM', vm).power_state).toBe('Halted');
    // A Suspended VM's disks are really offline (§9.2): another VM may plug one read-only...
    const suspended = named('VM', 'db-01');
    const image = disk(suspended);
    const reader = await vbdTo(named('VM', 'mail-01'), image, 'RO');
    await b.call('VBD.plug', reader);
    // ...but then the suspended VM cannot have it RW again on resume.
    expect(await err(b.call('VM.resume', suspended, false, false))).toEqual(['VDI_IN_USE', image]);
    expect(await err(b.call('VM.resume_on', suspended, host1, false, false))).toEqual(['VDI_IN_USE', image]);
    expect(rec('VM', suspended).power_state).toBe('Suspended');
    await b.call('VBD.unplug', reader);
    await b.call('VM.resume', suspended, false, false);
    expect(rec('VM', suspended).power_state).toBe('Running');
  });
});
