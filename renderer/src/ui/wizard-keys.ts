// Keyboard behaviour shared by multi-page dialogs (wizards), as in Windows wizards: a new page puts the
// focus on its first field, and Enter anywhere but a multi-line text box or a button goes on.
import type { KeyboardEvent } from 'react';

const FIELDS = 'input:not([type="hidden"]), select, textarea, [role="listbox"][tabindex="0"], [role="grid"][tabindex="0"]';

/** The first field of the page that can take the focus (of a radio group, the checked one). */
export function firstField(root: ParentNode): HTMLElement | null {
  for (const el of root.querySelectorAll<HTMLElement>(FIELDS)) {
    if ((el as HTMLInputElement).disabled || el.getClientRects().length === 0) continue;
    if (el instanceof HTMLInputElement && el.type === 'radio' && !el.checked) {
      const group = el.form ? el.form.elements.namedItem(el.name) : null;
      // Tab would land on the checked radio of the group; an unchecked one only when none is checked.
      if (group instanceof RadioNodeList && [...group].some((r) => (r as HTMLInputElement).checked)) continue;
    }
    return el;
  }
  return null;
}

/** On the wizard's form: Enter submits (goes on) from fields that would not submit by themselves. */
export function enterGoesOn(e: KeyboardEvent<HTMLFormElement>): void {
  if (e.key !== 'Enter' || e.defaultPrevented || e.nativeEvent.isComposing || e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
  const t = e.target as HTMLElement;
  if (t instanceof HTMLTextAreaElement || t instanceof HTMLButtonElement || t.closest('button, a[href], [role="button"], [role="menu"]')) return;
  e.preventDefault();
  e.currentTarget.requestSubmit();
}
