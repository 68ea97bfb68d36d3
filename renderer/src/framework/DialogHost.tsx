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
  const key = d.target ? `${d.kind}|${d.target.connectionId}|${d.target.ref}` : d.kind;
  const C = spec.component as ComponentType<{ target?: SelectedObject }>;
  return <C key={key} target={d.target} />;
}
