// Page 8: what will be created, and whether it starts.
import { useId } from 'react';
import { GiB, MiB, type Draft } from './draft';
import type { HostItem, IsoItem, NetworkItem, SrItem } from './catalog';
import { formatBytes } from '../../xapi-model/format';

export interface FinishNames { template: string; isos: IsoItem[]; hosts: HostItem[]; srs: SrItem[]; networks: NetworkItem[]; srName(sr: SrItem): string }

export function FinishPage({ draft, names, onChange }: { draft: Draft; names: FinishNames; onChange(p: Partial<Draft>): void }) {
  const startId = useId();
  const media = draft.install === 'iso' ? names.isos.find((i) => i.ref === draft.isoRef)?.name ?? '—'
    : draft.install === 'network' ? 'Network boot (PXE)' : 'None';
  const home = draft.homeHostRef ? names.hosts.find((h) => h.ref === draft.homeHostRef)?.name ?? '—' : 'None';
  const sr = (ref: string) => { const s = names.srs.find((x) => x.ref === ref); return s ? names.srName(s) : '—'; };
  const net = (ref: string) => names.networks.find((n) => n.ref === ref)?.name ?? '—';
  const rows: Array<[string, string]> = [
    ['Template', names.template],
    ['Name', draft.name.trim()],
    ['Description', draft.description.trim() || '—'],
    ['Installation media', media],
    ['Home server', home],
    ['vCPUs', `${draft.vcpusMax}${draft.vcpusAtStartup !== draft.vcpusMax ? ` (${draft.vcpusAtStartup} at startup)` : ''}${draft.coresPerSocket ? `, ${draft.coresPerSocket} cores per socket` : ''}`],
    ['Memory', `${formatBytes(draft.dynamicMinMiB * MiB)} – ${formatBytes(draft.dynamicMaxMiB * MiB)} (static maximum ${formatBytes(draft.staticMaxMiB * MiB)})`],
    ...draft.disks.map((d): [string, string] => [`Disk ${d.device}`, `${formatBytes(d.sizeGiB * GiB)} on ${sr(d.srRef)}`]),
    ...(draft.disks.length ? [] : [['Disks', 'None'] as [string, string]]),
    ...draft.vifs.map((v, i): [string, string] => [`Interface ${i}`, `${net(v.networkRef)}, MAC ${v.mac.trim() || 'automatic'}`]),
    ...(draft.vifs.length ? [] : [['Network interfaces', 'None'] as [string, string]]),
  ];
  return (
    <>
      <dl className="nvw-summary" aria-label="Summary">
        {rows.map(([k, v]) => (
          <div className="nvw-summary-row" key={k}><dt>{k}</dt><dd>{v}</dd></div>
        ))}
      </dl>
      <label htmlFor={startId} className="wizard-check">
        <input id={startId} type="checkbox" checked={draft.start} onChange={(e) => onChange({ start: e.target.checked })} />
        Start the new VM automatically
      </label>
    </>
  );
}
