#!/usr/bin/env node
// The offline verifier of evidence packages (see features/evidence/evidence.verify-command.ts).
import { readFile } from 'node:fs/promises';
import { runVerifyCommand } from './features/evidence/evidence.verify-command.js';

process.exitCode = await runVerifyCommand(process.argv.slice(2), {
  readFile: (path) => readFile(path, 'utf8'),
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
});
