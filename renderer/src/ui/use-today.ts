// The current day for views that print times as "today" (time only) or with a date: re-renders
// them at midnight, so a time shown yesterday gains its date without waiting for another change.
import { useEffect, useState } from 'react';

/** A moment of the current day (Date.now() when the day began being shown). */
export function useToday(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const next = new Date(now);
    next.setHours(24, 0, 1, 0);
    const timer = setTimeout(() => setNow(Date.now()), Math.max(1000, next.getTime() - Date.now()));
    return () => clearTimeout(timer);
  }, [now]);
  return now;
}
