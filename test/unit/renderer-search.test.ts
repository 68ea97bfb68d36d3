// Running a search as XenCenter does: three-valued matching (an unknown condition lists the object),
// the parent-child conditions, tags, custom fields, folders and pools; grouping (an object under each
// value, a group's own object as its header) and sorting; and the built-in searches on the real dumps
// against this file's own count of their records.
import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildSearchWorld, type SearchWorld } from '../../renderer/src/features/search/search-world';
import { runSearch, type ResultGroup, type SearchResult } from '../../renderer/src/features/search/evaluate';
import { searchFor } from '../../renderer/src/features/search/default-searches';
import { cpuText, disksText, networkText } from '../../renderer/src/features/search/usage';
import { DEFAULT_SEARCHES } from '../../shared/xensearch/builtin';
import type { Filter, Search } from '../../shared/xensearch/query';
import { dbDumps, hasSharedDir, sharedSkipReason } from '../support/shared-dir';
import { loadDumpObjects } from '../support/dump-objects';
import { conn } from '../support/store-fixtures';

type Rec = Record<string, unknown>;
const NOW = Date.UTC(2026, 11, 7, 12, 0, 0);

/** A pool of two live servers: web-1 and web-2 running on h1, db-1 halted, a template, a shared and a local SR, a network. */
function pool(): Map<string, Map<string, Rec>> {
  const m = new Map<string, Map<string, Rec>>();
  const put = (cls: string, ref: string, r: Rec) => { if (!m.has(cls)) m.set(cls, new Map()); m.get(cls)!.set(ref, r); };
  put('pool', 'P', { uuid: 'pool-uuid', name_label: 'Prod', master: 'H1', ha_enabled: true, other_config: {}, gui_config: {} });
  for (const [ref, name, address] of [['H1', 'host-a', '10.0.0.1'], ['H2', 'host-b', '10.0.0.2']]) {
    put('host', ref, { uuid: `${ref}-uuid`, name_label: name, address, metrics: `${ref}M`, resident_VMs: ref === 'H1' ? ['V1', 'V2'] : [], PBDs: [], PIFs: [], other_config: { boot_time: String(NOW / 1000 - 3 * 86400) } });
    put('host_metrics', `${ref}M`, { live: true });
  }
  const vm = (ref: string, name: string, extra: Rec) => put('vm', ref, {
    uuid: `${ref}-uuid`, name_label: name, name_description: '', is_a_template: false, is_a_snapshot: false, is_control_domain: false, power_state: 'Halted',
    resident_on: 'OpaqueRef:NULL', affinity: 'OpaqueRef:NULL', VBDs: [], VIFs: [], tags: [], other_config: {}, metrics: `${ref}M`, guest_metrics: 'OpaqueRef:NULL', appliance: 'OpaqueRef:NULL', ...extra,
  });
  vm('V1', 'web-1', { power_state: 'Running', resident_on: 'H1', tags: ['prod', 'web'], VIFs: ['F1'], VBDs: ['B1'], guest_metrics: 'G1', other_config: { folder: '/Prod/Web', 'XenCenter.CustomFields.Owner': 'ops-team' }, ha_restart_priority: 'restart' });
  vm('V2', 'web-2', { power_state: 'Running', resident_on: 'H1', tags: ['web'], other_config: { folder: '/Prod' } });
  vm('V3', 'db-1', { tags: ['prod'], other_config: { 'XenCenter.CustomFields.Owner': 'dba' } });
  vm('T1', 'my template', { is_a_template: true });
  put('vm_metrics', 'V1M', { memory_actual: 4 * 2 ** 30, start_time: new Date(NOW - 2 * 3600_000).toISOString() });
  put('vm_metrics', 'V2M', { memory_actual: 1 * 2 ** 30, start_time: new Date(NOW - 26 * 3600_000).toISOString() });
  put('vm_guest_metrics', 'G1', { os_version: { name: 'Debian GNU/Linux 12|/dev/xvda1' }, networks: { '0/ip': '10.1.2.3', '0/ipv6/0': 'fe80::1' }, PV_drivers_up_to_date: true });
  put('vif', 'F1', { VM: 'V1', network: 'N1' });
  put('network', 'N1', { uuid: 'N1-uuid', name_label: 'Pool-wide network', VIFs: ['F1'], PIFs: ['x'], other_config: {}, tags: [] });
  put('vbd', 'B1', { VM: 'V1', VDI: 'D1' });
  put('vdi', 'D1', { uuid: 'D1-uuid', SR: 'S1', VBDs: ['B1'], name_label: 'disk', virtual_size: 10 });
  put('sr', 'S1', { uuid: 'S1-uuid', name_label: 'NFS', type: 'nfs', shared: true, PBDs: [], VDIs: ['D1'], other_config: {}, tags: [] });
  put('sr', 'S2', { uuid: 'S2-uuid', name_label: 'Local storage', type: 'lvm', shared: false, PBDs: ['PB2'], VDIs: [], other_config: {}, tags: [] });
  put('pbd', 'PB2', { host: 'H2', SR: 'S2', currently_attached: true });
  return m;
}

function world(objects = pool()): SearchWorld {
  return buildSearchWorld({ connections: [conn('c1')], store: { objects: new Map([['c1', objects]]) }, showHidden: false, now: NOW });
}
const search = (filter: Filter | null, extra: Partial<Search> = {}): Search => ({ uuid: '', name: 't', scope: ['VM'], filter, grouping: null, columns: null, sorting: [], ...extra });
const names = (r: SearchResult): string[] => r.items.map((o) => o.name);
const find = (w: SearchWorld, f: Filter, scope: Search['scope'] = ['VM']) => names(runSearch(w, search(f, { scope }))).sort();
const uuidIs = (query: string): Filter => ({ kind: 'string', property: 'uuid', match: 'exactmatch', query, caseSensitive: true });

describe('matching, as XenCenter\'s QueryFilter.Match', () => {
  const w = world();
  it('the scope picks the types: VMs, custom templates, servers, storage', () => {
    expect(find(w, { kind: 'group', op: 'And', children: [] }, ['VM'])).toEqual(['db-1', 'web-1', 'web-2']);
    expect(find(w, { kind: 'group', op: 'And', children: [] }, ['UserTemplate', 'Server'])).toEqual(['host-a', 'host-b', 'my template']);
    expect(find(w, { kind: 'group', op: 'And', children: [] }, ['RemoteSR'])).toEqual(['NFS']);
    expect(find(w, { kind: 'group', op: 'And', children: [] }, ['LocalSR'])).toEqual(['Local storage']);
  });
  it('names: contains, starts, ends, is, does not contain; case only when asked', () => {
    const by = (match: 'contains' | 'startswith' | 'endswith' | 'exactmatch' | 'notcontain', query: string, caseSensitive = false) =>
      find(w, { kind: 'string', property: 'label', match, query, caseSensitive });
    expect(by('contains', 'WEB')).toEqual(['web-1', 'web-2']);
    expect(by('contains', 'WEB', true)).toEqual([]);
    expect(by('startswith', 'db')).toEqual(['db-1']);
    expect(by('endswith', '-2')).toEqual(['web-2']);
    expect(by('exactmatch', 'web-1')).toEqual(['web-1']);
    expect(by('notcontain', 'web')).toEqual(['db-1']);
  });
  it('a condition this version cannot read lists everything (unknown is not false); And, Or and Nor as XenCenter combines them', () => {
    const unknown: Filter = { kind: 'unknown', node: { name: 'DiskQuery', attrs: [], children: [] } };
    const running: Filter = { kind: 'enum', property: 'power_state', query: 'Running', equals: true };
    expect(find(w, unknown)).toEqual(['db-1', 'web-1', 'web-2']);
    expect(find(w, { kind: 'group', op: 'And', children: [unknown, running] })).toEqual(['web-1', 'web-2']);
    expect(find(w, { kind: 'group', op: 'Or', children: [unknown, running] })).toEqual(['db-1', 'web-1', 'web-2']);
    expect(find(w, { kind: 'group', op: 'Nor', children: [running] })).toEqual(['db-1']);
  });
  it('parent-child conditions: the server a VM is on, its pool, network and storage; "is" a folder covers only that folder', () => {
    expect(find(w, { kind: 'related', property: 'host', sub: uuidIs('H1-uuid') })).toEqual(['web-1', 'web-2']);
    expect(find(w, { kind: 'related', property: 'host', sub: { kind: 'string', property: 'label', match: 'endswith', query: '-b', caseSensitive: false } })).toEqual([]);
    expect(find(w, { kind: 'related', property: 'pool', sub: uuidIs('pool-uuid') })).toEqual(['db-1', 'web-1', 'web-2']);
    expect(find(w, { kind: 'related', property: 'networks', sub: uuidIs('N1-uuid') })).toEqual(['web-1']);
    expect(find(w, { kind: 'related', property: 'storage', sub: uuidIs('S1-uuid') })).toEqual(['web-1']);
    expect(find(w, { kind: 'related', property: 'folder', sub: uuidIs('/Prod') })).toEqual(['web-2']);
    expect(find(w, { kind: 'related', property: 'folders', sub: uuidIs('/Prod') })).toEqual(['web-1', 'web-2']);
    expect(find(w, { kind: 'null', property: 'folder', isNull: true })).toEqual(['db-1']);
    // Storage that a VM uses, from the SR's side; a server's VMs.
    expect(find(w, { kind: 'related', property: 'vm', sub: { kind: 'string', property: 'label', match: 'exactmatch', query: 'web-1', caseSensitive: true } }, ['RemoteSR', 'Server'])).toEqual(['NFS', 'host-a']);
  });
  it('tags, custom fields, memory, uptime, start time, IP address, OS, HA priority', () => {
    expect(find(w, { kind: 'tag', query: 'prod', contains: true })).toEqual(['db-1', 'web-1']);
    expect(find(w, { kind: 'tag', query: 'prod', contains: false })).toEqual(['web-2']);
    expect(find(w, { kind: 'tagsEmpty', empty: false })).toEqual(['db-1', 'web-1', 'web-2']);
    expect(find(w, { kind: 'customField', field: { name: 'Owner', type: 'String' }, match: 'startswith', query: 'OPS' })).toEqual(['web-1']);
    expect(find(w, { kind: 'int', property: 'memory', match: 'gt', query: 2 * 2 ** 30 })).toEqual(['web-1']);
    expect(find(w, { kind: 'int', property: 'uptime', match: 'gt', query: 86_400 })).toEqual(['web-2']);
    expect(find(w, { kind: 'int', property: 'uptime', match: 'gt', query: 2 * 86_400 }, ['Server'])).toEqual(['host-a', 'host-b']);
    expect(find(w, { kind: 'date', property: 'start_time', match: 'before', query: '20261207' })).toEqual(['web-2']);
    expect(find(w, { kind: 'ip', address: '10.1.2' })).toEqual(['web-1']);
    expect(find(w, { kind: 'ip', address: '10.1.2.3' })).toEqual(['web-1']);
    expect(find(w, { kind: 'ip', address: '10.1.23' })).toEqual([]);
    expect(find(w, { kind: 'ip', address: 'fe80:' })).toEqual(['web-1']);
    // An address not typed yet does not narrow the search.
    expect(find(w, { kind: 'ip', address: ' ' })).toEqual(['db-1', 'web-1', 'web-2']);
    expect(find(w, { kind: 'ip', address: '10.0.0.2' }, ['Server', 'VM'])).toEqual(['host-b']);
    expect(find(w, { kind: 'value', property: 'os_name', query: 'Debian GNU/Linux 12', equals: true })).toEqual(['web-1']);
    expect(find(w, { kind: 'enum', property: 'ha_restart_priority', query: 'Restart', equals: true })).toEqual(['web-1']);
    expect(find(w, { kind: 'enum', property: 'virtualisation_status', query: 'IoDriversInstalled, ManagementInstalled', equals: false })).toEqual(['db-1', 'web-2']);
  });
});

describe('grouping and sorting', () => {
  const w = world();
  const groups = (r: SearchResult | ResultGroup): Array<[string, number]> => r.groups.map((g) => [g.label, g.count]);
  it('by tag: an object under each of its tags; ungrouped ones after', () => {
    const r = runSearch(w, search(null, { grouping: { kind: 'property', property: 'tags' }, scope: ['VM', 'UserTemplate'] }));
    expect(groups(r)).toEqual([['prod', 2], ['web', 2]]);
    expect(names(r)).toEqual(['my template']);
  });
  it('by pool then server: the server is its group\'s header, not one of its members', () => {
    const r = runSearch(w, searchFor({ kind: 'pool', name: 'Prod', uuid: 'pool-uuid' }));
    expect(r.groups.map((g) => g.label)).toEqual(['Prod']);
    const inPool = r.groups[0];
    expect(groups(inPool)).toEqual([['host-a', 2], ['host-b', 0]]);
    expect(inPool.groups[0].items.map((o) => o.name)).toEqual(['web-1', 'web-2']);
    expect(inPool.items.map((o) => o.name)).toEqual(['db-1', 'my template', 'NFS']);
  });
  it('by folder: folders nested as in the tree, each object in its own folder, then by power state inside; no folder after', () => {
    const r = runSearch(w, search(null, { grouping: { kind: 'folder', sub: { kind: 'property', property: 'power_state' } } }));
    expect(groups(r)).toEqual([['Prod', 2]]);
    const prod = r.groups[0];
    expect(prod.key).toBe('folder:/Prod');
    expect(groups(prod)).toEqual([['Web', 1], ['Running', 1]]);
    expect(prod.groups[0].groups.map((g) => [g.label, g.items.map((o) => o.name)])).toEqual([['Running', ['web-1']]]);
    expect(prod.groups[1].items.map((o) => o.name)).toEqual(['web-2']);
    expect(names(r)).toEqual(['db-1']);
  });

  it('sorting by a column, nulls last, the default order for ties', () => {
    expect(names(runSearch(w, search(null, { sorting: [{ column: 'uptime', ascending: false }] })))).toEqual(['web-2', 'web-1', 'db-1']);
    expect(names(runSearch(w, search(null, { sorting: [{ column: 'name', ascending: false }] })))).toEqual(['web-2', 'web-1', 'db-1']);
    expect(names(runSearch(w, search(null, { sorting: [{ column: 'CustomField:Owner', ascending: true }] })))).toEqual(['db-1', 'web-1', 'web-2']);
  });

  it("Disks and Network as XenCenter: running VMs with I/O drivers and servers (no server disks), \"avg/max\" KiB/s, sorted by the mean", () => {
    const u = (disk: number, network: number) => ({ cpu: 0.1, cpus: 1, memoryUsed: null, memoryTotal: null, disk: { avg: disk * 1024, max: 2 * disk * 1024 }, network: { avg: network * 1024, max: network * 1024 } });
    const usage = new Map([['c1', { hosts: { H1: u(1, 30), H2: { ...u(0, 0), disk: undefined, network: undefined } }, vms: { V1: u(12, 7), V2: u(3, 9) } }]]);
    const w = buildSearchWorld({ connections: [conn('c1')], store: { objects: new Map([['c1', pool()]]) }, showHidden: false, now: NOW, usage });
    const by = (name: string) => w.objects.find((o) => o.name === name)!;
    expect(disksText(w, by('web-1'))).toBe('12/24');
    expect(networkText(w, by('web-1'))).toBe('7/7');
    // web-2 has no guest metrics: no I/O drivers, so no figure (its CPU is still shown).
    expect([disksText(w, by('web-2')), networkText(w, by('web-2')), cpuText(w, by('web-2'))]).toEqual(['-', '-', '10% of 1 CPU']);
    // Servers: network only; a halted VM, a template and an SR: nothing.
    expect([disksText(w, by('host-a')), networkText(w, by('host-a')), networkText(w, by('host-b'))]).toEqual(['', '30/30', '-']);
    for (const n of ['db-1', 'my template', 'NFS']) expect([disksText(w, by(n)), networkText(w, by(n))]).toEqual(['', '']);
    const sorted = (column: string, ascending: boolean) => names(runSearch(w, search(null, { scope: ['VM', 'Server'], sorting: [{ column, ascending }] })));
    // Those with no figure (host-b, web-2 without I/O drivers, db-1 halted) last.
    expect(sorted('network', false).slice(0, 2)).toEqual(['host-a', 'web-1']);
    expect(sorted('network', true).slice(0, 2)).toEqual(['web-1', 'host-a']);
    expect(sorted('disks', false)[0]).toBe('web-1');
  });
});

describe.skipIf(!hasSharedDir)('the built-in searches on the real dumps', async () => {
  if (!hasSharedDir) console.log(sharedSkipReason);
  // This file's own reading of which VMs XenCenter searches: real VMs, not hidden, not its own temporary ones.
  const realVms = (objects: Map<string, Map<string, Rec>>): Rec[] => [...(objects.get('vm')?.values() ?? [])].filter((v) => {
    const oc = (v.other_config ?? {}) as Rec;
    return v.is_a_template !== true && v.is_a_snapshot !== true && v.is_control_domain !== true && !('xensource_internal' in oc)
      && !String(v.name_label).startsWith('__gui__') && String(oc.HideFromXenCenter ?? '').toLowerCase() !== 'true';
  });
  const byName = (n: string) => DEFAULT_SEARCHES.find((s) => s.name === n)!;

  for (const file of dbDumps) {
    it(basename(file), async () => {
      const objects = await loadDumpObjects(file);
      const w = buildSearchWorld({ connections: [conn('c1')], store: { objects: new Map([['c1', objects]]) }, showHidden: false, now: NOW });
      const vms = realVms(objects);
      const count = new Map<string, number>();
      for (const v of vms) count.set(String(v.power_state), (count.get(String(v.power_state)) ?? 0) + 1);
      const byPower = runSearch(w, byName('VMs by power state'));
      expect(new Map(byPower.groups.map((g) => [g.label, g.count]))).toEqual(count);
      expect(byPower.count).toBe(vms.length);

      const tagged = new Map<string, number>();
      const objectsWithTags = [...(objects.get('vm')?.values() ?? [])].filter((v) => vms.includes(v) && Array.isArray(v.tags) && v.tags.length > 0);
      for (const v of objectsWithTags) for (const t of new Set(v.tags as string[])) tagged.set(t, (tagged.get(t) ?? 0) + 1);
      const byTagVms = runSearch(w, { ...byName('Objects by tag'), scope: ['VM'] });
      expect(new Map(byTagVms.groups.map((g) => [g.label, g.count]))).toEqual(tagged);
    });
  }
});
