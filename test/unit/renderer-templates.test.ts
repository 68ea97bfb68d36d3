// Templates: Convert to Template… on a halted VM, a template's own context menu (framework/menu-model's
// 'context:template' slot), and each template command's state and reason in words.
import { describe, expect, it } from 'vitest';
import { contextMenuGroups } from '../../renderer/src/app/menu-model';
import { contextSlots } from '../../renderer/src/framework/menu-model';
import { commandState } from '../../renderer/src/framework/availability';
import { isAction } from '../../renderer/src/framework/command';
import {
  CONVERT_TO_TEMPLATE_COMMAND, COPY_TEMPLATE_COMMAND, DELETE_TEMPLATE_COMMAND, EXPORT_TEMPLATE_COMMAND, NEW_VM_FROM_TEMPLATE_COMMAND,
  TEMPLATE_PROPERTIES_COMMAND,
} from '../../renderer/src/features/templates/commands';
import { copyName, templateDisks } from '../../renderer/src/features/templates/model';
import { validateRequest } from '../../shared/ipc/validate';
import { shortcutCommandFor, shortcutCommands } from '../../renderer/src/app/shortcuts';
import { CONTRIBUTIONS } from '../../renderer/src/app/menu-model';
import { RecordingBridge } from '../support/store-fixtures';
import type { ConnectionInfo } from '../../shared/ipc/contract';
import type { ConnObjects } from '../../renderer/src/state/store';

const TEMPLATE_OPS = ['clone', 'copy', 'provision', 'export', 'destroy'];
const conn: ConnectionInfo = { id: 'c', url: 'https://10.0.0.1', hostname: '10.0.0.1', user: 'root', status: 'connected', saved: false, hasStoredPassword: false, poolMembers: [] };
const objects: ConnObjects = new Map([
  ['vm', new Map<string, Record<string, unknown>>([
    ['OpaqueRef:halted', { name_label: 'web', power_state: 'Halted', allowed_operations: ['start', 'clone', 'copy', 'make_into_template', 'export', 'destroy'], current_operations: {}, VBDs: [] }],
    ['OpaqueRef:running', { name_label: 'db', power_state: 'Running', allowed_operations: ['clean_shutdown'], current_operations: {} }],
    ['OpaqueRef:busy', { name_label: 'busy', power_state: 'Halted', allowed_operations: [], current_operations: { t: 'clone' } }],
    ['OpaqueRef:t', { name_label: 'tpl', is_a_template: true, power_state: 'Halted', allowed_operations: TEMPLATE_OPS, current_operations: {}, VBDs: ['OpaqueRef:b1', 'OpaqueRef:b2'] }],
    ['OpaqueRef:def', { name_label: 'Debian 12', is_a_template: true, is_default_template: true, power_state: 'Halted', allowed_operations: TEMPLATE_OPS, current_operations: {}, VBDs: [] }],
    ['OpaqueRef:snap', { name_label: 'snap', is_a_template: true, is_a_snapshot: true, power_state: 'Halted', allowed_operations: ['clone', 'destroy'], current_operations: {} }],
    ['OpaqueRef:c1', { name_label: 'Copy of tpl' }],
  ])],
  ['vbd', new Map<string, Record<string, unknown>>([
    ['OpaqueRef:b1', { type: 'Disk', VDI: 'OpaqueRef:d1', VM: 'OpaqueRef:t', userdevice: '0', other_config: { owner: '' } }],
    ['OpaqueRef:b2', { type: 'Disk', VDI: 'OpaqueRef:d2', VM: 'OpaqueRef:t', userdevice: '1', other_config: {} }],
  ])],
  ['vdi', new Map<string, Record<string, unknown>>([
    ['OpaqueRef:d1', { name_label: 'root', virtual_size: 1024, VBDs: ['OpaqueRef:b1'], SR: 'OpaqueRef:NULL' }],
    ['OpaqueRef:d2', { name_label: 'data', virtual_size: 2048, VBDs: ['OpaqueRef:b2'], SR: 'OpaqueRef:NULL' }],
  ])],
]);
const store = { connections: new Map([['c', conn]]), objects: new Map([['c', objects]]) };
const one = (ref: string) => [{ connectionId: 'c', cls: 'vm', ref }];
const labels = (ref: string) => contextMenuGroups(one(ref), store).map((g) => g.filter((e) => isAction(e) || commandState(e, one(ref), store).enabled).map((e) => e.label)).filter((g) => g.length);

describe('the template context slot', () => {
  it('one template gets context:template instead of context:vm; snapshots and VMs keep theirs', () => {
    expect(contextSlots(one('OpaqueRef:t'), store)).toEqual(['context:template', 'context:any', 'context:organize']);
    expect(contextSlots(one('OpaqueRef:snap'), store)).toEqual(['context:snapshot', 'context:any']);
    expect(contextSlots(one('OpaqueRef:halted'), store)).toEqual(['context:vm', 'context:any', 'context:organize']);
    expect(contextSlots([...one('OpaqueRef:t'), ...one('OpaqueRef:def')], store)).toEqual(['context:vm', 'context:organize']);
  });

  it('a template\'s context menu: New VM…, Export, Copy, Delete, Properties, then tags and operations; nothing it had is lost', () => {
    expect(labels('OpaqueRef:t')).toEqual([['New VM…'], ['Export Template…', 'Copy Template…'], ['Delete Template…'], ['Properties'], ['Edit Tags…', 'Move to Folder…'], ['XAPI Operations…']]);
    // Every VM command a template could run from context:vm before has its template counterpart.
    expect(labels('OpaqueRef:def')).toEqual([['New VM…'], ['Export Template…', 'Copy Template…'], ['Properties'], ['Edit Tags…', 'Move to Folder…'], ['XAPI Operations…']]);
  });

  it('a halted VM\'s context menu offers Convert to Template… before Export…', () => {
    expect(labels('OpaqueRef:halted').flat()).toEqual(expect.arrayContaining(['Convert to Template…', 'Export…']));
    const flat = labels('OpaqueRef:halted').flat();
    expect(flat.indexOf('Convert to Template…')).toBe(flat.indexOf('Export…') - 1);
  });
});

describe('Convert to Template…', () => {
  it('runs on one halted VM whose server allows make_into_template, asking first', () => {
    expect(commandState(CONVERT_TO_TEMPLATE_COMMAND, one('OpaqueRef:halted'), store)).toEqual({ enabled: true });
    expect(CONVERT_TO_TEMPLATE_COMMAND.dialog).toBe('convertToTemplate');
    expect(CONVERT_TO_TEMPLATE_COMMAND.methods).toEqual(['VM.set_is_a_template']);
  });

  it('says why not', () => {
    const reason = (ref: string) => commandState(CONVERT_TO_TEMPLATE_COMMAND, one(ref), store).reason;
    expect(reason('OpaqueRef:running')).toBe("'db' is running: shut it down first");
    expect(reason('OpaqueRef:busy')).toBe("'busy' is busy: it is being copied");
    expect(reason('OpaqueRef:t')).toBe("'tpl' is a template");
    expect(reason('OpaqueRef:snap')).toBe("'snap' is a snapshot");
    expect(commandState(CONVERT_TO_TEMPLATE_COMMAND, [...one('OpaqueRef:halted'), ...one('OpaqueRef:t')], store).reason).toBe('Select one VM');
  });

  it('sends one vm.convertToTemplate request; its task is titled with the VM\'s name', async () => {
    const b = new RecordingBridge();
    const [o] = await CONVERT_TO_TEMPLATE_COMMAND.execute(one('OpaqueRef:halted'), b, store);
    expect(b.calls).toEqual([{ channel: 'vm.convertToTemplate', args: { connectionId: 'c', vmRef: 'OpaqueRef:halted' } }]);
    expect(o).toEqual({ target: one('OpaqueRef:halted')[0], title: "Converting 'web' to a template", vm: undefined, taskRef: 'OpaqueRef:task' });
  });

  it('a refused request is an outcome with the error and the same title', async () => {
    const b = new RecordingBridge();
    b.request = async () => { throw Object.assign(new Error('x'), { code: 'VM_BAD_POWER_STATE', params: [] }); };
    const [o] = await CONVERT_TO_TEMPLATE_COMMAND.execute(one('OpaqueRef:halted'), b, store);
    expect(o).toMatchObject({ title: "Converting 'web' to a template", error: { code: 'VM_BAD_POWER_STATE' } });
    expect(o.taskRef).toBeUndefined();
  });

  it('main accepts the request with a VM ref and nothing else', () => {
    expect(validateRequest('vm.convertToTemplate', { connectionId: 'c', vmRef: 'OpaqueRef:halted' }).args).toEqual({ connectionId: 'c', vmRef: 'OpaqueRef:halted' });
    expect(() => validateRequest('vm.convertToTemplate', { connectionId: 'c', vmRef: 'halted' })).toThrow(/OpaqueRef/);
    expect(() => validateRequest('vm.convertToTemplate', { connectionId: 'c', vmRef: 'OpaqueRef:halted', value: false })).toThrow(/unexpected/);
  });
});

describe('the template commands', () => {
  it('run on one template; Delete not on a default template', () => {
    for (const c of [NEW_VM_FROM_TEMPLATE_COMMAND, COPY_TEMPLATE_COMMAND, DELETE_TEMPLATE_COMMAND, EXPORT_TEMPLATE_COMMAND, TEMPLATE_PROPERTIES_COMMAND]) {
      expect(commandState(c, one('OpaqueRef:t'), store), c.id).toEqual({ enabled: true });
    }
    expect(commandState(DELETE_TEMPLATE_COMMAND, one('OpaqueRef:def'), store).reason).toBe("'Debian 12' is a default template: it comes with the server and cannot be deleted");
    expect(commandState(COPY_TEMPLATE_COMMAND, one('OpaqueRef:halted'), store).reason).toBe("'web' is not a template");
    expect(commandState(NEW_VM_FROM_TEMPLATE_COMMAND, one('OpaqueRef:snap'), store).reason).toBe("'snap' is not a template");
    expect(NEW_VM_FROM_TEMPLATE_COMMAND.dialog).toBe('newVm');
  });

  it('Properties shows Alt+Enter as the VM\'s does; the key opens the VM Properties dialog on a template', () => {
    expect(TEMPLATE_PROPERTIES_COMMAND.shortcut).toBe('Alt+Enter');
    const cmds = shortcutCommands(CONTRIBUTIONS).get('Alt+Enter')!;
    expect(cmds).toContain(TEMPLATE_PROPERTIES_COMMAND);
    expect(shortcutCommandFor(cmds, one('OpaqueRef:t'), store)?.dialog).toBe('vmProperties');
  });

  it('the copy\'s name and the disks ticked for deletion', () => {
    expect(copyName(store, 'c', 'OpaqueRef:t')).toBe('Copy of tpl (2)');
    expect(templateDisks(store, 'c', 'OpaqueRef:t').map((d) => [d.name, d.deleteByDefault])).toEqual([['root', true], ['data', false]]);
  });
});
