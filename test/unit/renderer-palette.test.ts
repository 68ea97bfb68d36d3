// The command palette's pure parts (renderer/src/app/palette): the scorer's tiers, the object index over two
// connections, "<command> <object>" and "<object> <tab>" combinations, and greyed entries with their reason.
import { describe, expect, it } from 'vitest';
import type { ConnectionInfo } from '../../shared/ipc/contract';
import { CONTRIBUTIONS } from '../../renderer/src/app/menu-model';
import { EXACT, FUZZY, PREFIX, normalize, score } from '../../renderer/src/app/palette/match';
import { searchPalette, splits, type PaletteRow } from '../../renderer/src/app/palette/model';
import { paletteSources, selectionEntries, PALETTE_ID } from '../../renderer/src/app/palette/sources';
import { rowText } from '../../renderer/src/app/palette/row-text';
import { isPaletteKey } from '../../renderer/src/app/palette/PaletteShortcut';
import { buildInfrastructureTree, type ConnectionObjects } from '../../renderer/src/tree/build-tree';
import { useUi } from '../../renderer/src/state/ui';

type Rec = Record<string, unknown>;
const NULL = 'OpaqueRef:NULL';

const conn = (id: string, status: ConnectionInfo['status'] = 'connected'): ConnectionInfo =>
  ({ id, url: `https://${id}.example`, hostname: `${id}.example`, user: 'root', status, saved: false, hasStoredPassword: false, poolMembers: [] });

function pool(name: string, host: string, vms: Array<[string, string, Rec?]>): ConnectionObjects {
  const o: ConnectionObjects = new Map();
  const add = (cls: string, ref: string, rec: Rec) => { if (!o.has(cls)) o.set(cls, new Map()); o.get(cls)!.set(ref, rec); };
  add('pool', 'p1', { name_label: name, master: 'h1', default_SR: NULL, other_config: {} });
  add('host_metrics', 'm1', { live: true, memory_total: 1, memory_free: 1 });
  add('host', 'h1', { name_label: host, metrics: 'm1', enabled: true, other_config: {}, PBDs: ['pbd1'], allowed_operations: ['reboot', 'shutdown'] });
  add('pbd', 'pbd1', { host: 'h1', SR: 'sr1', currently_attached: true });
  add('sr', 'sr1', { name_label: `${name} NFS`, shared: true, PBDs: ['pbd1'], other_config: {}, type: 'nfs' });
  for (const [ref, vmName, rec] of vms) {
    add('vm', ref, {
      name_label: vmName, power_state: 'Running', resident_on: 'h1', affinity: NULL, VBDs: [], is_a_template: false, is_a_snapshot: false,
      snapshot_of: NULL, is_control_domain: false, other_config: {}, allowed_operations: ['clean_shutdown', 'hard_shutdown', 'clean_reboot', 'hard_reboot'], ...rec,
    });
  }
  return o;
}

const objects = new Map([
  ['c1', pool('Lab pool', 'lab-host-01', [['v1', 'web-01'], ['v2', 'web-02'], ['v3', 'db-01', { power_state: 'Halted', resident_on: NULL, allowed_operations: ['start'] }]])],
  ['c2', pool('Prod pool', 'prod-host-01', [['v1', 'mail-01']])],
]);
const connections = new Map([['c1', conn('c1')], ['c2', conn('c2')]]);
const store = { objects, connections };
const tree = buildInfrastructureTree({ connections: [...connections.values()], objects });
const ui = useUi.getState();
const sources = (selection = ui.selection) => paletteSources(CONTRIBUTIONS, tree, selection, store, ui);
const labels = (rows: PaletteRow[]) => rows.map((r) => rowText(r).label);

describe('palette scorer', () => {
  it('ranks exact, then prefix, then the start of a word, then inside, then a subsequence; case does not matter', () => {
    const q = normalize('WEB');
    const s = (t: string) => score(normalize(t), q)!;
    expect(s('Web')).toBe(EXACT);
    expect(s('web-01')).toBeGreaterThan(PREFIX);
    expect(s('web-01')).toBeGreaterThan(s('old-web-01'));
    expect(s('old-web-01')).toBeGreaterThan(s('cobweb'));
    expect(s('cobweb')).toBeGreaterThan(s('w-e-b'));
    expect(s('w-e-b')).toBeLessThanOrEqual(FUZZY);
    expect(score('shut down', normalize('shtdwn'))).not.toBeNull();
    expect(score('web-01', 'xyz')).toBeNull();
    // A subsequence spread over a long name is no match: it would list half of a big pool.
    expect(score('west of the big pool 01', 'wb1')).toBeNull();
  });

  it('normalizes the ellipsis of "Properties…" and runs of spaces away', () => {
    expect(normalize('  Shut   Down…')).toBe('shut down');
  });
});

describe('palette object index', () => {
  it('covers pools, servers, VMs and SRs of both connections, each with its pool', () => {
    const objs = sources().objects;
    const find = (name: string) => objs.find((o) => o.name === name);
    for (const name of ['Lab pool', 'lab-host-01', 'web-01', 'db-01', 'Lab pool NFS', 'Prod pool', 'prod-host-01', 'mail-01', 'Prod pool NFS']) expect(find(name), name).toBeDefined();
    expect(find('mail-01')).toMatchObject({ kind: 'vm', where: 'Prod pool', target: { connectionId: 'c2', cls: 'vm', ref: 'v1' } });
    expect(find('Lab pool NFS')).toMatchObject({ kind: 'sr', where: 'Lab pool', target: { connectionId: 'c1', cls: 'sr', ref: 'sr1' } });
    expect(find('Prod pool')).toMatchObject({ kind: 'pool', where: '' });
    // v1 exists in both connections: two objects, told apart by their connection.
    expect(objs.filter((o) => o.target.ref === 'v1').map((o) => o.target.connectionId).sort()).toEqual(['c1', 'c2']);
    expect(rowText({ type: 'object', key: 'k', score: 0, obj: find('mail-01')! }).detail).toBe('VM on prod-host-01 in Prod pool');
    expect(rowText({ type: 'object', key: 'k', score: 0, obj: find('db-01')! }).detail).toBe('VM in Lab pool');
    expect(rowText({ type: 'object', key: 'k', score: 0, obj: find('lab-host-01')! }).detail).toBe('Server in Lab pool');
  });

  it('finds an object by name, prefix first, with its kind and pool', () => {
    const rows = searchPalette('WEB-0', sources());
    expect(labels(rows).slice(0, 2)).toEqual(['web-01', 'web-02']);
    expect(rows[0]).toMatchObject({ type: 'object', obj: { target: { connectionId: 'c1', ref: 'v1' } } });
  });

  it('keeps the list short', () => {
    expect(searchPalette('', sources()).length).toBeLessThanOrEqual(50);
    expect(searchPalette('e', sources(), 5)).toHaveLength(5);
  });
});

describe('palette commands', () => {
  const vm1 = [{ connectionId: 'c1', cls: 'vm', ref: 'v1' }];
  const vm3 = [{ connectionId: 'c1', cls: 'vm', ref: 'v3' }];

  it('lists the selection\'s commands with their shortcut; a greyed one carries its reason', () => {
    const entries = selectionEntries(CONTRIBUTIONS, vm3, store, ui);
    const shutdown = entries.find((e) => e.label === 'Shut Down')!;
    expect(shutdown.enabled).toBe(false);
    expect(shutdown.reason).toMatch(/db-01/);
    expect(entries.find((e) => e.label === 'Start')).toMatchObject({ enabled: true });
    expect(entries.find((e) => e.label === 'Properties')).toMatchObject({ enabled: true, shortcut: 'Alt+Enter' });
    // One row per label, and not the palette itself.
    expect(entries.filter((e) => e.label === 'Properties')).toHaveLength(1);
    expect(entries.some((e) => e.entry.id === PALETTE_ID)).toBe(false);
    // A server's commands that cannot run on a VM are not its commands: left out, not greyed.
    expect(entries.some((e) => e.label === 'Enter Maintenance Mode…')).toBe(false);
    expect(selectionEntries(CONTRIBUTIONS, [{ connectionId: 'c1', cls: 'host', ref: 'h1' }], store, ui).some((e) => e.label === 'Enter Maintenance Mode…')).toBe(true);
    // Commands of no kind's context menu (Import…) and the shell's actions stay.
    expect(entries.some((e) => e.label === 'Import…')).toBe(true);
    expect(entries.some((e) => e.label === 'Events Panel')).toBe(true);
    const row = searchPalette('shut down', paletteSources(CONTRIBUTIONS, tree, vm3, store, ui))[0];
    expect(rowText(row)).toMatchObject({ label: 'Shut Down', detail: shutdown.reason });
    expect(rowText(searchPalette('start', paletteSources(CONTRIBUTIONS, tree, vm3, store, ui))[0])).toMatchObject({ label: 'Start', detail: 'on db-01' });
  });

  it('"reboot web-01" is Reboot on web-01, first; enabled only when it can run there', () => {
    const rows = searchPalette('reboot web-01', sources(vm3));
    expect(rows[0]).toMatchObject({ type: 'entry-on', item: { label: 'Reboot', enabled: true }, obj: { name: 'web-01' } });
    expect(rowText(rows[0]).label).toBe('Reboot — web-01');
    const halted = searchPalette('Reboot db-01', sources(vm1))[0];
    expect(halted).toMatchObject({ type: 'entry-on', item: { enabled: false }, obj: { name: 'db-01' } });
    expect(rowText(halted).detail).toMatch(/db-01/);
    // Several words to the command, and the command after the object.
    expect(searchPalette('shut down mail-01', sources())[0]).toMatchObject({ type: 'entry-on', item: { label: 'Shut Down', enabled: true }, obj: { target: { connectionId: 'c2' } } });
    expect(searchPalette('web-02 reboot', sources())[0]).toMatchObject({ type: 'entry-on', item: { label: 'Reboot' }, obj: { name: 'web-02' } });
  });

  it('"web-01 console" opens its Console tab', () => {
    const row = searchPalette('web-01 console', sources())[0];
    expect(row).toMatchObject({ type: 'tab', tab: { id: 'console' }, obj: { name: 'web-01', kind: 'vm' } });
    expect(rowText(row).label).toBe('web-01 — Console tab');
  });

  it('an object named exactly as typed comes before a combination read into its name', () => {
    const rows = searchPalette('lab pool nfs', sources());
    expect(rows[0]).toMatchObject({ type: 'object', obj: { name: 'Lab pool NFS' } });
    // "nfs" + "storage" (a tab) would read as "<object> <tab>" too: offered, after.
    expect(searchPalette('lab pool nfs storage', sources())[0]).toMatchObject({ type: 'tab', tab: { title: 'Storage' }, obj: { name: 'Lab pool NFS' } });
  });

  it('unknown words give nothing wrong: no combination, no stray object', () => {
    expect(searchPalette('frobnicate web-01', sources())).toEqual([]);
    expect(searchPalette('reboot nosuchvm', sources()).filter((r) => r.type !== 'entry')).toEqual([]);
    expect(splits('a b c')).toEqual([{ verb: 'a', object: 'b c' }, { verb: 'b c', object: 'a' }, { verb: 'a b', object: 'c' }, { verb: 'c', object: 'a b' }]);
  });

  it('stays fast on 5,000 VMs', () => {
    const many: Array<[string, string]> = Array.from({ length: 5000 }, (_, i) => [`vm${i}`, `guest-${String(i).padStart(4, '0')}`]);
    const big = new Map([['c1', pool('Big pool', 'big-host', many)]]);
    const bigConns = new Map([['c1', conn('c1')]]);
    const t0 = performance.now();
    const src = paletteSources(CONTRIBUTIONS, buildInfrastructureTree({ connections: [...bigConns.values()], objects: big }), [], { objects: big, connections: bigConns }, ui);
    for (const q of ['g', 'gu', 'guest-4', 'guest-4999', 'reboot guest-4999', 'guest-4999 console']) searchPalette(q, src);
    expect(searchPalette('reboot guest-4999', src)[0]).toMatchObject({ type: 'entry-on', obj: { name: 'guest-4999' } });
    expect(performance.now() - t0).toBeLessThan(1500);
  });
});

describe('palette shortcut', () => {
  it('Ctrl+K, or Cmd+K on macOS; nothing else', () => {
    const k = (m: Partial<KeyboardEvent>) => ({ key: 'k', ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...m });
    expect(isPaletteKey(k({ ctrlKey: true }), false)).toBe(true);
    expect(isPaletteKey(k({ key: 'K', ctrlKey: true }), false)).toBe(true);
    expect(isPaletteKey(k({ metaKey: true }), true)).toBe(true);
    expect(isPaletteKey(k({ ctrlKey: true }), true)).toBe(false);
    expect(isPaletteKey(k({ ctrlKey: true, shiftKey: true }), false)).toBe(false);
    expect(isPaletteKey(k({ key: 'j', ctrlKey: true }), false)).toBe(false);
  });
});
