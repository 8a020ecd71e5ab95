/**
 * Splunk `macros.conf`: stanzas `[name]` (no arguments) and `[name(N)]` with `args = a, b`; `definition`
 * may continue over lines ending in a backslash (the line break is kept). Other keys are ignored.
 * https://help.splunk.com/en/data-management/splunk-enterprise-admin-manual/10.0/10.0.0-configuration-file-reference/macros.conf
 */
import { diag, type Diagnostic } from "../diagnostics.js";
import { BAD_MACRO_FILE, type ParsedMacroFile } from "./escu-yaml.js";
import type { MacroDef } from "./index.js";
import { MACRO_NAME } from "./scan.js";

interface Setting {
  readonly value: string;
  readonly file: string;
  readonly line: number;
}

/** Stanza name → key → setting. Later files merge key by key, as Splunk layers `local/` over `default/`. */
export type ConfStanzas = Map<string, Map<string, Setting>>;

export function parseMacrosConf(text: string, file: string): ParsedMacroFile<MacroDef[]> {
  const stanzas: ConfStanzas = new Map();
  const diagnostics = [...mergeConfText(stanzas, text, file)];
  const built = confStanzasToDefs(stanzas);
  return { value: built.value, diagnostics: [...diagnostics, ...built.diagnostics] };
}

/** Adds the stanzas of one file to `into`; returns problems found. */
export function mergeConfText(into: ConfStanzas, text: string, file: string): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const lines = text.split("\n").map((l) => l.replace(/\r$/, ""));
  let current: Map<string, Setting> | undefined;
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const line = lines[i]!;
    const trimmed = line.trim();
    if (trimmed === "" || trimmed.startsWith("#")) continue;
    if (trimmed.startsWith("[")) {
      if (!trimmed.endsWith("]")) {
        diagnostics.push(bad(file, lineNo, "stanza header must end with `]`"));
        current = undefined;
        continue;
      }
      const name = trimmed.slice(1, -1).trim();
      current = into.get(name) ?? new Map<string, Setting>();
      into.set(name, current);
      continue;
    }
    const eq = line.indexOf("=");
    if (eq < 0) {
      diagnostics.push(bad(file, lineNo, "expected `key = value`"));
      continue;
    }
    let value = line.slice(eq + 1).trimStart();
    while (value.endsWith("\\") && i + 1 < lines.length) {
      value = value.slice(0, -1) + "\n" + lines[++i]!;
    }
    // Settings before the first stanza belong to [default], which holds no macros.
    current?.set(line.slice(0, eq).trim(), { value: value.trimEnd(), file, line: lineNo });
  }
  return diagnostics;
}

export function confStanzasToDefs(stanzas: ConfStanzas): { value: MacroDef[]; diagnostics: Diagnostic[] } {
  const value: MacroDef[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const [stanza, settings] of stanzas) {
    if (stanza === "default") continue;
    const m = /^(.*?)\s*\((\d+)\)$/.exec(stanza);
    const name = m ? m[1]! : stanza;
    const arity = m ? Number(m[2]) : 0;
    const definition = settings.get("definition");
    const where = definition ?? settings.values().next().value;
    const file = where?.file ?? "macros.conf";
    if (!MACRO_NAME.test(name)) {
      diagnostics.push(bad(file, where?.line, `\`[${stanza}]\` is not a macro name`));
      continue;
    }
    if (!definition) {
      diagnostics.push(bad(file, where?.line, `\`[${stanza}]\` has no \`definition\``));
      continue;
    }
    const argsText = settings.get("args")?.value.trim() ?? "";
    const args = argsText === "" ? [] : argsText.split(",").map((a) => a.trim());
    if (args.length !== arity || !args.every((a) => MACRO_NAME.test(a))) {
      const line = settings.get("args")?.line ?? definition.line;
      diagnostics.push(bad(file, line, `\`[${stanza}]\` needs \`args\` with ${arity} argument name${arity === 1 ? "" : "s"}`));
      continue;
    }
    if (/^(1|true)$/i.test(settings.get("iseval")?.value.trim() ?? "")) {
      diagnostics.push(bad(file, settings.get("iseval")!.line, `\`[${stanza}]\` is an eval-based macro, which splice does not run`, "warning"));
      continue;
    }
    value.push({ name, args, definition: definition.value, file: definition.file });
  }
  return { value, diagnostics };
}

function bad(file: string, line: number | undefined, message: string, severity: "error" | "warning" = "error"): Diagnostic {
  const at = line === undefined ? "" : `:${line}`;
  return diag(BAD_MACRO_FILE, `\`${file}${at}\`: ${message}`, undefined, undefined, severity);
}
