// The host commands: enablement from allowed_operations / enabled / host_metrics.live, the
// evacuation blockers in words, what each command sends, the menus, the tree's and General tab's
// maintenance mode, and the validation of host.maintenance requests.
import { describe, expect, it } from 'vitest';
import type { BridgeEvent, ConnectionInfo, ObjectChange, RequestArgs, RequestChannel, RequestResult } from '../../shared/ipc/contract';
import type { Bridge } from '../../renderer/src/bridge/types';
import { commandState } from '../../renderer/src/framework/availability';
import { contextMenuGroups } from '../../renderer/src/app/menu-model';
import { type Command, type Selection } from '../../renderer/src/framework/command';
import {
  ENTER_MAINTENANCE, EXIT_MAINTENANCE, HOST_COMMANDS, POWER_ON_HOST, REBOOT_HOST, RESTART_TOOLSTACK, SHUTDOWN_HOST, runHostMaintenance,
} from '../../renderer/src/features/host-maintenance/commands';
import { evacuationBlockReason, evacuationPlanView, residentVms, selectedHost, storeNames } from '../../renderer/src/features/host-maintenance/host-state';
import { createAppStore } from '../../renderer/src/state/store';
import { buildConnectionNodes, type ConnectionObjects } from '../../renderer/src/tree/build-tree';
import { isInMaintenanceMode } from '../../shared/host/maintenance';
import { validateRequest } from '../../shared/ipc/validate';

class RecordingBridge implements Bridge {
  calls: Array<{ channel: string; args: unknown }> = [];
  constructor(private readonly fail?: { code: string; params: string[]; message: string }) {}
  async request<C extends RequestChannel>(channel: C, args: RequestArgs<C>): Promise<RequestResult<C>> {
    this.calls.push({ channel, args });
    if (this.fail) throw this.fail;
    return { taskRef: 'OpaqueRef:task' } as RequestResult<C>;
  }
  subscribe(_l: (e: BridgeEvent) => void): () => void { return () => {}; }
}

type Rec = Record<string, unknown>;
const H = 'OpaqueRef:h1';
const add = (cls: string, ref: string, record: Rec): ObjectChange => ({ cls, ref, op: 'add', record });
const conn = (status: ConnectionInfo['status'] = 'connected'): ConnectionInfo =>
  ({ id: 'c', url: 'https://c', hostname: 'c', user: 'root', status, saved: false, hasStoredPassword: false, poolMembers: [] });

/** One host h1 ("alpha") with the given fields and liveness, two VMs on it, a local SR and a network. */
function store(host: Rec, live = true, status: ConnectionInfo['status'] = 'connected') {
  const s = createAppStore();
  s.getState().applySnapshot({
    connections: [conn(status)],
    deltas: [{
      connectionId: 'c', reset: true, changes: [
        add('pool', 'OpaqueRef:p', { name_label: 'Lab', master: H }),
        add('host', H, { name_label: 'alpha', metrics: 'OpaqueRef:m1', enabled: true, allowed_operations: [], other_config: {}, ...host }),
        add('host_metrics', 'OpaqueRef:m1', { live }),
        add('vm', 'OpaqueRef:web', { name_label: 'web-01', resident_on: H, power_state: 'Running' }),
        add('vm', 'OpaqueRef:db', { name_label: 'db-01', resident_on: H, power_state: 'Running' }),
        add('vm', 'OpaqueRef:dom0', { name_label: 'Control domain', resident_on: H, is_control_domain: true }),
        add('vm', 'OpaqueRef:off', { name_label: 'off-01', resident_on: 'OpaqueRef:NULL', power_state: 'Halted' }),
        add('sr', 'OpaqueRef:local', { name_label: 'Local storage' }),
        add('network', 'OpaqueRef:net', { name_label: 'Storage network' }),
      ],
    }],
  });
  return s.getState();
}
const sel: Selection = [{ connectionId: 'c', cls: 'host', ref: H }];
const enabled = (cmds: Command[], s: ReturnType<typeof store>, selection = sel) => cmds.filter((c) => c.canExecute(selection, s)).map((c) => c.label);

const ENABLED_OPS = ['provision', 'evacuate', 'vm_start', 'vm_resume', 'vm_migrate', 'enable'];
const DISABLED_OPS = [...ENABLED_OPS, 'reboot', 'shutdown', 'apply_updates'];

describe('host commands: enablement', () => {
  it('an enabled live host: enter maintenance, reboot, shut down (the flow disables it first), restart toolstack', () => {
    expect(enabled(HOST_COMMANDS, store({ allowed_operations: ENABLED_OPS }))).toEqual(['Enter Maintenance Mode…', 'Reboot…', 'Shut Down…', 'Restart Toolstack…']);
  });

  it('a disabled live host: exit maintenance, reboot, shut down, restart toolstack; never enter', () => {
    const s = store({ enabled: false, allowed_operations: DISABLED_OPS, other_config: { MAINTENANCE_MODE: 'true' } });
    expect(enabled(HOST_COMMANDS, s)).toEqual(['Exit Maintenance Mode', 'Reboot…', 'Shut Down…', 'Restart Toolstack…']);
  });

  it('a dead host: only Power On, and only when power_on is allowed (a power-on mode is set)', () => {
    expect(enabled(HOST_COMMANDS, store({ allowed_operations: ['power_on'] }, false))).toEqual(['Power On']);
    expect(enabled(HOST_COMMANDS, store({ allowed_operations: [] }, false))).toEqual([]);
  });

  it('says why Power On and the power-down commands are greyed, in XenCenter\'s words', () => {
    const why = (c: Command, s: ReturnType<typeof store>) => commandState(c, sel, s).reason;
    expect(why(POWER_ON_HOST, store({ allowed_operations: [], power_on_mode: '' }, false))).toBe('This host does not have its Power On mode set.');
    expect(why(POWER_ON_HOST, store({ allowed_operations: ENABLED_OPS, power_on_mode: 'wake-on-lan' }))).toBe('This server is already powered on.');
    expect(why(POWER_ON_HOST, store({ allowed_operations: [], power_on_mode: 'wake-on-lan' }, false))).toBe('Another operation is in progress on this server.');
    expect(commandState(POWER_ON_HOST, sel, store({ allowed_operations: ['power_on'], power_on_mode: 'wake-on-lan' }, false))).toEqual({ enabled: true });
    expect(why(SHUTDOWN_HOST, store({ allowed_operations: [] }, false))).toBe('This server is already shut down.');
    expect(why(REBOOT_HOST, store({ allowed_operations: [] }, false))).toBe('Server is not reachable');
  });

  it('follows allowed_operations: no evacuate (another op running) means no enter, and no reboot of an enabled host', () => {
    const s = store({ allowed_operations: ['provision', 'vm_start', 'enable'] });
    expect(enabled(HOST_COMMANDS, s)).toEqual(['Restart Toolstack…']);
    // A disabled host whose reboot is excluded (a shutdown is running) offers neither.
    const busy = store({ enabled: false, allowed_operations: ['enable', 'evacuate'] });
    expect(enabled([REBOOT_HOST, SHUTDOWN_HOST], busy)).toEqual([]);
  });

  it('nothing for a disconnected server, several hosts, or a non-host selection', () => {
    expect(enabled(HOST_COMMANDS, store({ allowed_operations: ENABLED_OPS }, true, 'reconnecting'))).toEqual([]);
    const two: Selection = [...sel, { connectionId: 'c', cls: 'host', ref: 'OpaqueRef:h2' }];
    expect(enabled(HOST_COMMANDS, store({ allowed_operations: ENABLED_OPS }), two)).toEqual([]);
    expect(enabled(HOST_COMMANDS, store({ allowed_operations: ENABLED_OPS }), [{ connectionId: 'c', cls: 'pool', ref: 'OpaqueRef:p' }])).toEqual([]);
  });

  it('reads maintenance mode as disabled plus MAINTENANCE_MODE=true', () => {
    expect(isInMaintenanceMode({ enabled: false, other_config: { MAINTENANCE_MODE: 'true' } })).toBe(true);
    expect(isInMaintenanceMode({ enabled: false, other_config: {} })).toBe(false);
    expect(isInMaintenanceMode({ enabled: true, other_config: { MAINTENANCE_MODE: 'true' } })).toBe(false);
    expect(selectedHost(sel, store({ enabled: false, other_config: { MAINTENANCE_MODE: 'true' } }))?.maintenance).toBe(true);
  });
});

describe('evacuation blockers in words', () => {
  const names = storeNames(store({}), 'c');
  it('says why each VM prevents evacuation, naming the SR or network', () => {
    expect(evacuationBlockReason(['VM_REQUIRES_SR', 'OpaqueRef:db', 'OpaqueRef:local'], names)).toBe("Its disks are on storage that the other servers cannot reach ('Local storage')");
    expect(evacuationBlockReason(['VM_REQUIRES_NETWORK', 'OpaqueRef:db', 'OpaqueRef:net'], names)).toBe("It needs network 'Storage network', which the other servers do not have");
    expect(evacuationBlockReason(['NO_HOSTS_AVAILABLE', 'OpaqueRef:db'], names)).toBe('There is no other server in the pool that can run it');
    expect(evacuationBlockReason(['VM_BAD_POWER_STATE', 'OpaqueRef:db', 'running', 'paused'], names)).toBe('It is paused: only running VMs can be migrated');
    expect(evacuationBlockReason(['HOST_NOT_ENOUGH_FREE_MEMORY', 'OpaqueRef:db'], names)).toBe('The other servers do not have enough free memory for it');
    expect(evacuationBlockReason(['VM_LACKS_FEATURE', 'OpaqueRef:db'], names)).toMatch(/guest tools/);
    expect(evacuationBlockReason(['HOST_EVACUATE_VM_NOT_HA_PROTECTED', 'OpaqueRef:db'], names)).toMatch(/not protected by HA/);
  });

  it('falls back to the error\'s documented words for other codes, and to the ref for unknown objects', () => {
    expect(evacuationBlockReason(['VM_REQUIRES_SR', 'OpaqueRef:db', 'OpaqueRef:gone'], names)).toContain("'OpaqueRef:gone'");
    const other = evacuationBlockReason(['VM_IS_TEMPLATE', 'OpaqueRef:db'], names);
    expect(other.length).toBeGreaterThan(10);
    expect(other).not.toBe('VM_IS_TEMPLATE');
  });

  it('splits the resident guests (never the control domain) into movable and blocked', () => {
    const s = store({});
    const resident = residentVms(s, 'c', H);
    expect(resident.map((v) => v.name)).toEqual(['db-01', 'web-01']);
    const plan = evacuationPlanView(resident, { 'OpaqueRef:db': ['VM_REQUIRES_SR', 'OpaqueRef:db', 'OpaqueRef:local'] }, storeNames(s, 'c'));
    expect(plan.movable.map((v) => v.name)).toEqual(['web-01']);
    expect(plan.blocked).toEqual([{ ref: 'OpaqueRef:db', name: 'db-01', code: 'VM_REQUIRES_SR', reason: "Its disks are on storage that the other servers cannot reach ('Local storage')" }]);
    expect(evacuationPlanView(resident, {}, storeNames(s, 'c')).blocked).toEqual([]);
  });
});

describe('host commands: what they send', () => {
  const s = store({ allowed_operations: ENABLED_OPS });
  it('the maintenance flows are one host.maintenance request each, titled with the host', async () => {
    for (const [cmd, action] of [[ENTER_MAINTENANCE, 'enter'], [EXIT_MAINTENANCE, 'exit'], [REBOOT_HOST, 'reboot'], [SHUTDOWN_HOST, 'shutdown']] as const) {
      const b = new RecordingBridge();
      const [out] = await cmd.execute(sel, b, s);
      expect(b.calls).toEqual([{ channel: 'host.maintenance', args: { connectionId: 'c', hostRef: H, action } }]);
      expect(out).toMatchObject({ taskRef: 'OpaqueRef:task', vm: 'alpha' });
    }
  });

  it('reboot from the dialog passes the VMs the user agreed to shut down', async () => {
    const b = new RecordingBridge();
    const out = await runHostMaintenance(b, sel[0], 'reboot', s, ['OpaqueRef:db']);
    expect(b.calls[0].args).toEqual({ connectionId: 'c', hostRef: H, action: 'reboot', shutDownVms: ['OpaqueRef:db'] });
    expect(out.title).toBe('Rebooting server');
  });

  it('power on and restart toolstack are Async host calls; a refusal comes back as the outcome\'s error', async () => {
    const b = new RecordingBridge();
    await POWER_ON_HOST.execute(sel, b, s);
    await RESTART_TOOLSTACK.execute(sel, b, s);
    expect(b.calls.map((c) => c.args)).toEqual([
      { connectionId: 'c', method: 'host.power_on', args: [H] },
      { connectionId: 'c', method: 'host.restart_agent', args: [H] },
    ]);
    const err = { code: 'HOST_IS_LIVE', params: [H], message: 'x' };
    const [out] = await POWER_ON_HOST.execute(sel, new RecordingBridge(err), s);
    expect(out.error).toEqual(err);
    expect(out.taskRef).toBeUndefined();
  });

  it('are in a host\'s context menu (after pool membership), not in a pool\'s', () => {
    const labels = (x: Selection) => contextMenuGroups(x).flat().map((c) => c.label);
    expect(labels(sel)).toEqual(expect.arrayContaining(HOST_COMMANDS.map((c) => c.label)));
    const groups = contextMenuGroups(sel);
    expect(groups.findIndex((g) => g.length === HOST_COMMANDS.length && g.every((c, i) => c === HOST_COMMANDS[i]))).toBe(groups.findIndex((g) => g.some((c) => c.id === 'pool.addServer')) + 1);
    expect(labels([{ connectionId: 'c', cls: 'pool', ref: 'OpaqueRef:p' }])).not.toContain('Reboot…');
  });
});

describe('tree: host states', () => {
  const objects = (host: Rec, live = true): ConnectionObjects => new Map<string, Map<string, Rec>>([
    ['pool', new Map([['OpaqueRef:p', { name_label: 'Lab', master: H }]])],
    ['host', new Map([[H, { name_label: 'alpha', metrics: 'OpaqueRef:m1', enabled: true, ...host }], ['OpaqueRef:h2', { name_label: 'beta', metrics: 'OpaqueRef:m2', enabled: true }]])],
    ['host_metrics', new Map([['OpaqueRef:m1', { live }], ['OpaqueRef:m2', { live: true }]])],
  ]);
  const alpha = (o: ConnectionObjects) => buildConnectionNodes('c', o)[0].children.find((n) => n.name === 'alpha')!;
  it('tells maintenance mode, disabled, not live and live apart', () => {
    expect(alpha(objects({ enabled: false, other_config: { MAINTENANCE_MODE: 'true' } }))).toMatchObject({ state: 'maintenance', description: 'Maintenance mode' });
    expect(alpha(objects({ enabled: false, other_config: {} }))).toMatchObject({ state: 'disabled', description: 'Disabled' });
    // Not live: shut down (disabled, every PBD unplugged, as host.shutdown leaves it) or not reachable.
    expect(alpha(objects({ enabled: false }, false))).toMatchObject({ state: 'dead', description: 'Shut down' });
    expect(alpha(objects({ enabled: true }, false))).toMatchObject({ state: 'dead', description: 'Server is not reachable' });
    const plugged = objects({ enabled: false, PBDs: ['OpaqueRef:pbd'] }, false);
    plugged.set('pbd', new Map([['OpaqueRef:pbd', { host: H, currently_attached: true }]]));
    expect(alpha(plugged)).toMatchObject({ state: 'dead', description: 'Server is not reachable' });
    plugged.get('pbd')!.set('OpaqueRef:pbd', { host: H, currently_attached: false });
    expect(alpha(plugged)).toMatchObject({ state: 'dead', description: 'Shut down' });
    expect(alpha(objects({}))).toMatchObject({ state: 'live', description: 'Connected' });
  });
});

describe('Events panel: the steps of a flow of main', () => {
  it('a task marked with xenclient_subtask_of is a sub-task (no row of its own), like a real sub-task', () => {
    const s = createAppStore();
    s.getState().applySnapshot({ connections: [conn()], deltas: [{ connectionId: 'c', reset: true, changes: [
      add('task', 'OpaqueRef:flow', { name_label: "Entering maintenance mode 'alpha'", status: 'pending', other_config: {} }),
      add('task', 'OpaqueRef:evac', { name_label: 'Async.host.evacuate', status: 'pending', other_config: { xenclient_subtask_of: 'OpaqueRef:flow' } }),
      add('task', 'OpaqueRef:real', { name_label: 'Async.VM.pool_migrate', status: 'pending', subtask_of: 'OpaqueRef:evac', other_config: {} }),
    ] }] });
    const sub = (ref: string) => [...s.getState().tasks.values()].find((t) => t.ref === ref)?.subtaskOf;
    expect([sub('OpaqueRef:flow'), sub('OpaqueRef:evac'), sub('OpaqueRef:real')]).toEqual([undefined, 'OpaqueRef:flow', 'OpaqueRef:evac']);
  });
});

describe('host.maintenance validation', () => {
  const base = { connectionId: 'c', hostRef: H };
  it('accepts the four actions, and shutDownVms as distinct refs', () => {
    for (const action of ['enter', 'exit', 'reboot', 'shutdown']) expect(validateRequest('host.maintenance', { ...base, action }).args).toEqual({ ...base, action });
    expect(validateRequest('host.maintenance', { ...base, action: 'reboot', shutDownVms: ['OpaqueRef:a', 'OpaqueRef:a'] }).args)
      .toEqual({ ...base, action: 'reboot', shutDownVms: ['OpaqueRef:a'] });
  });
  it('refuses other actions, bad refs and extra fields', () => {
    expect(() => validateRequest('host.maintenance', { ...base, action: 'destroy' })).toThrow(/action/);
    expect(() => validateRequest('host.maintenance', { ...base, hostRef: 'h1', action: 'enter' })).toThrow(/OpaqueRef/);
    expect(() => validateRequest('host.maintenance', { ...base, action: 'reboot', shutDownVms: ['x'] })).toThrow(/shutDownVms/);
    expect(() => validateRequest('host.maintenance', { ...base, action: 'reboot', shutDownVms: 'OpaqueRef:a' })).toThrow(/shutDownVms/);
    expect(() => validateRequest('host.maintenance', { ...base, action: 'enter', method: 'host.destroy' })).toThrow(/unexpected/);
  });
});
