/**
 * Who the console acts as: the one place that knows how a request is authenticated. A password
 * sign-in leaves an httpOnly session cookie that the browser sends by itself (`method: 'password'`,
 * no headers); a server started with `PRECEPT_DEV_AUTH=1` also accepts the development actor header
 * (`method: 'dev-header'`). Everything else reads the session through {@link useSessionUser} or
 * {@link sessionHeaders}.
 */
import { ROLES, type Role } from '@precept/schema';
import { useSyncExternalStore } from 'react';

/** The signed-in person as the console knows them. */
export interface SessionUser {
  id: string;
  displayName: string;
  roles: Role[];
  /** How requests prove who this is: a development header, or the server's session cookie. */
  method: 'dev-header' | 'password';
}

/** The demo accounts the embedded demo database creates (their passwords are printed at first start). */
export const DEMO_USERNAMES: readonly { username: string; role: Role }[] = [
  { username: 'author', role: 'author' },
  { username: 'reviewer', role: 'reviewer' },
  { username: 'reviewer2', role: 'reviewer' },
  { username: 'auditor', role: 'auditor' },
  { username: 'admin', role: 'admin' },
  { username: 'admin2', role: 'admin' },
];

const STORAGE_KEY = 'precept.session';
/** Header naming the development actor. */
export const DEV_ACTOR_HEADER = 'x-precept-actor';
/** Header restricting the development actor's roles. */
export const DEV_ROLES_HEADER = 'x-precept-roles';

function isSessionUser(value: unknown): value is SessionUser {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.id === 'string' &&
    typeof v.displayName === 'string' &&
    Array.isArray(v.roles) &&
    v.roles.every((r) => (ROLES as readonly unknown[]).includes(r)) &&
    (v.method === 'dev-header' || v.method === 'password')
  );
}

function load(): SessionUser | null {
  try {
    const raw = globalThis.localStorage?.getItem(STORAGE_KEY);
    if (!raw) return null;
    const parsed: unknown = JSON.parse(raw);
    return isSessionUser(parsed) ? parsed : null;
  } catch {
    return null;
  }
}

let current: SessionUser | null = load();
const listeners = new Set<() => void>();

/** The current user, or null when signed out. */
export function getSessionUser(): SessionUser | null {
  return current;
}

/** Signs in as `user` (or out with null) and tells every subscriber. */
export function setSessionUser(user: SessionUser | null): void {
  current = user;
  try {
    if (user) globalThis.localStorage?.setItem(STORAGE_KEY, JSON.stringify(user));
    else globalThis.localStorage?.removeItem(STORAGE_KEY);
  } catch {
    // Storage may be refused; the session then lasts for this page.
  }
  for (const listener of listeners) listener();
}

/** The headers that authenticate a request as the current user (none for a cookie session). */
export function sessionHeaders(): Record<string, string> {
  if (!current || current.method !== 'dev-header') return {};
  return { [DEV_ACTOR_HEADER]: current.id, [DEV_ROLES_HEADER]: current.roles.join(',') };
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The current user, re-rendering on sign-in and sign-out. */
export function useSessionUser(): SessionUser | null {
  return useSyncExternalStore(subscribe, getSessionUser, getSessionUser);
}

/** True when the user holds any of the roles. */
export function hasRole(user: SessionUser | null, ...roles: Role[]): boolean {
  return user !== null && roles.some((role) => user.roles.includes(role));
}
