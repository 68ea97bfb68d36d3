// Server Status Report in main against the simulator: statusReport.capabilities parsed from the host,
// statusReport.start collecting two hosts' GET /system-status (each on its own address) into one zip
// whose entries hold tars of the chosen capabilities, a failed host reported with its error while the
// other is saved, the browser host's download of the zip, and Cancel.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { Open } from 'unzipper';
import { AppCore } from '../../electron/core/app-core';
import { startSimulator, type Simulator } from '../../simulator/index';
import { readTar } from '../../simulator/xva';
import type { StatusCapability, StatusReportProgress } from '../../shared/ipc/areas/status-report';
import { login, rpc } from '../support/xapi-rpc';

let sim: Simulator;
let core: AppCore;
let connectionId: string;
let hosts: string[];
const dir = mkdtempSync(join(tmpdir(), 'xc-status-report-'));
let chosenPath = '';

async function ok<T>(p: Promise<{ ok: boolean; result?: unknown; error?: unknown }>): Promise<T> {
  const r = await p;
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.result as T;
}

/** The report's progress once it ended (saved, failed or cancelled). */
async function ended(reportId: string, c: AppCore = core): Promise<StatusReportProgress> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const p = await ok<StatusReportProgress>(c.request('statusReport.progress', { reportId }));
    if (p.state === 'saved' || p.state === 'failed' || p.state === 'cancelled' || Date.now() > deadline) return p;
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** The zip's entries, each tar's member names without the bug-report-<time>/ folder. */
async function entries(zip: Buffer): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for (const f of (await Open.buffer(zip)).files) out.set(f.path, readTar(await f.buffer()).map((m) => m.name.replace(/^bug-report-\d{14}\//, '')));
  return out;
}

beforeAll(async () => {
  sim = await startSimulator({ port: 0, hosts: 3, vms: 2, taskDurationMs: 0, memberListeners: true });
  core = new AppCore({ flushIntervalMs: 10, chooseStatusReportFile: async (name) => chosenPath && join(dir, name) });
  ({ connectionId } = await ok<{ connectionId: string }>(core.request('servers.add', { address: sim.url, user: 'root', password: 'xenroot', save: false })));
  const deadline = Date.now() + 10_000;
  while (core.connection(connectionId)!.cache.getAll('host').size < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  const coordinator = String([...sim.records('pool').values()][0].master);
  hosts = [coordinator, ...[...sim.records('host').keys()].filter((h) => h !== coordinator)];
});
afterAll(async () => {
  await core.dispose();
  await sim.close();
});

describe('Server Status Report in main', () => {
  it('reads the host\'s capabilities: keys, default-checked, sizes and pii as the host says', async () => {
    const { capabilities } = await ok<{ capabilities: StatusCapability[] }>(core.request('statusReport.capabilities', { connectionId, hostRef: hosts[0] }));
    expect(capabilities.length).toBeGreaterThan(20);
    expect(capabilities.find((c) => c.key === 'xenserver-logs')).toEqual({ key: 'xenserver-logs', contentType: 'text/plain', defaultChecked: true, minSize: -1, maxSize: -1, minTime: -1, maxTime: -1, pii: 'maybe' });
    expect(capabilities.find((c) => c.key === 'persistent-stats')).toMatchObject({ defaultChecked: false, maxSize: 50331648 });
    expect(capabilities.find((c) => c.key === 'network-config')?.pii).toBe('customized');
  });

  it('refuses bad input with a clear error: no hosts, a bad file name, an unknown capability key', async () => {
    const bad = [
      { hosts: [], capabilities: ['xenserver-logs'], fileName: 'a.zip' },
      { hosts: [{ connectionId, hostRef: hosts[0] }], capabilities: ['xenserver-logs'], fileName: '../a.zip' },
      { hosts: [{ connectionId, hostRef: hosts[0] }], capabilities: ['xenserver-logs'], fileName: 'a.tar' },
      { hosts: [{ connectionId, hostRef: hosts[0] }], capabilities: ['bad key,x'], fileName: 'a.zip' },
    ];
    for (const args of bad) {
      const r = await core.request('statusReport.start', args as never);
      expect(r.ok).toBe(false);
    }
  });

  it('Electron: saves one zip where the user chose, an entry per host named <time>-bugtool-<host>.tar holding the chosen capabilities', async () => {
    chosenPath = 'yes';
    const { reportId } = await ok<{ reportId: string }>(core.request('statusReport.start', {
      hosts: [{ connectionId, hostRef: hosts[0] }, { connectionId, hostRef: hosts[1] }], capabilities: ['xenserver-logs', 'hardware-info'], fileName: 'status-report-two.zip',
    }));
    const p = await ended(reportId);
    expect(p.state).toBe('saved');
    expect(p.hosts.map((h) => h.state)).toEqual(['done', 'done']);
    expect(p.transferId).toBeUndefined();
    const names = hosts.slice(0, 2).map((h) => String(sim.records('host').get(h)!.name_label));
    expect(p.hosts.map((h) => h.name)).toEqual(names);
    const zip = await entries(await readFile(join(dir, 'status-report-two.zip')));
    expect([...zip.keys()].map((k) => k.replace(/^\d{4}(-\d\d){5}-bugtool-/, ''))).toEqual(names.map((n) => `${n.slice(0, 20)}.tar`));
    for (const members of zip.values()) expect(members).toEqual(['inventory.xml', 'hardware-info.out', 'xenserver-logs.out']);
    // Each tar came from its own host, and each host's task is gone.
    const texts = await Promise.all((await Open.buffer(await readFile(join(dir, 'status-report-two.zip')))).files.map(async (f) => readTar(await f.buffer()).find((m) => m.name.endsWith('xenserver-logs.out'))!.data.toString()));
    texts.forEach((t, i) => expect(t).toContain(String(sim.records('host').get(hosts[i])!.hostname ?? names[i])));
    p.hosts.forEach((h) => expect(h.bytes).toBeGreaterThan(1024));
    expect([...sim.records('task').values()].filter((t) => String(t.name_label).startsWith('Compiling status report'))).toEqual([]);
  });

  it('Electron: cancelling the save dialog starts nothing (TRANSFER_CANCELLED)', async () => {
    chosenPath = '';
    const r = await core.request('statusReport.start', { hosts: [{ connectionId, hostRef: hosts[0] }], capabilities: ['xenserver-logs'], fileName: 'never.zip' });
    expect(r.ok).toBe(false);
    expect((r as { error: { code: string } }).error.code).toBe('TRANSFER_CANCELLED');
    expect(existsSync(join(dir, 'never.zip'))).toBe(false);
  });

  it('a host that cannot be reached fails with its error in words and code; the other host is still saved', async () => {
    chosenPath = 'yes';
    await sim.faults.failHost(hosts[2]);
    try {
      const { reportId } = await ok<{ reportId: string }>(core.request('statusReport.start', {
        hosts: [{ connectionId, hostRef: hosts[1] }, { connectionId, hostRef: hosts[2] }], capabilities: ['xenserver-config'], fileName: 'partial.zip',
      }));
      const p = await ended(reportId);
      expect(p.state).toBe('saved');
      expect(p.hosts.map((h) => h.state)).toEqual(['done', 'failed']);
      expect(p.hosts[1].error?.code).toMatch(/^CONNECTION_/);
      expect(p.hosts[1].error?.message).toBeTruthy();
      const zip = await entries(await readFile(join(dir, 'partial.zip')));
      expect([...zip.keys()]).toEqual([p.hosts[0].entry]);
      expect([...zip.values()][0]).toEqual(['inventory.xml', 'xenserver-config.out']);
    } finally {
      await sim.faults.recoverHost(hosts[2]);
    }
  });
});

describe('the client\'s logs (client-logs, XenCenter\'s "XenCenter logs")', () => {
  it('adds the client\'s log, Coordinators.txt and Metadata.json to the zip, without a session ref or password; the hosts are not asked for client-logs', async () => {
    chosenPath = 'yes';
    const { reportId } = await ok<{ reportId: string }>(core.request('statusReport.start', {
      hosts: [{ connectionId, hostRef: hosts[0] }, { connectionId, hostRef: hosts[1] }], capabilities: ['client-logs', 'system-logs'], fileName: 'with-client.zip',
    }));
    const p = await ended(reportId);
    expect(p.state).toBe('saved');
    const files = (await Open.buffer(await readFile(join(dir, 'with-client.zip')))).files;
    const byName = new Map(await Promise.all(files.map(async (f) => [f.path.replace(/^\d{4}(-\d\d){5}-/, ''), await f.buffer()] as const)));
    const names = hosts.slice(0, 2).map((h) => String(sim.records('host').get(h)!.name_label));
    expect([...byName.keys()]).toEqual([...names.map((n) => `bugtool-${n.slice(0, 20)}.tar`), 'PoolDesk.log', 'Coordinators.txt', 'Metadata.json']);
    expect(p.clientEntries?.map((e) => e.replace(/^\d{4}(-\d\d){5}-/, ''))).toEqual(['PoolDesk.log', 'Coordinators.txt', 'Metadata.json']);
    // The hosts' tars hold only their own capability: client-logs is not a host's.
    for (const n of names) expect(readTar(byName.get(`bugtool-${n.slice(0, 20)}.tar`)!).map((m) => m.name.replace(/^bug-report-\d{14}\//, ''))).toEqual(['inventory.xml', 'system-logs.out']);

    const log = byName.get('PoolDesk.log')!.toString();
    expect(log).toMatch(new RegExp(`^\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z connection ${connectionId} to .+ as root: connected, role pool-admin$`, 'm'));
    expect(byName.get('Coordinators.txt')!.toString()).toBe(`Server '${names[0]}' is a coordinator of pool '${String([...sim.records('pool').values()][0].name_label)}'\n`
      + `Server '${names[1]}' is a supporter of pool '${String([...sim.records('pool').values()][0].name_label)}'\n`);
    const meta = JSON.parse(byName.get('Metadata.json')!.toString()) as { client: { name: string; version: string }; build: { node: string }; connections: { user: string; status: string; events: { name: string; status: string }[] }[] };
    expect(meta.client).toEqual({ name: 'PoolDesk', version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
    expect(meta.build.node).toBe(process.versions.node);
    expect(meta.connections[0]).toMatchObject({ user: 'root', status: 'connected' });
    // The Events history: the report tasks of the earlier reports are among the connection's tasks.
    expect(meta.connections.flatMap((c) => c.events.map((e) => e.name)).some((n) => n.startsWith('Compiling status report for'))).toBe(true);

    // No secret: no password, no session ref the simulator has handed out.
    const all = [...byName.values()].map((b) => b.toString('latin1')).join('\n');
    expect(all).not.toContain('xenroot');
    for (const ref of sim.records('session').keys()) expect(all).not.toContain(ref.replace(/^OpaqueRef:/, ''));
  });

  it('without client-logs the zip holds the hosts\' tars only', async () => {
    chosenPath = 'yes';
    const { reportId } = await ok<{ reportId: string }>(core.request('statusReport.start', { hosts: [{ connectionId, hostRef: hosts[0] }], capabilities: ['system-logs'], fileName: 'no-client.zip' }));
    const p = await ended(reportId);
    expect(p.clientEntries).toBeUndefined();
    expect((await Open.buffer(await readFile(join(dir, 'no-client.zip')))).files.map((f) => f.path)).toEqual([expect.stringMatching(/-bugtool-.+\.tar$/)]);
  });
});

describe('Server Status Report through the browser host path', () => {
  let web: AppCore;
  beforeAll(async () => {
    web = new AppCore({ flushIntervalMs: 10 });
    const { connectionId: id } = await ok<{ connectionId: string }>(web.request('servers.add', { address: sim.url, user: 'root', password: 'xenroot', save: false }));
    const deadline = Date.now() + 10_000;
    while (web.connection(id)!.cache.getAll('host').size < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    connectionId = id;
  });
  afterAll(async () => { await web.dispose(); });

  it('the saved zip is offered as a one-time transfer named as the user chose', async () => {
    const { reportId } = await ok<{ reportId: string }>(web.request('statusReport.start', { hosts: [{ connectionId, hostRef: hosts[0] }], capabilities: ['system-logs'], fileName: 'status-report-web.zip' }));
    const deadline = Date.now() + 15_000;
    let p: StatusReportProgress;
    do { p = await ok<StatusReportProgress>(web.request('statusReport.progress', { reportId })); await new Promise((r) => setTimeout(r, 25)); } while (!p.transferId && p.state !== 'failed' && Date.now() < deadline);
    expect(p.state).toBe('saved');
    const chunks: Buffer[] = [];
    let named = '';
    await web.streamExport(p.transferId!, ({ fileName }) => { named = fileName; return new Writable({ write(c: Buffer, _e, cb) { chunks.push(c); cb(); } }); });
    expect(named).toBe('status-report-web.zip');
    const zip = await entries(Buffer.concat(chunks));
    expect([...zip.values()]).toEqual([['inventory.xml', 'system-logs.out']]);
    await expect(web.streamExport(p.transferId!, () => new Writable())).rejects.toMatchObject({ code: 'TRANSFER_NOT_FOUND' });
  });

  it('Cancel stops the collection: nothing is saved, the rows say cancelled', async () => {
    sim.faults.delayResponses(1500, { methods: ['task.create'] });
    try {
      const { reportId } = await ok<{ reportId: string }>(web.request('statusReport.start', { hosts: [{ connectionId, hostRef: hosts[0] }, { connectionId, hostRef: hosts[1] }], capabilities: ['system-logs'], fileName: 'cancelled.zip' }));
      await ok(web.request('statusReport.cancel', { reportId }));
      const p = await ended(reportId, web);
      expect(p.state).toBe('cancelled');
      expect(p.hosts.map((h) => h.state)).toEqual(['cancelled', 'cancelled']);
      expect(p.transferId).toBeUndefined();
    } finally {
      sim.faults.clearDelay();
    }
  });
});

describe('a session whose role cannot download reports (http/get_system_status: Pool Operator)', () => {
  it('a Read Only domain user: main refuses before anything is sent, in XenCenter\'s words; the server answers 403 itself', async () => {
    const root = await login(sim.url);
    const [pool] = (await rpc(sim.url, 'pool.get_all', root)) as string[];
    await rpc(sim.url, 'pool.enable_external_auth', root, pool, { user: 'Administrator', pass: 'adpass' }, 'corp.example.com', 'AD');
    const sid = (await rpc(sim.url, 'auth.get_subject_identifier', root, 'CORP\\alice')) as string;
    const subject = (await rpc(sim.url, 'subject.create', root, { subject_identifier: sid, other_config: {}, roles: [] })) as string;
    const [readOnly] = (await rpc(sim.url, 'role.get_by_name_label', root, 'read-only')) as string[];
    await rpc(sim.url, 'subject.add_to_roles', root, subject, readOnly);

    const alice = await ok<{ connectionId: string }>(core.request('servers.add', { address: sim.url, user: 'CORP\\alice', password: 'alicepass', save: false }));
    const deadline = Date.now() + 10_000;
    while (core.connection(alice.connectionId)!.cache.getAll('host').size < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(core.connection(alice.connectionId)!.info.role).toBe('read-only');
    const tasksBefore = sim.records('task').size;
    const r = await core.request('statusReport.start', { hosts: [{ connectionId: alice.connectionId, hostRef: hosts[0] }], capabilities: ['system-logs'], fileName: 'ro.zip' });
    expect(r.ok).toBe(false);
    const error = (r as { error: { code: string; params: string[]; message: string } }).error;
    expect(error.code).toBe('RBAC_PERMISSION_DENIED');
    expect(error.params[0]).toBe('http/get_system_status');
    expect(error.message).toBe('A Read Only user cannot download system status reports. Log in as a different user with sufficient privileges and try again.');
    expect(sim.records('task').size).toBe(tasksBefore);

    // The server agrees: alice's own session gets 403 and a task passed along fails with the refusal.
    const s = await login(sim.url, 'CORP\\alice', 'alicepass');
    const task = (await rpc(sim.url, 'task.create', s, 'report', '')) as string;
    const res = await fetch(`${sim.url}/system-status?session_id=${s}&entries=system-logs&output=tar&task_id=${task}`);
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('RBAC_PERMISSION_DENIED');
    expect(sim.records('task').get(task)).toMatchObject({ status: 'failure', error_info: ['RBAC_PERMISSION_DENIED', 'http/get_system_status', expect.stringMatching(/pool-admin, pool-operator/)] });
    // Root still can.
    expect((await fetch(`${sim.url}/system-status?session_id=${root}&entries=system-logs&output=tar`)).status).toBe(200);
  });
});
