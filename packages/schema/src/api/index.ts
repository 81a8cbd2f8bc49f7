// Input and output schemas of the server's procedures: the console, the SDK and the OpenAPI document
// take them from here.
export * from './access.js';
export * from './policies-api.js';
export * from './subjects-api.js';
export * from './test-cases-api.js';
export * from './evaluation-api.js';
export * from './decisions-api.js';
export * from './audit-api.js';
export * from './retention-api.js';
export * from './impact-api.js';
export * from './bundles-api.js';
export * from './system-api.js';
export * from './identity-api.js';
