// scripts/build-main.mjs, run into a scratch folder: the shipped main bundle (and the browser
// host) hold no simulator code and no simulator-only dependency; the demo pool is its own bundle
// that they load on demand (electron/demo-on-demand.ts), and that bundle is where the simulator is.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
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
  out = mkdtempSync(join(tmpdir(), 'build-main-'));
  execFileSync(process.execPath, ['scripts/build-main.mjs', '--outdir', out, '--metafile'], { cwd: repoRoot, stdio: 'pipe' });
}, 120_000);
afterAll(() => { if (out) rmSync(out, { recursive: true, force: true }); });

describe('the main-process bundles', () => {
  for (const [rel, demoRef] of [['electron/main.cjs', './demo-pool.cjs'], ['web-host.mjs', './electron/demo-pool.cjs']] as const) {
    it(`${rel} holds no simulator module and no selfsigned, and loads the demo bundle on demand`, () => {
      const b = bundle(rel);
      expect(b.inputs).toContain('electron/demo-on-demand.ts');
      expect(b.inputs.filter((p) => p.startsWith('simulator/') || p === 'electron/demo-pool.ts')).toEqual([]);
      expect(b.externals.map((i) => i.path)).not.toContain('selfsigned');
      // The one way to the simulator is a dynamic import of the demo bundle, which exists at that path.
      expect(b.externals.filter((i) => i.path.includes('demo-pool'))).toEqual([{ path: demoRef, kind: 'dynamic-import', external: true }]);
      expect(existsSync(resolve(dirname(b.file), demoRef))).toBe(true);
      expect(readFileSync(b.file, 'utf8')).toContain(`import("${demoRef}")`);
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

  it('the preload stays one self-contained file', () => {
    const b = bundle('electron/preload.cjs');
    expect(b.externals.map((i) => i.path)).toEqual(['electron']);
  });
});
