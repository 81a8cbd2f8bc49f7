// @precept/rules/reference: json-rules-engine as the reference semantics of the compiled evaluator.
// Only differential tests and benchmarks import this entry; the main entry never loads json-rules-engine.
export { evaluateWithEngine, toEngineRules } from './reference-evaluate.js';
