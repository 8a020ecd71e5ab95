/**
 * Sigma `process_creation` over CrowdStrike Falcon Data Replicator events, as pySigma's CrowdStrike FDR
 * pipeline maps it (read from SigmaHQ/pySigma-backend-crowdstrike `sigma/pipelines/crowdstrike/crowdstrike.py`):
 * - the events: `event_simpleName` ProcessRollup2 or SyntheticProcessRollup2, `event_platform` Win;
 * - the fields: Image → ImageFileName, ParentImage → ParentBaseFileName, User → UserName, ProcessId →
 *   RawProcessId, sha256 → SHA256HashData, Computer → ComputerName, OriginalFileName → OriginalFilename; any
 *   other name is read as it is (a ProcessRollup2 without it never matches);
 * - the fields a ProcessRollup2 event does not carry (CurrentDirectory, ParentCommandLine, hashes but
 *   SHA-256, version info, GUIDs, the parent's id) make the pipeline fail the rule: here the rule's
 *   CrowdStrike branch is left out, with a warning, and its Windows event log branches still run;
 * - ParentBaseFileName holds only the parent's file name: each value must be a file-name pattern
 *   (`*\name.exe`, `*name`), and `*\name.exe` becomes `name.exe`;
 * - ImageFileName is a device path (`\Device\HarddiskVolume2\Windows\…`): a drive `C:` … `Z:` becomes
 *   `\Device\HarddiskVolume?` and every other `:` goes;
 * - IntegrityLevel is a number: a rule must name a level (`High`, `System`, …), and the names become numbers.
 * Only `process_creation` is mapped: the shipped CrowdStrike adapter's events are process starts first, and
 * the pipeline's other categories need event kinds whose fields splice has not checked.
 */
import type { Span } from "../../diagnostics.js";
import type { StrPart, SigmaValueT, ModifiedItem } from "./values.js";

export const CROWDSTRIKE_SOURCETYPE = "crowdstrike:events:sensor";
export const CROWDSTRIKE_PROCESS_EVENTS = ["ProcessRollup2", "SyntheticProcessRollup2"] as const;

const FIELDS: Readonly<Record<string, string>> = {
  Image: "ImageFileName",
  ParentImage: "ParentBaseFileName",
  User: "UserName",
  ProcessId: "RawProcessId",
  sha256: "SHA256HashData",
  Computer: "ComputerName",
  OriginalFileName: "OriginalFilename",
};

const UNSUPPORTED = new Set([
  "CurrentDirectory", "imphash", "md5", "sha1", "ParentCommandLine", "FileVersion", "Description", "Product", "Company",
  "LogonGuid", "ParentProcessGuid", "ParentProcessId",
]);

const INTEGRITY_LEVELS: Readonly<Record<string, string>> = {
  Protected: "20480",
  System: "16384",
  High: "12288",
  Medium_Plus: "8448",
  Medium: "8192",
  Low: "4096",
  Untrusted: "0",
};

/** Why the branch cannot run a rule, and where in the rule. */
export class BranchLeftOut extends Error {
  constructor(
    message: string,
    readonly span: Span,
  ) {
    super(message);
  }
}

/** The ProcessRollup2 field a Sigma field name reads; throws BranchLeftOut for the names the events lack. */
export function crowdstrikeField(name: string, span: Span): string {
  if (UNSUPPORTED.has(name)) throw new BranchLeftOut(`ProcessRollup2 events have no \`${name}\``, span);
  return Object.hasOwn(FIELDS, name) ? FIELDS[name]! : name;
}

/** A Sigma string as pySigma writes it: wildcards as `*` `?`, a literal `*` or `?` escaped with `\`. */
function written(parts: readonly StrPart[]): string {
  return parts.map((p) => (typeof p === "string" ? p.replace(/[*?]/g, "\\$&") : p.wild)).join("");
}

/** The values of one detection item as the pipeline rewrites them for the mapped field. */
export function crowdstrikeValues(mapped: string, m: ModifiedItem): ModifiedItem {
  const rewrite = mapped === "ParentBaseFileName" ? parentFileName : mapped === "ImageFileName" ? devicePath : mapped === "IntegrityLevel" ? integrityLevel : undefined;
  if (!rewrite) return m;
  return { ...m, values: m.values.map((alts) => alts.map(rewrite)) };
}

function parentFileName(v: SigmaValueT): SigmaValueT {
  if (v.kind !== "str" || !/^\*\\?[^\\]+$/.test(written(v.parts))) {
    throw new BranchLeftOut("ProcessRollup2 events have only the file name of the parent image (`ParentBaseFileName`); the value is not a file-name pattern such as `*\\name.exe`", v.span);
  }
  // `*\name` → `name` (the check above left no other backslash in it).
  const [first, second, ...rest] = v.parts;
  if (typeof first !== "string" && first?.wild === "*" && typeof second === "string" && second.startsWith("\\")) {
    return { ...v, parts: second.length > 1 ? [second.slice(1), ...rest] : rest };
  }
  return v;
}

function devicePath(v: SigmaValueT): SigmaValueT {
  if (v.kind !== "str") return v;
  const parts: StrPart[] = [];
  for (const p of v.parts) {
    if (typeof p !== "string") {
      parts.push(p);
      continue;
    }
    const pieces = p.split(/[C-Z]:/);
    pieces.forEach((piece, i) => {
      if (i > 0) parts.push("\\Device\\HarddiskVolume", { wild: "?" });
      const text = piece.replaceAll(":", "");
      if (text !== "") parts.push(text);
    });
  }
  return { ...v, parts };
}

function isLevelName(s: string): boolean {
  return Object.hasOwn(INTEGRITY_LEVELS, s);
}

function integrityLevel(v: SigmaValueT): SigmaValueT {
  if (v.kind !== "str" || v.parts.length !== 1 || typeof v.parts[0] !== "string") return v;
  return isLevelName(v.parts[0]) ? { ...v, parts: [INTEGRITY_LEVELS[v.parts[0]]!] } : v;
}

/**
 * The pipeline fails a rule with an IntegrityLevel condition that names no level its map knows (only a
 * SID such as `S-1-16-12288`): the events hold the level's number.
 */
export function checkIntegrityLevels(items: readonly { readonly field: string; readonly span: Span; readonly m: ModifiedItem }[]): void {
  const levels = items.filter((i) => i.field === "IntegrityLevel");
  if (levels.length === 0) return;
  const named = levels.some((i) => i.m.values.some((alts) => alts.some((v) => v.kind === "str" && v.parts.length === 1 && typeof v.parts[0] === "string" && isLevelName(v.parts[0]))));
  if (!named) {
    throw new BranchLeftOut(`ProcessRollup2 events hold the integrity level as a number: name one of ${Object.keys(INTEGRITY_LEVELS).join(", ")}`, levels[0]!.span);
  }
}
