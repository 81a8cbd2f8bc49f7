import type { JsonObject } from '@precept/schema';
import { fail, ok, type SdkResult } from '../sdk-error.js';
import type { Facts } from '../types.js';

/**
 * The facts as the server would receive them: their JSON form (`undefined` fields dropped, a `Date`
 * as its ISO string, `NaN` as null), so that local, in-memory and remote evaluation see the same input,
 * and a queued decision report keeps a copy the caller can no longer change. Not an object, or not
 * JSON (a cycle, a BigInt) → `VALIDATION` at `path`, as the server's input schema would answer.
 */
export function toFactsJson(facts: Facts, path = '$.facts'): SdkResult<JsonObject> {
  const refuse = (message: string) =>
    fail('VALIDATION', `${path} ${message}`, { issues: [{ path, code: 'type', message }] });
  if (typeof facts !== 'object' || facts === null || Array.isArray(facts))
    return refuse('must be an object of facts');
  let text: string;
  try {
    text = JSON.stringify(facts);
  } catch (error) {
    return refuse(`must be JSON: ${error instanceof Error ? error.message : 'not serialisable'}`);
  }
  const parsed = JSON.parse(text) as unknown;
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    return refuse('must be an object of facts');
  return ok(parsed as JsonObject);
}

/** {@link toFactsJson} of every fact set of a batch; the first that is not JSON fails the batch. */
export function toFactSetsJson(factSets: readonly Facts[]): SdkResult<JsonObject[]> {
  const out: JsonObject[] = [];
  for (const [index, facts] of factSets.entries()) {
    const json = toFactsJson(facts, `$.factSets[${index}]`);
    if (!json.ok) return json;
    out.push(json.value);
  }
  return ok(out);
}
