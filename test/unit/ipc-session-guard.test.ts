// The IPC boundary's allow-list (derived from the data model) and the scrubbing of sessions out of
// what reaches the renderer: messages whose result holds a session or secret are refused, with
// their Async forms; task results and errors that name a session cross blanked.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateRequest, RefusedCallError } from '../../shared/ipc/validate';
import { rendererCallRefusal, taskResultWithheld } from '../../shared/xapi/renderer-calls';
import { allClasses, allMessages } from '../../shared/xapi/model';
import { OPERATIONS } from '../../shared/xapi/operations.generated';
import { scrubCallResult, scrubDelta, scrubTaskRecord, SESSION_PLACEHOLDER } from '../../electron/core/xapi/secret-scrub';
import type { CacheDelta } from '../../shared/ipc/contract';

const call = (channel: 'xapi.call' | 'xapi.callAsync', method: string) => () => validateRequest(channel, { connectionId: 'c', method, args: [] });

describe('the renderer allow-list', () => {
  it.each(['xapi.call', 'xapi.callAsync'] as const)('%s refuses messages that return or embed a session or secret, with the reason', (channel) => {
    for (const method of ['host.migrate_receive', 'VDI.get_nbd_info', 'VDI.open_database', 'session.login_with_password', 'session.logout',
      'session.get_record', 'event.from', 'secret.get_value', 'secret.get_record', 'secret.get_all_records', 'VM.no_such_message']) {
      expect(call(channel, method), method).toThrow(RefusedCallError);
      try { call(channel, method)(); } catch (e) {
        expect((e as RefusedCallError).code).toBe('IPC_CALL_REFUSED');
        expect((e as RefusedCallError).message).toMatch(new RegExp(`^${method.replace('.', '\\.')} cannot be called from the renderer: .+`));
      }
    }
    expect(rendererCallRefusal('host.migrate_receive')).toMatch(/session_id/);
    expect(rendererCallRefusal('VDI.get_nbd_info')).toMatch(/exportname/);
  });

  it('lets ordinary messages through', () => {
    for (const method of ['VM.start', 'VM.clean_shutdown', 'host.get_vms_which_prevent_evacuation', 'VIF.move', 'network.create', 'pool.eject',
      'VM.add_tags', 'task.get_result', 'task.cancel', 'secret.create', 'VM.migrate_send']) {
      expect(rendererCallRefusal(method), method).toBeUndefined();
      expect(validateRequest('xapi.callAsync', { connectionId: 'c', method, args: [] }).args).toMatchObject({ method });
    }
  });

  it('is derived from the model: no allowed message has a result type that holds a session', () => {
    const holdsSession = allMessages().filter((m) => /session ref|session record/.test(m.result));
    expect(holdsSession.length).toBeGreaterThan(3);
    for (const m of holdsSession) expect(rendererCallRefusal(m.wire), m.wire).toBeDefined();
    for (const m of allMessages().filter((x) => x.cls === 'session' || x.cls === 'event')) expect(rendererCallRefusal(m.wire), m.wire).toBeDefined();
    // Most of the model stays callable.
    expect(allMessages().filter((m) => !rendererCallRefusal(m.wire)).length).toBeGreaterThan(1500);
  });

  it('every XAPI message the renderer\'s features name stays allowed (and the tags of every class)', () => {
    const files = (dir: string): string[] => readdirSync(dir, { withFileTypes: true })
      .flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : []));
    const named = new Set<string>();
    for (const f of files('renderer/src')) {
      for (const m of readFileSync(f, 'utf8').matchAll(/method: '([A-Za-z_]+\.[A-Za-z_0-9]+)'/g)) named.add(m[1]);
    }
    expect([...named]).toEqual(expect.arrayContaining(['VM.start', 'VIF.move', 'pool.eject', 'host.get_vms_which_prevent_evacuation']));
    // (VM.export there names the HTTP export, not a message.)
    const messages = new Set(allMessages().map((m) => m.wire));
    for (const wire of [...named].filter((w) => messages.has(w))) expect(rendererCallRefusal(wire), wire).toBeUndefined();
    for (const c of allClasses().filter((x) => x.fields.has('tags'))) {
      for (const op of ['add_tags', 'remove_tags']) expect(rendererCallRefusal(`${c.name}.${op}`), `${c.name}.${op}`).toBeUndefined();
    }
  });

  it('the XAPI Operations catalogue offers no refused message', () => {
    expect(OPERATIONS.length).toBeGreaterThan(200);
    for (const [wire] of OPERATIONS) expect(rendererCallRefusal(wire), wire).toBeUndefined();
  });
});

describe('scrubbing sessions out of task records and deltas', () => {
  const own = (ref: string) => ref === 'OpaqueRef:mine';
  const receiveXml = '<value><struct><member><name>session_id</name><value>OpaqueRef:theirs</value></member>'
    + '<member><name>SM</name><value>http://10.0.0.1/services/SM?session_id=OpaqueRef:theirs</value></member></struct></value>';

  it('withholds the result of a session-returning task (Async or the sync call\'s task)', () => {
    expect(taskResultWithheld('Async.host.migrate_receive')).toBe(true);
    expect(taskResultWithheld('host.migrate_receive')).toBe(true);
    expect(taskResultWithheld('Async.VM.start')).toBe(false);
    expect(scrubTaskRecord({ name_label: 'Async.host.migrate_receive', result: receiveXml, status: 'success' }, own)).toEqual({ name_label: 'Async.host.migrate_receive', result: '', status: 'success' });
  });

  it('blanks session members, session URLs and main\'s own sessions in any other result, and SESSION_INVALID params', () => {
    const t = scrubTaskRecord({ name_label: 'Async.custom', result: `${receiveXml} OpaqueRef:mine OpaqueRef:vm`, error_info: ['SESSION_INVALID', 'OpaqueRef:theirs'] }, own);
    expect(JSON.stringify(t)).not.toMatch(/OpaqueRef:(theirs|mine)/);
    expect(t.result).toContain(`OpaqueRef:vm`);
    expect(t.result).toContain(SESSION_PLACEHOLDER);
    expect(t.error_info).toEqual(['SESSION_INVALID', SESSION_PLACEHOLDER]);
    const vmTask = { name_label: 'Async.VM.clone', result: '<value>OpaqueRef:vm</value>', error_info: [] };
    expect(scrubTaskRecord(vmTask, own)).toBe(vmTask);
  });

  it('drops session objects and secret values from deltas, leaves the rest as it is', () => {
    const delta: CacheDelta = { connectionId: 'c', reset: false, changes: [
      { cls: 'session', ref: 'OpaqueRef:theirs', op: 'add', record: { uuid: 's' } },
      { cls: 'secret', ref: 'OpaqueRef:s1', op: 'add', record: { uuid: 'x', value: 'hunter2' } },
      { cls: 'task', ref: 'OpaqueRef:t', op: 'mod', record: { name_label: 'Async.host.migrate_receive', result: receiveXml } },
      { cls: 'vm', ref: 'OpaqueRef:vm', op: 'mod', record: { name_label: 'web' } },
    ] };
    const out = scrubDelta(delta, own);
    expect(out.changes.map((c) => c.cls)).toEqual(['secret', 'task', 'vm']);
    expect(JSON.stringify(out)).not.toMatch(/hunter2|OpaqueRef:theirs/);
    expect(out.changes[2]).toBe(delta.changes[3]);
    const plain: CacheDelta = { connectionId: 'c', reset: false, changes: [delta.changes[3]] };
    expect(scrubDelta(plain, own)).toBe(plain);
  });

  it('scrubs task reads the renderer makes over xapi.call', () => {
    expect(scrubCallResult('task.get_result', receiveXml, own, 'Async.host.migrate_receive')).toBe('');
    expect(scrubCallResult('task.get_result', receiveXml, own, undefined)).not.toContain('OpaqueRef:theirs');
    const all = scrubCallResult('task.get_all_records', { 'OpaqueRef:t': { name_label: 'host.migrate_receive', result: receiveXml } }, own) as Record<string, { result: string }>;
    expect(all['OpaqueRef:t'].result).toBe('');
    expect(scrubCallResult('task.get_error_info', ['SESSION_INVALID', 'OpaqueRef:mine'], own)).toEqual(['SESSION_INVALID', SESSION_PLACEHOLDER]);
    expect(scrubCallResult('VM.get_name_label', 'OpaqueRef:mine', own)).toBe('OpaqueRef:mine');
  });
});
