/** The SPL command registry: one line per command (style.md §4.1). */
import { convert } from "./convert.js";
import type { SplCommand } from "./define.js";
import { rename } from "./rename.js";
import { search } from "./search.js";
import { tstats } from "./tstats.js";

const ALL: readonly SplCommand[] = [tstats, search, rename, convert];

/** Supported commands by lower-case name. */
export const splCommands: ReadonlyMap<string, SplCommand> = new Map(ALL.map((c) => [c.name, c]));

export type { LowerContext, SplCommand, SplCommandOf } from "./define.js";
export { defineCommand } from "./define.js";
