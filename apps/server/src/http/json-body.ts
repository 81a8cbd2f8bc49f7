import type { IncomingMessage } from 'node:http';
import { AppError } from '@precept/schema';

/**
 * Reads a request body as JSON, refusing more than `maxBytes` (`LIMIT`) and anything that does not
 * parse (`VALIDATION`). An empty body is `{}`.
 */
export async function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<unknown> {
  const declared = Number(req.headers['content-length'] ?? '0');
  if (declared > maxBytes) throw new AppError('LIMIT', `the body exceeds ${maxBytes} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > maxBytes) throw new AppError('LIMIT', `the body exceeds ${maxBytes} bytes`);
    chunks.push(buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new AppError('VALIDATION', 'the body is not valid JSON', {
      issues: [{ path: '$', code: 'json', message: 'not valid JSON' }],
    });
  }
}
