// The pages of VM Properties: each edits its part of the form; the dialog sends the difference.
import { NULL_REF } from '../../xapi-model/refs';
import { useId, useState } from 'react';
import { useApp } from '../../state';
import { useBridge } from '../../framework/bridge-context';
import { FieldProblem, GeneralPage as GeneralPageView, PoolCustomFieldsPage, PropertyRow } from '../../ui/PropertyPages';
import { editCustomFields } from '../../framework/properties-task';
import { AlertsPage } from '../../ui/AlertsPage';
import { alertsProblems } from '../../ui/alerts-form';
import {
  BOOT_DEVICE_NAMES, isRunning, moveBootEntry, priorityLabel, tickBootEntry, PRIORITY_STEPS, SHADOW_PRESETS,
  type FormProblem, type PropsForm,
} from './model';

type Rec = Record<string, unknown>;
const naturalCompare = (a: string, b: string): number => a.localeCompare(b, undefined, { numeric: true, sensitivity: 'base' });
export interface PageProps {
  form: PropsForm;
  set<K extends keyof PropsForm>(k: K, v: PropsForm[K]): void;
  vm: Rec;
  connectionId: string;
  /** The problems of this page, once OK was pressed. */
  problems: FormProblem[];
}

const Problem = ({ problems, field }: { problems: FormProblem[]; field: keyof PropsForm }) => <FieldProblem problems={problems} field={field} />;

const Row = PropertyRow;

export function GeneralPage({ form, set, connectionId, problems }: PageProps) {
  const objects = useApp((st) => st.objects.get(connectionId));
  return <GeneralPageView objects={objects} values={form} set={set} nameProblem={problems.find((p) => p.field === 'name')?.message} />;
}

/** XenCenter's custom fields of the VM: the pool's definitions (edited at once), the values sent with OK. */
export function CustomFieldsVmPage({ form, set, connectionId }: PageProps) {
  const bridge = useBridge();
  const pool = useApp((st) => [...(st.objects.get(connectionId)?.get('pool')?.values() ?? [])][0]);
  return <PoolCustomFieldsPage pool={pool} values={form.customFields} onValues={(v) => set('customFields', v)} edit={(args) => editCustomFields(bridge, connectionId, args)} />;
}

export function CpuPage({ form, set, vm, problems }: PageProps) {
  const id = useId();
  const running = isRunning(vm);
  const max = Number(vm.VCPUs_max) || 1;
  const invalid = (f: keyof PropsForm) => problems.some((p) => p.field === f);
  return (
    <>
      {running ? (
        <p className="vmp-note">The VM is running: its vCPUs can be increased now, up to the maximum of {max}. To lower them, change the
          maximum or the topology, shut the VM down first.</p>
      ) : null}
      <Row label="Number of vCPUs" id={`${id}-n`}>
        <input id={`${id}-n`} type="number" min={running ? Number(vm.VCPUs_at_startup) || 1 : 1} max={running ? max : undefined} value={form.vcpus}
          onChange={(e) => set('vcpus', e.target.value)} aria-invalid={invalid('vcpus')} className="vmp-num" />
        <Problem problems={problems} field="vcpus" />
      </Row>
      <Row label="Maximum vCPUs" id={`${id}-max`}>
        <input id={`${id}-max`} type="number" min={1} value={form.vcpusMax} disabled={running}
          title={running ? 'The maximum can only be changed while the VM is shut down' : undefined}
          onChange={(e) => set('vcpusMax', e.target.value)} aria-invalid={invalid('vcpusMax')} className="vmp-num" />
        <Problem problems={problems} field="vcpusMax" />
      </Row>
      <Row label="Cores per socket" id={`${id}-cps`}>
        <input id={`${id}-cps`} type="number" min={1} value={form.coresPerSocket} placeholder="default" disabled={running}
          title={running ? 'The topology can only be changed while the VM is shut down' : undefined}
          onChange={(e) => set('coresPerSocket', e.target.value)} aria-invalid={invalid('coresPerSocket')} className="vmp-num" />
        <Problem problems={problems} field="coresPerSocket" />
        <div className="vmp-hint">Must divide the maximum number of vCPUs; empty for the server's default topology.</div>
      </Row>
      <Row label="Priority" id={`${id}-prio`}>
        <div className="vmp-slider">
          <span aria-hidden="true">Lowest</span>
          <input id={`${id}-prio`} type="range" min={0} max={PRIORITY_STEPS - 1} step={1} value={form.priority}
            aria-valuetext={priorityLabel(form.priority)} onChange={(e) => set('priority', Number(e.target.value))} />
          <span aria-hidden="true">Highest</span>
        </div>
        <div className="vmp-hint">{priorityLabel(form.priority)}: the vCPUs' share of the server's CPUs under contention.</div>
      </Row>
    </>
  );
}

export function HomeServerPage({ form, set, connectionId }: PageProps) {
  const name = useId();
  const hosts = useApp((s) => s.objects.get(connectionId)?.get('host'));
  const list = [...(hosts ?? new Map<string, Rec>())].map(([ref, h]) => ({ ref, name: String(h.name_label ?? ref) })).sort((a, b) => naturalCompare(a.name, b.name));
  return (
    <fieldset className="vmp-radios">
      <legend>The home server is where the VM starts when it can; without one, the pool places it.</legend>
      <label><input type="radio" name={name} checked={form.affinity === NULL_REF} onChange={() => set('affinity', NULL_REF)} /> Don't assign a home server</label>
      {list.map((h) => (
        <label key={h.ref}><input type="radio" name={name} checked={form.affinity === h.ref} onChange={() => set('affinity', h.ref)} /> {h.name}</label>
      ))}
    </fieldset>
  );
}

export function StartPage({ form, set, connectionId, problems }: PageProps) {
  const id = useId();
  const ha = useApp((s) => [...(s.objects.get(connectionId)?.get('pool')?.values() ?? [])].some((p) => p.ha_enabled === true));
  return (
    <>
      <label className="vmp-check">
        <input type="checkbox" checked={form.autoPowerOn} onChange={(e) => set('autoPowerOn', e.target.checked)} /> Start this VM automatically when its server boots (auto power on)
      </label>
      {ha ? (
        <>
          <Row label="HA restart priority" id={`${id}-prio`}>
            <select id={`${id}-prio`} value={form.haRestartPriority} onChange={(e) => set('haRestartPriority', e.target.value)}>
              <option value="restart">Restart</option>
              <option value="best-effort">Restart if possible</option>
              <option value="">Do not restart</option>
            </select>
          </Row>
          <Row label="Start order" id={`${id}-order`}>
            <input id={`${id}-order`} type="number" min={0} className="vmp-num" value={form.order} onChange={(e) => set('order', e.target.value)} />
            <Problem problems={problems} field="order" />
          </Row>
          <Row label="Start delay (seconds)" id={`${id}-delay`}>
            <input id={`${id}-delay`} type="number" min={0} className="vmp-num" value={form.startDelay} onChange={(e) => set('startDelay', e.target.value)} />
            <Problem problems={problems} field="startDelay" />
            <div className="vmp-hint">How long HA waits after starting this VM before it starts the next in order.</div>
          </Row>
        </>
      ) : <p className="vmp-note">HA is off in this pool: the restart priority, start order and delay apply once HA is on.</p>}
    </>
  );
}

export function BootPage({ form, set, vm, problems }: PageProps) {
  const id = useId();
  const [sel, setSel] = useState(0);
  if (String(vm.HVM_boot_policy ?? '') === '') {
    return (
      <Row label="OS boot parameters" id={`${id}-pv`}>
        <input id={`${id}-pv`} value={form.PVArgs} onChange={(e) => set('PVArgs', e.target.value)} />
        <div className="vmp-hint">The kernel command line the VM boots with.</div>
      </Row>
    );
  }
  // XenCenter's boot list: a tick per device (boot from it or not), the ticked ones tried from the top.
  const list = form.boot;
  const move = (by: -1 | 1) => { set('boot', moveBootEntry(list, sel, by)); setSel(sel + by); };
  const tick = (i: number, on: boolean) => set('boot', tickBootEntry(list, i, on));
  return (
    <>
      <p className="vmp-note">Boot order: the VM tries the ticked devices in turn, from the top.{isRunning(vm) ? ' It applies from the next boot.' : ''}</p>
      <div className="vmp-boot">
        <div role="listbox" aria-label="Boot order" tabIndex={0} className="vmp-list"
          aria-activedescendant={`${id}-dev-${sel}`}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown') { e.preventDefault(); setSel(Math.min(list.length - 1, sel + 1)); }
            if (e.key === 'ArrowUp') { e.preventDefault(); setSel(Math.max(0, sel - 1)); }
            if (e.key === ' ') { e.preventDefault(); tick(sel, !list[sel].on); }
          }}>
          {list.map((d, i) => (
            <div key={d.device} id={`${id}-dev-${i}`} role="option" aria-selected={i === sel} aria-checked={d.on}
              className={i === sel ? 'selected' : undefined} onClick={() => setSel(i)}>
              <input type="checkbox" tabIndex={-1} aria-hidden="true" checked={d.on}
                onChange={(e) => { setSel(i); tick(i, e.target.checked); }} onClick={(e) => e.stopPropagation()} />
              {BOOT_DEVICE_NAMES[d.device]}
            </div>
          ))}
        </div>
        <div className="vmp-boot-buttons">
          <button type="button" disabled={sel === 0} onClick={() => move(-1)}>Move Up</button>
          <button type="button" disabled={sel === list.length - 1} onClick={() => move(1)}>Move Down</button>
        </div>
      </div>
      <Problem problems={problems} field="boot" />
    </>
  );
}

export function AdvancedPage({ form, set, vm, problems }: PageProps) {
  const id = useId();
  const name = useId();
  const preset = SHADOW_PRESETS.find((p) => Number(form.shadowMultiplier) === p.value);
  return (
    <>
      <p className="vmp-note">The shadow memory multiplier sizes the memory Xen keeps for the VM's page tables; raise it for
        workloads such as Citrix Virtual Apps.{isRunning(vm) ? ' The VM is running: the change applies live.' : ''}</p>
      <fieldset className="vmp-radios">
        <legend>Optimization</legend>
        {SHADOW_PRESETS.map((p) => (
          <label key={p.label}><input type="radio" name={name} checked={preset === p} onChange={() => set('shadowMultiplier', String(p.value))} /> {p.label}</label>
        ))}
        <label><input type="radio" name={name} checked={!preset} onChange={() => set('shadowMultiplier', '2')} /> Manually set a multiplier</label>
      </fieldset>
      <Row label="Shadow memory multiplier" id={`${id}-mult`}>
        <input id={`${id}-mult`} type="number" min={1} step={0.1} className="vmp-num" value={form.shadowMultiplier} onChange={(e) => set('shadowMultiplier', e.target.value)} />
        <Problem problems={problems} field="shadowMultiplier" />
      </Row>
    </>
  );
}

/** XenCenter's Alerts page: CPU, network and disk usage alerts (other_config:perfmon). */
export function AlertsVmPage({ form, set, problems }: PageProps) {
  return <AlertsPage cls="VM" form={form.alerts} onForm={(a) => set('alerts', a)} problems={problems.length ? alertsProblems('VM', form.alerts) : []} />;
}
