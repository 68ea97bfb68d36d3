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
