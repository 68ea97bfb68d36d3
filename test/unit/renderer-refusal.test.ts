// Why a greyed command cannot run, in words (renderer/src/xapi-model/refusal.ts and each command's
// disabledReason): power state, an operation in progress, the host it runs on being off, missing
// guest tools, allowed_operations in words, HA, server states; and no greyed command without words.
import { describe, expect, it } from 'vitest';
import type { ConnectionInfo } from '../../shared/ipc/contract';
import { ALL_SERVERS_COMMANDS, SERVER_COMMANDS } from '../../renderer/src/features/servers/commands';
import { COPY_VM_COMMAND, DELETE_SNAPSHOT_COMMAND, DELETE_VM_COMMAND, LIFECYCLE_COMMANDS, REVERT_SNAPSHOT_COMMAND } from '../../renderer/src/features/vm-lifecycle/commands';
import { DISABLE_HA, ENABLE_HA, POOL_COMMANDS } from '../../renderer/src/features/ha/commands';
import { EXPORT_COMMAND } from '../../renderer/src/features/transfer/commands';
import { HOST_COMMANDS } from '../../renderer/src/features/host-maintenance/commands';
import { MEMBERSHIP_COMMANDS } from '../../renderer/src/features/pool-membership/commands';
import { MIGRATE_COMMAND } from '../../renderer/src/features/migrate/commands';
import { NEW_VM_COMMAND } from '../../renderer/src/features/new-vm/command';
import { OPERATIONS_COMMAND } from '../../renderer/src/features/operations/command';
import { VM_COMMANDS } from '../../renderer/src/features/vm-power/commands';
import { commandState } from '../../renderer/src/framework/availability';
import { type Command, type Selection } from '../../renderer/src/framework/command';
import { opPassive, vmRefusal } from '../../renderer/src/xapi-model/refusal';
import type { ConnObjects } from '../../renderer/src/state/store';

type Rec = Record<string, unknown>;
const conn = (id: string, status: ConnectionInfo['status']): ConnectionInfo =>
  ({ id, url: `https://${id}`, hostname: id, user: 'root', status, saved: false, hasStoredPassword: false, poolMembers: [] });

function world(vms: Record<string, Rec>, extra: Record<string, Record<string, Rec>> = {}) {
  const objects: ConnObjects = new Map<string, Map<string, Rec>>([
    ['pool', new Map([['p', { name_label: 'Lab', ha_enabled: false, allowed_operations: [], current_operations: {}, default_SR: 'sr1' }]])],
    ['host', new Map([['h1', { name_label: 'h1', metrics: 'hm1', enabled: true, PBDs: [] }], ['h2', { name_label: 'h2', metrics: 'hm2', enabled: false, PBDs: [] }]])],
    ['host_metrics', new Map([['hm1', { live: true }], ['hm2', { live: false }]])],
    ['vm_guest_metrics', new Map([['gm', { PV_drivers_detected: true }]])],
    ['sr', new Map([['sr1', { name_label: 'NFS', shared: true, content_type: 'user', PBDs: [] }]])],
    ['vm', new Map(Object.entries(vms))],
    ...Object.entries(extra).map(([cls, m]) => [cls, new Map(Object.entries(m))] as [string, Map<string, Rec>]),
  ]);
  return { connections: new Map([['c1', conn('c1', 'connected')], ['c2', conn('c2', 'disconnected')]]), objects: new Map([['c1', objects]]) };
}
const vm = (over: Rec): Rec => ({ name_label: 'web', power_state: 'Running', allowed_operations: [], current_operations: {}, resident_on: 'h1', guest_metrics: 'gm', ...over });
const sel = (ref: string, cls = 'vm', connectionId = 'c1'): Selection => [{ connectionId, cls, ref }];
const cmd = (id: string) => [...VM_COMMANDS, ...LIFECYCLE_COMMANDS, REVERT_SNAPSHOT_COMMAND, DELETE_SNAPSHOT_COMMAND].find((c) => c.id === id)!;
const reason = (c: Command, s: Selection, w: ReturnType<typeof world>) => commandState(c, s, w).reason;

describe('VM command refusals in words', () => {
  it('power state: already running, suspended or paused, not running', () => {
    const w = world({ r: vm({}), s: vm({ name_label: 'db', power_state: 'Suspended' }), p: vm({ name_label: 'app', power_state: 'Paused' }), h: vm({ name_label: 'mail', power_state: 'Halted', resident_on: 'OpaqueRef:NULL' }) });
    expect(reason(cmd('vm.start'), sel('r'), w)).toBe("'web' is already running");
    expect(reason(cmd('vm.start'), sel('s'), w)).toBe("'db' is suspended: use Resume");
    expect(reason(cmd('vm.start'), sel('p'), w)).toBe("'app' is paused: use Unpause");
    expect(reason(cmd('vm.shutdown'), sel('h'), w)).toBe("'mail' is not running");
    expect(reason(cmd('vm.reboot'), sel('s'), w)).toBe("'db' is suspended: use Resume first");
    expect(reason(cmd('vm.resume'), sel('r'), w)).toBe("'web' is running, not suspended");
    expect(reason(cmd('vm.unpause'), sel('h'), w)).toBe("'mail' is shut down, not paused");
    expect(reason(cmd('vm.suspend'), sel('h'), w)).toBe("'mail' is shut down: only a running VM can be suspended");
    expect(reason(cmd('vm.pause'), sel('p'), w)).toBe("'app' is already paused");
    expect(reason(DELETE_VM_COMMAND, sel('r'), w)).toBe("'web' is running: shut it down first");
  });

  it('an operation in progress, a host that is off, missing guest tools', () => {
    const w = world({
      busy: vm({ current_operations: { t1: 'pool_migrate' } }),
      away: vm({ name_label: 'app', resident_on: 'h2' }),
      bare: vm({ name_label: 'legacy', guest_metrics: 'OpaqueRef:NULL' }),
    });
    expect(reason(cmd('vm.shutdown'), sel('busy'), w)).toBe("'web' is busy: it is migrating");
    expect(reason(cmd('vm.reboot'), sel('away'), w)).toBe("'app' is on h2, which is shut down");
    expect(reason(cmd('vm.shutdown'), sel('bare'), w)).toBe("'legacy' has no guest tools running, so it cannot be shut down cleanly: use Force Shut Down");
    expect(reason(cmd('vm.suspend'), sel('bare'), w)).toBe("'legacy' has no guest tools running, so it cannot be suspended cleanly");
  });

  it('templates, snapshots, the control domain, and allowed_operations in words otherwise', () => {
    const w = world({
      t: vm({ name_label: 'Debian 12', is_a_template: true, power_state: 'Halted' }),
      s: vm({ name_label: 'before upgrade', is_a_snapshot: true, is_a_template: true, power_state: 'Halted', allowed_operations: ['destroy'] }),
      d: vm({ name_label: 'Control domain on host: h1', is_control_domain: true }),
      x: vm({ power_state: 'Halted', resident_on: 'OpaqueRef:NULL' }),
    });
    expect(reason(EXPORT_COMMAND, sel('t'), w)).toBe("'Debian 12' is a template");
    expect(reason(COPY_VM_COMMAND, sel('s'), w)).toBe("'before upgrade' is a snapshot");
    expect(reason(cmd('vm.start'), sel('d'), w)).toBe("'Control domain on host: h1' is the control domain of its server");
    // A snapshot's own commands: it must be a snapshot, then its allowed_operations decide.
    expect(reason(REVERT_SNAPSHOT_COMMAND, sel('s'), w)).toBe("The server does not allow 'before upgrade' to be reverted to now");
    expect(commandState(DELETE_SNAPSHOT_COMMAND, sel('s'), w).enabled).toBe(true);
    expect(reason(REVERT_SNAPSHOT_COMMAND, sel('x'), w)).toBe("'web' is not a snapshot");
    expect(reason(EXPORT_COMMAND, sel('x'), w)).toBe("The server does not allow 'web' to be exported now");
    expect(opPassive('hard_reboot')).toBe('forced to reboot');
    expect(opPassive('create_vtpm')).toBe('create vtpm');
    expect(vmRefusal(w, 'c1', 'gone', ['start'])).toBe('The VM is no longer on the server');
  });

  it('the selection: nothing, not VMs, several for a one-VM command; migration with nowhere to go', () => {
    const w = world({ a: vm({ allowed_operations: ['export', 'migrate_send'] }), b: vm({ name_label: 'db', allowed_operations: ['export'] }) });
    expect(reason(cmd('vm.shutdown'), [], w)).toBe('No VM is selected');
    expect(reason(cmd('vm.shutdown'), [...sel('a'), ...sel('p', 'pool')], w)).toBe('Select VMs only');
    expect(reason(EXPORT_COMMAND, [...sel('a'), ...sel('b')], w)).toBe('Select one VM');
    expect(reason(MIGRATE_COMMAND, sel('a'), w)).toBe('There is no other server to migrate it to: connect another pool or server');
  });
});

describe('pool and server command refusals', () => {
  it('HA: already on, not on, a server that is off', () => {
    const w = world({});
    expect(reason(ENABLE_HA, sel('p', 'pool'), w)).toBe('h2 is not reachable: HA needs every server of the pool running');
    expect(reason(DISABLE_HA, sel('p', 'pool'), w)).toBe('HA is not enabled on Lab');
    (w.objects.get('c1')!.get('pool')!.get('p') as Rec).ha_enabled = true;
    expect(reason(ENABLE_HA, sel('p', 'pool'), w)).toBe('HA is already enabled on Lab');
    expect(reason(ENABLE_HA, sel('h1', 'host'), w)).toBe('Select one pool');
  });

  it('server states, in words', () => {
    const w = world({});
    const [reconnect, disconnect] = SERVER_COMMANDS;
    expect(reason(reconnect, sel('p', 'pool'), w)).toBe('Lab is connected');
    expect(reason(disconnect, sel('c2', 'connection', 'c2'), w)).toBe('c2 is disconnected');
    expect(reason(disconnect, sel('a'), w)).toBe('Select a server or pool');
    const [connectAll, disconnectAll] = ALL_SERVERS_COMMANDS;
    expect(commandState(connectAll, [], w).enabled).toBe(true);
    const none = { connections: new Map(), objects: new Map() };
    expect(reason(disconnectAll, [], none)).toBe('There are no servers: use Add Server');
  });

  it('no greyed command without words, for any selection', () => {
    const w = world({
      a: vm({ allowed_operations: ['clean_shutdown'] }), b: vm({ power_state: 'Halted', resident_on: 'OpaqueRef:NULL' }),
      t: vm({ is_a_template: true, power_state: 'Halted' }), s: vm({ is_a_snapshot: true, power_state: 'Halted' }),
    });
    const every: Command[] = [...VM_COMMANDS, ...LIFECYCLE_COMMANDS, REVERT_SNAPSHOT_COMMAND, DELETE_SNAPSHOT_COMMAND, MIGRATE_COMMAND,
      EXPORT_COMMAND, ...POOL_COMMANDS, ...MEMBERSHIP_COMMANDS, OPERATIONS_COMMAND, NEW_VM_COMMAND, ...HOST_COMMANDS, ...SERVER_COMMANDS, ...ALL_SERVERS_COMMANDS];
    const selections: Selection[] = [[], sel('a'), sel('b'), sel('t'), sel('s'), [...sel('a'), ...sel('b')], sel('p', 'pool'), sel('h1', 'host'),
      sel('h2', 'host'), sel('sr1', 'sr'), sel('c2', 'connection', 'c2'), [...sel('a'), ...sel('h1', 'host')]];
    let greyed = 0;
    for (const c of every) {
      for (const s of selections) {
        const st = commandState(c, s, w);
        if (st.enabled) continue;
        greyed++;
        expect(st.reason, `${c.id} on ${JSON.stringify(s)}`).toMatch(/\w{3}/);
      }
    }
    expect(greyed).toBeGreaterThan(100);
  });
});

describe('networking buttons say why they are greyed', () => {
  it('Add Interface, Properties, Remove and Remove Network', async () => {
    const { addVifBlocker, vifRowBlocker, networkRowBlocker } = await import('../../renderer/src/features/networking/model');
    const w = world({ s: vm({ power_state: 'Suspended', VIFs: [] }), t: vm({ is_a_template: true, power_state: 'Halted' }), ok: vm({ VIFs: [] }) });
    expect(addVifBlocker(w, 'c1', 's')).toBe('The VM is suspended: interfaces change only while it is running or shut down');
    expect(addVifBlocker(w, 'c1', 't')).toBe("A template's interfaces are set on the VMs made from it");
    expect(addVifBlocker(w, 'c1', 'ok')).toBe('');
    const row = { ref: 'v', device: '0', mac: '', network: 'n', networkRef: 'n', ips: [], attached: true, canEdit: true, canRemove: false };
    expect(vifRowBlocker(undefined, 'edit', 'Running')).toBe('Select an interface first');
    expect(vifRowBlocker(row, 'edit', 'Running')).toBeUndefined();
    expect(vifRowBlocker(row, 'remove', 'Running')).toBe('The server does not allow this interface to be unplugged while the VM runs');
    expect(networkRowBlocker(undefined)).toBe('Select a network first');
  });
});

describe('a missing privilege', () => {
  it('greys what the session\'s role cannot call, naming the role it needs; root and unknown roles are not limited', () => {
    const w = world({ r: vm({ allowed_operations: ['clean_shutdown', 'hard_shutdown', 'destroy'] }) });
    const c1 = w.connections.get('c1')!;
    const shutdown = cmd('vm.shutdown');
    c1.role = 'read-only';
    expect(commandState(shutdown, sel('r'), w)).toEqual({ enabled: false, reason: 'Shut Down needs the VM Operator role or higher; your role on Lab is Read Only' });
    c1.role = 'vm-operator';
    expect(commandState(shutdown, sel('r'), w)).toEqual({ enabled: true });
    expect(reason(ENABLE_HA, sel('p', 'pool'), w)).toBe('Enable HA needs the Pool Operator role or higher; your role on Lab is VM Operator');
    expect(reason(HOST_COMMANDS.find((h) => h.id === 'host.reboot')!, sel('h1', 'host'), w)).toBe('Reboot needs the Pool Operator role or higher; your role on Lab is VM Operator');
    c1.role = 'pool-admin';
    expect(commandState(shutdown, sel('r'), w)).toEqual({ enabled: true });
    delete c1.role;
    expect(commandState(shutdown, sel('r'), w)).toEqual({ enabled: true });
  });
});

describe('host command refusals on a live server', () => {
  it('maintenance mode, an operation in progress, HA on Remove Server from Pool', () => {
    const w = world({});
    const host = (ref: string) => w.objects.get('c1')!.get('host')!.get(ref) as Rec;
    const byId = (id: string) => [...HOST_COMMANDS, ...MEMBERSHIP_COMMANDS].find((c) => c.id === id)!;
    Object.assign(host('h1'), { allowed_operations: ['evacuate'], current_operations: {} });
    expect(reason(byId('host.exitMaintenance'), sel('h1', 'host'), w)).toBe("'h1' is not in maintenance mode");
    Object.assign(host('h1'), { enabled: false, allowed_operations: ['enable'] });
    expect(reason(byId('host.enterMaintenance'), sel('h1', 'host'), w)).toBe("'h1' is disabled: use Exit Maintenance Mode to enable it");
    Object.assign(host('h1'), { enabled: true, allowed_operations: [], current_operations: { t: 'evacuate' } });
    expect(reason(byId('host.reboot'), sel('h1', 'host'), w)).toBe("'h1' is busy: evacuate is in progress");
    // A live member of a pool with HA on: XAPI refuses pool.eject with HA_IS_ENABLED.
    host('h2').metrics = 'hm1';
    const pool = w.objects.get('c1')!.get('pool')!.get('p') as Rec;
    Object.assign(pool, { master: 'h1', ha_enabled: true, allowed_operations: [] });
    expect(reason(byId('pool.removeServer'), sel('h2', 'host'), w)).toBe('HA is enabled on the pool: disable HA before removing a server.');
  });
});
