// The settings store: atomic writes (a crash between the temp write and the rename leaves the old
// file intact), serialised writers, a corrupt file moved aside and reported.
import { mkdtemp, readFile, readdir, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SettingsStore, SETTINGS_FILE, parseSettings } from '../../electron/core/settings/store';
import { exportServers, parseServerImport } from '../../electron/core/settings/server-list';

let dir: string;
beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'xc-settings-')); });
afterEach(async () => { await rm(dir, { recursive: true, force: true }); });

const server = (id: string) => ({ id, url: 'https://h1', user: 'root', poolMembers: [], savedAt: '2025-01-01T00:00:00.000Z' });

describe('SettingsStore', () => {
  it('writes a versioned file and reads it back', async () => {
    const s = await SettingsStore.open({ dir });
    await s.update((d) => { d.servers.push(server('a')); });
    const text = await readFile(join(dir, SETTINGS_FILE), 'utf8');
    expect(JSON.parse(text)).toMatchObject({ version: 1, servers: [{ id: 'a' }], pins: {}, secrets: { entries: {} } });
    const again = await SettingsStore.open({ dir });
    expect(again.data.servers.map((x) => x.id)).toEqual(['a']);
    expect(again.problem).toBeUndefined();
  });

  it('a crash between the temp write and the rename leaves the old file intact', async () => {
    const s = await SettingsStore.open({ dir });
    await s.update((d) => { d.servers.push(server('old')); });
    const before = await readFile(join(dir, SETTINGS_FILE), 'utf8');
    const crashing = await SettingsStore.open({ dir, beforeRename: () => { throw new Error('simulated crash'); } });
    await expect(crashing.update((d) => { d.servers = [server('new')]; })).rejects.toThrow('simulated crash');
    expect(await readFile(join(dir, SETTINGS_FILE), 'utf8')).toBe(before);
    // The failed write did not change the in-memory settings either.
    expect(crashing.data.servers.map((x) => x.id)).toEqual(['old']);
    // A temp file a real crash leaves behind is cleaned up on the next start.
    await writeFile(join(dir, `${SETTINGS_FILE}.tmp-1-deadbeef`), '{"version":1,"servers":[{"id":"half');
    const next = await SettingsStore.open({ dir });
    expect(next.data.servers.map((x) => x.id)).toEqual(['old']);
    expect((await readdir(dir)).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  it('serialises writers: every update lands, in order', async () => {
    const s = await SettingsStore.open({ dir });
    await Promise.all(Array.from({ length: 20 }, (_, i) => s.update((d) => { d.servers.push(server(`s${i}`)); })));
    const onDisk = parseSettings(await readFile(join(dir, SETTINGS_FILE), 'utf8'));
    expect(onDisk.servers.map((x) => x.id)).toEqual(Array.from({ length: 20 }, (_, i) => `s${i}`));
  });

  it('a corrupt file is moved aside, reported, and the app starts empty', async () => {
    await writeFile(join(dir, SETTINGS_FILE), '{"version":1,"servers":[{"id":');
    const logs: string[] = [];
    const s = await SettingsStore.open({ dir, log: (m) => logs.push(m) });
    expect(s.data.servers).toEqual([]);
    expect(s.problem).toMatch(/damaged/);
    expect(logs).toHaveLength(1);
    const files = await readdir(dir);
    const aside = files.find((f) => f.startsWith(`${SETTINGS_FILE}.corrupt-`));
    expect(aside).toBeDefined();
    expect(await readFile(join(dir, aside!), 'utf8')).toBe('{"version":1,"servers":[{"id":');
    expect(files).not.toContain(SETTINGS_FILE);
  });

  it('a file of another version is set aside rather than misread', async () => {
    await writeFile(join(dir, SETTINGS_FILE), JSON.stringify({ version: 7, servers: [] }));
    const s = await SettingsStore.open({ dir });
    expect(s.problem).toMatch(/unsupported settings version 7/);
  });

  it('without a directory it keeps everything in memory', async () => {
    const s = await SettingsStore.open({});
    await s.update((d) => { d.servers.push(server('m')); });
    expect(s.data.servers).toHaveLength(1);
    expect(s.path).toBeUndefined();
  });
});

describe('server list export/import', () => {
  it('exports url, user, friendly name and pool members only', () => {
    const json = exportServers([{ ...server('secret-id'), friendlyName: 'Lab', poolMembers: ['10.0.0.2'] }]);
    expect(JSON.parse(json)).toEqual({ format: 'xenclient-servers', version: 1, servers: [{ url: 'https://h1', user: 'root', friendlyName: 'Lab', poolMembers: ['10.0.0.2'] }] });
    expect(json).not.toContain('secret-id');
    expect(parseServerImport(json)).toEqual([{ url: 'https://h1', user: 'root', friendlyName: 'Lab', poolMembers: ['10.0.0.2'] }]);
  });

  it.each([
    ['not json', /not JSON/],
    ['[]', /not a JSON object/],
    ['{"format":"other","version":1,"servers":[]}', /not a PoolDesk server list/],
    ['{"format":"xenclient-servers","version":2,"servers":[]}', /version 2/],
    ['{"format":"xenclient-servers","version":1,"servers":[{"url":"ftp://x","user":"root"}]}', /server 1/],
    ['{"format":"xenclient-servers","version":1,"servers":[{"url":"h","user":""}]}', /"user"/],
    ['{"format":"xenclient-servers","version":1,"servers":[{"url":"h","user":"r","password":"x"}]}', /unexpected field "password"/],
    ['{"format":"xenclient-servers","version":1,"servers":[{"url":"h","user":"r","poolMembers":["a b"]}]}', /pool member/],
  ])('refuses %s with IMPORT_INVALID', (json, why) => {
    try {
      parseServerImport(json);
      expect.unreachable();
    } catch (e) {
      expect((e as { code: string }).code).toBe('IMPORT_INVALID');
      expect((e as Error).message).toMatch(why);
      expect((e as Error).message).toMatch(/Nothing was changed/);
    }
  });
});
