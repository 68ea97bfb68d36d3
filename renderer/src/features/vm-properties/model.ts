// VM Properties: the dialog's form made from the VM's record, the checks of what was typed (per
// page, in words), and the difference to send (only what changed). Pure.
import { NULL_REF } from '../../xapi-model/refs';
import { CHANGE_KEYS, type VmPropertyChanges } from '../../../../shared/vm-properties/plan';
import { CUSTOM_FIELDS_KEY } from '../../../../shared/object-properties/custom-fields';
import { cleanFolder, generalChanges } from '../../ui/PropertyPages';
import { alertsChanges, alertsFormOf, alertsProblems, type AlertsForm } from '../../ui/alerts-form';

export { cleanFolder };

type Rec = Record<string, unknown>;

export type PageId = 'general' | 'custom' | 'cpu' | 'home' | 'start' | 'boot' | 'alerts' | 'advanced';
export const PAGE_TITLES: Record<PageId, string> = {
  general: 'General', custom: 'Custom Fields', cpu: 'CPU', home: 'Home Server', start: 'Start Options', boot: 'Boot Options', alerts: 'Alerts', advanced: 'Advanced Options',
};

export interface PropsForm {
  name: string;
  description: string;
  folder: string;
  tags: string[];
  /** Typed text: checked by formProblems. */
  vcpus: string;
  vcpusMax: string;
  /** '' = the server's default topology. */
  coresPerSocket: string;
  /** XenCenter's priority slider, 0 (Lowest) .. 8 (Highest); 4 is the default weight 256. */
  priority: number;
  affinity: string;
  autoPowerOn: boolean;
  haRestartPriority: string;
  order: string;
  startDelay: string;
  /** HVM boot devices in XenCenter's list order, each ticked (booted from) or not; the order sent is the ticked ones'. */
  boot: BootEntry[];
  PVArgs: string;
  shadowMultiplier: string;
  /** Custom field values by name (every XenCenter.CustomFields.* key the VM has). */
  customFields: Record<string, string>;
  /** The Alerts page (ui/alerts-form.ts). */
  alerts: AlertsForm;
}

const map = (v: unknown): Record<string, string> => (typeof v === 'object' && v !== null ? v as Record<string, string> : {});
const s = (v: unknown): string => (typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v));

/** XenCenter's priority scale: weight = 256 × 4^(step − 4), capped to xen's 1..65535. */
export const PRIORITY_STEPS = 9;
export function weightOfPriority(step: number): number {
  return Math.min(65535, Math.max(1, Math.round(256 * 4 ** (step - 4))));
}
export function priorityOfWeight(weight: number): number {
  if (!(weight > 0)) return 4;
  return Math.min(PRIORITY_STEPS - 1, Math.max(0, Math.round(Math.log(weight / 256) / Math.log(4) + 4)));
}
export function priorityLabel(step: number): string {
  return step === 0 ? 'Lowest' : step === PRIORITY_STEPS - 1 ? 'Highest' : step === 4 ? 'Normal' : step < 4 ? 'Lower' : 'Higher';
}

export const isHvm = (vm: Rec): boolean => s(vm.HVM_boot_policy) !== '';
export const isRunning = (vm: Rec): boolean => vm.power_state === 'Running';

export function formOf(vm: Rec): PropsForm {
  const oc = map(vm.other_config);
  const weight = Number(map(vm.VCPUs_params).weight);
  return {
    name: s(vm.name_label),
    description: s(vm.name_description),
    folder: oc.folder ?? '',
    tags: Array.isArray(vm.tags) ? vm.tags.map(String) : [],
    vcpus: s(vm.VCPUs_at_startup || 1),
    vcpusMax: s(vm.VCPUs_max || 1),
    coresPerSocket: map(vm.platform)['cores-per-socket'] ?? '',
    priority: priorityOfWeight(weight),
    affinity: s(vm.affinity) || NULL_REF,
    autoPowerOn: oc.auto_poweron === 'true',
    haRestartPriority: s(vm.ha_restart_priority),
    order: s(vm.order ?? 0),
    startDelay: s(vm.start_delay ?? 0),
    boot: bootEntries(map(vm.HVM_boot_params).order ?? 'cd'),
    PVArgs: s(vm.PV_args),
    shadowMultiplier: s(vm.HVM_shadow_multiplier ?? 1),
    customFields: Object.fromEntries(Object.entries(oc).filter(([k]) => k.startsWith(`${CUSTOM_FIELDS_KEY}.`)).map(([k, v]) => [k.slice(CUSTOM_FIELDS_KEY.length + 1), v])),
    alerts: alertsFormOf('VM', vm),
  };
}


const wholeText = (t: string): number | null => (/^\s*\d+\s*$/.test(t) ? Number(t) : null);

export interface FormProblem { page: PageId; field: keyof PropsForm; message: string }

/** What is wrong with the form, page by page, in words; [] when it can be sent. */
export function formProblems(f: PropsForm, vm: Rec): FormProblem[] {
  const out: FormProblem[] = [];
  const add = (page: PageId, field: keyof PropsForm, message: string) => out.push({ page, field, message });
  if (!f.name.trim()) add('general', 'name', 'Enter a name for the VM.');
  const running = isRunning(vm);
  const max = wholeText(f.vcpusMax);
  const n = wholeText(f.vcpus);
  if (max === null || max < 1) add('cpu', 'vcpusMax', 'The maximum number of vCPUs must be a whole number of at least 1.');
  if (n === null || n < 1) add('cpu', 'vcpus', 'The number of vCPUs must be a whole number of at least 1.');
  else if (max !== null && n > max) add('cpu', 'vcpus', `The number of vCPUs must not exceed the maximum (${max}).`);
  else if (running && n < (Number(vm.VCPUs_at_startup) || 1)) add('cpu', 'vcpus', 'While the VM is running its vCPUs can only be increased; shut it down to lower them.');
  if (f.coresPerSocket !== '') {
    const c = wholeText(f.coresPerSocket);
    if (c === null || c < 1) add('cpu', 'coresPerSocket', 'Cores per socket must be a whole number of at least 1.');
    else if (max !== null && max % c !== 0) add('cpu', 'coresPerSocket', `Cores per socket (${c}) must divide the number of vCPUs (${max}).`);
  }
  const order = wholeText(f.order);
  if (order === null) add('start', 'order', 'The start order must be a whole number (0 or more).');
  const delay = wholeText(f.startDelay);
  if (delay === null) add('start', 'startDelay', 'The start delay must be a whole number of seconds (0 or more).');
  if (isHvm(vm) && bootOrderOf(f.boot) === '') add('boot', 'boot', 'Tick at least one device for the VM to boot from.');
  const mult = Number(f.shadowMultiplier);
  if (!f.shadowMultiplier.trim() || !Number.isFinite(mult) || mult < 1) add('advanced', 'shadowMultiplier', 'The shadow memory multiplier must be a number of at least 1.');
  for (const p of alertsProblems('VM', f.alerts)) add('alerts', 'alerts', p.message);
  return out;
}

/** The difference between the form as opened and as it is now: only the changed properties. */
export function changesOf(before: PropsForm, after: PropsForm, vm: Rec): VmPropertyChanges {
  // The General and Custom Fields pages' changes first (ui/PropertyPages), as before: the key order is the request's.
  const { customFields, ...general } = generalChanges(before, after);
  const ch: VmPropertyChanges = { ...general };
  const num = (t: string) => Number(t.trim());
  if (num(after.vcpus) !== num(before.vcpus)) ch.vcpus = num(after.vcpus);
  if (!isRunning(vm) && num(after.vcpusMax) !== num(before.vcpusMax)) ch.vcpusMax = num(after.vcpusMax);
  if (after.coresPerSocket.trim() !== before.coresPerSocket.trim()) ch.coresPerSocket = after.coresPerSocket.trim() === '' ? 0 : num(after.coresPerSocket);
  if (after.priority !== before.priority) ch.weight = after.priority === 4 ? 0 : weightOfPriority(after.priority);
  if (after.affinity !== before.affinity) ch.affinity = after.affinity;
  if (after.autoPowerOn !== before.autoPowerOn) ch.autoPowerOn = after.autoPowerOn;
  if (after.haRestartPriority !== before.haRestartPriority) ch.haRestartPriority = after.haRestartPriority;
  if (num(after.order) !== num(before.order)) ch.order = num(after.order);
  if (num(after.startDelay) !== num(before.startDelay)) ch.startDelay = num(after.startDelay);
  if (bootOrderOf(after.boot) !== bootOrderOf(before.boot)) ch.bootOrder = bootOrderOf(after.boot);
  if (after.PVArgs !== before.PVArgs) ch.PVArgs = after.PVArgs;
  if (num(after.shadowMultiplier) !== num(before.shadowMultiplier)) ch.shadowMultiplier = num(after.shadowMultiplier);
  if (customFields) ch.customFields = customFields;
  const perfmon = alertsChanges('VM', before.alerts, after.alerts);
  if (perfmon) ch.perfmon = perfmon;
  return ch;
}

export const hasChanges = (ch: VmPropertyChanges): boolean => CHANGE_KEYS.some((k) => ch[k] !== undefined);

/** The boot devices of an HVM VM (HVM_boot_params order letters), as XenCenter names them. */
export type BootDevice = 'c' | 'd' | 'n';
export const BOOT_DEVICE_NAMES: Record<BootDevice, string> = { d: 'DVD Drive', c: 'Hard Disk', n: 'Network' };
/** One row of XenCenter's boot list: a device, and whether the VM boots from it (its tick). */
export interface BootEntry { device: BootDevice; on: boolean }

const isBootDevice = (c: string): c is BootDevice => Object.hasOwn(BOOT_DEVICE_NAMES, c);

/** The rows for an order string: its devices ticked, in its order, then the others unticked (so they can be ticked and moved). */
export function bootEntries(order: string): BootEntry[] {
  const seen = [...order.toLowerCase()].filter((c, i, a): c is BootDevice => isBootDevice(c) && a.indexOf(c) === i);
  return [...seen.map((device) => ({ device, on: true })), ...(['c', 'd', 'n'] as const).filter((c) => !seen.includes(c)).map((device) => ({ device, on: false }))];
}
/** The order string the rows make: the ticked devices only, in list order ("dc"). */
export function bootOrderOf(list: readonly BootEntry[]): string {
  return list.filter((e) => e.on).map((e) => e.device).join('');
}
/** The rows with row `index` moved up (-1) or down (1); unchanged at either end. */
export function moveBootEntry(list: readonly BootEntry[], index: number, by: -1 | 1): BootEntry[] {
  const out = [...list];
  const j = index + by;
  if (index < 0 || index >= out.length || j < 0 || j >= out.length) return out;
  [out[index], out[j]] = [out[j], out[index]];
  return out;
}
/** The rows with row `index` ticked or not. */
export function tickBootEntry(list: readonly BootEntry[], index: number, on: boolean): BootEntry[] {
  return list.map((e, i) => (i === index ? { ...e, on } : e));
}

/** XenCenter's shadow memory presets. */
export const SHADOW_PRESETS = [
  { label: 'General use', value: 1 },
  { label: 'CPU intensive', value: 4 },
];
