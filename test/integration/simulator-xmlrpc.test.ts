// XML-RPC over HTTP at POST / and /RPC2: the same dispatch as JSON-RPC (FORMATS.md 2).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../simulator/index';
import { parseXml, toXml, valueOf } from '../../simulator/xmlrpc-codec';

async function xmlCall(url: string, method: string, params: unknown[], path = '/'): Promise<{ status: number; type: string | null; text: string; value: unknown }> {
  const body = `<?xml version="1.0"?><methodCall><methodName>${method}</methodName><params>${params.map((p) => `<param>${toXml(p)}</param>`).join('')}</params></methodCall>`;
  const res = await fetch(`${url}${path}`, { method: 'POST', headers: { 'Content-Type': 'text/xml' }, body });
  const text = await res.text();
  const root = parseXml(text);
  const v = root.children[0].children[0].children[0].children[0]; // methodResponse/params/param/value
  return { status: res.status, type: res.headers.get('content-type'), text, value: valueOf(v) };
}
type Rec = Record<string, unknown>;

describe('simulator XML-RPC over HTTP', () => {
  let sim: Simulator;
  beforeAll(async () => { sim = await startSimulator({ taskDurationMs: 100 }); });
  afterAll(async () => { await sim.close(); });

  it('round trip: login, VM.get_record with typed values, and a failure', async () => {
    const login = await xmlCall(sim.url, 'session.login_with_password', ['root', 'xenroot', '2.21', 'xml-test']);
    expect(login.status).toBe(200);
    expect(login.type).toBe('text/xml');
    expect(login.text.startsWith('<?xml version="1.0"?><methodResponse><params><param><value><struct><member><name>Status</name><value>Success</value></member><member><name>Value</name><value>OpaqueRef:')).toBe(true);
    const s = String((login.value as Rec).Value);
    const vm = [...sim.records('VM')].find(([, v]) => !v.is_a_template && v.power_state === 'Running')![0];
    const rec = await xmlCall(sim.url, 'VM.get_record', [s, vm]);
    expect((rec.value as Rec).Status).toBe('Success');
    const r = (rec.value as Rec).Value as Rec;
    const server = sim.records('VM').get(vm)!;
    expect(r.uuid).toBe(server.uuid);
    expect(r.power_state).toBe('Running');
    expect(rec.text).toContain(`<member><name>memory_static_max</name><value>${String(server.memory_static_max)}</value></member>`);
    expect(rec.text).toContain('<member><name>is_a_template</name><value><boolean>0</boolean></value></member>');
    expect(rec.text).toMatch(/<member><name>HVM_shadow_multiplier<\/name><value><double>[^<]+<\/double><\/value><\/member>/);
    expect(rec.text).toMatch(/<member><name>snapshot_time<\/name><value><dateTime.iso8601>\d{8}T\d\d:\d\d:\d\dZ<\/dateTime.iso8601><\/value><\/member>/);
    const bad = await xmlCall(sim.url, 'VM.get_record', [s, 'OpaqueRef:nope']);
    expect(bad.value).toEqual({ Status: 'Failure', ErrorDescription: ['HANDLE_INVALID', 'VM', 'OpaqueRef:nope'] });
    const auth = await xmlCall(sim.url, 'session.login_with_password', ['root', 'wrong']);
    expect(auth.text).toContain('<member><name>Status</name><value>Failure</value></member><member><name>ErrorDescription</name><value><array><data><value>SESSION_AUTHENTICATION_FAILED</value><value>root</value><value>Authentication failure</value></data></array></value></member>');
  });

  it('ints sent untagged (as XO does) and Class_message names work; /RPC2 too; an unknown method answers MESSAGE_METHOD_UNKNOWN', async () => {
    const s = String(((await xmlCall(sim.url, 'session.login_with_password', ['root', 'xenroot'])).value as Rec).Value);
    const vm = [...sim.records('VM')].find(([, v]) => !v.is_a_template && v.power_state === 'Halted')![0];
    const set = await xmlCall(sim.url, 'VM_set_user_version', [s, vm, '12'], '/RPC2');
    expect(set.value).toEqual({ Status: 'Success', Value: '' });
    expect(sim.records('VM').get(vm)!.user_version).toBe(12);
    const unknown = await xmlCall(sim.url, 'VM.export', [s, vm]);
    expect(unknown.value).toEqual({ Status: 'Failure', ErrorDescription: ['MESSAGE_METHOD_UNKNOWN', 'VM.export'] });
    const type = await xmlCall(sim.url, 'VM.start', [s, vm, 'no', false]);
    expect(type.value).toEqual({ Status: 'Failure', ErrorDescription: ['FIELD_TYPE_ERROR', 'start_paused'] });
  });

  it('Async calls return a task ref; system.listMethods (no session) returns the bare array with Async forms', async () => {
    const s = String(((await xmlCall(sim.url, 'session.login_with_password', ['root', 'xenroot'])).value as Rec).Value);
    const vm = [...sim.records('VM')].find(([, v]) => !v.is_a_template && v.power_state === 'Halted')![0];
    const t = await xmlCall(sim.url, 'Async.VM.start', [s, vm, false, false]);
    const task = String((t.value as Rec).Value);
    expect(sim.records('task').get(task)?.name_label).toBe('Async.VM.start');
    const list = await xmlCall(sim.url, 'system.listMethods', []);
    expect(Array.isArray(list.value)).toBe(true);
    expect(list.value).toEqual(expect.arrayContaining(['VM.start', 'Async.VM.start', 'VM.snapshot', 'Async.VM.snapshot', 'system.listMethods']));
    expect(list.value).not.toContain('Async.VM.get_record');
  });

  it('malformed XML answers a Failure, not a crash; GET / is 404', async () => {
    const res = await fetch(`${sim.url}/`, { method: 'POST', body: '<methodCall><methodName>x' });
    const text = await res.text();
    expect(text).toContain('<value>XMLRPC_UNMARSHAL_FAILURE</value>');
    expect((await fetch(`${sim.url}/`)).status).toBe(404);
  });
});
