/**
 * Sharing repeated values between events. A log repeats the same host, channel, provider, image
 * path, user and hash text in thousands of records; each parsed record carries its own copy, and
 * the model keeps them all. Readers pass every value through `internValue`, so equal strings are
 * one string in memory. The table is bounded: when full it starts over, so unique values (GUIDs,
 * times, record numbers) cannot grow it without limit — a value seen again after a reset is simply
 * stored once more.
 */

const MAX_ENTRIES = 1 << 15;
/** Shorter strings are copies already when sliced out of a larger one (V8's SlicedString minimum). */
const MIN_SLICE_LENGTH = 13;

let table = new Map<string, string>();

/**
 * Fields whose values (almost) never repeat: record numbers, times, GUIDs and PIDs of new processes.
 * Looking them up only costs a hash and churns the table, so they are copied (when detaching) but not
 * shared.
 */
const UNIQUE_FIELDS: ReadonlySet<string> = new Set([
  "EventRecordID", "TimeCreated.SystemTime", "UtcTime", "ProcessGuid", "ProcessId", "NewProcessId",
  "RecordNumber", "EventTime", "EventReceivedTime", "@timestamp", "LogonGuid", "SystemTime",
]);

/** `internValue` unless `field` holds values that do not repeat (then only the detaching copy). */
export function internField(field: string, s: string, detach = false): string {
  if (UNIQUE_FIELDS.has(field)) return detach ? detachValue(s) : s;
  return internValue(s, detach);
}

function detachValue(s: string): string {
  // Slicing a fresh concatenation flattens it into a new string of the value's own length.
  return s.length >= MIN_SLICE_LENGTH ? ("\0" + s).slice(1) : s;
}

/**
 * The shared copy of `s`. With `detach`, a first occurrence is stored as a copy that does not keep
 * a larger parent string alive (`s` cut out of a whole XML event with `slice` would).
 */
export function internValue(s: string, detach = false): string {
  const hit = table.get(s);
  if (hit !== undefined) return hit;
  if (table.size >= MAX_ENTRIES) table = new Map();
  const own = detach ? detachValue(s) : s;
  table.set(own, own);
  return own;
}

/** CIM fields that repeat across events (paths, names, users, hashes, command lines): shared copies. */
const REPEATING_CIM_FIELDS = [
  "host", "dest", "user", "process", "process_name", "process_exec", "process_path", "parent_process",
  "parent_process_name", "parent_process_exec", "parent_process_path", "original_file_name", "process_hash",
  "process_current_directory", "process_integrity_level",
] as const;

/** Intern a kept Splunk row's repeating values in place (ids, GUIDs and times are left as they are). */
export function internSplunkRow(row: Record<string, unknown>): void {
  for (const k of REPEATING_CIM_FIELDS) {
    const v = row[k];
    if (typeof v === "string") row[k] = internValue(v);
  }
  for (const k in row) {
    const v = row[k];
    if (typeof v === "string" && REPEATING_EVENT_DATA.has(k)) row[k] = internValue(v);
  }
}

/**
 * Event data fields of process starts whose values recur across events: image paths, users, PE
 * metadata, hashes, command lines. Both views copy them, so one shared copy serves both.
 */
const REPEATING_EVENT_DATA: ReadonlySet<string> = new Set([
  "Image", "ParentImage", "CommandLine", "ParentCommandLine", "User", "ParentUser", "Hashes", "Company",
  "Product", "Description", "FileVersion", "OriginalFileName", "CurrentDirectory", "IntegrityLevel",
  "NewProcessName", "ParentProcessName", "SubjectUserName", "SubjectDomainName", "SubjectUserSid",
  "TargetUserName", "TargetDomainName", "TargetUserSid", "MandatoryLabel", "TokenElevationType",
]);

export function repeatingEventData(field: string): boolean {
  return REPEATING_EVENT_DATA.has(field);
}
