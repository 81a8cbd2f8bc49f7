// Reading the Prometheus text exposition in tests: the value of a series, summed over the series
// whose labels include the ones asked for.

/** Parses one sample line: name, labels, value. */
function parseSample(
  line: string,
): { name: string; labels: Record<string, string>; value: number } | undefined {
  const match = /^([A-Za-z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)$/.exec(line);
  if (match === null) return undefined;
  const labels: Record<string, string> = {};
  for (const [, key, value] of (match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[key!] = value!;
  return { name: match[1]!, labels, value: Number(match[3]) };
}

/**
 * The sum of the samples named `name` whose labels include `labels`, or undefined when there is none.
 *
 * @example
 * sampleOf(text, 'precept_http_requests_total', { route: '/healthz' }) // 3
 */
export function sampleOf(
  text: string,
  name: string,
  labels: Record<string, string> = {},
): number | undefined {
  let total: number | undefined;
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const sample = parseSample(line);
    if (sample?.name !== name) continue;
    if (Object.entries(labels).every(([key, value]) => sample.labels[key] === value))
      total = (total ?? 0) + sample.value;
  }
  return total;
}

/** Every label set of the samples named `name`. */
export function labelSetsOf(text: string, name: string): Record<string, string>[] {
  return text
    .split('\n')
    .filter((line) => !line.startsWith('#'))
    .map(parseSample)
    .filter((sample) => sample?.name === name)
    .map((sample) => sample!.labels);
}
