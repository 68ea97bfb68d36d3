// The pages a vApp is edited on, shared by the New vApp wizard and vApp Properties (XenCenter's
// NewVMApplianceNamePage, NewVMApplianceVMsPage, NewVMApplianceVMOrderAndDelaysPage).
import { useId } from 'react';
import { candidateVms, movingVms, setMember, startSequence, toggleMember, type CandidateVm, type VAppDraft } from './vapp-model';

export const SEQUENCE_INTRO = 'VMs with a start order of 0 (zero) are started first. The delay is how long to wait after starting a VM before starting the next group of VMs; the shutdown delay is how long to wait after shutting one down before the previous group.';

interface PageProps { draft: VAppDraft; onChange(d: VAppDraft): void }

export function NamePage({ draft, onChange }: PageProps) {
  const nameId = useId();
  const descId = useId();
  return (
    <div className="vapp-name-page">
      <label htmlFor={nameId}>Name</label>
      <input id={nameId} value={draft.name} maxLength={4096} onChange={(e) => onChange({ ...draft, name: e.target.value })} autoComplete="off" />
      <label htmlFor={descId}>Description</label>
      <textarea id={descId} rows={4} value={draft.description} maxLength={4096} onChange={(e) => onChange({ ...draft, description: e.target.value })} />
    </div>
  );
}

export function VmsPage({ draft, onChange, candidates, self }: PageProps & { candidates: CandidateVm[]; self?: string }) {
  const chosen = new Set(draft.members.map((m) => m.vm));
  return (
    <div className="vapp-table-wrap">
      <table className="grid vapp-vms" aria-label="VMs to include">
        <thead><tr><th className="vapp-check"><span className="sr-only">Include</span></th><th>VM</th><th>Description</th><th>Current vApp</th></tr></thead>
        <tbody>
          {candidates.length === 0 ? <tr><td colSpan={4} className="muted">This pool has no VMs</td></tr> : candidates.map((vm) => (
            <tr key={vm.ref} className={chosen.has(vm.ref) ? 'chosen' : undefined}>
              <td className="vapp-check"><input type="checkbox" aria-label={vm.name} checked={chosen.has(vm.ref)} onChange={(e) => onChange(toggleMember(draft, vm, e.target.checked))} /></td>
              <td>{vm.name}</td>
              <td className="muted">{vm.description}</td>
              <td>{vm.appliance && vm.appliance !== self ? vm.applianceName : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** How many VMs would move from another vApp, as the page's notice. */
export function MovingNotice({ draft, candidates, self }: { draft: VAppDraft; candidates: CandidateVm[]; self?: string }) {
  const moving = movingVms(draft, candidates, self);
  if (moving.length === 0) return null;
  return (
    <p className="vapp-warning" role="note">
      Some of the VMs you selected are already assigned to a different vApp: {moving.map((vm) => `'${vm.name}' (in '${vm.applianceName}')`).join(', ')}.
      They will be assigned to this vApp instead.
    </p>
  );
}

const whole = (text: string): number => (/^\d+$/.test(text.trim()) ? Number(text.trim()) : Number.NaN);

export function SequencePage({ draft, onChange, nameOf }: PageProps & { nameOf(vm: string): string }) {
  const members = [...draft.members].sort((a, b) => a.order - b.order || nameOf(a.vm).localeCompare(nameOf(b.vm), undefined, { numeric: true }));
  const steps = startSequence(draft.members.filter((m) => Number.isInteger(m.order) && Number.isInteger(m.startDelay)));
  const num = (vm: string, field: 'order' | 'startDelay' | 'shutdownDelay', value: number, label: string) => (
    <input type="number" min={0} step={1} className="vapp-num" aria-label={`${label} of ${nameOf(vm)}`}
      value={Number.isNaN(value) ? '' : value} onChange={(e) => onChange(setMember(draft, vm, { [field]: whole(e.target.value) }))} />
  );
  if (members.length === 0) return <p className="muted">Choose the vApp's VMs first.</p>;
  return (
    <div className="vapp-sequence">
      <div className="vapp-table-wrap">
        <table className="grid" aria-label="Startup sequence">
          <thead><tr><th>VM</th><th>Start order</th><th>Start next VMs after (s)</th><th>Shutdown delay (s)</th></tr></thead>
          <tbody>
            {members.map((m) => (
              <tr key={m.vm}>
                <td>{nameOf(m.vm)}</td>
                <td>{num(m.vm, 'order', m.order, 'Start order')}</td>
                <td>{num(m.vm, 'startDelay', m.startDelay, 'Start delay')}</td>
                <td>{num(m.vm, 'shutdownDelay', m.shutdownDelay, 'Shutdown delay')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ol className="vapp-steps" aria-label="Start vApp will">
        {steps.map((s) => (
          <li key={s.order}>
            {s.at === 0 ? 'First' : `After ${s.at} s`}: {s.vms.map(nameOf).join(', ')} <span className="muted">(order {s.order})</span>
          </li>
        ))}
      </ol>
    </div>
  );
}

/** The VMs' names for the pages, from the candidates. */
export function namer(candidates: readonly CandidateVm[]): (vm: string) => string {
  const names = new Map(candidates.map((c) => [c.ref, c.name]));
  return (vm) => names.get(vm) ?? vm;
}

export { candidateVms };
