// What a task does, in words, from its XAPI method (task name_label "Async.VM.checkpoint"): the
// Events panel's titles for tasks of other clients and of XAPI Operations…, after XenCenter's
// action titles ("Taking checkpoint of 'web-01'"). `{0}` is where the object's name goes.
import { VM_DEVICE_CLASSES } from './names';

/** An object whose current_operations held a task (class lowercase, as events give it), and its name. */
export interface TaskTarget { cls: string; ref: string; name: string }

const TITLES: Record<string, string> = {
  'VM.start': 'Starting VM {0}', 'VM.start_on': 'Starting VM {0}', 'VM.resume': 'Resuming VM {0}', 'VM.resume_on': 'Resuming VM {0}',
  'VM.clean_shutdown': 'Shutting down VM {0}', 'VM.hard_shutdown': 'Forcing VM {0} to shut down', 'VM.shutdown': 'Shutting down VM {0}',
  'VM.clean_reboot': 'Rebooting VM {0}', 'VM.hard_reboot': 'Forcing VM {0} to reboot', 'VM.suspend': 'Suspending VM {0}',
  'VM.pause': 'Pausing VM {0}', 'VM.unpause': 'Unpausing VM {0}',
  'VM.snapshot': 'Taking snapshot of {0}', 'VM.snapshot_with_quiesce': 'Taking quiesced snapshot of {0}', 'VM.checkpoint': 'Taking checkpoint of {0}',
  'VM.revert': 'Reverting to snapshot {0}', 'VM.clone': 'Cloning VM {0}', 'VM.copy': 'Copying VM {0}', 'VM.provision': 'Provisioning VM {0}',
  'VM.destroy': 'Deleting VM {0}', 'VM.pool_migrate': 'Migrating VM {0}', 'VM.migrate_send': 'Migrating VM {0}',
  'VM.assert_can_migrate': 'Checking whether VM {0} can migrate', 'VM.assert_can_boot_here': 'Checking whether VM {0} can start here',
  'VM.set_VCPUs_number_live': 'Changing the vCPUs of {0}', 'VM.set_memory_dynamic_range': 'Changing the memory of {0}',
  'VM.set_memory_limits': 'Changing the memory of {0}', 'VM.set_memory_static_range': 'Changing the memory of {0}',
  'VM.set_memory': 'Changing the memory of {0}', 'VM.set_shadow_multiplier_live': 'Changing the shadow memory of {0}',
  'VM.import': 'Importing VM', 'VM.export': 'Exporting VM {0}',
  'host.evacuate': 'Migrating the VMs off server {0}', 'host.reboot': 'Rebooting server {0}', 'host.shutdown': 'Shutting down server {0}',
  'host.disable': 'Disabling server {0}', 'host.enable': 'Enabling server {0}', 'host.restart_agent': 'Restarting the toolstack on {0}',
  'host.migrate_receive': 'Preparing server {0} to receive a VM', 'host.power_on': 'Powering on server {0}',
  'VMSS.snapshot_now': 'Running snapshot schedule {0}',
  'pool.join': 'Adding server to pool', 'pool.eject': 'Removing server {0} from pool', 'pool.enable_ha': 'Enabling HA on pool {0}',
  'pool.disable_ha': 'Disabling HA on pool {0}', 'pool.designate_new_master': 'Making {0} the pool coordinator',
  'VDI.create': 'Creating disk', 'VDI.destroy': 'Deleting disk {0}', 'VDI.copy': 'Copying disk {0}', 'VDI.resize': 'Resizing disk {0}',
  'VDI.resize_online': 'Resizing disk {0}', 'VBD.destroy': 'Removing disk drive', 'VLAN.destroy': 'Removing VLAN',
  'SR.probe': 'Scanning for storage', 'SR.probe_ext': 'Scanning for storage', 'SR.introduce': 'Introducing storage repository',
  'SR.update': 'Updating storage repository {0}', 'SR.reclaim_space': 'Reclaiming freed space on {0}', 'PBD.create': 'Connecting storage to a server',
  'VDI.pool_migrate': 'Moving disk {0}', 'VDI.snapshot': 'Taking snapshot of disk {0}', 'VDI.clone': 'Cloning disk {0}',
  'VBD.plug': 'Attaching disk', 'VBD.unplug': 'Detaching disk', 'VBD.insert': 'Inserting CD', 'VBD.eject': 'Ejecting CD', 'VBD.create': 'Adding disk',
  'VIF.plug': 'Plugging in network interface', 'VIF.unplug': 'Unplugging network interface', 'VIF.create': 'Adding network interface',
  'VIF.destroy': 'Removing network interface', 'VIF.move': 'Moving network interface',
  'SR.scan': 'Rescanning storage {0}', 'SR.create': 'Creating storage repository', 'SR.destroy': 'Destroying storage repository {0}',
  'SR.forget': 'Forgetting storage repository {0}', 'PBD.plug': 'Attaching storage', 'PBD.unplug': 'Detaching storage',
  'network.create': 'Creating network', 'network.destroy': 'Removing network {0}', 'pool.create_VLAN_from_PIF': 'Creating VLAN',
  'pool.enable_external_auth': 'Joining pool {0} to a domain', 'pool.disable_external_auth': 'Removing pool {0} from its domain',
};

/** A task on a VM's disk drive or network interface, named by the VM (the drive has no name of its own). */
const DEVICE_TITLES: Record<string, string> = {
  'VBD.plug': 'Attaching disk to VM {0}', 'VBD.unplug': 'Detaching disk from VM {0}', 'VBD.unplug_force': 'Detaching disk from VM {0}',
  'VBD.insert': 'Inserting CD into VM {0}', 'VBD.eject': 'Ejecting CD from VM {0}', 'VBD.destroy': 'Removing disk drive from VM {0}',
  'VIF.plug': 'Plugging in network interface on VM {0}', 'VIF.unplug': 'Unplugging network interface from VM {0}',
  'VIF.unplug_force': 'Unplugging network interface from VM {0}', 'VIF.destroy': 'Removing network interface from VM {0}',
  'VIF.move': 'Moving network interface of VM {0}',
};

/** The method of a task name ("Async.VM.checkpoint" → "VM.checkpoint"); '' when it is not one. */
export function taskMethod(nameLabel: string): string {
  const m = /^(?:Async\.)?([A-Za-z_]+\.[A-Za-z_]+)$/.exec(nameLabel.trim());
  return m ? m[1] : '';
}

/** "web-01" → "'web-01'" in place of {0}; without a name the placeholder (and its space) goes. */
function fill(template: string, target: string | undefined): string {
  if (target) return template.replace('{0}', `'${target}'`);
  // "Taking checkpoint of {0}" → "Taking checkpoint"; "Making {0} the pool coordinator" → "Making a server the …".
  return template.replace(/ (?:of |on |off server |(?:to|from|into|on|of) VM )?\{0\}$/, '').replace(/ (?:of |on )?\{0\}/, '').replace('{0}', 'a server');
}

/**
 * Words for a task: `nameLabel` is the task's name (a method, or a title a client chose); `target`
 * the name of the object it works on, when known, and `targetClass` that object's class when known
 * (a VM's disk drive or network interface is named by its VM). Unknown methods read as "VM: set memory limits".
 */
export function taskWords(nameLabel: string, target?: string, targetClass?: string): string {
  const method = taskMethod(nameLabel);
  if (!method) return nameLabel ? (target ? `${nameLabel} '${target}'` : nameLabel) : 'Task';
  const device = targetClass && VM_DEVICE_CLASSES.has(targetClass) ? DEVICE_TITLES[method] : undefined;
  const known = device ?? TITLES[method];
  if (known) return fill(known, target);
  const [cls, name] = method.split('.');
  return `${cls}: ${name.replace(/_/g, ' ')}${target ? ` '${target}'` : ''}`;
}

/**
 * Which of the objects whose current_operations held a task the task is about: the one of its
 * method's class ("Async.VDI.resize": the VDI); none when no object of that class held it (a task
 * seen only on another object is not named after it). A task named by a client (not a method) is
 * about its VM if one held it, else the first object.
 */
export function pickTaskTarget(targets: readonly TaskTarget[] | undefined, nameLabel: string): TaskTarget | undefined {
  if (!targets?.length) return undefined;
  const method = taskMethod(nameLabel);
  if (!method) return targets.find((t) => t.cls === 'vm') ?? targets[0];
  const cls = method.slice(0, method.indexOf('.')).toLowerCase();
  return targets.find((t) => t.cls === cls);
}
