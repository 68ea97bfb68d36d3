// A modal dialog: role dialog, aria-labelledby its title, focus kept inside, Escape cancels.
import { useEffect, useId, useRef, type ReactNode, type KeyboardEvent } from 'react';

interface DialogProps {
  title: string;
  onCancel(): void;
  children: ReactNode;
  className?: string;
  /** 'alertdialog' for warnings that need an answer (certificates). */
  role?: 'dialog' | 'alertdialog';
  /** id of the element that describes the dialog. */
  describedBy?: string;
}

export function Dialog({ title, onCancel, children, className, role = 'dialog', describedBy }: DialogProps) {
  const titleId = useId();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    // [data-autofocus] marks the safe default (e.g. Cancel on a certificate warning).
    const first = ref.current?.querySelector<HTMLElement>('[data-autofocus]')
      ?? ref.current?.querySelector<HTMLElement>('input, select, textarea, button:not([disabled])');
    first?.focus();
    return () => { if (previous && previous.isConnected) previous.focus(); };
  }, []);

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      onCancel();
      return;
    }
    if (e.key === 'Tab' && ref.current) {
      const f = [...ref.current.querySelectorAll<HTMLElement>('input:not([disabled]), select, textarea, button:not([disabled]), [tabindex="0"]')];
      if (f.length === 0) return;
      const first = f[0];
      const last = f[f.length - 1];
      if (e.shiftKey && document.activeElement === first) { e.preventDefault(); last.focus(); }
      else if (!e.shiftKey && document.activeElement === last) { e.preventDefault(); first.focus(); }
    }
  };

  return (
    <div className="dialog-backdrop">
      <div role={role} aria-modal="true" aria-labelledby={titleId} aria-describedby={describedBy} className={`dialog ${className ?? ''}`} ref={ref} onKeyDown={onKeyDown}>
        <h2 id={titleId} className="dialog-title">{title}</h2>
        {children}
      </div>
    </div>
  );
}
