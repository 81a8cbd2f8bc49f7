#!/usr/bin/env node
// The `precept` executable: the real process around runCli.
import { createInterface } from 'node:readline';
import { runCli } from './cli.js';
import type { Io } from './io.js';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Asks for a password on the terminal without echoing it; undefined without a terminal. */
function promptPassword(question: string): Promise<string | undefined> {
  if (process.stdin.isTTY !== true) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    const terminal = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
    let isMuted = false;
    // readline echoes what is typed through _writeToOutput; after the question, nothing is echoed.
    const echo = terminal as unknown as { _writeToOutput(text: string): void };
    const write = echo._writeToOutput.bind(terminal);
    echo._writeToOutput = (text: string) => {
      if (!isMuted) write(text);
    };
    terminal.question(question, (answer) => {
      terminal.close();
      process.stderr.write('\n');
      resolve(answer);
    });
    isMuted = true;
  });
}

const io: Io = {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  readStdin,
  now: () => new Date(),
};

runCli(process.argv.slice(2), io, promptPassword).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 70;
  },
);
