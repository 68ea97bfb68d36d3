// Memory Settings: "Fixed memory" (one value) or "Dynamic memory" ("Minimum memory", "Maximum memory"),
// checked as the user types (model.ts checkMemory). OK sends one call as a task through runCommand, so
// the Events panel shows it; the dialog stays open until the task ends and shows a refusal's words and
// code itself, closing on success.
import { useEffect, useId, useMemo, useState, type FormEvent } from 'react';
import { appStore, useApp, taskKey } from '../../state';
import { useUi } from '../../state/ui';
import type { SelectedObject } from '../../framework/command';
import { runCommand } from '../../framework/run-command';
import { useRunChoice } from '../../framework/use-run-choice';
import { toErrorInfo } from '../../bridge/types';
import { errorText, taskErrorInfo } from '../../xapi-model/errors';
import { Dialog } from '../../ui/Dialog';
import { MEMORY_COMMAND, sendMemory } from './command';
import { checkMemory, formatMemory, initialForm, vmMemory, type MemoryForm, type MemoryUnit } from './model';
import './memory.css';

export function MemorySettingsDialog({ target }: { target: SelectedObject }) {
  const { bridge, close } = useRunChoice();
  const pushAlert = useUi((s) => s.pushAlert);
  const json = useApp((s) => { void s.version; return JSON.stringify(vmMemory(s, target.connectionId, target.ref) ?? null); });
  const vm = useMemo(() => JSON.parse(json) as ReturnType<typeof vmMemory>, [json]);
  const [form, setForm] = useState<MemoryForm | undefined>(() => (vm ? initialForm(vm) : undefined));
  const [taskRef, setTaskRef] = useState<string>();
  const [refusal, setRefusal] = useState<string>();
  const [sending, setSending] = useState(false);
  const task = useApp((s) => (taskRef ? s.tasks.get(taskKey(target.connectionId, taskRef)) : undefined));
  const ids = { fixed: useId(), min: useId(), max: useId(), unit: useId() };
  const done = task?.status === 'success';
  useEffect(() => { if (done) close(); }, [done, close]);

  if (!vm || !form) return <Dialog title="Memory Settings" onCancel={close}><p>The VM is no longer on the server.</p></Dialog>;
  const check = checkMemory(vm, form);
  const failed = task && (task.status === 'failure' || task.status === 'cancelled') ? errorText(taskErrorInfo(task.errorInfo)) : refusal;
  const busy = sending || task?.status === 'pending';
  const set = (patch: Partial<MemoryForm>) => { setForm({ ...form, ...patch }); setRefusal(undefined); setTaskRef(undefined); };
  const blocking = Object.values(check.errors).filter(Boolean) as string[];
  const ready = blocking.length === 0 && check.call !== undefined && !busy;

  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    if (!ready) return;
    const call = check.call;
    if (!call) { close(); return; }
    setSending(true); setRefusal(undefined); setTaskRef(undefined);
    let started: string | undefined;
    let error: unknown;
    void runCommand({
      ...MEMORY_COMMAND, dialog: undefined,
      execute: async (sel, b, store) => { const o = await sendMemory(b, sel[0], call, store); started = o.taskRef; error = o.error; return [o]; },
    }, [target], bridge, appStore, pushAlert).finally(() => {
      setSending(false);
      if (started) setTaskRef(started);
      else setRefusal(error ? errorText(toErrorInfo(error)) : 'The change could not be sent');
    });
  };

  const unitSelect = (
    <select id={ids.unit} aria-label="Unit" value={form.unit} onChange={(e) => {
      const unit = e.target.value as MemoryUnit;
      const k = unit === 'MiB' ? 1024 : 1 / 1024;
      const conv = (t: string) => (/^\d+(\.\d+)?$/.test(t.trim()) ? String(Number((Number(t) * k).toFixed(unit === 'GiB' ? 2 : 0))) : t);
      set({ unit, fixed: conv(form.fixed), min: conv(form.min), max: conv(form.max) });
    }}>
      <option value="MiB">MiB</option>
      <option value="GiB">GiB</option>
    </select>
  );
  const field = (id: string, label: string, value: string, key: 'fixed' | 'min' | 'max', disabled: boolean) => (
    <>
      <label htmlFor={id}>{label}</label>
      <span className="memory-input">
        <input id={id} inputMode="decimal" value={value} disabled={disabled || busy} aria-invalid={!!check.errors[key]}
          onChange={(e) => set({ [key]: e.target.value })} />
        <span className="memory-unit">{form.unit}</span>
      </span>
      {check.errors[key] && !disabled ? <div className="field-error memory-field-error" role="alert">{check.errors[key]}</div> : null}
    </>
  );
  const live = !vm.canSetLimits;
  return (
    <Dialog title="Memory Settings" onCancel={close} className="memory-dialog">
      <form onSubmit={submit} noValidate>
        <p className="memory-now">
          &apos;{vm.name}&apos; now: {vm.dynamicMin === vm.dynamicMax ? formatMemory(vm.dynamicMax) : `${formatMemory(vm.dynamicMin)} – ${formatMemory(vm.dynamicMax)}`}
          {' '}(static {formatMemory(vm.staticMin)} – {formatMemory(vm.staticMax)}){vm.actual !== undefined ? `, using ${formatMemory(vm.actual)}` : ''}.
        </p>
        {live && vm.powerState === 'Running' ? (
          <p className="field-hint memory-live" role="note">
            &apos;{vm.name}&apos; is running: only the dynamic range can change, up to its static maximum of {formatMemory(vm.staticMax)}. To give it more, shut it down first.
          </p>
        ) : null}
        <div className="memory-unit-row"><label htmlFor={ids.unit}>Unit</label>{unitSelect}</div>
        <fieldset className="choice-group">
          <legend>Memory mode</legend>
          <label className="choice">
            <input type="radio" name="memory-mode" checked={form.mode === 'fixed'} disabled={busy} onChange={() => set({ mode: 'fixed' })} />
            Fixed memory
          </label>
          <div className="nested form-grid memory-grid">
            {field(ids.fixed, 'Memory', form.fixed, 'fixed', form.mode !== 'fixed')}
          </div>
          <label className="choice">
            <input type="radio" name="memory-mode" checked={form.mode === 'dynamic'} disabled={busy} onChange={() => set({ mode: 'dynamic' })} />
            Dynamic memory
          </label>
          <div className="nested form-grid memory-grid">
            {field(ids.min, 'Minimum memory', form.min, 'min', form.mode !== 'dynamic')}
            {field(ids.max, 'Maximum memory', form.max, 'max', form.mode !== 'dynamic')}
          </div>
          <p className="field-hint nested">
            {live ? 'The server balloons the VM between these values as the host needs memory.'
              : 'Maximum memory is also the static maximum the VM boots with; the server balloons it between the two.'}
          </p>
        </fieldset>
        {check.errors.form ? <div role="alert" className="dialog-error">{check.errors.form}</div> : null}
        {check.notes.map((n) => <div key={n} role="note" className="memory-note">{n}</div>)}
        {failed ? <div role="alert" className="dialog-error">{failed}</div> : null}
        {busy ? <div role="status" className="dialog-progress">Applying…</div> : null}
        <div className="dialog-buttons">
          <button type="submit" className="primary" disabled={!ready} title={ready ? undefined : blocking[0]}>OK</button>
          <button type="button" onClick={close}>Cancel</button>
        </div>
      </form>
    </Dialog>
  );
}
