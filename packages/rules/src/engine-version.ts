/**
 * Identifies the evaluation semantics a decision was made with: this package's rules version and
 * the json-rules-engine release its reference evaluator runs. Stored with every decision.
 */
export const ENGINE_VERSION = 'precept-rules/1 json-rules-engine/7.3.1';
