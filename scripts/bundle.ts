/**
 * `npm run build` (and `prepare`, so a clean `npm ci` has it): bundles the CLI into dist/bundle/cli.js and the
 * NDJSON worker thread into dist/bundle/worker.js, the files bin/splice.js runs. Node spends most of a small
 * run's start-up resolving and compiling modules (chevrotain alone is hundreds of lodash-es files); one file
 * each loads several times faster. Subcommands and parsers that main.ts imports dynamically stay lazy inside
 * the bundle: esbuild evaluates a dynamically imported module only when the import runs.
 */
import { build, type Metafile, type Plugin } from "esbuild";
import { readFile, writeFile } from "node:fs/promises";
import { builtinMacroCache } from "../src/macros/table.js";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const REPO = resolve(fileURLToPath(new URL("..", import.meta.url)));

/**
 * The NDJSON workers build their keep filter by importing the module `workerKeepFilter` names: from sources,
 * engine/prefilter.ts itself (`import.meta.url`). In the bundle that code sits in a shared chunk, whose
 * `import.meta.url` names the chunk and whose exports esbuild renames or drops, so it names keep-filter.js
 * instead: an entry point of prefilter.ts, which exports `createKeepFilter` under its own name. The hunt's
 * sieve-worker.ts (`sieveWorkerKeep`) is its own entry, sieve-worker.js, the same way.
 */
const keepFilterEntries: Plugin = {
  name: "keep-filter-modules",
  setup(b) {
    const entries: readonly [RegExp, string][] = [
      [/[\\/]src[\\/]engine[\\/]prefilter\.ts$/, "keep-filter.js"],
      [/[\\/]src[\\/]hunt[\\/]sieve-worker\.ts$/, "sieve-worker.js"],
    ];
    for (const [filter, entry] of entries) {
      b.onLoad({ filter }, async (args) => {
        const source = await readFile(args.path, "utf8");
        const own = "module: import.meta.url";
        if (!source.includes(own)) throw new Error(`bundle: ${args.path} no longer has \`${own}\`; update scripts/bundle.ts`);
        return { contents: source.replace(own, `module: new URL("./${entry}", import.meta.url).href`), loader: "ts" };
      });
    }
  },
};

/**
 * Writes cli.js, worker.js and keep-filter.js (with their shared chunks and source maps) into `outdir`, and
 * returns esbuild's account of which sources went into which file. The
 * worker must sit beside the chunks: src/model/parallel/ndjson-parallel.ts starts `./worker.js` relative to
 * itself. `outdir` must be inside the package (the bundle finds macros/, queries/ and package.json by walking
 * up from itself).
 */
export async function bundleCli(outdir: string): Promise<Metafile> {
  const { metafile } = await build({
    metafile: true,
    entryPoints: {
      cli: join(REPO, "src/cli/bin.ts"),
      worker: join(REPO, "src/model/parallel/worker.ts"),
      "keep-filter": join(REPO, "src/engine/prefilter.ts"),
      "sieve-worker": join(REPO, "src/hunt/sieve-worker.ts"),
      // src/hunt/view-split.ts starts `./view-worker.js` beside itself, as ndjson-parallel.ts starts worker.js.
      "view-worker": join(REPO, "src/hunt/view-worker.ts"),
    },
    plugins: [keepFilterEntries],
    outdir,
    bundle: true,
    platform: "node",
    format: "esm",
    splitting: true,
    target: "node20",
    sourcemap: true,
    logLevel: "warning",
    // Native clients of the SQL engines: loaded from node_modules when a SQL command runs, never bundled.
    external: ["@duckdb/node-api", "@clickhouse/client"],
    // yaml ships CommonJS for Node, whose `require("process")` an ES module bundle cannot do without this.
    banner: { js: 'import { createRequire as spliceCreateRequire } from "node:module"; const require = spliceCreateRequire(import.meta.url);' },
  });
  // The shipped macros, parsed once here (src/macros/table.ts reads them back unless a file changed since).
  await writeFile(join(outdir, "builtin-macros.json"), JSON.stringify(builtinMacroCache()));
  return metafile;
}


if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await bundleCli(join(REPO, "dist", "bundle"));
}
