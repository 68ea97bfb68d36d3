// The toolbar: one row always. What does not fit folds, from the end, into a "more" (») menu that runs
// the same command objects; widths are measured on a hidden copy of the row (ResizeObserver).
import { useCallback, useLayoutEffect, useRef, useState } from 'react';
import { useUi } from '../state/ui';
import { foldCount } from '../ui/toolbar-fold';
import { Menu, type MenuItemSpec } from '../ui/Menu';
import { useEntryStates, useRunEntry } from '../framework/use-commands';
import { toolbarGroups } from './menu-model';

// The toolbar's entries in groups, from the registered contributions' 'toolbar' places.
const GROUPS = toolbarGroups();
const PLACED = GROUPS.flatMap((g, gi) => g.map((p, j) => ({ ...p, separatorBefore: gi > 0 && j === 0 })));
const ENTRIES = PLACED.map((p) => p.entry);

interface Entry {
  id: string; label: string; icon: string; iconClass: string; className: string;
  enabled: boolean; reason?: string; separatorBefore?: boolean; onRun(): void;
}

function EntryButton({ e, hidden = false }: { e: Entry; hidden?: boolean }) {
  return (
    <>
      {e.separatorBefore ? <span className="tb-sep" role="separator" aria-orientation="vertical" data-tb-sep /> : null}
      <button type="button" className={`tb-button ${e.className}`} disabled={!e.enabled} title={e.reason} tabIndex={hidden ? -1 : undefined}
        onClick={hidden ? undefined : e.onRun} data-tb-entry={e.id}>
        <span className={`tb-icon ${e.iconClass}`} aria-hidden="true">{e.icon}</span>{e.label}
      </button>
    </>
  );
}

export function Toolbar() {
  const selection = useUi((s) => s.selection);
  const run = useRunEntry();
  const states = useEntryStates(ENTRIES, selection);
  const entries: Entry[] = PLACED.map(({ entry, place, separatorBefore }, i): Entry => {
    const cls = entry.id.replace('.', '-');
    return {
      id: entry.id, label: place.label ?? entry.label, icon: place.icon ?? '', iconClass: place.iconClass ?? cls, className: `cmd-${cls}`,
      enabled: states[i].enabled, reason: states[i].reason, separatorBefore, onRun: () => run(entry, selection),
    };
  });

  const barRef = useRef<HTMLDivElement>(null);
  const measureRef = useRef<HTMLDivElement>(null);
  const moreRef = useRef<HTMLButtonElement>(null);
  const [shown, setShown] = useState(entries.length);
  const [moreOpen, setMoreOpen] = useState(false);

  // Each entry's width (with its separator and the gap) on the hidden copy, against the bar's inner width.
  const measure = useCallback(() => {
    const bar = barRef.current;
    const copy = measureRef.current;
    if (!bar || !copy) return;
    const style = getComputedStyle(bar);
    const gap = parseFloat(style.columnGap) || 0;
    const available = bar.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    const widths: number[] = [];
    let pending = 0;
    for (const el of copy.children) {
      const w = (el as HTMLElement).getBoundingClientRect().width + gap + (el.hasAttribute('data-tb-sep') ? parseFloat(getComputedStyle(el).marginLeft) * 2 : 0);
      if (el.hasAttribute('data-tb-sep')) pending += w;
      else if (el.hasAttribute('data-tb-entry')) { widths.push(w + pending); pending = 0; }
    }
    const more = copy.querySelector<HTMLElement>('[data-tb-more]')?.getBoundingClientRect().width ?? 32;
    setShown(foldCount(widths, available, more + gap));
  }, []);

  useLayoutEffect(() => {
    measure();
    const ro = new ResizeObserver(measure);
    if (barRef.current) ro.observe(barRef.current);
    if (measureRef.current) ro.observe(measureRef.current);
    return () => ro.disconnect();
  }, [measure]);

  const folded = entries.slice(shown);
  const items: MenuItemSpec[] = folded.map((e, i) => ({
    id: e.id, label: e.label, disabled: !e.enabled, title: e.enabled ? undefined : e.reason, separatorBefore: i > 0 && e.separatorBefore, onSelect: e.onRun,
  }));
  const closeMore = useCallback((reason: string) => {
    setMoreOpen(false);
    if (reason !== 'outside' && reason !== 'select') moreRef.current?.focus();
  }, []);

  return (
    <div role="toolbar" aria-label="Toolbar" className="toolbar" ref={barRef}>
      {entries.slice(0, shown).map((e) => <EntryButton key={e.id} e={e} />)}
      {folded.length ? (
        <div className="tb-more-slot">
          <button type="button" ref={moreRef} className="tb-button tb-more" aria-label="More commands" title="More commands"
            aria-haspopup="menu" aria-expanded={moreOpen} onClick={() => setMoreOpen(!moreOpen)}>»</button>
          {moreOpen ? <Menu label="More commands" items={items} onClose={closeMore} className="dropdown tb-more-menu" /> : null}
        </div>
      ) : null}
      {/* The full row, never shown: what each entry would take. */}
      <div className="toolbar-measure" ref={measureRef} aria-hidden="true" inert>
        {entries.map((e) => <EntryButton key={e.id} e={e} hidden />)}
        <button type="button" className="tb-button tb-more" tabIndex={-1} data-tb-more>»</button>
      </div>
    </div>
  );
}
