// The semantic diff of policy documents; its change type lives in @precept/schema (`DocumentChange`).
export { diffDocuments } from './document-diff.js';
