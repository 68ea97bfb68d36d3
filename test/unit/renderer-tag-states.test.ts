// Edit Tags… on several objects (features/tags/tag-states.ts): each tag checked (all have it),
// indeterminate (some) or cleared; a click's next state; the adds and removes each object gets, only
// for the objects that change. And the command: several objects of mixed classes open the multi dialog.
import { describe, expect, it } from 'vitest';
import type { ConnectionInfo } from '../../shared/ipc/contract';
import { addTag, nextState, setState, tagEdits, tagRows, taggedObjects, type TaggedObject } from '../../renderer/src/features/tags/tag-states';
import { EDIT_TAGS_COMMAND } from '../../renderer/src/features/tags/command';
import { commandState, commandTargets } from '../../renderer/src/framework/availability';
import { contextSlots } from '../../renderer/src/framework/menu-model';

const obj = (ref: string, cls: string, tags: string[]): TaggedObject => ({ target: { connectionId: 'c1', cls, ref }, name: ref, tags });
const web = obj('web', 'vm', ['prod', 'web']);
const db = obj('db', 'vm', ['prod', 'db']);
const h1 = obj('h1', 'host', ['prod']);

describe('the tags of several objects', () => {
  it('every tag of any of them, sorted: all when each has it, some otherwise', () => {
    expect(tagRows([web, db, h1]).map((r) => [r.tag, r.state])).toEqual([['db', 'some'], ['prod', 'all'], ['web', 'some']]);
    expect(tagRows([])).toEqual([]);
  });

  it('a click alternates checked and cleared; a tag some had can go back to indeterminate', () => {
    const [dbRow, prod] = tagRows([web, db]);
    expect(nextState(prod)).toBe('none');
    expect(nextState({ ...prod, state: 'none' })).toBe('all');
    expect(nextState(dbRow)).toBe('all');
    expect(nextState({ ...dbRow, state: 'all' })).toBe('none');
    expect(nextState({ ...dbRow, state: 'none' })).toBe('some');
  });

  it('a typed tag is checked for all: a new row, or an existing one checked', () => {
    const rows = tagRows([web, db]);
    expect(addTag(rows, 'new').map((r) => [r.tag, r.state])).toEqual([['db', 'some'], ['new', 'all'], ['prod', 'all'], ['web', 'some']]);
    expect(addTag(rows, 'db').find((r) => r.tag === 'db')?.state).toBe('all');
    expect(addTag(rows, '')).toEqual(rows);
  });

  it('nothing changed: nothing is sent', () => {
    expect(tagEdits([web, db, h1], tagRows([web, db, h1]))).toEqual([]);
  });

  it('each object gets only what changes for it; an indeterminate tag is left alone; unchanged objects are left out', () => {
    const objects = [web, db, h1];
    let rows = tagRows(objects);
    rows = addTag(rows, 'new');             // added where missing: all three
    rows = setState(rows, 'prod', 'none');  // removed where present: all three
    rows = setState(rows, 'web', 'all');    // web has it already; db and h1 get it
    // 'db' stays indeterminate: db keeps it, the others do not get it.
    expect(tagEdits(objects, rows).map((e) => [e.object.target.ref, e.add, e.remove])).toEqual([
      ['web', ['new'], ['prod']],
      ['db', ['new', 'web'], ['prod']],
      ['h1', ['new', 'web'], ['prod']],
    ]);
    // Only the host lacks 'db': checking it changes the host alone.
    expect(tagEdits(objects, setState(tagRows(objects), 'db', 'all')).map((e) => [e.object.target.ref, e.add, e.remove]))
      .toEqual([['web', ['db'], []], ['h1', ['db'], []]]);
  });

  it('reads the objects from the cache, those gone left out', () => {
    const store = { objects: new Map([['c1', new Map([['vm', new Map([['a', { name_label: 'A', tags: ['x'] }]])], ['host', new Map([['h', { name_label: 'H' }]])]])]]) };
    expect(taggedObjects(store, [{ connectionId: 'c1', cls: 'vm', ref: 'a' }, { connectionId: 'c1', cls: 'host', ref: 'h' }, { connectionId: 'c1', cls: 'vm', ref: 'gone' }]))
      .toEqual([{ target: { connectionId: 'c1', cls: 'vm', ref: 'a' }, name: 'A', tags: ['x'] }, { target: { connectionId: 'c1', cls: 'host', ref: 'h' }, name: 'H', tags: [] }]);
  });
});

describe('Edit Tags… on several objects', () => {
  const conn: ConnectionInfo = { id: 'c1', url: 'https://c1', hostname: 'c1', user: 'root', status: 'connected', saved: false, hasStoredPassword: false, poolMembers: [] };
  const store = {
    connections: new Map([['c1', conn]]),
    objects: new Map([['c1', new Map([
      ['vm', new Map([['a', { name_label: 'A', is_a_template: false }]])], ['host', new Map([['h', { name_label: 'H' }]])], ['vdi', new Map([['d', { name_label: 'D' }]])],
    ])]]),
  };
  const sel = [{ connectionId: 'c1', cls: 'vm', ref: 'a' }, { connectionId: 'c1', cls: 'host', ref: 'h' }, { connectionId: 'c1', cls: 'vdi', ref: 'd' }];

  it('runs on the objects that have tags, mixed classes, through its multi dialog, from the context menu too', () => {
    expect(EDIT_TAGS_COMMAND.multiDialog).toBe('editTagsMulti');
    expect(commandState(EDIT_TAGS_COMMAND, sel, store)).toEqual({ enabled: true });
    expect(commandTargets(EDIT_TAGS_COMMAND, sel, store).map((s) => s.ref)).toEqual(['a', 'h']);
    expect(contextSlots(sel.slice(0, 2), store)).toContain('context:organize');
  });

  it('greyed, saying why, when none of them has tags', () => {
    expect(commandState(EDIT_TAGS_COMMAND, [sel[2], { ...sel[2], ref: 'e' }], store)).toEqual({
      enabled: false, reason: 'None of the selected objects has tags: only VMs, servers, pools, storage and networks do',
    });
  });
});
