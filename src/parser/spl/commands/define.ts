/**
 * What a command is: a registry entry naming the grammar shape of its body and how that body
 * lowers onto the plan built so far (style.md §4.1). Adding a command = one file here + one line
 * in commands/index.ts (+ a new shape in parser.ts/ast.ts only if no existing shape fits).
 */
import type { Diagnostic, Span } from "../../../diagnostics.js";
import type { Field } from "../../../plan/expr.js";
import type { PlanNode } from "../../../plan/plan.js";
import type { BodyOf, SplCommandNode, SplPipeline, SplShape, SplWord } from "../ast.js";
import type { DataModelDataset } from "../datamodel.js";
import type { LookupResolver } from "../../../lookups/index.js";

/** State shared by the commands of one lowering run. */
export interface LowerContext {
  /** Warnings and errors found while lowering; a command that adds an error returns undefined. */
  readonly diagnostics: Diagnostic[];
  /** Data models tstats may read, by `datamodel=` value. */
  readonly dataModels: ReadonlyMap<string, DataModelDataset>;
  /**
   * The Scan a leading search (a query not starting with `|`) reads, so raw-event searches have a
   * source: the CIM view of Endpoint.Processes, whose row keys are the CIM names (`process_name`).
   */
  readonly leadingSearchSource: (span: Span) => PlanNode;
  /** Lookup tables `lookup` may use (absent: none were loaded). */
  readonly lookups?: LookupResolver;
  /** Binds a column of the rows flowing between commands (names as written, case-sensitive). */
  readonly bindColumn: (word: SplWord) => Field;
  /** Lowers a subsearch's pipeline as a search of its own (errors go to `diagnostics`; undefined then). */
  readonly lowerSubsearch: (pipeline: SplPipeline) => PlanNode | undefined;
  /** Lowers an appendpipe subpipeline whose first command reads the rows of `input`. */
  readonly lowerSubpipeline: (pipeline: SplPipeline, input: PlanNode) => PlanNode | undefined;
  /** Expands macro calls in search text held in a string (map's `search="…"`) as the rule's own were. */
  readonly expandMacros: (text: string) => TextExpansion;
  /** Parses and lowers search text held in a string; its diagnostics are in `text` offsets, not added to `diagnostics`. */
  readonly lowerText: (text: string) => { plan?: PlanNode; diagnostics: Diagnostic[] };
}

/** Search text with its macros expanded; `toOriginal` takes a span of `text` to the text before expansion. */
export interface TextExpansion {
  readonly text: string;
  readonly diagnostics: readonly Diagnostic[];
  readonly toOriginal: (span: Span) => Span;
}

/** A command whose body has shape `S`. */
export interface SplCommandOf<S extends SplShape> {
  /** Lower-case command name as written after `|`. */
  readonly name: string;
  readonly shape: S;
  /** Generating commands (tstats) start a pipeline after a leading `|` and nowhere else. */
  readonly generating: boolean;
  /** Reference page for the command, shown in hints. */
  readonly doc: string;
  /**
   * Builds the plan for this command on top of `input` (undefined for the first command).
   * Returns undefined after adding at least one error diagnostic.
   */
  lower(body: BodyOf<S>, input: PlanNode | undefined, ctx: LowerContext, node: SplCommandNode): PlanNode | undefined;
}

/** Any registered command (a union over shapes, so each entry keeps its body type). */
export type SplCommand = { [S in SplShape]: SplCommandOf<S> }[SplShape];

export function defineCommand<S extends SplShape>(command: SplCommandOf<S>): SplCommandOf<S> {
  return command;
}
