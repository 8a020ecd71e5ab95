/**
 * Finding test data on disk. ESCU tests name attack_data by URL
 * (`https://media.githubusercontent.com/media/splunk/attack_data/master/datasets/attack_techniques/T1047/atomic_red_team/windows-sysmon.log`);
 * offline the file is looked up by name under the `--data` folders. Many tests share a file name
 * (`windows-sysmon.log` is used by 225 detections), so among files with the right name the one whose
 * path shares the longest tail with the URL's path wins; a tie is reported, never guessed.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { basename, dirname, isAbsolute, join, resolve, sep } from "node:path";

export type Resolved =
  | { readonly kind: "found"; readonly path: string }
  | { readonly kind: "missing"; readonly name: string }
  | { readonly kind: "ambiguous"; readonly name: string; readonly candidates: readonly string[] };

/** All files under some folders, indexed by base name (a `.gz` copy is indexed under the plain name too). */
export class DataIndex {
  private readonly byName = new Map<string, string[]>();

  constructor(dirs: readonly string[]) {
    for (const dir of dirs) if (existsSync(dir)) this.walk(resolve(dir));
  }

  private walk(path: string): void {
    const st = statSync(path);
    if (!st.isDirectory()) {
      this.add(basename(path), path);
      if (path.endsWith(".gz")) this.add(basename(path).slice(0, -3), path);
      return;
    }
    for (const name of readdirSync(path).sort()) this.walk(join(path, name));
  }

  private add(name: string, path: string): void {
    const list = this.byName.get(name) ?? [];
    if (!list.includes(path)) list.push(path);
    this.byName.set(name, list);
  }

  /** A URL or path from an ESCU `attack_data` entry. */
  resolveAttackData(ref: string): Resolved {
    if (!/^[a-z]+:\/\//i.test(ref) && existsSync(ref)) return { kind: "found", path: ref };
    const segments = urlSegments(ref);
    const name = segments[segments.length - 1] ?? ref;
    const candidates = this.byName.get(name) ?? [];
    if (candidates.length === 0) return { kind: "missing", name };
    if (candidates.length === 1) return { kind: "found", path: candidates[0]! };
    const scored = candidates.map((path) => ({ path, score: sharedTail(path.split(sep), segments) }));
    const best = Math.max(...scored.map((s) => s.score));
    const winners = scored.filter((s) => s.score === best);
    return winners.length === 1 ? { kind: "found", path: winners[0]!.path } : { kind: "ambiguous", name, candidates: winners.map((w) => w.path) };
  }
}

function urlSegments(ref: string): string[] {
  const path = /^[a-z]+:\/\//i.test(ref) ? ref.replace(/^[a-z]+:\/\/[^/]+/i, "").split(/[?#]/)[0]! : ref;
  return path.split(/[\\/]+/).filter(Boolean).map((s) => decodeURIComponent(s));
}

/** How many trailing segments agree (the file name always does; `.gz` copies count the plain name). */
function sharedTail(file: readonly string[], url: readonly string[]): number {
  let n = 1;
  while (n < file.length && n < url.length && file[file.length - 1 - n] === url[url.length - 1 - n]) n++;
  return n;
}

/**
 * A `data` entry of a `.test.toml`: absolute as written; a relative one is tried against the spec's
 * folder and then each folder above it, so `queries/x.test.toml` can name `datasets/…` of the project
 * or `../shared/…` beside the checkout whatever the working directory is.
 */
export function resolveSpecData(entry: string, specPath: string): string | undefined {
  if (isAbsolute(entry)) return existsSync(entry) ? entry : undefined;
  let dir = dirname(resolve(specPath));
  for (;;) {
    const candidate = join(dir, entry);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}
