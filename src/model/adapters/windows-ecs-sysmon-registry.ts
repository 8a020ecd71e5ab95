/**
 * Sysmon EID 12/13/14 → `registry.*` (ecs-mapping.md §5.10), with the pipeline's quirks: the key keeps
 * the value name, the value is the last path component even for key events, and a QWORD is
 * `(high << 8) + low` (Elastic's shift, kept so `registry.data.strings` matches what Elastic stores).
 */
import type { WinEcs } from "./windows-ecs-context.js";
import { own } from "./win-values.js";

const HIVES: Readonly<Record<string, string>> = {
  HKLM: "HKLM", HKEY_LOCAL_MACHINE: "HKLM",
  HKU: "HKU", HKEY_USERS: "HKU",
  HKCR: "HKCR", HKEY_CLASSES_ROOT: "HKCR",
  HKCU: "HKCU", HKEY_CURRENT_USER: "HKCU",
  HKCC: "HKCC", HKEY_CURRENT_CONFIG: "HKCC",
  HKDD: "HKDD", HKEY_DYN_DATA: "HKDD",
  HKPD: "HKPD", HKEY_PERFORMANCE_DATA: "HKPD",
};

const QWORD = /^QWORD \((0x[0-9A-F]{8})-(0x[0-9A-F]{8})\)$/i;
const DWORD = /^DWORD \((0x[0-9A-F]{8})\)$/i;

/** `registry.data.type` and the one string of `registry.data.strings` for a Details text. */
export function registryData(details: string): readonly [type: string, value: string] {
  const q = QWORD.exec(details);
  if (q) return ["SZ_QWORD", String(parseInt(q[1]!, 16) * 256 + parseInt(q[2]!, 16))];
  const d = DWORD.exec(details);
  if (d) return ["SZ_DWORD", String(parseInt(d[1]!, 16))];
  if (details === "Binary Data") return ["REG_BINARY", details];
  return ["REG_SZ", details];
}

export function sysmonRegistry(c: WinEcs): void {
  const path = c.get("TargetObject");
  if (path === undefined) return;
  const doc = c.doc;
  doc.set("registry.path", path);
  // Java's split: trailing empty tokens are dropped, a leading one is kept.
  const tokens = path.split("\\");
  while (tokens.length > 1 && tokens[tokens.length - 1] === "") tokens.pop();
  const hive = own(HIVES, tokens[0]!);
  if (hive !== undefined) {
    doc.set("registry.hive", hive);
    if (tokens.length > 1) doc.set("registry.key", tokens.slice(1).join("\\"));
  }
  doc.set("registry.value", tokens[tokens.length - 1]!);
  const details = c.get("Details");
  if (details !== undefined && (doc.wants("registry.data.type") || doc.wants("registry.data.strings"))) {
    const [type, value] = registryData(details);
    doc.set("registry.data.strings", [value]);
    doc.set("registry.data.type", type);
  }
}
