// Page 1: the pool's templates, searchable, grouped (custom first, then the shipped ones by family),
// as an ARIA listbox: arrows, Home/End move the choice; the description of the chosen one beside it.
import { useEffect, useId, useMemo, useState, type KeyboardEvent } from 'react';
import { TEMPLATE_GROUPS, type TemplateItem } from './catalog';
import { formatTime } from '../../xapi-model/format';
import { useToday } from '../../ui/use-today';

export function TemplatePage({ items, chosen, onChoose }: { items: (filter: string) => TemplateItem[]; chosen: string | null; onChoose(ref: string): void }) {
  const [filter, setFilter] = useState('');
  const today = useToday();
  const shown = useMemo(() => items(filter), [items, filter]);
  const searchId = useId();
  const listId = useId();
  const current = shown.find((t) => t.ref === chosen);
  const optionId = (ref: string) => `${listId}-${ref.replace(/[^A-Za-z0-9-]/g, '')}`;

  // Opened with a template chosen (New VM from Snapshot: the snapshot, listed last): show it.
  useEffect(() => {
    if (chosen) document.getElementById(optionId(chosen))?.scrollIntoView({ block: 'nearest' });
    // Only when the page opens; later choices scroll themselves.
  }, []);

  const onKey = (e: KeyboardEvent) => {
    if (shown.length === 0) return;
    const i = shown.findIndex((t) => t.ref === chosen);
    let next: number;
    if (e.key === 'ArrowDown') next = Math.min(shown.length - 1, i + 1);
    else if (e.key === 'ArrowUp') next = Math.max(0, i < 0 ? 0 : i - 1);
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = shown.length - 1;
    else return;
    e.preventDefault();
    onChoose(shown[next].ref);
    document.getElementById(optionId(shown[next].ref))?.scrollIntoView({ block: 'nearest' });
  };

  return (
    <div className="nvw-template">
      <div className="nvw-search">
        <label htmlFor={searchId}>Search</label>
        <input id={searchId} type="search" value={filter} placeholder="Filter templates by name" onChange={(e) => setFilter(e.target.value)} />
      </div>
      <div className="nvw-template-main">
        <div role="listbox" aria-label="Templates" tabIndex={0} className="nvw-listbox" onKeyDown={onKey}
          aria-activedescendant={current ? optionId(current.ref) : undefined}>
          {shown.length === 0 ? <div className="nvw-empty">No template matches “{filter}”.</div> : null}
          {TEMPLATE_GROUPS.map((g) => {
            const members = shown.filter((t) => t.group === g);
            if (members.length === 0) return null;
            return (
              <div role="group" aria-label={g} key={g}>
                <div className="wizard-group" aria-hidden="true">{g}</div>
                {members.map((t) => (
                  <div key={t.ref} id={optionId(t.ref)} role="option" aria-selected={t.ref === chosen}
                    className={`nvw-option${t.ref === chosen ? ' selected' : ''}`} onClick={() => onChoose(t.ref)}>
                    {t.name}
                  </div>
                ))}
              </div>
            );
          })}
        </div>
        <aside className="nvw-template-info" aria-live="polite">
          {current ? (
            <>
              <h4>{current.name}</h4>
              <p>{current.description || 'No description.'}</p>
              <p className="wizard-muted">{current.snapshot
                ? `Snapshot${current.snapshot.of ? ` of '${current.snapshot.of}'` : ''}${current.snapshot.taken ? `, taken ${formatTime(current.snapshot.taken, today)}` : ''}: the new VM starts with its disks, cloned or copied.`
                : current.custom ? 'Custom template: its disks are copied to the new VM.' : 'Default template: its disks are created empty, for installing an operating system.'}</p>
              <p className="wizard-muted">{current.hvm ? 'Boots as an HVM guest (BIOS/UEFI).' : 'Boots paravirtualized.'}</p>
            </>
          ) : <p className="wizard-muted">Choose a template from the list.</p>}
        </aside>
      </div>
    </div>
  );
}
