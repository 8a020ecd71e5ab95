/**
 * ESCU macro files (`splunk/security_content` `macros/*.yml`): keys `name`, `definition`, `arguments`
 * (list of argument names), `description`. YAML quoting is YAML's: `definition: "false"` is the text `false`.
 */
import { parseDocument } from "yaml";
import { diag, type Diagnostic } from "../diagnostics.js";
import type { MacroDef } from "./index.js";
import { MACRO_NAME } from "./scan.js";

export interface ParsedMacroFile<T> {
  readonly value?: T;
  readonly diagnostics: readonly Diagnostic[];
}

/** Code for every problem in a macro file; messages name the file (spans would point into the wrong text). */
export const BAD_MACRO_FILE = "bad-macro-file";

export function parseEscuMacroYaml(text: string, file: string): ParsedMacroFile<MacroDef> {
  const bad = (message: string): ParsedMacroFile<MacroDef> => ({
    diagnostics: [diag(BAD_MACRO_FILE, `\`${file}\`: ${message}`, undefined, "ESCU macro files have `name`, `definition` and optional `arguments`")],
  });
  let doc = parseDocument(text);
  const err = doc.errors[0];
  if (err) {
    const lenient = parseDocument(indentContinuationLines(text));
    if (lenient.errors.length === 0) doc = lenient;
  }
  if (err && doc.errors.length > 0) {
    const at = err.linePos?.[0];
    return bad(`invalid YAML${at ? ` at ${at.line}:${at.col}` : ""}: ${err.message.split("\n")[0]}`);
  }
  let data: unknown;
  try {
    data = doc.toJS();
  } catch (e) {
    // Aliases are resolved here: one with no anchor, or so many that they would expand without bound, throw.
    return bad(`invalid YAML: ${(e as Error).message}`);
  }
  if (!isRecord(data)) return bad("expected a mapping");
  const { name, definition, arguments: args } = data;
  if (typeof name !== "string" || !MACRO_NAME.test(name)) return bad("`name` must be a macro name");
  const def = scalarText(definition);
  if (def === undefined) return bad(`\`definition\` of \`${name}\` must be text`);
  const argNames = args ?? [];
  if (!Array.isArray(argNames) || !argNames.every((a) => typeof a === "string" && MACRO_NAME.test(a))) {
    return bad(`\`arguments\` of \`${name}\` must be a list of names`);
  }
  return { value: { name, args: argNames, definition: def, file }, diagnostics: [] };
}

/**
 * ESCU is read with PyYAML, which accepts a quoted scalar whose continuation lines start in column 0
 * (`macros/base64decode.yml`); the YAML spec and the `yaml` package want them indented. Indenting such
 * lines by one space keeps the value: leading white space of a folded continuation line is dropped.
 */
function indentContinuationLines(text: string): string {
  return text
    .split("\n")
    .map((line) => (/^(?:[\s#-]|\.\.\.|[\w-]+:(?:\s|$)|$)/.test(line) ? line : ` ${line}`))
    .join("\n");
}

/** Text of a YAML scalar; an unquoted `true` or `3` is still the SPL text `true` or `3`. */
function scalarText(v: unknown): string | undefined {
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return undefined;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
