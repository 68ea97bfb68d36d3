// build/notarize.cjs, electron-builder's afterSign hook: notarizes only with complete credentials
// from the environment, says it skipped without any, and fails the build on half-given ones.
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { repoRoot } from '../support/repo-root';

type Hook = ((context: unknown, deps?: { env?: Record<string, string>; log?: (m: string) => void; notarize?: (o: unknown) => Promise<void> }) => Promise<void>)
  & { notarizeCredentials: (env: Record<string, string>) => { credentials?: Record<string, string>; error?: string } };
const afterSign = createRequire(import.meta.url)(resolve(repoRoot, 'build/notarize.cjs')) as Hook;

const context = (platform: string) => ({
  electronPlatformName: platform,
  appOutDir: '/out/mac-arm64',
  packager: { appInfo: { productFilename: 'App Name' } },
});

async function run(platform: string, env: Record<string, string>) {
  const notarize = vi.fn(async (_o: unknown) => undefined);
  const logs: string[] = [];
  await afterSign(context(platform), { env, notarize, log: (m) => logs.push(m) });
  return { notarize, logs };
}

describe('notarization hook', () => {
  it('skips, saying so, when no credentials are set', async () => {
    const { notarize, logs } = await run('darwin', {});
    expect(notarize).not.toHaveBeenCalled();
    expect(logs).toEqual(['skipped: no APPLE_API_KEY, APPLE_ID or APPLE_KEYCHAIN_PROFILE in the environment']);
  });
  it('does nothing for Windows and Linux builds', async () => {
    const { notarize, logs } = await run('win32', { APPLE_ID: 'a@b.c', APPLE_APP_SPECIFIC_PASSWORD: 'p', APPLE_TEAM_ID: 'T' });
    expect(notarize).not.toHaveBeenCalled();
    expect(logs).toEqual([]);
  });
  it('notarizes the built .app with an Apple ID', async () => {
    const { notarize } = await run('darwin', { APPLE_ID: 'a@b.c', APPLE_APP_SPECIFIC_PASSWORD: 'pw', APPLE_TEAM_ID: 'TEAM1' });
    expect(notarize).toHaveBeenCalledWith({ appPath: resolve('/out/mac-arm64/App Name.app'), appleId: 'a@b.c', appleIdPassword: 'pw', teamId: 'TEAM1' });
  });
  it('prefers an App Store Connect API key, and takes a keychain profile', () => {
    expect(afterSign.notarizeCredentials({ APPLE_API_KEY: '/k.p8', APPLE_API_KEY_ID: 'K', APPLE_API_ISSUER: 'I', APPLE_ID: 'x' }).credentials)
      .toEqual({ appleApiKey: '/k.p8', appleApiKeyId: 'K', appleApiIssuer: 'I' });
    expect(afterSign.notarizeCredentials({ APPLE_KEYCHAIN_PROFILE: 'prof' }).credentials).toEqual({ keychainProfile: 'prof' });
  });
  it('fails the build on half-given credentials rather than ship un-notarized', async () => {
    await expect(run('darwin', { APPLE_ID: 'a@b.c' })).rejects.toThrow('notarization: an Apple ID needs APPLE_APP_SPECIFIC_PASSWORD, APPLE_TEAM_ID too');
  });
});
