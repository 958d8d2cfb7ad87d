// Injected by scripts/bundle.mjs into the CommonJS bundles: `import.meta.url` (ESM only) is replaced by
// this variable, the file URL of the bundle itself (__filename exists in CommonJS).
export const importMetaUrl = require('node:url').pathToFileURL(__filename).href;
