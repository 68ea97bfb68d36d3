// Pages 2–4: name and description, installation media, home server.
import { useId } from 'react';
import type { Draft } from './draft';
import type { HostItem, IsoItem } from './catalog';
import { formatBytes } from '../../xapi-model/format';

type Change = (patch: Partial<Draft>) => void;

export function NamePage({ draft, onChange }: { draft: Draft; onChange: Change }) {
  const nameId = useId();
  const descId = useId();
  return (
    <div className="form-grid wizard-form">
      <label htmlFor={nameId}>Name</label>
      <input id={nameId} value={draft.name} maxLength={1024} required onChange={(e) => onChange({ name: e.target.value })} />
      <label htmlFor={descId} className="wizard-top">Description</label>
      <textarea id={descId} rows={4} value={draft.description} onChange={(e) => onChange({ description: e.target.value })} />
    </div>
  );
}

export function MediaPage({ draft, isos, hvm, onChange }: { draft: Draft; isos: IsoItem[]; hvm: boolean; onChange: Change }) {
  const isoId = useId();
  const name = useId();
  const libraries = [...new Set(isos.map((i) => i.srName))];
  return (
    <fieldset className="wizard-radios">
      <legend className="wizard-sr-only">Installation method</legend>
      <label className="wizard-radio">
        <input type="radio" name={name} checked={draft.install === 'iso'} disabled={isos.length === 0} onChange={() => onChange({ install: 'iso' })} />
        Install from an ISO library
      </label>
      <div className="wizard-indent">
        <label htmlFor={isoId} className="wizard-sr-only">ISO image</label>
        <select id={isoId} value={draft.isoRef} disabled={draft.install !== 'iso' || isos.length === 0} onChange={(e) => onChange({ isoRef: e.target.value })}>
          <option value="">{isos.length ? 'Choose an ISO image…' : 'The pool has no ISO library'}</option>
          {libraries.map((lib) => (
            <optgroup key={lib} label={lib}>
              {isos.filter((i) => i.srName === lib).map((i) => <option key={i.ref} value={i.ref}>{i.name}</option>)}
            </optgroup>
          ))}
        </select>
      </div>
      <label className="wizard-radio">
        <input type="radio" name={name} checked={draft.install === 'network'} disabled={!hvm} onChange={() => onChange({ install: 'network' })} />
        Boot from the network (PXE)
      </label>
      {!hvm ? <div className="wizard-indent wizard-muted">Only HVM templates can boot from the network.</div> : null}
      <label className="wizard-radio">
        <input type="radio" name={name} checked={draft.install === 'none'} onChange={() => onChange({ install: 'none' })} />
        No installation media (the template&apos;s disks already hold an operating system)
      </label>
    </fieldset>
  );
}

export function HomePage({ draft, hosts, onChange }: { draft: Draft; hosts: HostItem[]; onChange: Change }) {
  const name = useId();
  const hostId = useId();
  const usable = hosts.filter((h) => h.usable);
  return (
    <fieldset className="wizard-radios">
      <legend className="wizard-sr-only">Home server</legend>
      <label className="wizard-radio">
        <input type="radio" name={name} checked={draft.homeHostRef === null} onChange={() => onChange({ homeHostRef: null })} />
        Don&apos;t assign a home server (the VM starts on any server that has what it needs)
      </label>
      <label className="wizard-radio">
        <input type="radio" name={name} checked={draft.homeHostRef !== null} disabled={usable.length === 0}
          onChange={() => onChange({ homeHostRef: usable[0]?.ref ?? null })} />
        Place the VM on this server:
      </label>
      <div className="wizard-indent">
        <label htmlFor={hostId} className="wizard-sr-only">Home server</label>
        <select id={hostId} value={draft.homeHostRef ?? ''} disabled={draft.homeHostRef === null} onChange={(e) => onChange({ homeHostRef: e.target.value })}>
          {draft.homeHostRef === null ? <option value="">—</option> : null}
          {hosts.map((h) => (
            <option key={h.ref} value={h.ref} disabled={!h.usable}>
              {h.name} — {h.usable ? `${formatBytes(h.freeMemory)} free, ${h.pcpus} CPUs` : 'not available'}
            </option>
          ))}
        </select>
      </div>
    </fieldset>
  );
}
