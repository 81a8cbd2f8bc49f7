export * from './common.js';
export * from './errors.js';
export * from './subject.js';
export * from './condition.js';
export * from './document.js';
export * from './outcome.js';
export * from './policy.js';
export * from './guideline/index.js';
