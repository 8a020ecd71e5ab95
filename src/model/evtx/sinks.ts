/**
 * The two consumers of rendered records: `WinEventSink` flattens straight into the `WinEvent` shape every
 * Windows reader produces; `TreeSink` keeps the whole element tree (tests, debugging, the REPL).
 */
import type { WinEvent } from "../win-event.js";
import { evtRenderHex } from "../adapters/win-values.js";
import type { XmlSink } from "./render.js";

const escapeText = (v: string): string => v.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const escapeAttribute = (v: string): string => escapeText(v).replace(/'/g, "&apos;");

const SECTION = { None: 0, System: 1, EventData: 2, UserData: 3, Other: 4 } as const;
type Section = (typeof SECTION)[keyof typeof SECTION];

/**
 * System children: text → `system[Name]`, attributes → `system["Name.Attr"]` (empty text is left out).
 * EventData children: `<Data Name="X">` → `data.X`; unnamed `<Data>` → `Data`, `Data[2]`, …; other
 * elements by their name. UserData: leaf elements below its child, by element name. Repeated keys get
 * `[2]`, `[3]`, ….
 */
export class WinEventSink implements XmlSink {
  system: Record<string, string> = {};
  data: Record<string, string> = {};
  private depth = 0;
  private section: Section = SECTION.None;
  private readonly names: string[] = [];
  private readonly texts: string[] = [];
  private readonly hasChild: boolean[] = [];
  private dataName: string | undefined;
  private userData: string | undefined;
  /** UserData's child as XML (EvtRender's spelling): its attributes are in no other field. */
  private userXml = "";
  /** An element of that XML whose start tag still lacks its `>`. */
  private userTagOpen = false;
  private userTextSeen = false;

  reset(): void {
    this.system = {};
    this.data = {};
    this.userData = undefined;
    this.userXml = "";
    this.userTagOpen = false;
    this.depth = 0;
    this.section = SECTION.None;
  }

  event(): WinEvent {
    const event: WinEvent = { system: this.system, data: this.data, encoding: "plain", reader: "evtx" };
    return this.userData === undefined ? event : { ...event, userData: this.userData, userDataXml: this.userXml };
  }

  open(name: string): void {
    const d = ++this.depth;
    if (d > 1) this.hasChild[d - 1] = true;
    this.names[d] = name;
    this.texts[d] = "";
    this.hasChild[d] = false;
    if (d === 2) {
      this.section =
        name === "System" ? SECTION.System : name === "EventData" ? SECTION.EventData : name === "UserData" ? SECTION.UserData : SECTION.Other;
    } else if (d === 3) {
      this.dataName = undefined;
      if (this.section === SECTION.UserData) this.userData = name;
    }
    if (d >= 3 && this.section === SECTION.UserData) {
      if (this.userTagOpen) this.userXml += ">";
      this.userXml += `<${name}`;
      this.userTagOpen = true;
      this.userTextSeen = false;
    }
  }

  attribute(name: string, value: string): void {
    if (this.depth >= 3 && this.section === SECTION.UserData && this.userTagOpen) this.userXml += ` ${name}='${escapeAttribute(value)}'`;
    if (this.depth !== 3) return;
    if (this.section === SECTION.System) this.system[this.names[3] + "." + name] = value;
    else if (this.section === SECTION.EventData && name === "Name") this.dataName = value;
  }

  text(value: string): void {
    if (this.depth >= 3) this.texts[this.depth] += value;
    if (this.depth >= 3 && this.section === SECTION.UserData) {
      if (this.userTagOpen) this.userXml += ">";
      this.userTagOpen = false;
      this.userTextSeen = true;
      this.userXml += escapeText(evtRenderHex(value));
    }
  }

  close(): void {
    const d = this.depth--;
    if (d < 3) return;
    const name = this.names[d]!;
    if (this.section === SECTION.UserData) {
      // An element with no content at all closes itself; an empty value keeps both tags (`<Data …></Data>`).
      this.userXml += this.userTagOpen ? (this.userTextSeen ? `></${name}>` : "/>") : `</${name}>`;
      this.userTagOpen = false;
      this.userTextSeen = false;
    }
    const text = this.texts[d]!;
    if (this.section === SECTION.System) {
      if (d === 3 && text !== "") this.system[name] = text;
    } else if (this.section === SECTION.EventData) {
      if (d === 3) this.add(name === "Data" ? (this.dataName ?? "Data") : name, text);
    } else if (this.section === SECTION.UserData) {
      if (!this.hasChild[d] && (d >= 4 || text !== "")) this.add(name, text);
    }
  }

  private add(key: string, value: string): void {
    if (!(key in this.data)) {
      this.data[key] = value;
      return;
    }
    let n = 2;
    while (`${key}[${n}]` in this.data) n++;
    this.data[`${key}[${n}]`] = value;
  }
}

/** One element of a rendered record; `text` concatenates its direct text pieces. */
export interface XmlElement {
  readonly name: string;
  readonly attributes: Record<string, string>;
  readonly children: XmlElement[];
  text: string;
}

export class TreeSink implements XmlSink {
  readonly roots: XmlElement[] = [];
  private readonly stack: XmlElement[] = [];

  open(name: string): void {
    const el: XmlElement = { name, attributes: {}, children: [], text: "" };
    const parent = this.stack[this.stack.length - 1];
    if (parent) parent.children.push(el);
    else this.roots.push(el);
    this.stack.push(el);
  }
  attribute(name: string, value: string): void {
    const el = this.stack[this.stack.length - 1];
    if (el) el.attributes[name] = value;
  }
  text(value: string): void {
    const el = this.stack[this.stack.length - 1];
    if (el) el.text += value;
  }
  close(): void {
    this.stack.pop();
  }
}
