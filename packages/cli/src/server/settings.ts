// Where the CLI reads its settings: the environment (PRECEPT_URL, PRECEPT_TOKEN, PRECEPT_USER,
// PRECEPT_PASSWORD, PRECEPT_CONFIG_DIR) and the credentials file `precept login` writes. The one
// module that reads the environment; commands get the result.
import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { CliError, EXIT } from '../exit-codes.js';
import type { Io } from '../io.js';

/** The settings of the environment, each optional. */
export interface EnvSettings {
  url?: string | undefined;
  /** A session token (`precept login` prints none; `auth.signIn` with `issueToken`) or an API key. */
  token?: string | undefined;
  user?: string | undefined;
  password?: string | undefined;
  configDir: string;
}

const nonEmpty = (value: string | undefined): string | undefined =>
  value === undefined || value.trim() === '' ? undefined : value;

/** Reads {@link EnvSettings} from `env`. */
export function readEnvSettings(env: Io['env']): EnvSettings {
  const configDir =
    nonEmpty(env.PRECEPT_CONFIG_DIR) ??
    join(nonEmpty(env.XDG_CONFIG_HOME) ?? join(nonEmpty(env.HOME) ?? homedir(), '.config'), 'precept');
  return {
    url: nonEmpty(env.PRECEPT_URL),
    token: nonEmpty(env.PRECEPT_TOKEN),
    user: nonEmpty(env.PRECEPT_USER),
    password: env.PRECEPT_PASSWORD === '' ? undefined : env.PRECEPT_PASSWORD,
    configDir,
  };
}

/** What `precept login` stores: the server, the session token and whose it is. */
export const StoredLoginSchema = z.object({
  url: z.string().url(),
  token: z.string().min(1),
  username: z.string(),
  expiresAt: z.string(),
});
/** What `precept login` stores. */
export type StoredLogin = z.infer<typeof StoredLoginSchema>;

/** The credentials file in `configDir`. */
export const credentialsFileOf = (configDir: string): string => join(configDir, 'credentials.json');

/** The stored login, or undefined when there is none (or it cannot be read). */
export async function readStoredLogin(configDir: string): Promise<StoredLogin | undefined> {
  let text: string;
  try {
    text = await readFile(credentialsFileOf(configDir), 'utf8');
  } catch {
    return undefined;
  }
  try {
    const parsed = StoredLoginSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Stores a login, readable by its owner only (it holds a session token). */
export async function writeStoredLogin(configDir: string, login: StoredLogin): Promise<string> {
  await mkdir(configDir, { recursive: true, mode: 0o700 });
  const file = credentialsFileOf(configDir);
  await writeFile(file, `${JSON.stringify(login, null, 2)}\n`, { encoding: 'utf8', mode: 0o600 });
  await chmod(file, 0o600);
  return file;
}

/** Removes the stored login. */
export async function removeStoredLogin(configDir: string): Promise<void> {
  await rm(credentialsFileOf(configDir), { force: true });
}

/** A server base URL with a trailing slash, or a usage error naming what is wrong. */
export function normalizeUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new CliError(
      EXIT.usage,
      `"${url}" is not a URL: give the server's base URL, e.g. http://127.0.0.1:3000`,
    );
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new CliError(EXIT.usage, `"${url}" is not an http(s) URL`);
  }
  return parsed.href.endsWith('/') ? parsed.href : `${parsed.href}/`;
}
