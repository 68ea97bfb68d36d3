// The servers' clock as the schedules' windows read it (host.get_servertime / get_server_localtime): the time zone
// to the quarter hour, the skew against this machine, and a schedule's next run on both clocks.
import { describe, expect, it } from 'vitest';
import { instantOf, readServerClock, serverWallNow, zoneText } from '../../renderer/src/features/snapshot-schedules/server-clock';
import { nextRun } from '../../renderer/src/features/snapshot-schedules/schedule-model';
import { taskWords } from '../../renderer/src/xapi-model/task-words';

const at = (iso: string) => Date.parse(iso);
const MIN = 60_000;

describe('readServerClock', () => {
  it('reads the zone (to the quarter hour, the two answers a second apart) and the skew', () => {
    const c = readServerClock('20261208T02:00:10Z', '20261208T07:30:11', at('2026-12-08T02:00:00Z'))!;
    expect(c).toEqual({ offsetMs: 330 * MIN, skewMs: 10_000 });
    expect(zoneText(c.offsetMs)).toBe('UTC+05:30');
    expect(readServerClock('2026-12-08T02:00:00Z', '2026-12-07T22:00:00', at('2026-12-08T02:00:00Z'))).toEqual({ offsetMs: -240 * MIN, skewMs: 0 });
    expect(zoneText(-240 * MIN)).toBe('UTC-04:00');
    expect(zoneText(0)).toBe('UTC');
  });

  it('refuses answers that are not dates', () => {
    expect(readServerClock('soon', '20261208T07:30:11', 0)).toBeUndefined();
    expect(readServerClock('20261208T02:00:10Z', '', 0)).toBeUndefined();
  });
});

describe('the next run on both clocks', () => {
  it('a daily 09:00 on a UTC+05:30 server two minutes fast: 09:00 there, 03:28 UTC here', () => {
    const here = at('2026-12-08T02:00:00Z');
    const c = { offsetMs: 330 * MIN, skewMs: 2 * MIN };
    const wall = serverWallNow(c, here);
    expect(new Date(wall).toISOString()).toBe('2026-12-08T07:32:00.000Z');
    const next = nextRun({ frequency: 'daily', hour: 9, min: 0, days: [] }, wall)!;
    expect(new Date(next).toISOString()).toBe('2026-12-08T09:00:00.000Z');
    expect(new Date(instantOf(c, next)).toISOString()).toBe('2026-12-08T03:28:00.000Z');
  });

  it('a scheduled run\'s task reads as the schedule running', () => {
    expect(taskWords('Async.VMSS.snapshot_now')).toBe('Running snapshot schedule');
    expect(taskWords('Async.VMSS.snapshot_now', 'nightly')).toBe("Running snapshot schedule 'nightly'");
  });
});
