// @precept/cli as a library: run the command line in-process (tests, other tools).
export { runCli, CLI_VERSION } from './cli.js';
export { EXIT, CliError, type ExitCode } from './exit-codes.js';
export type { Io, TextSink } from './io.js';
export { stableJson } from './files/json-file.js';
export { FOLDER_FORMAT, type PolicyFile, type SubjectFile } from './files/folder-format.js';
