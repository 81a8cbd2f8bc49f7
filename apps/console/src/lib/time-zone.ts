// The business time zone the console shows dates in and means dates in: the server's
// `PRECEPT_TIME_ZONE` (from `system.info`, set once signed in), Asia/Shanghai until it is known.
// A date a person picks — a day of the decision log, an effective date — is a day in this zone, so a
// reviewer in London and one in Beijing mean the same day.
import { DEFAULT_TIME_ZONE, isTimeZone } from '@precept/schema';
import { useSyncExternalStore } from 'react';

let current = DEFAULT_TIME_ZONE;
const listeners = new Set<() => void>();

/** The business time zone now. */
export function getBusinessTimeZone(): string {
  return current;
}

/** Sets the business time zone (from `system.info`); an unknown name is ignored. */
export function setBusinessTimeZone(zone: string): void {
  if (zone === current || !isTimeZone(zone)) return;
  current = zone;
  for (const listener of listeners) listener();
}

/** The business time zone, re-rendering when it becomes known. */
export function useBusinessTimeZone(): string {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getBusinessTimeZone,
    getBusinessTimeZone,
  );
}
