// Certificate trust against the simulator's --tls mode (a self-signed certificate it generates):
// first contact asks before any credential is sent, Accept pins per host:port, a second instance
// trusts the pin, a new certificate on the same host:port is refused as CHANGED (interactive and
// in the background) until accepted, and the console tunnel uses the same trust.
import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../simulator/index';
import { AppCore } from '../../electron/core/app-core';
import { mainPasswordSecretStore } from '../../electron/core/secrets/secret-store';
import type { BridgeEvent, CertificatePrompt, ConnectionInfo, Envelope } from '../../shared/ipc/contract';

const cheap = mainPasswordSecretStore({ cost: { N: 2 ** 10, r: 8, p: 1 } });

/** The fingerprint computed independently of the client's code. */
const fingerprintOf = (pem: string): string => new X509Certificate(pem).fingerprint256;

async function until(cond: () => boolean, what: string, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function recorder(core: AppCore): { events: BridgeEvent[]; prompts: () => CertificatePrompt[] } {
  const events: BridgeEvent[] = [];
  core.subscribe((e) => events.push(e));
  return { events, prompts: () => events.filter((e) => e.channel === 'certificate.prompt').map((e) => e.payload as CertificatePrompt) };
}

const status = (core: AppCore, id: string): ConnectionInfo | undefined => core.connectionInfos().find((c) => c.id === id);

describe('certificate trust (simulator --tls)', () => {
  let sim: Simulator;
  let dir: string;
  const cores: AppCore[] = [];
  const newCore = (): AppCore => {
    const c = new AppCore({ settingsDir: dir, secretStore: cheap, flushIntervalMs: 10, backoffBaseMs: 50, backoffMaxMs: 300, eventTimeoutS: 2 });
    cores.push(c);
    return c;
  };
  let connectionId = '';

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'xc-trust-'));
    sim = await startSimulator({ tls: true, hosts: 1, vms: 4 });
  });
  afterAll(async () => {
    for (const c of cores) await c.dispose();
    await sim?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('first contact: asks with the SHA-256 fingerprint before any login; Cancel sends nothing', async () => {
    const core = newCore();
    const rec = recorder(core);
    const pending = core.request('servers.add', { address: sim.url, user: 'root', password: 'xenroot' });
    await until(() => rec.prompts().length === 1, 'the certificate prompt');
    const p = rec.prompts()[0];
    expect(p.kind).toBe('new');
    expect(p.previous).toBeUndefined();
    expect(p.certificate.host).toBe(`127.0.0.1:${sim.port}`);
    expect(p.certificate.fingerprintSha256).toBe(fingerprintOf(sim.certificatePem!));
    expect(p.certificate.subject).toBe('CN=localhost');
    expect(new Date(p.certificate.validTo).getTime()).toBeGreaterThan(Date.now());
    // Nothing reached the server: no session exists.
    expect(sim.records('session').size).toBe(0);
    expect(await core.request('certificate.answer', { promptId: p.promptId, accept: false })).toEqual({ ok: true, result: null });
    const r = await pending;
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('CERTIFICATE_REJECTED');
      expect(r.error.message).toBe(`You did not accept the certificate of 127.0.0.1:${sim.port}; nothing was sent to it.`);
    }
    expect(core.connectionInfos()).toEqual([]);
    expect(sim.records('session').size).toBe(0);
    expect(rec.events.some((e) => e.channel === 'certificate.promptClosed' && (e.payload as { promptId: string }).promptId === p.promptId)).toBe(true);
    // Answering again is harmless.
    expect((await core.request('certificate.answer', { promptId: p.promptId, accept: true })).ok).toBe(true);
  });

  it('Accept pins the certificate (in the settings file) and connects; the console uses the same trust', async () => {
    const core = newCore();
    const rec = recorder(core);
    const pending = core.request('servers.add', { address: sim.url, user: 'root', password: 'xenroot' });
    await until(() => rec.prompts().length === 1, 'the certificate prompt');
    expect(sim.records('session').size).toBe(0);
    await core.request('certificate.answer', { promptId: rec.prompts()[0].promptId, accept: true });
    const r = await pending as Envelope<{ connectionId: string }>;
    expect(r.ok).toBe(true);
    connectionId = r.ok ? r.result.connectionId : '';
    await until(() => status(core, connectionId)?.status === 'connected', 'connected');
    const file = JSON.parse(await readFile(join(dir, 'settings.json'), 'utf8'));
    expect(file.pins[`127.0.0.1:${sim.port}`]).toMatchObject({ fingerprintSha256: fingerprintOf(sim.certificatePem!), subject: 'CN=localhost' });

    const conn = core.connection(connectionId)!;
    await until(() => [...conn.cache.getAll('console').values()].some((c) => c.protocol === 'rfb'), 'consoles in the cache');
    const [consoleRef, con] = [...conn.cache.getAll('console')].find(([, c]) => c.protocol === 'rfb')!;
    expect(String(con.location)).toMatch(/^https:/);
    const opened = await core.request('console.open', { connectionId, consoleRef });
    expect(opened.ok).toBe(true);
    if (opened.ok) await core.request('console.close', { streamId: (opened.result as { streamId: string }).streamId });
    await core.dispose();
  });

  it('a second instance on the same settings connects without asking', async () => {
    const core = newCore();
    const rec = recorder(core);
    await core.start();
    const r = await core.request('servers.add', { address: sim.url, user: 'root', password: 'xenroot' });
    expect(r.ok).toBe(true);
    const id = r.ok ? (r.result as { connectionId: string }).connectionId : '';
    await until(() => status(core, id)?.status === 'connected', 'connected');
    expect(rec.prompts()).toEqual([]);
  });

  it('a new certificate on a pinned host:port: CERTIFICATE_CHANGED in the background, connects only after Accept', async () => {
    const core = cores[cores.length - 1];
    const rec = recorder(core);
    const id = core.connectionInfos()[0].id;
    const oldFp = fingerprintOf(sim.certificatePem!);
    await sim.close();
    sim = await startSimulator({ tls: true, hosts: 1, vms: 4, port: sim.port });
    const newFp = fingerprintOf(sim.certificatePem!);
    expect(newFp).not.toBe(oldFp);
    await until(() => status(core, id)?.status === 'failed', 'the connection to fail', 15_000);
    const info = status(core, id)!;
    expect(info.error?.code).toBe('CERTIFICATE_CHANGED');
    expect(info.error?.message).toContain(`The certificate of 127.0.0.1:${sim.port} has changed since you accepted it.`);
    expect(info.error?.message).toContain(oldFp);
    expect(info.error?.message).toContain(newFp);
    const p = rec.prompts().at(-1)!;
    expect(p.kind).toBe('changed');
    expect(p.certificate.fingerprintSha256).toBe(newFp);
    expect(p.previous?.fingerprintSha256).toBe(oldFp);
    // It stays failed (no endless retry) and nothing was sent to the new server.
    await new Promise((r) => setTimeout(r, 500));
    expect(status(core, id)!.status).toBe('failed');
    expect(sim.records('session').size).toBe(0);
    await core.request('certificate.answer', { promptId: p.promptId, accept: true });
    await until(() => status(core, id)?.status === 'connected', 'connected after Accept');
    const file = JSON.parse(await readFile(join(dir, 'settings.json'), 'utf8'));
    expect(file.pins[`127.0.0.1:${sim.port}`].fingerprintSha256).toBe(newFp);
    await core.dispose();
  });

  it('interactive: a changed certificate is asked about; Cancel rejects with CERTIFICATE_CHANGED and sends nothing', async () => {
    await sim.close();
    sim = await startSimulator({ tls: true, hosts: 1, vms: 4, port: sim.port });
    const core = newCore();
    const rec = recorder(core);
    await core.start();
    const pending = core.request('servers.add', { address: sim.url, user: 'root', password: 'xenroot' });
    await until(() => rec.prompts().length === 1, 'the prompt');
    const p = rec.prompts()[0];
    expect(p.kind).toBe('changed');
    expect(p.previous).toBeDefined();
    expect(sim.records('session').size).toBe(0);
    await core.request('certificate.answer', { promptId: p.promptId, accept: false });
    const r = await pending;
    expect(r.ok ? '' : r.error.code).toBe('CERTIFICATE_CHANGED');
    if (!r.ok) {
      expect(r.error.message).toContain(p.previous!.fingerprintSha256);
      expect(r.error.message).toContain(p.certificate.fingerprintSha256);
    }
    expect(sim.records('session').size).toBe(0);
    expect(status(core, core.connectionInfos()[0].id)?.status).toBe('failed');
  });
});
