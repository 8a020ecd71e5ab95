/**
 * Reading a rule file of any supported format into a RuleFile, finding rule files in a folder, and
 * finding the macro/lookup folders that belong to a rule (an ESCU checkout keeps them beside `detections/`).
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, extname, join, resolve } from "node:path";
import { diag } from "../diagnostics.js";
import { detectLanguage, type Lang } from "../rule.js";
import { parseElasticRule } from "./elastic.js";
import { parseEscuDetection } from "./escu.js";
import { looksLikeSigma } from "../parser/sigma/index.js";
import { sigmaMeta } from "./sigma.js";
import { BAD_RULE_FILE, type RuleFile, type RuleFormat } from "./types.js";

/** Sidecar expectation files (`x.test.toml`) are never rules themselves. */
export function isTestSpecFile(path: string): boolean {
  return /\.test\.toml$/i.test(path);
}

/** The format implied by a file name, or undefined when it is not a rule file. */
export function ruleFormatOf(path: string): RuleFormat | undefined {
  if (isTestSpecFile(path)) return undefined;
  switch (extname(path).toLowerCase()) {
    case ".yml":
    case ".yaml":
      return "escu-yaml";
    case ".toml":
      return "elastic-toml";
    case ".spl":
      return "spl";
    case ".eql":
      return "eql";
    case ".kql":
      return "kql";
    case ".esql":
      return "esql";
    default:
      return undefined;
  }
}

/** Read and split a rule file. Never throws for bad content; an unreadable path is a `bad-rule-file` error. */
export function loadRuleFile(path: string, format: RuleFormat | undefined = ruleFormatOf(path)): RuleFile {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    const fmt = format ?? "spl";
    return failed(path, fmt, `cannot read \`${path}\`: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  return ruleFromText(text, path, format);
}

/** Same as loadRuleFile for text already in memory (`path` names it and picks the format). */
export function ruleFromText(text: string, path: string, format: RuleFormat | undefined = ruleFormatOf(path)): RuleFile {
  switch (format) {
    case "escu-yaml": {
      // Sigma rules are `.yml` too: told apart by content (`logsource:` + `detection:`).
      if (looksLikeSigma(text)) return sigmaRuleFile(text, path);
      const parsed = parseEscuDetection(text, path);
      if (!parsed.meta || parsed.search === undefined) return { ...failed(path, format, ""), diagnostics: parsed.diagnostics };
      return { path, format, lang: "spl", source: { name: `${path} (search)`, text: parsed.search }, meta: parsed.meta, diagnostics: [] };
    }
    case "elastic-toml": {
      const parsed = parseElasticRule(text, path);
      if (!parsed.meta || parsed.query === undefined) return { ...failed(path, format, ""), diagnostics: parsed.diagnostics };
      // Lucene rules still load; preparing them reports the language.
      const lang: Lang = parsed.meta.language === "kuery" ? "kql" : parsed.meta.language === "esql" ? "esql" : "eql";
      return { path, format, lang, source: { name: `${path} (rule.query)`, text: parsed.query }, meta: parsed.meta, diagnostics: [] };
    }
    case "sigma-yaml":
      return sigmaRuleFile(text, path);
    case "spl":
    case "eql":
    case "kql":
    case "esql":
    case undefined:
      if (format === undefined && looksLikeSigma(text)) return sigmaRuleFile(text, path);
      return { path, format: format ?? "spl", lang: format ?? detectLanguage(text, path), source: { name: path, text }, diagnostics: [] };
  }
}

/** A Sigma rule: the YAML is the rule text; a YAML that does not parse still loads (preparing it reports where). */
function sigmaRuleFile(text: string, path: string): RuleFile {
  const meta = sigmaMeta(text, basename(path));
  return { path, format: "sigma-yaml", lang: "sigma", source: { name: path, text }, ...(meta ? { meta } : {}), diagnostics: [] };
}

function failed(path: string, format: RuleFormat, message: string): RuleFile {
  return {
    path,
    format,
    lang: format === "eql" || format === "elastic-toml" ? "eql" : format === "kql" || format === "esql" ? format : "spl",
    source: { name: path, text: "" },
    diagnostics: message ? [diag(BAD_RULE_FILE, message)] : [],
  };
}

/** Folders that hold a rule's support files, never rules: their YAML is macro and lookup definitions. */
const SUPPORT_FOLDERS = new Set(["macros", "lookups"]);

/**
 * An ESCU checkout (or a copy of its layout): `detections/` beside `macros/` or `lookups/`. Its other
 * folders (`stories/`, `baselines/`, `playbooks/`, …) hold YAML that is not a detection.
 */
function isEscuRoot(dir: string, names: readonly string[]): boolean {
  const isDir = (n: string) => names.includes(n) && statSync(join(dir, n)).isDirectory();
  return isDir("detections") && (isDir("macros") || isDir("lookups"));
}

/** The folders of an ESCU checkout root that `findRuleFiles` does not read although they hold rule-format files. */
export interface UnreadEscuFolders {
  readonly root: string;
  readonly folders: readonly string[];
}

/**
 * Every rule file under `dir` (recursively, names sorted); `*.test.toml` sidecars are left out, and so are
 * `macros/` and `lookups/` folders. In an ESCU checkout's root only `detections/` is read; `unread`, when
 * given, gets each such root with its other folders that hold files of a rule format (`stories/`, a copied
 * `endpoint-all/` …), so a user pointing at the root can be told, not left to wonder why they never ran.
 */
export function findRuleFiles(dir: string, unread?: UnreadEscuFolders[]): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    const names = readdirSync(d).sort();
    const escuRoot = isEscuRoot(d, names);
    const skipped: string[] = [];
    for (const name of names) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) {
        if (SUPPORT_FOLDERS.has(name)) continue;
        if (escuRoot && name !== "detections") {
          if (unread && holdsRuleFiles(p)) skipped.push(`${name}/`);
          continue;
        }
        walk(p);
      } else if (ruleFormatOf(p) && !(escuRoot && ruleFormatOf(p) === "escu-yaml")) out.push(p);
    }
    if (skipped.length > 0) unread!.push({ root: d, folders: skipped });
  };
  walk(dir);
  return out;
}

/** Only for a note: a folder that cannot be read (or a broken link) holds nothing to name. */
function holdsRuleFiles(d: string): boolean {
  try {
    return readdirSync(d).some((name) => {
      const p = join(d, name);
      return statSync(p).isDirectory() ? !SUPPORT_FOLDERS.has(name) && holdsRuleFiles(p) : ruleFormatOf(p) !== undefined;
    });
  } catch {
    return false;
  }
}

/** Notes for stderr of the folders `findRuleFiles` left unread (none when every folder is read). */
export function unreadEscuFoldersNotes(unread: readonly UnreadEscuFolders[]): string[] {
  return unread.map(({ root, folders }) => {
    const shown = folders.length > 6 ? [...folders.slice(0, 6), `… ${folders.length - 6} more`] : folders;
    return `note: ${root} is an ESCU checkout, where only detections/ is read: not read ${shown.join(", ")} (name a folder to read its rules)`;
  });
}

/**
 * A support folder (`macros`, `lookups`) that belongs to the rule: `<folder>/<name>` beside the rule's
 * folder or up to two levels above it — ESCU keeps `detections/endpoint/x.yml` two levels below `macros/`.
 */
export function findBesideRule(rulePath: string, name: string): string | undefined {
  let dir = dirname(resolve(rulePath));
  for (let level = 0; level < 3; level++) {
    const candidate = join(dir, name);
    if (existsSync(candidate) && statSync(candidate).isDirectory()) return candidate;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return undefined;
}

/** `x.test.toml` beside `x.spl` / `x.eql` / `x.toml`. */
export function sidecarSpecPath(rulePath: string): string {
  return join(dirname(rulePath), basename(rulePath, extname(rulePath)) + ".test.toml");
}

/**
 * RULE as given on a command line: a rule file of any format, `-` for standard input, or the rule text
 * itself. An argument that looks like a path but names no file is never taken as rule text (it would
 * fail to parse, or worse, parse): it becomes a `bad-rule-file` error; `ruleArgumentProblem` says so
 * first, for a usage error. With `lang` given, such an argument is rule text.
 */
export function ruleFromArgument(arg: string, lang?: Lang): RuleFile {
  if (arg === "-") return ruleFromText(readFileSync(0, "utf8"), "<stdin>", undefined);
  const kind = pathKind(arg);
  if (kind === "file") {
    // Unknown extensions are read as plain rule text (language from the text), as before rule files existed.
    if (lang === "sigma") return loadRuleFile(arg, "sigma-yaml");
    return ruleFormatOf(arg) ? loadRuleFile(arg) : ruleFromText(readFileSync(arg, "utf8"), arg, undefined);
  }
  if (kind === "other") return ruleFromText(readFileSync(arg, "utf8"), arg, undefined); // a pipe: `<(cat rule.spl)`
  const problem = ruleArgumentProblem(arg, lang);
  if (problem !== undefined) return failed(arg, ruleFormatOf(arg) ?? "spl", problem);
  return ruleFromText(arg, "<inline>", undefined);
}

/** Why RULE names nothing to run (a missing path, a folder), or undefined: it is a file, `-` or rule text. */
export function ruleArgumentProblem(arg: string, lang?: Lang): string | undefined {
  if (arg === "-") return undefined;
  const kind = pathKind(arg);
  if (kind === "folder") return `no such rule file: ${arg} is a folder (\`splice test\` runs every rule in a folder)`;
  if (kind !== "missing" || lang !== undefined || !looksLikeRulePath(arg)) return undefined;
  return `no such rule file: ${arg}`;
}

/** Characters of rule text that paths (almost) never hold: pipes, comparisons, quotes, calls. */
const RULE_TEXT_CHARS = /[|="'()\n]/;
const RULE_EXTENSION = /\.(spl|eql|kql|ya?ml|toml)$/i;

/**
 * Whether a RULE argument that is not a file was meant as one: it ends in a rule-file extension,
 * starts like a path (`/`, `./`, `../`, `~/`), or has a `/` and no space — and holds none of the
 * characters rule text is made of (an EQL `: "x/c"` or an SPL `process="x/node:y"` is text).
 */
export function looksLikeRulePath(arg: string): boolean {
  const t = arg.trim();
  if (RULE_TEXT_CHARS.test(t)) return false;
  return RULE_EXTENSION.test(t) || /^(\/|\.{1,2}\/|~\/)/.test(t) || (t.includes("/") && !/\s/.test(t));
}

function pathKind(p: string): "file" | "folder" | "other" | "missing" {
  try {
    const st = statSync(p);
    return st.isFile() ? "file" : st.isDirectory() ? "folder" : "other";
  } catch {
    return "missing";
  }
}
