// The operations of the user's XAPI reference, per class (generated from the reference and the data
// model), and how a result reads: refs as the names of the objects they point at.
import { OPERATIONS } from '../../../../shared/xapi/operations.generated';
import { paramKind, type ParamKind } from './param-form';
import { looksLikeOpaqueRef, NULL_REF } from '../../xapi-model/refs';

export interface OperationParam { name: string; type: string; doc: string; kind: ParamKind }
export interface Operation {
  wire: string;
  /** The model's class name ("VM", "host", "SR"). */
  cls: string;
  name: string;
  description: string;
  params: OperationParam[];
  result: string;
  /** Runs as an Async. task (its progress and outcome show in the Events panel). */
  async: boolean;
}

const ALL: Operation[] = OPERATIONS.map(([wire, description, params, result, async]) => {
  const [cls, name] = wire.split('.');
  return { wire, cls, name, description, result, async, params: params.map(([n, type, doc]) => ({ name: n, type, doc, kind: paramKind(type) })) };
});

/** Model class names that have operations, in the reference's order. */
export const OPERATION_CLASSES: readonly string[] = [...new Set(ALL.map((o) => o.cls))];

/** The model's spelling of a store class ("vm" → "VM"), when it has operations. */
export function modelClassOf(storeCls: string): string | undefined {
  return OPERATION_CLASSES.find((c) => c.toLowerCase() === storeCls.toLowerCase());
}

export function operationsOf(cls: string): Operation[] {
  return ALL.filter((o) => o.cls === cls);
}

export function findOperation(wire: string): Operation | undefined {
  return ALL.find((o) => o.wire === wire);
}

/** A result as text: refs by `label` (name and class), sets one per line, maps key = value, records as JSON. */
export function formatResult(value: unknown, type: string, label: (ref: string) => string | undefined): string {
  if (type === 'void') return 'Done.';
  const one = (v: unknown): string => {
    if (looksLikeOpaqueRef(v)) return v === NULL_REF ? '(none)' : label(v) ?? v;
    if (typeof v === 'string') return v;
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    return JSON.stringify(v, null, 2);
  };
  if (Array.isArray(value)) return value.length === 0 ? '(empty)' : value.map(one).join('\n');
  if (value && typeof value === 'object' && / map$/.test(type)) {
    const entries = Object.entries(value as Record<string, unknown>);
    return entries.length === 0 ? '(empty)' : entries.map(([k, v]) => `${one(k)} = ${one(v)}`).join('\n');
  }
  return one(value);
}

/**
 * A read: get_*, get_all*, get_record, get_by_* (they change nothing, so they run at once). Every
 * other operation changes the server, synchronous setters (set_name_label, add_tags) included.
 */
export function isReadOperation(op: Pick<Operation, 'name'>): boolean {
  return /^get_/.test(op.name);
}

/** The string parameters left empty (XAPI has no optional parameters: an empty one is sent as ""). */
export function emptyStringParams(op: Pick<Operation, 'params'>, raws: readonly unknown[]): string[] {
  return op.params.filter((p, i) => p.kind.kind === 'string' && (typeof raws[i] !== 'string' || (raws[i] as string).trim() === '')).map((p) => p.name);
}

/**
 * What to ask before running `op`, or null to run at once: a change asks, and so does an empty
 * string parameter (an empty set_name_label blanks the name), for reads too.
 */
export function confirmationFor(op: Pick<Operation, 'name' | 'wire' | 'params'>, raws: readonly unknown[], targetName: string): string[] | null {
  const empties = emptyStringParams(op, raws);
  const lines: string[] = [];
  if (!isReadOperation(op)) lines.push(`${op.wire} changes ${targetName ? `'${targetName}'` : 'the server'}. Run it?`);
  if (empties.length) lines.push(`${empties.join(', ')} ${empties.length === 1 ? 'is' : 'are'} empty and will be sent as an empty string${isReadOperation(op) ? '' : ` (for ${op.name}, that sets an empty value)`}.`);
  return lines.length ? lines : null;
}
