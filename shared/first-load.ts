// How a big load reaches the renderer: the first message carries what the tree needs (every record
// of the small classes, and a few fields of the big ones), so the pool is drawn as soon as main has
// it; the full records follow in slices the renderer applies between frames. Until the last slice the
// connection is "loading": tabs say so and commands on its objects wait (renderer state/store.ts).
// One 37 MB message (5,000 VMs) took Chromium about 2 s to receive and parse, with the page frozen.

/**
 * The classes the tree is drawn from (renderer TREE_FIELDS, which a unit test keeps equal). A first
 * load asks for these alone, then for every other class: the pool is drawn after about 60 % of the
 * server's work and bytes (5,000 VMs), while VIFs, consoles and metrics are still on their way.
 */
export const TREE_LOAD_CLASSES: readonly string[] = ['pool', 'host', 'host_metrics', 'vm', 'sr', 'network', 'pbd', 'vbd', 'vdi', 'vm_appliance'];

/** A class with more objects than this in one delta is staged (its full records follow in slices). */
export const STAGE_MIN_OBJECTS = 200;

/**
 * Whether the tree's part of a first load is big enough to go out before the rest: a pool whose load
 * is staged anyway (some class over STAGE_MIN_OBJECTS). A smaller pool waits for the rest and goes
 * in one message, so it never shows "Loading the details…" for the few milliseconds in between.
 */
export function drawBeforeRest(events: ReadonlyArray<{ class?: unknown }>): boolean {
  const n = new Map<string, number>();
  for (const ev of events) {
    if (typeof ev?.class !== 'string') continue;
    const cls = ev.class.toLowerCase();
    const k = (n.get(cls) ?? 0) + 1;
    if (k > STAGE_MIN_OBJECTS) return true;
    n.set(cls, k);
  }
  return false;
}

/**
 * About how many bytes of full records a slice holds, and the pause between slices (about a frame):
 * what the renderer receives and parses well within a frame. The first slice waits longer, so the
 * first message is received and drawn without main's slices competing for the machine.
 */
export const SLICE_BYTES = 512 * 1024;
export const SLICE_INTERVAL_MS = 16;
export const FIRST_SLICE_DELAY_MS = 150;

/**
 * The fields of a big class the first message carries: the tree's (renderer TREE_FIELDS, which a
 * unit test keeps a subset) and the uuid that keeps a selection. A big class not listed here
 * (metrics, VIFs, consoles) arrives with the slices only.
 */
export const FIRST_LOAD_FIELDS: Readonly<Record<string, readonly string[]>> = {
  vm: [
    'uuid', 'name_label', 'power_state', 'resident_on', 'affinity', 'VBDs', 'is_a_template', 'is_default_template',
    'is_a_snapshot', 'snapshot_of', 'is_control_domain', 'other_config', 'tags', 'appliance',
  ],
  vbd: ['VDI'],
  vdi: ['SR'],
};

/**
 * Long lists in small classes' records that only point at big classes' objects (the tree reads none
 * of them): left out of a staged load's first message, the records come whole with the slices.
 */
export const FIRST_LOAD_OMIT: Readonly<Record<string, readonly string[]>> = {
  host: ['resident_VMs'],
  sr: ['VDIs'],
  network: ['VIFs'],
};

/**
 * The short forms of one class as a table: the field names once, then a row per object, the ref
 * first and null for a field the record lacks (XAPI never sends null). A third of the bytes of the
 * same records as objects, which Chromium receives and parses in proportion.
 */
export interface ShortRecords { cls: string; fields: string[]; rows: unknown[][] }

export function shortRecordsOf(cls: string, fields: readonly string[], records: Iterable<[string, Record<string, unknown>]>): ShortRecords {
  const rows: unknown[][] = [];
  for (const [ref, r] of records) {
    const row: unknown[] = [ref];
    for (const f of fields) row.push(Object.hasOwn(r, f) ? r[f] : null);
    rows.push(row);
  }
  return { cls, fields: [...fields], rows };
}

/** Calls `fn` with each record of a table (rows that are not arrays with a string ref are skipped). A plain loop: 5,000 rows a frame. */
export function forEachShortRecord(t: ShortRecords, fn: (ref: string, record: Record<string, unknown>) => void): void {
  if (!Array.isArray(t.rows) || !Array.isArray(t.fields)) return;
  const fields = t.fields;
  for (const row of t.rows) {
    if (!Array.isArray(row) || typeof row[0] !== 'string') continue;
    const rec: Record<string, unknown> = {};
    for (let i = 0; i < fields.length; i++) {
      const v = row[i + 1];
      if (v !== null && v !== undefined) rec[fields[i]] = v;
    }
    fn(row[0], rec);
  }
}
