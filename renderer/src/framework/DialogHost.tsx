// The one place dialogs are rendered: the open ui.dialog, by the kind a feature registered. Keyed by kind
// and target, so opening the same dialog for another object starts it afresh.
import type { ComponentType } from 'react';
import { useUi } from '../state/ui';
import type { SelectedObject } from './command';
import type { DialogSpec } from './feature';

export function DialogHost({ dialogs }: { dialogs: readonly DialogSpec[] }) {
  const d = useUi((s) => s.dialog);
  const spec = d ? dialogs.find((x) => x.kind === d.kind) : undefined;
  if (!d || !spec) return null;
  const objects = d.targets ?? (d.target ? [d.target] : []);
  const key = [d.kind, ...objects.map((o) => `${o.connectionId}|${o.ref}`)].join('|');
  const C = spec.component as ComponentType<{ target?: SelectedObject; targets?: SelectedObject[] }>;
  return d.targets ? <C key={key} targets={d.targets} /> : <C key={key} target={d.target} />;
}
