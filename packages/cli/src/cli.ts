// The `precept` command line: commander parses it (subcommands, `--help` for each, unknown-option
// errors), each command runs with an `Io`, and every outcome becomes one of the exit codes of
// exit-codes.ts. Nothing here touches `process`: bin.ts passes it in. Commands are loaded when
// they run, so `--help` and usage errors answer without loading the rules core.
import { Command, CommanderError, Option } from 'commander';
import type { PasswordPrompt } from './commands/login.js';
import { CliError, EXIT, type ExitCode } from './exit-codes.js';
import type { Io } from './io.js';

/** The CLI's version, printed by `precept --version`. */
export const CLI_VERSION = '0.1.0';

const EXIT_CODES_HELP = `
Exit codes:
  0  success
  1  a file does not validate, a test case fails, or (diff --exit-code) the folder differs
  2  usage error: unknown command or option, missing argument or setting
  3  the server refused or could not be reached (authentication, role, conflict, network)

Environment:
  PRECEPT_URL                        the server, e.g. http://127.0.0.1:3000
  PRECEPT_TOKEN                      a session token (sent as Authorization: Bearer)
  PRECEPT_USER, PRECEPT_PASSWORD     sign in for this one run (signed out afterwards)
  PRECEPT_CONFIG_DIR                 where \`precept login\` keeps its session (default ~/.config/precept)`;

const urlOption = (): Option =>
  new Option('--url <url>', 'the server (default: PRECEPT_URL, then the stored login)');
const quietOption = (): Option => new Option('-q, --quiet', 'no progress output on stderr');

/** Builds the command tree; each action stores its exit code in `result`. */
function buildProgram(io: Io, prompt: PasswordPrompt, result: { code: ExitCode }): Command {
  const program = new Command('precept')
    .description(
      'Policy as code for Precept: export policies to a folder, validate and test them offline, diff and import them as drafts.',
    )
    .version(CLI_VERSION)
    .addHelpText('after', EXIT_CODES_HELP)
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    });

  program
    .command('login')
    .description(
      'Sign in and store the session for later commands (password from PRECEPT_PASSWORD, stdin or a prompt)',
    )
    .addOption(urlOption())
    .option('--user <username>', 'who signs in (default: PRECEPT_USER)')
    .option('--password-stdin', 'read the password from stdin', false)
    .action(async (options: { url?: string; user?: string; passwordStdin: boolean }) => {
      const { runLogin } = await import('./commands/login.js');
      result.code = await runLogin(io, options, prompt);
    });

  program
    .command('logout')
    .description('End the stored session and forget it')
    .action(async () => {
      const { runLogout } = await import('./commands/login.js');
      result.code = await runLogout(io);
    });

  program
    .command('export')
    .description('Write every policy (the version in force; see --drafts), subject and test case to <dir>')
    .argument('<dir>', 'the policy folder (created if missing; existing files are overwritten)')
    .addOption(urlOption())
    .addOption(quietOption())
    .option(
      '--drafts',
      'export the newest open version (draft, in review, approved) where there is one',
      false,
    )
    .action(async (dir: string, options: { url?: string; quiet?: boolean; drafts: boolean }) => {
      const { runExport } = await import('./commands/export.js');
      result.code = await runExport(io, dir, {
        url: options.url,
        quiet: options.quiet === true,
        drafts: options.drafts,
      });
    });

  program
    .command('validate')
    .description(
      'Check every file of <dir> offline: JSON, shape, subjects, and each document against its subject',
    )
    .argument('<dir>', 'the policy folder')
    .addOption(quietOption())
    .action(async (dir: string, options: { quiet?: boolean }) => {
      const { runValidate } = await import('./commands/check.js');
      result.code = await runValidate(io, dir, { quiet: options.quiet === true });
    });

  program
    .command('test')
    .description("Validate <dir>, then run every policy's test cases offline")
    .argument('<dir>', 'the policy folder')
    .addOption(quietOption())
    .option(
      '--time-zone <iana>',
      "the time zone dates are read in (the server's PRECEPT_TIME_ZONE)",
      'Asia/Shanghai',
    )
    .action(async (dir: string, options: { quiet?: boolean; timeZone: string }) => {
      const { runTest } = await import('./commands/check.js');
      result.code = await runTest(io, dir, { quiet: options.quiet === true, timeZone: options.timeZone });
    });

  program
    .command('diff')
    .description(
      'Compare <dir> with the server: unchanged, changed (with the changed paths), only local, only on the server',
    )
    .argument('<dir>', 'the policy folder')
    .addOption(urlOption())
    .addOption(quietOption())
    .option('--exit-code', 'exit with 1 when anything differs', false)
    .action(async (dir: string, options: { url?: string; quiet?: boolean; exitCode: boolean }) => {
      const { runDiff } = await import('./commands/diff.js');
      result.code = await runDiff(io, dir, {
        url: options.url,
        quiet: options.quiet === true,
        exitCode: options.exitCode,
      });
    });

  program
    .command('import')
    .description(
      'Create or update drafts from <dir> (never submits or publishes); unchanged policies are skipped',
    )
    .argument('<dir>', 'the policy folder')
    .requiredOption('--reason <text>', 'why: the change note of every draft and subject version written')
    .addOption(urlOption())
    .addOption(quietOption())
    .action(async (dir: string, options: { url?: string; quiet?: boolean; reason: string }) => {
      const { runImport } = await import('./commands/import.js');
      result.code = await runImport(io, dir, {
        url: options.url,
        quiet: options.quiet === true,
        reason: options.reason,
      });
    });

  return program;
}

/** Prints a CLI error: its message and detail lines, on stderr. */
function reportError(io: Io, error: CliError): void {
  io.stderr.write(`error: ${error.message}\n`);
  for (const detail of error.details) io.stderr.write(`  ${detail}\n`);
}

/**
 * Runs `precept` with `args` (without the node and script names) and resolves with its exit code;
 * never throws for anything a user can cause.
 *
 * @example
 * process.exitCode = await runCli(process.argv.slice(2), io, prompt);
 */
export async function runCli(
  args: readonly string[],
  io: Io,
  prompt: PasswordPrompt = () => Promise.resolve(undefined),
): Promise<ExitCode> {
  const result: { code: ExitCode } = { code: EXIT.ok };
  const program = buildProgram(io, prompt, result);
  try {
    await program.parseAsync([...args], { from: 'user' });
    return result.code;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end through here with exit code 0; everything else is a usage error.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (error instanceof CliError) {
      reportError(io, error);
      return error.exitCode;
    }
    throw error;
  }
}
