// Structured logs: one JSON object per line on stdout (errors on stderr), so a log shipper can
// read them without parsing prose.

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

const RANK: Record<LogLevel | 'silent', number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };

function serialize(value: unknown): unknown {
  if (value instanceof Error) {
    const cause = (value as { cause?: unknown }).cause;
    return {
      name: value.name,
      message: value.message,
      stack: value.stack,
      ...(cause === undefined ? {} : { cause: serialize(cause) }),
    };
  }
  return value;
}

/**
 * A JSON-lines logger writing lines at `level` or above; `write` defaults to stdout / stderr.
 *
 * @example
 * const log = createLogger('info');
 * log.info('listening', { port: 3000 }); // {"level":"info","time":"…","msg":"listening","port":3000}
 */
export function createLogger(
  level: LogLevel | 'silent',
  write: (line: string, level: LogLevel) => void = (line, lineLevel) =>
    (lineLevel === 'error' ? process.stderr : process.stdout).write(`${line}\n`),
  base: Record<string, unknown> = {},
): Logger {
  const threshold = RANK[level];
  const emit = (lineLevel: LogLevel, message: string, fields?: Record<string, unknown>): void => {
    if (RANK[lineLevel] < threshold) return;
    const record: Record<string, unknown> = {
      level: lineLevel,
      time: new Date().toISOString(),
      msg: message,
    };
    for (const [key, value] of Object.entries({ ...base, ...fields })) record[key] = serialize(value);
    let line: string;
    try {
      line = JSON.stringify(record);
    } catch {
      line = JSON.stringify({
        level: lineLevel,
        time: record.time,
        msg: message,
        note: 'unserializable fields',
      });
    }
    write(line, lineLevel);
  };
  return {
    debug: (message, fields) => emit('debug', message, fields),
    info: (message, fields) => emit('info', message, fields),
    warn: (message, fields) => emit('warn', message, fields),
    error: (message, fields) => emit('error', message, fields),
    child: (fields) => createLogger(level, write, { ...base, ...fields }),
  };
}
