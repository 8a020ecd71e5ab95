/**
 * Test helpers shared by the EVTX suites: reading a file both ways (WinEvent and element tree) and
 * comparing with an `evtxexport` dump record by record, reporting differences as readable lines.
 */
import { readEvtxFile, readEvtxTrees, type EvtxReadOptions, type XmlElement } from "../../../src/model/evtx/index.js";
import type { WinEvent } from "../../../src/model/win-event.js";
import { flatten, parseDump, readDump, type DumpElement } from "./evtxexport-dump.js";

export interface ReadResult {
  events: { recordId: number; event: WinEvent }[];
  warnings: { chunk?: number; record?: number; reason: string }[];
}

export async function readAll(path: string, options: EvtxReadOptions = {}): Promise<ReadResult> {
  const out: ReadResult = { events: [], warnings: [] };
  for await (const item of readEvtxFile(path, options)) {
    if (item.kind === "event") out.events.push({ recordId: item.recordId, event: item.event });
    else out.warnings.push({ chunk: item.chunk, record: item.record, reason: item.reason });
  }
  return out;
}

export async function readTrees(path: string): Promise<XmlElement[]> {
  const out: XmlElement[] = [];
  for await (const item of readEvtxTrees(path)) if (item.kind === "tree") out.push(...item.roots);
  return out;
}

type Shape = { name: string; attributes: Record<string, string>; text: string; children: Shape[] };

/** Element trees reduced to what both sides spell the same: indentation-only text is dropped. */
function shape(el: XmlElement | DumpElement): Shape {
  const text = el.children.length > 0 && el.text.trim() === "" ? "" : el.text;
  return { name: el.name, attributes: { ...el.attributes }, text, children: el.children.map(shape) };
}

/**
 * Compares a file with its dump: record count, full element trees, and the WinEvent flattening (the
 * reader's streaming flattener against the test-side `flatten` of the dump). Returns difference lines.
 */
export async function diffAgainstDump(evtxPath: string, dumpPath: string, limit = 20): Promise<string[]> {
  const dump = parseDump(readDump(dumpPath));
  const { events } = await readAll(evtxPath);
  const trees = await readTrees(evtxPath);
  const diffs: string[] = [];
  if (events.length !== dump.length) diffs.push(`record count ${events.length}, dump ${dump.length}`);
  if (trees.length !== events.length) diffs.push(`tree count ${trees.length}, event count ${events.length}`);
  for (let i = 0; i < Math.min(events.length, dump.length) && diffs.length < limit; i++) {
    const expected = dump[i]!;
    const mine = events[i]!.event;
    const flat = flatten(expected);
    if (JSON.stringify(flat.system) !== JSON.stringify(mine.system)) diffs.push(`#${i} system ${JSON.stringify(mine.system)} ≠ dump ${JSON.stringify(flat.system)}`);
    if (JSON.stringify(sorted(flat.data)) !== JSON.stringify(sorted(mine.data))) diffs.push(`#${i} data ${JSON.stringify(mine.data)} ≠ dump ${JSON.stringify(flat.data)}`);
    const tree = trees[i];
    if (tree === undefined || JSON.stringify(shape(tree)) !== JSON.stringify(shape(expected))) diffs.push(`#${i} element tree differs`);
  }
  return diffs;
}

function sorted(r: Record<string, string>): [string, string][] {
  return Object.entries(r).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
