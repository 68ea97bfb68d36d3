import { describe, expect, it } from 'vitest';
import type { RequestArgs, RequestChannel, RequestResult, BridgeEvent } from '../../shared/ipc/contract';
import type { Bridge } from '../../renderer/src/bridge/types';
import { BridgeError } from '../../renderer/src/bridge/types';
import { VM_COMMANDS } from '../../renderer/src/features/vm-power/commands';
import { runCommand } from '../../renderer/src/framework/run-command';
import { contextMenuGroups } from '../../renderer/src/app/menu-model';
import { createAppStore } from '../../renderer/src/state/store';
import { ENUMS } from '../../shared/xapi/model';

/** A Bridge that records requests and answers callAsync with a task ref (or fails on demand). */
class RecordingBridge implements Bridge {
  calls: Array<{ channel: string; args: unknown }> = [];
  fail: BridgeError | null = null;
  async request<C extends RequestChannel>(channel: C, args: RequestArgs<C>): Promise<RequestResult<C>> {
    this.calls.push({ channel, args });
    if (this.fail) throw this.fail;
    return { taskRef: `OpaqueRef:task-${this.calls.length}` } as RequestResult<C>;
  }
  subscribe(_l: (e: BridgeEvent) => void): () => void { return () => {}; }
}

const EXPECTED: Array<[string, string, string, unknown[]]> = [
  ['Start', 'start', 'VM.start', [false, false]],
  ['Shut Down', 'clean_shutdown', 'VM.clean_shutdown', []],
  ['Force Shut Down', 'hard_shutdown', 'VM.hard_shutdown', []],
  ['Reboot', 'clean_reboot', 'VM.clean_reboot', []],
  ['Force Reboot', 'hard_reboot', 'VM.hard_reboot', []],
  ['Suspend', 'suspend', 'VM.suspend', []],
  ['Resume', 'resume', 'VM.resume', [false, false]],
  ['Pause', 'pause', 'VM.pause', []],
  ['Unpause', 'unpause', 'VM.unpause', []],
];

function storeWithVm(allowed: string[], extra: Record<string, unknown> = {}) {
  const store = createAppStore();
  store.getState().applySnapshot({
    connections: [{ id: 'c1', url: 'https://h', hostname: 'h', user: 'root', status: 'connected', saved: false, hasStoredPassword: false, poolMembers: [] }],
    deltas: [{ connectionId: 'c1', reset: true, changes: [
      { cls: 'vm', ref: 'OpaqueRef:vm1', op: 'add', record: { name_label: 'Web 1', power_state: 'Running', allowed_operations: allowed, ...extra } },
      { cls: 'vm', ref: 'OpaqueRef:vm2', op: 'add', record: { name_label: 'Web 2', power_state: 'Halted', allowed_operations: ['start'] } },
      { cls: 'host', ref: 'OpaqueRef:h1', op: 'add', record: { name_label: 'host', allowed_operations: ['start', 'clean_shutdown'] } },
    ] }],
  });
  return store;
}

const sel = (ref = 'OpaqueRef:vm1', cls = 'vm') => [{ connectionId: 'c1', cls, ref }];

describe('VM commands', () => {
  it('have the exact labels, in toolbar order', () => {
    expect(VM_COMMANDS.map((c) => c.label)).toEqual(EXPECTED.map((e) => e[0]));
    // The VM context menu starts with them, in the same order.
    expect(contextMenuGroups(sel())[0]).toEqual(VM_COMMANDS);
  });

  for (const [label, op, method, extra] of EXPECTED) {
    describe(label, () => {
      const cmd = VM_COMMANDS.find((c) => c.label === label)!;

      it(`is enabled exactly when allowed_operations contains ${op}`, () => {
        expect(cmd.canExecute(sel(), storeWithVm([op]).getState())).toBe(true);
        const others = ENUMS.vm_operations.filter((o) => o !== op);
        expect(cmd.canExecute(sel(), storeWithVm(others).getState())).toBe(false);
        expect(cmd.canExecute(sel(), storeWithVm([]).getState())).toBe(false);
        // The client's own rules do not matter: a Halted VM whose server allows the op is enabled.
        expect(cmd.canExecute(sel(), storeWithVm([op], { power_state: 'Halted' }).getState())).toBe(true);
        expect(cmd.canExecute([], storeWithVm([op]).getState())).toBe(false);
        expect(cmd.canExecute(sel('OpaqueRef:h1', 'host'), storeWithVm([op]).getState())).toBe(false);
        expect(cmd.canExecute(sel('OpaqueRef:missing'), storeWithVm([op]).getState())).toBe(false);
        // Multi-selection: every VM must allow it.
        const both = [...sel(), ...sel('OpaqueRef:vm2')];
        expect(cmd.canExecute(both, storeWithVm([op]).getState())).toBe(op === 'start');
      });

      it(`sends xapi.callAsync ${method}`, async () => {
        const bridge = new RecordingBridge();
        const store = storeWithVm([op]);
        const out = await cmd.execute(sel(), bridge, store.getState());
        expect(bridge.calls).toEqual([{ channel: 'xapi.callAsync', args: { connectionId: 'c1', method, args: ['OpaqueRef:vm1', ...extra] } }]);
        expect(out).toHaveLength(1);
        expect(out[0]).toMatchObject({ taskRef: 'OpaqueRef:task-1', vm: 'Web 1' });
      });
    });
  }

  it('runCommand records the task title and VM for the Events panel', async () => {
    const bridge = new RecordingBridge();
    const store = storeWithVm(['clean_shutdown']);
    const alerts: string[] = [];
    await runCommand(VM_COMMANDS[1], sel(), bridge, store, (m) => alerts.push(m));
    expect(store.getState().ownTasks.get('c1\u0000OpaqueRef:task-1')).toEqual({ title: 'Shutting down VM', vm: 'Web 1', ref: 'OpaqueRef:vm1' });
    expect(alerts).toEqual([]);
  });

  it('runCommand does nothing when the command cannot execute', async () => {
    const bridge = new RecordingBridge();
    await runCommand(VM_COMMANDS[0], sel(), bridge, storeWithVm(['clean_shutdown']), () => {});
    expect(bridge.calls).toEqual([]);
  });

  it('runCommand sends nothing for a server that is not connected, and says why (a dialog opened before it was lost)', async () => {
    const bridge = new RecordingBridge();
    const store = storeWithVm(['clean_shutdown']);
    store.getState().applyConnection({ ...store.getState().connections.get('c1')!, status: 'reconnecting' });
    const alerts: string[] = [];
    await runCommand(VM_COMMANDS[1], sel(), bridge, store, (m) => alerts.push(m));
    expect(bridge.calls).toEqual([]);
    expect(alerts).toEqual(['Shut Down cannot run: The connection to host is not connected']); // named by its host
  });

  it('a rejected request becomes a failed task row and an alert with words and code', async () => {
    const bridge = new RecordingBridge();
    bridge.fail = new BridgeError({ code: 'VM_BAD_POWER_STATE', params: ['OpaqueRef:vm1', 'halted', 'running'], message: 'VM_BAD_POWER_STATE' });
    const store = storeWithVm(['start']);
    const alerts: string[] = [];
    await runCommand(VM_COMMANDS[0], sel(), bridge, store, (m) => alerts.push(m));
    const tasks = [...store.getState().tasks.values()];
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({ status: 'failure', errorInfo: ['VM_BAD_POWER_STATE', 'OpaqueRef:vm1', 'halted', 'running'], local: true });
    expect(store.getState().ownTasks.get(tasks[0].key)).toEqual({ title: 'Starting VM', vm: 'Web 1' });
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toContain('(VM_BAD_POWER_STATE)');
    expect(alerts[0]).toContain("Starting VM 'Web 1' failed");
  });
});
