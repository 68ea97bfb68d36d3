// A generated demo pool (no dump): hosts with dom0, metrics, PIFs and local SRs; a shared NFS SR and
// an ISO library on the demo storage server (storage.demo:/vms and :/iso); two networks; VMs in every power state with disks, CDs and VIFs; default and
// custom templates; snapshots. Deterministic names; every ref points at an existing object.
import { randomUUID } from 'node:crypto';
import { refreshSrAllowed, refreshVifAllowed, refreshVmAllowed } from './allowed-ops';
import { Db } from './db';
import { refreshHostAllowed, refreshPoolAllowed } from './host-pool-ops';
import { EPOCH, NULL_REF, type Rec } from './fields';
import { nowDatetime } from './sim';
import { DEMO_ISOS, DEMO_SERVER } from './storage-server';

const GiB = 1024 ** 3, MiB = 1024 ** 2;
const SOFTWARE = { product_version: '8.4.0', product_version_text: '8.4', product_version_text_short: '8.4', product_brand: 'XenServer', platform_name: 'XCP', build_number: 'sim', xapi: '25.6', xen: '4.17.5' };

export interface DemoOptions {
  hosts: number;
  vms: number;
  memberListeners: boolean;
  /** Last octet of the first host's 127.0.0.x address (default 1); hosts are named after it (xcp-host-04). */
  firstAddress?: number;
  /** A standalone host as installed: pool name "", local storage only, these VMs, all Halted. */
  standalone?: { vmNames: string[] };
}

export function buildDemoPool(opts: DemoOptions): Db {
  const db = new Db();
  const now = nowDatetime();
  const first = opts.firstAddress ?? 1;
  const standalone = opts.standalone;
  const nHosts = standalone ? 1 : Math.max(1, opts.hosts);
  const address = (i: number) => `127.0.0.${first + i}`;
  const hostName = (i: number) => `xcp-host-${String(first + i).padStart(2, '0')}`;
  const networks = [
    db.create('network', { name_label: 'Pool-wide network associated with eth0', bridge: 'xenbr0', MTU: 1500, other_config: { automatic: 'true' } }),
    db.create('network', { name_label: 'Storage network', bridge: 'xenbr1', MTU: 9000, other_config: {} }),
  ];
  const pool = db.create('pool', standalone ? { name_label: '', name_description: '', other_config: {} } : { name_label: 'Demo Pool', name_description: 'Simulated pool', other_config: {} });
  const hosts: string[] = [];
  const localSr: string[] = [];
  for (let i = 0; i < nHosts; i++) {
    const metrics = db.create('host_metrics', { memory_total: 256 * GiB, memory_free: 200 * GiB, live: true, last_updated: now });
    const host = db.create('host', {
      name_label: hostName(i), name_description: 'Simulated host', hostname: hostName(i),
      address: address(i), enabled: true, metrics, API_version_major: 2, API_version_minor: 21, API_version_vendor: 'XenSource',
      software_version: SOFTWARE, cpu_info: { cpu_count: '16', socket_count: '2', vendor: 'GenuineIntel', modelname: 'Intel(R) Xeon(R) Gold 6230 CPU @ 2.10GHz', speed: '2100.000' },
      memory_overhead: 1 * GiB, allowed_operations: ['provision', 'evacuate', 'shutdown', 'reboot', 'vm_start', 'vm_resume', 'vm_migrate'],
      edition: 'xcp-ng', license_params: {}, other_config: {}, control_domain: NULL_REF,
    });
    hosts.push(host);
    for (let c = 0; c < 4; c++) db.create('host_cpu', { host, number: c, vendor: 'GenuineIntel', speed: 2100, modelname: 'Intel(R) Xeon(R) Gold 6230 CPU @ 2.10GHz', utilisation: 0.05 * (c + 1) });
    networks.forEach((network, n) => {
      const pm = db.create('PIF_metrics', { carrier: true, speed: 10000, duplex: true, last_updated: now });
      db.create('PIF', {
        device: `eth${n}`, network, host, MAC: `00:16:3e:${hex(first + i)}:0${n}:01`, MTU: n === 0 ? 1500 : 9000, VLAN: -1, metrics: pm,
        physical: true, currently_attached: true, management: n === 0, ip_configuration_mode: n === 0 ? 'Static' : 'None',
        IP: n === 0 ? address(i) : '', netmask: n === 0 ? '255.0.0.0' : '', primary_address_type: 'IPv4',
      });
    });
    const sr = db.create('SR', {
      name_label: 'Local storage', name_description: `Local storage on ${hostName(i)}`, type: 'ext', content_type: 'user', shared: false,
      physical_size: 2000 * GiB, physical_utilisation: 200 * GiB, virtual_allocation: 300 * GiB,
      allowed_operations: ['vdi_create', 'vdi_destroy', 'vdi_resize', 'vdi_clone', 'vdi_snapshot', 'scan', 'update', 'plug', 'unplug'], other_config: {},
    });
    localSr.push(sr);
    db.create('PBD', { host, SR: sr, device_config: { device: '/dev/sda3' }, currently_attached: true });
    // dom0
    const dm = db.create('VM_metrics', { memory_actual: 4 * GiB, VCPUs_number: 8, start_time: now, current_domain_type: 'pv', last_updated: now });
    const dom0 = db.create('VM', {
      name_label: `Control domain on host: ${hostName(i)}`, is_control_domain: true, power_state: 'Running',
      resident_on: host, affinity: host, domid: 0, metrics: dm, memory_static_max: 4 * GiB, memory_dynamic_max: 4 * GiB,
      memory_dynamic_min: 4 * GiB, memory_static_min: 4 * GiB, memory_target: 4 * GiB, VCPUs_max: 8, VCPUs_at_startup: 8, domain_type: 'pv',
      other_config: { storage_driver_domain: '' },
    });
    db.update('host', host, { control_domain: dom0 });
    for (const protocol of ['rfb', 'vt100']) {
      const c = db.create('console', { protocol, VM: dom0 });
      db.update('console', c, { location: `https://${address(i)}/console?uuid=${db.get('console', c)!.uuid}` });
    }
  }
  const master = hosts[0];
  // A standalone host keeps everything on its local SR (a shared SR would refuse pool.join).
  const shared = standalone ? localSr[0] : db.create('SR', {
    name_label: 'NFS shared storage', name_description: `NFS SR [${DEMO_SERVER}:/vms]`, type: 'nfs', content_type: 'user', shared: true,
    physical_size: 8000 * GiB, physical_utilisation: 1200 * GiB, virtual_allocation: 2000 * GiB,
    allowed_operations: ['vdi_create', 'vdi_destroy', 'vdi_resize', 'vdi_clone', 'vdi_snapshot', 'scan', 'update', 'plug', 'unplug'], other_config: {},
  });
  if (!standalone) {
    // On the demo storage server (storage-server.ts), which learns of these SRs from their PBDs when
    // first used (so nothing here may call storageOf before the PBDs exist).
    const iso = db.create('SR', {
      name_label: 'ISO library', name_description: `NFS ISO library [${DEMO_SERVER}:/iso]`, type: 'iso', content_type: 'iso', shared: true,
      physical_size: 500 * GiB, physical_utilisation: DEMO_ISOS.reduce((n, f) => n + f.size, 0), sm_config: { iso_type: 'nfs_iso' }, other_config: {},
    });
    for (const host of hosts) {
      db.create('PBD', { host, SR: shared, device_config: { server: DEMO_SERVER, serverpath: '/vms' }, currently_attached: true });
      db.create('PBD', { host, SR: iso, device_config: { location: `${DEMO_SERVER}:/iso`, type: 'nfs_iso' }, currently_attached: true });
    }
    for (const f of DEMO_ISOS) {
      db.create('VDI', { name_label: f.name, SR: iso, type: 'user', virtual_size: f.size, physical_utilisation: f.size, read_only: true, managed: true, location: f.name });
    }
  }
  db.update('pool', pool, { master, default_SR: shared, suspend_image_SR: shared, crash_dump_SR: shared });

  // Default templates, then one custom template.
  const templates = ['Debian Bookworm 12', 'Ubuntu Noble Numbat 24.04', 'CentOS Stream 9', 'Rocky Linux 9', 'AlmaLinux 9', 'Red Hat Enterprise Linux 9',
    'Windows Server 2022 (64-bit)', 'Windows Server 2019 (64-bit)', 'Windows 11', 'Other install media'];
  let vmIndex = 0;
  const makeVm = (values: Rec, disk?: { sr: string; size: number }, extra: { cd?: boolean; vif?: boolean; guest?: boolean } = {}): string => {
    const windows = /Windows/.test(String(values.name_label));
    const metrics = db.create('VM_metrics', { memory_actual: 0, VCPUs_number: values.VCPUs_at_startup ?? 2, start_time: values.power_state === 'Halted' ? EPOCH : now, install_time: now, current_domain_type: windows ? 'hvm' : 'pv', last_updated: now, VCPUs_utilisation: { 0: 0.1 } });
    const guest = extra.guest ? db.create('VM_guest_metrics', { PV_drivers_version: { major: '9', minor: '4', micro: '0', build: '1' }, PV_drivers_up_to_date: true, PV_drivers_detected: true, os_version: { name: windows ? 'Microsoft Windows Server 2022' : 'Debian GNU/Linux 12', distro: windows ? 'windows' : 'debian' }, networks: { '0/ip': `10.0.0.${++vmIndex}` }, last_updated: now, live: true }) : NULL_REF;
    const vm = db.create('VM', {
      memory_static_max: 4 * GiB, memory_dynamic_max: 4 * GiB, memory_dynamic_min: 2 * GiB, memory_static_min: 512 * MiB, memory_target: 4 * GiB,
      memory_overhead: 40 * MiB, VCPUs_max: 2, VCPUs_at_startup: 2, actions_after_shutdown: 'destroy', actions_after_reboot: 'restart', actions_after_crash: 'restart',
      HVM_boot_policy: windows ? 'BIOS order' : '', HVM_boot_params: windows ? { order: 'dc' } : {}, PV_bootloader: windows ? '' : 'pygrub',
      domain_type: windows ? 'hvm' : 'pv', platform: windows ? { viridian: 'true', acpi: '1', apic: 'true', pae: 'true', nx: 'true' } : {},
      metrics, guest_metrics: guest, user_version: 1, domid: -1, ...values,
      // Every VM gets a mac_seed when it is created (SEMANTICS.md 9.4); VIF.create derives MACs from it.
      other_config: { mac_seed: randomUUID(), ...(values.other_config as Rec | undefined) },
    });
    // The VM's memory is known only now (its defaults above): a running domain holds its target.
    if (values.power_state === 'Running') db.update('VM_metrics', metrics, { memory_actual: db.get('VM', vm)!.memory_target });
    if (disk) {
      const vdi = db.create('VDI', { name_label: `${values.name_label} disk 0`, SR: disk.sr, type: 'system', virtual_size: disk.size, physical_utilisation: Math.round(disk.size / 3), managed: true, allowed_operations: ['clone', 'snapshot', 'resize', 'destroy', 'copy'] });
      db.create('VBD', { VM: vm, VDI: vdi, userdevice: '0', device: windows ? 'hda' : 'xvda', bootable: true, mode: 'RW', type: 'Disk', empty: false, currently_attached: false, unpluggable: true });
    }
    if (extra.cd ?? true) db.create('VBD', { VM: vm, VDI: NULL_REF, userdevice: '3', device: windows ? 'hdd' : 'xvdd', mode: 'RO', type: 'CD', empty: true, unpluggable: true });
    if (extra.vif ?? true) db.create('VIF', { VM: vm, network: networks[0], device: '0', MAC: `aa:bb:cc:${hex(vmIndex >> 8)}:${hex(vmIndex)}:${hex(db.gen)}`, MTU: 1500, locking_mode: 'network_default' });
    return vm;
  };
  // Like XenServer's shipped templates: a disk to provision (sr="" = the pool's default SR, which
  // clients rewrite) and restrictions a New VM wizard reads.
  for (const t of templates) {
    const size = (/Windows/.test(t) ? 64 : 16) * GiB;
    const disks = `<provision><disk device="0" size="${size}" sr="" bootable="true" type="system"/></provision>`;
    const recommendations = '<restrictions><restriction field="memory-static-max" max="137438953472"/><restriction field="vcpus-max" max="32"/>'
      + '<restriction property="number-of-vbds" max="255"/><restriction property="number-of-vifs" max="7"/><restriction field="has-vendor-device" value="false"/></restrictions>';
    makeVm({ name_label: t, name_description: `Template for ${t}`, is_a_template: true, power_state: 'Halted', recommendations,
      other_config: { default_template: 'true', install_methods: 'cdrom,nfs,http,ftp', disks }, is_default_template: true },
    undefined, { cd: false, vif: false });
  }
  makeVm({ name_label: 'Debian 12 web base', name_description: 'Hardened Debian image for web servers', is_a_template: true, power_state: 'Halted', other_config: {} }, { sr: shared, size: 20 * GiB }, { cd: false });

  // Ordinary VMs: mostly Running spread over hosts, several Halted, one Suspended, one Paused.
  const roles = ['web', 'db', 'app', 'cache', 'mail', 'build', 'proxy', 'monitor'];
  const nVms = standalone ? standalone.vmNames.length : Math.max(0, opts.vms);
  const nHalted = Math.max(1, Math.floor(nVms / 5));
  const vms: string[] = [];
  const count = new Map<string, number>();
  for (let i = 0; i < nVms; i++) {
    const windows = i % 7 === 6;
    const role = roles[i % roles.length];
    const n = (count.get(windows ? 'win' : role) ?? 0) + 1;
    count.set(windows ? 'win' : role, n);
    const name = standalone ? standalone.vmNames[i] : windows ? `Windows Server 2022 (${n})` : `${role}-${String(n).padStart(2, '0')}`;
    const state = standalone ? 'Halted' : i === 1 ? 'Suspended' : i === 2 && nVms > 5 ? 'Paused' : i >= nVms - nHalted && i > 2 ? 'Halted' : 'Running';
    const host = hosts[i % nHosts];
    const local = i % 4 === 3;
    const vm = makeVm({
      name_label: name, name_description: windows ? 'Windows application server' : `${role} server`, power_state: state,
      affinity: local ? host : NULL_REF, resident_on: state === 'Running' || state === 'Paused' ? host : NULL_REF,
      domid: state === 'Running' || state === 'Paused' ? 10 + i : -1, tags: i % 3 === 0 ? ['production'] : [],
      other_config: i % 5 === 0 ? { folder: '/Production' } : {},
    }, { sr: local ? localSr[i % nHosts] : shared, size: (windows ? 60 : 16) * GiB }, { guest: state !== 'Halted' });
    vms.push(vm);
    const rec = db.get('VM', vm)!;
    if (state === 'Running' || state === 'Paused') {
      // §2.1: an HVM domain holds every VBD, even an empty CD drive; PV the non-empty ones.
      for (const b of rec.VBDs as string[]) if (windows || !db.get('VBD', b)!.empty) db.update('VBD', b, { currently_attached: true });
      for (const v of rec.VIFs as string[]) db.update('VIF', v, { currently_attached: true });
      const addr = db.get('host', host)!.address;
      for (const protocol of windows ? ['rfb'] : ['rfb', 'vt100']) {
        const c = db.create('console', { protocol, VM: vm });
        db.update('console', c, { location: `https://${addr}/console?uuid=${db.get('console', c)!.uuid}` });
      }
    }
    if (state === 'Suspended') {
      for (const v of rec.VIFs as string[]) db.update('VIF', v, { currently_attached: true });
      for (const b of rec.VBDs as string[]) if (windows || !db.get('VBD', b)!.empty) db.update('VBD', b, { currently_attached: true });
      const sv = db.create('VDI', { name_label: 'Suspend image', name_description: 'Suspend image', SR: shared, type: 'suspend', virtual_size: 5 * GiB, managed: true, sm_config: { vmhint: String(rec.uuid) } });
      db.update('VM', vm, { suspend_VDI: sv });
    }
  }
  if (vms.length) {
    // Two snapshots of the first VM.
    const src = vms[0];
    const s = db.get('VM', src)!;
    for (const [k, label] of ['before upgrade', 'nightly'].entries()) {
      const snapVdiSrc = (s.VBDs as string[]).map((b) => db.get('VBD', b)!).find((b) => !b.empty);
      const snap = makeVm({ name_label: `${s.name_label} ${label}`, is_a_snapshot: true, is_a_template: true, snapshot_of: src, snapshot_time: `2026010${k + 1}T02:00:00Z`, power_state: 'Halted', other_config: {} }, undefined, { cd: false, vif: false });
      if (snapVdiSrc) {
        const orig = db.get('VDI', String(snapVdiSrc.VDI))!;
        const vdi = db.create('VDI', { name_label: `${orig.name_label} snapshot`, SR: orig.SR, type: 'system', virtual_size: orig.virtual_size, is_a_snapshot: true, snapshot_of: snapVdiSrc.VDI, snapshot_time: `2026010${k + 1}T02:00:00Z`, managed: true });
        db.create('VBD', { VM: snap, VDI: vdi, userdevice: '0', device: 'xvda', bootable: true, mode: 'RW', type: 'Disk', empty: false });
      }
    }
  }
  for (const ref of db.table('VM').keys()) refreshVmAllowed(db, ref);
  for (const ref of db.table('SR').keys()) refreshSrAllowed(db, ref);
  for (const ref of db.table('VIF').keys()) refreshVifAllowed(db, ref);
  for (const ref of db.table('host').keys()) refreshHostAllowed(db, ref);
  refreshPoolAllowed(db, pool);
  // Honest memory figures: host_metrics.memory_free from what runs there.
  for (const h of hosts) {
    const hr = db.get('host', h)!;
    let used = Number(hr.memory_overhead);
    // SEMANTICS.md 2.8: each resident domain counts its dynamic minimum and overhead.
    for (const row of db.table('VM').values()) if (row.rec.resident_on === h) used += Number(row.rec.memory_dynamic_min) + Number(row.rec.memory_overhead ?? 0);
    db.update('host_metrics', String(hr.metrics), { memory_free: 256 * GiB - used });
  }
  return db;
}

const hex = (n: number) => (n & 0xff).toString(16).padStart(2, '0');
