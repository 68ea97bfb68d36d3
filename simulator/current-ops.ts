// The current_operations bookkeeping every lockable object shares (SEMANTICS.md 0.1): while an
// operation runs its task ref maps to the op, and allowed_operations is recomputed when the entry
// is added and when it goes (it goes even when the operation fails).
import type { Db } from './db';
import type { Rec } from './fields';

export async function withCurrentOp<T>(
  db: Db, cls: string, ref: string, key: string, op: string, refresh: (() => void) | undefined, body: () => Promise<T> | T,
): Promise<T> {
  const rec = db.get(cls, ref);
  if (rec) {
    db.update(cls, ref, { current_operations: { ...((rec.current_operations ?? {}) as Rec), [key]: op } });
    refresh?.();
  }
  try {
    return await body();
  } finally {
    const cur = db.get(cls, ref);
    if (cur) {
      const ops = { ...((cur.current_operations ?? {}) as Rec) };
      delete ops[key];
      db.update(cls, ref, { current_operations: ops });
      refresh?.();
    }
  }
}
