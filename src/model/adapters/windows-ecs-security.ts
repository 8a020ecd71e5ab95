/**
 * Security channel → ECS, as the beats Security pipeline maps it (ecs-mapping.md §6), in the pipeline's
 * order, which decides whose account ends up in `user.*` (the target for logons, the subject for most
 * else). Unlike Sysmon there is no pre-step: `-` values stay in event_data and some are copied into ECS
 * (4624 `process.executable: "-"`).
 */
import type { WinEcs } from "./windows-ecs-context.js";
import { naiveSplit4688 } from "./argv.js";
import { internValue } from "./intern.js";
import { afterLastBackslash, decodeLong, own } from "./win-values.js";
import { unmapIpv4 } from "./windows-ecs-sysmon-dns.js";
import { accessList, accessMask, auditSubcategory, messageText } from "./windows-ecs-security-messages.js";
import {
  COMMON_AUTH_CODES, COMPUTER_CODES, EFFECTIVE_CODES, ENCRYPTION_TYPES, GROUP_CODES, KERBEROS_CODES, KERBEROS_RESULTS,
  LOGOFF_CODES, LOGON_FAILURE_CODES, LOGON_STATUS, LOGON_TYPES, PRIVILEGE_LIST_CODES, RELATED_SUBJECT_CODES,
  RELATED_TARGET_CODES, SECURITY_CATEGORIES, SERVICE_TYPES, SUBJECT_USER_CODES, TARGET_TO_TARGET_CODES,
  TARGET_USER_CODES, TICKET_OPTIONS, UAC_BITS,
} from "./windows-ecs-security-tables.js";

/** The accounts the steps fill and overwrite, written once at the end. */
interface Users {
  id?: string;
  name?: string;
  domain?: string;
  targetId?: string;
  targetName?: string;
  targetDomain?: string;
  effectiveId?: string;
  effectiveName?: string;
  effectiveDomain?: string;
}

const present = (v: string | undefined): v is string => v !== undefined && v !== "-";
/** Java's `String.split`: as JavaScript's, but trailing empty strings are dropped. */
function javaSplit(s: string, separator: RegExp): string[] {
  const parts = s.split(separator);
  while (parts.length > 1 && parts[parts.length - 1] === "") parts.pop();
  return parts;
}

/** `user@REALM` → `user` (Kerberos names, §10 item 15). */
const beforeAt = (v: string): string => v.split("@")[0]!;

export function securityEcs(c: WinEcs): void {
  const code = c.code;
  const doc = c.doc;
  const cat = SECURITY_CATEGORIES.get(code);
  if (cat !== undefined) {
    doc.set("event.category", cat.category);
    doc.set("event.type", cat.type);
    doc.set("event.action", cat.action);
    c.actionSet = true;
  }
  if (c.needs("winlog.logon.")) {
    const logonType = c.get("LogonType");
    if (logonType !== undefined) c.set("winlog.logon.type", own(LOGON_TYPES, logonType));
  }
  // Only the event data and winlog.logon.failure.reason come from the description tables.
  if (c.needs("winlog.logon.")) descriptions(c);
  if (c.needs("service.")) {
    c.set("service.name", c.get("ServiceName"));
    const serviceType = c.get("ServiceType");
    if (serviceType !== undefined) c.set("service.type", own(SERVICE_TYPES, serviceType));
  }
  if (LOGON_FAILURE_CODES.has(code) && c.needs("winlog.logon.")) {
    const status = c.get("Status");
    const sub = c.get("SubStatus");
    if (status !== undefined) c.set("winlog.logon.failure.status", own(LOGON_STATUS, status));
    if (sub !== undefined) c.set("winlog.logon.failure.sub_status", own(LOGON_STATUS, sub));
  }
  if (c.needs("user.", "group.", "winlog.logon.", "winlog.computerObject.", "related.")) users(c);
  if (c.needs("process.", "source.", "user.", "related.")) processAndSource(c);
  if (PRIVILEGE_LIST_CODES.has(code) && c.needs()) {
    const privileges = c.get("PrivilegeList");
    if (privileges !== undefined) c.replace("PrivilegeList", javaSplit(privileges, /\s+/));
  }
  if ((code === "5140" || code === "5145") && c.needs("file.")) shareFile(c);
}

/** §6.2 steps 3–9: lookups that add `*Description` keys to event_data or replace values there. */
function descriptions(c: WinEcs): void {
  const code = c.code;
  const uac = c.get("NewUacValue");
  if (present(uac)) {
    const value = decodeLong(uac.trim());
    const names = value === null ? [] : UAC_BITS.filter((_, bit) => (value & (1 << bit)) !== 0);
    if (names.length) {
      c.addData("NewUACList", names);
      const control = c.get("UserAccountControl");
      if (present(control)) {
        c.replace("UserAccountControl", control.split("\n").map((s) => s.replace(/%%/g, "").trim()).filter((s) => s !== ""));
      }
    }
  }
  const options = c.get("TicketOptions");
  if (options !== undefined) {
    const value = decodeLong(options);
    const names = value === null ? [] : TICKET_OPTIONS.filter(([bit]) => (value & bit) === bit).map(([, name]) => name);
    if (names.length) c.addData("TicketOptionsDescription", names);
  }
  const etype = c.get("TicketEncryptionType");
  if (etype !== undefined) {
    const name = own(ENCRYPTION_TYPES, etype.toLowerCase());
    if (name !== undefined) c.addData("TicketEncryptionTypeDescription", name);
  }
  const status = c.get("Status");
  if (status !== undefined && KERBEROS_CODES.has(code)) {
    const key = /^0x/i.test(status) ? "0x" + status.slice(2).toUpperCase() : status;
    const name = own(KERBEROS_RESULTS, key);
    if (name !== undefined) c.addData("StatusDescription", name);
  }
  const subcategory = c.get("SubcategoryGuid");
  if (subcategory !== undefined) {
    const names = auditSubcategory(subcategory);
    if (names) {
      c.addData("Category", names[0]);
      c.addData("SubCategory", names[1]);
    }
  }
  const reason = c.get("FailureReason");
  if (reason !== undefined) {
    const bare = reason.replace(/%%/g, "");
    c.doc.set("winlog.logon.failure.reason", messageText(bare) ?? bare);
  }
  const changes = c.get("AuditPolicyChanges");
  if (changes !== undefined) {
    const list = changes.split(",").map((s) => s.replace(/%%/g, "").trim());
    c.addData("AuditPolicyChangesDescription", list.map((s) => messageText(s) ?? s));
  }
  const access = c.get("AccessList");
  if (access !== undefined) {
    const [codes, description] = accessList(access);
    if (codes.length) c.replace("AccessList", codes);
    if (description.length) c.addData("AccessListDescription", description);
  }
  for (const key of ["Direction", "LayerName"] as const) {
    const v = c.get(key);
    const text = v === undefined ? undefined : messageText(v.replace(/%%/g, "").trim());
    if (text !== undefined) c.addData(key + "Description", text);
  }
  const mask = c.get("AccessMask");
  if (mask !== undefined) {
    const [list, description] = accessMask(mask);
    if (list.length) c.replace("AccessMask", list);
    if (description.length) c.addData("AccessMaskDescription", description);
  }
}

/** §6.2 steps 13–22: user, user.target, user.effective, group, computer object, logon id. */
function users(c: WinEcs): void {
  const code = c.code;
  const u: Users = {};
  const targetName = c.get("TargetUserName");
  const targetDomain = c.get("TargetDomainName");
  const targetUserSid = c.get("TargetUserSid");
  const targetSid = c.get("TargetSid");
  if (TARGET_USER_CODES.has(code)) {
    const id = targetUserSid ?? targetSid;
    if (id !== undefined) u.id === undefined ? (u.id = id) : (u.targetId = id);
    if (targetName !== undefined) {
      const name = beforeAt(targetName);
      u.name === undefined ? (u.name = name) : (u.targetName = name);
      c.relate("user", name);
    }
    if (targetDomain !== undefined) u.domain === undefined ? (u.domain = targetDomain) : (u.targetDomain = targetDomain);
  }
  if (GROUP_CODES.has(code)) groupFields(c, u, targetName, targetDomain, targetUserSid, targetSid);
  if (COMPUTER_CODES.has(code)) {
    c.set("winlog.computerObject.id", targetSid);
    c.set("winlog.computerObject.name", targetName);
    c.set("winlog.computerObject.domain", targetDomain);
  }
  let logonId = LOGOFF_CODES.has(code) ? c.get("TargetLogonId") : undefined;
  if (SUBJECT_USER_CODES.has(code)) {
    const sid = c.get("SubjectUserSid");
    const name = c.get("SubjectUserName");
    const domain = c.get("SubjectDomainName");
    if (sid !== undefined) u.id = sid;
    if (name !== undefined) {
      u.name = name;
      c.relate("user", name);
    }
    if (domain !== undefined) u.domain = domain;
  }
  if (TARGET_TO_TARGET_CODES.has(code)) {
    if (present(targetSid)) u.targetId = targetSid;
    if (present(targetName)) {
      u.targetName = beforeAt(targetName);
      c.relate("user", u.targetName);
    }
    if (present(targetDomain)) u.targetDomain = targetDomain;
  }
  if (EFFECTIVE_CODES.has(code)) {
    if (present(targetUserSid)) u.effectiveId = targetUserSid;
    if (present(targetName)) {
      u.effectiveName = beforeAt(targetName);
      c.relate("user", u.effectiveName);
    }
    if (present(targetDomain)) u.effectiveDomain = targetDomain;
  }
  if (code === "1102") {
    // 1102's subject is UserData (LogFileCleared); the readers give it as the event's data.
    const sid = c.get("SubjectUserSid");
    const name = c.get("SubjectUserName");
    const domain = c.get("SubjectDomainName");
    if (sid !== undefined) u.id = sid;
    if (name !== undefined) {
      u.name = name;
      c.relate("user", name);
    }
    if (domain !== undefined) u.domain = domain;
  }
  logonId = c.get("SubjectLogonId") ?? logonId;
  c.set("winlog.logon.id", logonId);
  c.set("user.id", u.id);
  c.set("user.name", u.name === undefined ? undefined : c.intern(u.name));
  c.set("user.domain", u.domain === undefined ? undefined : c.intern(u.domain));
  c.set("user.target.id", u.targetId);
  c.set("user.target.name", u.targetName);
  c.set("user.target.domain", u.targetDomain);
  c.set("user.effective.id", u.effectiveId);
  c.set("user.effective.name", u.effectiveName);
  c.set("user.effective.domain", u.effectiveDomain);
}

/** §6.2 step 15: MemberName's first RDN → user.target.name, its fourth → user.target.domain. */
function groupFields(
  c: WinEcs,
  u: Users,
  targetName: string | undefined,
  targetDomain: string | undefined,
  targetUserSid: string | undefined,
  targetSid: string | undefined,
): void {
  const member = c.get("MemberName");
  if (member !== undefined) {
    const parts = member.split(/(?<!\\),/);
    const name = parts[0]!.replace(/CN=/g, "").replace(/cn=/g, "");
    u.targetName = name;
    c.relate("user", name);
    if (parts.length >= 4) u.targetDomain = parts[3]!.replace(/DC=/g, "").replace(/dc=/g, "");
  }
  const groupId = targetSid ?? targetUserSid;
  const groupDomain = targetDomain?.replace(/DC=/g, "").replace(/dc=/g, "");
  c.set("group.id", groupId);
  c.set("group.name", targetName);
  c.set("group.domain", groupDomain);
  if (u.targetName !== undefined || u.targetDomain !== undefined || u.targetId !== undefined) {
    c.set("user.target.group.id", groupId);
    c.set("user.target.group.name", targetName);
    c.set("user.target.group.domain", groupDomain);
  }
}

/** §6.2 steps 23–28: the process and network source of logons and account changes; 4688's process. */
function processAndSource(c: WinEcs): void {
  const code = c.code;
  let executable: string | undefined;
  if (COMMON_AUTH_CODES.has(code)) {
    const pid = c.take("ProcessId");
    if (pid !== undefined) c.set("process.pid", decodeLong(pid));
    executable = c.take("ProcessName");
    const ip = c.get("IpAddress");
    if (present(ip)) {
      c.remove("IpAddress");
      const source = unmapIpv4(ip);
      c.doc.set("source.ip", source);
      c.relate("ip", source);
    }
    const port = c.get("IpPort");
    if (present(port)) {
      c.remove("IpPort");
      c.set("source.port", decodeLong(port));
    }
    c.set("source.domain", c.take("WorkstationName"));
    const client = c.get("ClientAddress");
    if (present(client)) {
      c.remove("ClientAddress");
      c.relate("ip", client);
    }
  }
  if (code === "4688") {
    const pid = c.take("NewProcessId");
    if (pid !== undefined) c.set("process.pid", decodeLong(pid));
    executable = c.take("NewProcessName");
  }
  c.set("process.executable", executable);
  c.set("process.name", executable === undefined ? undefined : afterLastBackslash(executable));
  if (code === "4688") {
    const parent = c.take("ParentProcessName");
    c.set("process.parent.executable", parent);
    c.set("process.parent.name", parent === undefined ? undefined : afterLastBackslash(parent));
    const creator = c.get("ProcessId");
    if (creator !== undefined) c.set("process.parent.pid", decodeLong(creator));
    const cmd = c.get("CommandLine");
    if (cmd !== undefined) {
      c.doc.set("process.command_line", cmd);
      if (c.doc.wants("process.args")) {
        const args = naiveSplit4688(cmd);
        if (!c.doc.partial) for (let i = 0; i < args.length; i++) args[i] = internValue(args[i]!);
        c.doc.set("process.args", args);
      }
    }
  }
  if (RELATED_SUBJECT_CODES.has(code)) {
    const subject = c.get("SubjectUserName");
    if (present(subject)) c.relate("user", subject);
  }
  if (RELATED_TARGET_CODES.has(code)) {
    const target = c.get("TargetUserName");
    if (present(target)) c.relate("user", target);
  }
  const oldName = c.get("OldTargetUserName");
  const newName = c.get("NewTargetUserName");
  if (oldName !== undefined) c.doc.set("user.target.name", oldName);
  c.set("user.changes.name", newName);
  if (present(newName)) c.relate("user", newName);
  if (present(oldName)) c.relate("user", oldName);
}

/** §6.4: 5140/5145 share access → file.*. */
function shareFile(c: WinEcs): void {
  const name = c.get("RelativeTargetName");
  const directory = c.get("ShareLocalPath");
  const share = c.get("ShareName");
  c.set("file.name", name);
  c.set("file.directory", directory);
  if (name !== undefined && directory !== undefined) c.doc.set("file.path", `${directory}\\${name}`);
  if (name !== undefined && share !== undefined) c.doc.set("file.target_path", `${share}\\${name}`);
  if (name !== undefined) {
    const dot = name.lastIndexOf(".");
    if (dot >= 0) c.doc.set("file.extension", name.slice(dot + 1));
  }
}
