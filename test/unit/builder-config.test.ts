// The builder check's own judgement (scripts/builder-config-check.mjs): it passes the real
// configuration and catches each way it could drift (a target dropped, an elevated installer, an
// entitlement too many, an icon size missing, a source map or the browser host in the package).
import { afterAll, describe, expect, it } from 'vitest';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { repoRoot } from '../support/repo-root';
import {
  ICO_SIZES, checkPackagedFiles, checkResources, checkTargets, icoSizes, readBuilderConfig, type BuilderConfig,
} from '../../scripts/builder-config-check.mjs';
import { ICON_SIZES } from '../../scripts/icon-sizes.mjs';

const real = (): BuilderConfig => readBuilderConfig(resolve(repoRoot, 'build/electron-builder.yml'));
const scratch = mkdtempSync(join(tmpdir(), 'builder-config-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function tree(name: string, files: string[]): string {
  const dir = join(scratch, name);
  for (const f of files) { mkdirSync(dirname(join(dir, f)), { recursive: true }); writeFileSync(join(dir, f), 'x'); }
  return dir;
}

describe('targets and installer options', () => {
  it('accepts the real configuration', () => {
    expect(checkTargets(real())).toEqual([]);
  });
  it('names a dropped target', () => {
    const cfg = real();
    cfg.linux.target = ['AppImage', 'deb'];
    cfg.mac.target = 'dmg';
    expect(checkTargets(cfg)).toEqual(['mac.target lacks zip', 'linux.target lacks rpm']);
  });
  it('refuses an installer that asks for admin rights or installs for all users', () => {
    const cfg = real();
    cfg.nsis.allowElevation = true;
    cfg.nsis.perMachine = true;
    expect(checkTargets(cfg).join('\n')).toMatch(/perMachine must be false[\s\S]*allowElevation must be false/);
  });
  it('requires the hardened runtime, the notarization hook and the Linux maintainer', () => {
    const cfg = real();
    delete cfg.mac.hardenedRuntime;
    delete cfg.afterSign;
    cfg.linux.maintainer = 'Somebody';
    expect(checkTargets(cfg)).toEqual([
      'mac.hardenedRuntime must be true (notarization requires it)',
      'afterSign (the notarization hook) is missing',
      'linux.maintainer must be "Name <email>" (deb and rpm require it)',
    ]);
  });
  it('requires the .xva association with its name and description', () => {
    const cfg = real();
    cfg.fileAssociations = [{ ext: 'ova', name: 'OVA' }];
    expect(checkTargets(cfg)).toEqual(['no file association for .xva']);
    cfg.fileAssociations = [{ ext: 'xva', name: 'Xva' }];
    expect(checkTargets(cfg)).toEqual(['the .xva association is named "Xva", not "XVA"', 'the .xva association lacks the description "XenServer VM export"']);
  });
});

describe('resources', () => {
  it('finds the entitlements, the hook and every icon size in the checkout', () => {
    expect(checkResources(real(), repoRoot)).toEqual([]);
  });
  it('refuses entitlements beyond the JIT and a missing icon size', () => {
    const root = join(scratch, 'res');
    cpSync(resolve(repoRoot, 'build'), join(root, 'build'), { recursive: true });
    writeFileSync(join(root, 'build/entitlements.mac.plist'), '<plist><dict><key>com.apple.security.cs.allow-jit</key><true/><key>com.apple.security.cs.disable-library-validation</key><true/></dict></plist>');
    rmSync(join(root, 'build/icons/48x48.png'));
    writeFileSync(join(root, 'build/icons/64x64.png'), 'not a png');
    const problems = checkResources(real(), root);
    expect(problems).toContain('build/entitlements.mac.plist grants more than the JIT needs: com.apple.security.cs.disable-library-validation');
    expect(problems).toContain('icon build/icons/48x48.png is missing');
    expect(problems).toContain('icon build/icons/64x64.png is not 64x64');
  });
  it('reads the sizes of the committed .ico', async () => {
    const { readFileSync } = await import('node:fs');
    expect(icoSizes(readFileSync(resolve(repoRoot, 'build/icon.ico')))).toEqual(expect.arrayContaining(ICO_SIZES));
    expect(ICON_SIZES).toEqual(expect.arrayContaining([16, 32, 256, 512, 1024]));
  });
});

describe('the packaged file list', () => {
  const built = [
    'dist/electron/main.cjs', 'dist/electron/main.cjs.map', 'dist/electron/preload.cjs', 'dist/electron/preload.cjs.map',
    'dist/electron/demo-pool.cjs', 'dist/electron/main.cjs.meta.json', 'dist/web-host.mjs',
    'dist/renderer/index.html', 'dist/renderer/assets/index-1.js', 'dist/renderer/assets/index-1.js.map', 'dist/renderer/assets/index-1.css',
    'package.json', 'electron/main.ts', 'simulator/server.ts', 'test/unit/x.test.ts',
  ];
  it('selects main, preload, the page and package.json, and no maps, metafiles, sources or browser host', () => {
    const { problems, selected } = checkPackagedFiles(real(), tree('app', built), 'dist/electron/main.cjs');
    expect(problems).toEqual([]);
    expect(selected.sort()).toEqual([
      'dist/electron/demo-pool.cjs', 'dist/electron/main.cjs', 'dist/electron/preload.cjs',
      'dist/renderer/assets/index-1.css', 'dist/renderer/assets/index-1.js', 'dist/renderer/index.html', 'package.json',
    ]);
  });
  it('says what a looser `files` would ship', () => {
    const cfg = real();
    cfg.files = ['dist/**', 'package.json', 'simulator/**'];
    const { problems } = checkPackagedFiles(cfg, tree('loose', built), 'dist/electron/main.cjs');
    expect(problems).toEqual(expect.arrayContaining([
      'the package would ship the source map dist/electron/main.cjs.map',
      'the package would ship dist/web-host.mjs, which the desktop app does not use',
      'the package would ship simulator/server.ts, which the desktop app does not use',
    ]));
  });
  it('says when the main entry or the page is not built', () => {
    const { problems } = checkPackagedFiles(real(), tree('empty', ['package.json', 'dist/electron/preload.cjs']), 'dist/electron/main.cjs');
    expect(problems).toEqual(['the package would lack dist/electron/main.cjs', 'the package would lack dist/renderer/index.html']);
  });
});
