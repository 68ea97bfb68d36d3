// The Memory tab. A VM: its static and dynamic ranges on XenCenter's bar, the memory it has now, and
// "Edit…" (Memory Settings, the vm.memory command). A host: its memory split between Xen, the control
// domain, each VM and what is free, as a bar and a list. A pool: the same for each of its hosts. All
// from the cache, so it follows every change live.
import { useMemo } from 'react';
import { useApp } from '../../state';
import type { TabTarget } from '../../framework/tab';
import { useCommandStates, useRunCommand } from '../../framework/use-commands';
import { MEMORY_COMMAND } from './command';
import { formatMemory, hostMemory, hostSegments, isFixed, poolHosts, vmBar, vmMemory, type HostMemory, type VmMemory } from './model';
import './memory.css';

export function MemoryTab({ target }: { target: TabTarget }) {
  if (target.cls === 'vm') return <VmMemoryView target={target} />;
  if (target.cls === 'host') return <HostMemoryView target={target} />;
  return <PoolMemoryView target={target} />;
}

function useJson<T>(pick: (s: Parameters<Parameters<typeof useApp>[0]>[0]) => T): T {
  const json = useApp((s) => { void s.version; return JSON.stringify(pick(s) ?? null); });
  return useMemo(() => JSON.parse(json) as T, [json]);
}

function VmMemoryView({ target }: { target: TabTarget }) {
  const vm = useJson((s) => vmMemory(s, target.connectionId, target.ref));
  const selection = useMemo(() => [{ connectionId: target.connectionId, cls: 'vm', ref: target.ref }], [target.connectionId, target.ref]);
  const [state] = useCommandStates([MEMORY_COMMAND], selection);
  const run = useRunCommand();
  if (!vm) return <p className="empty">This VM is no longer on the server.</p>;
  return (
    <section className="memory-tab" aria-label="Memory">
      <div className="memory-head">
        <h3>{isFixed(vm) ? 'Fixed memory' : 'Dynamic memory'}</h3>
        <button type="button" onClick={() => run(MEMORY_COMMAND, selection)} disabled={!state?.enabled} title={state?.enabled ? undefined : state?.reason}>Edit…</button>
      </div>
      <VmBarView vm={vm} />
      <dl className="memory-facts">
        {isFixed(vm) ? (<><dt>Memory</dt><dd>{formatMemory(vm.dynamicMax)}</dd></>) : (
          <>
            <dt>Minimum memory</dt><dd>{formatMemory(vm.dynamicMin)}</dd>
            <dt>Maximum memory</dt><dd>{formatMemory(vm.dynamicMax)}</dd>
          </>
        )}
        <dt>Static range</dt><dd>{formatMemory(vm.staticMin)} – {formatMemory(vm.staticMax)}</dd>
        <dt>Current memory</dt><dd>{vm.actual !== undefined ? formatMemory(vm.actual) : `— (the VM is ${vm.powerState === 'Halted' ? 'shut down' : vm.powerState.toLowerCase()})`}</dd>
      </dl>
    </section>
  );
}

function VmBarView({ vm }: { vm: VmMemory }) {
  const bar = vmBar(vm);
  return (
    <div className="memory-vm-bar" role="img" aria-label={`Memory bar: ${vm.actual !== undefined ? `${formatMemory(vm.actual)} in use, ` : ''}dynamic range ${formatMemory(vm.dynamicMin)} – ${formatMemory(vm.dynamicMax)} of ${formatMemory(vm.staticMax)}`}>
      <div className="memory-track">
        <div className="memory-dynamic" style={{ left: `${bar.dynamicFrom}%`, width: `${Math.max(0.6, bar.dynamicTo - bar.dynamicFrom)}%` }} />
        {bar.actualPct !== undefined ? <div className="memory-actual" style={{ width: `${bar.actualPct}%` }}><span>{formatMemory(vm.actual ?? 0)}</span></div> : null}
      </div>
      <div className={`memory-marks${bar.marks.some((m) => m.row === 1) ? ' two-rows' : ''}`}>
        {bar.marks.map((m) => (
          <div key={m.label} className={`memory-mark row${m.row}${m.pct > 80 ? ' end' : m.pct < 15 ? ' start' : ''}`} style={{ left: `${m.pct}%` }}>
            <span className="tick" />
            <span className="text">{m.label}<br />{formatMemory(m.value)}</span>
          </div>
        ))}
      </div>
      <div className="memory-scale"><span>0</span><span>{formatMemory(bar.scaleMax)}</span></div>
    </div>
  );
}

function HostBlock({ host, heading }: { host: HostMemory; heading?: boolean }) {
  const segs = hostSegments(host);
  const used = host.uses.reduce((n, u) => n + u.bytes, 0);
  const vmRefs = host.uses.filter((u) => u.kind === 'vm').map((u) => u.ref);
  const cls = (u: { kind: string; ref?: string }) => `seg-${u.kind}${u.kind === 'vm' ? ` seg-vm${vmRefs.indexOf(u.ref) % 4}` : ''}`;
  return (
    <div className="memory-host" aria-label={`Memory of ${host.name}`} role="group">
      {heading ? <h3>{host.name}</h3> : null}
      <p className="memory-summary">
        <span>Total <b>{formatMemory(host.total)}</b></span>
        <span>In use <b>{formatMemory(used)}</b></span>
        <span>Free <b>{formatMemory(host.free)}</b></span>
      </p>
      <div className="memory-host-bar" role="img" aria-label={`${formatMemory(host.total - host.free)} used of ${formatMemory(host.total)}`}>
        {segs.map((s, i) => (
          <div key={`${s.kind}-${s.ref ?? i}`} className={`seg ${cls(s)}`} style={{ width: `${s.pct}%` }} title={`${s.label}: ${formatMemory(s.bytes)}`} />
        ))}
      </div>
      <table className="grid memory-list" aria-label={`Memory use of ${host.name}`}>
        <thead><tr><th>Used by</th><th className="num">Memory</th></tr></thead>
        <tbody>
          {host.uses.map((u, i) => (
            <tr key={`${u.kind}-${u.ref ?? i}`}>
              <td><span className={`swatch ${cls(u)}`} />{u.label}</td>
              <td className="num">{formatMemory(u.bytes)}</td>
            </tr>
          ))}
          <tr className="memory-free"><td><span className="swatch seg-free" />Free</td><td className="num">{formatMemory(host.free)}</td></tr>
        </tbody>
        <tfoot>
          <tr><td>Total</td><td className="num">{formatMemory(host.total)}</td></tr>
        </tfoot>
      </table>
    </div>
  );
}

function HostMemoryView({ target }: { target: TabTarget }) {
  const host = useJson((s) => hostMemory(s, target.connectionId, target.ref));
  if (!host) return <p className="empty">This server is no longer in the pool.</p>;
  return <section className="memory-tab" aria-label="Memory"><HostBlock host={host} /></section>;
}

function PoolMemoryView({ target }: { target: TabTarget }) {
  const hosts = useJson((s) => poolHosts(s, target.connectionId));
  if (hosts.length === 0) return <p className="empty">No servers.</p>;
  return (
    <section className="memory-tab memory-pool" aria-label="Memory">
      {hosts.map((h) => <HostBlock key={h.ref} host={h} heading />)}
    </section>
  );
}
