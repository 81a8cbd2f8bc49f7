// @precept/sdk/node: what only Node can do. The main entry stays free of `node:` modules, for browsers.
export { fileBundleStore } from './local/file-bundle-store.js';
