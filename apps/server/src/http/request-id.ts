// Request ids: one per request, taken from a caller's (or proxy's) `x-request-id` when it is a
// sane token, otherwise made here; echoed in the response header, put in every error body and on
// every log line of the request, so a client's error report leads to the server's log lines.
import { randomUUID } from 'node:crypto';

/** The header a request id travels in, both ways. */
export const REQUEST_ID_HEADER = 'x-request-id';

/**
 * What an incoming id may be: 1–128 of letters, digits and `._:@+=/-` — enough for UUIDs, ULIDs,
 * W3C trace ids and base64 — and nothing that could forge a log field or a header.
 */
const SANE_REQUEST_ID = /^[A-Za-z0-9._:@+=/-]{1,128}$/;

/**
 * The id of a request: the incoming header when it is sane, else a fresh UUID.
 *
 * @example
 * requestIdOf('3f1c…') // '3f1c…'
 * requestIdOf('has spaces') // a new UUID
 */
export function requestIdOf(header: string | string[] | undefined): string {
  return typeof header === 'string' && SANE_REQUEST_ID.test(header) ? header : randomUUID();
}
