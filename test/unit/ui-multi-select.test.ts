// Choosing several rows of a list: click, Ctrl+click, Shift+click from the anchor.
import { describe, expect, it } from 'vitest';
import { pick } from '../../renderer/src/ui/multi-select';

const order = ['a', 'b', 'c', 'd', 'e'];
const none = { toggle: false, range: false };
const sorted = (s: ReadonlySet<string>) => [...s].sort();

describe('pick', () => {
  it('a click chooses that row alone and anchors there', () => {
    expect(pick(order, new Set(['a', 'b']), 'a', 'c', none)).toEqual({ selected: new Set(['c']), anchor: 'c' });
  });
  it('Ctrl adds a row or takes it out', () => {
    expect(sorted(pick(order, new Set(['a']), 'a', 'c', { toggle: true, range: false }).selected)).toEqual(['a', 'c']);
    expect(sorted(pick(order, new Set(['a', 'c']), 'c', 'a', { toggle: true, range: false }).selected)).toEqual(['c']);
  });
  it('Shift chooses the run from the anchor, either way; Ctrl+Shift adds the run', () => {
    expect(sorted(pick(order, new Set(['b']), 'b', 'd', { toggle: false, range: true }).selected)).toEqual(['b', 'c', 'd']);
    expect(sorted(pick(order, new Set(['d']), 'd', 'b', { toggle: false, range: true }).selected)).toEqual(['b', 'c', 'd']);
    expect(pick(order, new Set(['b']), 'b', 'd', { toggle: false, range: true }).anchor).toBe('b');
    expect(sorted(pick(order, new Set(['a']), 'c', 'e', { toggle: true, range: true }).selected)).toEqual(['a', 'c', 'd', 'e']);
  });
  it('Shift without an anchor in the list acts as a click', () => {
    expect(pick(order, new Set(), 'gone', 'c', { toggle: false, range: true })).toEqual({ selected: new Set(['c']), anchor: 'c' });
  });
});
