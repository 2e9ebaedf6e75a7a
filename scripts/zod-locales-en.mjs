// Stands in for zod's locales index in the Node bundles (see build-node.mjs): English only.
export { default as en } from 'zod/v4/locales/en.js';
