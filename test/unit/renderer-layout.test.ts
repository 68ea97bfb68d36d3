import { describe, expect, it } from 'vitest';
import { EVENTS_DEFAULT, EVENTS_MIN, clampEventsHeight, eventsHeightForKey, eventsMax, parseStoredSize } from '../../renderer/src/ui/panel-size';
import { foldCount } from '../../renderer/src/ui/toolbar-fold';
import { finishedKeys, isFinished, visibleRows } from '../../renderer/src/app/task-dismiss';

describe('Events panel size', () => {
  it('stays between its minimum and what leaves the workspace room', () => {
    expect(clampEventsHeight(10, 700)).toBe(EVENTS_MIN);
    expect(clampEventsHeight(5000, 700)).toBe(eventsMax(700));
    expect(eventsMax(700)).toBeLessThan(700);
    expect(clampEventsHeight(NaN, 700)).toBe(EVENTS_DEFAULT);
    // A window too small for both: the panel keeps its minimum.
    expect(clampEventsHeight(300, 200)).toBe(EVENTS_MIN);
  });
  it('grows with ArrowUp, shrinks with ArrowDown, Home/End go to the ends, other keys do nothing', () => {
    expect(eventsHeightForKey('ArrowUp', 200, 900)).toBe(216);
    expect(eventsHeightForKey('ArrowDown', 200, 900)).toBe(184);
    expect(eventsHeightForKey('ArrowUp', 200, 900, true)).toBe(264);
    expect(eventsHeightForKey('Home', 200, 900)).toBe(EVENTS_MIN);
    expect(eventsHeightForKey('End', 200, 900)).toBe(eventsMax(900));
    expect(eventsHeightForKey('ArrowLeft', 200, 900)).toBeNull();
  });
  it('reads back only a positive number from local storage', () => {
    expect(parseStoredSize('240', 200)).toBe(240);
    expect(parseStoredSize(null, 200)).toBe(200);
    expect(parseStoredSize('abc', 200)).toBe(200);
    expect(parseStoredSize('-5', 200)).toBe(200);
  });
});

describe('toolbar folding', () => {
  it('shows everything and no » when all fit', () => {
    expect(foldCount([100, 100, 100], 300, 30)).toBe(3);
  });
  it('folds from the end, leaving room for the » button', () => {
    expect(foldCount([100, 100, 100], 299, 30)).toBe(2);
    expect(foldCount([100, 100, 100], 229, 30)).toBe(1);
    expect(foldCount([100, 100, 100], 50, 30)).toBe(0);
  });
});

describe('dismissing Events rows', () => {
  const row = (key: string, status: string, gone = false) => ({ task: { key, status, gone } });
  it('a task is finished when it ended or the server destroyed it while pending', () => {
    expect(isFinished({ key: 'a', status: 'failure' })).toBe(true);
    expect(isFinished({ key: 'a', status: 'success' })).toBe(true);
    expect(isFinished({ key: 'a', status: 'pending' })).toBe(false);
    expect(isFinished({ key: 'a', status: 'pending', gone: true })).toBe(true);
  });
  it('hides dismissed finished rows, never a running one; "all finished" lists only finished ones', () => {
    const rows = [row('a', 'failure'), row('b', 'pending'), row('c', 'success')];
    expect(visibleRows(rows, new Set(['a', 'b'])).map((r) => r.task.key)).toEqual(['b', 'c']);
    expect(finishedKeys(rows)).toEqual(['a', 'c']);
  });
});
