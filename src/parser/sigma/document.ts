/**
 * Sigma rule YAML → SigmaDocument: the parts of a rule splice runs (logsource, detection, condition) and
 * the metadata alerts carry, each with its span in the YAML text so that errors point at what the user
 * wrote. Only the shape is checked here; modifiers, conditions and log sources are checked when lowering.
 * Format: https://github.com/SigmaHQ/sigma-specification (Sigma rules specification v2).
 */
import { isMap, isScalar, isSeq, parseDocument, type Node, type Pair, type Scalar } from "yaml";
import { diag, type Diagnostic, type Span } from "../../diagnostics.js";

export interface Located<T> {
  readonly value: T;
  readonly span: Span;
}

/** A scalar as YAML typed it: a string, a number, a boolean or null. */
export type SigmaScalar = string | number | boolean | null;

export interface SigmaValue {
  readonly value: SigmaScalar;
  readonly span: Span;
}

/** `Field|mod1|mod2: value(s)`; `field` null for a keyword item. */
export interface DetectionItem {
  readonly field: string | null;
  readonly fieldSpan: Span;
  readonly modifiers: readonly Located<string>[];
  readonly values: readonly SigmaValue[];
  readonly span: Span;
}

/**
 * What a search identifier holds: a map (every item must match), a list of maps (any map), or a list of
 * plain values (keywords: searched for anywhere in the event).
 */
export type SearchBody =
  | { readonly kind: "map"; readonly items: readonly DetectionItem[]; readonly span: Span }
  | { readonly kind: "anyOf"; readonly alternatives: readonly SearchBody[]; readonly span: Span }
  | { readonly kind: "keywords"; readonly values: readonly SigmaValue[]; readonly span: Span };

export interface SearchIdentifier {
  readonly name: string;
  readonly nameSpan: Span;
  readonly body: SearchBody;
}

/** The condition text and where its characters are in the YAML (exact for plain and quoted one-line scalars). */
export interface ConditionText {
  readonly text: string;
  /** Offset of the condition's first character in the YAML text. */
  readonly start: number;
  readonly span: Span;
}

export interface SigmaLogsource {
  readonly product?: Located<string>;
  readonly category?: Located<string>;
  readonly service?: Located<string>;
  /** The `logsource` key. */
  readonly span: Span;
  /** The key through its last value: the events the rule reads, as the rule says it. */
  readonly block: Span;
}

export interface SigmaDocument {
  readonly title?: string;
  readonly id?: string;
  readonly status?: string;
  readonly description?: string;
  readonly level?: string;
  readonly tags: readonly string[];
  readonly logsource?: SigmaLogsource;
  readonly searches: readonly SearchIdentifier[];
  readonly conditions: readonly ConditionText[];
  readonly detectionSpan?: Span;
  /** `timeframe:` inside detection (Sigma v1 aggregations). */
  readonly timeframe?: Located<string>;
  /** A Sigma v2 correlation rule (`correlation:`), or a v1 collection (`action:`): not a single-event rule. */
  readonly metaRule?: Located<string>;
}

const spanOf = (n: Node | Pair | null | undefined, fallback: Span): Span => {
  const r = n && "range" in n ? n.range : undefined;
  return r ? { start: r[0], end: r[1] } : fallback;
};

/** Text of a YAML scalar key or value; numbers and booleans as YAML typed them. */
function scalarOf(n: unknown): SigmaScalar | undefined {
  if (!isScalar(n)) return undefined;
  const v = n.value;
  if (v === null || typeof v === "string" || typeof v === "number" || typeof v === "boolean") return v;
  return String(v);
}

function textOf(n: unknown): string | undefined {
  const v = scalarOf(n);
  return v === undefined || v === null ? undefined : String(v);
}

/**
 * Parse a Sigma rule. YAML syntax errors and shape errors (a detection that is not a map, a selection of
 * the wrong type, no condition) are `sigma-syntax` diagnostics at their position.
 */
export function readSigmaDocument(text: string): { doc?: SigmaDocument; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const whole: Span = { start: 0, end: text.length };
  const yamlDoc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  for (const e of yamlDoc.errors) {
    diagnostics.push(diag("sigma-syntax", `invalid YAML: ${e.message.split("\n")[0]!.replace(/\.$/, "")}`, { start: e.pos[0], end: Math.max(e.pos[1], e.pos[0] + 1) }, "fix the YAML syntax (indentation, quotes, duplicate keys)"));
  }
  if (diagnostics.length) return { diagnostics };
  const root = yamlDoc.contents;
  if (!isMap(root)) {
    diagnostics.push(diag("sigma-syntax", "a Sigma rule is a YAML map", spanOf(root as Node, whole), "start with `title:`, `logsource:` and `detection:`"));
    return { diagnostics };
  }
  const get = (key: string): Pair | undefined => root.items.find((p) => textOf(p.key) === key);
  const str = (key: string): string | undefined => textOf(get(key)?.value);

  const tagsNode = get("tags")?.value;
  const tags = isSeq(tagsNode) ? tagsNode.items.map(textOf).filter((t): t is string => t !== undefined) : [];
  const metaPair = get("correlation") ?? get("action");
  const metaRule = metaPair ? { value: textOf(metaPair.key)!, span: spanOf(metaPair.key as Node, whole) } : undefined;

  const logsource = readLogsource(get("logsource"), whole, diagnostics);
  const detection = get("detection");
  const searches: SearchIdentifier[] = [];
  const conditions: ConditionText[] = [];
  let timeframe: Located<string> | undefined;
  if (!detection && !metaRule) {
    diagnostics.push(diag("sigma-syntax", "the rule has no `detection:` section", { start: 0, end: 0 }, "add `detection:` with at least one selection and a `condition:`"));
  } else if (detection && !isMap(detection.value)) {
    diagnostics.push(diag("sigma-syntax", "`detection:` must be a map of selections and a `condition:`", spanOf(detection.key as Node, whole)));
  } else if (detection && isMap(detection.value)) {
    for (const pair of detection.value.items) {
      const name = textOf(pair.key);
      const nameSpan = spanOf(pair.key as Node, whole);
      if (name === undefined) {
        diagnostics.push(diag("sigma-syntax", "a detection key must be a name", nameSpan));
        continue;
      }
      if (name === "condition") conditions.push(...readConditions(pair.value, text, nameSpan, diagnostics));
      else if (name === "timeframe") timeframe = { value: textOf(pair.value) ?? "", span: spanOf(pair.value as Node, nameSpan) };
      else {
        const body = readSearch(pair.value, nameSpan, diagnostics);
        if (body) searches.push({ name, nameSpan, body });
      }
    }
    if (conditions.length === 0 && !diagnostics.length) {
      diagnostics.push(diag("sigma-syntax", "`detection:` has no `condition:`", spanOf(detection.key as Node, whole), "add `condition: selection` (or the expression over your selections)"));
    }
  }
  if (diagnostics.some((d) => d.severity === "error")) return { diagnostics };
  const doc: SigmaDocument = {
    ...opt("title", str("title")),
    ...opt("id", str("id")),
    ...opt("status", str("status")),
    ...opt("description", str("description")),
    ...opt("level", str("level")),
    tags,
    ...(logsource ? { logsource } : {}),
    searches,
    conditions,
    ...(detection ? { detectionSpan: spanOf(detection.key as Node, whole) } : {}),
    ...(timeframe ? { timeframe } : {}),
    ...(metaRule ? { metaRule } : {}),
  };
  return { doc, diagnostics };
}

function opt<K extends string>(key: K, v: string | undefined): { [P in K]?: string } {
  return (v === undefined ? {} : { [key]: v }) as { [P in K]?: string };
}

function readLogsource(pair: Pair | undefined, whole: Span, diagnostics: Diagnostic[]): SigmaLogsource | undefined {
  if (!pair) return undefined;
  const span = spanOf(pair.key as Node, whole);
  if (!isMap(pair.value)) {
    diagnostics.push(diag("sigma-syntax", "`logsource:` must be a map (`product`, `category`, `service`)", span));
    return undefined;
  }
  const field = (key: string): Located<string> | undefined => {
    const p = (pair.value as { items: Pair[] }).items.find((i) => textOf(i.key) === key);
    const v = textOf(p?.value);
    return p && v !== undefined ? { value: v, span: spanOf(p.value as Node, span) } : undefined;
  };
  const product = field("product");
  const category = field("category");
  const service = field("service");
  return { ...(product ? { product } : {}), ...(category ? { category } : {}), ...(service ? { service } : {}), span, block: throughValues(span, [product, category, service]) };
}

/** From the `logsource` key to the last of its values: what a caret under the whole log source covers. */
function throughValues(key: Span, values: readonly (Located<string> | undefined)[]): Span {
  const end = Math.max(key.end, ...values.map((v) => v?.span.end ?? 0));
  return { start: key.start, end };
}

/** `condition:` is a string or a list of strings (any of them). */
function readConditions(node: unknown, text: string, keySpan: Span, diagnostics: Diagnostic[]): ConditionText[] {
  const one = (n: unknown): ConditionText | undefined => {
    if (!isScalar(n) || typeof n.value !== "string") {
      diagnostics.push(diag("sigma-syntax", "a condition must be a string", spanOf(n as Node, keySpan), "write e.g. `condition: selection and not filter`"));
      return undefined;
    }
    const span = spanOf(n as Node, keySpan);
    return { text: n.value, start: conditionStart(n, text, span), span };
  };
  if (isSeq(node)) return node.items.map(one).filter((c): c is ConditionText => c !== undefined);
  const c = one(node);
  return c ? [c] : [];
}

/** Where a scalar's characters start: after the opening quote of a quoted scalar (escapes aside). */
function conditionStart(n: Scalar, text: string, span: Span): number {
  if (n.type === "QUOTE_SINGLE" || n.type === "QUOTE_DOUBLE") return span.start + 1;
  if (n.type === "BLOCK_LITERAL" || n.type === "BLOCK_FOLDED") {
    const nl = text.indexOf("\n", span.start);
    const first = nl < 0 ? span.start : nl + 1;
    return first + (/^[ \t]*/.exec(text.slice(first))?.[0].length ?? 0);
  }
  return span.start;
}

function readSearch(node: unknown, nameSpan: Span, diagnostics: Diagnostic[]): SearchBody | undefined {
  const span = spanOf(node as Node, nameSpan);
  if (isMap(node)) {
    const items: DetectionItem[] = [];
    for (const pair of node.items) {
      const item = readItem(pair, nameSpan, diagnostics);
      if (item) items.push(item);
    }
    return { kind: "map", items, span };
  }
  if (isSeq(node)) {
    if (node.items.length > 0 && node.items.every((i) => isMap(i))) {
      const alternatives = node.items.map((i) => readSearch(i, nameSpan, diagnostics)).filter((b): b is SearchBody => b !== undefined);
      return { kind: "anyOf", alternatives, span };
    }
    if (node.items.every((i) => isScalar(i))) {
      return { kind: "keywords", values: node.items.map((i) => ({ value: scalarOf(i) ?? null, span: spanOf(i as Node, span) })), span };
    }
    diagnostics.push(diag("sigma-syntax", "a selection list must hold only maps (any of them) or only values (keywords)", span, "split the list into two selections"));
    return undefined;
  }
  if (isScalar(node)) return { kind: "keywords", values: [{ value: scalarOf(node) ?? null, span }], span };
  diagnostics.push(diag("sigma-syntax", "a selection must be a map of fields or a list", span));
  return undefined;
}

function readItem(pair: Pair, nameSpan: Span, diagnostics: Diagnostic[]): DetectionItem | undefined {
  const key = textOf(pair.key);
  const keySpan = spanOf(pair.key as Node, nameSpan);
  if (key === undefined) {
    diagnostics.push(diag("sigma-syntax", "a field name must be a string", keySpan));
    return undefined;
  }
  // `Field|mod|mod`: spans of the field and each modifier inside the key (plain keys: exact offsets).
  const keyStart = isScalar(pair.key) && (pair.key.type === "QUOTE_SINGLE" || pair.key.type === "QUOTE_DOUBLE") ? keySpan.start + 1 : keySpan.start;
  const parts = key.split("|");
  const modifiers: Located<string>[] = [];
  let at = keyStart + parts[0]!.length + 1;
  for (const m of parts.slice(1)) {
    modifiers.push({ value: m, span: { start: at, end: at + Math.max(m.length, 1) } });
    at += m.length + 1;
  }
  const field = parts[0] === "" ? null : parts[0]!;
  const fieldSpan = { start: keyStart, end: keyStart + Math.max(parts[0]!.length, 1) };
  const valueNode = pair.value;
  const valueSpan = spanOf(valueNode as Node, keySpan);
  let values: SigmaValue[];
  if (isSeq(valueNode)) {
    values = [];
    for (const v of valueNode.items) {
      if (!isScalar(v)) {
        diagnostics.push(diag("sigma-syntax", `the values of \`${key}\` must be plain values`, spanOf(v as Node, valueSpan), "a value list holds strings or numbers; nest maps as a list of selections instead"));
        return undefined;
      }
      values.push({ value: scalarOf(v) ?? null, span: spanOf(v as Node, valueSpan) });
    }
  } else if (isScalar(valueNode) || valueNode === null || valueNode === undefined) {
    values = [{ value: valueNode ? (scalarOf(valueNode) ?? null) : null, span: valueNode ? valueSpan : keySpan }];
  } else {
    diagnostics.push(diag("sigma-syntax", `the value of \`${key}\` must be a value or a list of values`, valueSpan));
    return undefined;
  }
  return { field, fieldSpan, modifiers, values, span: { start: keySpan.start, end: valueSpan.end } };
}
