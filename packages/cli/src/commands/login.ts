// `precept login` / `precept logout`: a session stored for later commands, so a person types the
// password once. The session is a normal console session: it ends after the server's idle timeout
// or absolute lifetime, and `logout` (or the console's sign-out of all sessions) ends it early.
import { EXIT, CliError, type ExitCode } from '../exit-codes.js';
import type { Io } from '../io.js';
import { call, createApi } from '../server/connection.js';
import {
  normalizeUrl,
  readEnvSettings,
  readStoredLogin,
  removeStoredLogin,
  writeStoredLogin,
} from '../server/settings.js';

/** Options of {@link runLogin}. */
export interface LoginOptions {
  url?: string | undefined;
  user?: string | undefined;
  /** Read the password from stdin (for scripts) instead of PRECEPT_PASSWORD or a prompt. */
  passwordStdin: boolean;
}

/** Asks for a password without echo; undefined when there is no terminal to ask on. */
export type PasswordPrompt = (question: string) => Promise<string | undefined>;

/** `precept login`: signs in and stores the session token (file readable by its owner only). */
export async function runLogin(io: Io, options: LoginOptions, prompt: PasswordPrompt): Promise<ExitCode> {
  const settings = readEnvSettings(io.env);
  const rawUrl = options.url ?? settings.url;
  if (rawUrl === undefined) throw new CliError(EXIT.usage, 'no server: pass --url or set PRECEPT_URL');
  const url = normalizeUrl(rawUrl);
  const username = options.user ?? settings.user;
  if (username === undefined) throw new CliError(EXIT.usage, 'no user: pass --user or set PRECEPT_USER');
  const password = options.passwordStdin
    ? (await io.readStdin()).replace(/\r?\n$/, '')
    : (settings.password ?? (await prompt(`password for ${username} at ${url}: `)));
  if (password === undefined || password === '') {
    throw new CliError(
      EXIT.usage,
      'no password: set PRECEPT_PASSWORD, pass --password-stdin, or run on a terminal',
    );
  }
  const signedIn = await call({ url }, `sign in as ${username}`, () =>
    createApi(url, undefined).auth.signIn.mutate({ username, password, issueToken: true }),
  );
  if (signedIn.token === undefined) throw new CliError(EXIT.server, 'the server issued no session token');
  const file = await writeStoredLogin(settings.configDir, {
    url,
    token: signedIn.token,
    username: signedIn.user.username,
    expiresAt: signedIn.session.expiresAt,
  });
  io.stdout.write(
    `signed in to ${url} as ${signedIn.user.username} (roles: ${signedIn.user.roles.join(', ') || 'none'}); session stored in ${file}, valid until ${signedIn.session.expiresAt}\n`,
  );
  if (!signedIn.user.roles.includes('author')) {
    io.stderr.write('note: import needs the author role; export, validate, test and diff need any role\n');
  }
  return EXIT.ok;
}

/** `precept logout`: ends the stored session on the server and forgets it. */
export async function runLogout(io: Io): Promise<ExitCode> {
  const settings = readEnvSettings(io.env);
  const stored = await readStoredLogin(settings.configDir);
  if (stored === undefined) {
    io.stdout.write('not signed in\n');
    return EXIT.ok;
  }
  const url = normalizeUrl(stored.url);
  // The session may have expired already; forgetting it locally is what matters.
  await createApi(url, stored.token)
    .auth.signOut.mutate()
    .catch(() => undefined);
  await removeStoredLogin(settings.configDir);
  io.stdout.write(`signed out of ${url}\n`);
  return EXIT.ok;
}
