// The state behind PrioritiesEditor: the VMs (live from the cache, their list fixed while the dialog is
// open but new VMs added), their agility, the settings being edited (started once agility is known), the
// failures to tolerate as typed, and the maximum the server computes for the chosen priorities.
import { useEffect, useMemo, useRef, useState } from 'react';
import { appStore, useApp } from '../../state';
import { haVmRows, hypotheticalConfig, initialFailures, prioritiesDiff, startingSettings, type HaVmRow, type HaVmSettings } from './model';
import { useAgility, useHypotheticalMax } from './queries';

export function usePriorities(connectionId: string, poolRef: string, protectByDefault: boolean) {
  const version = useApp((s) => s.version);
  const rows = useMemo(() => { void version; return haVmRows(appStore.getState(), connectionId); }, [version, connectionId]);
  // A VM's settings changed by another client must not reset the page: only the set of VMs is a key.
  const rowKey = rows.map((r) => r.ref).join(',');
  const refsList = useMemo(() => rowKey ? rowKey.split(',') : [], [rowKey]);
  const agility = useAgility(connectionId, refsList);
  const agilityKnown = refsList.every((r) => agility.get(r)?.state !== 'checking' && agility.has(r));

  const [edited, setEdited] = useState<Map<string, HaVmSettings> | null>(null);
  const started = useRef(false);
  const base = useRef<HaVmRow[]>(rows);
  useEffect(() => {
    if (started.current || !agilityKnown) return;
    started.current = true;
    base.current = rows;
    setEdited(startingSettings(rows, agility, protectByDefault));
  }, [agilityKnown, agility, rows, protectByDefault]);
  // VMs that appear meanwhile get their own settings.
  const settings = useMemo(() => {
    if (!edited) return new Map(rows.map((r) => [r.ref, { priority: r.priority, order: r.order, startDelay: r.startDelay }]));
    const m = new Map(edited);
    for (const r of rows) if (!m.has(r.ref)) m.set(r.ref, { priority: r.priority === 'restart' && agility.get(r.ref)?.state !== 'agile' ? 'best-effort' : r.priority, order: r.order, startDelay: r.startDelay });
    for (const ref of [...m.keys()]) if (!rows.some((r) => r.ref === ref)) m.delete(ref);
    return m;
  }, [edited, rows, agility]);

  const config = useMemo(() => (edited ? hypotheticalConfig(settings) : null), [edited, settings]);
  const { max, error: maxError } = useHypotheticalMax(connectionId, config);

  const pool = useApp((s) => s.objects.get(connectionId)?.get('pool')?.get(poolRef));
  const [ntol, setNtol] = useState<string | null>(null);
  useEffect(() => {
    if (ntol !== null || max === null) return;
    setNtol(String(initialFailures(pool?.ha_enabled === true, Number(pool?.ha_host_failures_to_tolerate ?? 0), max)));
  }, [max, ntol, pool]);

  const onChange = (ref: string, patch: Partial<HaVmSettings>) => setEdited((cur) => {
    const m = new Map(cur ?? settings);
    const s = m.get(ref);
    if (s) m.set(ref, { ...s, ...patch });
    return m;
  });
  // Changes are judged against the VMs as they are now on the server.
  const changes = useMemo(() => prioritiesDiff(rows, settings), [rows, settings]);
  const hosts = useApp((s) => s.objects.get(connectionId)?.get('host')?.size ?? 0);
  return { rows, agility, agilityKnown, settings, onChange, ntol: ntol ?? '', setNtol, max, maxError, changes, hosts, ready: edited !== null };
}
