/**
 * A store of a hunt's prepared rules. Reading, expanding, parsing and lowering ~1,500 rule files costs ~2 s
 * before any evidence is read — most of a hunt over a small folder, and the same work every time the rules
 * did not change. The prepared rules are kept (v8 serialization of plain data, src/hunt/prepare-wire.ts)
 * under a key of the rule files and options, with what they were made from: each rule file's content, the
 * macro and lookup folders found beside them, the content of every file under the folders they read, and
 * splice's own build. Should any of it differ, the rules are prepared again: an entry is never
 * used for rules it was not made from.
 */
import { errorLine } from "../diagnostics.js";
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { deserialize, serialize } from "node:v8";
import { builtinMacroDir } from "../macros/index.js";
import { findBesideRule } from "../rules/load.js";
import type { PrepareFileOptions, PreparedRuleFile } from "../rules/prepare.js";
import { unwirePrepared, wirePrepared, type WiredPrepared } from "./prepare-wire.js";
import { huntRuleOf, prepareHuntFiles, ruleFilesOf, type FilesPreparer, type HuntRule, type HuntRules, type PreparedFiles, type PrepareProgressFn, type SkippedRule } from "./rules.js";

/** Bumped when what an entry holds changes shape. */
const FORMAT = 1;

export interface RuleCache {
  /** The folder entries are kept in. */
  readonly dir: string;
  /** splice's build: entries another build made are not used. */
  readonly build: string;
}

/** Options that change what preparing a rule makes (the caches are the preparation's own). */
export type CachedPrepareOptions = Omit<PrepareFileOptions, "macroCache" | "lookupCache">;

type Outcome = { readonly rule: WiredPrepared } | { readonly skipped: SkippedRule };

interface Entry {
  readonly format: number;
  readonly build: string;
  readonly files: readonly string[];
  /** Per rule file, a digest of its content. */
  readonly stamps: readonly string[];
  /** Per folder holding rule files, the macro and lookup folders found beside it then. */
  readonly beside: Readonly<Record<string, readonly [string | null, string | null]>>;
  /** Per folder the rules read (macros, lookups), a digest of the names and contents of every file under it. */
  readonly folders: Readonly<Record<string, string>>;
  readonly outcomes: readonly Outcome[];
}

export interface CachedHuntRules {
  readonly prepared: HuntRules;
  /** "stored": prepared and kept; "used": taken from the store; "prepared": the store could not be written. */
  readonly source: "used" | "stored" | "prepared";
  /** Why the store could not be written (a full disk, a read-only home). */
  readonly problem?: string;
}

/** `$SPLICE_CACHE_DIR`, else `$XDG_CACHE_HOME/splice`, else `~/.cache/splice`. */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env["SPLICE_CACHE_DIR"]) return env["SPLICE_CACHE_DIR"];
  return join(env["XDG_CACHE_HOME"] || join(homedir(), ".cache"), "splice");
}

/**
 * The build of the running splice, from the module this is bundled into: its path and content. It imports
 * the rule-preparing code's chunks by names esbuild derives from their content (and theirs from the chunks
 * they import), so another build of any of it is other content here. Null when running from TypeScript
 * sources (tests, tsx): one file says nothing of the modules it imports, so nothing is cached.
 */
export function bundleBuild(moduleUrl: string = import.meta.url): string | null {
  if (!moduleUrl.startsWith("file:") || moduleUrl.endsWith(".ts")) return null;
  const file = fileURLToPath(moduleUrl);
  return `${file}:${stampOf(file)}`;
}

/** `progress`: as `prepareHuntRules`'s, when the rules are prepared (taking them from the store is quick). */
export function cachedHuntRules(args: readonly string[], opts: CachedPrepareOptions, cache: RuleCache, progress?: PrepareProgressFn): CachedHuntRules {
  const found = lookUp(args, opts, cache);
  if ("used" in found) return found.used;
  const made = prepareHuntFiles(found.files, opts, found.onFile, progress);
  return found.store(made);
}

/** `cachedHuntRules` with the rules, when they are not in the store, prepared by `prepareFiles`. */
export async function cachedHuntRulesWith(prepareFiles: FilesPreparer, args: readonly string[], opts: CachedPrepareOptions, cache: RuleCache, progress?: PrepareProgressFn): Promise<CachedHuntRules> {
  const found = lookUp(args, opts, cache);
  if ("used" in found) return found.used;
  const made = await prepareFiles(found.files, opts, found.onFile, progress);
  return found.store(made);
}

type Lookup =
  | { readonly used: CachedHuntRules }
  | {
      readonly files: readonly string[];
      /** Sees each file's preparation, in the files' order: what the entry will hold. */
      readonly onFile: (prepared: PreparedRuleFile, ready: HuntRule | SkippedRule) => void;
      /** Writes the entry of the rules prepared. */
      readonly store: (made: PreparedFiles) => CachedHuntRules;
    };

function lookUp(args: readonly string[], opts: CachedPrepareOptions, cache: RuleCache): Lookup {
  const { files, problems, notes } = ruleFilesOf(args);
  const key = createHash("sha256").update(JSON.stringify({ build: cache.build, files, opts: optionsKey(opts) })).digest("hex").slice(0, 32);
  const path = join(cache.dir, `rules-${key}.bin`);
  const entry = readEntry(path);
  if (entry && isCurrent(entry, cache.build, files)) {
    return { used: { prepared: { ...rebuild(entry, opts.now), problems, notes }, source: "used" } };
  }

  // What the rules will be made from, taken before they are: an edit while they are prepared then shows
  // as a difference next time, never as an entry that matches files it was not made from.
  const beside = besideOf(files);
  const folders = new Set<string>([builtinMacroDir(), ...(opts.macroDirs ?? []), ...(opts.lookupDirs ?? [])].map((d) => resolve(d)));
  for (const found of Object.values(beside)) for (const d of found) if (d !== null) folders.add(resolve(d));
  const digests = digestsOf(folders);
  const stamps = files.map(stampOf);
  const outcomes: Outcome[] = [];
  let unforeseen: string | undefined;
  const onFile = (prepared: PreparedRuleFile, ready: HuntRule | SkippedRule): void => {
    for (const d of [...prepared.macroDirs, ...prepared.lookupDirs]) if (!folders.has(resolve(d))) unforeseen ??= d;
    outcomes.push("prepared" in ready ? { rule: wirePrepared(prepared) } : { skipped: ready });
  };
  const store = (made: PreparedFiles): CachedHuntRules => {
    const prepared = { ...made, problems, notes };
    if (unforeseen !== undefined) return { prepared, source: "prepared", problem: `a rule read ${unforeseen}, which the cache does not watch` };
    const fresh: Entry = { format: FORMAT, build: cache.build, files, stamps, beside, folders: digests, outcomes };
    try {
      mkdirSync(cache.dir, { recursive: true });
      // Written beside, then renamed: a reader never sees half an entry.
      const partial = `${path}.${process.pid}.partial`;
      writeFileSync(partial, serialize(fresh));
      renameSync(partial, path);
      prune(cache.dir, path);
      return { prepared, source: "stored" };
    } catch (e) {
      return { prepared, source: "prepared", problem: errorLine(e) };
    }
  };
  return { files, onFile, store };
}

/** Entries kept: each distinct set of rule files, options and build has one; the least recently written go. */
const KEEP_ENTRIES = 8;

function prune(dir: string, keep: string): void {
  const entries = readdirSync(dir)
    .filter((n) => n.startsWith("rules-") && n.endsWith(".bin"))
    .map((n) => join(dir, n))
    .filter((p) => p !== keep)
    .map((p) => ({ p, t: statSync(p, { throwIfNoEntry: false })?.mtimeMs ?? 0 }))
    .sort((a, b) => b.t - a.t);
  for (const { p } of entries.slice(KEEP_ENTRIES - 1)) rmSync(p, { force: true });
}

function optionsKey(opts: CachedPrepareOptions): unknown {
  const { macroDirs, lookupDirs, findSupportDirs, lang, tiebreaker, size, now, tz, xmlEntities } = opts;
  return { macroDirs: macroDirs?.map((d) => resolve(d)), lookupDirs: lookupDirs?.map((d) => resolve(d)), findSupportDirs, lang, tiebreaker, size, now, tz, xmlEntities };
}

function readEntry(path: string): Entry | null {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch {
    return null;
  }
  try {
    const entry = deserialize(bytes) as Entry;
    return entry && entry.format === FORMAT ? entry : null;
  } catch {
    // Cut short or from another Node: prepared again, and written over.
    return null;
  }
}

function isCurrent(entry: Entry, build: string, files: readonly string[]): boolean {
  if (entry.build !== build || entry.files.length !== files.length || entry.outcomes.length !== files.length) return false;
  for (let i = 0; i < files.length; i++) if (entry.files[i] !== files[i] || entry.stamps[i] !== stampOf(files[i]!)) return false;
  const beside = besideOf(files);
  if (JSON.stringify(Object.entries(beside)) !== JSON.stringify(Object.entries(entry.beside))) return false;
  const folders = digestsOf(Object.keys(entry.folders));
  return Object.entries(entry.folders).every(([dir, digest]) => folders[dir] === digest);
}

function rebuild(entry: Entry, now: number | undefined): PreparedFiles {
  const rules: HuntRule[] = [];
  const skipped: SkippedRule[] = [];
  entry.outcomes.forEach((o, i) => {
    if ("skipped" in o) skipped.push(o.skipped);
    else {
      const ready = huntRuleOf(entry.files[i]!, unwirePrepared(o.rule, now));
      if ("prepared" in ready) rules.push(ready);
      else skipped.push(ready);
    }
  });
  return { rules, skipped };
}

/** The macro and lookup folders `prepareRuleFile` finds beside the rules, per folder of rule files. */
function besideOf(files: readonly string[]): Record<string, readonly [string | null, string | null]> {
  const out: Record<string, readonly [string | null, string | null]> = {};
  for (const file of files) {
    const dir = dirname(resolve(file));
    if (dir in out) continue;
    out[dir] = [findBesideRule(file, "macros") ?? null, findBesideRule(file, "lookups") ?? null];
  }
  return out;
}

function digestsOf(folders: Iterable<string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const dir of [...folders].sort()) {
    const hash = createHash("sha256");
    walk(dir, "", hash);
    out[dir] = hash.digest("hex");
  }
  return out;
}

function walk(root: string, rel: string, hash: ReturnType<typeof createHash>): void {
  let names: string[];
  try {
    names = readdirSync(join(root, rel)).sort();
  } catch {
    hash.update("\u0000missing\n");
    return;
  }
  for (const name of names) {
    const path = join(rel, name);
    const full = join(root, path);
    let isDir = false;
    try {
      isDir = statSync(full).isDirectory();
    } catch {
      // Gone while walking: its absence is what the digest records.
    }
    if (isDir) walk(root, path, hash);
    else hash.update(`${path}\u0000${stampOf(full)}\n`);
  }
}

/**
 * A file's content digest: a modification time can miss an edit (filesystems that keep whole seconds, a copy
 * that keeps times), and hashing the ~15 MB a full corpus reads costs ~0.1 s, a twentieth of preparing it.
 */
function stampOf(path: string): string {
  try {
    return createHash("sha256").update(readFileSync(path)).digest("base64");
  } catch {
    return "missing";
  }
}
