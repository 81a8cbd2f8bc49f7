// One bounded load run on loopback with autocannon: a fixed number of connections for a fixed time,
// request bodies rotated through a pool, every response checked against the outcome it must carry.
import autocannon from 'autocannon';

/** One request body and what its response must contain to count as right. */
export interface LoadCase {
  readonly body: string;
  /** Substrings the response body must contain (e.g. `"total":87,` and `"grade":"B"`). */
  readonly expect: readonly string[];
}

/** What to load and for how long. */
export interface LoadOptions {
  readonly url: string;
  readonly path: string;
  readonly headers?: Record<string, string>;
  readonly cases: readonly LoadCase[];
  readonly connections: number;
  readonly durationSeconds: number;
  /** When given, every response's latency (ms) is appended here (to merge several runs' percentiles). */
  readonly latencies?: number[];
}

/** The figures of one load run. */
export interface LoadResult {
  readonly requestsPerSec: number;
  readonly requests: number;
  /** Seconds the run lasted. */
  readonly seconds: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Connection errors and timeouts. */
  readonly errors: number;
  readonly non2xx: number;
  /** 2xx responses that did not carry the expected outcome. */
  readonly wrongOutcomes: number;
  /** The first wrong or failed response body, cut short, to say what went wrong. */
  readonly firstProblem: string | null;
}

interface CaseContext {
  current?: LoadCase;
}

/**
 * Runs one load test. Loopback only: refuses any URL whose host is not 127.0.0.1, ::1 or localhost.
 *
 * @example
 * const result = await runLoad({ url: 'http://127.0.0.1:3000', path: '/echo', cases, connections: 50, durationSeconds: 10 });
 */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const host = new URL(options.url).hostname;
  if (!['127.0.0.1', '[::1]', 'localhost'].includes(host)) {
    throw new Error(`load runs target loopback only, not ${host}`);
  }
  let next = 0;
  let wrongOutcomes = 0;
  let firstProblem: string | null = null;
  let finish: (error: unknown, result?: autocannon.Result) => void = () => undefined;
  const done = new Promise<autocannon.Result>((resolve, reject) => {
    finish = (error, result) => {
      if (result !== undefined && !error) resolve(result);
      else reject(error instanceof Error ? error : new Error(`autocannon failed: ${String(error)}`));
    };
  });
  const instance = autocannon(
    {
      url: options.url,
      connections: options.connections,
      duration: options.durationSeconds,
      timeout: 10,
      requests: [
        {
          method: 'POST',
          path: options.path,
          headers: { 'content-type': 'application/json', ...options.headers },
          setupRequest: (request, context) => {
            const chosen = options.cases[next % options.cases.length]!;
            next += 1;
            (context as CaseContext).current = chosen;
            return { ...request, body: chosen.body };
          },
          onResponse: (status, body, context) => {
            const chosen = (context as CaseContext).current;
            if (status < 200 || status >= 300) {
              firstProblem ??= `${status}: ${body.slice(0, 300)}`;
              return;
            }
            if (chosen !== undefined && !chosen.expect.every((part) => body.includes(part))) {
              wrongOutcomes += 1;
              firstProblem ??= `wrong outcome: ${body.slice(0, 300)}`;
            }
          },
        },
      ],
    },
    (error: unknown, result: autocannon.Result) => finish(error, result),
  );
  const latencies = options.latencies;
  if (latencies !== undefined) {
    instance.on('response', (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
  }
  const result = await done;
  return {
    requestsPerSec: result.requests.total / result.duration,
    requests: result.requests.total,
    seconds: result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors,
    non2xx: result.non2xx,
    wrongOutcomes,
    firstProblem,
  };
}
