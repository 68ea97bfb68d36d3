// The renderer's copy of main's object cache: connections, and per connection class -> ref ->
// record (class names lowercase, as events give them). Maps are mutated in place and a version
// counter is bumped; records are replaced on every change, so a selector that picks one record
// re-renders only when that record changed. Derived views (the tree) memoise on treeVersion.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { CacheDelta, ConnectionInfo, ErrorInfo } from '../../../shared/ipc/contract';
import { forEachShortRecord } from '../../../shared/first-load';
import { NOTE_KEY, SUBTASK_OF_KEY } from '../../../shared/task-keys';
import { isRef } from '../xapi-model/refs';
import { TREE_CLASSES, treeFieldsChanged } from '../tree/tree-fields';
import { taskObjectName } from '../xapi-model/names';
import type { TaskTarget } from '../xapi-model/task-words';
import { ObjectHistory, HISTORY_CLASSES, type Attribution } from './history';

export type XRecord = Record<string, unknown>;
export type ClassMap = Map<string, XRecord>;
export type ConnObjects = Map<string, ClassMap>;

/** A task as the Events panel remembers it (kept after the server destroys the task). */
export interface TaskEntry {
  key: string;
  connectionId: string;
  ref: string;
  nameLabel: string;
  status: 'pending' | 'success' | 'failure' | 'cancelling' | 'cancelled';
  /** 0..1 */
  progress: number;
  created: number;
  finished: number;
  errorInfo: string[];
  /** A failed request that never produced a task. */
  local?: boolean;
  subtaskOf?: string;
  /** Seen deleted on the server. */
  gone?: boolean;
  /** The step a multi-step task of main's is at, or failed at (other_config xenclient_step). */
  step?: string;
  /** What the user must know of a task that succeeded (other_config xenclient_note, shared/task-keys.ts). */
  note?: string;
  /** What a successful task returned (xapi's XML-RPC value text, e.g. "<value>OpaqueRef:…</value>"). */
  result?: string;
}

/**
 * `ref`: the object the task works on, when one (the History tab attributes its changes to the task);
 * `since`: when its request was sent (Date.now()), so changes that arrived before its answer are its own.
 */
export interface OwnTaskInfo { title: string; vm?: string; ref?: string; since?: number }

export interface AppState {
  connections: Map<string, ConnectionInfo>;
  objects: Map<string, ConnObjects>;
  /** Bumped on every change. */
  version: number;
  /** Bumped when a class the infrastructure tree reads changed. */
  treeVersion: number;
  /** Bumped when tasks changed. */
  taskVersion: number;
  /** Bumped when a connection's XAPI messages (the Alerts view) changed. */
  messageVersion: number;
  tasks: Map<string, TaskEntry>;
  ownTasks: Map<string, OwnTaskInfo>;
  /**
   * task key -> the objects whose current_operations held that task (any class that has them), with
   * their names as last seen: how the Events panel names the object of other clients' tasks.
   */
  taskTargets: Map<string, TaskTarget[]>;
  snapshotLoaded: boolean;
  /** Connections whose big load is still arriving in slices (CacheDelta.loading): some records are short. */
  loading: ReadonlySet<string>;
  /** What changed on each object since connecting (state/history.ts); `history.revision` says when it grew. */
  history: ObjectHistory;

  applyDelta(delta: CacheDelta): void;
  applyConnection(info: ConnectionInfo): void;
  removeConnection(connectionId: string): void;
  applySnapshot(snapshot: { connections: ConnectionInfo[]; deltas: CacheDelta[] }): void;
  noteOwnTask(connectionId: string, taskRef: string, info: OwnTaskInfo): void;
  noteFailedRequest(connectionId: string, info: OwnTaskInfo, error: ErrorInfo): string;
}

/** What the pure reads of records take: the store's objects (and connections), e.g. getState(). */
export type ObjectsView = Pick<AppState, 'objects'>;
/** `loading` is optional so a view built by hand (tests, a dialog's own state) need not say it. */
export type StoreView = Pick<AppState, 'objects' | 'connections'> & { loading?: ReadonlySet<string> };

export { TREE_FIELDS, TREE_CLASSES } from '../tree/tree-fields';

export const taskKey = (connectionId: string, ref: string): string => `${connectionId}\u0000${ref}`;

export function parseXapiDate(v: unknown): number {
  if (typeof v !== 'string' || !v) return 0;
  const m = /^(\d{4})-?(\d{2})-?(\d{2})T(\d{2}):?(\d{2}):?(\d{2})(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/.exec(v);
  if (m) {
    const t = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6], m[7] ? Math.round(parseFloat(m[7]) * 1000) : 0);
    if (m[8] && m[8] !== 'Z') {
      const sign = m[8][0] === '-' ? -1 : 1;
      const digits = m[8].slice(1).replace(':', '');
      return t - sign * (parseInt(digits.slice(0, 2), 10) * 60 + parseInt(digits.slice(2), 10)) * 60_000;
    }
    return t;
  }
  const p = Date.parse(v);
  return Number.isNaN(p) ? 0 : p;
}

function taskFromRecord(connectionId: string, ref: string, rec: XRecord, prev: TaskEntry | undefined): TaskEntry {
  const status = String(rec.status ?? 'pending') as TaskEntry['status'];
  const finished = parseXapiDate(rec.finished);
  // Clients cannot set subtask_of: main marks the Async calls of its own flows in other_config instead.
  const parent = [rec.subtask_of, (rec.other_config as XRecord | undefined)?.[SUBTASK_OF_KEY]];
  const sub = parent.find(isRef);
  return {
    key: taskKey(connectionId, ref),
    connectionId,
    ref,
    nameLabel: String(rec.name_label ?? prev?.nameLabel ?? ''),
    status,
    progress: typeof rec.progress === 'number' ? rec.progress : Number(rec.progress ?? 0) || 0,
    created: parseXapiDate(rec.created) || prev?.created || Date.now(),
    // Until the task finishes `finished` is the epoch.
    finished: status === 'pending' || finished < 86_400_000 ? 0 : finished,
    errorInfo: Array.isArray(rec.error_info) ? rec.error_info.map(String) : [],
    subtaskOf: sub,
    step: typeof (rec.other_config as XRecord | undefined)?.xenclient_step === 'string' ? String((rec.other_config as XRecord).xenclient_step) : undefined,
    note: typeof (rec.other_config as XRecord | undefined)?.[NOTE_KEY] === 'string' ? String((rec.other_config as XRecord)[NOTE_KEY]) : undefined,
    result: typeof rec.result === 'string' && rec.result !== '' ? rec.result : prev?.result,
  };
}

let localSeq = 0;

/** How many tasks the Events panel remembers; the oldest finished ones that the server destroyed go first. */
export const MAX_TASKS = 1000;

/**
 * How many XAPI messages the renderer keeps per connection: XAPI's own limit (SEMANTICS.md 10.3), so
 * a server that keeps more, or a slow one between its 30 s clean-ups, cannot grow the page without
 * bound. The oldest go first, a batch at a time so a stream of new alerts does not sort on each one.
 */
export const MAX_MESSAGES = 10_000;
const MESSAGE_SLACK = 500;

function pruneMessages(messages: ClassMap): void {
  if (messages.size <= MAX_MESSAGES + MESSAGE_SLACK) return;
  const byAge = [...messages].sort((a, b) => parseXapiDate(a[1].timestamp) - parseXapiDate(b[1].timestamp));
  for (const [ref] of byAge.slice(0, messages.size - MAX_MESSAGES)) messages.delete(ref);
}

/** How many objects one task's targets remember (XAPI marks one object per task, rarely a few). */
const MAX_TARGETS = 8;

/**
 * Notes the tasks in an object's current_operations (task ref -> operation) as working on that
 * object, and refreshes the name of those already noted. Returns whether anything changed.
 * Tasks' own current_operations (cancel) are not about another object.
 */
function noteTargets(s: AppState, connectionId: string, cls: string, ref: string, rec: XRecord): boolean {
  const ops = rec.current_operations;
  if (cls === 'task' || !ops || typeof ops !== 'object') return false;
  const taskRefs = Object.keys(ops);
  if (taskRefs.length === 0) return false;
  const name = taskObjectName(s, connectionId, cls, rec);
  let changed = false;
  for (const taskRef of taskRefs) {
    const key = taskKey(connectionId, taskRef);
    const list = s.taskTargets.get(key);
    const known = list?.find((t) => t.cls === cls && t.ref === ref);
    if (known) {
      if (known.name !== name) { known.name = name; changed = true; }
    } else if (!list) {
      s.taskTargets.set(key, [{ cls, ref, name }]);
      changed = true;
    } else if (list.length < MAX_TARGETS) {
      list.push({ cls, ref, name });
      changed = true;
    }
  }
  return changed;
}

function pruneTasks(tasks: Map<string, TaskEntry>, targets: Map<string, TaskTarget[]>): void {
  const removable = [...tasks.values()].filter((t) => t.gone && t.status !== 'pending').sort((a, b) => a.created - b.created);
  for (const t of removable.slice(0, tasks.size - MAX_TASKS)) {
    tasks.delete(t.key);
    targets.delete(t.key);
  }
}

/**
 * How long after the page saw one of our tasks end a change to its object is still its own: main's
 * flows end their task.create task in its cache at once, and the events of their last calls come after.
 */
export const OWN_TASK_GRACE_MS = 2000;

/** The store's answers to the History recorder: which tasks are running, which of ours work on an object. */
function attribution(s: AppState, connectionId: string, ranDuring: ReadonlySet<string>, endSeen: ReadonlyMap<string, number>): Attribution {
  let runningNow: string[] | undefined;
  const now = Date.now();
  return {
    isPending: (taskRef) => {
      const key = taskKey(connectionId, taskRef);
      const t = s.tasks.get(key);
      if (ranDuring.has(key) || (t !== undefined && (t.status === 'pending' || t.status === 'cancelling'))) return true;
      const ended = endSeen.get(key);
      return ended !== undefined && s.ownTasks.has(key) && now - ended <= OWN_TASK_GRACE_MS;
    },
    ownTasksOn: (ref) => {
      const out: string[] = [];
      for (const [key, info] of s.ownTasks) {
        if (info.ref === ref && key.startsWith(`${connectionId}\u0000`)) out.push(key.slice(connectionId.length + 1));
      }
      return out;
    },
    running: () => {
      if (runningNow) return runningNow;
      runningNow = [];
      for (const t of s.tasks.values()) if (t.connectionId === connectionId && (t.status === 'pending' || ranDuring.has(t.key))) runningNow.push(t.ref);
      return runningNow;
    },
  };
}

export function createAppStore(): StoreApi<AppState> {
  return createStore<AppState>()((set, get) => {
    /** When the page saw each of our tasks end (recent ones only): OWN_TASK_GRACE_MS. */
    const endSeen = new Map<string, number>();
    function noteEnd(key: string): void {
      const now = Date.now();
      endSeen.set(key, now);
      if (endSeen.size > 64) for (const [k, t] of endSeen) if (now - t > OWN_TASK_GRACE_MS) endSeen.delete(k);
    }

    /** Applies changes in place; returns which counters to bump. */
    function applyChanges(delta: CacheDelta): { tree: boolean; tasks: boolean; messages: boolean } {
      const s = get();
      let conn = s.objects.get(delta.connectionId);
      let tree = false;
      let tasks = false;
      let messages = false;
      const recordHistory = !delta.reset && !delta.loading && !s.loading.has(delta.connectionId);
      const changed: Array<{ cls: string; ref: string; prev: XRecord; next: XRecord }> = [];
      /** Tasks that were running at some point of this delta (it may also bring their end). */
      const ranDuring = new Set<string>();
      if (delta.reset) {
        messages = (conn?.get('message')?.size ?? 0) > 0;
        conn = new Map();
        s.objects.set(delta.connectionId, conn);
        tree = true;
        // Tasks the server no longer reports will be marked gone; finished ones stay visible.
        for (const t of s.tasks.values()) if (t.connectionId === delta.connectionId && !t.local) t.gone = true;
        tasks = true;
      } else if (!conn) {
        conn = new Map();
        s.objects.set(delta.connectionId, conn);
      }
      // A staged load's short forms (shared/first-load.ts): new objects of the tree's classes, no operations.
      for (const t of delta.short ?? []) {
        if (typeof t?.cls !== 'string') continue;
        const cls = t.cls.toLowerCase();
        let m = conn.get(cls);
        if (!m) { m = new Map(); conn.set(cls, m); }
        const into = m;
        forEachShortRecord(t, (ref, record) => { into.set(ref, record); });
        if (TREE_CLASSES.has(cls)) tree = true;
      }
      for (const ch of delta.changes) {
        const cls = ch.cls.toLowerCase();
        let m = conn.get(cls);
        if (cls === 'message') messages = true;
        if (ch.op === 'del') {
          if (m?.delete(ch.ref) && TREE_CLASSES.has(cls)) tree = true;
        } else if (ch.record) {
          if (!m) { m = new Map(); conn.set(cls, m); }
          const prev = m.get(ch.ref);
          if (!tree && TREE_CLASSES.has(cls) && treeFieldsChanged(cls, prev, ch.record)) tree = true;
          // Not while a staged load replaces short records with full ones: those are not changes.
          if (prev && recordHistory && HISTORY_CLASSES.has(cls)) changed.push({ cls, ref: ch.ref, prev, next: ch.record });
          m.set(ch.ref, ch.record);
        }
        if (ch.record && noteTargets(s, delta.connectionId, cls, ch.ref, ch.record)) tasks = true;
        if (cls === 'task') {
          tasks = true;
          const key = taskKey(delta.connectionId, ch.ref);
          const prev = s.tasks.get(key);
          if (!prev || prev.status === 'pending') {
            ranDuring.add(key);
            const ended = ch.op === 'del' || (ch.record !== undefined && ch.record.status !== 'pending' && ch.record.status !== 'cancelling');
            if (ended && s.ownTasks.has(key)) noteEnd(key);
          }
          if (ch.op === 'del') {
            // A del may carry the task's final record (it finished and was destroyed within one
            // core flush): keep that final status, so the row does not stay "In progress".
            const last = ch.record ? taskFromRecord(delta.connectionId, ch.ref, ch.record, prev) : prev;
            // Destroyed while pending: the bookkeeping task of another client's synchronous call
            // (xapi destroys it when the call returns, whatever the outcome). Nothing to report.
            if (last?.status === 'pending' && !s.ownTasks.has(key)) { s.tasks.delete(key); s.taskTargets.delete(key); }
            else if (last) s.tasks.set(key, { ...last, gone: true });
          } else if (ch.record) {
            s.tasks.set(key, taskFromRecord(delta.connectionId, ch.ref, ch.record, prev));
          }
        }
      }
      // After the delta's tasks are in, so a task created in the same delta can be named.
      if (changed.length > 0) {
        const who = attribution(s, delta.connectionId, ranDuring, endSeen);
        for (const c of changed) s.history.record(delta.connectionId, c.cls, c.ref, c.prev, c.next, who);
      }
      if (tasks && s.tasks.size > MAX_TASKS) pruneTasks(s.tasks, s.taskTargets);
      const kept = conn.get('message');
      if (messages && kept) pruneMessages(kept);
      return { tree, tasks, messages };
    }

    function bump(tree: boolean, tasks: boolean, extra: Partial<AppState> = {}, messages = false): void {
      const s = get();
      set({
        ...extra,
        version: s.version + 1,
        treeVersion: tree ? s.treeVersion + 1 : s.treeVersion,
        taskVersion: tasks ? s.taskVersion + 1 : s.taskVersion,
        messageVersion: messages ? s.messageVersion + 1 : s.messageVersion,
      });
    }

    /** The loading set after a delta, or nothing when it does not change. */
    function loadingAfter(now: ReadonlySet<string>, delta: CacheDelta): Partial<AppState> {
      const was = now.has(delta.connectionId);
      const is = delta.loading ?? (delta.reset ? false : was);
      if (is === was) return {};
      const next = new Set(now);
      if (is) next.add(delta.connectionId); else next.delete(delta.connectionId);
      return { loading: next };
    }

    return {
      connections: new Map(),
      objects: new Map(),
      version: 0,
      treeVersion: 0,
      taskVersion: 0,
      messageVersion: 0,
      tasks: new Map(),
      ownTasks: new Map(),
      taskTargets: new Map(),
      snapshotLoaded: false,
      loading: new Set(),
      history: new ObjectHistory(),

      applyDelta(delta) {
        const r = applyChanges(delta);
        bump(r.tree, r.tasks, loadingAfter(get().loading, delta), r.messages);
      },

      applyConnection(info) {
        const connections = new Map(get().connections);
        connections.set(info.id, info);
        bump(true, false, { connections });
      },

      removeConnection(connectionId) {
        const s = get();
        const connections = new Map(s.connections);
        connections.delete(connectionId);
        s.objects.delete(connectionId);
        s.history.forgetConnection(connectionId);
        for (const t of s.tasks.values()) if (t.connectionId === connectionId) t.gone = true;
        bump(true, true, { connections, ...loadingAfter(s.loading, { connectionId, reset: true, changes: [], loading: false }) }, true);
      },

      applySnapshot(snapshot) {
        const s = get();
        const connections = new Map<string, ConnectionInfo>();
        for (const c of snapshot.connections) connections.set(c.id, c);
        // Everything main knows replaces what we had.
        for (const id of [...s.objects.keys()]) s.objects.delete(id);
        for (const c of snapshot.connections) s.objects.set(c.id, new Map());
        for (const t of s.tasks.values()) if (!t.local) t.gone = true;
        for (const d of snapshot.deltas) applyChanges({ ...d, reset: false });
        const loading = new Set(snapshot.deltas.filter((d) => d.loading).map((d) => d.connectionId));
        bump(true, true, { connections, snapshotLoaded: true, loading }, true);
      },

      noteOwnTask(connectionId, taskRef, info) {
        const s = get();
        const ownTasks = new Map(s.ownTasks);
        ownTasks.set(taskKey(connectionId, taskRef), info);
        // Its request's answer may come after the changes it made: those changes are its own.
        if (info.ref) s.history.claim(connectionId, info.ref, taskRef, (t) => ownTasks.has(taskKey(connectionId, t)), info.since);
        bump(false, true, { ownTasks });
      },

      noteFailedRequest(connectionId, info, error) {
        const s = get();
        const ref = `local:${++localSeq}`;
        const key = taskKey(connectionId, ref);
        const now = Date.now();
        s.tasks.set(key, {
          key, connectionId, ref, nameLabel: info.title, status: 'failure', progress: 1, created: now, finished: now,
          errorInfo: [error.code, ...error.params], local: true,
        });
        const ownTasks = new Map(s.ownTasks);
        ownTasks.set(key, info);
        bump(false, true, { ownTasks });
        return key;
      },
    };
  });
}

// The record lookups are pure selectors: they live with the others in xapi-model/.
export { getRecord, classMap } from '../xapi-model/lookup';
