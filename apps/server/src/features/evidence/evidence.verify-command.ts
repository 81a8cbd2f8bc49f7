// `node apps/server/dist/evidence-verify.js <package.json> [--public-key <key.pem>]`: checks a downloaded evidence
// package offline — rows hash, Ed25519 signature, signing key, audit chain — and exits 0 when
// every check passes, 1 when one fails, 2 when it cannot run (bad arguments, unreadable file).
import { verifyEvidence } from './evidence.signature.js';

/** What the command reads and writes (the real file system and streams, or a test's). */
export interface VerifyCommandIo {
  readFile(path: string): Promise<string>;
  out(line: string): void;
  err(line: string): void;
}

const USAGE = 'usage: node apps/server/dist/evidence-verify.js <package.json> [--public-key <key.pem>]';

/** Runs the command; resolves with its exit code. */
export async function runVerifyCommand(args: readonly string[], io: VerifyCommandIo): Promise<number> {
  let file: string | undefined;
  let keyFile: string | undefined;
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i]!;
    if (arg === '--public-key') {
      keyFile = args[i + 1];
      i += 1;
      if (keyFile === undefined) {
        io.err(`--public-key needs a file\n${USAGE}`);
        return 2;
      }
    } else if (arg === '--help' || arg === '-h') {
      io.out(USAGE);
      return 0;
    } else if (file === undefined && !arg.startsWith('-')) {
      file = arg;
    } else {
      io.err(`unexpected argument ${JSON.stringify(arg)}\n${USAGE}`);
      return 2;
    }
  }
  if (file === undefined) {
    io.err(USAGE);
    return 2;
  }
  let evidence: unknown;
  let publicKey: string | undefined;
  try {
    evidence = JSON.parse(await io.readFile(file));
  } catch (error) {
    io.err(`${file}: ${error instanceof SyntaxError ? `not JSON (${error.message})` : (error as Error).message}`);
    return 2;
  }
  try {
    publicKey = keyFile === undefined ? undefined : await io.readFile(keyFile);
  } catch (error) {
    io.err(`${keyFile}: ${(error as Error).message}`);
    return 2;
  }
  const result = verifyEvidence(evidence, publicKey);
  for (const check of result.checks) io.out(`${check.ok ? 'ok  ' : 'FAIL'} ${check.name}: ${check.detail}`);
  io.out(result.ok ? `${file}: verified` : `${file}: NOT verified`);
  return result.ok ? 0 : 1;
}
