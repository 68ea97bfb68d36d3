import type { ReactNode } from 'react';

/** Label/value rows (a description list). */
export function PropertyList({ rows, label }: { rows: Array<[string, ReactNode] | null | false>; label: string }) {
  return (
    <dl className="props" aria-label={label}>
      {rows.filter((r): r is [string, ReactNode] => !!r).map(([k, v]) => (
        <div className="prop-row" key={k}>
          <dt>{k}</dt>
          <dd>{v === '' || v == null ? '—' : v}</dd>
        </div>
      ))}
    </dl>
  );
}

export function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="tab-section" aria-label={title}>
      <h3>{title}</h3>
      {children}
    </section>
  );
}
