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
    expect(taskWords('Async.VM.set_shadow_multiplier_live', 'web')).toBe("VM: set shadow multiplier live 'web'");
    expect(taskWords('Export of VM web')).toBe('Export of VM web');
    expect(taskWords('')).toBe('Task');
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
