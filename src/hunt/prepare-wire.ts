/**
 * A prepared rule file as plain data, for the rule cache (src/hunt/rule-cache.ts): v8 serialization
 * copies plans, metadata and diagnostics as they are, but not functions nor a class's prototype — so
 * `mapDiagnostics` and `selectEvents` are rebuilt from the macro expansion's segments and the rule's
 * Elastic metadata, as `prepareRuleFile` built them.
 */
import { mapDiagnostics, SegmentMap } from "../macros/index.js";
import type { Segment } from "../macros/source-map.js";
import type { PreparedRule } from "../rule.js";
import { eventSelector, type PreparedRuleFile } from "../rules/prepare.js";

/** The map's fields: what `new SegmentMap` takes back. */
interface WiredMap {
  readonly segments: readonly Segment[];
  readonly length: number;
  readonly originalLength: number;
}

export type WiredPrepared = Omit<PreparedRuleFile, "rule" | "selectEvents"> & {
  readonly rule: Omit<PreparedRule, "mapDiagnostics" | "sourceMap"> & { readonly sourceMap?: WiredMap };
};

export function wirePrepared(prepared: PreparedRuleFile): WiredPrepared {
  const { rule, selectEvents: _select, ...rest } = prepared;
  const { mapDiagnostics: _map, sourceMap, ...plain } = rule;
  if (sourceMap !== undefined && !(sourceMap instanceof SegmentMap)) throw new Error("a rule's source map cannot be stored");
  const map = sourceMap === undefined ? {} : { sourceMap: { segments: sourceMap.segments, length: sourceMap.length, originalLength: sourceMap.originalLength } };
  return { ...rest, rule: { ...plain, ...map } };
}

/** The prepared file back, with its functions rebuilt (`now`: the clock `prepareRuleFile` was given, if any). */
export function unwirePrepared(w: WiredPrepared, now?: number): PreparedRuleFile {
  const { rule, ...rest } = w;
  const { sourceMap: wired, ...plain } = rule;
  const sourceMap = wired === undefined ? undefined : new SegmentMap(wired.segments, wired.length, wired.originalLength);
  const meta = rest.file.meta;
  return {
    ...rest,
    rule: {
      ...plain,
      ...(sourceMap ? { sourceMap } : {}),
      mapDiagnostics: sourceMap ? (ds) => mapDiagnostics([...ds], sourceMap) : (ds) => [...ds],
    },
    selectEvents: eventSelector(meta?.kind === "elastic" ? meta : undefined, now),
  };
}
