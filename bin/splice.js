#!/usr/bin/env node
// The bundled CLI: src/cli/bin.ts in a few files, built by `npm run build` (which `npm install` and `npm ci` run).
try {
  await import("../dist/bundle/cli.js");
} catch (err) {
  if (err?.code !== "ERR_MODULE_NOT_FOUND" || !String(err.url ?? err.message).includes("dist/bundle/cli.js")) throw err;
  process.stderr.write("splice: the CLI is not built (dist/bundle/cli.js is missing); run `npm run build`\n");
  process.exitCode = 70;
}
