// The Alerts view's incremental list (renderer/src/features/alerts/alert-list.ts): after any change it
// holds what a rebuild from scratch (allAlerts) holds, in the same order, while working out again only
// the messages that are new or whose names changed; and the "objects selected in the tree" filter.
import { describe, expect, it } from 'vitest';
import type { CacheDelta, ConnectionInfo } from '../../shared/ipc/contract';
import { createAppStore } from '../../renderer/src/state/store';
import { allAlerts } from '../../renderer/src/features/alerts/alert-text';
import { AlertList } from '../../renderer/src/features/alerts/alert-list';
import { filterAlerts, NO_FILTERS, objectScope } from '../../renderer/src/features/alerts/filters';

type Change = CacheDelta['changes'][number];
const conn = (id: string): ConnectionInfo => ({ id, url: `https://${id}`, hostname: id, user: 'root', status: 'connected', saved: false, hasStoredPassword: false, poolMembers: [] });
const alarmBody = (name: string) => `value: 2\nconfig:\n<variable>\n <name value="${name}"/>\n <alarm_trigger_level value="1"/>\n <alarm_trigger_period value="60"/>\n</variable>`;

let seq = 0;
const time = (minute: number) => `20261207T10:${String(minute).padStart(2, '0')}:00Z`;
const msg = (name: string, cls: string, objUuid: string, minute: number, body = ''): Change =>
  ({ cls: 'message', ref: `m${++seq}`, op: 'add', record: { uuid: `mu${seq}`, name, priority: 3, cls, obj_uuid: objUuid, body, timestamp: time(minute) } });
const objects = (prefix = ''): Change[] => [
  { cls: 'pool', ref: 'p1', op: 'add', record: { uuid: `${prefix}pool-u`, name_label: `${prefix}Prod` } },
  { cls: 'host', ref: 'h1', op: 'add', record: { uuid: `${prefix}host-u1`, name_label: 'h1' } },
  { cls: 'host', ref: 'h2', op: 'add', record: { uuid: `${prefix}host-u2`, name_label: 'h2' } },
  { cls: 'vm', ref: 'v1', op: 'add', record: { uuid: `${prefix}vm-u1`, name_label: 'web-01', is_control_domain: false, resident_on: 'h1' } },
  { cls: 'vm', ref: 'v2', op: 'add', record: { uuid: `${prefix}vm-u2`, name_label: 'db-01', is_control_domain: false, resident_on: 'h1' } },
  { cls: 'vm', ref: 'd1', op: 'add', record: { uuid: `${prefix}dom0-u1`, name_label: 'Control domain on host: h1', is_control_domain: true, resident_on: 'h1' } },
  { cls: 'sr', ref: 's1', op: 'add', record: { uuid: 'abcdef12-3456-7890-aaaa-bbbbccccdddd', name_label: 'NFS store' } },
];

function setup(messages: Change[]) {
  const store = createAppStore();
  store.getState().applySnapshot({ connections: [conn('c1')], deltas: [{ connectionId: 'c1', reset: true, changes: [...objects(), ...messages] }] });
  const list = new AlertList();
  const apply = (changes: Change[], connectionId = 'c1') => store.getState().applyDelta({ connectionId, reset: false, changes });
  return { store, list, apply };
}
const keys = (xs: readonly { key: string }[]) => xs.map((a) => a.key);

describe('the incremental alerts list', () => {
  it('a new message is inserted in time order; the other alerts are not worked out again', () => {
    const { store, list, apply } = setup([msg('VM_STARTED', 'VM', 'vm-u1', 1), msg('VM_SHUTDOWN', 'VM', 'vm-u1', 5), msg('VM_CRASHED', 'VM', 'vm-u2', 9)]);
    const first = list.update(store.getState(), true);
    expect(first.map((a) => a.name)).toEqual(['VM_CRASHED', 'VM_SHUTDOWN', 'VM_STARTED']);
    apply([msg('VM_REBOOTED', 'VM', 'vm-u2', 7)]);
    const next = list.update(store.getState(), false);
    expect(next.map((a) => a.name)).toEqual(['VM_CRASHED', 'VM_REBOOTED', 'VM_SHUTDOWN', 'VM_STARTED']);
    expect(next).not.toBe(first);
    for (const a of first) expect(next).toContain(a);
    expect(keys(next)).toEqual(keys(allAlerts(store.getState())));
  });

  it('nothing changed: the same array', () => {
    const { store, list } = setup([msg('VM_STARTED', 'VM', 'vm-u1', 1)]);
    const first = list.update(store.getState(), true);
    expect(list.update(store.getState(), false)).toBe(first);
    expect(list.update(store.getState(), true)).toBe(first);
  });

  it('equal times: the later message first, as a rebuild', () => {
    const { store, list, apply } = setup([msg('VM_STARTED', 'VM', 'vm-u1', 3), msg('VM_SHUTDOWN', 'VM', 'vm-u1', 3)]);
    list.update(store.getState(), true);
    apply([msg('VM_REBOOTED', 'VM', 'vm-u1', 3), msg('VM_CRASHED', 'VM', 'vm-u2', 2)]);
    const now = list.update(store.getState(), false);
    expect(now.map((a) => a.name)).toEqual(['VM_REBOOTED', 'VM_SHUTDOWN', 'VM_STARTED', 'VM_CRASHED']);
    expect(keys(now)).toEqual(keys(allAlerts(store.getState())));
  });

  it('a renamed VM retitles its own alerts only', () => {
    const { store, list, apply } = setup([msg('VM_STARTED', 'VM', 'vm-u1', 1), msg('VM_STARTED', 'VM', 'vm-u2', 2)]);
    const [db, web] = list.update(store.getState(), true);
    expect(web.title).toBe('web-01: VM Started');
    apply([{ cls: 'vm', ref: 'v1', op: 'mod', record: { uuid: 'vm-u1', name_label: 'web-02', is_control_domain: false, resident_on: 'h1' } }]);
    const [db2, web2] = list.update(store.getState(), true);
    expect(web2.title).toBe('web-02: VM Started');
    expect(web2.search).toContain('web-02');
    expect(db2).toBe(db);
  });

  it('a renamed pool changes where every alert applies; a renamed SR an alarm that names it', () => {
    const { store, list, apply } = setup([msg('VM_STARTED', 'VM', 'vm-u1', 1), msg('ALARM', 'Host', 'host-u1', 2, alarmBody('sr_io_throughput_total_abcdef12'))]);
    list.update(store.getState(), true);
    apply([{ cls: 'pool', ref: 'p1', op: 'mod', record: { uuid: 'pool-u', name_label: 'Staging' } }]);
    expect(list.update(store.getState(), true).map((a) => a.appliesTo)).toEqual(['Staging', 'Staging']);
    apply([{ cls: 'sr', ref: 's1', op: 'mod', record: { uuid: 'abcdef12-3456-7890-aaaa-bbbbccccdddd', name_label: 'iSCSI store' } }]);
    const [alarm] = list.update(store.getState(), true);
    expect(alarm.description).toContain("storage repository 'iSCSI store'");
  });

  it('a message about an object the client learns of later gets its name', () => {
    const { store, list, apply } = setup([msg('VM_STARTED', 'VM', 'vm-u9', 1)]);
    expect(list.update(store.getState(), true)[0].object).toBeUndefined();
    apply([{ cls: 'vm', ref: 'v9', op: 'add', record: { uuid: 'vm-u9', name_label: 'late', is_control_domain: false } }]);
    expect(list.update(store.getState(), true)[0].title).toBe('late: VM Started');
  });

  it('a message about an object of a class outside the tree, learnt of after the list was made, gets its name', () => {
    const { store, list, apply } = setup([msg('VM_STARTED', 'VM', 'vm-u1', 1)]);
    list.update(store.getState(), true);
    apply([{ cls: 'vmss', ref: 'ss1', op: 'add', record: { uuid: 'vmss-u1', name_label: 'nightly' } }, msg('VMSS_SNAPSHOT_FAILED', 'VMSS', 'vmss-u1', 2)]);
    expect(store.getState().treeVersion).toBe(1);
    const [a] = list.update(store.getState(), false);
    expect(a.object).toEqual({ cls: 'vmss', ref: 'ss1', name: 'nightly' });
  });

  it('dismissed messages and a removed server leave the list; has() follows', () => {
    const { store, list, apply } = setup([msg('VM_STARTED', 'VM', 'vm-u1', 1), msg('VM_SHUTDOWN', 'VM', 'vm-u1', 2)]);
    store.getState().applyConnection(conn('c2'));
    store.getState().applyDelta({ connectionId: 'c2', reset: true, changes: [...objects('b-'), msg('VM_CRASHED', 'VM', 'b-vm-u1', 3)] });
    const all = list.update(store.getState(), true);
    expect(all.map((a) => a.name)).toEqual(['VM_CRASHED', 'VM_SHUTDOWN', 'VM_STARTED']);
    const gone = all[1];
    expect(list.has(gone.key)).toBe(true);
    apply([{ cls: 'message', ref: gone.ref, op: 'del' }]);
    expect(list.update(store.getState(), false).map((a) => a.name)).toEqual(['VM_CRASHED', 'VM_STARTED']);
    expect(list.has(gone.key)).toBe(false);
    store.getState().removeConnection('c2');
    expect(list.update(store.getState(), true).map((a) => a.name)).toEqual(['VM_STARTED']);
  });

  it('a load of many messages at once and random later changes agree with a rebuild', () => {
    const many = Array.from({ length: 600 }, (_, i) => msg(i % 2 ? 'VM_STARTED' : 'VM_SHUTDOWN', 'VM', i % 3 ? 'vm-u1' : 'vm-u2', i % 60));
    const { store, list, apply } = setup(many);
    expect(keys(list.update(store.getState(), true))).toEqual(keys(allAlerts(store.getState())));
    let r = 7;
    const rnd = (n: number) => { r = (r * 1103515245 + 12345) % 2147483648; return r % n; };
    for (let step = 0; step < 40; step++) {
      const refs = [...store.getState().objects.get('c1')!.get('message')!.keys()];
      apply([
        msg('VM_REBOOTED', 'VM', 'vm-u1', rnd(60)),
        { cls: 'message', ref: refs[rnd(refs.length)], op: 'del' },
        ...(step % 5 === 0 ? [{ cls: 'vm', ref: 'v2', op: 'mod' as const, record: { uuid: 'vm-u2', name_label: `db-${step}`, is_control_domain: false } }] : []),
      ]);
      const now = list.update(store.getState(), step % 5 === 0);
      const fresh = allAlerts(store.getState());
      expect(keys(now)).toEqual(keys(fresh));
      expect(now.map((a) => a.title)).toEqual(fresh.map((a) => a.title));
    }
  });
});

describe('only the objects selected in the tree', () => {
  const { store, list } = setup([
    msg('VM_STARTED', 'VM', 'vm-u1', 1), msg('VM_STARTED', 'VM', 'vm-u2', 2), msg('ALARM', 'VM', 'dom0-u1', 3, alarmBody('cpu_usage')),
    msg('HOST_CLOCK_WENT_BACKWARDS', 'Host', 'host-u2', 4), msg('HA_STATEFILE_LOST', 'Pool', 'pool-u', 5),
  ]);
  const alerts = list.update(store.getState(), true);
  const shown = (selection: { cls: string; ref: string }[]) => {
    const scope = objectScope(selection.map((o) => ({ connectionId: 'c1', ...o })), store.getState());
    return filterAlerts(alerts, { ...NO_FILTERS, selectedOnly: true }, 0, scope).map((a) => `${a.name}@${a.object?.ref ?? ''}`);
  };

  it('a VM: its own alerts', () => expect(shown([{ cls: 'vm', ref: 'v1' }])).toEqual(['VM_STARTED@v1']));
  it('a server: its own and its control domain\'s', () => {
    expect(shown([{ cls: 'host', ref: 'h1' }])).toEqual(['ALARM@d1']);
    expect(shown([{ cls: 'host', ref: 'h2' }])).toEqual(['HOST_CLOCK_WENT_BACKWARDS@h2']);
  });
  it('a pool: every alert of its servers', () => expect(shown([{ cls: 'pool', ref: 'p1' }])).toHaveLength(5));
  it('several objects; nothing selected shows nothing', () => {
    expect(shown([{ cls: 'vm', ref: 'v2' }, { cls: 'host', ref: 'h2' }])).toEqual(['HOST_CLOCK_WENT_BACKWARDS@h2', 'VM_STARTED@v2']);
    expect(shown([])).toEqual([]);
  });
  it('off, the selection does not matter', () => {
    expect(filterAlerts(alerts, NO_FILTERS, 0, () => false)).toBe(alerts);
  });
});
