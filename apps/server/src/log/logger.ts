// Structured logs through pino: one JSON object per line — `level` as a word, `time` as an ISO
// instant, `msg`, then the fields — on stdout (errors on stderr), so a log shipper reads them
// without parsing prose. The server codes against the small `Logger` interface below, not pino.
import { pino, type DestinationStream, type Logger as PinoLogger } from 'pino';

/** Severity of a log line. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** A structured logger: a message and fields, written as one JSON line. */
export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  /** A logger that adds `fields` to every line. */
  child(fields: Record<string, unknown>): Logger;
}

let processStreams: DestinationStream | undefined;

/**
 * stdout for every line below `error`, stderr for errors, one pair per process. stdout is written
 * asynchronously — lines written while a write is in flight go out together, and a slow log
 * collector never blocks requests — and flushed when the process exits; errors are written
 * synchronously, so the line that explains a crash is out before it.
 */
function standardStreams(): DestinationStream {
  processStreams ??= pino.multistream(
    [
      { level: 'trace', stream: pino.destination({ dest: 1, sync: false }) },
      { level: 'error', stream: pino.destination({ dest: 2, sync: true }) },
    ],
    { dedupe: true },
  );
  return processStreams;
}

function wrap(logger: PinoLogger): Logger {
  return {
    debug: (message, fields) =>
      fields === undefined ? logger.debug(message) : logger.debug(fields, message),
    info: (message, fields) => (fields === undefined ? logger.info(message) : logger.info(fields, message)),
    warn: (message, fields) => (fields === undefined ? logger.warn(message) : logger.warn(fields, message)),
    error: (message, fields) =>
      fields === undefined ? logger.error(message) : logger.error(fields, message),
    child: (fields) => wrap(logger.child(fields)),
  };
}

/**
 * A JSON-lines logger writing lines at `level` or above to stdout / stderr, or — for tests and
 * embedding — to `write`, one line (without its newline) per call. An `error` field that holds an
 * Error is written with its type, message, stack and causes.
 *
 * @example
 * const log = createLogger('info');
 * log.info('listening', { port: 3000 }); // {"level":"info","time":"…","pid":…,"hostname":"…","msg":"listening","port":3000}
 */
export function createLogger(level: LogLevel | 'silent', write?: (line: string) => void): Logger {
  const destination: DestinationStream =
    write === undefined
      ? standardStreams()
      : { write: (chunk: string) => write(chunk.endsWith('\n') ? chunk.slice(0, -1) : chunk) };
  return wrap(
    pino(
      {
        level,
        timestamp: pino.stdTimeFunctions.isoTime,
        formatters: { level: (label) => ({ level: label }) },
        serializers: { error: pino.stdSerializers.errWithCause },
      },
      destination,
    ),
  );
}

/**
 * A child of `log` with `fields` that is only built when it first writes: a request's logger
 * costs nothing on the many requests that log nothing but their access line.
 */
export function lazyChild(log: Logger, fields: Record<string, unknown>): Logger {
  let child: Logger | undefined;
  const get = (): Logger => (child ??= log.child(fields));
  return {
    debug: (message, more) => get().debug(message, more),
    info: (message, more) => get().info(message, more),
    warn: (message, more) => get().warn(message, more),
    error: (message, more) => get().error(message, more),
    child: (more) => lazyChild(log, { ...fields, ...more }),
  };
}
