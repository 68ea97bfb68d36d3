// The questions every part of the client asks of a record, answered once. Strict: a flag counts
// only when it is the boolean true (a hostile or odd server's "true" string does not), and an
// operation only when allowed_operations is an array holding it.
import type { AllowedOperation, AnyRec, XRec } from './records';

/** The server lists `op` in the record's allowed_operations. */
export function allows(rec: AnyRec | undefined, op: AllowedOperation): boolean {
  return Array.isArray(rec?.allowed_operations) && rec.allowed_operations.includes(op);
}

/** The record carries an allowed_operations list at all (records of old servers may not: then nothing is known). */
export const listsOperations = (rec: AnyRec | undefined): boolean => Array.isArray(rec?.allowed_operations);

type VmRec = XRec<'vm'>;

/** A snapshot: a VM's (XAPI marks those as templates too) or a VDI's. */
export const isSnapshot = (rec: XRec<'vm'> | XRec<'vdi'> | undefined): boolean => rec?.is_a_snapshot === true;

/** A template proper: is_a_template and not a snapshot. */
export const isTemplate = (vm: VmRec | undefined): boolean => vm?.is_a_template === true && vm.is_a_snapshot !== true;

/** A server's own domain 0. */
export const isControlDomain = (vm: VmRec | undefined): boolean => vm?.is_control_domain === true;

/** A VM proper: not a template, snapshot or control domain (those have commands of their own). */
export function isPlainVm<R extends VmRec>(vm: R | undefined): vm is R {
  return !!vm && vm.is_a_template !== true && vm.is_a_snapshot !== true && vm.is_control_domain !== true;
}
