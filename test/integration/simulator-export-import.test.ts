// GET /export and PUT /import (WIRE.md "Other HTTP endpoints") and VM.import over JSON-RPC: the
// XVA is read back by a tar reader written here, independently of the simulator's.
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startSimulator, type Simulator } from '../../simulator/index';
import { errArray, ok, rpcReply as rpc } from '../support/xapi-rpc';

type Rec = Record<string, unknown>;
interface Entry { name: string; offset: number; size: number; data: Buffer }

/** Minimal ustar reader: 512-byte headers (name 0..100, size octal at 124), data padded to 512. */
function untar(buf: Buffer): { entries: Entry[]; end: number } {
  const entries: Entry[] = [];
  let off = 0;
  for (;;) {
    const h = buf.subarray(off, off + 512);
    if (h.length < 512) throw new Error('truncated tar');
    if (h.every((b) => b === 0)) return { entries, end: off };
    let sum = 0;
    for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 32 : h[i];
    expect(parseInt(h.subarray(148, 156).toString('ascii'), 8), 'header checksum').toBe(sum);
    expect(h.subarray(257, 262).toString('ascii')).toBe('ustar');
    const name = h.subarray(0, 100).toString('utf8').replace(/\0.*$/s, '');
    const size = parseInt(h.subarray(124, 136).toString('ascii'), 8);
    entries.push({ name, offset: off + 512, size, data: buf.subarray(off + 512, off + 512 + size) });
    off += 512 + Math.ceil(size / 512) * 512;
  }
}
const sha1 = (b: Buffer) => createHash('sha1').update(b).digest('hex');

describe('simulator XVA export and import', () => {
  let sim: Simulator;
  let s: string;
  let xva: Buffer;
  let source: string;
  const call = <T = unknown>(m: string, ...p: unknown[]) => rpc(sim.url, m, [s, ...p]).then((r) => ok<T>(r));
  const fail = (m: string, ...p: unknown[]) => rpc(sim.url, m, [s, ...p]).then(errArray);
  const rec = (cls: string, ref: string) => sim.records(cls).get(ref)!;
  const guests = (pred: (v: Rec) => boolean) => [...sim.records('VM')].filter(([, v]) => !v.is_a_template && !v.is_control_domain && pred(v)).map(([r]) => r);
  const disksOf = (vm: string) => (rec('VM', vm).VBDs as string[]).map((b) => rec('VBD', b)).filter((b) => b.type === 'Disk' && !b.empty).map((b) => String(b.VDI));
  const nfs = () => [...sim.records('SR')].find(([, r]) => r.type === 'nfs')![0];
  const put = (query: string, body: Buffer) => fetch(`${sim.url}/import?${query}`, { method: 'PUT', body: new Uint8Array(body), headers: { 'Content-Type': 'application/octet-stream' } });
  const newTask = () => call<string>('task.create', 'xva', '');

  beforeAll(async () => {
    sim = await startSimulator({ taskDurationMs: 0 });
    s = ok<string>(await rpc(sim.url, 'session.login_with_password', ['root', 'xenroot']));
    source = guests((v) => v.power_state === 'Halted' && (v.VIFs as string[]).length > 0)
      .find((v) => disksOf(v).length > 0 && String(rec('SR', String(rec('VDI', disksOf(v)[0]).SR)).type) !== 'nfs')!;
    expect(source).toBeTruthy();
  });
  afterAll(async () => { await sim.close(); });

  it('GET /export?uuid=…&session_id=… streams an XVA: ova.xml first, 1 MiB chunks with SHA-1 checksums, tar EOF; the task succeeds', async () => {
    const task = await newTask();
    const vm = rec('VM', source);
    const t0 = Date.now();
    const res = await fetch(`${sim.url}/export?uuid=${String(vm.uuid)}&session_id=${s}&task_id=${task}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/octet-stream');
    xva = Buffer.from(await res.arrayBuffer());
    expect(xva.length % 512).toBe(0);
    const { entries, end } = untar(xva);
    expect(xva.subarray(end).length).toBeGreaterThanOrEqual(1024);
    expect(xva.subarray(end).every((b) => b === 0)).toBe(true);
    expect(entries[0].name).toBe('ova.xml');
    const ova = entries[0].data.toString('utf8');
    expect(ova.startsWith('<value><struct>')).toBe(true);
    expect(ova).toContain('<member><name>version</name>');
    expect(ova).toContain(`<member><name>name_label</name><value>${String(vm.name_label)}</value></member>`);
    expect(ova).toContain('<member><name>class</name><value>VM</value></member><member><name>id</name><value>Ref:0</value></member>');
    // each disk's VDI is an object whose id names its chunk directory
    const vdiIds = [...ova.matchAll(/<member><name>class<\/name><value>VDI<\/value><\/member><member><name>id<\/name><value>(Ref:\d+)<\/value>/g)].map((m) => m[1]);
    expect(vdiIds.length).toBe(disksOf(source).length);
    const chunks = entries.slice(1).filter((e) => !e.name.endsWith('.checksum'));
    expect(chunks.length).toBeGreaterThan(0);
    for (const c of chunks) {
      expect(c.name).toMatch(/^Ref:\d+\/\d{8}$/);
      expect(vdiIds).toContain(c.name.split('/')[0]);
      expect(c.size).toBe(1024 * 1024);
      const sum = entries[entries.indexOf(c) + 1];
      expect(sum.name).toBe(`${c.name}.checksum`);
      expect(sum.data.toString('ascii')).toBe(sha1(c.data));
    }
    expect(chunks.filter((c) => c.name.startsWith(`${vdiIds[0]}/`)).map((c) => c.name.slice(-8))).toEqual(['00000000', '00000001']);
    expect(rec('task', task)).toMatchObject({ status: 'success', progress: 1 });
    expect(rec('VM', source).current_operations).toEqual({});
    console.log(`export: ${xva.length} bytes in ${Date.now() - t0} ms`);
  });

  it('PUT /import?sr_id=… creates a new Halted VM with the same name, a new uuid, its disks on that SR; the task result is the ref array', async () => {
    const sr = nfs();
    const before = Number(rec('SR', sr).virtual_allocation);
    const vmCount = sim.records('VM').size;
    const task = await newTask();
    const res = await put(`sr_id=${sr}&session_id=${s}&task_id=${task}`, xva);
    expect(res.status).toBe(200);
    const ref = (await res.text()).trim();
    expect(ref).toMatch(/^OpaqueRef:/);
    expect(sim.records('VM').size).toBe(vmCount + 1);
    const src = rec('VM', source);
    const vm = rec('VM', ref);
    expect(vm).toMatchObject({ name_label: src.name_label, power_state: 'Halted', is_a_snapshot: false, memory_static_max: src.memory_static_max });
    expect(vm.uuid).not.toBe(src.uuid);
    const disks = disksOf(ref);
    expect(disks.length).toBe(disksOf(source).length);
    let grown = 0;
    for (const [i, d] of disks.entries()) {
      expect(rec('VDI', d).SR).toBe(sr);
      expect(rec('VDI', d).virtual_size).toBe(rec('VDI', disksOf(source)[i]).virtual_size);
      grown += Number(rec('VDI', d).virtual_size);
    }
    expect(Number(rec('SR', sr).virtual_allocation)).toBe(before + grown);
    const vifs = (vm.VIFs as string[]).map((v) => rec('VIF', v));
    expect(vifs.map((v) => [v.device, v.network, v.MAC])).toEqual((src.VIFs as string[]).map((v) => rec('VIF', v)).map((v) => [v.device, v.network, v.MAC]));
    expect(vm.allowed_operations).toContain('start');
    expect(rec('task', task)).toMatchObject({ status: 'success', progress: 1, result: `<value><array><data><value>${ref}</value></data></array></value>` });
  });

  it('a corrupted chunk: IMPORT_ERROR_SOME_CHECKSUMS_FAILED (HTTP 500, task failure) and nothing is created', async () => {
    const bad = Buffer.from(xva);
    const chunk = untar(bad).entries.find((e) => /\/\d{8}$/.test(e.name))!;
    bad[chunk.offset + 4096] ^= 0xff;
    const counts = () => ['VM', 'VDI', 'VBD', 'VIF'].map((c) => sim.records(c).size);
    const before = counts();
    const alloc = Number(rec('SR', nfs()).virtual_allocation);
    const task = await newTask();
    const res = await put(`sr_id=${nfs()}&session_id=${s}&task_id=${task}`, bad);
    expect(res.status).toBe(500);
    expect(await res.text()).toContain('["IMPORT_ERROR_SOME_CHECKSUMS_FAILED"]');
    expect(rec('task', task)).toMatchObject({ status: 'failure', error_info: ['IMPORT_ERROR_SOME_CHECKSUMS_FAILED'] });
    expect(counts()).toEqual(before);
    expect(Number(rec('SR', nfs()).virtual_allocation)).toBe(alloc);
    // a cut-off image and a tar without ova.xml first
    expect(await (await put(`sr_id=${nfs()}&session_id=${s}`, xva.subarray(0, 2048 + 700))).text()).toContain('["IMPORT_ERROR_PREMATURE_EOF"]');
    const noOva = Buffer.from(xva);
    noOva.write('xva.xml', 0, 'ascii');
    let sum = 0;
    noOva.fill(32, 148, 156);
    for (let i = 0; i < 512; i++) sum += noOva[i];
    noOva.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'ascii');
    expect(await (await put(`sr_id=${nfs()}&session_id=${s}`, noOva)).text()).toContain('["IMPORT_ERROR_UNEXPECTED_FILE","ova.xml","xva.xml"]');
    expect(counts()).toEqual(before);
  });

  it('export of a running VM: VM_BAD_POWER_STATE in the task and an HTTP 500; no session: 401', async () => {
    const running = guests((v) => v.power_state === 'Running')[0];
    const task = await newTask();
    const res = await fetch(`${sim.url}/export?ref=${running}&session_id=${s}&task_id=${task}`);
    expect(res.status).toBe(500);
    const err = ['VM_BAD_POWER_STATE', running, 'halted, suspended', 'running'];
    expect(await res.text()).toContain(JSON.stringify(err));
    expect(rec('task', task)).toMatchObject({ status: 'failure', error_info: err });
    const anon = await fetch(`${sim.url}/export?uuid=${String(rec('VM', source).uuid)}`);
    expect(anon.status).toBe(401);
    expect(anon.headers.get('www-authenticate')).toMatch(/^Basic/);
    // Basic credentials work too (a session made for the request only)
    const sessions = sim.records('session').size;
    const basic = await fetch(`${sim.url}/export?uuid=${String(rec('VM', source).uuid)}`, { headers: { Authorization: `Basic ${Buffer.from('root:xenroot').toString('base64')}` } });
    expect(basic.status).toBe(200);
    expect(Buffer.from(await basic.arrayBuffer()).length).toBe(xva.length);
    expect(sim.records('session').size).toBe(sessions);
  });

  it('VM.import(url) fetches the XVA from a local http server; Async.VM.import too', async () => {
    const server = http.createServer((req, res) => {
      if (req.url !== '/vm.xva') { res.writeHead(404).end(); return; }
      res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': xva.length }).end(xva);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/vm.xva`;
      const sr = nfs();
      const refs = await call<string[]>('VM.import', url, sr, false, false);
      expect(refs.length).toBe(1);
      expect(rec('VM', refs[0])).toMatchObject({ name_label: rec('VM', source).name_label, power_state: 'Halted' });
      for (const d of disksOf(refs[0])) expect(rec('VDI', d).SR).toBe(sr);
      const task = await call<string>('Async.VM.import', url, sr, false, false);
      for (let i = 0; i < 100 && rec('task', task).status === 'pending'; i++) await new Promise((r) => setTimeout(r, 20));
      const t = rec('task', task);
      expect(t.status).toBe('success');
      expect(String(t.result)).toMatch(/^<value><array><data><value>OpaqueRef:[^<]+<\/value><\/data><\/array><\/value>$/);
      // a missing file on the server
      expect(await fail('VM.import', url.replace('vm.xva', 'nope.xva'), sr, false, false)).toEqual(['IMPORT_ERROR', `HTTP 404 fetching ${url.replace('vm.xva', 'nope.xva')}`]);
      // full_restore keeps the uuid: a second restore of a VM that exists is DUPLICATE_VM
      expect(await fail('VM.import', url, sr, true, false)).toEqual(['DUPLICATE_VM', String(rec('VM', source).uuid)]);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });

  it('VM.import refuses a URL that is not on this machine without opening a connection', async () => {
    const get = vi.spyOn(http, 'get');
    const request = vi.spyOn(http, 'request');
    try {
      for (const url of ['http://192.0.2.10/vm.xva', 'http://example.com/vm.xva', 'https://127.0.0.1/vm.xva', 'ftp://localhost/x']) {
        const e = await fail('VM.import', url, nfs(), false, false);
        expect(e?.[0]).toBe('IMPORT_ERROR');
        expect(e?.[1]).toContain('only imports from http:// URLs on 127.0.0.1 or localhost');
      }
      expect(get).not.toHaveBeenCalled();
      expect(request).not.toHaveBeenCalled();
      // the spy does see the simulator's requests: a loopback URL is fetched (nothing listens on port 1)
      const refused = await fail('VM.import', 'http://127.0.0.1:1/vm.xva', nfs(), false, false);
      expect(refused?.[0]).toBe('IMPORT_ERROR');
      expect(refused?.[1]).toContain('ECONNREFUSED');
      expect(get).toHaveBeenCalledTimes(1);
    } finally {
      get.mockRestore();
      request.mockRestore();
    }
  });
});
