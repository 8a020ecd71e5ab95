/**
 * Test-side reader for libyal `evtxexport -f xml` dumps (pretty-printed, double-quoted, entity-escaped).
 * Independent of the reader under test: a tiny tag scanner producing element trees with decoded text.
 * Whitespace-only text inside elements that have children is indentation and is dropped; the text of
 * leaf elements is kept verbatim.
 */
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";

export interface DumpElement {
  readonly name: string;
  readonly attributes: Record<string, string>;
  readonly children: DumpElement[];
  text: string;
}

export function readDump(path: string): string {
  const raw = readFileSync(path);
  return (path.endsWith(".gz") ? gunzipSync(raw) : raw).toString("utf8");
}

export function decodeEntities(s: string): string {
  if (!s.includes("&")) return s;
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g, (_, e: string) => {
    if (e.startsWith("#x")) return String.fromCodePoint(parseInt(e.slice(2), 16));
    if (e.startsWith("#")) return String.fromCodePoint(parseInt(e.slice(1), 10));
    return ({ amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" } as Record<string, string>)[e]!;
  });
}

const TAG = /<(\/?)([^\s/>]+)((?:\s+[^\s=]+="[^"]*")*)\s*(\/?)>/g;
const ATTR = /([^\s=]+)="([^"]*)"/g;

/** All top-level elements of the dump, in order (one `<Event>` per record). */
export function parseDump(xml: string): DumpElement[] {
  const roots: DumpElement[] = [];
  const stack: DumpElement[] = [];
  const rawText: string[] = [];
  let last = 0;
  for (const m of xml.matchAll(TAG)) {
    const top = stack[stack.length - 1];
    if (top !== undefined) rawText[stack.length - 1] += xml.slice(last, m.index);
    last = m.index + m[0].length;
    const [, closing, name, attrText, selfClosing] = m;
    if (closing) {
      const el = stack.pop()!;
      const text = rawText.pop()!;
      el.text = el.children.length > 0 && text.trim() === "" ? "" : decodeEntities(text);
      continue;
    }
    const attributes: Record<string, string> = {};
    for (const a of attrText!.matchAll(ATTR)) attributes[a[1]!] = decodeEntities(a[2]!);
    const el: DumpElement = { name: name!, attributes, children: [], text: "" };
    if (top) top.children.push(el);
    else roots.push(el);
    if (!selfClosing) {
      stack.push(el);
      rawText.push("");
    }
  }
  return roots;
}

/**
 * The WinEvent flattening rules restated on a tree (so the reader's streaming flattener is checked
 * against an independent implementation).
 */
export function flatten(event: DumpElement): { system: Record<string, string>; data: Record<string, string> } {
  const system: Record<string, string> = {};
  const data: Record<string, string> = {};
  const add = (key: string, value: string): void => {
    let k = key;
    for (let n = 2; k in data; n++) k = `${key}[${n}]`;
    data[k] = value;
  };
  for (const section of event.children) {
    if (section.name === "System") {
      for (const c of section.children) {
        for (const [a, v] of Object.entries(c.attributes)) system[`${c.name}.${a}`] = v;
        if (c.text !== "") system[c.name] = c.text;
      }
    } else if (section.name === "EventData") {
      for (const c of section.children) add(c.name === "Data" ? (c.attributes.Name ?? "Data") : c.name, c.text);
    } else if (section.name === "UserData") {
      const leaves = (el: DumpElement, depth: number): void => {
        if (el.children.length === 0) {
          if (depth >= 4 || el.text !== "") add(el.name, el.text);
          return;
        }
        for (const c of el.children) leaves(c, depth + 1);
      };
      for (const c of section.children) leaves(c, 3);
    }
  }
  return { system, data };
}
