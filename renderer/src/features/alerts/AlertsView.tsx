// The Alerts view (XenCenter's Notifications > Alerts, AlertSummaryPage): every XAPI message of the
// connected servers, newest first, live; filters by location, severity, date and text; Dismiss,
// Dismiss All (the shown alerts), Copy and Export. The list is virtualised: a pool keeps up to
// 10,000 messages.
import { useEffect, useMemo, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { appStore, useApp } from '../../state';
import { useUi } from '../../state/ui';
import { useBridge } from '../../framework/bridge-context';
import { commandState, commandTargets, serverName } from '../../framework/availability';
import { noteOutcomes } from '../../framework/run-command';
import type { Selection } from '../../framework/command';
import { errorText } from '../../xapi-model/errors';
import { downloadText } from '../../ui/download';
import { copyText } from '../../ui/clipboard';
import { Dialog } from '../../ui/Dialog';
import { useAlerts } from './use-alerts';
import { useAlertsUi } from './alerts-ui';
import { SEVERITY_WORDS, type Alert } from './alert-text';
import { alertCopyLine, alertDate, alertsCsv } from './alert-csv';
import { filterAlerts, isFiltered, objectScope } from './filters';
import { AlertFilterBar } from './AlertFilterBar';
import { DISMISS_ALERTS_COMMAND, dismissMessages } from './dismiss';
import { SeverityIcon } from './SeverityIcon';
import { setDesktopNotifications } from './DesktopNotifier';
import { toErrorInfo } from '../../bridge/types';
import './alerts.css';

const ROW_HEIGHT = 44;

const asSelection = (alerts: readonly Alert[]): Selection => alerts.map((a) => ({ connectionId: a.connectionId, cls: 'message', ref: a.ref }));

/**
 * Whether the alerts can be dismissed, judged on one alert per server (the role and the connection are
 * the server's): enabled when some server allows it, with the reason when none does; and the alerts of
 * the servers that allow it.
 */
function dismissable(alerts: readonly Alert[]): { enabled: boolean; reason?: string; targets: Alert[] } {
  if (alerts.length === 0) return { enabled: false, reason: 'There are no system alerts available to dismiss.', targets: [] };
  const s = appStore.getState();
  const perServer = new Map<string, Alert>();
  for (const a of alerts) if (!perServer.has(a.connectionId)) perServer.set(a.connectionId, a);
  const reps = asSelection([...perServer.values()]);
  const st = commandState(DISMISS_ALERTS_COMMAND, reps, s);
  if (!st.enabled) return { enabled: false, reason: st.reason, targets: [] };
  const allowed = new Set(commandTargets(DISMISS_ALERTS_COMMAND, reps, s).map((t) => t.connectionId));
  return { enabled: true, targets: alerts.filter((a) => allowed.has(a.connectionId)) };
}

interface Question { alerts: Alert[]; all: boolean }

export function AlertsView() {
  const bridge = useBridge();
  const { alerts, list } = useAlerts();
  const filters = useAlertsUi((s) => s.filters);
  const selected = useAlertsUi((s) => s.selected);
  const focus = useAlertsUi((s) => s.focus);
  const select = useAlertsUi((s) => s.select);
  const pushAlert = useUi((s) => s.pushAlert);
  const desktop = useAlertsUi((s) => s.desktop);
  const reveal = useUi((s) => s.reveal);
  // The date filter's "last 24 hours" moves with the clock: a minute's precision is enough.
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => { const t = setInterval(() => setNow(Date.now()), 60_000); return () => clearInterval(t); }, []);
  // "Selected objects only" follows the tree's selection (and a server's control domain: a tree change).
  const treeSelection = useUi((s) => s.selection);
  const treeVersion = useApp((s) => s.treeVersion);
  const scope = useMemo(() => {
    void treeVersion;
    return filters.selectedOnly ? objectScope(treeSelection, appStore.getState()) : undefined;
  }, [filters.selectedOnly, treeSelection, treeVersion]);
  const shown = useMemo(() => filterAlerts(alerts, filters, now, scope), [alerts, filters, now, scope]);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const [question, setQuestion] = useState<Question | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const scrollRef = useRef<HTMLDivElement>(null);

  // Roles and connections change the buttons' state: re-judge on any connection change.
  const connections = useApp((s) => s.connections);
  const chosen = useMemo(() => shown.filter((a) => selected.has(a.key)), [shown, selected]);
  const dismissState = useMemo(() => { void connections; return dismissable(chosen); }, [chosen, connections]);
  const dismissAllState = useMemo(() => { void connections; return dismissable(shown); }, [shown, connections]);

  // Alerts that went (dismissed here or by another client) leave the selection.
  // Looked up in the list, not by a set of ten thousand keys made on every new message.
  useEffect(() => {
    void alerts;
    if (selected.size === 0) return;
    const kept = [...selected].filter((k) => list.has(k));
    if (kept.length !== selected.size) select(kept, focus && list.has(focus) ? focus : kept[0] ?? null);
  }, [alerts, list, selected, focus, select]);

  const virtualizer = useVirtualizer({
    count: shown.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    getItemKey: (i) => shown[i]?.key ?? i,
  });

  const focusIndex = focus ? shown.findIndex((a) => a.key === focus) : -1;

  const dismiss = async (targets: Alert[], all: boolean) => {
    setQuestion(null);
    setBusy(`Dismissing ${targets.length} alert${targets.length === 1 ? '' : 's'}…`);
    try {
      const failures = await dismissMessages(bridge, asSelection(targets), (n) => setBusy(`Dismissing alerts… ${n} of ${targets.length}`));
      if (failures.length === 0) return;
      if (!all && targets.length === 1) {
        noteOutcomes(failures.map((f) => ({ target: f.target, title: 'Dismissing alert', error: f.error })), appStore, pushAlert);
        return;
      }
      // Several failed the same way, as a rule (a role, a lost server): say it once, with how many.
      const first = failures[0].error;
      pushAlert(`${targets.length - failures.length} of ${targets.length} alerts were dismissed; ${failures.length} could not be: ${errorText(first)}`);
    } finally {
      setBusy(null);
    }
  };

  const askDismissSelected = () => { if (dismissState.enabled) setQuestion({ alerts: dismissState.targets, all: false }); };
  const askDismissAll = () => { if (dismissAllState.enabled) setQuestion({ alerts: dismissAllState.targets, all: true }); };

  const copy = (list: Alert[]) => {
    if (list.length === 0) return;
    const text = list.map(alertCopyLine).join('\r\n');
    void copyText(text).then(
      () => pushAlert(list.length === 1 ? 'Alert copied to the clipboard' : `${list.length} alerts copied to the clipboard`, 'info'),
      () => pushAlert('The clipboard could not be written to'),
    );
  };

  const exportCsv = () => {
    const stamp = new Date().toISOString().slice(0, 10);
    downloadText(`alerts-${stamp}.csv`, alertsCsv(shown), 'text/csv');
  };

  const moveTo = (index: number, extend: boolean) => {
    const i = Math.max(0, Math.min(shown.length - 1, index));
    const a = shown[i];
    if (!a) return;
    if (extend && focusIndex >= 0) {
      const anchor = shown.findIndex((x) => selected.has(x.key) && x.key !== focus);
      const from = anchor >= 0 ? anchor : focusIndex;
      const [lo, hi] = from < i ? [from, i] : [i, from];
      select(shown.slice(lo, hi + 1).map((x) => x.key), a.key);
    } else select([a.key], a.key);
    virtualizer.scrollToIndex(i);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? ROW_HEIGHT * 5) / ROW_HEIGHT) - 1);
    const at = focusIndex < 0 ? -1 : focusIndex;
    const keys: Record<string, () => void> = {
      ArrowDown: () => moveTo(at + 1, e.shiftKey),
      ArrowUp: () => moveTo(at < 0 ? 0 : at - 1, e.shiftKey),
      PageDown: () => moveTo(at + page, e.shiftKey),
      PageUp: () => moveTo(at - page, e.shiftKey),
      Home: () => moveTo(0, e.shiftKey),
      End: () => moveTo(shown.length - 1, e.shiftKey),
      Delete: askDismissSelected,
      Enter: () => { if (focus) toggleExpanded(focus); },
    };
    if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'a') { e.preventDefault(); select(shown.map((a) => a.key), focus ?? shown[0]?.key ?? null); return; }
    if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'c') { e.preventDefault(); copy(chosen); return; }
    const act = keys[e.key];
    if (act) { e.preventDefault(); act(); }
  };

  const toggleExpanded = (key: string) => setExpanded((prev) => {
    const next = new Set(prev);
    if (!next.delete(key)) next.add(key);
    return next;
  });

  const onRowClick = (e: MouseEvent, a: Alert, index: number) => {
    if (e.ctrlKey || e.metaKey) {
      const next = new Set(selected);
      if (!next.delete(a.key)) next.add(a.key);
      select(next, a.key);
    } else if (e.shiftKey && focusIndex >= 0) {
      const [lo, hi] = focusIndex < index ? [focusIndex, index] : [index, focusIndex];
      select(shown.slice(lo, hi + 1).map((x) => x.key), a.key);
    } else select([a.key], a.key);
  };

  const filtered = isFiltered(filters);
  return (
    <div className="alerts-view">
      <div className="alerts-toolbar" role="toolbar" aria-label="Alerts">
        <AlertFilterBar alerts={alerts} />
        <span className="alerts-shown" role="status">
          {filtered ? `Showing ${shown.length} of ${alerts.length}` : `${alerts.length} alert${alerts.length === 1 ? '' : 's'}`}
        </span>
        <label className="alerts-notify" title="A desktop notification for each new critical or major alert and each failed task">
          <input type="checkbox" checked={desktop} onChange={(e) => {
            setDesktopNotifications(bridge, e.target.checked).then(
              (problem) => { if (problem) pushAlert(problem); },
              (err: unknown) => pushAlert(`Desktop notifications could not be saved: ${errorText(toErrorInfo(err))}`),
            );
          }} />
          Desktop notifications
        </label>
        <span className="alerts-actions">
          <button type="button" className="alerts-button" disabled={!dismissState.enabled || busy !== null} title={dismissState.reason} onClick={askDismissSelected}>Dismiss</button>
          <button type="button" className="alerts-button" disabled={!dismissAllState.enabled || busy !== null} title={dismissAllState.reason}
            onClick={askDismissAll}>{filtered ? 'Dismiss All Shown…' : 'Dismiss All…'}</button>
          <button type="button" className="alerts-button" disabled={chosen.length === 0} onClick={() => copy(chosen)}>Copy</button>
          <button type="button" className="alerts-button" disabled={shown.length === 0} onClick={exportCsv}>Export All…</button>
        </span>
      </div>
      {busy ? <div className="alerts-busy" role="status">{busy}</div> : null}
      <div className="alerts-head" aria-hidden="true">
        <span className="ac-sev">Severity</span><span className="ac-msg">Message</span><span className="ac-loc">Location</span><span className="ac-date">Date</span>
      </div>
      {shown.length === 0 ? (
        <p className="empty alerts-empty">{alerts.length === 0 ? 'There are no alerts.' : 'No alerts match the filters.'}</p>
      ) : (
        <div ref={scrollRef} className="alerts-scroll" role="grid" aria-label="Alerts list" aria-multiselectable="true" aria-rowcount={shown.length}
          tabIndex={0} onKeyDown={onKeyDown} aria-activedescendant={focus ? `alert-${focusIndex}` : undefined}>
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {virtualizer.getVirtualItems().map((v) => {
              const a = shown[v.index];
              const open = expanded.has(a.key);
              return (
                <div key={v.key} id={`alert-${v.index}`} ref={virtualizer.measureElement} data-index={v.index} role="row" aria-rowindex={v.index + 1}
                  aria-selected={selected.has(a.key)} data-message-ref={a.ref} data-priority={a.priority}
                  className={`alert-row${selected.has(a.key) ? ' selected' : ''}${focus === a.key ? ' focused' : ''}`}
                  style={{ transform: `translateY(${v.start}px)` }} onClick={(e) => onRowClick(e, a, v.index)}>
                  <span role="gridcell" className="ac-sev"><SeverityIcon priority={a.priority} /> {SEVERITY_WORDS[a.priority]}</span>
                  <span role="gridcell" className="ac-msg">
                    <button type="button" tabIndex={-1} className="alert-expand" aria-label={open ? 'Hide details' : 'Show details'} aria-expanded={open}
                      onClick={(e) => { e.stopPropagation(); toggleExpanded(a.key); }}>{open ? '▾' : '▸'}</button>
                    <span className="alert-text">
                      <span className="alert-title">{a.title}</span>
                      <span className={`alert-body${open ? ' open' : ''}`} title={open ? undefined : a.description}>{a.description}</span>
                    </span>
                  </span>
                  <span role="gridcell" className="ac-loc">
                    {a.object ? (
                      <button type="button" tabIndex={-1} className="alert-location" title={`Select ${a.object.name} in the tree`}
                        onClick={(e) => { e.stopPropagation(); reveal({ connectionId: a.connectionId, cls: a.object!.cls, ref: a.object!.ref }, null); }}>
                        {a.object.name}
                      </button>
                    ) : null}
                    <span className="alert-pool">{a.object && a.object.name === a.appliesTo ? '' : a.appliesTo}</span>
                  </span>
                  <span role="gridcell" className="ac-date">{alertDate(a.timestamp)}</span>
                </div>
              );
            })}
          </div>
        </div>
      )}
      {question ? (
        <Dialog title={question.all ? 'Dismiss All' : 'Dismiss Alerts'} role="alertdialog" onCancel={() => setQuestion(null)} describedBy="alerts-question">
          <p className="dialog-text" id="alerts-question">{questionText(question)}</p>
          <div className="dialog-buttons">
            <button type="button" className="danger" onClick={() => void dismiss(question.alerts, question.all)}>{question.all ? 'Dismiss All' : 'Dismiss'}</button>
            <button type="button" data-autofocus onClick={() => setQuestion(null)}>Cancel</button>
          </div>
        </Dialog>
      ) : null}
    </div>
  );
}

/** XenCenter's questions (ALERT_DISMISS_CONFIRM, ALERT_DISMISS_SELECTED_CONFIRM), with how many go and from where. */
function questionText(q: Question): string {
  const n = q.alerts.length;
  const servers = [...new Set(q.alerts.map((a) => serverName(appStore.getState(), a.connectionId)))];
  const where = servers.length === 1 ? servers[0] : `${servers.length} servers`;
  if (q.all) return `This operation will remove the ${n} alert${n === 1 ? '' : 's'} shown from ${where} permanently. Do you want to continue?`;
  if (n === 1) return 'Once a system alert is dismissed it will be removed from the server permanently. Do you want to continue?';
  return `This operation will remove the ${n} selected alerts from ${where} permanently. Do you want to continue?`;
}
