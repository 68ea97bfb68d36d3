// scripts/check-builder.mjs (npm run check:builder, part of npm test): it passes on the project's
// electron-builder configuration, which the builder accepts and packages up to the offline stop
// (the Electron download), and it fails, naming the reason, on a configuration the builder rejects.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../support/repo-root';

const tmp = mkdtempSync(join(tmpdir(), 'check-builder-test-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const yml = readFileSync(resolve(repoRoot, 'build/electron-builder.yml'), 'utf8');
const check = (config: string) => spawnSync(process.execPath, [resolve(repoRoot, 'scripts/check-builder.mjs'), '--config', config], { cwd: repoRoot, encoding: 'utf8', timeout: 150_000 });

describe('check-builder', () => {
  it('passes on build/electron-builder.yml: validated, then stopped at the Electron download', () => {
    const r = check(resolve(repoRoot, 'build/electron-builder.yml'));
    expect(r.stderr + r.stdout).toMatch(/reached packaging .*download of electron-v[\d.]+-\w+-\w+\.zip/);
    expect(r.status).toBe(0);
  }, 160_000);
  it('fails on a configuration with an unknown property, saying the builder rejected it', () => {
    const bad = join(tmp, 'unknown-property.yml');
    writeFileSync(bad, yml.replace(/^electronFuses:/m, 'electronFusez:'));
    const r = check(bad);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/check-builder: FAIL: configuration rejected: Invalid configuration object/);
  }, 160_000);
  it('fails, before running the builder, on a configuration the builder accepts but that breaks our intent', () => {
    const bad = join(tmp, 'elevated.yml');
    writeFileSync(bad, yml.replace(/^ {2}allowElevation: false$/m, '  allowElevation: true').replace(/^ {2}- "!\*\*\/\*\.map"$/m, ''));
    const r = check(bad);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/check-builder: FAIL: the configuration does not do what docs\/packaging.md says/);
    expect(r.stderr).toContain('nsis.allowElevation must be false');
    expect(r.stderr).toMatch(/the package would ship the source map dist\/electron\/main\.cjs\.map/);
    expect(r.stderr).not.toMatch(/reached packaging/);
  }, 160_000);
  it('fails on a configuration value of the wrong type', () => {
    const bad = join(tmp, 'wrong-type.yml');
    writeFileSync(bad, yml.replace(/^asar: true$/m, 'asar: sometimes'));
    const r = check(bad);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/check-builder: FAIL: configuration rejected/);
  }, 160_000);
});
