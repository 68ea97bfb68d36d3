// VM export and import end to end in the browser-host path: AppCore vm.export / vm.import, the
// bytes over GET/PUT /transfer/<id> on the real web host, the simulator's /export and /import.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppCore } from '../../electron/core/app-core';
import { startWebHost, type WebHost } from '../../electron/web-host';
import { startSimulator, type Simulator } from '../../simulator/index';

type Rec = Record<string, unknown>;
let sim: Simulator;
let core: AppCore;
let host: WebHost;
let connectionId: string;
const dir = mkdtempSync(join(tmpdir(), 'xc-transfer-'));
writeFileSync(join(dir, 'index.html'), '<!doctype html><title>app</title>');

async function ok<T>(p: Promise<{ ok: boolean; result?: unknown; error?: unknown }>): Promise<T> {
  const r = await p;
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.result as T;
}
const vms = () => [...sim.records('VM').entries()].filter(([, v]) => !v.is_a_template && !v.is_a_snapshot && !v.is_control_domain) as [string, Rec][];
const origin = () => `http://127.0.0.1:${host.port}`;
const transferUrl = (id: string, token = host.token) => `${origin()}/transfer/${id}?token=${token}`;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, hosts: 2, vms: 6, taskDurationMs: 0 });
  core = new AppCore({ flushIntervalMs: 10 });
  host = await startWebHost({ port: 0, staticDir: dir, core });
  ({ connectionId } = await ok<{ connectionId: string }>(core.request('servers.add', { address: sim.url, user: 'root', password: 'xenroot', save: false })));
  const deadline = Date.now() + 10_000;
  while (core.connection(connectionId)!.cache.getAll('vm').size === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
});
afterAll(async () => {
  await core.dispose();
  await host.close();
  await sim.close();
});

describe('VM export and import through the browser host', () => {
  let xva: Buffer;
  let exportedName: string;

  it('exports a halted VM: GET /transfer/<id> streams an XVA (a tar starting with ova.xml) named after the VM', async () => {
    const [vmRef, vm] = vms().find(([, v]) => v.power_state === 'Halted')!;
    exportedName = String(vm.name_label);
    const started = await ok<{ transferId: string; taskRef: string; handledByMain: boolean }>(core.request('vm.export', { connectionId, vmRef }));
    expect(started.handledByMain).toBe(false);
    expect(started.taskRef).toMatch(/^OpaqueRef:/);
    expect((sim.records('task').get(started.taskRef) as Rec).name_label).toBe(`Export of ${exportedName}`);
    const res = await fetch(transferUrl(started.transferId));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain(`filename="${exportedName}.xva"`);
    xva = Buffer.from(await res.arrayBuffer());
    expect(xva.length).toBeGreaterThan(1024);
    expect(xva.subarray(0, 7).toString('latin1')).toBe('ova.xml');
    expect(xva.subarray(257, 262).toString('latin1')).toBe('ustar');
    // The task succeeded, is destroyed shortly after the end, and the transfer is single-use.
    expect((sim.records('task').get(started.taskRef) as Rec | undefined)?.status ?? 'success').toBe('success');
    for (let i = 0; i < 250 && sim.records('task').has(started.taskRef); i++) await new Promise((r) => setTimeout(r, 20));
    expect(sim.records('task').has(started.taskRef)).toBe(false);
    expect((await fetch(transferUrl(started.transferId))).status).toBe(404);
  });

  it('imports those bytes with PUT /transfer/<id>: a new VM on the chosen SR', async () => {
    const sr = [...sim.records('SR').entries()].find(([, s]) => s.content_type !== 'iso' && s.shared === true)
      ?? [...sim.records('SR').entries()].find(([, s]) => s.content_type !== 'iso')!;
    const [srRef] = sr;
    const before = new Set(sim.records('VM').keys());
    const started = await ok<{ transferId: string; taskRef: string }>(core.request('vm.import', { connectionId, srRef, fileName: 'x.xva', size: xva.length }));
    const res = await fetch(transferUrl(started.transferId), { method: 'PUT', body: new Uint8Array(xva), headers: { origin: origin(), 'content-type': 'application/octet-stream' } });
    const body = (await res.json()) as { vmRefs: string[] };
    expect(res.status).toBe(200);
    expect(body.vmRefs).toHaveLength(1);
    const [newRef] = body.vmRefs;
    expect(before.has(newRef)).toBe(false);
    const vm = sim.records('VM').get(newRef) as Rec;
    expect(vm.name_label).toBe(exportedName);
    expect(vm.power_state).toBe('Halted');
    const vdis = (vm.VBDs as string[]).map((b) => sim.records('VBD').get(b) as Rec).filter((b) => b.type === 'Disk').map((b) => sim.records('VDI').get(String(b.VDI)) as Rec);
    expect(vdis.length).toBeGreaterThan(0);
    for (const v of vdis) expect(v.SR).toBe(srRef);
  });

  it('imports a file opened from the desktop by its one-use token, never its path', async () => {
    const [srRef] = [...sim.records('SR').entries()].find(([, s]) => s.content_type !== 'iso')!;
    const file = join(dir, 'Opened VM.xva');
    writeFileSync(file, xva);
    const events: unknown[] = [];
    const unsubscribe = core.subscribe((e) => { if (e.channel === 'transfer.fileOpened') events.push(e.payload); });
    const offered = await core.openFile(file);
    unsubscribe();
    expect(offered).toEqual({ fileToken: expect.stringMatching(/^[A-Za-z0-9_-]+$/), fileName: 'Opened VM.xva', size: xva.length });
    expect(events).toEqual([offered]);
    expect(JSON.stringify(events)).not.toContain(dir);
    expect(await ok(core.request('transfer.openedFiles', {}))).toEqual([offered]);
    const before = new Set(sim.records('VM').keys());
    const started = await ok<{ taskRef: string; handledByMain: boolean }>(core.request('vm.import', { connectionId, srRef, fileName: '', size: 0, fileToken: offered.fileToken }));
    expect(started.handledByMain).toBe(true);
    const deadline = Date.now() + 10_000;
    const added = () => [...sim.records('VM').entries()].filter(([ref, v]) => !before.has(ref) && !v.is_a_snapshot);
    while (added().length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(added().map(([, v]) => v.name_label)).toEqual([exportedName]);
    // The token was used: a second import with it, or a made-up one, is refused, and nothing is left offered.
    const again = await core.request('vm.import', { connectionId, srRef, fileName: '', size: 0, fileToken: offered.fileToken });
    expect(again.ok ? 'accepted' : again.error.code).toBe('FILE_TOKEN_INVALID');
    expect(await ok(core.request('transfer.openedFiles', {}))).toEqual([]);
    const bad = await core.request('vm.import', { connectionId, srRef, fileName: '', size: 0, fileToken: '../etc/passwd' });
    expect(bad.ok ? 'accepted' : bad.error.code).toBe('IPC_INVALID_REQUEST');
  });

  it('refuses to offer what is not an existing .xva file', async () => {
    await expect(core.openFile(join(dir, 'index.html'))).rejects.toThrow('not an XVA file');
    await expect(core.openFile('relative.xva')).rejects.toThrow('not an XVA file');
    await expect(core.openFile(join(dir, 'missing.xva'))).rejects.toThrow(/ENOENT/);
  });

  it('export of a running VM: the XAPI error reaches the requester', async () => {
    const [vmRef] = vms().find(([, v]) => v.power_state === 'Running')!;
    const started = await ok<{ transferId: string; taskRef: string }>(core.request('vm.export', { connectionId, vmRef }));
    const res = await fetch(transferUrl(started.transferId));
    expect(res.status).toBe(500);
    const body = (await res.json()) as { error: { code: string; params: string[]; message: string } };
    expect(body.error.code).toBe('VM_BAD_POWER_STATE');
    expect(body.error.params[0]).toBe(vmRef);
    expect(body.error.message).toMatch(/VM_BAD_POWER_STATE/);
  });

  it('refuses transfers without the token, from another origin, or without a Content-Length', async () => {
    const [vmRef] = vms().find(([, v]) => v.power_state === 'Halted')!;
    const started = await ok<{ transferId: string }>(core.request('vm.export', { connectionId, vmRef }));
    expect((await fetch(`${origin()}/transfer/${started.transferId}`)).status).toBe(403);
    expect((await fetch(transferUrl(started.transferId, 'f'.repeat(48)))).status).toBe(403);
    expect((await fetch(transferUrl(started.transferId), { headers: { origin: 'http://evil.example' } })).status).toBe(403);
    expect((await fetch(transferUrl(started.transferId), { headers: { 'sec-fetch-site': 'cross-site' } })).status).toBe(403);
    // Still unused after the refusals: the right request works.
    const res = await fetch(transferUrl(started.transferId));
    expect(res.status).toBe(200);
    await res.arrayBuffer();
    const [srRef] = [...sim.records('SR').entries()].find(([, s]) => s.content_type !== 'iso')!;
    const imp = await ok<{ transferId: string }>(core.request('vm.import', { connectionId, srRef, fileName: 'x.xva', size: 3 }));
    expect((await fetch(transferUrl(imp.transferId), { method: 'PUT', body: 'abc' })).status).toBe(403); // no Origin
    expect((await fetch(transferUrl(imp.transferId, 'x'), { method: 'PUT', body: 'abc', headers: { origin: origin() } })).status).toBe(403);
  });

  it('validates the requests and expires unused transfers', async () => {
    expect((await core.request('vm.export', { connectionId, vmRef: 'not a ref' })).ok).toBe(false);
    expect((await core.request('vm.import', { connectionId, srRef: 'OpaqueRef:x', fileName: 'a', size: -1 })).ok).toBe(false);
    expect((await core.request('vm.import', { connectionId, srRef: 'OpaqueRef:x', fileName: 'a', size: 1, extra: 1 })).ok).toBe(false);
    const quick = new AppCore({ flushIntervalMs: 10, transferExpiryMs: 100 });
    try {
      const { connectionId: id } = await ok<{ connectionId: string }>(quick.request('servers.add', { address: sim.url, user: 'root', password: 'xenroot', save: false }));
      const deadline = Date.now() + 10_000;
      while (quick.connection(id)!.cache.getAll('vm').size === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      const [vmRef] = vms().find(([, v]) => v.power_state === 'Halted')!;
      const started = await ok<{ transferId: string; taskRef: string }>(quick.request('vm.export', { connectionId: id, vmRef }));
      expect(quick.pendingTransferCount).toBe(1);
      await new Promise((r) => setTimeout(r, 300));
      expect(quick.pendingTransferCount).toBe(0);
      await expect(quick.streamExport(started.transferId, () => { throw new Error('not reached'); })).rejects.toMatchObject({ code: 'TRANSFER_NOT_FOUND' });
      for (let i = 0; i < 250 && sim.records('task').has(started.taskRef); i++) await new Promise((r) => setTimeout(r, 20));
      expect(sim.records('task').has(started.taskRef)).toBe(false);
    } finally {
      await quick.dispose();
    }
  });
});
