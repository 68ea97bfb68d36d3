// The General tab: what XenCenter shows for a pool, host, VM, SR, network or connection.
import { useMemo, useRef } from 'react';
import { useApp, getRecord, type XRecord } from '../../state';
import { poolCounts } from './pool-counts';
import { ConnectionStatusText } from '../../framework/ConnectionStatus';
import { formatBytes, formatTime, powerStateText, str, yesNo } from '../../xapi-model/format';
import { useToday } from '../../ui/use-today';
import { parseXapiDate } from '../../state/store';
import { PropertyList, Section } from '../../ui/Props';
import { isInMaintenanceMode } from '../../../../shared/host/maintenance';
import type { TabTarget } from '../../framework/tab';
import { TagsField } from './TagsField';
import { HOST_DOWN_TEXT, hostDown } from '../../xapi-model/host-down';
import { isControlDomain, isSnapshot, isTemplate } from '../../xapi-model/predicates';

function useRec(connectionId: string, cls: string, ref: unknown): XRecord | undefined {
  return useApp((s) => getRecord(s, connectionId, cls, ref));
}

const mapValue = (m: unknown, k: string): string => (m && typeof m === 'object' ? str((m as Record<string, unknown>)[k]) : '');


function virtualizationMode(vm: XRecord): string {
  const dt = str(vm.domain_type);
  const names: Record<string, string> = { hvm: 'HVM', pv: 'PV', pvh: 'PVH', pv_in_pvh: 'PV in PVH' };
  if (names[dt]) return names[dt];
  return str(vm.HVM_boot_policy) ? 'HVM' : 'PV';
}

function memoryText(vm: XRecord): string {
  const min = Number(vm.memory_dynamic_min);
  const max = Number(vm.memory_dynamic_max);
  if (Number.isFinite(min) && Number.isFinite(max) && min > 0 && min !== max) return `${formatBytes(min)} – ${formatBytes(max)}`;
  return formatBytes(max || vm.memory_static_max);
}

function VmGeneral({ t, vm }: { t: TabTarget; vm: XRecord }) {
  const metrics = useRec(t.connectionId, 'vm_metrics', vm.metrics);
  const guest = useRec(t.connectionId, 'vm_guest_metrics', vm.guest_metrics);
  const resident = useRec(t.connectionId, 'host', vm.resident_on);
  const affinity = useRec(t.connectionId, 'host', vm.affinity);
  const snapOf = useRec(t.connectionId, 'vm', vm.snapshot_of);
  const ps = str(vm.power_state);
  const running = ps === 'Running' || ps === 'Paused';
  const os = mapValue(guest?.os_version, 'name');
  const start = running ? parseXapiDate(metrics?.start_time) : 0;
  const today = useToday();
  const template = isTemplate(vm);
  const snapshot = isSnapshot(vm);
  // Its server not connected: the last power state known is not the state now.
  const connected = useApp((s) => s.connections.get(t.connectionId)?.status === 'connected');
  const power = connected ? powerStateText(ps) : `Unknown (last known: ${powerStateText(ps)})`;
  return (
    <>
      <Section title="General">
        <PropertyList label="General properties" rows={[
          ['Name', str(vm.name_label)],
          ['Description', str(vm.name_description)],
          ['UUID', <span className="mono">{str(vm.uuid)}</span>],
          ['Tags', <TagsField t={t} tags={vm.tags} />],
          !template && ['Power state', power],
          !template && !snapshot && ['Home server', affinity ? str(affinity.name_label) : 'None'],
          running && ['Resident on', resident ? str(resident.name_label) : '—'],
          ['Operating system', os || (running ? 'Unknown' : '—')],
          ['Virtualization mode', virtualizationMode(vm)],
          start > 0 && ['Started', formatTime(start, today)],
          ['Template', yesNo(vm.is_a_template)],
          snapshot && ['Snapshot of', snapOf ? str(snapOf.name_label) : '—'],
          snapshot && ['Snapshot time', formatTime(parseXapiDate(vm.snapshot_time), today)],
          isControlDomain(vm) && ['Control domain', 'Yes'],
        ]} />
      </Section>
      <Section title="CPU and memory">
        <PropertyList label="CPU and memory" rows={[
          ['vCPUs', running && metrics?.VCPUs_number != null ? str(metrics.VCPUs_number) : str(vm.VCPUs_at_startup)],
          ['Maximum vCPUs', str(vm.VCPUs_max)],
          ['Memory', memoryText(vm)],
          running && !!metrics && ['Memory in use', formatBytes(metrics.memory_actual)],
        ]} />
      </Section>
    </>
  );
}

function HostGeneral({ t, host }: { t: TabTarget; host: XRecord }) {
  const metrics = useRec(t.connectionId, 'host_metrics', host.metrics);
  const isMaster = useApp((s) => {
    const pools = s.objects.get(t.connectionId)?.get('pool');
    if (!pools) return false;
    for (const p of pools.values()) if (p.master === t.ref) return true;
    return false;
  });
  const vmCount = useApp((s) => {
    void s.treeVersion;
    let n = 0;
    for (const vm of s.objects.get(t.connectionId)?.get('vm')?.values() ?? []) if (vm.resident_on === t.ref && !isControlDomain(vm) && vm.power_state === 'Running') n++;
    return n;
  });
  const live = metrics?.live === true;
  // A host that is not live: what it was, in words; and no memory figures from before it went down.
  const down = useApp((s) => (live ? '' : HOST_DOWN_TEXT[hostDown(host, (r) => getRecord(s, t.connectionId, 'pbd', r))]));
  const total = Number(metrics?.memory_total);
  const free = live ? Number(metrics?.memory_free) : NaN;
  const unknown = live ? '—' : 'Unknown (not live)';
  const sv = host.software_version;
  const cpu = host.cpu_info;
  return (
    <>
      <Section title="General">
        <PropertyList label="General properties" rows={[
          ['Name', str(host.name_label)],
          ['Description', str(host.name_description)],
          ['UUID', <span className="mono">{str(host.uuid)}</span>],
          ['Tags', <TagsField t={t} tags={host.tags} />],
          ['Address', str(host.address)],
          ['Hostname', str(host.hostname)],
          ['Pool coordinator', isMaster ? 'Yes' : 'No'],
          ['State', down || (host.enabled !== true ? (isInMaintenanceMode(host) ? 'In maintenance mode' : 'Disabled') : 'Running')],
          ['Enabled', yesNo(host.enabled)],
          ['Maintenance mode', isInMaintenanceMode(host) ? 'Yes' : 'No'],
          ['Live', metrics ? yesNo(metrics.live) : 'Unknown'],
          ['Running VMs', String(vmCount)],
        ]} />
      </Section>
      <Section title="Version">
        <PropertyList label="Version" rows={[
          ['Product', [mapValue(sv, 'product_brand'), mapValue(sv, 'product_version')].filter(Boolean).join(' ')],
          ['Software version', mapValue(sv, 'product_version') || mapValue(sv, 'platform_version')],
          ['Build', mapValue(sv, 'build_number')],
          ['API version', `${str(host.API_version_major)}.${str(host.API_version_minor)}`],
        ]} />
      </Section>
      <Section title="CPU and memory">
        <PropertyList label="CPU and memory" rows={[
          ['CPUs', mapValue(cpu, 'cpu_count')],
          ['CPU model', mapValue(cpu, 'modelname')],
          ['Total memory', Number.isFinite(total) ? formatBytes(total) : '—'],
          ['Free memory', Number.isFinite(free) ? formatBytes(free) : unknown],
          ['Used memory', Number.isFinite(total) && Number.isFinite(free) ? formatBytes(total - free) : unknown],
        ]} />
      </Section>
    </>
  );
}

function PoolGeneral({ t, pool }: { t: TabTarget; pool: XRecord }) {
  const master = useRec(t.connectionId, 'host', pool.master);
  const defaultSr = useRec(t.connectionId, 'sr', pool.default_SR);
  // Counted again only when a field the tree reads changed (all these are): a 5,000-VM pool's
  // live changes otherwise walked every VM on each delta.
  const counted = useRef<{ version: number; conn: string; out: string } | null>(null);
  const counts = useApp((s) => {
    if (counted.current?.version === s.treeVersion && counted.current.conn === t.connectionId) return counted.current.out;
    const c = poolCounts(s.objects.get(t.connectionId));
    const out = `${c.hosts}|${c.vms}|${c.running}|${c.srs}`;
    counted.current = { version: s.treeVersion, conn: t.connectionId, out };
    return out;
  });
  const [hosts, vms, running, srs] = counts.split('|');
  return (
    <Section title="General">
      <PropertyList label="General properties" rows={[
        ['Name', str(pool.name_label)],
        ['Description', str(pool.name_description)],
        ['UUID', <span className="mono">{str(pool.uuid)}</span>],
        ['Tags', <TagsField t={t} tags={pool.tags} />],
        ['Coordinator', master ? str(master.name_label) : '—'],
        ['Default storage repository', defaultSr ? str(defaultSr.name_label) : 'None'],
        ['Hosts', hosts],
        ['VMs', `${vms} (${running} running)`],
        ['Storage repositories', srs],
        ['High availability', pool.ha_enabled === true ? 'On' : 'Off'],
      ]} />
    </Section>
  );
}

function SrGeneral({ t, sr }: { t: TabTarget; sr: XRecord }) {
  const hostsText = useApp((s) => {
    void s.treeVersion;
    const names: string[] = [];
    for (const pbdRef of Array.isArray(sr.PBDs) ? sr.PBDs : []) {
      const pbd = getRecord(s, t.connectionId, 'pbd', pbdRef);
      const host = pbd ? getRecord(s, t.connectionId, 'host', pbd.host) : undefined;
      if (host) names.push(`${str(host.name_label)}${pbd?.currently_attached === false ? ' (not attached)' : ''}`);
    }
    return names.sort().join(', ');
  });
  const size = Number(sr.physical_size);
  const used = Number(sr.physical_utilisation);
  const alloc = Number(sr.virtual_allocation);
  const pct = size > 0 ? Math.round((used / size) * 100) : 0;
  return (
    <Section title="General">
      <PropertyList label="General properties" rows={[
        ['Name', str(sr.name_label)],
        ['Description', str(sr.name_description)],
        ['UUID', <span className="mono">{str(sr.uuid)}</span>],
        ['Tags', <TagsField t={t} tags={sr.tags} />],
        ['Type', str(sr.type)],
        ['Content type', str(sr.content_type)],
        ['Shared', yesNo(sr.shared)],
        ['Size', size > 0 ? formatBytes(size) : '—'],
        ['Utilisation', size > 0 ? `${formatBytes(used)} used (${pct}%)` : '—'],
        ['Free space', size > 0 ? formatBytes(Math.max(0, size - used)) : '—'],
        ['Virtual allocation', Number.isFinite(alloc) ? formatBytes(alloc) : '—'],
        ['Hosts', hostsText || 'None'],
      ]} />
    </Section>
  );
}

function NetworkGeneral({ t, net }: { t: TabTarget; net: XRecord }) {
  return (
    <Section title="General">
      <PropertyList label="General properties" rows={[
        ['Name', str(net.name_label)],
        ['Description', str(net.name_description)],
        ['UUID', <span className="mono">{str(net.uuid)}</span>],
        ['Tags', <TagsField t={t} tags={net.tags} />],
        ['Bridge', str(net.bridge)],
        ['MTU', str(net.MTU)],
        ['Managed', yesNo(net.managed ?? true)],
        ['Automatically add to new VMs', mapValue(net.other_config, 'automatic') === 'false' ? 'No' : 'Yes'],
      ]} />
    </Section>
  );
}

/** The connection behind a server node: where it goes, as whom, and how it is doing. */
function ConnectionSection({ connectionId }: { connectionId: string }) {
  const c = useApp((s) => s.connections.get(connectionId));
  if (!c) return <p className="empty">This server was removed from the list.</p>;
  const members = c.poolMembers ?? [];
  return (
    <Section title="Connection">
      <PropertyList label="Connection" rows={[
        ['Server URL', c.url],
        c.friendlyName ? ['Friendly name', c.friendlyName] : null,
        ['Coordinator URL', c.coordinatorUrl || c.url],
        ['User name', c.user],
        ['Status', <ConnectionStatusText connectionId={connectionId} />],
        c.status === 'reconnecting' && c.nextAttemptAt ? ['Next attempt', formatTime(c.nextAttemptAt)] : null,
        ['Pool members', members.length ? <span className="member-list">{members.map((m) => <span key={m}>{m}</span>)}</span> : '—'],
        ['Saved', c.saved ? (c.hasStoredPassword ? 'Yes, with its password' : 'Yes, without a password') : 'No'],
      ]} />
    </Section>
  );
}

function ConnectionGeneral({ t }: { t: TabTarget }) {
  const c = useApp((s) => s.connections.get(t.connectionId));
  if (!c) return <p>This connection was removed.</p>;
  return (
    <>
      <Section title="General">
        <PropertyList label="General properties" rows={[
          ['Server', c.friendlyName || c.hostname],
          ['Address', c.url],
        ]} />
      </Section>
      <ConnectionSection connectionId={t.connectionId} />
    </>
  );
}

/** A standalone host is the top-level node of its connection (its pool has no name). */
function useIsStandalone(connectionId: string): boolean {
  return useApp((s) => {
    const pools = s.objects.get(connectionId)?.get('pool');
    if (!pools || pools.size === 0) return true;
    for (const p of pools.values()) if (str(p.name_label) !== '') return false;
    return true;
  });
}

function HostWithConnection({ t, host }: { t: TabTarget; host: XRecord }) {
  const standalone = useIsStandalone(t.connectionId);
  return <><HostGeneral t={t} host={host} />{standalone ? <ConnectionSection connectionId={t.connectionId} /> : null}</>;
}

export function GeneralTab({ target }: { target: TabTarget }) {
  const rec = useRec(target.connectionId, target.cls, target.ref);
  const body = useMemo(() => {
    if (target.cls === 'connection') return <ConnectionGeneral t={target} />;
    if (!rec) return <p className="empty">This object no longer exists.</p>;
    switch (target.cls) {
      case 'vm': return <VmGeneral t={target} vm={rec} />;
      case 'host': return <HostWithConnection t={target} host={rec} />;
      case 'pool': return <><PoolGeneral t={target} pool={rec} /><ConnectionSection connectionId={target.connectionId} /></>;
      case 'sr': return <SrGeneral t={target} sr={rec} />;
      case 'network': return <NetworkGeneral t={target} net={rec} />;
      default: return <PropertyList label="General properties" rows={[['Name', str(rec.name_label)], ['UUID', str(rec.uuid)]]} />;
    }
  }, [rec, target]);
  return <div className="general-tab">{body}</div>;
}

