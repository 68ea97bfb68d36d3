// Pages 5–7: vCPUs and memory (problems shown at their fields), storage (a row per disk with its
// SR and size), networking (a row per interface: network, MAC; add and remove).
import { useId } from 'react';
import type { FieldProblem, CpuMemoryField } from '../../../../shared/new-vm/cpu-memory';
import { bytesPerSr, topologyChoices, type Draft, type VifRow } from './draft';
import type { NetworkItem, SrItem } from './catalog';
import { formatBytes } from '../../xapi-model/format';

type Change = (patch: Partial<Draft>) => void;
const toNum = (s: string): number => (s.trim() === '' ? NaN : Number(s));
const shown = (n: number): string => (Number.isFinite(n) ? String(n) : '');

function NumberField({ label, value, unit, field, problems, onValue, min = 1, step = 1 }: {
  label: string; value: number; unit?: string; field: CpuMemoryField; problems: FieldProblem[]; onValue(n: number): void; min?: number; step?: number;
}) {
  const id = useId();
  const errId = useId();
  const mine = problems.filter((p) => p.field === field);
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <div className="nvw-field">
        <input id={id} type="number" inputMode="numeric" min={min} step={step} value={shown(value)} aria-invalid={mine.length > 0}
          aria-describedby={mine.length ? errId : undefined} onChange={(e) => onValue(toNum(e.target.value))} />
        {unit ? <span className="nvw-unit">{unit}</span> : null}
        {mine.length ? <div id={errId} className="nvw-field-error">{mine.map((p) => p.message).join(' ')}</div> : null}
      </div>
    </>
  );
}

export function CpuMemoryPage({ draft, problems, onChange }: { draft: Draft; problems: FieldProblem[]; onChange: Change }) {
  const topoId = useId();
  const divisors = topologyChoices(draft.vcpusMax);
  const topoValues = draft.coresPerSocket !== null && !divisors.includes(draft.coresPerSocket) ? [...divisors, draft.coresPerSocket] : divisors;
  return (
    <div className="nvw-columns">
      <fieldset className="wizard-box">
        <legend>vCPUs</legend>
        <div className="form-grid wizard-form">
          <NumberField label="Number of vCPUs" value={draft.vcpusMax} field="vcpusMax" problems={problems}
            onValue={(n) => onChange({ vcpusMax: n, vcpusAtStartup: Number.isFinite(n) && draft.vcpusAtStartup === draft.vcpusMax ? n : draft.vcpusAtStartup })} />
          <NumberField label="vCPUs at startup" value={draft.vcpusAtStartup} field="vcpusAtStartup" problems={problems} onValue={(n) => onChange({ vcpusAtStartup: n })} />
          <label htmlFor={topoId}>Topology</label>
          <div className="nvw-field">
            <select id={topoId} value={draft.coresPerSocket ?? ''} aria-invalid={problems.some((p) => p.field === 'coresPerSocket')}
              onChange={(e) => onChange({ coresPerSocket: e.target.value === '' ? null : Number(e.target.value) })}>
              <option value="">Default (the server decides)</option>
              {topoValues.map((n) => <option key={n} value={n}>{`${n} core${n > 1 ? 's' : ''} per socket${Number.isInteger(draft.vcpusMax / n) ? ` (${draft.vcpusMax / n} socket${draft.vcpusMax / n > 1 ? 's' : ''})` : ''}`}</option>)}
            </select>
            {problems.filter((p) => p.field === 'coresPerSocket').map((p) => <div key={p.message} className="nvw-field-error">{p.message}</div>)}
          </div>
        </div>
      </fieldset>
      <fieldset className="wizard-box">
        <legend>Memory</legend>
        <div className="form-grid wizard-form">
          <span className="wizard-label">Static minimum</span>
          <span className="nvw-static">{draft.staticMinMiB} MiB <span className="wizard-muted">(from the template)</span></span>
          <NumberField label="Dynamic minimum" unit="MiB" value={draft.dynamicMinMiB} field="dynamicMin" problems={problems} step={64} onValue={(n) => onChange({ dynamicMinMiB: n })} />
          <NumberField label="Dynamic maximum" unit="MiB" value={draft.dynamicMaxMiB} field="dynamicMax" problems={problems} step={64} onValue={(n) => onChange({ dynamicMaxMiB: n })} />
          <NumberField label="Static maximum" unit="MiB" value={draft.staticMaxMiB} field="staticMax" problems={problems} step={64} onValue={(n) => onChange({ staticMaxMiB: n })} />
        </div>
        <p className="wizard-muted nvw-note">The server requires static min ≤ dynamic min ≤ dynamic max ≤ static max. The VM starts with the dynamic maximum and may be ballooned down to the dynamic minimum.</p>
      </fieldset>
    </div>
  );
}

export function StoragePage({ draft, srs, srName, onChange }: { draft: Draft; srs: SrItem[]; srName(sr: SrItem): string; onChange: Change }) {
  const setDisk = (key: string, patch: Partial<Draft['disks'][number]>) => {
    const target = draft.disks.find((d) => d.key === key);
    // A custom template's disks are copied together (one VM.copy): they move as one.
    const together = target?.kind === 'template' && patch.srRef !== undefined;
    onChange({ disks: draft.disks.map((d) => (d.key === key || (together && d.kind === 'template') ? { ...d, ...(d.key === key ? patch : { srRef: patch.srRef }) } : d)) });
  };
  const asked = bytesPerSr(draft);
  const short = srs.filter((s) => (asked.get(s.ref) ?? 0) > s.free);
  if (draft.disks.length === 0) return <p className="wizard-muted">This template has no disks: the VM is created without any (you can add disks later).</p>;
  return (
    <>
      <table className="grid nvw-table">
        <caption className="wizard-sr-only">Virtual disks</caption>
        <thead><tr><th scope="col">Disk</th><th scope="col" className="nvw-col-size">Size</th><th scope="col">Storage repository</th></tr></thead>
        <tbody>
          {draft.disks.map((d) => (
            <tr key={d.key}>
              <th scope="row" className="nvw-disk-name">
                Disk {d.device}
                <div className="wizard-muted">{d.kind === 'template' ? "copy of the template's disk" : 'new, empty'}</div>
              </th>
              <td>
                <span className="nvw-inline">
                  <input type="number" min={0} step={1} className="nvw-size" aria-label={`Disk ${d.device} size in GiB`} value={shown(d.sizeGiB)}
                    onChange={(e) => setDisk(d.key, { sizeGiB: toNum(e.target.value) })} />
                  <span className="nvw-unit">GiB</span>
                </span>
              </td>
              <td>
                <select aria-label={`Disk ${d.device} storage`} value={d.srRef} onChange={(e) => setDisk(d.key, { srRef: e.target.value })}>
                  {srs.some((s) => s.ref === d.srRef) ? null : <option value="">Choose…</option>}
                  {srs.map((s) => <option key={s.ref} value={s.ref}>{srName(s)} — {formatBytes(s.free)} free</option>)}
                </select>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {draft.disks.some((d) => d.kind === 'template') ? (
        <p className="wizard-muted nvw-note">The template&apos;s disks are cloned when they stay on their storage repository, and copied when you choose another. A copied disk can be made larger, not smaller.</p>
      ) : null}
      {short.length ? <p className="wizard-warning" role="status">{short.map((s) => `${srName(s)} has ${formatBytes(s.free)} free for ${formatBytes(asked.get(s.ref))} of disks`).join('; ')}: thin-provisioned storage may still take them.</p> : null}
    </>
  );
}

export function NetworkPage({ draft, networks, maxVifs, onChange }: { draft: Draft; networks: NetworkItem[]; maxVifs: number; onChange: Change }) {
  const setVif = (key: number, patch: Partial<VifRow>) => onChange({ vifs: draft.vifs.map((v) => (v.key === key ? { ...v, ...patch } : v)) });
  const add = () => {
    const key = Math.max(-1, ...draft.vifs.map((v) => v.key)) + 1;
    onChange({ vifs: [...draft.vifs, { key, networkRef: (networks.find((n) => n.auto) ?? networks[0])?.ref ?? '', mac: '' }] });
  };
  return (
    <>
      {draft.vifs.length === 0 ? <p className="wizard-muted">No network interfaces: the VM will have no network.</p> : (
        <table className="grid nvw-table">
          <caption className="wizard-sr-only">Network interfaces</caption>
          <thead><tr><th scope="col">Interface</th><th scope="col">Network</th><th scope="col">MAC address</th><th scope="col"><span className="wizard-sr-only">Remove</span></th></tr></thead>
          <tbody>
            {draft.vifs.map((v, i) => (
              <tr key={v.key}>
                <th scope="row">Interface {i}</th>
                <td>
                  <select aria-label={`Interface ${i} network`} value={v.networkRef} onChange={(e) => setVif(v.key, { networkRef: e.target.value })}>
                    {networks.some((n) => n.ref === v.networkRef) ? null : <option value="">Choose…</option>}
                    {networks.map((n) => <option key={n.ref} value={n.ref}>{n.name}</option>)}
                  </select>
                </td>
                <td>
                  <input className="nvw-mac" aria-label={`Interface ${i} MAC address`} placeholder="automatic" value={v.mac} onChange={(e) => setVif(v.key, { mac: e.target.value })} />
                </td>
                <td><button type="button" className="nvw-small" aria-label={`Remove interface ${i}`} onClick={() => onChange({ vifs: draft.vifs.filter((x) => x.key !== v.key) })}>Remove</button></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="nvw-row-actions">
        <button type="button" className="nvw-small" onClick={add} disabled={draft.vifs.length >= maxVifs || networks.length === 0}
          title={networks.length === 0 ? 'The pool has no network to connect to' : draft.vifs.length >= maxVifs ? `The VM can have at most ${maxVifs} interfaces` : undefined}>Add interface</button>
        <span className="wizard-muted">Up to {maxVifs} interfaces. Leave the MAC address empty to have the server generate one.</span>
      </div>
    </>
  );
}
