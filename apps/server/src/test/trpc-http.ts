// A minimal tRPC-over-HTTP client for tests that must go through the real HTTP path (cookies,
// bearer tokens, API keys): queries as GET with `?input=`, mutations as POST with a JSON body.

/** The outcome of one call over HTTP. */
export interface HttpCall {
  status: number;
  /** The application code of a failure (`FORBIDDEN`, …), or 'ok'. */
  code: string;
  message: string;
  /** `result.data` of a success. */
  data: unknown;
  /** The raw body (scanned for secrets). */
  text: string;
  /** Every `Set-Cookie` header of the response. */
  cookies: string[];
}

/**
 * Calls procedure `path` over HTTP.
 *
 * @example
 * const call = await callHttp(url, 'query', 'auth.me', undefined, { cookie });
 */
export async function callHttp(
  baseUrl: string,
  type: 'query' | 'mutation' | 'subscription',
  path: string,
  input: unknown,
  headers: Record<string, string> = {},
): Promise<HttpCall> {
  const target = `${baseUrl}/trpc/${path}`;
  const response =
    type === 'query'
      ? await fetch(
          input === undefined ? target : `${target}?input=${encodeURIComponent(JSON.stringify(input))}`,
          { headers },
        )
      : await fetch(target, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          ...(input === undefined ? {} : { body: JSON.stringify(input) }),
        });
  const text = await response.text();
  const body = JSON.parse(text) as {
    result?: { data?: unknown };
    error?: { message?: string; data?: { appCode?: string } };
  };
  return {
    status: response.status,
    code: body.error === undefined ? 'ok' : (body.error.data?.appCode ?? 'unknown'),
    message: body.error?.message ?? '',
    data: body.result?.data,
    text,
    cookies: response.headers.getSetCookie(),
  };
}

/** The `name=value` part of a `Set-Cookie` header, to send back as `Cookie`. */
export function cookieOf(setCookie: string | undefined): string {
  if (setCookie === undefined) throw new Error('no Set-Cookie header');
  return setCookie.split(';')[0]!;
}
