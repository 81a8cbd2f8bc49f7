// The Node.js flags the server runs with, wherever it is started: `pnpm start` (the package's start
// script), the container image (the Dockerfile's CMD) and the benchmarks' server processes. A test
// keeps the three in step.
//
// --max-semi-space-size=64: V8's young generation may grow to 3 × 64 MiB instead of 3 × 16 MiB. A
// large request (an evidence export of a day: ~2,500 decisions rebuilt, canonicalised, hashed and
// signed in one go) allocates tens of megabytes that live for that request; with the default the
// scavenger runs and copies them again and again (a fifth of an export's CPU). Measured on the
// one-day export at 10 million rows: p50 150 ms instead of 167, p95 178 instead of 200
// (docs/benchmarks.md). The cost is up to ~150 MiB more young-generation memory at peak.

/** Node.js flags of the server process, in the order they are passed. */
export const SERVER_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=64'];
