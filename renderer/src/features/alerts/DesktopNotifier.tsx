// Desktop notifications, when the user turned them on (main's settings): each new critical or major
// alert and each failed task raises one through the web Notification API (Electron shows it as a
// system notification; so does a browser). Nothing for what a server held when it was connected.
import { useEffect, useRef } from 'react';
import { appStore } from '../../state';
import { useBridge } from '../../framework/bridge-context';
import { useAlertsUi } from './alerts-ui';
import { newWatch, notesSince } from './notify-watch';

/** At most this many notifications at once: a storm of alerts is one line saying how many more. */
const BURST = 3;

export function DesktopNotifier() {
  const bridge = useBridge();
  const watch = useRef(newWatch());

  useEffect(() => {
    bridge.request('settings.notifications', {}).then((n) => useAlertsUi.setState({ desktop: n.desktop }), () => { /* unreadable: stay off */ });
  }, [bridge]);

  useEffect(() => {
    // Watched always, so turning notifications on does not announce what happened while they were off.
    const look = () => {
      const notes = notesSince(watch.current, appStore.getState(), Date.now());
      if (!notes.length || !useAlertsUi.getState().desktop) return;
      if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
      for (const n of notes.slice(0, BURST)) new Notification(n.title, { body: n.body, tag: n.tag });
      if (notes.length > BURST) new Notification(`${notes.length - BURST} more alerts and failed tasks`, { body: 'See the Alerts and Events panels.' });
    };
    look();
    return appStore.subscribe((s, prev) => { if (s.messageVersion !== prev.messageVersion || s.taskVersion !== prev.taskVersion || s.loading !== prev.loading) look(); });
  }, []);

  return null;
}

/** Turns desktop notifications on (asking the system's permission first) or off; returns the problem, if any. */
export async function setDesktopNotifications(bridge: ReturnType<typeof useBridge>, on: boolean): Promise<string | undefined> {
  if (on) {
    if (typeof Notification === 'undefined') return 'This window cannot show desktop notifications';
    const permission = Notification.permission === 'granted' ? 'granted' : await Notification.requestPermission();
    if (permission !== 'granted') return 'Desktop notifications were not allowed by the system';
  }
  const saved = await bridge.request('settings.setNotifications', { desktop: on });
  useAlertsUi.setState({ desktop: saved.desktop });
  return undefined;
}
