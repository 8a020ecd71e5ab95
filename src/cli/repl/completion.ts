/** Tab completion: dot-commands, SPL/EQL keywords and commands, macro names, functions, and fields in the data. */
import { builtinFunctions } from "../../engine/index.js";
import { splCommands, splKeywords } from "../../parser/spl/index.js";
import { eqlKeywords } from "../../parser/eql/index.js";
import type { MacroTable } from "../../macros/index.js";
import type { SpliceEvent } from "../../model/event.js";
import { DATASETS, rowInDataset } from "../../model/datamodels/index.js";

export const DOT_COMMANDS = [".load", ".macros", ".fields", ".explain", ".format", ".save", ".lang", ".help", ".quit"];

/**
 * Field names present in the loaded data: Splunk fields, dataset fields as `Processes.x` for each
 * dataset an event is in, and ECS dotted names.
 */
export function fieldNamesOf(events: readonly SpliceEvent[]): string[] {
  const names = new Set<string>();
  const datasets = [...new Set(DATASETS.values())];
  // Field sets repeat per adapter; sampling every event is cheap next to loading them.
  for (const e of events) {
    for (const k of Object.keys(e.splunk)) names.add(k);
    for (const ds of datasets) {
      const row = rowInDataset(ds, e);
      if (row) for (const k of Object.keys(row)) names.add(k.startsWith("_") ? k : `${ds.objectName}.${k}`);
    }
    for (const k of Object.keys(e.ecs)) names.add(k);
  }
  return [...names].sort();
}

export interface CompletionSources {
  readonly macros: MacroTable;
  readonly fields: () => readonly string[];
}

export function vocabulary(src: CompletionSources): string[] {
  const words = new Set<string>([
    ...splCommands.keys(),
    ...splKeywords,
    ...eqlKeywords,
    ...src.fields(),
  ]);
  for (const def of builtinFunctions.values()) {
    for (const n of [...(def.names.spl ?? []), ...(def.names.eql ?? [])]) words.add(n);
  }
  return [...words].sort();
}

/**
 * readline completer: completes the word under the cursor. Inside backticks it offers macro names
 * (`` `secu⇥`` → `` `security_content_summariesonly` ``); at the start of the line, dot-commands.
 */
export function makeCompleter(src: CompletionSources): (line: string) => [string[], string] {
  let cached: string[] | null = null;
  return (line: string) => {
    if (/^\.\w*$/.test(line)) return [DOT_COMMANDS.filter((c) => c.startsWith(line)), line];
    const macro = /`([\w]*)$/.exec(line);
    if (macro) {
      const prefix = macro[1]!;
      const names = [...new Set(src.macros.keys().map((k) => k.replace(/\(\d+\)$/, "")))];
      const hits = names.filter((n) => n.startsWith(prefix)).map((n) => "`" + n);
      return [hits.sort(), "`" + prefix];
    }
    const word = /[\w.@?]*$/.exec(line)?.[0] ?? "";
    cached ??= vocabulary(src);
    const bare = word.startsWith("?") ? word.slice(1) : word;
    // Case-insensitive prefix: EQL function names and SPL keywords are case-insensitive anyway.
    const lower = bare.toLowerCase();
    const hits = cached.filter((w) => w.toLowerCase().startsWith(lower)).map((w) => (word.startsWith("?") ? "?" + w : w));
    return [hits, word];
  };
}
