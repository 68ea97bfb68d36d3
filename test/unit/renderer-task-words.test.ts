// Events rows in words, and times that carry their date when not today.
import { describe, expect, it } from 'vitest';
import { taskMethod, taskWords } from '../../renderer/src/xapi-model/task-words';
import { formatTime } from '../../renderer/src/xapi-model/format';
import { taskTitle } from '../../renderer/src/app/EventsPanel';
import type { TaskEntry } from '../../renderer/src/state/store';

const task = (nameLabel: string, targetName?: string): TaskEntry & { targetName?: string } =>
  ({ key: 'k', connectionId: 'c', ref: 'OpaqueRef:t', nameLabel, status: 'pending', progress: 0, created: 1, finished: 0, errorInfo: [], targetName });

describe('task words', () => {
  it('says what a method does, with the object named when known', () => {
    expect(taskMethod('Async.VM.checkpoint')).toBe('VM.checkpoint');
    expect(taskMethod("New VM 'web'")).toBe('');
    expect(taskWords('Async.VM.checkpoint', 'web-01')).toBe("Taking checkpoint of 'web-01'");
    expect(taskWords('Async.VM.checkpoint')).toBe('Taking checkpoint');
    expect(taskWords('Async.host.evacuate', 'xcp-host-02')).toBe("Migrating the VMs off server 'xcp-host-02'");
    expect(taskWords('VM.snapshot', 'db')).toBe("Taking snapshot of 'db'");
    // A method without words of its own still reads as words; a client's own title stays.
    expect(taskWords('Async.VM.call_plugin', 'web')).toBe("VM: call plugin 'web'");
    expect(taskWords('Export of VM web')).toBe('Export of VM web');
    expect(taskWords('')).toBe('Task');
  });

  it('names the object of every task our commands start, where its first argument is one (the VM, the disk, the SR)', () => {
    expect(taskWords('Async.VM.set_memory_dynamic_range', 'web01')).toBe("Changing the memory of 'web01'");
    expect(taskWords('Async.VM.set_memory_limits', 'web01')).toBe("Changing the memory of 'web01'");
    expect(taskWords('Async.VM.set_memory_dynamic_range')).toBe('Changing the memory');
    expect(taskWords('Async.VM.set_VCPUs_number_live', 'web01')).toBe("Changing the vCPUs of 'web01'");
    expect(taskWords('Async.VDI.resize_online', 'data')).toBe("Resizing disk 'data'");
    expect(taskWords('Async.SR.reclaim_space', 'NFS')).toBe("Reclaiming freed space on 'NFS'");
    expect(taskWords('Async.SR.reclaim_space')).toBe('Reclaiming freed space');
    expect(taskWords('Async.pool.enable_external_auth', 'Demo Pool')).toBe("Joining pool 'Demo Pool' to a domain");
    expect(taskWords('Async.pool.disable_external_auth')).toBe('Removing pool from its domain');
    // Every method the commands start as a task has words of its own (not "VM: set …").
    const started = ['VM.clone', 'VM.copy', 'VM.snapshot', 'VM.checkpoint', 'VM.snapshot_with_quiesce', 'VM.revert', 'VM.export', 'VM.pool_migrate', 'VM.migrate_send',
      'VM.set_memory_dynamic_range', 'VM.set_memory_limits', 'VM.start', 'VM.clean_shutdown', 'VM.hard_shutdown', 'VM.clean_reboot', 'VM.hard_reboot', 'VM.suspend',
      'VM.resume', 'VM.pause', 'VM.unpause', 'VM.assert_can_boot_here', 'VBD.create', 'VBD.destroy', 'VBD.plug', 'VBD.unplug', 'VBD.insert', 'VBD.eject',
      'VDI.create', 'VDI.destroy', 'VDI.resize', 'VDI.resize_online', 'VDI.pool_migrate', 'VDI.copy', 'VIF.create', 'VIF.destroy', 'VIF.plug', 'VIF.unplug', 'VIF.move',
      'VLAN.destroy', 'network.create', 'network.destroy', 'pool.create_VLAN_from_PIF', 'pool.join', 'pool.eject', 'pool.enable_ha', 'pool.disable_ha',
      'pool.enable_external_auth', 'pool.disable_external_auth',
      'host.evacuate', 'host.reboot', 'host.shutdown', 'host.disable', 'host.enable', 'host.restart_agent', 'host.power_on',
      'SR.scan', 'SR.create', 'SR.destroy', 'SR.forget', 'SR.probe', 'SR.probe_ext', 'SR.introduce', 'PBD.create', 'PBD.plug', 'PBD.unplug'];
    for (const m of started) expect(taskWords(`Async.${m}`, 'x'), m).not.toMatch(/^[A-Za-z]+: /);
  });

  it('the Events panel titles other clients\' tasks in words; the commands\' own titles win', () => {
    expect(taskTitle(task('Async.VM.checkpoint', 'web-01'), undefined)).toBe("Taking checkpoint of 'web-01'");
    expect(taskTitle(task('Async.VM.start', 'web-01'), undefined)).toBe("Starting VM 'web-01'");
    expect(taskTitle(task('Async.VM.pool_migrate'), undefined)).toBe('Migrating VM');
    expect(taskTitle(task('Async.VM.checkpoint'), { title: 'Taking snapshot', vm: 'db' })).toBe("Taking snapshot 'db'");
  });
});

describe('times', () => {
  it('today: the time alone; another day: the date too', () => {
    const now = new Date(2026, 11, 6, 20, 0, 0).getTime();
    const earlier = new Date(2026, 11, 6, 19, 10, 27).getTime();
    const yesterday = new Date(2026, 11, 5, 19, 10, 27).getTime();
    expect(formatTime(earlier, now)).toBe(new Date(earlier).toLocaleTimeString());
    expect(formatTime(yesterday, now)).toBe(new Date(yesterday).toLocaleString());
    expect(formatTime(yesterday, now)).toContain(new Date(yesterday).toLocaleDateString());
    expect(formatTime(0, now)).toBe('');
  });
});
