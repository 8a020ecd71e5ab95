/**
 * The folder splice is installed in (the one with its package.json and shipped `macros/`), found by walking up
 * from this module: the same answer from src/ (tsx, vitest), dist/ (tsc) and dist/bundle/ (the bundled CLI),
 * whose depths differ.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

let root: string | undefined;

export function packageRoot(): string {
  if (root) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, "package.json")) && existsSync(join(dir, "macros"))) return (root = dir);
    const parent = dirname(dir);
    if (parent === dir) throw new Error("splice: cannot find the package's root (package.json beside macros/)");
    dir = parent;
  }
}

/** The `version` of splice's package.json. */
export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(join(packageRoot(), "package.json"), "utf8")) as { version?: unknown };
  if (typeof pkg.version !== "string") throw new Error("splice: package.json has no version");
  return pkg.version;
}
