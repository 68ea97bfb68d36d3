// Several rows of a list selected at once (ui/list-selection.ts), as a Windows list view: click,
// Ctrl-click, Shift-click, the arrows with and without Shift/Ctrl, Ctrl+Space, Ctrl+A, and rows that go.
import { describe, expect, it } from 'vitest';
import { EMPTY_SELECTION, clickSelect, keepPresent, keySelect, type ListSelection } from '../../renderer/src/ui/list-selection';

const ORDER = ['a', 'b', 'c', 'd', 'e'];
const none = { ctrl: false, shift: false };
const ctrl = { ctrl: true, shift: false };
const shift = { ctrl: false, shift: true };

describe('mouse', () => {
  it('a click selects one row; Ctrl-click adds and removes; Shift-click takes the range from the anchor', () => {
    let s = clickSelect(ORDER, EMPTY_SELECTION, 'b', none);
    expect(s).toEqual({ ids: ['b'], anchor: 'b', focus: 'b' });
    s = clickSelect(ORDER, s, 'd', ctrl);
    expect(s.ids).toEqual(['b', 'd']);
    s = clickSelect(ORDER, s, 'b', ctrl);
    expect(s).toEqual({ ids: ['d'], anchor: 'b', focus: 'b' });
    s = clickSelect(ORDER, clickSelect(ORDER, EMPTY_SELECTION, 'b', none), 'e', shift);
    expect(s).toEqual({ ids: ['b', 'c', 'd', 'e'], anchor: 'b', focus: 'e' });
    // The anchor stays: Shift-click upwards from it takes the other side.
    expect(clickSelect(ORDER, s, 'a', shift).ids).toEqual(['a', 'b']);
    // Ctrl+Shift adds the range to what was selected.
    const two = clickSelect(ORDER, clickSelect(ORDER, EMPTY_SELECTION, 'a', none), 'c', ctrl);
    expect(clickSelect(ORDER, two, 'e', { ctrl: true, shift: true }).ids).toEqual(['a', 'c', 'd', 'e']);
    // A row the list does not have changes nothing.
    expect(clickSelect(ORDER, s, 'zz', none)).toBe(s);
  });
});

describe('keyboard', () => {
  const at = (id: string): ListSelection => ({ ids: [id], anchor: id, focus: id });
  it('arrows move the selection; Shift extends it from the anchor; Ctrl moves the focus alone and Ctrl+Space toggles', () => {
    expect(keySelect(ORDER, at('b'), 'ArrowDown', none)).toEqual(at('c'));
    expect(keySelect(ORDER, at('a'), 'ArrowUp', none)).toEqual(at('a'));
    expect(keySelect(ORDER, at('b'), 'End', none)).toEqual(at('e'));
    let s = keySelect(ORDER, at('b'), 'ArrowDown', shift)!;
    s = keySelect(ORDER, s, 'ArrowDown', shift)!;
    expect(s).toEqual({ ids: ['b', 'c', 'd'], anchor: 'b', focus: 'd' });
    expect(keySelect(ORDER, s, 'Home', shift)!.ids).toEqual(['a', 'b']);
    const moved = keySelect(ORDER, at('b'), 'ArrowDown', ctrl)!;
    expect(moved).toEqual({ ids: ['b'], anchor: 'b', focus: 'c' });
    expect(keySelect(ORDER, moved, ' ', ctrl)!.ids).toEqual(['b', 'c']);
    expect(keySelect(ORDER, at('b'), 'a', ctrl)!.ids).toEqual(ORDER);
    expect(keySelect(ORDER, at('b'), 'x', none)).toBeNull();
    expect(keySelect([], EMPTY_SELECTION, 'ArrowDown', none)).toBeNull();
  });

  it('rows that went leave the selection, the anchor and the focus', () => {
    const s = { ids: ['b', 'c', 'd'], anchor: 'b', focus: 'd' };
    expect(keepPresent(['a', 'c', 'e'], s)).toEqual({ ids: ['c'], anchor: null, focus: null });
    expect(keepPresent(ORDER, s)).toBe(s);
  });
});
