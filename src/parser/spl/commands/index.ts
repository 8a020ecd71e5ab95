/** The SPL command registry: one line per command (style.md §4.1). */
import { convert } from "./convert.js";
import type { SplCommand } from "./define.js";
import { rename } from "./rename.js";
import { search } from "./search.js";
import { tstats } from "./tstats.js";
import { evalCommand } from "./eval.js";
import { where } from "./where.js";
import { fields, table } from "./table.js";
import { sort } from "./sort.js";
import { dedup, head } from "./dedup.js";
import { eventstats, stats } from "./stats.js";
import { regex, rex } from "./rex.js";
import { lookup } from "./lookup.js";
import { makemv } from "./makemv.js";
import { join } from "./join.js";
import { inputlookup } from "./inputlookup.js";
import { bin, bucket } from "./bin.js";
import { fillnull } from "./fillnull.js";
import { xmlkv } from "./xmlkv.js";
import { mvexpand } from "./mvexpand.js";
import { transaction } from "./transaction.js";
import { appendpipe } from "./appendpipe.js";
import { addcoltotals, addtotals } from "./addtotals.js";
import { replace } from "./replace.js";
import { map } from "./map.js";
import { foreach } from "./foreach.js";
import { makeresults } from "./makeresults.js";
import { spath } from "./spath.js";
import { outlier } from "./outlier.js";
import { datamodel, from } from "./datamodel.js";

const ALL: readonly SplCommand[] = [
  tstats,
  search,
  rename,
  convert,
  evalCommand,
  where,
  table,
  fields,
  sort,
  dedup,
  head,
  stats,
  eventstats,
  rex,
  regex,
  lookup,
  makemv,
  join,
  inputlookup,
  makeresults,
  datamodel,
  from,
  bin,
  bucket,
  fillnull,
  xmlkv,
  mvexpand,
  transaction,
  appendpipe,
  addtotals,
  addcoltotals,
  replace,
  map,
  foreach,
  spath,
  outlier,
];

/** Supported commands by lower-case name. */
export const splCommands: ReadonlyMap<string, SplCommand> = new Map(ALL.map((c) => [c.name, c]));

export type { LowerContext, SplCommand, SplCommandOf } from "./define.js";
export { defineCommand } from "./define.js";
