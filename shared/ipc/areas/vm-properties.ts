// VM Properties: the dialog's changes, applied by main as one task (shared/vm-properties/plan.ts).
import { CHANGE_KEYS, changeProblems, HA_PRIORITIES, type VmPropertyChanges } from '../../vm-properties/plan';
import { fieldNameProblem, MAX_CUSTOM_FIELDS } from '../../object-properties/custom-fields';
import { parsePerfmonSettings } from '../../perfmon/contract';
import { ContractError, exactKeys, isPlainObject, OPAQUE_REF, ref, str, type Validators } from '../checks';

export interface VmPropertiesRequests {
  /**
   * Only the changed properties of one VM; main reads the VM live, plans the calls in a safe order and
   * runs them on one task.create task ("Changing properties of '<name>'") that ends with the first error.
   */
  'vmProperties.apply': { args: { connectionId: string; vmRef: string; changes: VmPropertyChanges }; result: { taskRef: string } };
}

const MAX_TEXT = 4096;
const MAX_TAGS = 256;

/** The changes object: known keys only, each of its type; then the checks that need no server state. */
export function parseChanges(v: unknown): VmPropertyChanges {
  if (!isPlainObject(v)) throw new ContractError('"changes" must be an object');
  exactKeys(v, [...CHANGE_KEYS]);
  const out: VmPropertyChanges = {};
  const text = (k: 'name' | 'description' | 'folder' | 'PVArgs' | 'bootOrder' | 'haRestartPriority') => {
    if (v[k] === undefined) return;
    const s = v[k];
    if (typeof s !== 'string' || s.length > MAX_TEXT) throw new ContractError(`"${k}" must be a string of at most ${MAX_TEXT} characters`);
    out[k] = s;
  };
  const num = (k: 'vcpus' | 'vcpusMax' | 'coresPerSocket' | 'weight' | 'order' | 'startDelay' | 'shadowMultiplier', integer = true) => {
    if (v[k] === undefined) return;
    const n = v[k];
    if (typeof n !== 'number' || !Number.isFinite(n) || (integer && !Number.isInteger(n)) || n < 0 || n > 1_000_000) {
      throw new ContractError(`"${k}" must be a ${integer ? 'whole ' : ''}number of at least 0`);
    }
    out[k] = n;
  };
  const tags = (k: 'tagsAdd' | 'tagsRemove') => {
    if (v[k] === undefined) return;
    const a = v[k];
    if (!Array.isArray(a) || a.length > MAX_TAGS || !a.every((t) => typeof t === 'string' && t.length > 0 && t.length <= MAX_TEXT)) {
      throw new ContractError(`"${k}" must be a list of non-empty strings`);
    }
    out[k] = a as string[];
  };
  text('name'); text('description'); text('folder'); text('PVArgs'); text('bootOrder'); text('haRestartPriority');
  num('vcpus'); num('vcpusMax'); num('coresPerSocket'); num('weight'); num('order'); num('startDelay'); num('shadowMultiplier', false);
  tags('tagsAdd'); tags('tagsRemove');
  if (v.customFields !== undefined) {
    const m = v.customFields;
    if (!isPlainObject(m) || Object.keys(m).length > MAX_CUSTOM_FIELDS) throw new ContractError('"customFields" must be an object of field names to values');
    for (const [name, value] of Object.entries(m)) {
      const problem = fieldNameProblem(name);
      if (problem !== undefined) throw new ContractError(`"customFields" has a bad field name: ${problem}`);
      if (typeof value !== 'string' || value.length > MAX_TEXT) throw new ContractError('"customFields" values must be strings');
    }
    out.customFields = { ...(m as Record<string, string>) };
  }
  if (v.affinity !== undefined) {
    if (typeof v.affinity !== 'string' || !(OPAQUE_REF.test(v.affinity) || v.affinity === 'OpaqueRef:NULL')) throw new ContractError('"affinity" must be an OpaqueRef');
    out.affinity = v.affinity;
  }
  if (v.autoPowerOn !== undefined) {
    if (typeof v.autoPowerOn !== 'boolean') throw new ContractError('"autoPowerOn" must be true or false');
    out.autoPowerOn = v.autoPowerOn;
  }
  if (out.haRestartPriority !== undefined && !(HA_PRIORITIES as readonly string[]).includes(out.haRestartPriority)) {
    throw new ContractError('"haRestartPriority" must be "restart", "best-effort" or ""');
  }
  if (out.folder !== undefined && out.folder !== '' && !out.folder.startsWith('/')) throw new ContractError('"folder" must be empty or a path starting with "/"');
  if (v.perfmon !== undefined) out.perfmon = parsePerfmonSettings('VM', v.perfmon);
  if (Object.keys(out).length === 0) throw new ContractError('"changes" is empty: nothing to change');
  // The checks that need the VM's state run in main against its live record.
  // (Cores per socket is checked here only against a maximum sent with it.)
  const stateless = { ...out, coresPerSocket: out.vcpusMax !== undefined ? out.coresPerSocket : undefined };
  const problems = changeProblems(stateless, { power_state: 'Halted', VCPUs_max: out.vcpusMax ?? 1_000_000, VCPUs_at_startup: 1 });
  if (problems.length > 0) throw new ContractError(problems[0]);
  return out;
}

export const VM_PROPERTIES_VALIDATORS: Validators<VmPropertiesRequests> = {
  'vmProperties.apply': (o) => {
    exactKeys(o, ['connectionId', 'vmRef', 'changes']);
    return { connectionId: str(o, 'connectionId'), vmRef: ref(o, 'vmRef'), changes: parseChanges(o.changes) };
  },
};
