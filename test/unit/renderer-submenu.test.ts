// A command's submenu (framework/command.ts `submenu`) as the menus draw it: each entry greyed with its reason,
// its check mark, its separator, and choosing it runs that entry's command on the same selection. The palette
// leaves the parent out: it does nothing without its drop-down.
import { describe, expect, it, vi } from 'vitest';
import { submenuItems } from '../../renderer/src/app/submenu-items';
import { selectionEntries } from '../../renderer/src/app/palette/sources';
import { at, type Feature } from '../../renderer/src/framework/feature';
import type { Command } from '../../renderer/src/framework/command';
import type { UiState } from '../../renderer/src/state/ui';
import { conn, ObjectsFixture } from '../support/store-fixtures';

const child = (id: string, can: boolean): Command => ({
  id, label: id, canExecute: () => can, disabledReason: () => `no ${id}`, async execute() { return []; },
});
const A = child('a', true);
const B = child('b', false);
const PARENT: Command = {
  id: 'parent', label: 'Parent', canExecute: () => true, async execute() { return []; },
  submenu: () => [{ command: A }, { command: B, checked: true, separatorBefore: true }],
};
const objects = new ObjectsFixture().add('vm', 'OpaqueRef:vm', { name_label: 'web', is_a_template: false, is_a_snapshot: false });
const store = { connections: new Map([['c', conn('c')]]), objects: new Map([['c', objects.objects]]) };
const selection = [{ connectionId: 'c', cls: 'vm', ref: 'OpaqueRef:vm' }];

describe('submenuItems', () => {
  it('draws each entry with its state, check mark and separator', () => {
    const items = submenuItems(PARENT, selection, store, () => {});
    expect(items.map((i) => [i.label, i.disabled, i.title, i.checked, i.separatorBefore]))
      .toEqual([['a', false, undefined, undefined, undefined], ['b', true, 'no b', true, true]]);
  });

  it('runs the chosen entry on the same selection', () => {
    const run = vi.fn();
    submenuItems(PARENT, selection, store, run)[0].onSelect();
    expect(run).toHaveBeenCalledWith(A, selection);
  });

  it('is empty for a command without a submenu', () => {
    expect(submenuItems(A, selection, store, () => {})).toEqual([]);
  });
});

describe('the palette', () => {
  it('leaves a submenu parent out and keeps plain commands', () => {
    const feature: Feature = { id: 'f', commands: [{ entry: PARENT, places: [at('context:vm', 1)] }, { entry: A, places: [at('context:vm', 1)] }] };
    const labels = selectionEntries([feature], selection, store, {} as UiState).map((e) => e.label);
    expect(labels).toEqual(['a']);
  });
});
