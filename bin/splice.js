#!/usr/bin/env node
// The bundled CLI: src/cli/bin.ts in a few files, built by `npm run build` (which `npm install` and `npm ci` run).
import { setFlagsFromString } from "node:v8";

// A hunt prepares ~1,500 rules: the parsers', planner's and compiler's code runs just often enough for
// V8 to optimize hundreds of functions, and inlining makes each of those compilations large — ~2 s of
// CPU on a 2-core machine, mostly for code that is done before the optimized version is used. A smaller
// budget of inlined bytecode per function (V8's default: 920) makes them cheap and leaves the hot loops'
// small callees inlined: the bench's full hunt takes ~5 % less time and CPU (21 alternating runs each),
// `splice run` of a seed rule the same. A budget the user set on the command line stands.
const INLINING_FLAG = "--max-inlined-bytecode-size-cumulative";
// V8 reads `_` and `-` alike in flag names.
if (![...process.execArgv, process.env.NODE_OPTIONS ?? ""].some((a) => a.replaceAll("_", "-").includes(INLINING_FLAG.slice(2)))) {
  setFlagsFromString(`${INLINING_FLAG}=200`);
}

try {
  await import("../dist/bundle/cli.js");
} catch (err) {
  if (err?.code !== "ERR_MODULE_NOT_FOUND" || !String(err.url ?? err.message).includes("dist/bundle/cli.js")) throw err;
  process.stderr.write("splice: the CLI is not built (dist/bundle/cli.js is missing); run `npm run build`\n");
  process.exitCode = 70;
}
