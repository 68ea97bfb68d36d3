// The snapshot schedule's words, the schedule map sent to xapi, the next run (XenCenter's
// GetNextRunTime), the last result from the VMSS messages, and which calls Properties and Delete send.
import { describe, expect, it } from 'vitest';
import {
  choiceOf, frequencyWords, lastResult, nextRun, scheduleMap, scheduleProblems, serverTimeText, typeWords,
} from '../../renderer/src/features/snapshot-schedules/schedule-model';
import { deleteSteps, editSteps, type ScheduleDraft } from '../../renderer/src/features/snapshot-schedules/schedule-calls';
import type { ScheduleRow } from '../../renderer/src/features/snapshot-schedules/pool-schedules';

const at = (iso: string) => Date.parse(iso);

describe('schedule words and map', () => {
  it('words each frequency as XenCenter does', () => {
    expect(frequencyWords('hourly', { min: '15' })).toBe('Hourly; at 15 minutes past each hour');
    expect(frequencyWords('daily', { hour: '2', min: '30' })).toBe('Daily; at 02:30');
    expect(frequencyWords('weekly', { hour: '23', min: '45', days: 'Friday,monday' })).toBe('Weekly; at 23:45 every Monday, Friday');
    expect(frequencyWords('monthly', {})).toBe('Unknown');
    expect(typeWords('checkpoint')).toBe('Disk and memory snapshots');
    expect(typeWords('snapshot_with_quiesce')).toBe('Quiesced snapshots');
  });

  it('builds exactly the keys xapi takes for each frequency', () => {
    expect(scheduleMap({ frequency: 'hourly', min: 45, hour: 7, days: ['Monday'] })).toEqual({ min: '45' });
    expect(scheduleMap({ frequency: 'daily', min: 0, hour: 7, days: ['Monday'] })).toEqual({ hour: '7', min: '0' });
    expect(scheduleMap({ frequency: 'weekly', min: 15, hour: 22, days: ['Sunday', 'Monday'] })).toEqual({ hour: '22', min: '15', days: 'Monday,Sunday' });
    expect(choiceOf('weekly', { hour: '22', min: '15', days: 'Monday,Sunday' })).toEqual({ frequency: 'weekly', hour: 22, min: 15, days: ['Monday', 'Sunday'] });
    expect(choiceOf('bogus', {})).toEqual({ frequency: 'daily', hour: 0, min: 0, days: ['Monday'] });
  });

  it('refuses a weekly schedule without days and a retention outside 1..10', () => {
    expect(scheduleProblems({ frequency: 'weekly', min: 0, hour: 0, days: [] }, 7)).toEqual(['Choose at least one day of the week']);
    expect(scheduleProblems({ frequency: 'daily', min: 0, hour: 0, days: [] }, 11)).toEqual(['Keep between 1 and 10 snapshots']);
    expect(scheduleProblems({ frequency: 'daily', min: 0, hour: 0, days: [] }, 1)).toEqual([]);
  });
});

describe('next run (server clock, UTC)', () => {
  const now = at('2026-12-09T10:20:00Z'); // a Wednesday
  it('hourly: this hour\'s minute, or the next hour\'s once it has passed', () => {
    expect(nextRun({ frequency: 'hourly', min: 30, hour: 0, days: [] }, now)).toBe(at('2026-12-09T10:30:00Z'));
    expect(nextRun({ frequency: 'hourly', min: 15, hour: 0, days: [] }, now)).toBe(at('2026-12-09T11:15:00Z'));
    expect(nextRun({ frequency: 'hourly', min: 15, hour: 0, days: [] }, at('2026-12-31T23:50:00Z'))).toBe(at('2027-01-01T00:15:00Z'));
  });
  it('daily: today at the time, or tomorrow', () => {
    expect(nextRun({ frequency: 'daily', min: 0, hour: 11, days: [] }, now)).toBe(at('2026-12-09T11:00:00Z'));
    expect(nextRun({ frequency: 'daily', min: 15, hour: 10, days: [] }, now)).toBe(at('2026-12-10T10:15:00Z'));
    expect(nextRun({ frequency: 'daily', min: 20, hour: 10, days: [] }, now)).toBe(now);
  });
  it('weekly: the soonest chosen day, this week\'s today only when the time is still ahead', () => {
    expect(nextRun({ frequency: 'weekly', min: 0, hour: 9, days: ['Monday', 'Friday'] }, now)).toBe(at('2026-12-11T09:00:00Z'));
    expect(nextRun({ frequency: 'weekly', min: 0, hour: 9, days: ['Wednesday'] }, now)).toBe(at('2026-12-16T09:00:00Z'));
    expect(nextRun({ frequency: 'weekly', min: 0, hour: 12, days: ['Wednesday'] }, now)).toBe(at('2026-12-09T12:00:00Z'));
    expect(nextRun({ frequency: 'weekly', min: 0, hour: 12, days: [] }, now)).toBeUndefined();
    expect(serverTimeText(at('2026-12-11T09:00:00Z'))).toBe('Fri 11 Dec 2026 09:00');
  });
});

describe('last result', () => {
  it('is the newest VMSS message, or not yet run', () => {
    expect(lastResult([])).toEqual({ words: 'Not yet run', failed: false });
    const r = lastResult([
      { name: 'VMSS_SNAPSHOT_SUCCEEDED', timestamp: 1, body: 'ok' },
      { name: 'VMSS_SNAPSHOT_FAILED', timestamp: 2, body: 'SR_FULL' },
    ]);
    expect(r).toEqual({ words: 'Failed', failed: true, at: 2, body: 'SR_FULL' });
  });
});

describe('the calls Properties and Delete send', () => {
  const row: ScheduleRow = {
    ref: 'OpaqueRef:s', uuid: 'u', name: 'Nightly', description: '', enabled: true, type: 'snapshot', frequency: 'daily',
    schedule: { hour: '2', min: '0' }, choice: choiceOf('daily', { hour: '2', min: '0' }), retained: 7, vms: ['OpaqueRef:a', 'OpaqueRef:b'], lastRun: 0, messages: [],
  };
  const same: ScheduleDraft = { name: 'Nightly', description: '', vms: ['OpaqueRef:a', 'OpaqueRef:b'], type: 'snapshot', choice: row.choice, retained: 7 };
  const name = (r: string) => r.slice(10);

  it('sends nothing when nothing changed', () => {
    expect(editSteps(row, same, name)).toEqual([]);
  });

  it('sends only what changed: VMs leaving before those joining, the frequency before its map', () => {
    const steps = editSteps(row, { ...same, name: 'Weekly', vms: ['OpaqueRef:b', 'OpaqueRef:c'], choice: { frequency: 'weekly', hour: 3, min: 15, days: ['Saturday'] }, retained: 3 }, name);
    expect(steps.map((s) => [s.method, ...s.args])).toEqual([
      ['VMSS.set_name_label', 'OpaqueRef:s', 'Weekly'],
      ['VM.set_snapshot_schedule', 'OpaqueRef:a', 'OpaqueRef:NULL'],
      ['VM.set_snapshot_schedule', 'OpaqueRef:c', 'OpaqueRef:s'],
      ['VMSS.set_frequency', 'OpaqueRef:s', 'weekly'],
      ['VMSS.set_schedule', 'OpaqueRef:s', { hour: '3', min: '15', days: 'Saturday' }],
      ['VMSS.set_retained_snapshots', 'OpaqueRef:s', 3],
    ]);
  });

  it('Delete takes every VM out, then destroys the schedule', () => {
    expect(deleteSteps(row, name).map((s) => [s.method, ...s.args])).toEqual([
      ['VM.set_snapshot_schedule', 'OpaqueRef:a', 'OpaqueRef:NULL'],
      ['VM.set_snapshot_schedule', 'OpaqueRef:b', 'OpaqueRef:NULL'],
      ['VMSS.destroy', 'OpaqueRef:s'],
    ]);
  });
});
