// The generic pieces of a Properties dialog (VM Properties, host/pool/SR/network Properties): the dialog
// frame (OK sends the changes and waits for their task), the page list shell (a vertical tablist:
// Up/Down/Home/End move between pages), a labelled row, a field's problem, the tag editor, the General
// page's fields (name, description, folder, tags) and the Custom Fields page, and the changes of those
// two pages. Pure: the features hand in the values and what to do with changes.
import { useId, useMemo, useRef, useState, type FormEvent, type KeyboardEvent, type ReactNode } from 'react';
import type { ErrorInfo } from '../../../shared/ipc/contract';
import { toErrorInfo } from '../bridge';
import { errorText, taskErrorInfo } from '../xapi-model/errors';
import { Dialog } from './Dialog';
import { dateInput, dateValue, definitionsOfPool, fieldNameProblem, type CustomFieldDefinition, type CustomFieldType } from '../../../shared/object-properties/custom-fields';
import './property-pages.css';

type Rec = Record<string, unknown>;
const naturalCompare = (a: string, b: string): number => a.localeCompare(b, undefined, { numeric: true, sensitivity: 'base' });

export function PropertyRow({ label, children, id }: { label: string; id: string; children: ReactNode }) {
  return (
    <div className="vmp-row">
      <label htmlFor={id}>{label}</label>
      <div className="vmp-control">{children}</div>
    </div>
  );
}

/** Every folder used by a connection's objects (its object maps by class), for suggestions. */
export function knownFolders(objects: ReadonlyMap<string, ReadonlyMap<string, Rec>> | undefined): string[] {
  const all = new Set<string>();
  for (const cls of ['vm', 'host', 'pool', 'sr', 'network']) {
    for (const r of objects?.get(cls)?.values() ?? []) {
      const f = (r.other_config as Record<string, string> | undefined)?.folder;
      if (f) all.add(f);
    }
  }
  return [...all].sort(naturalCompare);
}

/** "web/front/" → "/web/front"; blank → "" (no folder). */
export function cleanFolder(text: string): string {
  const segs = text.split('/').map((x) => x.trim()).filter(Boolean);
  return segs.length ? `/${segs.join('/')}` : '';
}

/** A small chip editor: each tag with a remove button, a box that adds one on Enter or "Add". */
export function TagEditor({ tags, onChange }: { tags: string[]; onChange(t: string[]): void }) {
  const [text, setText] = useState('');
  const id = useId();
  const clean = text.trim();
  const add = () => { if (clean && !tags.includes(clean)) onChange([...tags, clean]); setText(''); };
  const onKey = (e: KeyboardEvent<HTMLInputElement>) => { if (e.key === 'Enter') { e.preventDefault(); add(); } };
  return (
    <div className="vmp-tags">
      <div className="vmp-chips" role="list" aria-label="Tags">
        {tags.length === 0 ? <span className="muted">No tags</span> : tags.map((t) => (
          <span className="vmp-chip" role="listitem" key={t}>
            {t}
            <button type="button" aria-label={`Remove tag ${t}`} onClick={() => onChange(tags.filter((x) => x !== t))}>×</button>
          </span>
        ))}
      </div>
      <div className="vmp-tag-add">
        <input id={id} aria-label="New tag" placeholder="New tag" value={text} onChange={(e) => setText(e.target.value)} onKeyDown={onKey} autoComplete="off" />
        <button type="button" onClick={add} disabled={!clean || tags.includes(clean)}
          title={!clean ? 'Type a tag first' : tags.includes(clean) ? 'It is already on the list' : undefined}>Add</button>
      </div>
    </div>
  );
}

export interface GeneralValues { name: string; description: string; folder: string; tags: string[] }

/** What the General and Custom Fields pages change, as both apply requests name it. */
export interface GeneralChanges {
  name?: string; description?: string; folder?: string; tagsAdd?: string[]; tagsRemove?: string[]; customFields?: Record<string, string>;
}

/** Only what changed on the General and Custom Fields pages: the name trimmed, the folder cleaned, the
 * tags added and removed, the changed custom field values ('' clears one). */
export function generalChanges(before: GeneralValues & { customFields: Record<string, string> }, after: GeneralValues & { customFields: Record<string, string> }): GeneralChanges {
  const ch: GeneralChanges = {};
  if (after.name.trim() !== before.name) ch.name = after.name.trim();
  if (after.description !== before.description) ch.description = after.description;
  if (cleanFolder(after.folder) !== cleanFolder(before.folder)) ch.folder = cleanFolder(after.folder);
  const add = after.tags.filter((t) => !before.tags.includes(t));
  const remove = before.tags.filter((t) => !after.tags.includes(t));
  if (add.length) ch.tagsAdd = add;
  if (remove.length) ch.tagsRemove = remove;
  const fields = [...new Set([...Object.keys(before.customFields), ...Object.keys(after.customFields)])]
    .filter((n) => (after.customFields[n] ?? '') !== (before.customFields[n] ?? ''));
  if (fields.length) ch.customFields = Object.fromEntries(fields.map((n) => [n, after.customFields[n] ?? '']));
  return ch;
}

/** The problem of one field (OK checks what was typed), shown under it. */
export function FieldProblem<F>({ problems, field }: { problems: ReadonlyArray<{ field: F; message: string }>; field: F }) {
  const p = problems.find((x) => x.field === field);
  return p ? <div className="vmp-field-error" role="alert">{p.message}</div> : null;
}

/**
 * A Properties dialog's form: the values as opened and as edited, the page shown, and the problems of
 * what was typed, shown (on their page, and marked in the page list) once OK found any.
 */
export function usePropertiesForm<F, P extends string, Pr extends { page: P }>(init: () => F, problemsOf: (form: F) => Pr[], firstPage: P) {
  const [initial] = useState(init);
  const [form, setForm] = useState(initial);
  const [page, setPage] = useState<P>(firstPage);
  const [showProblems, setShowProblems] = useState(false);
  const problems = problemsOf(form);
  const set = <K extends keyof F>(k: K, v: F[K]) => setForm((f) => ({ ...f, [k]: v }));
  /** OK's check: false, with the first problem's page shown, when the form cannot be sent. */
  const check = (): boolean => {
    if (problems.length === 0) return true;
    setShowProblems(true);
    setPage(problems[0].page);
    return false;
  };
  const pageProblems = showProblems ? problems.filter((p) => p.page === page) : [];
  const tabs = (pages: readonly P[], titles: Record<P, string>): PageTab[] =>
    pages.map((p) => ({ id: p, title: titles[p], hasProblem: showProblems && problems.some((x) => x.page === p) }));
  return { initial, form, set, page, setPage, check, pageProblems, tabs };
}

/**
 * "'<name>' Properties": the pages in a side list, OK and Cancel. OK asks `onOk` for the request that
 * starts the task (none: it showed a problem, or there is nothing to send and it closed), notes the
 * task or the refusal for the Events panel, waits for the task's end (`follow`), then closes (`onDone`)
 * or stays open with the error in words.
 */
export function PropertiesDialogFrame({ name, className, pages, page, onPage, onOk, notes, follow, onDone, onCancel, children }: {
  name: string;
  className: string;
  pages: PageTab[];
  page: string;
  onPage(id: string): void;
  onOk(): (() => Promise<{ taskRef: string }>) | undefined;
  notes: { failed(info: ErrorInfo): void; started(taskRef: string, sentAt: number): void };
  follow(taskRef: string): Promise<{ ok: boolean; errorInfo: string[] }>;
  onDone(): void;
  onCancel(): void;
  children: ReactNode;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const start = onOk();
    if (!start) return;
    setBusy(true);
    setError('');
    let taskRef: string;
    const sentAt = Date.now();
    try {
      ({ taskRef } = await start());
    } catch (err) {
      const info = toErrorInfo(err);
      notes.failed(info);
      setError(errorText(info));
      setBusy(false);
      return;
    }
    notes.started(taskRef, sentAt);
    const end = await follow(taskRef);
    if (end.ok) { onDone(); return; }
    setError(errorText(taskErrorInfo(end.errorInfo)));
    setBusy(false);
  };
  return (
    <Dialog title={`'${name}' Properties`} onCancel={onCancel} className={className}>
      <form onSubmit={submit} noValidate>
        <PropertyPagesShell pages={pages} page={page} onPage={onPage}>
          {children}
        </PropertyPagesShell>
        {error ? <div role="alert" className="dialog-error">{error}</div> : null}
        <div className="dialog-buttons">
          <button type="submit" className="primary" disabled={busy} title={busy ? 'Applying the changes…' : undefined}>{busy ? 'Applying…' : 'OK'}</button>
          <button type="button" onClick={onCancel}>Cancel</button>
        </div>
      </form>
    </Dialog>
  );
}

/** The General page's fields: name (with its problem, once shown), description, folder, tags. */
export function GeneralFields({ values, set, folders, nameProblem }: {
  values: GeneralValues;
  set<K extends keyof GeneralValues>(k: K, v: GeneralValues[K]): void;
  folders: string[];
  nameProblem?: string;
}) {
  const id = useId();
  return (
    <>
      <PropertyRow label="Name" id={`${id}-name`}>
        <input id={`${id}-name`} value={values.name} onChange={(e) => set('name', e.target.value)} aria-invalid={nameProblem !== undefined} />
        {nameProblem ? <div className="vmp-field-error" role="alert">{nameProblem}</div> : null}
      </PropertyRow>
      <PropertyRow label="Description" id={`${id}-desc`}>
        <textarea id={`${id}-desc`} rows={3} value={values.description} onChange={(e) => set('description', e.target.value)} />
      </PropertyRow>
      <PropertyRow label="Folder" id={`${id}-folder`}>
        <input id={`${id}-folder`} list={`${id}-folders`} value={values.folder} placeholder="(none)" onChange={(e) => set('folder', e.target.value)} />
        <datalist id={`${id}-folders`}>{folders.map((f) => <option key={f} value={f} />)}</datalist>
        <div className="vmp-hint">A path such as /Production/Web, as Objects by Folder shows it; empty for no folder.</div>
      </PropertyRow>
      <PropertyRow label="Tags" id={`${id}-tags`}>
        <TagEditor tags={values.tags} onChange={(t) => set('tags', t)} />
      </PropertyRow>
    </>
  );
}

export interface PageTab { id: string; title: string; hasProblem?: boolean }

/** The page list on the left (a vertical tablist) and the current page on the right. */
export function PropertyPagesShell({ pages, page, onPage, children }: { pages: PageTab[]; page: string; onPage(id: string): void; children: ReactNode }) {
  const tabsRef = useRef<HTMLDivElement>(null);
  const baseId = useId();
  const ids = pages.map((p) => p.id);
  const onTabKey = (e: KeyboardEvent) => {
    const i = ids.indexOf(page);
    const j = e.key === 'ArrowDown' ? i + 1 : e.key === 'ArrowUp' ? i - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? ids.length - 1 : -2;
    if (j === -2) return;
    e.preventDefault();
    const next = ids[Math.max(0, Math.min(ids.length - 1, j))];
    onPage(next);
    tabsRef.current?.querySelector<HTMLElement>(`[data-page="${next}"]`)?.focus();
  };
  const current = pages.find((p) => p.id === page);
  return (
    <div className="vmp-body">
      <div className="vmp-pages" role="tablist" aria-orientation="vertical" aria-label="Pages" ref={tabsRef} onKeyDown={onTabKey}>
        {pages.map((p) => (
          <button key={p.id} type="button" role="tab" data-page={p.id} id={`${baseId}-tab-${p.id}`} aria-controls={`${baseId}-panel`}
            aria-selected={p.id === page} tabIndex={p.id === page ? 0 : -1} className={p.hasProblem ? 'has-problem' : undefined}
            onClick={() => onPage(p.id)}>
            {p.title}{p.hasProblem ? <span className="vmp-problem-mark" aria-label="(has a problem)"> ⚠</span> : null}
          </button>
        ))}
      </div>
      <div className="vmp-page" role="tabpanel" id={`${baseId}-panel`} aria-labelledby={`${baseId}-tab-${page}`}>
        <h3>{current?.title}</h3>
        {children}
      </div>
    </div>
  );
}

/**
 * XenCenter's Custom Fields page: each field of the pool with an editor of its type (text, or a date)
 * and a Clear button; below, "Edit Custom Fields…" opens adding a field (name, type) or removing one.
 * Defining fields is sent at once (onAdd/onRemove resolve with an error in words, or undefined); the
 * values are the dialog's, sent with its OK.
 */
export function CustomFieldsPage({ definitions, values, onValue, onAdd, onRemove }: {
  definitions: CustomFieldDefinition[];
  values: Record<string, string>;
  onValue(name: string, value: string): void;
  onAdd(def: CustomFieldDefinition): Promise<string | undefined>;
  onRemove(name: string): Promise<string | undefined>;
}) {
  const id = useId();
  const [editing, setEditing] = useState(false);
  const [newName, setNewName] = useState('');
  const [newType, setNewType] = useState<CustomFieldType>('String');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const problem = newName ? fieldNameProblem(newName.trim(), definitions) : undefined;
  const run = async (work: Promise<string | undefined>) => {
    setBusy(true);
    setError('');
    const err = await work;
    setBusy(false);
    if (err) setError(err); else setNewName('');
  };
  return (
    <>
      {definitions.length === 0 ? <p className="vmp-note">No custom fields are defined in this pool. Add one with Edit Custom Fields….</p> : (
        <div className="vmp-fields">
          {definitions.map((d, i) => (
            <PropertyRow key={d.name} label={d.name} id={`${id}-f${i}`}>
              {d.type === 'Date' ? (
                <input id={`${id}-f${i}`} type="date" value={dateInput(values[d.name] ?? '')} onChange={(e) => onValue(d.name, dateValue(e.target.value))} />
              ) : (
                <input id={`${id}-f${i}`} value={values[d.name] ?? ''} onChange={(e) => onValue(d.name, e.target.value)} />
              )}
              {editing ? (
                <button type="button" disabled={busy} onClick={() => void run(onRemove(d.name))} aria-label={`Remove the field ${d.name}`}
                  title="Removes the field from the pool and its value from every object">Remove</button>
              ) : null}
            </PropertyRow>
          ))}
        </div>
      )}
      {editing ? (
        <div className="vmp-define">
          <input aria-label="New field name" placeholder="New field name" value={newName} onChange={(e) => setNewName(e.target.value)} maxLength={256} />
          <select aria-label="New field type" value={newType} onChange={(e) => setNewType(e.target.value as CustomFieldType)}>
            <option value="String">Text</option>
            <option value="Date">Date and time</option>
          </select>
          <button type="button" disabled={busy || !newName.trim() || problem !== undefined} title={problem}
            onClick={() => void run(onAdd({ name: newName.trim(), type: newType }))}>Add Field</button>
          <button type="button" onClick={() => { setEditing(false); setError(''); }}>Done</button>
        </div>
      ) : (
        <div className="vmp-define"><button type="button" onClick={() => setEditing(true)}>Edit Custom Fields…</button>
          <span className="vmp-hint">The fields are the pool's: every VM, server, pool, SR and network can have a value.</span></div>
      )}
      {problem && newName ? <div className="vmp-field-error">{problem}</div> : null}
      {error ? <div className="vmp-field-error" role="alert">{error}</div> : null}
    </>
  );
}

/** The General page: its fields, the folder suggested from those the connection's objects (by class) use. */
export function GeneralPage({ objects, values, set, nameProblem }: {
  objects: ReadonlyMap<string, ReadonlyMap<string, Rec>> | undefined;
  values: GeneralValues;
  set<K extends keyof GeneralValues>(k: K, v: GeneralValues[K]): void;
  nameProblem?: string;
}) {
  const folders = useMemo(() => knownFolders(objects), [objects]);
  return <GeneralFields values={values} set={set} folders={folders} nameProblem={nameProblem} />;
}

/** The Custom Fields page of an object in `pool`: the pool's definitions (`edit` adds or removes one at
 * once, resolving with an error in words or undefined), the values sent with the dialog's OK. */
export function PoolCustomFieldsPage({ pool, values, onValues, edit }: {
  pool: Rec | undefined;
  values: Record<string, string>;
  onValues(values: Record<string, string>): void;
  edit(args: { add?: CustomFieldDefinition; remove?: string }): Promise<string | undefined>;
}) {
  const definitions = useMemo(() => definitionsOfPool(pool), [pool]);
  return (
    <CustomFieldsPage definitions={definitions} values={values} onValue={(name, value) => onValues({ ...values, [name]: value })}
      onAdd={(add) => edit({ add })} onRemove={(remove) => edit({ remove })} />
  );
}
