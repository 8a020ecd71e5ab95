/**
 * DATA arguments checked before anything is read: a run over data that is not there must stop with a
 * usage error, never print "0 results" as if the logs had been searched.
 */
import { lstatSync, statSync } from "node:fs";
import { EXIT } from "./exit-codes.js";
import { expandGlob } from "./globs.js";

/** Names of standard input: `-`, and the paths that lead to it. */
const STDIN_PATHS = new Set(["-", "/dev/stdin", "/dev/fd/0", "/proc/self/fd/0"]);

export function isStdin(arg: string): boolean {
  return STDIN_PATHS.has(arg);
}

const GLOB_CHARS = /[*?]/;

/**
 * The paths to load — globs expanded, `-` kept for standard input — or every reason the arguments name
 * no data: none given, a path that does not exist, a glob that matches nothing, standard input asked
 * for twice (`stdinTakenBy`: what already reads it).
 */
export function resolveDataArgs(args: readonly string[], opts: { readonly stdinTakenBy?: string } = {}): { paths: string[] } | { errors: string[] } {
  if (args.length === 0) return { errors: ["no DATA given: name log files or folders, or - for standard input"] };
  const paths: string[] = [];
  const errors: string[] = [];
  for (const arg of args) {
    if (isStdin(arg)) {
      if (opts.stdinTakenBy) errors.push(`standard input cannot be both ${opts.stdinTakenBy} and DATA (${arg})`);
      else paths.push(arg);
      continue;
    }
    const why = missing(arg);
    if (why === undefined) paths.push(arg);
    else if (!GLOB_CHARS.test(arg)) errors.push(why);
    else {
      const hits = expandGlob(arg);
      if (hits.length) paths.push(...hits);
      else errors.push(`no file matches DATA pattern: ${arg}`);
    }
  }
  return errors.length ? { errors } : { paths };
}

/** Why the path is not there, or undefined (one that is there but unreadable is the loader's to report). */
function missing(p: string): string | undefined {
  try {
    statSync(p);
    return undefined;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ELOOP") return `DATA ${p} is a symbolic link loop`;
    if (code !== "ENOENT" && code !== "ENOTDIR") return undefined;
    return isSymlink(p) ? `DATA ${p} is a dangling symbolic link` : `no such file or folder: ${p}`;
  }
}

function isSymlink(p: string): boolean {
  try {
    return lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
}

/**
 * After loading: DATA named only folders that hold no log. Nothing was searched, which must not look
 * like a clean result. Returns the exit code.
 */
export function noLogs(): number {
  process.stderr.write("error: no log file found in DATA (nothing in the folders given is a log)\n");
  return EXIT.usage;
}

/**
 * `RULES… -- DATA…` (`splice hunt`, `splice compare`): the first `--` parts the operands, not options from
 * operands, so options may stand on either side of it (`… -- logs/ --format json`). `args` is what to
 * parse (argv without that `--`); `split` takes the parsed tokens' operands apart. With no `--`, every
 * operand is before it.
 */
export function rulesDataCut(argv: readonly string[]): {
  readonly args: string[];
  readonly cut: boolean;
  split(tokens: readonly { readonly kind: string; readonly index?: number; readonly value?: string }[]): { rules: string[]; data: string[] };
} {
  const at = argv.indexOf("--");
  const args = at >= 0 ? [...argv.slice(0, at), ...argv.slice(at + 1)] : [...argv];
  return {
    args,
    cut: at >= 0,
    split(tokens) {
      const rules: string[] = [];
      const data: string[] = [];
      for (const t of tokens) {
        if (t.kind !== "positional") continue;
        (at >= 0 && t.index! >= at ? data : rules).push(t.value!);
      }
      return { rules, data };
    },
  };
}
