// Real dumps hold references to objects that are not there (FORMATS.md 1.7): "" for null, metrics
// rows that xapi never persists and regenerates at start (1.8), refs to deleted objects, junk such
// as "Ref:1". A running xapi serves none of those as live objects, so after loading: regenerate the
// missing metrics records, point every other dangling ref at OpaqueRef:NULL and drop dangling set
// members. Done with the rows' own generation numbers, so loading still produces no events.
import { classInfo } from '../shared/xapi/model';
import type { Db } from './db';

const NULL_REF = 'OpaqueRef:NULL';

/** Returns how many references were repaired. */
export function repairReferences(db: Db): number {
  let repaired = 0;
  for (const [cls, table] of [...db.tables]) {
    const info = classInfo(cls);
    if (!info) continue;
    for (const [, row] of [...table]) {
      for (const f of info.fields.values()) {
        const single = f.type.match(/^(\w+) ref$/);
        const set = f.type.match(/^(\w+) ref set$/);
        const v = row.rec[f.name];
        if (single && typeof v === 'string' && v !== NULL_REF && !db.get(single[1], v)) {
          const target = single[1];
          // Metrics rows are not persisted: xapi creates them afresh for every object at start.
          row.rec[f.name] = f.name === 'metrics' && /_metrics$/.test(target)
            ? db.create(target, {}, undefined, { ctime: row.ctime, mtime: row.mtime })
            : NULL_REF;
          repaired++;
        } else if (set && Array.isArray(v)) {
          const kept = v.filter((x) => typeof x === 'string' && !!db.get(set[1], x));
          if (kept.length !== v.length) { row.rec[f.name] = kept; repaired += v.length - kept.length; }
        }
      }
    }
  }
  return repaired;
}
