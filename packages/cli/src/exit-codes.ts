// The CLI's exit codes, one meaning each, so a pipeline can tell a broken policy from a broken
// server: 1 is the policy folder's fault, 2 the command line's, 3 the server's or the credential's.

/** Every exit code `precept` ends with. */
export const EXIT = {
  /** Everything worked (and, for `validate` / `test`, every file is valid and every test passed). */
  ok: 0,
  /** A file does not validate, a test case fails, or (`diff --exit-code`) the folder differs from the server. */
  failed: 1,
  /** The command line is wrong: unknown command or option, missing argument, missing setting. */
  usage: 2,
  /** The server refused or could not be reached: unauthenticated, forbidden, conflict, unavailable. */
  server: 3,
} as const;

/** One of {@link EXIT}'s values. */
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/**
 * An error that ends the command with a given exit code and a message for stderr (no stack trace:
 * every failure a user can cause says what to change).
 *
 * @example
 * throw new CliError(EXIT.usage, 'PRECEPT_URL is not set: export it or run `precept login --url …`');
 */
export class CliError extends Error {
  override readonly name = 'CliError';
  readonly exitCode: ExitCode;
  /** Further lines (issues, hints) printed under the message. */
  readonly details: readonly string[];

  constructor(exitCode: ExitCode, message: string, details: readonly string[] = []) {
    super(message);
    this.exitCode = exitCode;
    this.details = details;
  }
}
