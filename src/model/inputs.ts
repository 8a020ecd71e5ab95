/**
 * DATA paths → the inputs to read. A folder is walked (names sorted, hidden entries left out) and
 * whatever goes wrong with one entry — a dangling link, a link loop, no permission — is reported for
 * that entry alone while the rest of the folder is read. A file reached twice (through a link, a
 * hard link, or named twice) is read once. Standard input (`-`), pipes and devices are streams.
 */
import { lstat, readdir, readlink, stat } from "node:fs/promises";
import type { Stats } from "node:fs";
import { join, relative } from "node:path";

/** The name standard input goes by in warnings, ids and summaries. */
export const STDIN_NAME = "<stdin>";

export interface Input {
  /** The path as reached (`<stdin>` for `-`). */
  readonly path: string;
  /** A pipe, device or standard input: read once, front to back, size unknown. */
  readonly stream: boolean;
  /** Named on the command line (read whatever it holds), or found in the folder `root`. */
  readonly root?: string;
  /** Size on disk (0 for streams). */
  readonly size: number;
}

export interface ExpandedInputs {
  /** Per path argument, the inputs it stands for, in reading order. */
  readonly groups: Input[][];
  /** Entries that could not be read, and why (dangling links, loops, permissions). */
  readonly problems: { readonly path: string; readonly reason: string; readonly explicit: boolean }[];
  /** Paths left out because they are a file or folder already read. */
  readonly repeats: { readonly path: string; readonly sameAs: string; readonly folder: boolean }[];
  /** The path arguments that are folders. */
  readonly folders: string[];
}

export async function expandInputs(paths: readonly string[]): Promise<ExpandedInputs> {
  const out: ExpandedInputs = { groups: [], problems: [], repeats: [], folders: [] };
  const seen = new Map<string, string>(); // dev:ino → first path
  for (const p of paths) {
    const group: Input[] = [];
    out.groups.push(group);
    if (p === "-") {
      group.push({ path: STDIN_NAME, stream: true, size: 0 });
      continue;
    }
    await visit(p, undefined, [], group, out, seen);
  }
  return out;
}

async function visit(
  p: string,
  root: string | undefined,
  ancestors: readonly string[],
  group: Input[],
  out: ExpandedInputs,
  seen: Map<string, string>,
): Promise<void> {
  let st: Stats;
  try {
    st = await stat(p);
  } catch (e) {
    out.problems.push({ path: p, reason: await whyUnreadable(p, e as NodeJS.ErrnoException), explicit: root === undefined });
    return;
  }
  const key = `${st.dev}:${st.ino}`;
  if (st.isDirectory()) {
    if (ancestors.includes(key)) {
      out.problems.push({ path: p, reason: "symbolic link loop (leads back to a folder that contains it); not followed", explicit: false });
      return;
    }
    const first = seen.get(key);
    if (first !== undefined) {
      out.repeats.push({ path: p, sameAs: first, folder: true });
      return;
    }
    seen.set(key, p);
    if (root === undefined) out.folders.push(p);
    let names: string[];
    try {
      names = (await readdir(p)).filter((n) => !n.startsWith(".")).sort();
    } catch (e) {
      out.problems.push({ path: p, reason: await whyUnreadable(p, e as NodeJS.ErrnoException), explicit: root === undefined });
      return;
    }
    for (const name of names) await visit(join(p, name), root ?? p, [...ancestors, key], group, out, seen);
    return;
  }
  if (!st.isFile()) {
    // A pipe or device named on the command line is read as a stream; inside a folder it could block forever.
    if (root === undefined) group.push({ path: p, stream: true, size: 0 });
    else out.problems.push({ path: p, reason: `not a regular file (${kindOf(st)}); skipped`, explicit: false });
    return;
  }
  const first = seen.get(key);
  if (first !== undefined) {
    out.repeats.push({ path: p, sameAs: first, folder: false });
    return;
  }
  seen.set(key, p);
  group.push(root === undefined ? { path: p, stream: false, size: st.size } : { path: p, stream: false, root, size: st.size });
}

async function whyUnreadable(p: string, e: NodeJS.ErrnoException): Promise<string> {
  if (e.code === "ELOOP") return "symbolic link loop; not followed";
  if (e.code === "EACCES") return "permission denied";
  if (e.code === "ENOENT") {
    const target = await lstat(p).then((l) => (l.isSymbolicLink() ? readlink(p) : undefined), () => undefined);
    return target !== undefined ? `dangling symbolic link (its target ${target} does not exist)` : "no such file or directory";
  }
  return e.message;
}

function kindOf(st: Stats): string {
  if (st.isFIFO()) return "a named pipe";
  if (st.isSocket()) return "a socket";
  return "a device";
}

/** `file` relative to the folder it was found in, for one-line listings. */
export function shownUnder(root: string, file: string): string {
  return relative(root, file) || file;
}
