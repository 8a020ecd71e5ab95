/**
 * PowerShell → ECS (ecs-mapping.md §8): `Microsoft-Windows-PowerShell/Operational` (4103, 4104, 4105,
 * 4106, …) as beats' powershell_operational pipeline maps it, and the classic `Windows PowerShell`
 * channel (400, 403, 600, 800) as its powershell pipeline does. Both first turn the event's text blobs
 * (4103 ContextInfo, the classic `param2`/`param3`) into key=value pairs, so the mapping works on a
 * derived record of the event data.
 */
import type { WinEcs } from "./windows-ecs-context.js";
import { goCommandLineToArgv } from "./argv.js";

const PROCESS = Object.freeze(["process"]);
const TYPES: Readonly<Record<string, readonly string[]>> = {
  start: Object.freeze(["start"]),
  end: Object.freeze(["end"]),
  info: Object.freeze(["info"]),
};

/** ES `kv`: pairs split by `fieldSplit`, key and value at the first `=`, both trimmed of `trim`'s characters. */
function kv(text: string, fieldSplit: RegExp, trim: string, into: Record<string, string>): void {
  for (const part of text.split(fieldSplit)) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    const key = trimChars(part.slice(0, eq), trim);
    if (key !== "") into[key] = trimChars(part.slice(eq + 1), trim);
  }
}

function trimChars(s: string, chars: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && chars.includes(s[a]!)) a++;
  while (b > a && chars.includes(s[b - 1]!)) b--;
  return s.slice(a, b);
}

/** The event data as ECS text, empty values dropped (what the pipeline starts from). */
function dataOf(c: WinEcs): Record<string, string> {
  const out: Record<string, string> = {};
  const raw = c.dataRecord();
  for (const name in raw) {
    const v = c.get(name);
    if (v !== undefined) out[name === "Data" ? "param1" : name.replace(/^Data\[(\d+)\]$/, "param$1")] = v;
  }
  return out;
}

/** `DOMAIN\name` → [domain, name] when it has exactly two parts. */
function account(v: string | undefined): readonly [string, string] | null {
  if (v === undefined) return null;
  const parts = v.split("\\");
  return parts.length === 2 ? [parts[0]!, parts[1]!] : null;
}

function setAccount(c: WinEcs, prefix: string, acct: readonly [string, string] | null): void {
  if (acct === null) return;
  if (acct[0]) c.doc.set(prefix + "domain", acct[0]);
  if (acct[1]) c.doc.set(prefix + "name", acct[1]);
  c.relate("user", acct[1]);
}

/** Lines `Type(Command): value` → `powershell.command.invocation_details` (a list of objects, as leaves). */
function invocationDetails(c: WinEcs, text: string, line: RegExp): void {
  const type: string[] = [];
  const related: string[] = [];
  const names: string[] = [];
  const values: string[] = [];
  for (const raw of text.split("\n")) {
    const m = line.exec(raw);
    if (!m) {
      values.push(raw);
      continue;
    }
    const binding = m[1] === "ParameterBinding" ? /^name=(.+);\s*value=(.+)$/s.exec(m[3] ?? "") : null;
    if (m[1] === "ParameterBinding" && !binding) {
      if (m[3] !== undefined) values.push(m[3]);
      continue;
    }
    type.push(m[1]!);
    related.push(m[2]!);
    if (binding) {
      names.push(binding[1]!);
      values.push(binding[2]!);
    } else if (m[3] !== undefined) values.push(m[3]);
  }
  const p = "powershell.command.invocation_details.";
  if (related.length) c.doc.set(p + "related_command", related);
  if (type.length) c.doc.set(p + "type", type);
  if (names.length) c.doc.set(p + "name", names);
  if (values.length) c.doc.set(p + "value", values);
}

function long(v: string | undefined): number | undefined {
  return v !== undefined && /^[+-]?\d+$/.test(v.trim()) ? Number(v.trim()) : undefined;
}

function processFields(c: WinEcs, hostId: string): void {
  c.set("process.entity_id", c.take(hostId));
  const cmd = c.take("HostApplication");
  if (cmd !== undefined) {
    c.doc.set("process.command_line", cmd);
    if (c.doc.wants("process.args") || c.doc.wants("process.args_count")) {
      const args = goCommandLineToArgv(cmd);
      c.doc.set("process.args", args);
      c.doc.set("process.args_count", args.length);
    }
  }
  c.set("process.title", c.take("HostName"));
}

/** The script's file fields: name, directory and extension from the path, then the path itself. */
function scriptFile(c: WinEcs, path: string | undefined): void {
  if (path === undefined) return;
  if (path.length > 1) {
    const slash = path.lastIndexOf("\\");
    if (slash >= 0) {
      c.doc.set("file.name", path.slice(slash + 1));
      c.doc.set("file.directory", path.slice(0, slash));
      const dot = path.lastIndexOf(".");
      if (dot >= 0) c.doc.set("file.extension", path.slice(dot + 1));
    }
  }
  c.doc.set("file.path", path);
}

const RENAMES: ReadonlyArray<readonly [string, string]> = [
  ["EngineVersion", "powershell.engine.version"],
  ["HostVersion", "powershell.process.executable_version"],
  ["CommandLine", "powershell.command.value"],
  ["CommandPath", "powershell.command.path"],
  ["CommandName", "powershell.command.name"],
  ["CommandType", "powershell.command.type"],
];

/** §8.1: the Operational channel. */
export function powershellEcs(c: WinEcs): void {
  const code = c.code;
  const data = dataOf(c);
  if (code === "4103" && data["ContextInfo"] !== undefined) kv(data["ContextInfo"], /\n/, " \n\t", data);
  const record: Record<string, string> = {};
  for (const name in data) if (data[name] !== "") record[name.replace(/\s/g, "")] = data[name]!;
  c.useDerivedData(record);
  c.doc.set("event.category", PROCESS);
  c.doc.set("event.type", code === "4105" ? TYPES["start"]! : code === "4106" ? TYPES["end"]! : TYPES["info"]!);
  c.set("event.sequence", long(c.take("SequenceNumber")));
  processFields(c, "HostID");
  c.set("user.id", c.win.system["Security.UserID"] || undefined);
  const user = account(c.take("User"));
  const connected = account(c.take("ConnectedUser"));
  if (connected !== null) {
    // A connected (remote) user is the actor: the local account becomes the destination user.
    setAccount(c, "destination.user.", user);
    setAccount(c, "source.user.", connected);
    setAccount(c, "user.", connected);
  } else setAccount(c, "user.", user);
  c.set("powershell.sequence", long(c.take("MessageNumber")));
  c.set("powershell.total", long(c.take("MessageTotal")));
  c.set("powershell.id", c.take("ShellID"));
  c.set("powershell.pipeline_id", c.take("PipelineID"));
  c.set("powershell.runspace_id", c.take("RunspaceID") ?? c.take("RunspaceId"));
  for (const [from, to] of RENAMES) c.set(to, c.take(from));
  c.set("powershell.file.script_block_id", c.take("ScriptBlockId"));
  c.set("powershell.file.script_block_text", c.take("ScriptBlockText"));
  const payload = c.take("Payload");
  if (code === "4103" && payload !== undefined) invocationDetails(c, payload, /^(.+)\((.+)\):\s*(.+)?$/s);
  scriptFile(c, c.take("ScriptName") ?? c.take("Path"));
  for (const name of ["ContextInfo", "Severity"]) c.remove(name);
}

/** §8.2: the classic `Windows PowerShell` channel. */
export function powershellClassicEcs(c: WinEcs): void {
  const code = c.code;
  const data = dataOf(c);
  const blob = code === "800" ? data["param2"] : data["param3"];
  if (blob !== undefined) kv(blob, /\n\t/, "\n\t", data);
  c.useDerivedData(data);
  c.doc.set("event.category", PROCESS);
  c.doc.set("event.type", code === "400" ? TYPES["start"]! : code === "403" ? TYPES["end"]! : TYPES["info"]!);
  c.set("event.sequence", long(c.take("SequenceNumber")));
  processFields(c, "HostId");
  setAccount(c, "user.", account(c.take("UserId")));
  c.set("powershell.engine.new_state", c.take("NewEngineState"));
  c.set("powershell.engine.previous_state", c.take("PreviousEngineState"));
  c.set("powershell.provider.new_state", c.take("NewProviderState"));
  c.set("powershell.provider.name", c.take("ProviderName"));
  c.set("powershell.total", long(c.take("DetailTotal")));
  c.set("powershell.sequence", long(c.take("DetailSequence")));
  c.set("powershell.pipeline_id", c.take("PipelineId"));
  c.set("powershell.runspace_id", c.take("RunspaceId"));
  for (const [from, to] of RENAMES) c.set(to, c.take(from));
  const details = data["param3"];
  if (code === "800" && details !== undefined) invocationDetails(c, details, /^([^:(]+)\((.+)\):\s*(.+)?$/s);
  scriptFile(c, c.take("ScriptName"));
  for (const name of ["param1", "param2", "param3"]) c.remove(name);
}
