// The packaged app's Electron fuses (electron-builder flips them in the binary at package time):
// RunAsNode off, cookie encryption on, ASAR integrity on, app loaded only from the ASAR.
// Packaging itself needs Electron's binary, which cannot be downloaded here; scripts/check-builder.mjs
// runs the builder up to that download, so the builder itself validates these keys.
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { repoRoot } from '../support/repo-root';

const yml = readFileSync(resolve(repoRoot, 'build/electron-builder.yml'), 'utf8');
const fuses = Object.fromEntries(
  [...(yml.split(/^electronFuses:\s*$/m)[1] ?? '').matchAll(/^\s{2}(\w+):\s*(true|false)\s*$/gm)].map((m) => [m[1], m[2] === 'true']),
);

describe('electron-builder configuration', () => {
  it('sets the security fuses', () => {
    expect(fuses).toMatchObject({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
  });
  it('packs the app into an ASAR with the built main process and renderer only', () => {
    expect(yml).toMatch(/^asar: true$/m);
    expect(yml).toMatch(/- dist\/electron\/\*\*/);
    expect(yml).toMatch(/- dist\/renderer\/\*\*/);
    expect(yml).not.toMatch(/- (simulator|test|electron|renderer)\//);
  });
  it('targets Windows, macOS and Linux installers', () => {
    expect(yml).toMatch(/win:\s*\n\s+target: \[nsis\]/);
    expect(yml).toMatch(/mac:\s*\n\s+target: \[dmg, zip\]/);
    expect(yml).toMatch(/linux:\s*\n\s+target: \[AppImage, deb, rpm\]/);
  });
});
