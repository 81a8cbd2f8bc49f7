// A fetch wrapper for tests: records every bundle request (in order, with its answer) and can break
// bundle downloads in the ways a network does — a body cut short, a connection dropped mid-body, a
// garbled or tampered bundle — while everything else passes through.

/** How bundle downloads are answered. */
export type BundleMode =
  'pass' | 'cut-body' | 'drop-mid-body' | 'not-json' | 'invalid-document' | 'tampered-document';

/** One bundle request as the wrapper saw it. */
export interface BundleRequest {
  seq: number;
  status: number;
  mode: BundleMode;
  /** Highest version per policy in the (unbroken) answer. */
  versions: Record<string, number>;
}

const isBundleUrl = (input: Parameters<typeof fetch>[0]): boolean =>
  (typeof input === 'string' ? input : input instanceof URL ? input.href : input.url).includes(
    '/api/v1/bundles',
  );

/** Creates the wrapper around the global fetch. */
export function instrumentedFetch() {
  let mode: BundleMode = 'pass';
  let started = 0;
  const requests: BundleRequest[] = [];

  const breakBody = (text: string): BodyInit => {
    switch (mode) {
      case 'pass':
        return text;
      case 'cut-body':
        return text.slice(0, Math.floor(text.length / 2));
      case 'drop-mid-body': {
        const half = new TextEncoder().encode(text.slice(0, Math.floor(text.length / 2)));
        return new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(half);
            controller.error(new TypeError('terminated: other side closed'));
          },
        });
      }
      case 'not-json':
        return '<html><body>502 Bad Gateway</body></html>';
      case 'invalid-document': {
        // Well-formed (it passes the bundle schema) but it does not validate: an unknown fact.
        const bundle = JSON.parse(text) as {
          versions: { document: { kind: string; lines?: { condition: unknown }[] } }[];
        };
        for (const version of bundle.versions) {
          const first = version.document.lines?.[0];
          if (first) first.condition = { all: [{ fact: 'noSuchFact', operator: 'equal', value: 1 }] };
        }
        return JSON.stringify(bundle);
      }
      case 'tampered-document': {
        const bundle = JSON.parse(text) as { versions: { document: { kind: string; baseScore?: number } }[] };
        for (const version of bundle.versions)
          if (version.document.kind === 'scorecard') version.document.baseScore = 1000;
        return JSON.stringify(bundle);
      }
    }
  };

  const wrapped: typeof fetch = async (input, init) => {
    if (!isBundleUrl(input)) return fetch(input, init);
    const seq = ++started;
    const response = await fetch(input, init);
    const requestMode = mode;
    if (response.status !== 200) {
      requests.push({ seq, status: response.status, mode: requestMode, versions: {} });
      return response;
    }
    const text = await response.text();
    const versions: Record<string, number> = {};
    for (const version of (JSON.parse(text) as { versions: { policyKey: string; version: number }[] })
      .versions) {
      versions[version.policyKey] = Math.max(versions[version.policyKey] ?? 0, version.version);
    }
    requests.push({ seq, status: 200, mode: requestMode, versions });
    return new Response(breakBody(text), { status: 200, headers: response.headers });
  };

  return {
    fetch: wrapped,
    requests,
    /** Bundle requests started so far. */
    started: () => started,
    setMode: (next: BundleMode) => {
      mode = next;
    },
  };
}
