// GET /system-status on the simulator (xapi's system_status.ml): refused without a session, the
// capabilities with ?list, a tar of the chosen capabilities (inventory first) with a session or Basic
// credentials, the task given as task_id ending success.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../simulator/index';
import { readTar } from '../../simulator/xva';
import { rpcReply as rpc, ok } from '../support/xapi-rpc';

describe('simulator GET /system-status', () => {
  let sim: Simulator;
  let s: string;
  beforeAll(async () => {
    sim = await startSimulator({ hosts: 2, vms: 2 });
    s = ok<string>(await rpc(sim.url, 'session.login_with_password', ['root', 'xenroot']));
  });
  afterAll(async () => { await sim.close(); });

  it('refuses a request without a valid session: 401 with the Basic challenge', async () => {
    for (const q of ['entries=xenserver-logs', `entries=xenserver-logs&session_id=OpaqueRef:nope`]) {
      const res = await fetch(`${sim.url}/system-status?${q}`);
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Basic realm="xapi"');
    }
  });

  it('lists the capabilities as host.get_system_status_capabilities does', async () => {
    const res = await fetch(`${sim.url}/system-status?list=yes&session_id=${s}`);
    expect(res.status).toBe(200);
    const host = [...sim.records('host').keys()][0];
    expect(await res.text()).toBe(ok<string>(await rpc(sim.url, 'host.get_system_status_capabilities', [s, host])));
  });

  it('a tar of the chosen capabilities, inventory first; unknown keys ignored; the task ends success', async () => {
    const task = ok<string>(await rpc(sim.url, 'task.create', [s, 'Retrieving system status', '']));
    const res = await fetch(`${sim.url}/system-status?session_id=${s}&entries=xenserver-logs,hardware-info,no-such-thing&output=tar&task_id=${task}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="system_status-.*\.tar"$/);
    const files = readTar(Buffer.from(await res.arrayBuffer()));
    const names = files.map((f) => f.name.replace(/^bug-report-\d{14}\//, ''));
    expect(names).toEqual(['inventory.xml', 'hardware-info.out', 'xenserver-logs.out']);
    const inventory = files[0].data.toString();
    expect(inventory).toContain('<inventory-entry capability="hardware-info">');
    expect(inventory).not.toContain('no-such-thing');
    const coordinator = [...sim.records('host').values()].find((h) => h.address === '127.0.0.1')!;
    expect(files[2].data.toString()).toContain(String(coordinator.hostname ?? coordinator.name_label));
    expect(sim.records('task').get(task)).toMatchObject({ status: 'success', progress: 1 });
  });

  it('Basic credentials work too (a session made for the request and gone after); other outputs fail with xapi\'s error', async () => {
    const sessions = sim.records('session').size;
    const basic = { authorization: `Basic ${Buffer.from('root:xenroot').toString('base64')}` };
    const res = await fetch(`${sim.url}/system-status?entries=xenserver-config`, { headers: basic });
    expect(res.status).toBe(200);
    expect(readTar(Buffer.from(await res.arrayBuffer())).map((f) => f.name.split('/')[1])).toEqual(['inventory.xml', 'xenserver-config.out']);
    expect(sim.records('session').size).toBe(sessions);
    const zip = await fetch(`${sim.url}/system-status?entries=xenserver-config&output=zip&session_id=${s}`);
    expect(zip.status).toBe(500);
    expect(await zip.text()).toContain('SYSTEM_STATUS_RETRIEVAL_FAILED');
  });
});
