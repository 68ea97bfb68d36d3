// scripts/build-main.mjs, run into a scratch folder: the shipped main bundle (and the browser
// host) hold no simulator code and no simulator-only dependency; the demo pool is its own bundle
// that they load on demand (electron/demo-on-demand.ts), and that bundle is where the simulator is.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../support/repo-root';

interface MetaOutput { entryPoint?: string; inputs: Record<string, unknown>; imports: { path: string; kind: string; external?: boolean }[] }
interface Bundle { file: string; entry: string; inputs: string[]; externals: { path: string; kind: string }[] }

let out = '';
const bundle = (rel: string): Bundle => {
  const file = join(out, rel);
  const meta = JSON.parse(readFileSync(`${file}.meta.json`, 'utf8')) as { outputs: Record<string, MetaOutput> };
  const o = Object.values(meta.outputs).find((x) => x.entryPoint);
  if (!o?.entryPoint) throw new Error(`no entry output in the metafile of ${rel}`);
  return { file, entry: o.entryPoint, inputs: Object.keys(o.inputs), externals: o.imports.filter((i) => i.external) };
};

beforeAll(() => {
  // Inside the checkout (dist/ is ignored) so that the bundles' dependencies resolve from node_modules.
  mkdirSync(join(repoRoot, 'dist'), { recursive: true });
  out = mkdtempSync(join(repoRoot, 'dist', '.build-main-test-'));
  execFileSync(process.execPath, ['scripts/build-main.mjs', '--outdir', out, '--metafile'], { cwd: repoRoot, stdio: 'pipe' });
}, 120_000);
afterAll(() => { if (out) rmSync(out, { recursive: true, force: true }); });

describe('the main-process bundles', () => {
  // Electron's main (CommonJS) requires the demo bundle; the browser host (ESM) imports it.
  for (const [rel, demoRef, kind, code] of [
    ['electron/main.cjs', './demo-pool.cjs', 'require-call', 'require("./demo-pool.cjs")'],
    ['web-host.mjs', './electron/demo-pool.cjs', 'dynamic-import', 'import("./electron/demo-pool.cjs")'],
  ] as const) {
    it(`${rel} holds no simulator module and no selfsigned, and loads the demo bundle on demand`, () => {
      const b = bundle(rel);
      expect(b.inputs).toContain('electron/demo-on-demand.ts');
      expect(b.inputs.filter((p) => p.startsWith('simulator/') || p === 'electron/demo-pool.ts')).toEqual([]);
      expect(b.externals.map((i) => i.path)).not.toContain('selfsigned');
      // The one way to the simulator is the on-demand load of the demo bundle, which exists at that path.
      expect(b.externals.filter((i) => i.path.includes('demo-pool'))).toEqual([{ path: demoRef, kind, external: true }]);
      expect(existsSync(resolve(dirname(b.file), demoRef))).toBe(true);
      expect(readFileSync(b.file, 'utf8')).toContain(code);
    });
  }

  it('the demo bundle carries the simulator (RFB server, faults, RRD) and selfsigned', () => {
    const b = bundle('electron/demo-pool.cjs');
    expect(b.entry).toBe('electron/demo-pool.ts');
    expect(b.inputs).toEqual(expect.arrayContaining(['simulator/index.ts']));
    expect(b.inputs.some((p) => /^simulator\/.*rfb/i.test(p))).toBe(true);
    expect(b.inputs.some((p) => /^simulator\/.*fault/i.test(p))).toBe(true);
    expect(b.inputs.some((p) => /^simulator\/.*rrd/i.test(p))).toBe(true);
    expect(b.externals.map((i) => i.path)).toContain('selfsigned');
  });

  it('the demo bundle loads both ways (require, import) and starts and stops the demo pool', async () => {
    const file = join(out, 'electron/demo-pool.cjs');
    const required = createRequire(import.meta.url)(file) as Record<string, unknown>;
    expect(typeof required.startDemoPool).toBe('function');
    const imported = (await import(pathToFileURL(file).href)) as typeof import('../../electron/demo-pool');
    const demo = await imported.startDemoPool();
    try {
      expect(demo.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const login = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'session.login_with_password', params: [demo.user, demo.password, '1.0', 'test'] });
      // node:http, not fetch: the demo refuses requests with browser headers (sec-fetch-mode), as fetch sends.
      const reply = await new Promise<string>((ok, fail) => {
        const req = request(`${demo.url}/jsonrpc`, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
          let body = '';
          res.setEncoding('utf8').on('data', (d: string) => { body += d; }).on('end', () => ok(body));
        });
        req.on('error', fail).end(login);
      });
      expect((JSON.parse(reply) as { result?: string }).result).toMatch(/^OpaqueRef:/);
    } finally {
      await imported.stopDemoPool();
    }
  }, 30_000);

  it('the preload stays one self-contained file', () => {
    const b = bundle('electron/preload.cjs');
    expect(b.externals.map((i) => i.path)).toEqual(['electron']);
  });
});
