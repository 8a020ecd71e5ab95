/**
 * SPL spath (https://help.splunk.com/splunk-enterprise/spl-search-reference/9.0/search-commands/spath):
 * the JSON or XML held in a field (default `_raw`) as fields.
 * - Auto-extract (no path): every leaf. JSON object keys join with `.`, array elements add `{}`
 *   (`commits{}.author.name`); XML paths start at the top element (`RuleAndFileData.PolicyName`), an
 *   attribute is `path{@name}`; a path met several times becomes a multivalue, in document order. Only
 *   the first 5,000 bytes are read (limits.conf `[spath] extraction_cutoff`, "for extract-all spath
 *   extraction mode"): the values complete before the cut are extracted.
 * - A path (`a.b{}.c`, `a.b{@attr}`): the values there, into `output` (default: the path); a JSON object or
 *   array there comes out as compact JSON text; a path ending at an XML element with children stops the
 *   rule with an error (splice extracts XML leaves only).
 * JSON scalars are given as text: numbers as JavaScript writes them (`1.0` → `1`), true/false/null as
 * `true`/`false`/`null`. A multivalue input is read from its first value. Extracted fields replace
 * fields of the same name.
 */
import { SaxesParser } from "saxes";
import { JSONParser } from "@streamparser/json";
import type { Spath, SpathStep } from "../../plan/plan.js";
import { RuleRunError } from "../run-error.js";
import { scalars, toText, type Row, type Scalar } from "../values.js";
import { expectTable, table, writableRow, type Operator } from "./table.js";

export const EXTRACTION_CUTOFF = 5000;

type Found = Map<string, string[]>;

export function compileSpath(node: Spath, input: Operator): Operator {
  return (events) => {
    const t = expectTable(input(events), "spath");
    const rows = t.rows.map((r) => {
      const first = scalars(r[node.field])[0];
      if (first === undefined) return r;
      const text = toText(first);
      let found: Found;
      if (node.path === null) {
        // The cut-off counts bytes; most values are shorter than it in characters already.
        const bytes = text.length * 3 > EXTRACTION_CUTOFF ? Buffer.from(text) : undefined;
        const over = bytes !== undefined && bytes.length > EXTRACTION_CUTOFF;
        if (isJson(text)) found = over ? jsonPrefixLeaves(bytes.subarray(0, EXTRACTION_CUTOFF)) : jsonLeaves(text);
        else found = xmlLeaves(over ? bytes.subarray(0, EXTRACTION_CUTOFF).toString() : text);
      } else {
        const values = isJson(text) ? jsonAt(text, node.path) : xmlAt(text, node.path, node);
        found = values.length ? new Map([[node.output ?? node.pathText!, values]]) : new Map();
      }
      if (found.size === 0) return r;
      const out = writableRow(t, r);
      for (const [f, vs] of found) out[f] = vs.length === 1 ? vs[0]! : (vs as Scalar[]);
      return out as Row;
    });
    return table(rows, null);
  };
}

function isJson(text: string): boolean {
  const c = text.trimStart()[0];
  return c === "{" || c === "[";
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function push(found: Found, path: string, value: string): void {
  const list = found.get(path);
  if (list) list.push(value);
  else found.set(path, [value]);
}

function scalarText(v: unknown): string | undefined {
  if (v === null) return "null";
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return undefined;
}

function jsonLeaves(text: string): Found {
  const found: Found = new Map();
  const walk = (v: unknown, path: string): void => {
    const s = scalarText(v);
    if (s !== undefined) return push(found, path, s);
    if (Array.isArray(v)) for (const x of v) walk(x, `${path}{}`);
    else if (typeof v === "object") for (const [k, x] of Object.entries(v as object)) walk(x, path ? `${path}.${k}` : k);
  };
  const doc = parseJson(text);
  if (doc !== undefined) walk(doc, "");
  return found;
}

/** The leaves of a JSON document cut at the extraction limit: those complete before the cut. */
function jsonPrefixLeaves(bytes: Buffer): Found {
  const found: Found = new Map();
  const parser = new JSONParser();
  const STOP = new Error("cut");
  parser.onValue = ({ value, key, parent, stack }) => {
    const s = scalarText(value);
    if (s === undefined) return;
    let path = "";
    const step = (container: unknown, k: string | number | undefined): void => {
      path = Array.isArray(container) ? `${path}{}` : path ? `${path}.${String(k)}` : String(k);
    };
    for (let i = 1; i < stack.length; i++) step(stack[i]!.value, stack[i]!.key);
    if (key !== undefined) step(parent, key);
    push(found, path, s);
  };
  parser.onError = () => {
    throw STOP;
  };
  try {
    parser.write(bytes);
  } catch (e) {
    if (e !== STOP) throw e;
  }
  return found;
}

function jsonAt(text: string, path: readonly SpathStep[]): string[] {
  let values: unknown[] = [parseJson(text)];
  for (const step of path) {
    const next: unknown[] = [];
    for (const v of values) {
      if (v === null || typeof v !== "object" || Array.isArray(v) || typeof step.index === "object") continue;
      const x = (v as Record<string, unknown>)[step.name];
      if (x === undefined) continue;
      if (step.index === "all") {
        if (Array.isArray(x)) next.push(...x);
      } else next.push(x);
    }
    values = next;
  }
  // An object or array comes out as JSON text, so `spath path=devices{} output=d | mvexpand d | spath input=d`
  // works; Splunk gives the text as the event wrote it, splice writes it compactly (whitespace may differ).
  return values.map((v) => scalarText(v) ?? JSON.stringify(v));
}

interface Open {
  readonly path: string;
  readonly names: readonly string[];
  hasChild: boolean;
  text: string;
}

/** Walks the XML (a fragment: several top elements are fine) as far as it is well formed. */
function walkXml(text: string, onAttribute: (names: readonly string[], attr: string, value: string) => void, onLeaf: (o: Open) => void, onParent: (o: Open) => void): void {
  const parser = new SaxesParser({ fragment: true });
  const stack: Open[] = [];
  parser.on("opentag", (tag) => {
    const parent = stack.at(-1);
    if (parent) parent.hasChild = true;
    const names = parent ? [...parent.names, tag.name] : [tag.name];
    const open: Open = { path: names.join("."), names, hasChild: false, text: "" };
    stack.push(open);
    for (const [attr, value] of Object.entries(tag.attributes)) onAttribute(names, attr, typeof value === "string" ? value : value.value);
  });
  parser.on("text", (t) => {
    const top = stack.at(-1);
    if (top) top.text += t;
  });
  parser.on("cdata", (t) => {
    const top = stack.at(-1);
    if (top) top.text += t;
  });
  parser.on("closetag", () => {
    const o = stack.pop()!;
    if (o.hasChild) onParent(o);
    else if (o.text.trim() !== "") onLeaf(o);
  });
  try {
    parser.write(text).close();
  } catch (e) {
    // Malformed or cut XML: what closed before the fault stays extracted. A rule error is not that.
    if (e instanceof RuleRunError) throw e;
  }
}

function xmlLeaves(text: string): Found {
  const found: Found = new Map();
  walkXml(
    text,
    (names, attr, value) => push(found, `${names.join(".")}{@${attr}}`, value),
    (o) => push(found, o.path, o.text),
    () => undefined,
  );
  return found;
}

function xmlAt(text: string, path: readonly SpathStep[], node: Spath): string[] {
  const last = path.at(-1)!;
  const attribute = typeof last.index === "object" ? last.index.attribute : undefined;
  const names = path.map((s) => s.name);
  const at = (n: readonly string[]) => n.length === names.length && n.every((x, i) => x === names[i]);
  const values: string[] = [];
  walkXml(
    text,
    (n, attr, value) => {
      if (attribute === attr && at(n)) values.push(value);
    },
    (o) => {
      if (attribute === undefined && at(o.names)) values.push(o.text);
    },
    (o) => {
      if (attribute === undefined && at(o.names)) nonLeaf(node);
    },
  );
  return values;
}

function nonLeaf(node: Spath): never {
  throw new RuleRunError(
    "unsupported-spath-path",
    `spath: \`${node.pathText}\` leads to an XML element with children; splice extracts XML leaf values only`,
    node.span,
    "extend the path to the leaf you want, or leave the path out to extract every leaf",
  );
}
