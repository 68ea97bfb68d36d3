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
