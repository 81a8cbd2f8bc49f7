// The CLI's connection to a server: a tRPC client typed by the server's AppRouter, authenticated
// with (in this order) PRECEPT_TOKEN, PRECEPT_USER + PRECEPT_PASSWORD (a session for this run,
// ended after it), or the session `precept login` stored.
import type { AppRouter } from '@precept/server';
import { createTRPCClient, httpLink, TRPCClientError, type TRPCClient } from '@trpc/client';
import { CliError, EXIT } from '../exit-codes.js';
import type { Io } from '../io.js';
import { normalizeUrl, readEnvSettings, readStoredLogin } from './settings.js';

/** The server's API as the CLI calls it. */
export type ServerApi = TRPCClient<AppRouter>;

/** An open connection: the API and how to end it (signs out a session opened for this run). */
export interface Connection {
  api: ServerApi;
  url: string;
  /** Who the credential belongs to, for messages. */
  who: string;
  close(): Promise<void>;
}

/** Creates a tRPC client of the server at `url` sending `token` as a bearer credential. */
export function createApi(url: string, token: string | undefined): ServerApi {
  const headers: Record<string, string> = token === undefined ? {} : { authorization: `Bearer ${token}` };
  return createTRPCClient<AppRouter>({
    links: [httpLink({ url: new URL('trpc', url).toString(), headers: () => headers })],
  });
}

/** A failure of a server call as a CLI error (exit 3) with the server's code, message and issues. */
export function toServerError(error: unknown, url: string, doing: string): CliError {
  if (error instanceof CliError) return error;
  if (error instanceof TRPCClientError) {
    const data = (error.data ?? {}) as { appCode?: string; issues?: { path: string; message: string }[] };
    if (data.appCode === undefined) {
      const cause = (error.cause as { cause?: { code?: string } } | undefined)?.cause?.code;
      return new CliError(
        EXIT.server,
        `${doing}: cannot reach ${url}${cause === undefined ? '' : ` (${cause})`}: ${error.message}`,
      );
    }
    const issues = (data.issues ?? []).map((issue) => `${issue.path}: ${issue.message}`);
    const hint =
      data.appCode === 'UNAUTHORIZED'
        ? ['sign in with `precept login`, or set PRECEPT_TOKEN or PRECEPT_USER and PRECEPT_PASSWORD']
        : [];
    return new CliError(EXIT.server, `${doing}: ${data.appCode}: ${error.message}`, [...issues, ...hint]);
  }
  return new CliError(EXIT.server, `${doing}: ${error instanceof Error ? error.message : String(error)}`);
}

/** Calls the server, turning any failure into a {@link CliError} that says what was being done. */
export async function call<T>(
  connection: Pick<Connection, 'url'>,
  doing: string,
  run: () => Promise<T>,
): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw toServerError(error, connection.url, doing);
  }
}

/**
 * Opens a connection with the settings of `io.env` (and the stored login); `urlOption` (`--url`)
 * wins over PRECEPT_URL. Usage error when no server is named; server error when no credential is.
 */
export async function connect(io: Io, urlOption?: string): Promise<Connection> {
  const settings = readEnvSettings(io.env);
  const stored = await readStoredLogin(settings.configDir);
  const rawUrl = urlOption ?? settings.url ?? stored?.url;
  if (rawUrl === undefined) {
    throw new CliError(EXIT.usage, 'no server: set PRECEPT_URL, pass --url, or run `precept login --url …`');
  }
  const url = normalizeUrl(rawUrl);
  if (settings.token !== undefined) {
    return { api: createApi(url, settings.token), url, who: 'PRECEPT_TOKEN', close: () => Promise.resolve() };
  }
  if (settings.user !== undefined && settings.password !== undefined) {
    const anonymous = createApi(url, undefined);
    const signedIn = await call({ url }, `sign in as ${settings.user}`, () =>
      anonymous.auth.signIn.mutate({
        username: settings.user!,
        password: settings.password!,
        issueToken: true,
      }),
    );
    if (signedIn.token === undefined) throw new CliError(EXIT.server, 'the server issued no session token');
    const api = createApi(url, signedIn.token);
    return {
      api,
      url,
      who: signedIn.user.username,
      // A session opened for one run ends with it; failing to end it must not fail the command.
      close: () =>
        api.auth.signOut.mutate().then(
          () => undefined,
          () => undefined,
        ),
    };
  }
  if (settings.user !== undefined || settings.password !== undefined) {
    throw new CliError(EXIT.usage, 'PRECEPT_USER and PRECEPT_PASSWORD go together: set both, or neither');
  }
  if (stored !== undefined && normalizeUrl(stored.url) === url) {
    return { api: createApi(url, stored.token), url, who: stored.username, close: () => Promise.resolve() };
  }
  throw new CliError(EXIT.server, `not signed in to ${url}`, [
    'run `precept login`, or set PRECEPT_TOKEN, or PRECEPT_USER and PRECEPT_PASSWORD',
  ]);
}

/** Runs `work` on an open connection and closes it afterwards, whatever happens. */
export async function withConnection<T>(
  io: Io,
  urlOption: string | undefined,
  work: (connection: Connection) => Promise<T>,
): Promise<T> {
  const connection = await connect(io, urlOption);
  try {
    return await work(connection);
  } finally {
    await connection.close();
  }
}
