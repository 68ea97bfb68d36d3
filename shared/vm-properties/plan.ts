// VM Properties: what the dialog changed (only the changed fields are present) and the XAPI calls
// that apply it, in a safe order. Pure; main runs the plan on one task.create task
// (electron/core/features/vm-properties/), the renderer builds the changes (features/vm-properties/).
import { vcpuCalls } from '../new-vm/cpu-memory';
import { customFieldKey } from '../object-properties/custom-fields';
import { perfmonChangeProblems, perfmonCalls } from '../perfmon/plan';
import type { PerfmonSettings } from '../perfmon/alerts';

export interface VmPropertyChanges {
  name?: string;
  description?: string;
  /** other_config `folder` ("/a/b"); '' = in no folder (the key removed). */
  folder?: string;
  tagsAdd?: string[];
  tagsRemove?: string[];
  /** VCPUs_at_startup when halted; on a running VM the live count (VM.set_VCPUs_number_live, increase only). */
  vcpus?: number;
  /** VCPUs_max (halted only). */
  vcpusMax?: number;
  /** platform `cores-per-socket`; 0 = the server's default (the key removed). */
  coresPerSocket?: number;
  /** VCPUs_params `weight`; 0 = the default (the key removed). */
  weight?: number;
  /** Home server; OpaqueRef:NULL = none. */
  affinity?: string;
  /** other_config `auto_poweron`. */
  autoPowerOn?: boolean;
  /** 'restart' | 'best-effort' | '' (do not restart). */
  haRestartPriority?: string;
  order?: number;
  startDelay?: number;
  /** HVM_boot_params `order` ("cdn"). */
  bootOrder?: string;
  PVArgs?: string;
  shadowMultiplier?: number;
  /** XenCenter custom field values by field name (other_config `XenCenter.CustomFields.<name>`); '' = none. */
  customFields?: Record<string, string>;
  /** The Alerts page's alerts (other_config `perfmon`, shared/perfmon/). */
  perfmon?: PerfmonSettings;
}

export const CHANGE_KEYS: ReadonlyArray<keyof VmPropertyChanges> = [
  'name', 'description', 'folder', 'tagsAdd', 'tagsRemove', 'vcpus', 'vcpusMax', 'coresPerSocket', 'weight', 'affinity',
  'autoPowerOn', 'haRestartPriority', 'order', 'startDelay', 'bootOrder', 'PVArgs', 'shadowMultiplier', 'customFields', 'perfmon',
];

/** The VM's fields the plan reads (a VM record). */
export interface VmNow {
  power_state?: unknown;
  VCPUs_max?: unknown;
  VCPUs_at_startup?: unknown;
  HVM_boot_params?: unknown;
  other_config?: unknown;
}

/** One XAPI call on the VM: method, the arguments after the VM ref, and the step's words for the Events panel. */
export interface PlannedCall { method: string; args: unknown[]; step: string }

export const HA_PRIORITIES = ['restart', 'best-effort', ''] as const;
export const BOOT_DEVICES = /^[cdn]{1,3}$/;

/** Why the changes cannot be sent (the server would refuse them or they make no sense), or []. */
export function changeProblems(ch: VmPropertyChanges, now: VmNow): string[] {
  const out: string[] = [];
  const running = now.power_state === 'Running';
  const curMax = Number(now.VCPUs_max) || 1;
  const max = ch.vcpusMax ?? curMax;
  const whole = (n: number) => Number.isInteger(n) && n >= 1;
  if (ch.name !== undefined && !ch.name.trim()) out.push('The name must not be empty.');
  if (ch.vcpusMax !== undefined) {
    if (!whole(ch.vcpusMax)) out.push('The maximum number of vCPUs must be a whole number of at least 1.');
    else if (running) out.push('The maximum number of vCPUs can only be changed while the VM is shut down.');
  }
  if (ch.vcpus !== undefined) {
    if (!whole(ch.vcpus)) out.push('The number of vCPUs must be a whole number of at least 1.');
    else if (ch.vcpus > max) out.push(`The number of vCPUs must not exceed the maximum (${max}).`);
    else if (running && ch.vcpus < (Number(now.VCPUs_at_startup) || 1)) out.push('On a running VM the number of vCPUs can only be increased; shut it down to lower it.');
  }
  if (ch.coresPerSocket !== undefined && ch.coresPerSocket !== 0) {
    if (!whole(ch.coresPerSocket)) out.push('Cores per socket must be a whole number of at least 1.');
    else if (max % ch.coresPerSocket !== 0) out.push(`Cores per socket (${ch.coresPerSocket}) must divide the maximum number of vCPUs (${max}).`);
  }
  if (ch.weight !== undefined && (!Number.isInteger(ch.weight) || ch.weight < 0 || ch.weight > 65535)) out.push('The priority weight must be between 1 and 65535.');
  if (ch.haRestartPriority !== undefined && !(HA_PRIORITIES as readonly string[]).includes(ch.haRestartPriority)) out.push('Unknown restart priority.');
  if (ch.order !== undefined && (!Number.isInteger(ch.order) || ch.order < 0)) out.push('The start order must be a whole number of at least 0.');
  if (ch.startDelay !== undefined && (!Number.isInteger(ch.startDelay) || ch.startDelay < 0)) out.push('The start delay must be a whole number of seconds, at least 0.');
  if (ch.bootOrder !== undefined && (!BOOT_DEVICES.test(ch.bootOrder) || new Set(ch.bootOrder).size !== ch.bootOrder.length)) out.push('The boot order must list DVD drive (d), hard disk (c) and network (n), each once.');
  if (ch.shadowMultiplier !== undefined && !(Number.isFinite(ch.shadowMultiplier) && ch.shadowMultiplier >= 1 && ch.shadowMultiplier <= 1000)) out.push('The shadow memory multiplier must be a number of at least 1.');
  if (ch.perfmon !== undefined) out.push(...perfmonChangeProblems('VM', ch.perfmon, now));
  return out;
}

/**
 * The calls, in a safe order: names and organisation first (they cannot fail on power state), then
 * vCPUs (max raised before the startup count, lowered after it: SEMANTICS.md 4), topology and
 * priority, home server, start options, boot and shadow memory. Map keys are removed before they are
 * added (add_to_* refuses a key that exists: MAP_DUPLICATE_KEY).
 */
export function planCalls(ch: VmPropertyChanges, now: VmNow): PlannedCall[] {
  const out: PlannedCall[] = [];
  const running = now.power_state === 'Running';
  const put = (method: string, args: unknown[], step: string) => out.push({ method, args, step });
  const mapSet = (field: string, key: string, value: string | null, step: string) => {
    put(`VM.remove_from_${field}`, [key], step);
    if (value !== null) put(`VM.add_to_${field}`, [key, value], step);
  };
  if (ch.name !== undefined) put('VM.set_name_label', [ch.name], 'Changing the name');
  if (ch.description !== undefined) put('VM.set_name_description', [ch.description], 'Changing the description');
  if (ch.folder !== undefined) mapSet('other_config', 'folder', ch.folder === '' ? null : ch.folder, 'Moving to the folder');
  for (const t of ch.tagsRemove ?? []) put('VM.remove_tags', [t], 'Changing the tags');
  for (const t of ch.tagsAdd ?? []) put('VM.add_tags', [t], 'Changing the tags');
  for (const [name, value] of Object.entries(ch.customFields ?? {})) mapSet('other_config', customFieldKey(name), value === '' ? null : value, `Setting the custom field '${name}'`);
  const curMax = Number(now.VCPUs_max) || 1;
  const curStart = Number(now.VCPUs_at_startup) || 1;
  if (running) {
    if (ch.vcpus !== undefined && ch.vcpus !== curStart) put('VM.set_VCPUs_number_live', [ch.vcpus], 'Changing the number of vCPUs');
  } else if (ch.vcpus !== undefined || ch.vcpusMax !== undefined) {
    const next = { max: ch.vcpusMax ?? curMax, atStartup: ch.vcpus ?? curStart };
    for (const [m, v] of vcpuCalls({ max: curMax, atStartup: curStart }, next)) put(m, [v], 'Changing the number of vCPUs');
  }
  if (ch.coresPerSocket !== undefined) mapSet('platform', 'cores-per-socket', ch.coresPerSocket === 0 ? null : String(ch.coresPerSocket), 'Changing the topology');
  if (ch.weight !== undefined) mapSet('VCPUs_params', 'weight', ch.weight === 0 ? null : String(ch.weight), 'Changing the vCPU priority');
  if (ch.affinity !== undefined) put('VM.set_affinity', [ch.affinity], 'Changing the home server');
  if (ch.autoPowerOn !== undefined) mapSet('other_config', 'auto_poweron', String(ch.autoPowerOn), 'Changing the start options');
  if (ch.haRestartPriority !== undefined) put('VM.set_ha_restart_priority', [ch.haRestartPriority], 'Changing the HA restart priority');
  if (ch.order !== undefined) put('VM.set_order', [ch.order], 'Changing the start order');
  if (ch.startDelay !== undefined) put('VM.set_start_delay', [ch.startDelay], 'Changing the start delay');
  if (ch.bootOrder !== undefined) {
    const params = typeof now.HVM_boot_params === 'object' && now.HVM_boot_params !== null ? now.HVM_boot_params as Record<string, string> : {};
    put('VM.set_HVM_boot_params', [{ ...params, order: ch.bootOrder }], 'Changing the boot order');
  }
  if (ch.PVArgs !== undefined) put('VM.set_PV_args', [ch.PVArgs], 'Changing the boot parameters');
  if (ch.shadowMultiplier !== undefined) {
    put(running ? 'VM.set_shadow_multiplier_live' : 'VM.set_HVM_shadow_multiplier', [ch.shadowMultiplier], 'Changing the shadow memory');
  }
  if (ch.perfmon !== undefined) for (const c of perfmonCalls('VM', ch.perfmon, now)) put(`VM.${c.method}`, c.args, c.step);
  return out;
}
