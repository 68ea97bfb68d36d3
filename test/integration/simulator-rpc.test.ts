import https from 'node:https';
import { basename } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../simulator/index';
import { TABLE_CLASSES } from '../../simulator/db';
import { dbDumps, hasSharedDir, sharedSkipReason } from '../support/shared-dir';

interface Reply { result?: unknown; error?: { code: number; message: string; data: string[] } | string[] | null }
async function rpc(url: string, method: string, params: unknown[], v1 = false): Promise<Reply> {
  const body = v1 ? { method, params, id: 7 } : { jsonrpc: '2.0', method, params, id: 7 };
  const res = await fetch(`${url}/jsonrpc`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  return (await res.json()) as Reply;
}
const errArray = (r: Reply) => { const e = r.error as { message: string; data: string[] }; return e ? [e.message, ...e.data] : null; };
const ok = <T>(r: Reply): T => { if (r.error) throw new Error(JSON.stringify(r.error)); return r.result as T; };
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
type Rec = Record<string, unknown>;

describe('simulator over HTTP (demo pool)', () => {
  let sim: Simulator;
  let s: string;
  const call = <T = unknown>(m: string, ...p: unknown[]) => rpc(sim.url, m, [s, ...p]).then((r) => ok<T>(r));
  const vmWhere = (pred: (v: Rec) => boolean) => [...sim.records('VM')].find(([, v]) => !v.is_a_template && !v.is_control_domain && pred(v))![0];

  beforeAll(async () => {
    sim = await startSimulator({ taskDurationMs: 300, memberListeners: true });
    s = ok<string>(await rpc(sim.url, 'session.login_with_password', ['root', 'xenroot', '2.21', 'test']));
  });
  afterAll(async () => { await sim.close(); });

  it('logs in and rejects a bad password with the exact error, in v1 and v2 framing', async () => {
    expect(s).toMatch(/^OpaqueRef:/);
    const rec = await call<Rec>('session.get_record', s);
    expect(rec).toMatchObject({ is_local_superuser: true, auth_user_name: 'root', originator: 'test' });
    expect(sim.records('host').has(String(rec.this_host))).toBe(true);
    const bad = await rpc(sim.url, 'session.login_with_password', ['root', 'nope']);
    expect(bad.error).toEqual({ code: 1, message: 'SESSION_AUTHENTICATION_FAILED', data: ['root', 'Authentication failure'] });
    const badV1 = await rpc(sim.url, 'session.login_with_password', ['root', 'nope'], true);
    expect(badV1).toEqual({ result: null, error: ['SESSION_AUTHENTICATION_FAILED', 'root', 'Authentication failure'], id: 7 });
  });

  it('logout invalidates the session', async () => {
    const s2 = ok<string>(await rpc(sim.url, 'session.login_with_password', ['root', 'xenroot']));
    ok(await rpc(sim.url, 'session.logout', [s2]));
    expect(errArray(await rpc(sim.url, 'VM.get_all', [s2]))).toEqual(['SESSION_INVALID', s2]);
  });

  it('answers unknown methods, count mismatches, unknown refs and uuids with XAPI errors', async () => {
    expect(errArray(await rpc(sim.url, 'VM.export', [s]))).toEqual(['MESSAGE_METHOD_UNKNOWN', 'VM.export']);
    expect(errArray(await rpc(sim.url, 'VM.get_record', [s]))).toEqual(['MESSAGE_PARAMETER_COUNT_MISMATCH', 'VM.get_record', '2', '1']);
    expect(errArray(await rpc(sim.url, 'VM.get_record', [s, 'OpaqueRef:nope']))).toEqual(['HANDLE_INVALID', 'VM', 'OpaqueRef:nope']);
    expect(errArray(await rpc(sim.url, 'VM.get_by_uuid', [s, 'nope']))).toEqual(['UUID_INVALID', 'VM', 'nope']);
    expect(errArray(await rpc(sim.url, 'Async.VM.get_record', [s, 'x']))).toEqual(['MESSAGE_METHOD_UNKNOWN', 'Async.VM.get_record']);
    const res = await fetch(`${sim.url}/other`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(404);
  });

  it('round-trips get_record / get_by_uuid / set_name_label / add_tags', async () => {
    const vm = vmWhere((v) => v.power_state === 'Halted');
    const rec = await call<Rec>('VM.get_record', vm);
    expect(await call('VM.get_by_uuid', rec.uuid)).toBe(vm);
    await call('VM.set_name_label', vm, 'renamed vm');
    expect(await call('VM.get_name_label', vm)).toBe('renamed vm');
    await call('VM.add_tags', vm, 'blue');
    expect(await call('VM.get_tags', vm)).toContain('blue');
  });

  it('every ref in every record points at an existing object, and every model field is present', () => {
    const all = new Set<string>();
    for (const c of TABLE_CLASSES) for (const r of sim.records(c).keys()) all.add(r);
    const dangling: string[] = [];
    for (const c of TABLE_CLASSES) for (const [ref, rec] of sim.records(c)) {
      for (const [k, v] of Object.entries(rec)) {
        const values = Array.isArray(v) ? v : v && typeof v === 'object' ? [...Object.keys(v), ...Object.values(v)] : [v];
        for (const x of values) if (typeof x === 'string' && x.startsWith('OpaqueRef:') && x !== 'OpaqueRef:NULL' && !all.has(x)) dangling.push(`${c} ${ref} ${k} ${x}`);
      }
    }
    expect(dangling).toEqual([]);
    const vms = [...sim.records('VM').values()];
    const real = vms.filter((v) => !v.is_a_template && !v.is_control_domain);
    expect(real).toHaveLength(20);
    expect(real.filter((v) => v.power_state === 'Suspended')).toHaveLength(1);
    expect(real.filter((v) => v.power_state === 'Halted').length).toBeGreaterThan(1);
    expect(new Set(real.filter((v) => v.power_state === 'Running').map((v) => v.resident_on)).size).toBe(3);
    expect(vms.filter((v) => v.is_control_domain)).toHaveLength(3);
    expect(vms.filter((v) => v.is_a_snapshot)).toHaveLength(2);
    expect(vms.filter((v) => v.is_a_template && !v.is_a_snapshot && (v.other_config as Rec).default_template === 'true')).toHaveLength(10);
    const someVm = vms[0];
    expect(Object.keys(someVm)).toEqual(expect.arrayContaining(['uuid', 'allowed_operations', 'snapshot_time', 'NVRAM', 'domain_type', 'pending_guidances']));
  });

  it('lists methods without a session and answers NOT_IMPLEMENTED for model messages without an implementation', async () => {
    const methods = ok<string[]>(await rpc(sim.url, 'system.listMethods', []));
    expect(methods).toEqual(expect.arrayContaining(['VM.start', 'Async.VM.start', 'VM.get_name_label', 'event.from']));
    expect(methods).not.toContain('Async.VM.get_name_label');
    const vm = vmWhere((v) => v.power_state === 'Halted');
    expect(errArray(await rpc(sim.url, 'VM.query_services', [s, vm]))).toEqual(['NOT_IMPLEMENTED', 'VM.query_services']);
  });

  it('VM.start on a running VM fails with VM_BAD_POWER_STATE', async () => {
    const vm = vmWhere((v) => v.power_state === 'Running');
    expect(errArray(await rpc(sim.url, 'VM.start', [s, vm, false, false]))).toEqual(['VM_BAD_POWER_STATE', vm, 'halted', 'running']);
  });

  it('Async.VM.start returns a task that progresses to success; the VM ends Running on a host', async () => {
    const vm = vmWhere((v) => v.power_state === 'Halted' && v.name_label !== 'renamed vm');
    const task = await call<string>('Async.VM.start', vm, false, false);
    expect(await call('task.get_name_label', task)).toBe('Async.VM.start');
    await wait(100);
    expect(await call('VM.get_allowed_operations', vm)).toEqual([]);
    expect(Object.values(await call<Rec>('VM.get_current_operations', vm))).toEqual(['start']);
    const progress: number[] = [];
    for (let i = 0; i < 40; i++) {
      const t = await call<Rec>('task.get_record', task);
      progress.push(Number(t.progress));
      if (t.status !== 'pending') { expect(t).toMatchObject({ status: 'success', result: '<value></value>', progress: 1 }); break; }
      await wait(30);
    }
    expect(progress.some((p) => p > 0 && p < 1)).toBe(true);
    const rec = await call<Rec>('VM.get_record', vm);
    expect(rec.power_state).toBe('Running');
    expect(sim.records('host').has(String(rec.resident_on))).toBe(true);
    expect(rec.allowed_operations).toContain('clean_shutdown');
    expect((rec.consoles as string[]).length).toBeGreaterThan(0);
    await call('task.destroy', task);
    expect(errArray(await rpc(sim.url, 'task.get_record', [s, task]))).toEqual(['HANDLE_INVALID', 'task', task]);
  });

  it('a failing Async call ends in failure with error_info', async () => {
    const vm = vmWhere((v) => v.power_state === 'Running');
    const task = await call<string>('Async.VM.resume', vm, false, false);
    for (let i = 0; i < 20 && (await call('task.get_status', task)) === 'pending'; i++) await wait(20);
    expect(await call('task.get_error_info', task)).toEqual(['VM_BAD_POWER_STATE', vm, 'suspended', 'running']);
    expect(await call('task.get_status', task)).toBe('failure');
  });

  it('event.from: adds first, then blocks until another session changes something; timeout gives no events', async () => {
    const first = await call<{ events: Rec[]; token: string; valid_ref_counts: Record<string, number> }>('event.from', ['vm', 'host'], '', 5);
    expect(first.events.every((e) => e.operation === 'add')).toBe(true);
    expect(first.events.filter((e) => e.class === 'vm')).toHaveLength(sim.records('VM').size);
    expect(first.valid_ref_counts.vm).toBe(sim.records('VM').size);
    expect(first.token).toMatch(/^\d{20},\d{20}$/);
    const other = ok<string>(await rpc(sim.url, 'session.login_with_password', ['root', 'xenroot']));
    const vm = vmWhere((v) => v.power_state === 'Running');
    const started = Date.now();
    const pending = call<{ events: Rec[]; token: string }>('event.from', ['VM'], first.token, 10);
    await wait(200);
    ok(await rpc(sim.url, 'VM.set_name_label', [other, vm, 'changed elsewhere']));
    const next = await pending;
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    expect(next.events).toHaveLength(1);
    expect(next.events[0]).toMatchObject({ class: 'vm', operation: 'mod', ref: vm, snapshot: { name_label: 'changed elsewhere' } });
    const t0 = Date.now();
    const idle = await call<{ events: Rec[]; token: string }>('event.from', ['vm'], next.token, 0.3);
    expect(idle.events).toEqual([]);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(280);
    expect(errArray(await rpc(sim.url, 'event.from', [s, ['vm'], 'garbage', 1]))).toEqual(['EVENT_FROM_TOKEN_PARSE_FAILURE', 'garbage']);
  });

  it('logging out a session ends its blocked event.from with SESSION_INVALID', async () => {
    const s3 = ok<string>(await rpc(sim.url, 'session.login_with_password', ['root', 'xenroot']));
    const tok = (ok<{ token: string }>(await rpc(sim.url, 'event.from', [s3, ['pool'], '', 1]))).token;
    const pending = rpc(sim.url, 'event.from', [s3, ['pool'], tok, 10]);
    await wait(100);
    ok(await rpc(sim.url, 'session.logout', [s3]));
    expect(errArray(await pending)).toEqual(['SESSION_INVALID', s3]);
  });

  it('dropAllConnections fails a blocked event.from; the server and session keep working', async () => {
    const tok = (await call<{ token: string }>('event.from', ['pool'], '', 1)).token;
    const pending = call('event.from', ['pool'], tok, 10).then(() => 'answered', () => 'failed');
    await wait(100);
    sim.dropAllConnections();
    expect(await pending).toBe('failed');
    expect((await call<string[]>('pool.get_all')).length).toBe(1);
  });

  it('a second start waits for the first, then fails with VM_BAD_POWER_STATE (SEMANTICS.md 0.2)', async () => {
    const vm = vmWhere((v) => v.power_state === 'Halted' && v.name_label !== 'renamed vm' && Object.keys(v.current_operations as Rec).length === 0);
    const task = await call<string>('Async.VM.start', vm, false, false);
    await wait(50);
    const t0 = Date.now();
    const second = await rpc(sim.url, 'VM.start', [s, vm, false, false]);
    expect(Date.now() - t0).toBeGreaterThan(150);
    expect(errArray(second)).toEqual(['VM_BAD_POWER_STATE', vm, 'halted', 'running']);
    expect(await call('task.get_status', task)).toBe('success');
  });

  it('task.cancel ends an Async start as cancelled with TASK_CANCELLED; the VM stays Halted', async () => {
    const vm = vmWhere((v) => v.power_state === 'Halted' && v.name_label !== 'renamed vm' && Object.keys(v.current_operations as Rec).length === 0);
    const task = await call<string>('Async.VM.start', vm, false, false);
    await wait(30);
    await call('task.cancel', task);
    for (let i = 0; i < 30 && (await call('task.get_status', task)) === 'pending'; i++) await wait(20);
    expect(await call('task.get_status', task)).toBe('cancelled');
    expect(await call('task.get_error_info', task)).toEqual(['TASK_CANCELLED', task]);
    const rec = await call<Rec>('VM.get_record', vm);
    expect(rec).toMatchObject({ power_state: 'Halted', scheduled_to_be_resident_on: 'OpaqueRef:NULL', current_operations: {} });
    expect(rec.allowed_operations).toContain('start');
  });

  it('a sync power op runs in a task named after the call that is gone afterwards; its deletion shows as a del event', async () => {
    const tok = (await call<{ token: string }>('event.from', ['task'], '', 1)).token;
    const vm = vmWhere((v) => v.power_state === 'Running' && Object.keys(v.current_operations as Rec).length === 0);
    await call('VM.pause', vm);
    expect(await call('VM.get_power_state', vm)).toBe('Paused');
    const ev = await call<{ events: Rec[] }>('event.from', ['task'], tok, 1);
    expect(ev.events).toEqual([expect.objectContaining({ class: 'task', operation: 'del' })]);
    expect(ev.events[0]).not.toHaveProperty('snapshot');
    const names = (await call<Record<string, Rec>>('task.get_all_records'));
    expect(Object.values(names).map((t) => t.name_label)).not.toContain('VM.pause');
    const msgs = Object.values(await call<Record<string, Rec>>('message.get_all_records'));
    expect(msgs.some((m) => m.name === 'VM_PAUSED' && m.obj_uuid === sim.records('VM').get(vm)!.uuid)).toBe(true);
    const one = await call<{ events: Rec[]; token: string }>('event.from', [`vm/${vm}`], '', 1);
    expect(one.events.map((e) => e.ref)).toEqual([vm]);
    await call('VM.unpause', vm);
  });

  it('a member listener answers login with HOST_IS_SLAVE [coordinator address]', async () => {
    const r = await rpc(sim.url.replace('127.0.0.1', '127.0.0.2'), 'session.login_with_password', ['root', 'xenroot']);
    expect(errArray(r)).toEqual(['HOST_IS_SLAVE', '127.0.0.1']);
  });
});

describe.skipIf(!hasSharedDir)('simulator serving database dumps', () => {
  if (!hasSharedDir) console.log(sharedSkipReason);
  it('serves get_all_records(VM) consistent with the loaded records for every dump', async () => {
    for (const file of dbDumps) {
      const sim = await startSimulator({ dbFile: file, taskDurationMs: 0 });
      try {
        const s = ok<string>(await rpc(sim.url, 'session.login_with_password', ['root', 'xenroot']));
        const all = ok<Record<string, Rec>>(await rpc(sim.url, 'VM.get_all_records', [s]));
        expect(Object.keys(all).sort()).toEqual([...sim.records('VM').keys()].sort());
        for (const [ref, rec] of Object.entries(all)) expect(rec.uuid).toBe(sim.records('VM').get(ref)!.uuid);
        expect(Object.values(all).some((v) => v.is_control_domain)).toBe(true);
      } finally { await sim.close(); }
    }
  });
});

describe('TLS', () => {
  it('serves JSON-RPC over https with the generated certificate', async () => {
    const sim = await startSimulator({ tls: true, hosts: 1, vms: 2 });
    try {
      expect(sim.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      const agent = new https.Agent({ ca: sim.certificatePem });
      const body = JSON.stringify({ jsonrpc: '2.0', method: 'session.login_with_password', params: ['root', 'xenroot'], id: 1 });
      const reply = await new Promise<Reply>((resolve, reject) => {
        const req = https.request(`${sim.url}/jsonrpc`, { method: 'POST', agent, headers: { 'Content-Type': 'application/json' } }, (res) => {
          let text = '';
          res.on('data', (c: Buffer) => { text += c.toString(); });
          res.on('end', () => resolve(JSON.parse(text) as Reply));
        });
        req.on('error', reject);
        req.end(body);
      });
      expect(String(reply.result)).toMatch(/^OpaqueRef:/);
      agent.destroy();
    } finally { await sim.close(); }
  });
});

describe.skipIf(!hasSharedDir)('real dumps serve consistent records', () => {
  it.each(dbDumps.map((f) => [basename(f), f]))('%s: every ref a record points to exists (metrics regenerated, dangling refs nulled)', async (_name, file) => {
    const sim = await startSimulator({ port: 0, dbFile: file, taskDurationMs: 0 });
    try {
      const all = new Set<string>();
      for (const cls of sim.classes()) for (const ref of sim.records(cls).keys()) all.add(ref);
      const dangling: string[] = [];
      for (const cls of sim.classes()) {
        for (const [ref, rec] of sim.records(cls)) {
          for (const [k, v] of Object.entries(rec)) {
            const values = Array.isArray(v) ? v : [v];
            for (const x of values) if (typeof x === 'string' && x.startsWith('OpaqueRef:') && x !== 'OpaqueRef:NULL' && !all.has(x)) dangling.push(`${cls} ${ref} ${k} ${x}`);
          }
        }
      }
      expect(dangling).toEqual([]);
      // Every VM, VBD and VIF has a metrics record again (xapi regenerates them at start).
      for (const [cls, metrics] of [['VM', 'VM_metrics'], ['VBD', 'VBD_metrics'], ['VIF', 'VIF_metrics']] as const) {
        for (const rec of sim.records(cls).values()) expect(sim.records(metrics).has(String(rec.metrics)), `${cls}.metrics`).toBe(true);
      }
    } finally {
      await sim.close();
    }
  });
});
