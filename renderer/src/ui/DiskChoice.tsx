// "Disks to delete" of Delete VM… and Delete Template…: a tick per disk (ticked at first: the disks it
// owns that nothing else uses, xapi-model/vm-disks.ts), with its size, SR and the others using it. Pure.
import { useState } from 'react';
import { formatBytes } from '../xapi-model/format';
import type { DiskRow } from '../xapi-model/vm-disks';

/** `set` with `ref` added (on) or taken out. */
export function toggled(set: ReadonlySet<string>, ref: string, on: boolean): Set<string> {
  const next = new Set(set);
  if (on) next.add(ref); else next.delete(ref);
  return next;
}

/** The ticked disks, starting from XenCenter's default (deleteByDefault), and a way to tick one. */
export function useTickedDisks(disks: readonly DiskRow[]): [ReadonlySet<string>, (ref: string, on: boolean) => void] {
  const [ticked, setTicked] = useState<Set<string>>(() => new Set(disks.filter((d) => d.deleteByDefault).map((d) => d.vdiRef)));
  return [ticked, (ref, on) => setTicked((cur) => toggled(cur, ref, on))];
}

export function DiskChoice({ disks, ticked, onTick, empty }: {
  disks: readonly DiskRow[];
  ticked: ReadonlySet<string>;
  onTick(ref: string, on: boolean): void;
  /** Said when there is no disk ("The VM has no disks."). */
  empty: string;
}) {
  return (
    <fieldset className="choice-group">
      <legend>Disks to delete</legend>
      {disks.length === 0 ? <p className="empty">{empty}</p> : (
        <ul className="check-list">
          {disks.map((d) => (
            <li key={d.vdiRef}>
              <label className="choice">
                <input type="checkbox" checked={ticked.has(d.vdiRef)} onChange={(e) => onTick(d.vdiRef, e.target.checked)} />
                <span className="choice-name">{d.name}</span>
              </label>
              <span className="field-note">
                {formatBytes(d.size)}{d.srName ? ` on ${d.srName}` : ''}{d.sharedWith.length ? `; also used by ${d.sharedWith.join(', ')}` : ''}
              </span>
            </li>
          ))}
        </ul>
      )}
    </fieldset>
  );
}
