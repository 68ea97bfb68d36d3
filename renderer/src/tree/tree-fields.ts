// The fields of each class the tree's views read (build-tree, visibility, host-down; the pool's
// gui_config, VM.appliance and VM_appliance for Objects by Custom Field and by vApp). A
// change to any other field neither rebuilds the tree nor counts as a change to it.
type Rec = Record<string, unknown>;

export const TREE_FIELDS: Record<string, string[]> = {
  pool: ['name_label', 'master', 'tags', 'other_config', 'gui_config'],
  host: ['name_label', 'hostname', 'metrics', 'enabled', 'other_config', 'tags', 'PBDs'],
  host_metrics: ['live'],
  vm: ['name_label', 'power_state', 'resident_on', 'affinity', 'VBDs', 'is_a_template', 'is_default_template', 'is_a_snapshot', 'snapshot_of', 'is_control_domain', 'other_config', 'tags', 'appliance'],
  sr: ['name_label', 'shared', 'PBDs', 'other_config', 'tags', 'type', 'is_tools_sr', 'introduced_by'],
  network: ['name_label', 'other_config', 'tags'],
  pbd: ['host', 'currently_attached'],
  vbd: ['VDI'],
  vdi: ['SR'],
  vm_appliance: ['name_label'],
};
export const TREE_CLASSES = new Set(Object.keys(TREE_FIELDS));

/** Whether the tree would draw `next` differently from `prev` (a new object always counts). */
export function treeFieldsChanged(cls: string, prev: Rec | undefined, next: Rec): boolean {
  if (!prev) return true;
  if (prev === next) return false;
  for (const f of TREE_FIELDS[cls] ?? []) {
    const a = prev[f];
    const b = next[f];
    if (a === b) continue;
    if (typeof a === 'object' && typeof b === 'object' && JSON.stringify(a) === JSON.stringify(b)) continue;
    return true;
  }
  return false;
}
