/**
 * Splunk_TA_windows `[source::XmlWinEventLog:Security]` (8.4.0; spl-addon-fields.md §3.1): the REPORT copies
 * (`Caller_User_Name`, `Logon_Type`, `Source_Workstation`, …), the EXTRACTs (`src_ip`, `process`), the EVALs
 * (`user`, `src_user`, `process_*`, `object*`, `file_*`, `ta_windows_action`, …) and the lookups (action,
 * status, change_type, object_category, result, signature), for every Security event. Code-specific rules
 * (4688's process rebuild) are in security.ts.
 */
import { canonicalHex } from "../adapters/win-values.js";
import { guarded, nonEmpty, type FieldSink, type WinFields } from "./addon.js";
import { ACCOUNT_MANAGEMENT, AUDIT_CHANGES, CHANGE_RESULTS, SIGNATURES, STATUS_ACTION } from "./security-tables.js";
import { errorCode, setBasename, setIf, xmlWinEventLogFields } from "./windows-common.js";

/** Codes whose `user`/`user_name`/`object` is the target and `src_user(_name)` the subject (EVAL lists). */
const TARGET_ACCOUNT_CODES: ReadonlySet<string> = new Set(["4703", "4704", "4705", "4722", "4723", "4724", "4725", "4726", "4738", "4767"]);
const OBJECT_ID_CODES: ReadonlySet<string> = new Set(["4704", "4705", "4722", "4723", "4724", "4725", "4726", "4738", "4767", "4781"]);
/** `user` = SubjectUserName unless `-` (EVAL-user). */
const SUBJECT_USER_CODES: ReadonlySet<string> = new Set(["4674", "4689", "4673", "4697"]);
/** `process_name` = basename(ProcessName) (EVAL-process_name); elsewhere the whole `ProcessName`. */
const BASENAME_PROCESS_CODES: ReadonlySet<string> = new Set(["4689", "4674", "4673"]);
const GROUP_CODES: ReadonlySet<string> = new Set([
  ...["4727", "4728", "4729", "4730", "4731", "4732", "4733", "4734", "4735", "4737", "4799"],
  ...Array.from({ length: 4764 - 4744 + 1 }, (_, i) => String(4744 + i)),
]);
const COMPUTER_CODES: ReadonlySet<string> = new Set(["4741", "4742", "4743"]);

/** `(?:[\\]+)?([^-].*)`: leading backslashes dropped; nothing when the rest starts with `-` or is empty. */
function hostPart(v: string | null): string | null {
  if (v === null) return null;
  let i = 0;
  while (v.charCodeAt(i) === 0x5c) i++;
  return i >= v.length || v[i] === "-" ? null : i === 0 ? v : v.slice(i);
}

/** `^((?:.*[\\/]+)*([^-].*))$` over ObjectName → [object_file_path, object_file_name], or null. */
export function objectFileParts(v: string | null): readonly [string, string] | null {
  if (v === null || v === "") return null;
  for (let i = v.length - 2; i >= 0; i--) {
    const c = v[i];
    if ((c === "\\" || c === "/") && v[i + 1] !== "-") return [v, v.slice(i + 1)];
  }
  return v[0] === "-" ? null : [v, v];
}

/** `(^"[^"]+"|[^\s]+)\s*(.*)` over the command line: the first token and the rest. */
const FIRST_AND_REST = /(^"[^"]+"|[^\s]+)\s*(.*)/s;

/** The status word of audit success/failure events (the non-public errorcode lookup, inferred). */
function auditOutcome(w: WinFields): "success" | "failure" {
  const keywords = w.system("Keywords");
  if (keywords !== null) {
    const k = canonicalHex(keywords);
    if (k === "0x8010000000000000") return "failure";
    if (k === "0x8020000000000000") return "success";
  }
  const status = nonEmpty(w.data("Status"));
  return status === null || /^0x0+$/i.test(status) ? "success" : "failure";
}

const subjectFields = guarded(
  ["Caller_User_Name", "Caller_Domain", "Target_User_Name", "Target_Domain", "Logon_ID", "session_id", "src_nt_domain", "dest_nt_domain"],
  (w, out) => {
    const subject = nonEmpty(w.data("SubjectUserName"));
    const subjectDomain = nonEmpty(w.data("SubjectDomainName"));
    const target = nonEmpty(w.data("TargetUserName"));
    setIf(out, "Caller_User_Name", subject);
    setIf(out, "Caller_Domain", subjectDomain);
    setIf(out, "Target_User_Name", target);
    setIf(out, "Target_Domain", w.data("TargetDomainName"));
    const logonId = nonEmpty(w.data("SubjectLogonId"));
    setIf(out, "Logon_ID", logonId);
    setIf(out, "session_id", logonId);
    if (subjectDomain !== null && subjectDomain !== "-") out.set("src_nt_domain", subjectDomain);
    const targetDomain = nonEmpty(w.data("TargetDomainName"));
    if (targetDomain !== null && targetDomain !== "-") out.set("dest_nt_domain", targetDomain);
  },
);

/** `user`, `user_name`, `src_user`, `src_user_name`, `object`, `object_id`, `user_group`, group fields. */
const accountFields = guarded(
  ["user", "user_name", "object", "src_user", "src_user_name", "object_id", "user_group", "Group_Name", "Group_Domain", "user_type"],
  (w, out) => {
    const code = w.code;
    const subject = nonEmpty(w.data("SubjectUserName"));
    const target = nonEmpty(w.data("TargetUserName"));
    const subjectUser = subject !== null && subject !== "-" ? subject : null;
    const newName = code === "4781" ? nonEmpty(w.data("NewTargetUserName")) : null;
    if (TARGET_ACCOUNT_CODES.has(code) || code === "4781") {
      const who = code === "4781" ? newName : target;
      setIf(out, "user", who);
      setIf(out, "user_name", who);
      setIf(out, "object", who);
      setIf(out, "src_user", subject);
      setIf(out, "src_user_name", subject);
    } else {
      if (code === "4688") setIf(out, "user", target === null || target === "-" ? subjectUser : target);
      else if (code === "4696") setIf(out, "user", target === "-" ? null : target);
      else if (SUBJECT_USER_CODES.has(code)) setIf(out, "user", subjectUser);
      else setIf(out, "user", target);
      setIf(out, "src_user", subjectUser);
    }
    if (OBJECT_ID_CODES.has(code)) setIf(out, "object_id", w.data("TargetSid"));
    else if (code === "4703") setIf(out, "object_id", w.data("TargetUserSid"));
    setIf(out, "user_group", target);
    if (GROUP_CODES.has(code)) {
      setIf(out, "Group_Name", target);
      setIf(out, "Group_Domain", w.data("TargetDomainName"));
    }
    if (COMPUTER_CODES.has(code)) out.set("user_type", "computer");
  },
);

/** Network and host fields: `src*`, `dest*`, ports, `Source_Workstation`. */
const hostFields = guarded(
  ["src_ip", "Source_Port", "src_port", "dest_port", "Source_Workstation", "src", "src_nt_host", "Target_Server_Name", "dest_nt_host", "dest"],
  (w, out) => {
    const ip = nonEmpty(w.data("IpAddress"));
    if (ip !== null && !ip.startsWith("::1") && !ip.startsWith("127.0.0.1")) out.set("src_ip", ip);
    const ipPort = nonEmpty(w.data("IpPort"));
    setIf(out, "Source_Port", ipPort);
    const code = w.code;
    const srcPort = code === "5156" || code === "5158" ? nonEmpty(w.data("SourcePort")) : ipPort;
    setIf(out, "src_port", srcPort);
    setIf(out, "dest_port", w.data("DestPort"));
    const workstation = nonEmpty(w.data("Workstation")) ?? nonEmpty(w.data("WorkstationName")) ?? ip;
    setIf(out, "Source_Workstation", workstation);
    const src = hostPart(workstation);
    setIf(out, "src", code === "4778" ? nonEmpty(w.data("ClientAddress")) : src);
    setIf(out, "src_nt_host", src);
    const server = nonEmpty(w.data("TargetServerName"));
    setIf(out, "Target_Server_Name", server);
    const serverHost = hostPart(server);
    setIf(out, "dest_nt_host", serverHost);
    out.set("dest", serverHost ?? w.system("Computer"));
  },
);

/** `process*`, `parent_process*`, `new_process*`, the command-line split, `Token_Elevation_Type*`. */
const processFields = guarded(
  [
    ...["process", "process_path", "process_id", "process_name", "process_exec", "new_process", "new_process_name", "new_process_id"],
    ...["parent_process", "parent_process_name", "target_process_name", "Process_Command_Line", "process_command_line_process"],
    ...["process_command_line_arguments", "Token_Elevation_Type", "Token_Elevation_Type_id"],
  ],
  (w, out) => {
    const code = w.code;
    const processName = nonEmpty(w.data("ProcessName"));
    const pid = nonEmpty(w.data("ProcessId"));
    if (code !== "4688" && code !== "4696") {
      setIf(out, "process", processName);
      setIf(out, "process_path", processName);
      if (pid !== null) out.set("process_id", canonicalHex(pid));
      if (BASENAME_PROCESS_CODES.has(code)) {
        setBasename(out, "process_name", processName);
        setBasename(out, "process_exec", processName);
      } else setIf(out, "process_name", processName);
    }
    const newProcess = nonEmpty(w.data("NewProcessName"));
    setIf(out, "new_process", newProcess);
    setBasename(out, "new_process_name", newProcess);
    const newPid = nonEmpty(w.data("NewProcessId"));
    if (newPid !== null) out.set("new_process_id", newPid);
    const parent = nonEmpty(w.data("ParentProcessName"));
    setIf(out, "parent_process", parent);
    setBasename(out, "parent_process_name", parent);
    setBasename(out, "target_process_name", nonEmpty(w.data("TargetProcessName")));
    const commandLine = nonEmpty(w.data("CommandLine"));
    if (commandLine !== null) {
      out.set("Process_Command_Line", commandLine);
      if (out.wants("process_command_line_process") || out.wants("process_command_line_arguments")) {
        const m = FIRST_AND_REST.exec(commandLine);
        if (m) {
          out.set("process_command_line_process", m[1]!);
          setIf(out, "process_command_line_arguments", m[2]!);
        }
      }
    }
    const elevation = nonEmpty(w.data("TokenElevationType"));
    if (elevation !== null) {
      out.set("Token_Elevation_Type", elevation);
      const digits = /^[^\d]+(\d+)/.exec(elevation);
      if (digits) out.set("Token_Elevation_Type_id", digits[1]!);
    }
  },
);

/** `object_file_*`, `file_*`, `registry_*` (4657), `object_attrs`. */
const objectFields = guarded(
  ["object_file_path", "object_file_name", "file_name", "file_path", "registry_path", "registry_value_name", "registry_value_type", "object_attrs"],
  (w, out) => {
    const code = w.code;
    const objectName = nonEmpty(w.data("ObjectName"));
    const parts = objectFileParts(objectName);
    if (parts !== null) {
      out.set("object_file_path", parts[0]);
      out.set("object_file_name", parts[1]);
    }
    const isFile = w.data("ObjectType") === "File";
    setIf(out, "file_name", isFile && parts !== null ? parts[1] : nonEmpty(w.data("ShareName")));
    setIf(out, "file_path", isFile && parts !== null ? parts[0] : nonEmpty(w.data("ShareLocalPath")));
    if (code === "4657") {
      setIf(out, "registry_path", objectName);
      setIf(out, "registry_value_name", w.data("ObjectValueName"));
      setIf(out, "registry_value_type", w.data("NewValueType"));
    }
    // EVAL-object_attrs, then the change lookup fills it when the eval left it null (OUTPUTNEW).
    const evaluated =
      code === "4720" || code === "4738"
        ? null
        : code === "4717"
          ? nonEmpty(w.data("AccessGranted"))
          : code === "4718"
            ? nonEmpty(w.data("AccessRemoved"))
            : (nonEmpty(w.data("SamAccountName")) ?? nonEmpty(w.data("RuleName")));
    const attrs = evaluated ?? nonEmpty(CHANGE_RESULTS.get(code)?.[0] ?? null);
    setIf(out, "object_attrs", attrs);
  },
);

/** The lookups, OUTPUTNEW in the TA's order: audit changes, the error-code action, results, signatures. */
const lookupFields = guarded(
  ["action", "change_type", "object_category", "status", "result", "signature", "name", "subject", "CategoryString", "ta_windows_security_CategoryString"],
  (w, out) => {
    const code = w.code;
    const outcome = auditOutcome(w);
    const change = AUDIT_CHANGES.get(code);
    const action = code === "4688" ? null : nonEmpty(change?.[0] ?? null) ?? outcome;
    if (action !== null) out.set("action", action);
    if (change !== undefined) {
      setIf(out, "change_type", change[1]);
      setIf(out, "object_category", change[2]);
    }
    out.set("status", outcome);
    setIf(out, "result", CHANGE_RESULTS.get(code)?.[1] ?? null);
    const signature = SIGNATURES.get(code);
    if (signature !== undefined) {
      out.set("signature", signature);
      out.set("name", signature);
      out.set("subject", signature);
    }
    if (ACCOUNT_MANAGEMENT.has(code)) {
      out.set("CategoryString", "Account Management");
      out.set("ta_windows_security_CategoryString", "Account Management");
    }
  },
);

/** Copies and evals of the stanza that are not about accounts, hosts, processes or objects. */
const otherFields = guarded(
  ["Logon_Type", "vendor_privilege", "privilege_id", "ta_windows_status", "Error_Code", "ta_windows_action", "vendor", "product"],
  (w, out) => {
    setIf(out, "Logon_Type", w.data("LogonType"));
    const privileges = nonEmpty(w.data("PrivilegeList"));
    if (privileges !== null) {
      out.set("vendor_privilege", privileges);
      const first = /^[^\r\n]+/.exec(privileges);
      if (first) out.set("privilege_id", first[0]);
    }
    const status = nonEmpty(w.data("Status"));
    setIf(out, "ta_windows_status", status);
    out.set("Error_Code", errorCode(w));
    out.set("ta_windows_action", (status !== null ? STATUS_ACTION.get(status.toUpperCase()) : undefined) ?? "failure");
    out.set("vendor", "Microsoft");
    out.set("product", "Windows");
  },
);

/** Everything the Security stanza gives every Security event. */
export function securityCommon(w: WinFields, out: FieldSink): void {
  xmlWinEventLogFields(w, out);
  subjectFields(w, out);
  hostFields(w, out);
  processFields(w, out);
  accountFields(w, out);
  objectFields(w, out);
  otherFields(w, out);
  lookupFields(w, out);
}
