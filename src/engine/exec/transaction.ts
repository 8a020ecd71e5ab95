/**
 * SPL transaction, for the options ESCU uses
 * (https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/transaction):
 * rows with the same values of `fields` (every field present; no fields: one group) are taken in time
 * order and grouped into transactions:
 * - `maxspan`: a transaction's events lie within this many seconds of its first; `maxpause`: at most this
 *   many seconds between consecutive events; `maxevents` (default 1000) events at most.
 * - `startswith`: an event matching it begins a new transaction (the open one ends); an event that comes
 *   while none is open and does not match it belongs to none. `endswith`: the matching event ends the
 *   open transaction. A transaction that needed an end and did not get one is evicted, and evicted
 *   transactions are dropped unless `keepevicted=true` (then `closed_txn` is 0 for them, 1 otherwise).
 * Output (mvlist=false): one row per transaction; each field holds its distinct values, a multivalue
 * sorted lexicographically when there are several; `_time` is the earliest time, `duration` the latest
 * minus the earliest, `eventcount` the number of events; `_raw` the events' texts joined by newlines.
 * Rows come newest first, as Splunk returns transactions.
 */
import { mergeLineage } from "../lineage.js";
import type { Transaction } from "../../plan/plan.js";
import { compileExpr } from "../compile/expr.js";
import { compareScalars, scalars, toNumber, toText, type Row, type Scalar, type Value } from "../values.js";
import { expectTable, table, type Operator, type OperatorEnv } from "./table.js";

interface Open {
  readonly rows: Row[];
  readonly first: number;
  last: number;
}

function timeOf(row: Row): number {
  const v = scalars(row["_time"])[0];
  const t = v === undefined ? null : toNumber(v);
  if (t === null) throw new Error("unsupported: `transaction` needs a numeric `_time` on every row");
  return t;
}

function merge(rows: readonly Row[], closed: boolean | null): Row {
  const values = new Map<string, Map<string, Scalar>>();
  for (const r of rows) {
    for (const k in r) {
      if (k === "_time" || k === "_raw") continue;
      let m = values.get(k);
      if (!m) values.set(k, (m = new Map()));
      for (const s of scalars(r[k])) if (!m.has(toText(s))) m.set(toText(s), s);
    }
  }
  const out: Record<string, Value> = {};
  const times = rows.map(timeOf);
  out["_time"] = Math.min(...times);
  const raws = rows.flatMap((r) => scalars(r["_raw"]).map(toText));
  if (raws.length) out["_raw"] = raws.join("\n");
  for (const [k, m] of values) {
    const xs = [...m.values()].sort((a, b) => compareScalars(a, b, false, false));
    if (xs.length) out[k] = xs.length === 1 ? xs[0]! : xs;
  }
  out["duration"] = Math.max(...times) - out["_time"];
  out["eventcount"] = rows.length;
  if (closed !== null) out["closed_txn"] = closed ? 1 : 0;
  mergeLineage(rows, out);
  return out;
}

export function compileTransaction(node: Transaction, input: Operator, env: OperatorEnv): Operator {
  const starts = node.startswith ? compileExpr(node.startswith, env.expr) : null;
  const ends = node.endswith ? compileExpr(node.endswith, env.expr) : null;
  return (events) => {
    const t = expectTable(input(events), "transaction");
    const groups = new Map<string, { row: Row; time: number; at: number }[]>();
    t.rows.forEach((row, at) => {
      let key = "";
      for (const f of node.fields) {
        const vs = scalars(row[f]);
        if (vs.length === 0) return;
        key += vs.map(toText).join("\u0001") + "\u0000";
      }
      const list = groups.get(key) ?? [];
      list.push({ row, time: timeOf(row), at });
      groups.set(key, list);
    });
    const out: Row[] = [];
    const close = (open: Open, ended: boolean): void => {
      const complete = ends ? ended : true;
      if (complete || node.keepevicted) out.push(merge(open.rows, node.keepevicted ? complete : null));
    };
    for (const list of groups.values()) {
      list.sort((a, b) => a.time - b.time || a.at - b.at);
      let open: Open | null = null;
      for (const { row, time } of list) {
        if (open && ((node.maxspan !== null && time - open.first > node.maxspan) || (node.maxpause !== null && time - open.last > node.maxpause))) {
          close(open, false);
          open = null;
        }
        const isStart = starts ? starts(row) === true : false;
        if (starts && isStart && open) {
          close(open, false);
          open = null;
        }
        if (!open) {
          if (starts && !isStart) continue;
          open = { rows: [], first: time, last: time };
        }
        open.rows.push(row);
        open.last = time;
        if (ends && ends(row) === true) {
          close(open, true);
          open = null;
        } else if (node.maxevents > 0 && open.rows.length >= node.maxevents) {
          close(open, !ends);
          open = null;
        }
      }
      if (open) close(open, false);
    }
    out.sort((a, b) => (b["_time"] as number) - (a["_time"] as number));
    return table(out, null);
  };
}
