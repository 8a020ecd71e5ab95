#!/usr/bin/env node
// The bundled CLI (`npm run build`, run by `npm ci`/`npm install` through `prepare`): src/cli/bin.ts in one file.
import "../dist/bundle/cli.js";
