// A VM's (or a host's control domain's) graphical console: noVNC over the bridge's console
// stream, with a compact toolbar, a state overlay and automatic reconnection. Used by the Console
// tab and by the console-only window (#console/<connectionId>/<ref>).
import RFB from '@novnc/novnc';
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { ErrorInfo } from '../../../../shared/ipc/contract';
import { toErrorInfo } from '../../bridge/types';
import { commandById } from '../../framework/registry';
import { commandState } from '../../framework/availability';
import { useBridge } from '../../framework/bridge-context';
import { Menu } from '../../ui/Menu';
import { useRunCommand } from '../../framework/use-commands';
import { useApp } from '../../state';
import { errorText } from '../../xapi-model/errors';
import { comboEvents, keystrokeEvents, SPECIAL_KEYS, textToKeystrokes } from './keysyms';
import { PasteDialog } from './PasteDialog';
import { pickConsole, type ConsolePick } from './pick';
import { screenshotName } from './screenshot-name';
import { consoleHash, consoleKey, dockBack, markUndocked, useUndocked } from './undock';

export type ConsoleState = 'connecting' | 'connected' | 'not-running' | 'reconnecting' | 'error' | 'undocked';

/** Pause between typed characters: fast enough to be useful, slow enough that guests keep up. */
export const KEY_INTERVAL_MS = 20;
/** First retry after a lost connection; doubles on each failure up to MAX_RETRY_MS. */
const FIRST_RETRY_MS = 250;
const MAX_RETRY_MS = 8000;
/** After this many failures in a row the error is shown (retries go on). */
const SHOW_ERROR_AFTER = 3;

interface ConnState { consoleRef: string | null; state: 'connecting' | 'connected' | 'reconnecting' | 'error'; error?: ErrorInfo }

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

interface Props {
  connectionId: string;
  /** 'vm' or 'host'. */
  cls: string;
  objRef: string;
  /** The console-only window: no Undock; "Dock back" closes the window. */
  standalone?: boolean;
}

export function ConsoleView({ connectionId, cls, objRef, standalone = false }: Props) {
  const bridge = useBridge();
  const run = useRunCommand();
  const pickJson = useApp((s) => JSON.stringify(pickConsole(s, connectionId, cls, objRef)));
  const pick = useMemo(() => JSON.parse(pickJson) as ConsolePick, [pickJson]);
  // Through commandState, as the menus: never offered while the server is not connected (an undocked console too).
  const can = (id: string, s: Parameters<typeof commandState>[2]): boolean => {
    const cmd = commandById(id);
    return !!cmd && !!pick.vmRef && !pick.isHost && commandState(cmd, [{ connectionId, cls: 'vm', ref: pick.vmRef }], s).enabled;
  };
  const canStart = useApp((s) => can('vm.start', s));
  const canResume = useApp((s) => can('vm.resume', s));
  /** Why Start / Resume is greyed, in words (the command's reason). */
  const whyNot = useApp((s) => {
    const cmd = commandById(pick.powerState === 'Suspended' ? 'vm.resume' : 'vm.start');
    return cmd && pick.vmRef ? commandState(cmd, [{ connectionId, cls: 'vm', ref: pick.vmRef }], s).reason : undefined;
  });
  const key = consoleKey(connectionId, objRef);
  const undockedElsewhere = useUndocked(key) && !standalone;

  const [conn, setConn] = useState<ConnState>({ consoleRef: null, state: 'connecting' });
  const [attempt, setAttempt] = useState(0);
  const [scaled, setScaled] = useState(true);
  const [fullscreen, setFullscreen] = useState(false);
  const [focused, setFocused] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [menuOpen, setMenuOpen] = useState(false);
  const [pasteOpen, setPasteOpen] = useState(false);

  const regionRef = useRef<HTMLElement>(null);
  const screenRef = useRef<HTMLDivElement>(null);
  const rfbRef = useRef<RFB | null>(null);
  const scaledRef = useRef(scaled);
  const failures = useRef(0);
  const lastRef = useRef<string | null>(null);
  const everConnected = useRef(false);
  const noticeTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const showNotice = useCallback((text: string) => {
    setNotice(text);
    clearTimeout(noticeTimer.current);
    noticeTimer.current = setTimeout(() => setNotice(null), 3500);
  }, []);
  useEffect(() => () => clearTimeout(noticeTimer.current), []);

  const consoleRef = pick.consoleRef;

  // Connect whenever there is a console to show; a new console record (the VM rebooted or
  // started) re-runs this at once; a lost connection retries with a short backoff.
  useEffect(() => {
    const target = screenRef.current;
    if (undockedElsewhere || !consoleRef || !target) return;
    if (lastRef.current !== consoleRef) { lastRef.current = consoleRef; failures.current = 0; }
    let cancelled = false;
    let rfb: RFB | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const again = everConnected.current || failures.current > 0;
    // While retries keep failing the error stays up (no flicker back to "Reconnecting…" per attempt).
    setConn((prev) => (prev.consoleRef === consoleRef && prev.state === 'error' ? prev : { consoleRef, state: again ? 'reconnecting' : 'connecting' }));

    const retryLater = (error?: ErrorInfo) => {
      if (cancelled) return;
      const n = ++failures.current;
      const delay = Math.min(FIRST_RETRY_MS * 2 ** (n - 1), MAX_RETRY_MS);
      setConn({ consoleRef, state: error && n >= SHOW_ERROR_AFTER ? 'error' : 'reconnecting', error });
      timer = setTimeout(() => setAttempt((a) => a + 1), delay);
    };

    bridge.request('console.open', { connectionId, consoleRef }).then(({ streamId }) => {
      if (cancelled) { bridge.request('console.close', { streamId }).catch(() => { /* gone */ }); return; }
      if (!bridge.openConsoleSocket) throw Object.assign(new Error('This window cannot show consoles.'), { code: 'CONSOLE_UNSUPPORTED' });
      const socket = bridge.openConsoleSocket(streamId);
      const r = new RFB(target, socket as unknown as WebSocket, { shared: true });
      rfb = r;
      rfbRef.current = r;
      r.scaleViewport = scaledRef.current;
      r.resizeSession = false;
      r.clipViewport = false;
      r.focusOnClick = true;
      r.background = '#0b0f17';
      r.addEventListener('connect', () => {
        if (cancelled) return;
        failures.current = 0;
        everConnected.current = true;
        setConn({ consoleRef, state: 'connected' });
      });
      r.addEventListener('disconnect', (e) => {
        if (rfbRef.current === r) rfbRef.current = null;
        rfb = null;
        if (cancelled) return;
        retryLater(e.detail.clean ? undefined : { code: 'CONSOLE_DISCONNECTED', params: [], message: 'The connection to the console was lost' });
      });
      r.addEventListener('securityfailure', (e) => {
        if (cancelled) return;
        failures.current = SHOW_ERROR_AFTER;
        setConn({ consoleRef, state: 'error', error: { code: 'CONSOLE_SECURITY_FAILURE', params: [String(e.detail.status)], message: e.detail.reason || 'The console refused the connection' } });
      });
      r.addEventListener('clipboard', (e) => {
        const text = e.detail.text;
        if (!text) return;
        navigator.clipboard?.writeText(text).then(
          () => showNotice("Copied from the VM's clipboard"),
          () => showNotice("The VM's clipboard could not be copied (no permission)"),
        );
      });
    }).catch((err: unknown) => retryLater(toErrorInfo(err)));

    return () => {
      cancelled = true;
      clearTimeout(timer);
      if (rfbRef.current === rfb) rfbRef.current = null;
      if (rfb) { try { rfb.disconnect(); } catch { /* already closed */ } }
    };
  }, [bridge, connectionId, consoleRef, attempt, undockedElsewhere, showNotice]);

  useEffect(() => {
    scaledRef.current = scaled;
    if (rfbRef.current) rfbRef.current.scaleViewport = scaled;
  }, [scaled]);

  useEffect(() => {
    const onChange = () => {
      const fs = document.fullscreenElement === regionRef.current && regionRef.current !== null;
      setFullscreen(fs);
      if (!fs) (navigator as Navigator & { keyboard?: { unlock?(): void } }).keyboard?.unlock?.();
    };
    document.addEventListener('fullscreenchange', onChange);
    return () => document.removeEventListener('fullscreenchange', onChange);
  }, []);

  const running = pick.powerState === 'Running' || pick.powerState === 'Paused';
  let state: ConsoleState;
  let error: ErrorInfo | undefined;
  if (undockedElsewhere) state = 'undocked';
  else if (!pick.vmRef) {
    state = 'error';
    error = pick.isHost
      ? { code: 'CONTROL_DOMAIN_NOT_FOUND', params: [], message: "The host's control domain is not known" }
      : { code: 'HANDLE_INVALID', params: [], message: 'The VM no longer exists' };
  } else if (!consoleRef) {
    if (running) { state = 'error'; error = { code: 'CONSOLE_NOT_FOUND', params: [], message: 'This VM has no graphical console' }; }
    else state = 'not-running';
  } else if (conn.consoleRef !== consoleRef) state = everConnected.current ? 'reconnecting' : 'connecting';
  else { state = conn.state; error = conn.error; }

  const connected = state === 'connected';
  const rfbNow = () => rfbRef.current;
  const refocus = () => rfbRef.current?.focus({ preventScroll: true });

  const statusText: Record<ConsoleState, string> = {
    connecting: 'Connecting…',
    connected: 'Connected',
    'not-running': pick.isHost ? 'The control domain is not running' : 'The VM is not running',
    reconnecting: 'Reconnecting…',
    error: error ? `Could not connect: ${errorText(error)}` : 'Could not connect',
    undocked: 'The console is open in its own window',
  };

  const sendCombo = (keys: Parameters<typeof comboEvents>[0]) => {
    const r = rfbNow();
    if (!r) return;
    for (const [ks, code, down] of comboEvents(keys)) r.sendKey(ks, code, down);
    refocus();
  };

  const typeText = async (text: string, onProgress: (done: number, total: number) => void, signal: AbortSignal) => {
    const strokes = textToKeystrokes(text);
    onProgress(0, strokes.length);
    for (let i = 0; i < strokes.length; i++) {
      if (signal.aborted) return;
      const r = rfbNow();
      if (!r) throw new Error('The console is not connected.');
      for (const [ks, down] of keystrokeEvents(strokes[i])) r.sendKey(ks, null, down);
      onProgress(i + 1, strokes.length);
      await sleep(KEY_INTERVAL_MS);
    }
  };

  const screenshot = () => {
    const r = rfbNow();
    if (!r) return;
    const a = document.createElement('a');
    a.href = r.toDataURL('image/png');
    a.download = screenshotName(pick.name);
    document.body.appendChild(a);
    a.click();
    a.remove();
  };

  const toggleFullscreen = () => {
    if (document.fullscreenElement) { void document.exitFullscreen().catch(() => {}); return; }
    const el = regionRef.current;
    if (!el?.requestFullscreen) return;
    el.requestFullscreen().then(() => {
      // Keys such as Escape and Alt+Tab go to the VM while fullscreen (hold Escape to leave).
      void (navigator as Navigator & { keyboard?: { lock?(): Promise<void> } }).keyboard?.lock?.().catch(() => {});
      refocus();
    }, () => showNotice('Fullscreen is not allowed here'));
  };

  const undock = async () => {
    try {
      const { undocked } = await bridge.request('console.undock', { connectionId, ref: objRef });
      if (undocked) { markUndocked(key); return; }
    } catch {
      /* fall back to a browser window */
    }
    const w = window.open(`${window.location.pathname}${window.location.search}${consoleHash(connectionId, objRef)}`, `console-${key}`, 'popup,width=1040,height=820');
    if (w) markUndocked(key, w);
    else showNotice('The browser blocked the console window');
  };

  const dock = () => {
    if (standalone) window.close();
    else dockBack(key);
  };

  const startVm = () => {
    if (!pick.vmRef) return;
    const cmd = commandById(pick.powerState === 'Suspended' ? 'vm.resume' : 'vm.start');
    if (cmd) run(cmd, [{ connectionId, cls: 'vm', ref: pick.vmRef }]);
  };

  let overlay: ReactNode = null;
  if (state === 'connecting' || state === 'reconnecting') {
    overlay = (
      <>
        <div className="console-spinner" aria-hidden="true" />
        <p className="console-overlay-title">{statusText[state]}</p>
        {state === 'reconnecting' && error ? <p className="console-overlay-detail">{errorText(error)}</p> : null}
      </>
    );
  } else if (state === 'not-running') {
    const suspended = pick.powerState === 'Suspended';
    overlay = (
      <>
        <p className="console-overlay-title">{statusText[state]}</p>
        <p className="console-overlay-detail">
          {pick.isHost ? 'The console appears when the host is up.' : `Its console appears when it is ${suspended ? 'resumed' : 'started'}.`}
        </p>
        {!pick.isHost ? (
          <button type="button" className="primary" onClick={startVm} disabled={suspended ? !canResume : !canStart}
            title={(suspended ? canResume : canStart) ? undefined : whyNot}>
            {suspended ? 'Resume' : 'Start'}
          </button>
        ) : null}
      </>
    );
  } else if (state === 'error') {
    overlay = (
      <>
        <p className="console-overlay-title">Could not connect to the console</p>
        {error ? <p className="console-overlay-detail">{errorText(error)}</p> : null}
        {consoleRef ? <button type="button" onClick={() => { failures.current = 0; setAttempt((a) => a + 1); }}>Retry</button> : null}
      </>
    );
  } else if (state === 'undocked') {
    overlay = (
      <>
        <p className="console-overlay-title">{statusText[state]}</p>
        <button type="button" onClick={dock}>Dock back</button>
      </>
    );
  }

  const hint = !connected ? '' : focused
    ? `Keys go to the ${pick.isHost ? 'host' : 'VM'}. ${fullscreen ? 'Hold Esc to leave fullscreen.' : 'Click outside the console to release the keyboard.'}`
    : `Click the console to type into the ${pick.isHost ? 'host' : 'VM'}`;

  return (
    <section
      ref={regionRef}
      className={`console-region${fullscreen ? ' fullscreen' : ''}`}
      aria-label={`Console of ${pick.name}`}
      data-console-state={state}
    >
      <div className="console-toolbar" role="toolbar" aria-label="Console">
        {standalone ? <span className="ctb-title" title={pick.name}>{pick.name}</span> : null}
        <button type="button" className="ctb-button" disabled={!connected} title={connected ? undefined : 'The console is not connected'} onClick={() => sendCombo([{ keysym: 0xffe3, code: 'ControlLeft' }, { keysym: 0xffe9, code: 'AltLeft' }, { keysym: 0xffff, code: 'Delete' }])}>
          Send Ctrl+Alt+Del
        </button>
        <div className="ctb-menu-slot">
          <button type="button" className="ctb-button" disabled={!connected} title={connected ? undefined : 'The console is not connected'} aria-haspopup="menu" aria-expanded={menuOpen} onClick={() => setMenuOpen((o) => !o)}>
            Special keys <span aria-hidden="true" className="ctb-caret">▾</span>
          </button>
          {menuOpen ? (
            <Menu
              label="Special keys"
              className="dropdown console-keys-menu"
              items={SPECIAL_KEYS.map((k, i) => ({ id: k.id, label: k.label, separatorBefore: i === 12, onSelect: () => sendCombo(k.keys) }))}
              onClose={() => setMenuOpen(false)}
            />
          ) : null}
        </div>
        <button type="button" className="ctb-button" disabled={!connected} title={connected ? undefined : 'The console is not connected'} onClick={() => setPasteOpen(true)}>Paste as keystrokes</button>
        <span className="ctb-sep" aria-hidden="true" />
        <button type="button" className="ctb-button" disabled={!connected} title={connected ? undefined : 'The console is not connected'} onClick={screenshot}>Screenshot</button>
        <div className="ctb-status" role="status" data-state={state}>
          <span className="ctb-dot" aria-hidden="true" />
          <span className="ctb-status-text">{statusText[state]}</span>
        </div>
        <button type="button" className="ctb-button" disabled={state === 'undocked' || state === 'not-running'} onClick={() => { setScaled((v) => !v); refocus(); }}>
          {scaled ? 'Actual size' : 'Scale to fit'}
        </button>
        <button type="button" className="ctb-button" aria-pressed={fullscreen} disabled={state === 'undocked'} onClick={toggleFullscreen}>Fullscreen</button>
        {standalone || state === 'undocked'
          ? <button type="button" className="ctb-button" onClick={dock}>Dock back</button>
          : <button type="button" className="ctb-button" onClick={() => void undock()}>Undock</button>}
      </div>
      <div className={`console-stage${focused ? ' focused' : ''}`}>
        <div
          ref={screenRef}
          className={`console-screen${scaled ? ' scaled' : ''}`}
          data-console-screen=""
          onFocus={() => setFocused(true)}
          onBlur={() => setFocused(false)}
          hidden={state === 'undocked' || state === 'not-running'}
        />
        {overlay ? <div className={`console-overlay state-${state}`}>{overlay}</div> : null}
      </div>
      <div className="console-footer">
        <span className="console-hint">{hint}</span>
        {notice ? <span className="console-notice" role="note">{notice}</span> : null}
      </div>
      {pasteOpen ? (
        <PasteDialog
          onClose={() => { setPasteOpen(false); setTimeout(refocus, 0); }}
          typeText={typeText}
        />
      ) : null}
    </section>
  );
}
