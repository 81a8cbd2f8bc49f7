// The public face of @precept/server: the API's type for clients, and the composition root and
// configuration loader for tests of other packages (the SDK starts a server in-process).
export type { AppRouter } from './trpc/router.js';
export { createServer, SERVER_VERSION, type CreateServerOptions, type PreceptServer } from './server.js';
export { loadConfig, type Config, type DatabaseConfig } from './config.js';
export { createLogger, type Logger, type LogLevel } from './log/logger.js';
export { DEV_ACTOR_HEADER, DEV_ROLES_HEADER } from './trpc/context.js';
export { createPseudonymiser, type Pseudonymiser } from './features/decisions/decisions.personal.js';
export { SERVER_NODE_FLAGS } from './runtime-flags.js';
