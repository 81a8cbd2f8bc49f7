// Where a command writes: results to stdout, diagnostics and progress to stderr. Commands take an
// `Io` instead of touching `process`, so tests run them in-process and read what they printed.

/** A writable text stream (process.stdout / process.stderr or a test's buffer). */
export interface TextSink {
  write(text: string): unknown;
  /** True when the stream is a terminal (progress is shown only then). */
  isTTY?: boolean | undefined;
}

/** The process around a command: its output streams, environment, clock and working directory. */
export interface Io {
  stdout: TextSink;
  stderr: TextSink;
  env: Readonly<Record<string, string | undefined>>;
  /** Reads all of stdin (for `login --password-stdin`). */
  readStdin(): Promise<string>;
  now(): Date;
}

/** Progress of a long run: a counter line on stderr, shown only on a terminal and without --quiet. */
export interface Progress {
  /** Starts a phase of `total` steps. */
  start(label: string, total: number): void;
  /** One step done, naming what it worked on. */
  tick(item: string): void;
  /** Clears the progress line. */
  done(): void;
}

/**
 * A progress reporter on `stderr`: a single rewritten line (`[3/8] export service-targets`) when it
 * is a terminal and `quiet` is off; silent otherwise, so logs of a pipeline stay clean.
 */
export function createProgress(stderr: TextSink, quiet: boolean): Progress {
  const isShown = !quiet && stderr.isTTY === true;
  let label = '';
  let total = 0;
  let count = 0;
  return {
    start(nextLabel, nextTotal) {
      label = nextLabel;
      total = nextTotal;
      count = 0;
    },
    tick(item) {
      count += 1;
      if (isShown) stderr.write(`\r\x1b[2K[${count}/${total}] ${label} ${item}`);
    },
    done() {
      if (isShown && count > 0) stderr.write('\r\x1b[2K');
    },
  };
}
