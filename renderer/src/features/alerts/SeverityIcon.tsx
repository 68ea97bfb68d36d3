// A severity's icon, after XenCenter's alert1..alert5 images: a red octagon (critical), an orange
// triangle (major), a yellow triangle (warning), a blue circle (minor), a grey "i" (information).
const SHAPES: Record<number, { cls: string; glyph: string }> = {
  1: { cls: 'sev-critical', glyph: '!' },
  2: { cls: 'sev-major', glyph: '!' },
  3: { cls: 'sev-warning', glyph: '!' },
  4: { cls: 'sev-minor', glyph: '!' },
  5: { cls: 'sev-info', glyph: 'i' },
};

export function SeverityIcon({ priority }: { priority: number }) {
  const s = SHAPES[priority] ?? { cls: 'sev-unknown', glyph: '?' };
  return <span aria-hidden="true" className={`sev-icon ${s.cls}`}>{s.glyph}</span>;
}
