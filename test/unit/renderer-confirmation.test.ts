// The questions the VM power commands ask before they run (XenCenter's CONFIRM_*_VM* wording):
// which commands ask, one VM or several, the VMs named, and the forced ones saying that running
// tasks are cancelled when the VM has any.
import { describe, expect, it } from 'vitest';
import { VM_COMMANDS } from '../../renderer/src/features/vm-power/commands';
import { confirmationQuestion } from '../../renderer/src/framework/confirmation';
import type { ConnObjects } from '../../renderer/src/state/store';

const vms: ConnObjects = new Map([['vm', new Map<string, Record<string, unknown>>([
  ['a', { name_label: 'web', current_operations: {} }],
  ['b', { name_label: 'db', current_operations: { 'OpaqueRef:t1': 'snapshot' } }],
])]]);
const store = { connections: new Map(), objects: new Map([['c1', vms]]) };
const sel = (...refs: string[]) => refs.map((ref) => ({ connectionId: 'c1', cls: 'vm', ref }));
const cmd = (id: string) => VM_COMMANDS.find((c) => c.id === id)!;

describe('power command confirmations', () => {
  it('Shut Down, Reboot, Suspend, Force Shut Down and Force Reboot ask; Start, Resume, Pause, Unpause do not', () => {
    expect(VM_COMMANDS.filter((c) => c.confirmation).map((c) => c.id).sort())
      .toEqual(['vm.forceReboot', 'vm.forceShutdown', 'vm.reboot', 'vm.shutdown', 'vm.suspend']);
  });

  it('one VM: XenCenter\'s title and text, the VM named', () => {
    expect(confirmationQuestion(cmd('vm.shutdown').confirmation!, sel('a'), store))
      .toEqual({ id: 'vm.shutdown', title: 'Shut Down VM', text: 'Are you sure you want to shut down the selected VM?', names: ['web'] });
    expect(confirmationQuestion(cmd('vm.suspend').confirmation!, sel('a'), store).title).toBe('Suspend VM');
    expect(confirmationQuestion(cmd('vm.forceReboot').confirmation!, sel('a'), store).text)
      .toBe('Are you sure you want to forcibly reboot the selected VM? This operation can result in data loss.');
  });

  it('several VMs: the plural question, every VM named', () => {
    const q = confirmationQuestion(cmd('vm.reboot').confirmation!, sel('a', 'b'), store);
    expect(q).toMatchObject({ title: 'Reboot Multiple VMs', text: 'Are you sure you want to reboot the selected VMs?', names: ['web', 'db'] });
  });

  it('a forced command on a VM with tasks running says they are cancelled', () => {
    expect(confirmationQuestion(cmd('vm.forceShutdown').confirmation!, sel('b'), store).text)
      .toBe('Are you sure you want to forcibly shut down the selected VM? This operation will cancel all running tasks for the VM and can result in data loss.');
    expect(confirmationQuestion(cmd('vm.forceShutdown').confirmation!, sel('a', 'b'), store))
      .toMatchObject({ title: 'Force Shut Down Multiple VMs', text: expect.stringContaining('cancel all running tasks for each of the selected VMs') });
    // A clean shutdown does not cancel anything: same question either way.
    expect(confirmationQuestion(cmd('vm.shutdown').confirmation!, sel('b'), store).text).toBe('Are you sure you want to shut down the selected VM?');
  });
});
