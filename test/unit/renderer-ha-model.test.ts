// HA's pure model (features/ha/model.ts): which VMs HA can protect, the starting priorities (first set-up:
// agile VMs Restart, the rest Restart if possible; a non-agile VM never keeps Restart), only the changes
// sent, the hypothetical configuration, the failures-to-tolerate choice and its verdict, the heartbeat
// candidates, and the HA tab's rows (capacity in red when overcommitted, heartbeats per server and SR).
import { describe, expect, it } from 'vitest';
import { createAppStore } from '../../renderer/src/state/store';
import {
  brokenSrsWarning, failuresProblems, failuresVerdict, firstTimeSetup, haTabState, haVmRows, heartbeatCandidates, hypotheticalConfig, initialFailures,
  notAgileReason, priorityAllowed, priorityCounts, priorityOf, prioritiesDiff, startingSettings, vmCount, type Agility,
} from '../../renderer/src/features/ha/model';
import { add, conn } from '../support/store-fixtures';

type Rec = Record<string, unknown>;
function store(extra: ReturnType<typeof add>[] = [], pool: Rec = {}) {
  const s = createAppStore();
  s.getState().applySnapshot({
    connections: [conn('c')],
    deltas: [{ connectionId: 'c', reset: true, changes: [
      add('pool', 'OpaqueRef:p', { name_label: 'Lab', master: 'OpaqueRef:h1', ha_enabled: false, ha_host_failures_to_tolerate: 0, ha_plan_exists_for: 0, ...pool }),
      add('host', 'OpaqueRef:h1', { name_label: 'host 1' }), add('host', 'OpaqueRef:h2', { name_label: 'host 2' }),
      add('vm', 'OpaqueRef:web', { name_label: 'web 10', power_state: 'Running', ha_restart_priority: '', order: 0, start_delay: 0 }),
      add('vm', 'OpaqueRef:db', { name_label: 'web 9', power_state: 'Halted', ha_restart_priority: 'restart', order: 2, start_delay: 30 }),
      add('vm', 'OpaqueRef:tpl', { name_label: 'tpl', is_a_template: true }),
      add('vm', 'OpaqueRef:snap', { name_label: 'snap', is_a_snapshot: true }),
      add('vm', 'OpaqueRef:dom0', { name_label: 'Control domain', is_control_domain: true }),
      add('vm', 'OpaqueRef:hidden', { name_label: 'hidden', other_config: { HideFromXenCenter: 'true' } }),
      ...extra,
    ] }],
  });
  return s.getState();
}
const agile = (...refs: string[]) => new Map<string, Agility>(refs.map((r) => [r, { state: 'agile' }]));

describe('the VMs HA can protect', () => {
  it('real VMs only (no template, snapshot, control domain or hidden VM), by name as XenCenter sorts (web 9 before web 10)', () => {
    const rows = haVmRows(store(), 'c');
    expect(rows.map((r) => r.name)).toEqual(['web 9', 'web 10']);
    expect(rows[0]).toMatchObject({ ref: 'OpaqueRef:db', priority: 'restart', order: 2, startDelay: 30, powerState: 'Halted' });
  });
  it('reads older servers\' numbered priorities as Restart, and best-effort / "" as themselves', () => {
    expect(['1', '2', 'always_restart', 'restart'].map(priorityOf)).toEqual(['restart', 'restart', 'restart', 'restart']);
    expect(priorityOf('best-effort')).toBe('best-effort');
    expect(priorityOf('')).toBe('');
    expect(priorityOf(undefined)).toBe('');
  });
  it('says why a VM is not agile in XenCenter\'s words', () => {
    expect(notAgileReason('HA_CONSTRAINT_VIOLATION_SR_NOT_SHARED')).toBe('The VM is using a non-shared SR. Restart cannot be guaranteed.');
    expect(notAgileReason('HA_CONSTRAINT_VIOLATION_NETWORK_NOT_SHARED')).toBe('The VM is not using a shared network. Restart cannot be guaranteed.');
    expect(notAgileReason('SOMETHING_ELSE')).toBe('The VM is not agile. Restart cannot be guaranteed.');
    expect(priorityAllowed('restart', { state: 'not-agile', code: 'VM_HAS_VGPU' })).toBe(false);
    expect(priorityAllowed('restart', { state: 'checking' })).toBe(false);
    expect(priorityAllowed('best-effort', { state: 'not-agile', code: 'VM_HAS_VGPU' })).toBe(true);
    expect(priorityAllowed('restart', { state: 'agile' })).toBe(true);
  });
});

describe('the starting priorities and what is sent', () => {
  const rows = [
    { ref: 'a', name: 'a', powerState: 'Running', priority: '' as const, order: 0, startDelay: 0 },
    { ref: 'b', name: 'b', powerState: 'Halted', priority: '' as const, order: 1, startDelay: 5 },
  ];
  it('first set-up in the wizard: agile VMs Restart, the others Restart if possible', () => {
    expect(firstTimeSetup(rows)).toBe(true);
    const s = startingSettings(rows, new Map<string, Agility>([['a', { state: 'agile' }], ['b', { state: 'not-agile', code: 'HA_CONSTRAINT_VIOLATION_SR_NOT_SHARED' }]]), true);
    expect(s.get('a')).toEqual({ priority: 'restart', order: 0, startDelay: 0 });
    expect(s.get('b')).toEqual({ priority: 'best-effort', order: 1, startDelay: 5 });
  });
  it('otherwise the VMs\' own settings, a non-agile VM lowered from Restart to Restart if possible', () => {
    const own = [{ ...rows[0], priority: 'restart' as const }, { ...rows[1], priority: 'restart' as const }];
    expect(firstTimeSetup(own)).toBe(false);
    const s = startingSettings(own, new Map<string, Agility>([['a', { state: 'agile' }], ['b', { state: 'not-agile', code: 'VM_HAS_VUSBS' }]]), true);
    expect([s.get('a')?.priority, s.get('b')?.priority]).toEqual(['restart', 'best-effort']);
    // The edit dialog (not protecting by default) keeps "Do not restart" VMs as they are.
    expect(startingSettings(rows, agile('a', 'b'), false).get('a')?.priority).toBe('');
  });
  it('sends only the fields that changed, and nothing for an unchanged VM', () => {
    const s = startingSettings(rows, agile('a', 'b'), false);
    expect(prioritiesDiff(rows, s)).toEqual([]);
    s.set('a', { priority: 'restart', order: 0, startDelay: 0 });
    s.set('b', { priority: '', order: 3, startDelay: 5 });
    expect(prioritiesDiff(rows, s)).toEqual([{ vmRef: 'a', priority: 'restart' }, { vmRef: 'b', order: 3 }]);
    expect(hypotheticalConfig(s)).toEqual({ a: 'restart', b: '' });
    expect(priorityCounts(s)).toEqual({ restart: 1, 'best-effort': 0, '': 1 });
    expect([vmCount(1), vmCount(0), vmCount(3)]).toEqual(['1 VM', '0 VMs', '3 VMs']);
  });
});

describe('the failures to tolerate', () => {
  it('starts at the pool\'s own number with HA on, at the maximum with HA off', () => {
    expect(initialFailures(true, 1, 2)).toBe(1);
    expect(initialFailures(false, 1, 2)).toBe(2);
    expect(initialFailures(false, 0, -1)).toBe(0);
  });
  it('says whether HA is guaranteed, overcommitted, or guarantees nothing, in XenCenter\'s words', () => {
    expect(failuresVerdict(1, 2)).toEqual({ kind: 'ok', text: 'HA is guaranteed. The maximum number of server failures that HA can protect against is 2.' });
    expect(failuresVerdict(3, 2).kind).toBe('overcommitted');
    expect(failuresVerdict(3, 2).text).toMatch(/^The number of servers you specified is greater than the maximum failover capacity \(2\)/);
    expect(failuresVerdict(1, 0).text).toMatch(/^Maximum failover capacity is 0/);
    expect(failuresVerdict(0, 2).kind).toBe('zero');
  });
  it('refuses to go on while the maximum is asked, with a number that is not one, or when it overcommits the pool', () => {
    expect(failuresProblems(1, null, 3)).toEqual(['Calculating the maximum number of server failures…']);
    expect(failuresProblems(null, 2, 3)[0]).toMatch(/whole number/);
    expect(failuresProblems(2, 1, 3)).toEqual(['The pool is overcommitted: at most 1 server failure can be tolerated with these priorities.']);
    expect(failuresProblems(3, 3, 3)).toEqual(['A pool of 3 servers cannot tolerate 3 failures.']);
    expect(failuresProblems(1, 1, 3)).toEqual([]);
    expect(failuresProblems(0, 0, 3)).toEqual([]);
  });
});

describe('heartbeat SRs and the HA tab', () => {
  const srs = [
    add('sr', 'OpaqueRef:nfs', { name_label: 'NFS 2', shared: true, name_description: 'shared' }),
    add('sr', 'OpaqueRef:iscsi', { name_label: 'iSCSI', shared: true }),
    add('sr', 'OpaqueRef:local', { name_label: 'Local', shared: false }),
    add('sr', 'OpaqueRef:tools', { name_label: 'XenServer Tools', shared: true, is_tools_sr: true }),
    add('vdi', 'OpaqueRef:sf', { SR: 'OpaqueRef:nfs', type: 'ha_statefile' }),
  ];
  it('asks about shared SRs but the tools ISO, by name', () => {
    expect(heartbeatCandidates(store(srs), 'c').map((c) => c.name)).toEqual(['iSCSI', 'NFS 2']);
  });
  it('HA off: the pool\'s name and no capacity rows to colour', () => {
    const st = haTabState(store(srs), 'c', 'OpaqueRef:p')!;
    expect(st).toMatchObject({ enabled: false, poolName: 'Lab', srs: [] });
  });
  it('HA on: capacity in red when overcommitted or zero; each server\'s network and statefile heartbeat', () => {
    const on = { ha_enabled: true, ha_host_failures_to_tolerate: 2, ha_plan_exists_for: 1, ha_statefiles: ['OpaqueRef:sf'] };
    const hosts = [
      add('host', 'OpaqueRef:h1', { name_label: 'host 1', ha_network_peers: ['u1', 'u2'], ha_statefiles: ['OpaqueRef:sf'] }),
      add('host', 'OpaqueRef:h2', { name_label: 'host 2', ha_network_peers: ['u2'], ha_statefiles: [] }),
    ];
    const st = haTabState(store([...srs, ...hosts], on), 'c', 'OpaqueRef:p')!;
    expect(st.configured).toEqual({ text: '2', red: false });
    expect(st.current).toEqual({ text: '1 - pool is overcommitted', red: true });
    expect(st.srs).toEqual([{ ref: 'OpaqueRef:nfs', name: 'NFS 2' }]);
    expect(st.hosts).toEqual([
      { ref: 'OpaqueRef:h1', name: 'host 1', network: 'Healthy', networkOk: true, srs: [true] },
      { ref: 'OpaqueRef:h2', name: 'host 2', network: '1 out of 2 servers', networkOk: false, srs: [false] },
    ]);
    const zero = haTabState(store([...srs, ...hosts], { ...on, ha_host_failures_to_tolerate: 0, ha_plan_exists_for: 0 }), 'c', 'OpaqueRef:p')!;
    expect(zero.configured).toEqual({ text: '0 - HA cannot guarantee to restart your protected VMs after server failure', red: true });
    expect(zero.current).toEqual({ text: '0', red: false });
  });
});

describe('the wizard\'s warning of broken SRs (HAWizard.OnShown, SR.IsBroken)', () => {
  const pbd = (ref: string, host: string, attached = true) => add('pbd', ref, { host, currently_attached: attached });
  it('names each shared SR with PBDs that a server lacks or has unplugged; not the tools SR, a local SR or one without PBDs', () => {
    const s = store([
      add('sr', 'OpaqueRef:ok', { name_label: 'Good NFS', shared: true, PBDs: ['OpaqueRef:a1', 'OpaqueRef:a2'] }), pbd('OpaqueRef:a1', 'OpaqueRef:h1'), pbd('OpaqueRef:a2', 'OpaqueRef:h2'),
      add('sr', 'OpaqueRef:unplugged', { name_label: 'iSCSI 10', shared: true, PBDs: ['OpaqueRef:b1', 'OpaqueRef:b2'] }), pbd('OpaqueRef:b1', 'OpaqueRef:h1'), pbd('OpaqueRef:b2', 'OpaqueRef:h2', false),
      add('sr', 'OpaqueRef:missing', { name_label: 'iSCSI 9', shared: true, PBDs: ['OpaqueRef:c1'] }), pbd('OpaqueRef:c1', 'OpaqueRef:h1'),
      add('sr', 'OpaqueRef:none', { name_label: 'Forgotten', shared: true, PBDs: [] }),
      add('sr', 'OpaqueRef:tools', { name_label: 'XenServer Tools', shared: true, is_tools_sr: true, PBDs: ['OpaqueRef:t1'] }), pbd('OpaqueRef:t1', 'OpaqueRef:h1', false),
      add('sr', 'OpaqueRef:local', { name_label: 'Local', shared: false, PBDs: ['OpaqueRef:l1'] }), pbd('OpaqueRef:l1', 'OpaqueRef:h1', false),
    ]);
    expect(brokenSrsWarning(s, 'c')).toEqual({ text: 'The following SRs are broken. It is recommended you fix them before enabling HA.', srs: ['iSCSI 9', 'iSCSI 10'] });
  });
  it('none when every shared SR is plugged on every server', () => {
    const s = store([add('sr', 'OpaqueRef:ok', { name_label: 'Good NFS', shared: true, PBDs: ['OpaqueRef:a1', 'OpaqueRef:a2'] }), pbd('OpaqueRef:a1', 'OpaqueRef:h1'), pbd('OpaqueRef:a2', 'OpaqueRef:h2')]);
    expect(brokenSrsWarning(s, 'c')).toBeNull();
  });
});
