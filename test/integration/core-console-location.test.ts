// The console tunnel sends the session cookie only to a host of the connection's pool, and never
// over plain TCP when the API connection uses TLS: a console record whose location names another
// address (or http beside an https API) is refused with CONSOLE_LOCATION_REFUSED, and nothing at
// all reaches that address. The pool's own locations still open.
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { AppCore } from '../../electron/core/app-core';
import { startSimulator, type Simulator } from '../../simulator/index';
import { ok, until } from '../support/core-harness';

let sim: Simulator | undefined;
let core: AppCore | undefined;
let trap: net.Server | undefined;
afterEach(async () => {
  await core?.dispose();
  await sim?.close();
  await new Promise((r) => (trap ? trap.close(r) : r(undefined)));
  core = undefined; sim = undefined; trap = undefined;
});

/** A listener that records every byte sent to it (the session cookie must never arrive). */
async function listenTrap(host: string): Promise<{ port: number; received: Buffer[]; connections: () => number }> {
  const received: Buffer[] = [];
  let n = 0;
  trap = net.createServer((s) => { n++; s.on('data', (b) => received.push(b)); s.on('error', () => undefined); });
  await new Promise<void>((r) => trap!.listen(0, host, r));
  return { port: (trap.address() as net.AddressInfo).port, received, connections: () => n };
}

async function setUp(tls: boolean) {
  sim = await startSimulator({ hosts: 2, vms: 4, tls, metricsIntervalMs: 0 });
  core = new AppCore({ flushIntervalMs: 10, consoleAttachTimeoutMs: 2000, ...(tls ? { clientOptions: { ca: sim.certificatePem } } : {}) });
  const c = core;
  const { connectionId } = ok<{ connectionId: string }>(await c.request('servers.add', { address: sim.url, user: 'root', password: 'xenroot', save: false }));
  await until(() => c.connection(connectionId)!.cache.getAll('console').size > 0 && c.connection(connectionId)!.cache.getAll('host').size === 2, 'the cache');
  const cache = c.connection(connectionId)!.cache;
  const [consoleRef, rec] = [...cache.getAll('console')].find(([, x]) => x.protocol === 'rfb')!;
  /** What the server would report if it named another location for this console. */
  const relocate = (location: string) => cache.apply([{ class: 'console', operation: 'mod', ref: consoleRef, snapshot: { ...rec, location } }]);
  const open = () => c.request('console.open', { connectionId, consoleRef });
  return { core: c, consoleRef, location: String(rec.location), relocate, open };
}

describe('where the console cookie may go', () => {
  it('refuses a location that is not an address of a host of the pool', async () => {
    const t = await setUp(false);
    const { port, received, connections } = await listenTrap('127.0.0.9');
    const genuine = new URL(t.location);
    t.relocate(`http://127.0.0.9:${port}${genuine.pathname}${genuine.search}`);
    const r = await t.open();
    expect(r).toMatchObject({ ok: false, error: { code: 'CONSOLE_LOCATION_REFUSED', params: [`127.0.0.9:${port}`, 'not a host of the pool'] } });
    expect(r.ok ? '' : r.error.message).toMatch(/not the address of a server of this pool/);
    await new Promise((res) => setTimeout(res, 100));
    expect([connections(), Buffer.concat(received).length]).toEqual([0, 0]);
    // The pool's own location still opens.
    t.relocate(t.location);
    const back = ok<{ streamId: string }>(await t.open());
    expect(back.streamId).toBeTruthy();
    expect(t.core.consoleStreamCount).toBe(1);
  });

  it('refuses plain http when the API connection uses TLS, even to a host of the pool', async () => {
    const t = await setUp(true);
    const genuine = new URL(t.location);
    expect(genuine.protocol).toBe('https:');
    const { port, received, connections } = await listenTrap(genuine.hostname);
    t.relocate(`http://${genuine.hostname}:${port}${genuine.pathname}${genuine.search}`);
    const r = await t.open();
    expect(r).toMatchObject({ ok: false, error: { code: 'CONSOLE_LOCATION_REFUSED', params: [`${genuine.hostname}:${port}`, 'plain http'] } });
    await new Promise((res) => setTimeout(res, 100));
    expect([connections(), Buffer.concat(received).length]).toEqual([0, 0]);
    t.relocate(t.location);
    expect(ok<{ streamId: string }>(await t.open()).streamId).toBeTruthy();
  });
});
