/**
 * Sysmon registry events (EID 12 key created/deleted, 13 value set, 14 renamed) as the Sysmon add-on maps
 * them to Endpoint.Registry fields (spl-addon-fields.md §5.4, read from the shipped 4.x/5.x props by a
 * third party: `registry_key_name` is the key itself on 12/14 and the key holding the value on 13).
 */
import { canonicalHex } from "../adapters/win-values.js";
import { nonEmpty, type FieldSink, type WinFields } from "./addon.js";
import { setIf } from "./windows-common.js";

type Acting = (w: WinFields, out: FieldSink) => void;

/** Only these three prefixes are mapped, case as Sysmon writes them; other hives leave it empty. */
const HIVES: ReadonlyArray<readonly [string, string]> = [
  ["HKLM\\System\\", "HKEY_LOCAL_MACHINE\\System"],
  ["HKU\\", "HKEY_CURRENT_USER"],
  ["HKLM\\SOFTWARE\\", "HKEY_LOCAL_MACHINE\\Software"],
];

function hiveOf(path: string): string | null {
  for (const [prefix, hive] of HIVES) if (path.startsWith(prefix)) return hive;
  return null;
}

/** The `n`-th segment from the end of a `\`-separated path (1 = last), or null. */
function segmentFromEnd(path: string, n: number): string | null {
  let end = path.length;
  for (let i = 1; i < n; i++) {
    end = path.lastIndexOf("\\", end - 1);
    if (end < 0) return null;
  }
  return path.slice(path.lastIndexOf("\\", end - 1) + 1, end);
}

/** `\w+\s\((.+)\)` over the whole `Details` (the add-on's transform): `QWORD (0x01d7-0xd724)` → type, data. */
const TYPED_DETAILS = /^(\w+)\s\((.+)\)$/;

function registryCommon(w: WinFields, out: FieldSink, acting: Acting): string | null {
  acting(w, out);
  const path = nonEmpty(w.data("TargetObject"));
  if (path === null) return null;
  out.set("registry_path", path);
  if (out.wants("registry_hive")) setIf(out, "registry_hive", hiveOf(path));
  out.set("object_category", "registry");
  return path;
}

/** EID 12: `created` for CreateKey, `deleted` for DeleteKey/DeleteValue. */
export function registryKey(w: WinFields, out: FieldSink, acting: Acting): void {
  const path = registryCommon(w, out, acting);
  if (path !== null) {
    out.set("object_path", path);
    if (out.wants("registry_key_name")) setIf(out, "registry_key_name", segmentFromEnd(path, 1));
  }
  const type = w.data("EventType");
  if (type === "CreateKey") out.set("action", "created");
  else if (type === "DeleteKey" || type === "DeleteValue") out.set("action", "deleted");
  out.set("status", "success");
}

/** EID 13: the value's name is the last segment, its key the one before; data from `Details`. */
export function registryValue(w: WinFields, out: FieldSink, acting: Acting): void {
  const path = registryCommon(w, out, acting);
  if (path !== null) {
    out.set("object_path", path);
    if (out.wants("registry_key_name")) setIf(out, "registry_key_name", segmentFromEnd(path, 2));
    if (out.wants("registry_value_name")) setIf(out, "registry_value_name", segmentFromEnd(path, 1));
  }
  const details = nonEmpty(w.data("Details"));
  if (details !== null) {
    const typed = TYPED_DETAILS.exec(details);
    if (typed) {
      out.set("RegistryValueType", typed[1]!);
      out.set("RegistryValueData", typed[2]!);
      out.set("registry_value_type", typed[1]!);
    }
    out.set("registry_value_data", typed ? typed[2]! : details);
  }
  out.set("action", "modified");
  out.set("status", "success");
}

/** EID 14: renamed key or value; the new name is `object_path`; `status` only on audit success. */
export function registryRename(w: WinFields, out: FieldSink, acting: Acting): void {
  const path = registryCommon(w, out, acting);
  if (path !== null && out.wants("registry_key_name")) setIf(out, "registry_key_name", segmentFromEnd(path, 1));
  setIf(out, "object_path", w.data("NewName"));
  out.set("action", "modified");
  const keywords = w.system("Keywords");
  if (keywords !== null && canonicalHex(keywords) === "0x8000000000000000") out.set("status", "success");
}
