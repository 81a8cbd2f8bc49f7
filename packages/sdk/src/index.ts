// @precept/sdk: evaluate Precept policies from a business line's own systems — remotely through the
// server, locally from a downloaded bundle with the same evaluation code, or in memory for tests.
// Browser-safe: no `node:` modules here; the file-backed bundle store is in `@precept/sdk/node`.
export { createClient, CLIENT_DEFAULTS, type ClientOptions } from './remote/remote-client.js';
export {
  createInMemoryClient,
  type InMemoryClient,
  type InMemoryClientOptions,
  type InMemoryPolicy,
  type RecordedDecision,
} from './in-memory/in-memory-client.js';
export { LOCAL_DEFAULTS } from './local/local-evaluator.js';
export { DEFAULT_RETRY, type RetryOptions } from './transport/retry-policy.js';
export type { BundleStore } from './local/bundle-store.js';
export type { BundleRefusal, SdkError, SdkResult, TransportFailure } from './sdk-error.js';
export type {
  BatchItem,
  BundleChange,
  EvaluateOptions,
  Facts,
  LocalEvaluator,
  LocalEvent,
  LocalOptions,
  LocalStatus,
  PolicyDecision,
  PreceptClient,
  ReportStatus,
} from './types.js';
// The contract's own types, so a business line needs no second import for them.
export type {
  AppErrorCode,
  AppErrorData,
  Issue,
  Outcome,
  OutcomeOf,
  PolicyKind,
  Trace,
} from '@precept/schema';
