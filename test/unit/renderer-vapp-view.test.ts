// Objects by vApp (XenCenter's OrganizationViewVapps): vApps → each vApp → its VMs, from VM.appliance and
// the VM_appliance records, on hand-made pools and on the real database dumps (small_vms.xml has a vApp).
import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ConnectionInfo } from '../../shared/ipc/contract';
import { buildInfrastructureTree, type TreeNode, type TreeOptions } from '../../renderer/src/tree/build-tree';
import { buildVappsView } from '../../renderer/src/tree/vapp-view';
import { memberRows } from '../../renderer/src/tree/group-members';
import { dbDumps, hasSharedDir, sharedSkipReason } from '../support/shared-dir';
import { loadDumpObjects } from '../support/dump-objects';
import { ObjectsFixture } from '../support/store-fixtures';

type Rec = Record<string, unknown>;
const NULL = 'OpaqueRef:NULL';

function conn(id: string): ConnectionInfo {
  return { id, url: `https://${id}.example`, hostname: `${id}.example`, user: 'root', status: 'connected', saved: false, hasStoredPassword: false, poolMembers: [] };
}

class Pool extends ObjectsFixture {
  constructor(name: string) {
    super();
    this.add('host_metrics', 'h1-m', { live: true });
    this.add('host', 'h1', { name_label: `${name} host`, metrics: 'h1-m', enabled: true, other_config: {}, PBDs: [] });
    this.add('pool', 'p1', { name_label: name, master: 'h1', other_config: {}, gui_config: {} });
  }
  vapp(ref: string, name: string): this { return this.add('vm_appliance', ref, { name_label: name, VMs: [] }); }
  vm(ref: string, name: string, appliance = NULL, rec: Rec = {}): this {
    return this.add('vm', ref, {
      name_label: name, power_state: 'Running', resident_on: 'h1', affinity: NULL, VBDs: [], is_a_template: false,
      is_a_snapshot: false, snapshot_of: NULL, is_control_domain: false, other_config: {}, appliance, ...rec,
    });
  }
}

function view(pools: Array<[string, Pool]>, opts: TreeOptions = {}): TreeNode[] {
  const objects = new Map(pools.map(([id, p]) => [id, p.objects]));
  return buildVappsView(buildInfrastructureTree({ connections: pools.map(([id]) => conn(id)), objects, ...opts, showNetworks: true }), objects);
}
type Shape = string | [string, Shape[]];
const shape = (n: TreeNode): Shape => (n.kind === 'group' ? [n.name, n.children.map(shape)] : n.name);

describe('Objects by vApp', () => {
  const lab = () => new Pool('Lab')
    .vapp('a1', 'web app 10').vapp('a2', 'web app 2').vapp('a3', 'empty app')
    .vm('v1', 'db', 'a1').vm('v2', 'web 10', 'a1').vm('v3', 'web 2', 'a1').vm('v4', 'cache', 'a2')
    .vm('v5', 'loner').vm('v6', 'dangling', 'OpaqueRef:gone')
    .vm('t1', 'template', 'a2', { is_a_template: true, power_state: 'Halted', resident_on: NULL })
    .vm('s1', 'snap', 'a2', { is_a_snapshot: true, snapshot_of: 'v4', power_state: 'Halted', resident_on: NULL });

  it('groups vApps → vApp → its VMs, naturally ordered; empty vApps, other VMs, templates and snapshots are not listed', () => {
    const tree = view([['c1', lab()]], { showCustomTemplates: true, showSnapshots: true });
    expect(tree.map(shape)).toEqual([['vApps', [['web app 2', ['cache']], ['web app 10', ['db', 'web 2', 'web 10']]]]]);
    const [app2, app10] = tree[0].children;
    expect(app10.id).toBe('group|vapp|c1|a1');
    expect(app10.description).toBe('vApp, 3 VMs');
    expect(app2.description).toBe('vApp, 1 VM');
    // The VM rows stand for the VMs (selecting one opens its tabs).
    expect(app10.children.map((n) => [n.kind, n.cls, n.ref, n.connectionId, n.state])).toEqual([
      ['vm', 'vm', 'v1', 'c1', 'Running'], ['vm', 'vm', 'v3', 'c1', 'Running'], ['vm', 'vm', 'v2', 'c1', 'Running'],
    ]);
    expect(memberRows(tree[0]).map((r) => [r.name, r.state])).toEqual([['web app 2', '1 object'], ['web app 10', '3 objects']]);
  });

  it('vApps of several pools are apart, even with one name; hidden VMs follow the View option', () => {
    const other = new Pool('Other').vapp('a1', 'web app 10').vm('w1', 'mail', 'a1');
    const p = lab();
    p.vm('v1', 'db', 'a1', { other_config: { HideFromXenCenter: 'true' } });
    const tree = view([['c1', p], ['c2', other]]);
    expect(tree.map(shape)).toEqual([['vApps', [['web app 2', ['cache']], ['web app 10', ['web 2', 'web 10']], ['web app 10', ['mail']]]]]);
    expect(new Set(tree[0].children.map((g) => g.id)).size).toBe(3);
    expect(view([['c1', p]], { showHidden: true })[0].children[1].children.map((n) => n.name)).toEqual(['db', 'web 2', 'web 10']);
  });

  it('with no VM in a vApp, the root alone says so', () => {
    const tree = view([['c1', new Pool('Lab').vapp('a1', 'empty').vm('v1', 'a')]]);
    expect(tree.map(shape)).toEqual([['vApps', []]]);
    expect(tree[0].description).toBe('No VM is in a vApp');
  });
});

describe.skipIf(!hasSharedDir)('Objects by vApp: real database dumps', async () => {
  if (!hasSharedDir) console.log(sharedSkipReason);


  // What each dump holds, read by hand from its VM_appliance table and VMs' appliance fields.
  const EXPECTED: Record<string, Shape[]> = {
    'boston-db.xml': [['vApps', []]],
    'small_vms.xml': [['vApps', [['Web app virtual appliance', ['Database server', 'Web server']]]]],
    'tampa-db_inc_snapshots.xml': [['vApps', []]],
    'tampa-poolof16and23-xapi-db.xml': [['vApps', []]],
  };

  for (const file of dbDumps) {
    it(basename(file), async () => {
      const objects = await loadDumpObjects(file);
      const all = new Map([['c1', objects]]);
      const tree = buildVappsView(buildInfrastructureTree({ connections: [conn('c1')], objects: all, showHidden: true }), all);
      expect(tree.map(shape)).toEqual(EXPECTED[basename(file)]);
      // Cross-check with the vApps' own VMs lists (the other side of VM.appliance).
      for (const g of tree[0].children) {
        const ref = g.id.split('|').at(-1)!;
        const listed = (objects.get('vm_appliance')!.get(ref)!.VMs as string[]).map((v) => String(objects.get('vm')!.get(v)!.name_label)).sort();
        expect(g.children.map((n) => n.name)).toEqual(listed);
      }
      console.log(`${basename(file)}: ${objects.get('vm_appliance')?.size ?? 0} vApps, ${tree[0].children.length} listed`);
    });
  }
});
