// VM Properties: the form made from a VM, its checks in words, the difference sent (only what changed),
// the plan of XAPI calls main runs (safe order), the request's validation, the command's states, and
// the Alt+Enter shortcut's key text.
import { describe, expect, it } from 'vitest';
import { changesOf, formOf, formProblems, bootEntries, bootOrderOf, moveBootEntry, tickBootEntry, priorityOfWeight, weightOfPriority, cleanFolder } from '../../renderer/src/features/vm-properties/model';
import { pagesOf } from '../../renderer/src/features/vm-properties/PropertiesDialog';
import { VM_PROPERTIES_COMMAND } from '../../renderer/src/features/vm-properties/command';
import { planCalls, changeProblems } from '../../shared/vm-properties/plan';
import { validateRequest } from '../../shared/ipc/validate';
import { commandState } from '../../renderer/src/framework/availability';
import { shortcutCommands, shortcutText } from '../../renderer/src/app/shortcuts';
import { CONTRIBUTIONS, contextMenuGroups } from '../../renderer/src/app/menu-model';
import type { ConnectionInfo } from '../../shared/ipc/contract';

type Rec = Record<string, unknown>;
const halted: Rec = {
  name_label: 'web', name_description: '', power_state: 'Halted', VCPUs_max: 2, VCPUs_at_startup: 2, tags: ['a'],
  other_config: { folder: '/prod' }, platform: {}, VCPUs_params: {}, affinity: 'OpaqueRef:NULL', HVM_boot_policy: 'BIOS order',
  HVM_boot_params: { order: 'cd' }, HVM_shadow_multiplier: 1, ha_restart_priority: '', order: 0, start_delay: 0, PV_args: '',
};
const running: Rec = { ...halted, power_state: 'Running' };

describe('the form and its difference', () => {
  it('sends nothing when nothing changed, and only what changed otherwise', () => {
    const f = formOf(halted);
    expect(changesOf(f, f, halted)).toEqual({});
    const next = { ...f, name: ' web2 ', tags: ['b'], folder: 'prod/web/', vcpus: '4', vcpusMax: '4', coresPerSocket: '2', priority: 8 };
    expect(changesOf(f, next, halted)).toEqual({
      name: 'web2', tagsAdd: ['b'], tagsRemove: ['a'], folder: '/prod/web', vcpus: 4, vcpusMax: 4, coresPerSocket: 2, weight: 65535,
    });
    expect(changesOf(f, { ...f, folder: '  ' }, halted)).toEqual({ folder: '' });
  });

  it('custom field values: read from other_config, only the changed ones sent (\'\' clears one)', () => {
    const vm = { ...halted, other_config: { 'XenCenter.CustomFields.Owner': 'ops', 'XenCenter.CustomFields.Due': '2026-01-01T00:00:00Z', folder: '/x' } };
    const f = formOf(vm);
    expect(f.customFields).toEqual({ Owner: 'ops', Due: '2026-01-01T00:00:00Z' });
    expect(changesOf(f, { ...f, customFields: { ...f.customFields, Owner: '', Site: 'b' } }, vm)).toEqual({ customFields: { Owner: '', Site: 'b' } });
    expect(planCalls({ customFields: { Owner: '', Site: 'b' } }, halted).map((c) => [c.method, ...c.args])).toEqual([
      ['VM.remove_from_other_config', 'XenCenter.CustomFields.Owner'],
      ['VM.remove_from_other_config', 'XenCenter.CustomFields.Site'], ['VM.add_to_other_config', 'XenCenter.CustomFields.Site', 'b'],
    ]);
  });

  it('says what is wrong, on which page', () => {
    const f = formOf(halted);
    expect(formProblems(f, halted)).toEqual([]);
    expect(formProblems({ ...f, name: ' ' }, halted)).toEqual([{ page: 'general', field: 'name', message: 'Enter a name for the VM.' }]);
    expect(formProblems({ ...f, vcpus: '3' }, halted)[0].message).toBe('The number of vCPUs must not exceed the maximum (2).');
    expect(formProblems({ ...f, vcpus: 'x' }, halted)[0].field).toBe('vcpus');
    expect(formProblems({ ...f, vcpusMax: '4', vcpus: '4', coresPerSocket: '3' }, halted)[0].message).toBe('Cores per socket (3) must divide the number of vCPUs (4).');
    expect(formProblems({ ...f, vcpus: '1' }, running)[0].message).toMatch(/can only be increased/);
    expect(formProblems({ ...f, shadowMultiplier: '0.5' }, halted)[0].page).toBe('advanced');
  });

  it('maps XenCenter\'s priority scale to weights and back', () => {
    expect([0, 4, 8].map(weightOfPriority)).toEqual([1, 256, 65535]);
    expect([1, 256, 1024, 65535, 0].map(priorityOfWeight)).toEqual([0, 4, 5, 8, 4]);
    expect(cleanFolder('/a//b/ ')).toBe('/a/b');
  });

  it('boot devices: a tick each, the order string holds the ticked ones only (XenCenter\'s boot list)', () => {
    const on = (device: string) => ({ device, on: true });
    const off = (device: string) => ({ device, on: false });
    expect(bootEntries('cd')).toEqual([on('c'), on('d'), off('n')]);
    expect(bootEntries('NDC')).toEqual([on('n'), on('d'), on('c')]);
    expect(bootEntries('dxd')).toEqual([on('d'), off('c'), off('n')]);
    expect(bootEntries('')).toEqual([off('c'), off('d'), off('n')]);
    expect(bootOrderOf(bootEntries('cd'))).toBe('cd');
    // Moving: the unticked network stays out of the order string wherever it sits.
    expect(bootOrderOf(moveBootEntry(bootEntries('cd'), 1, -1))).toBe('dc');
    expect(bootOrderOf(moveBootEntry(bootEntries('cd'), 2, -1))).toBe('cd');
    expect(moveBootEntry(bootEntries('dcn'), 0, -1)).toEqual(bootEntries('dcn'));
    expect(moveBootEntry(bootEntries('dcn'), 2, 1)).toEqual(bootEntries('dcn'));
    // Ticking adds a device where it sits in the list; unticking takes it out.
    expect(bootOrderOf(tickBootEntry(moveBootEntry(bootEntries('cd'), 2, -1), 1, true))).toBe('cnd');
    expect(bootOrderOf(tickBootEntry(bootEntries('cd'), 0, false))).toBe('d');
  });

  it('the boot order sent is the ticked devices; nothing changes when only unticked ones moved; one must stay ticked', () => {
    const f = formOf(halted);
    expect(f.boot.map((e) => [e.device, e.on])).toEqual([['c', true], ['d', true], ['n', false]]);
    expect(changesOf(f, { ...f, boot: moveBootEntry(f.boot, 1, -1) }, halted)).toEqual({ bootOrder: 'dc' });
    expect(changesOf(f, { ...f, boot: moveBootEntry(f.boot, 2, -1) }, halted)).toEqual({});
    expect(changesOf(f, { ...f, boot: tickBootEntry(f.boot, 2, true) }, halted)).toEqual({ bootOrder: 'cdn' });
    expect(changesOf(f, { ...f, boot: tickBootEntry(f.boot, 1, false) }, halted)).toEqual({ bootOrder: 'c' });
    const none = [0, 1].reduce((b, i) => tickBootEntry(b, i, false), f.boot);
    expect(formProblems({ ...f, boot: none }, halted)).toEqual([{ page: 'boot', field: 'boot', message: 'Tick at least one device for the VM to boot from.' }]);
    // A PV VM has no boot list: nothing to tick.
    expect(formProblems({ ...f, boot: none }, { ...halted, HVM_boot_policy: '' })).toEqual([]);
    // Without an order the server boots from disk then DVD: those two ticked.
    expect(bootOrderOf(formOf({ ...halted, HVM_boot_params: {} }).boot)).toBe('cd');
  });

  it('shows the pages XenCenter shows for VMs and templates', () => {
    expect(pagesOf(halted)).toEqual(['general', 'custom', 'cpu', 'home', 'start', 'boot', 'alerts', 'advanced']);
    expect(pagesOf({ ...halted, is_a_template: true, HVM_boot_policy: '' })).toEqual(['general', 'custom', 'cpu', 'boot', 'alerts']);
  });
});

describe('the plan main runs', () => {
  it('raises the maximum before the startup count, lowers it after, and removes map keys before adding them', () => {
    const up = planCalls({ vcpus: 4, vcpusMax: 4, coresPerSocket: 2 }, halted).map((c) => [c.method, ...c.args]);
    expect(up).toEqual([['VM.set_VCPUs_max', 4], ['VM.set_VCPUs_at_startup', 4], ['VM.remove_from_platform', 'cores-per-socket'], ['VM.add_to_platform', 'cores-per-socket', '2']]);
    const down = planCalls({ vcpus: 1, vcpusMax: 1 }, halted).map((c) => c.method);
    expect(down).toEqual(['VM.set_VCPUs_at_startup', 'VM.set_VCPUs_max']);
  });

  it('names first, then the rest; live calls on a running VM', () => {
    const calls = planCalls({ vcpus: 2, name: 'n', affinity: 'OpaqueRef:h', folder: '', weight: 0, shadowMultiplier: 2 }, { ...running, VCPUs_at_startup: 1 });
    expect(calls.map((c) => c.method)).toEqual([
      'VM.set_name_label', 'VM.remove_from_other_config', 'VM.set_VCPUs_number_live', 'VM.remove_from_VCPUs_params', 'VM.set_affinity', 'VM.set_shadow_multiplier_live',
    ]);
    expect(planCalls({ bootOrder: 'dc' }, halted)[0]).toMatchObject({ method: 'VM.set_HVM_boot_params', args: [{ order: 'dc' }] });
  });

  it('refuses what the server would', () => {
    expect(changeProblems({ vcpusMax: 4 }, running)).toEqual(['The maximum number of vCPUs can only be changed while the VM is shut down.']);
    expect(changeProblems({ coresPerSocket: 3 }, halted)[0]).toMatch(/must divide/);
    expect(changeProblems({ vcpus: 1 }, { ...running, VCPUs_at_startup: 2 })[0]).toMatch(/only be increased/);
  });
});

describe('the request', () => {
  const req = (changes: unknown) => () => validateRequest('vmProperties.apply', { connectionId: 'c', vmRef: 'OpaqueRef:v', changes });
  it('accepts known changes of the right types and refuses the rest', () => {
    expect(req({ name: 'x', vcpus: 2, autoPowerOn: true, affinity: 'OpaqueRef:NULL' })().args).toMatchObject({ changes: { name: 'x', vcpus: 2 } });
    for (const bad of [{}, { name: '' }, { vcpus: 1.5 }, { vcpus: '2' }, { other: 1 }, { haRestartPriority: 'x' }, { folder: 'no-slash' }, { tagsAdd: [''] }, { affinity: 'h' }]) {
      expect(req(bad), JSON.stringify(bad)).toThrow();
    }
  });
});

describe('the command', () => {
  const conn = (): ConnectionInfo => ({ id: 'c', status: 'connected', role: 'pool-admin' } as unknown as ConnectionInfo);
  const vms = new Map<string, Rec>([['OpaqueRef:v', halted], ['OpaqueRef:s', { ...halted, is_a_snapshot: true, name_label: 'snap' }], ['OpaqueRef:d', { ...halted, is_control_domain: true, name_label: 'dom0' }]]);
  const store = { connections: new Map([['c', conn()]]), objects: new Map([['c', new Map([['vm', vms]])]]) };
  const one = (ref: string) => [{ connectionId: 'c', cls: 'vm', ref }];
  it('runs on one plain VM or template, opening its dialog, and says why not otherwise', () => {
    expect(commandState(VM_PROPERTIES_COMMAND, one('OpaqueRef:v'), store).enabled).toBe(true);
    expect(commandState(VM_PROPERTIES_COMMAND, one('OpaqueRef:s'), store).reason).toBe("'snap' is a snapshot");
    expect(commandState(VM_PROPERTIES_COMMAND, one('OpaqueRef:d'), store).reason).toBe("'dom0' is the control domain of its server");
    expect(commandState(VM_PROPERTIES_COMMAND, [...one('OpaqueRef:v'), ...one('OpaqueRef:v')], store).reason).toBe('Select one VM to see its properties');
    expect(VM_PROPERTIES_COMMAND.dialog).toBe('vmProperties');
    const groups = contextMenuGroups(one('OpaqueRef:v'));
    expect(groups.at(-3)).toContain(VM_PROPERTIES_COMMAND);
  });
  it('has Alt+Enter, found by the shortcut handler', () => {
    expect(shortcutText({ key: 'Enter', altKey: true, ctrlKey: false, shiftKey: false, metaKey: false })).toBe('Alt+Enter');
    expect(shortcutText({ key: 'f', altKey: false, ctrlKey: true, shiftKey: true, metaKey: false })).toBe('Ctrl+Shift+F');
    expect(shortcutCommands(CONTRIBUTIONS).get('Alt+Enter')).toContain(VM_PROPERTIES_COMMAND);
  });
});
