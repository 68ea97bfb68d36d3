// The titles of main's VM tasks (task.create name_label), as every client's Events panel shows them.
import { describe, expect, it } from 'vitest';
import { convertTitle, deleteTitle } from '../../electron/core/features/vm/vm-lifecycle';

describe('VM task titles', () => {
  it('a delete says what goes: VM, template or snapshot, with its name', () => {
    expect(deleteTitle({ name_label: 'web' })).toBe("Deleting VM 'web'");
    expect(deleteTitle({ name_label: 'Debian custom', is_a_template: true })).toBe("Deleting template 'Debian custom'");
    // A snapshot is a template too (is_a_template true): it is named a snapshot.
    expect(deleteTitle({ name_label: 'before', is_a_template: true, is_a_snapshot: true })).toBe("Deleting snapshot 'before'");
    expect(deleteTitle({ is_a_template: true })).toBe('Deleting template');
  });

  it('a conversion names the VM', () => {
    expect(convertTitle({ name_label: 'web' })).toBe("Converting 'web' to a template");
    expect(convertTitle({})).toBe('Converting a VM to a template');
  });
});
