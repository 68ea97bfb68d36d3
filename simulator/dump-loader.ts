// Reads a XAPI database dump (FORMATS.md 1): column names to API names, %-escapes, S-expression
// sets/maps, typed values by the model's field type, unknown/internal columns dropped, missing
// fields filled with model defaults. Refs to missing objects are kept as they are.
import { XMLParser } from 'fast-xml-parser';
import { classInfo, classInfoCaseless, type ClassInfo } from '../shared/xapi/model';
import { fullRecord, valueFromDumpText, type Rec } from './fields';
import { percentDecode } from './sexpr';
import { Db, TABLE_CLASSES } from './db';
import { computeVmAllowed } from './allowed-ops';
import { repairReferences } from './dump-repair';
import { bootAsLivePool } from './dump-boot';

export interface DumpRow { ref: string; ctime: number; mtime: number; rec: Rec }
export interface ParsedDump { generation: number; schema: [number, number]; tables: Map<string, DumpRow[]> }

const asArray = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** "name__label" -> "name_label": the first "__" is the namespace separator (FORMATS.md 1.2). */
export const columnToField = (col: string): string => col.replace('__', '_');

function tableClass(name: string): ClassInfo | undefined {
  return classInfo(name) ?? classInfoCaseless(name);
}

export function parseDump(xml: string): ParsedDump {
  const parser = new XMLParser({
    ignoreAttributes: false, attributeNamePrefix: '', parseAttributeValue: false, parseTagValue: false,
    trimValues: false, processEntities: true, htmlEntities: false,
    isArray: (name) => name === 'table' || name === 'row' || name === 'pair',
  });
  const doc = parser.parse(xml) as { database?: { manifest?: { pair?: { key: string; value: string }[] }; table?: Rec[] } };
  const db = doc.database;
  if (!db) throw new Error('not a XAPI database dump: no <database> element');
  const pairs = asArray(db.manifest?.pair);
  const pair = (k: string) => Number(pairs.find((p) => p.key === k)?.value ?? 0) || 0;
  const tables = new Map<string, DumpRow[]>();
  for (const t of asArray(db.table)) {
    const info = tableClass(String(t.name));
    if (!info || !TABLE_CLASSES.includes(info.name)) continue;
    const rows: DumpRow[] = [];
    for (const row of asArray(t.row as Record<string, string>[] | undefined)) {
      const ref = row.ref ?? row._ref;
      if (!ref) throw new Error(`row without ref in table ${info.name}`);
      const values: Rec = {};
      for (const [col, raw] of Object.entries(row)) {
        if (col === 'ref' || col === '_ref' || col.startsWith('__')) continue;
        const f = info.fields.get(columnToField(col));
        if (!f) continue; // internal or removed column (PIF.device_name, VBD.reserved, ...)
        values[f.name] = valueFromDumpText(f, percentDecode(String(raw)));
      }
      rows.push({ ref, ctime: Number(row.__ctime ?? 0) || 0, mtime: Number(row.__mtime ?? 0) || 0, rec: fullRecord(info.name, values) });
    }
    tables.set(info.name, rows);
  }
  return { generation: pair('generation_count'), schema: [pair('schema_major_vsn'), pair('schema_minor_vsn')], tables };
}

/** Public shape: class name -> ref -> record, one-to-many sets rebuilt from the child side. */
export function loadDump(xml: string): Record<string, Record<string, Record<string, unknown>>> {
  const db = dbFromDump(xml);
  const out: Record<string, Record<string, Record<string, unknown>>> = {};
  for (const [cls, t] of db.tables) {
    if (!t.size) continue;
    out[cls] = {};
    for (const [ref, row] of t) out[cls][ref] = row.rec;
  }
  return out;
}

export function dbFromDump(xml: string): Db {
  const parsed = parseDump(xml);
  const db = new Db();
  let maxGen = parsed.generation;
  for (const [cls, rows] of parsed.tables) {
    for (const r of rows) {
      db.create(cls, r.rec, r.ref, { ctime: r.ctime, mtime: r.mtime });
      maxGen = Math.max(maxGen, r.mtime, r.ctime);
    }
  }
  db.gen = maxGen;
  repairReferences(db);
  db.rebuildRelations();
  const [major, minor] = parsed.schema;
  if (major < 5 || (major === 5 && minor <= 134)) upgradeDomainType(db);
  bootAsLivePool(db);
  for (const ref of db.table('VM').keys()) {
    // Stale in-flight operations from the dumped server cannot be running here.
    db.table('VM').get(ref)!.rec.current_operations = {};
    db.table('VM').get(ref)!.rec.allowed_operations = computeVmAllowed(db, ref);
  }
  return db;
}

/** xapi_db_upgrade for schemas up to Jura (FORMATS.md 1.9): domain_type from HVM_boot_policy. */
function upgradeDomainType(db: Db): void {
  for (const row of db.table('VM').values()) {
    const vm = row.rec;
    if (vm.domain_type !== 'unspecified') continue;
    const type = vm.is_control_domain || vm.HVM_boot_policy === '' ? 'pv' : 'hvm';
    vm.domain_type = type;
    const m = db.get('VM_metrics', String(vm.metrics));
    if (m && vm.power_state !== 'Halted' && (m.current_domain_type === 'unspecified' || !m.current_domain_type)) m.current_domain_type = type;
  }
}
