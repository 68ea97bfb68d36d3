// scripts/loopback-only.mjs, loaded into electron-builder by scripts/check-builder.mjs: a
// connection outside loopback is refused before any packet leaves, loopback ones go through.
// The real Socket.connect is replaced by a recorder first, so nothing here ever reaches a network.
import net from 'node:net';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../support/repo-root';

const original = net.Socket.prototype.connect;
const reached: unknown[] = [];
let guard: { BLOCKED_MARK: string; isLoopback: (h: string | undefined) => boolean };

beforeAll(async () => {
  net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) { reached.push(args[0]); return this; } as typeof original;
  guard = await import(pathToFileURL(resolve(repoRoot, 'scripts/loopback-only.mjs')).href) as typeof guard;
});
afterAll(() => { net.Socket.prototype.connect = original; });

const refusal = (socket: net.Socket) => new Promise<string>((ok) => socket.once('error', (e) => ok(e.message)));

describe('loopback-only connection guard', () => {
  it('tells loopback addresses from the rest', () => {
    for (const h of ['127.0.0.1', '127.4.0.9', 'localhost', '::1', '[::1]', '::ffff:127.0.0.1', undefined]) expect(guard.isLoopback(h), String(h)).toBe(true);
    for (const h of ['registry.npmjs.org', '192.0.2.1', '10.0.0.1', '128.0.0.1', '127.0.0.1.example', '::2']) expect(guard.isLoopback(h), h).toBe(false);
  });
  it('refuses a connection to another host without opening it, and says which host', async () => {
    reached.length = 0;
    const s = new net.Socket();
    const why = refusal(s);
    s.connect({ host: '192.0.2.1', port: 443 });
    expect(await why).toBe(`${guard.BLOCKED_MARK} 192.0.2.1 (the builder check allows loopback only)`);
    const s2 = new net.Socket();
    const why2 = refusal(s2);
    s2.connect(80, 'registry.example');
    expect(await why2).toContain('registry.example');
    expect(reached).toEqual([]);
  });
  it('lets loopback connections and Unix sockets through', () => {
    reached.length = 0;
    new net.Socket().connect({ host: '127.0.0.1', port: 9 });
    new net.Socket().connect(9, 'localhost');
    new net.Socket().connect('/tmp/some.sock');
    expect(reached).toHaveLength(3);
  });
});
