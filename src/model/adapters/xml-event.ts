/**
 * A small, non-validating, single-pass XML scanner for one Windows `<Event>` element, in the shapes
 * EvtRender (single-quoted, one line) and libyal `evtxexport` (double-quoted, pretty-printed,
 * self-closing empty elements) produce. Element text is kept raw — entity references are not
 * decoded — because the CIM view must see what Splunk's regex extractions see (normalization.md §2).
 * Linear in the input; malformed or truncated input yields a reason, never an exception.
 */
import type { WinEvent } from "../win-event.js";
import { escapeXmlText } from "./xml-entities.js";
import { internField } from "./intern.js";

export type XmlEventResult =
  | { readonly ok: true; readonly event: WinEvent }
  | { readonly ok: false; readonly reason: string };

/** What the text of the element being captured is stored as. */
type Target = { readonly into: Record<string, string>; readonly key: string; readonly depth: number };

/** Parse one `<Event>…</Event>` text. `reader` is recorded on the WinEvent ("xmlwineventlog", "evtxexport"). */
export function parseEventXml(text: string, reader: string, intern = true): XmlEventResult {
  // Without `intern` values stay slices of `text`: right for records a keep filter mostly drops (a
  // kept one holds its event text, ~2 KB, instead of shared copies).
  const value = intern ? internField : (_key: string, v: string) => v;
  const system: Record<string, string> = {};
  const data: Record<string, string> = {};
  const stack: string[] = [];
  let section = "";
  let unnamed = 0;
  let target: Target | null = null;
  let buf = "";
  let sawEvent = false;
  let userData: string | undefined;
  const n = text.length;
  let i = 0;

  while (i < n) {
    const lt = text.indexOf("<", i);
    if (lt < 0) {
      if (target) buf += text.slice(i);
      break;
    }
    if (target && lt > i) buf += text.slice(i, lt);
    const c = text.charCodeAt(lt + 1);

    if (c === 0x2f /* / */) {
      const gt = text.indexOf(">", lt);
      if (gt < 0) return fail(`truncated XML: unterminated end tag at offset ${lt}`);
      const name = localName(text.slice(lt + 2, gt).trim());
      const open = stack.pop();
      if (open === undefined) return fail(`unexpected </${name}> at offset ${lt}`);
      if (open !== name) return fail(`mismatched </${name}> closing <${open}> at offset ${lt}`);
      if (target && target.depth === stack.length) {
        target.into[target.key] = value(target.key, buf, true);
        target = null;
        buf = "";
      }
      if (stack.length === 1) section = "";
      i = gt + 1;
      if (stack.length === 0 && sawEvent) break;
      continue;
    }
    if (c === 0x3f /* ? */) {
      const end = text.indexOf("?>", lt + 2);
      if (end < 0) return fail("truncated XML: unterminated processing instruction");
      i = end + 2;
      continue;
    }
    if (c === 0x21 /* ! */) {
      if (text.startsWith("<!--", lt)) {
        const end = text.indexOf("-->", lt + 4);
        if (end < 0) return fail("truncated XML: unterminated comment");
        i = end + 3;
      } else if (text.startsWith("<![CDATA[", lt)) {
        const end = text.indexOf("]]>", lt + 9);
        if (end < 0) return fail("truncated XML: unterminated CDATA section");
        // CDATA text is literal; store it the way EvtRender would have written it.
        if (target) buf += escapeXmlText(text.slice(lt + 9, end));
        i = end + 3;
      } else {
        const gt = text.indexOf(">", lt);
        if (gt < 0) return fail("truncated XML: unterminated declaration");
        i = gt + 1;
      }
      continue;
    }

    // Start tag: name, attributes, then `>` or `/>`.
    let j = lt + 1;
    while (j < n && !isNameEnd(text.charCodeAt(j))) j++;
    if (j === lt + 1) return fail(`stray '<' at offset ${lt}`);
    const name = localName(text.slice(lt + 1, j));
    let attrs: Record<string, string> | null = null;
    let selfClosing = false;
    for (;;) {
      while (j < n && isSpace(text.charCodeAt(j))) j++;
      if (j >= n) return fail(`truncated XML: unterminated <${name}> tag`);
      const ch = text.charCodeAt(j);
      if (ch === 0x3e /* > */) {
        j++;
        break;
      }
      if (ch === 0x2f /* / */) {
        if (text.charCodeAt(j + 1) !== 0x3e) return fail(`malformed <${name}> tag at offset ${j}`);
        selfClosing = true;
        j += 2;
        break;
      }
      const eq = text.indexOf("=", j);
      if (eq < 0) return fail(`truncated XML: attribute without value in <${name}>`);
      const attrName = text.slice(j, eq).trim();
      let q = eq + 1;
      while (q < n && isSpace(text.charCodeAt(q))) q++;
      const quote = text[q];
      if (quote !== '"' && quote !== "'") return fail(`unquoted attribute ${attrName} in <${name}>`);
      const close = text.indexOf(quote, q + 1);
      if (close < 0) return fail(`truncated XML: unterminated attribute ${attrName} in <${name}>`);
      (attrs ??= {})[attrName] = text.slice(q + 1, close);
      j = close + 1;
    }
    i = j;

    const depth = stack.length;
    if (depth === 0) {
      if (name !== "Event") return fail(`expected <Event>, found <${name}>`);
      sawEvent = true;
    } else if (depth === 1) {
      section = name;
    } else if (!target) {
      if (depth === 2 && section === "UserData") userData = name;
      target = openTarget(section, depth, name, attrs);
    }
    if (selfClosing) {
      if (target && target.depth === depth) {
        // `<Data Name="RuleName"/>` is present and empty; `<Security/>` carries attributes only.
        if (section !== "System") target.into[target.key] = "";
        target = null;
        buf = "";
      }
      if (depth === 0) break;
    } else {
      stack.push(name);
    }
  }
  if (!sawEvent) return fail("no <Event> element");
  if (stack.length) return fail(`truncated XML: <${stack[stack.length - 1]}> is not closed`);
  return { ok: true, event: userData === undefined ? { system, data, encoding: "xml", reader } : { system, data, encoding: "xml", reader, userData } };

  /** Decide whether the element just opened holds a value, recording System attributes on the way. */
  function openTarget(sec: string, depth: number, name: string, attrs: Record<string, string> | null): Target | null {
    if (sec === "System" && depth === 2) {
      if (attrs) for (const k in attrs) system[attributeKey(name, k)] = value(k, attrs[k]!, true);
      return { into: system, key: name, depth };
    }
    if (sec === "EventData" && depth === 2) {
      if (name === "Data") {
        const key = attrs?.["Name"] ?? (++unnamed === 1 ? "Data" : `Data[${unnamed}]`);
        return { into: data, key, depth };
      }
      return { into: data, key: name, depth };
    }
    // UserData holds one wrapper element whose leaves are the values.
    if (sec === "UserData" && depth === 3) return { into: data, key: name, depth };
    return null;
  }
}

/** `Element.attribute` System keys, built once per pair instead of once per event. */
const ATTRIBUTE_KEYS = new Map<string, Map<string, string>>();

function attributeKey(element: string, attribute: string): string {
  let byAttr = ATTRIBUTE_KEYS.get(element);
  if (byAttr === undefined) {
    byAttr = new Map();
    if (ATTRIBUTE_KEYS.size < 256) ATTRIBUTE_KEYS.set(element, byAttr);
  }
  let key = byAttr.get(attribute);
  if (key === undefined) {
    key = `${element}.${attribute}`;
    if (byAttr.size < 256) byAttr.set(attribute, key);
  }
  return key;
}

function fail(reason: string): XmlEventResult {
  return { ok: false, reason };
}

function localName(qname: string): string {
  const colon = qname.indexOf(":");
  return colon < 0 ? qname : qname.slice(colon + 1);
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

function isNameEnd(c: number): boolean {
  return isSpace(c) || c === 0x3e || c === 0x2f;
}
