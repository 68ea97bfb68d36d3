// For unit tests of main's settings areas: each test gets a settings folder of its own, and the
// AppCores it starts there (with a fast main-password secret store) are disposed after it, with the folder.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { AppCore, type AppCoreOptions } from '../../electron/core/app-core';
import { mainPasswordSecretStore } from '../../electron/core/secrets/secret-store';

export interface SettingsCores {
  /** This test's settings folder. */
  readonly dir: string;
  /** Starts an AppCore on the folder (as the app does at launch). */
  app(opts?: Partial<AppCoreOptions>): Promise<AppCore>;
}

/** Registers the beforeEach/afterEach that make and remove the folder (`prefix`: its name's start). */
export function eachSettingsDir(prefix: string): SettingsCores {
  let dir = '';
  const cores: AppCore[] = [];
  beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), prefix)); });
  afterEach(async () => {
    for (const c of cores.splice(0)) await c.dispose();
    await rm(dir, { recursive: true, force: true });
  });
  return {
    get dir() { return dir; },
    async app(opts = {}) {
      const core = new AppCore({ settingsDir: dir, secretStore: mainPasswordSecretStore({ cost: { N: 2 ** 10, r: 8, p: 1 } }), ...opts });
      cores.push(core);
      await core.start();
      return core;
    },
  };
}
