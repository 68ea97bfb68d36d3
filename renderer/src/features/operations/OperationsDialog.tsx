// "XAPI Operations…": every operation of the user's XAPI reference for the selected object's class
// (or any other class), with a form generated from the model's parameter types. Operations that have
// an Async form run as tasks (the Events panel shows them; this dialog follows the task to its end);
// reads (get_*) run directly and show their result, refs by name; anything else, and an empty string
// parameter, is asked about first. Failures show words plus the XAPI code.
import { useId, useMemo, useState, type FormEvent } from 'react';
import { toErrorInfo } from '../../bridge/types';
import { useBridge } from '../../framework/bridge-context';
import { Dialog } from '../../ui/Dialog';
import { appStore, useApp } from '../../state';
import { taskKey, type XRecord } from '../../state/store';
import { errorParamsNamed, errorText, taskErrorInfo } from '../../xapi-model/errors';
import { objectName } from '../../xapi-model/names';
import { taskWords } from '../../xapi-model/task-words';
import { str } from '../../xapi-model/format';
import { confirmationFor, findOperation, formatResult, isReadOperation, modelClassOf, OPERATION_CLASSES, operationsOf, type Operation, type OperationParam } from './catalog';
import { initialRaw, parseAll, type RawValue } from './param-form';
import { NULL_REF } from '../../xapi-model/refs';

export interface OperationsTarget { connectionId: string; cls: string; ref: string }

type Outcome =
  | { kind: 'result'; text: string }
  | { kind: 'task'; taskRef: string }
  | { kind: 'error'; text: string; details: string };

/** "web-01 (VM)" for a ref the connection's cache knows. */
function labelOf(connectionId: string, ref: string): string | undefined {
  const objects = appStore.getState().objects.get(connectionId);
  if (!objects) return undefined;
  for (const [cls, map] of objects) {
    const r = map.get(ref);
    if (r) return `${displayName(r, ref)} (${modelClassOf(cls) ?? cls})`;
  }
  return undefined;
}

function displayName(r: XRecord, ref: string): string {
  return str(r.name_label) || str(r.name) || str(r.device) || str(r.uuid) || ref;
}

export function OperationsDialog({ target, onClose }: { target: OperationsTarget; onClose(): void }) {
  const bridge = useBridge();
  const [cls, setCls] = useState(() => modelClassOf(target.cls) ?? 'VM');
  const [filter, setFilter] = useState('');
  const ops = useMemo(() => operationsOf(cls).filter((o) => o.name.toLowerCase().includes(filter.trim().toLowerCase())), [cls, filter]);
  const [wire, setWire] = useState('');
  const op = ops.find((o) => o.wire === wire) ?? ops[0];
  const [raws, setRaws] = useState<Record<string, RawValue[]>>({});
  const values = op ? raws[op.wire] ?? op.params.map((p) => initialRaw(p.kind, target)) : [];
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [invalid, setInvalid] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  /** The question a change (or an empty string) needs answered before it is sent. */
  const [confirm, setConfirm] = useState<{ wire: string; lines: string[] } | null>(null);
  const targetName = useApp((s) => { const r = s.objects.get(target.connectionId)?.get(target.cls)?.get(target.ref); return r ? displayName(r, target.ref) : ''; });
  const ids = { cls: useId(), filter: useId(), list: useId() };

  const setValue = (i: number, v: RawValue) => {
    if (!op) return;
    const next = [...values];
    next[i] = v;
    setRaws({ ...raws, [op.wire]: next });
    setConfirm(null);
  };
  const choose = (w: string) => { setWire(w); setOutcome(null); setInvalid([]); setConfirm(null); };

  const run = async (e?: FormEvent, confirmed = false) => {
    e?.preventDefault();
    if (!op || busy) return;
    const { values: args, errors } = parseAll(op.params.map((p) => p.kind), values, op.params.map((p) => p.name));
    setInvalid(errors);
    if (errors.length) return;
    // The object the call is about: its first ref parameter (self), else the dialog's object.
    const first = op.params.findIndex((p) => p.kind.kind === 'ref');
    const about = first >= 0 && typeof values[first] === 'string' ? objectName(appStore.getState(), target.connectionId, values[first]) : undefined;
    const lines = confirmed ? null : confirmationFor(op, values, about ?? targetName);
    if (lines) { setOutcome(null); setConfirm({ wire: op.wire, lines }); return; }
    setConfirm(null);
    setBusy(true);
    setOutcome(null);
    // The Events panel's row in words ("Taking snapshot of 'web-01'"), not the wire name.
    const title = taskWords(op.wire, about ?? (targetName || undefined));
    try {
      if (op.async) {
        const { taskRef } = await bridge.request('xapi.callAsync', { connectionId: target.connectionId, method: op.wire, args });
        appStore.getState().noteOwnTask(target.connectionId, taskRef, { title });
        setOutcome({ kind: 'task', taskRef });
      } else {
        const value = await bridge.request('xapi.call', { connectionId: target.connectionId, method: op.wire, args });
        setOutcome({ kind: 'result', text: formatResult(value, op.result, (r) => labelOf(target.connectionId, r)) });
      }
    } catch (err) {
      const info = toErrorInfo(err);
      if (op.async) appStore.getState().noteFailedRequest(target.connectionId, { title }, info);
      const named = errorParamsNamed(info, (r) => objectName(appStore.getState(), target.connectionId, r));
      setOutcome({ kind: 'error', text: `${errorText(info)}${named.text ? ` — ${named.text}` : ''}`, details: named.refs && `Details: ${named.refs}` });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog title={`XAPI Operations${targetName ? ` — ${targetName}` : ''}`} onCancel={onClose} className="operations">
      <form onSubmit={(e) => void run(e)} noValidate className="operations-body">
        <div className="operations-picker">
          <div className="operations-filters">
            <label htmlFor={ids.cls}>Class</label>
            <select id={ids.cls} value={cls} onChange={(e) => { setCls(e.target.value); choose(''); }}>
              {OPERATION_CLASSES.map((c) => <option key={c} value={c}>{c}</option>)}
            </select>
            <label htmlFor={ids.filter}>Filter</label>
            <input id={ids.filter} type="search" value={filter} placeholder="e.g. start" onChange={(e) => { setFilter(e.target.value); choose(''); }} />
          </div>
          <select id={ids.list} aria-label="Operations" className="operations-list" size={14} value={op?.wire ?? ''} onChange={(e) => choose(e.target.value)}>
            {ops.map((o) => <option key={o.wire} value={o.wire}>{o.name}{isReadOperation(o) ? ' (read)' : ''}</option>)}
          </select>
        </div>
        <div className="operations-form">
          {op ? (
            <>
              <h3 className="operations-name">{op.wire}</h3>
              <p className="operations-doc">{op.description}</p>
              {op.params.length === 0 ? <p className="operations-doc">No parameters.</p> : (
                <div className="form-grid operations-params">
                  {op.params.map((p, i) => (
                    <ParamInput key={`${op.wire}/${p.name}`} param={p} value={values[i]} connectionId={target.connectionId} onChange={(v) => setValue(i, v)} />
                  ))}
                </div>
              )}
            </>
          ) : <p className="operations-doc">No operation matches.</p>}
          {invalid.length ? <div role="alert" className="dialog-error">{invalid.map((m) => <div key={m}>{m}</div>)}</div> : null}
          <OutcomeView outcome={outcome} connectionId={target.connectionId} op={op} />
          {confirm && op && confirm.wire === op.wire ? (
            <div role="alertdialog" aria-label={`Run ${op.wire}?`} className="operations-confirm">
              {confirm.lines.map((l) => <p key={l}>{l}</p>)}
              <div className="dialog-buttons">
                <button type="button" className="primary" onClick={() => void run(undefined, true)}>{op.async ? 'Run as task' : 'Run'}</button>
                <button type="button" onClick={() => setConfirm(null)}>Cancel</button>
              </div>
            </div>
          ) : null}
          <div className="dialog-buttons">
            <button type="submit" className="primary" disabled={!op || busy || !!confirm}
              title={!op ? 'Operation: choose one' : busy ? 'The call is under way' : confirm ? 'Answer the question above first' : undefined}>{op?.async ? 'Run as task' : 'Run'}</button>
            <button type="button" onClick={onClose}>Close</button>
          </div>
        </div>
      </form>
    </Dialog>
  );
}

function ParamInput({ param, value, connectionId, onChange }: { param: OperationParam; value: RawValue; connectionId: string; onChange(v: RawValue): void }) {
  const id = useId();
  const k = param.kind;
  const version = useApp((s) => s.version);
  const choices = useMemo(() => {
    void version;
    if (k.kind !== 'ref' && k.kind !== 'refSet') return [];
    const map = appStore.getState().objects.get(connectionId)?.get(k.cls.toLowerCase());
    return [...(map ?? new Map<string, XRecord>())].map(([ref, r]) => ({ ref, name: displayName(r, ref) })).sort((a, b) => a.name.localeCompare(b.name));
  }, [k, connectionId, version]);
  const help = param.doc ? <small className="operations-help" id={`${id}-help`}>{param.doc}</small> : null;
  const common = { id, 'aria-describedby': param.doc ? `${id}-help` : undefined };
  let input;
  switch (k.kind) {
    case 'bool':
      input = <input {...common} type="checkbox" checked={value === true} onChange={(e) => onChange(e.target.checked)} />;
      break;
    case 'ref':
      input = (
        <select {...common} value={String(value)} onChange={(e) => onChange(e.target.value)}>
          <option value="">Choose a {k.cls}…</option>
          <option value={NULL_REF}>(none)</option>
          {choices.map((c) => <option key={c.ref} value={c.ref}>{c.name}</option>)}
        </select>
      );
      break;
    case 'refSet':
      input = (
        <select {...common} multiple size={Math.min(6, Math.max(2, choices.length))} value={Array.isArray(value) ? value : []}
          onChange={(e) => onChange([...e.target.selectedOptions].map((o) => o.value))}>
          {choices.map((c) => <option key={c.ref} value={c.ref}>{c.name}</option>)}
        </select>
      );
      break;
    case 'enum':
      input = <select {...common} value={String(value)} onChange={(e) => onChange(e.target.value)}>{k.values.map((v) => <option key={v} value={v}>{v}</option>)}</select>;
      break;
    case 'map': case 'stringSet': case 'json':
      input = <textarea {...common} rows={3} value={String(value)} placeholder={k.kind === 'map' ? 'key=value, one per line' : k.kind === 'stringSet' ? 'one per line' : k.type} onChange={(e) => onChange(e.target.value)} />;
      break;
    default:
      input = <input {...common} type="text" inputMode={k.kind === 'int' || k.kind === 'float' ? 'decimal' : undefined} value={String(value)} onChange={(e) => onChange(e.target.value)} />;
  }
  return (
    <>
      <label htmlFor={id} title={param.type}>{param.name}</label>
      <div className="operations-input">{input}{help}</div>
    </>
  );
}

function OutcomeView({ outcome, connectionId, op }: { outcome: Outcome | null; connectionId: string; op?: Operation }) {
  const task = useApp((s) => (outcome?.kind === 'task' ? s.tasks.get(taskKey(connectionId, outcome.taskRef)) : undefined));
  const result = useApp((s) => (outcome?.kind === 'task' ? s.objects.get(connectionId)?.get('task')?.get(outcome.taskRef)?.result : undefined));
  if (!outcome) return null;
  if (outcome.kind === 'error') {
    return <div role="alert" className="dialog-error">{outcome.text}{outcome.details ? <div className="operations-details">{outcome.details}</div> : null}</div>;
  }
  if (outcome.kind === 'result') return <pre role="status" className="operations-result">{outcome.text}</pre>;
  const status = task?.status ?? 'pending';
  if (status === 'failure' || status === 'cancelled') {
    const info = taskErrorInfo(task?.errorInfo ?? []);
    const named = errorParamsNamed(info, (r) => objectName(appStore.getState(), connectionId, r));
    return (
      <div role="alert" className="dialog-error">
        {errorText(info)}{named.text ? ` — ${named.text}` : ''}
        {named.refs ? <div className="operations-details">Details: {named.refs}</div> : null}
      </div>
    );
  }
  if (status === 'success') {
    // The task's result is XML-RPC text; its refs read as names like a direct result's.
    const text = typeof result === 'string' ? result.replace(/<[^>]+>/g, ' ').trim() : '';
    const shown = op && findOperation(op.wire)?.result === 'void' ? 'Done.' : text.replace(/OpaqueRef:[\w-]+/g, (r) => labelOf(connectionId, r) ?? r) || 'Done.';
    return <pre role="status" className="operations-result">{shown}</pre>;
  }
  return <div role="status" className="dialog-progress">Running as a task… {Math.round((task?.progress ?? 0) * 100)}%</div>;
}
