/**
 * convert: `ctime(f)` renders epoch seconds with `timeformat` (strftime, zone from the run options,
 * sub-seconds only if the format asks); `mktime(f)` parses with it. Null stays null; a value that
 * is not numeric is left unchanged. `as g` writes g (appended when new), else f in place.
 * https://help.splunk.com/splunk-enterprise/spl-search-reference/9.2/search-commands/convert
 */
import type { Convert } from "../../plan/plan.js";
import { toNumber, toText, type Row, type Scalar } from "../values.js";
import { formatStrftime, parseStrptime } from "../functions/strftime.js";
import { mapScalars } from "../functions/args.js";
import { appendNew } from "./eval.js";
import { expectTable, writableRow, table, type Operator, type OperatorEnv } from "./table.js";

type Converter = (s: Scalar) => Scalar;

function converter(fn: string, timeformat: string, tz: string): Converter {
  switch (fn.toLowerCase()) {
    case "ctime":
      return (s) => {
        const n = toNumber(s);
        return n === null ? s : formatStrftime(n, timeformat, tz);
      };
    case "mktime":
      return (s) => (typeof s === "number" ? s : (parseStrptime(toText(s), timeformat, tz) ?? s));
    case "num":
    case "auto":
      return (s) => toNumber(s) ?? s;
    case "rmcomma":
      return (s) => toNumber(toText(s).replace(/,/g, "")) ?? s;
    case "rmunit":
      return (s) => {
        const m = /^\s*([+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?)/.exec(toText(s));
        return m ? Number(m[1]) : s;
      };
    case "none":
      return (s) => s;
    default:
      throw new Error(`unsupported convert function \`${fn}\``);
  }
}

export function compileConvert(node: Convert, input: Operator, env: OperatorEnv): Operator {
  const steps = node.conversions.map((c) => ({
    field: c.field,
    target: c.as ?? c.field,
    convert: converter(c.fn, node.timeformat, env.tz),
  }));
  return (events) => {
    const t = expectTable(input(events), "convert");
    const rows = t.rows.map((r) => {
      const out = writableRow(t, r);
      for (const s of steps) {
        const v = out[s.field];
        if (v === undefined || v === null) continue;
        out[s.target] = mapScalars(v, s.convert);
      }
      return out as Row;
    });
    const columns = t.columns ? appendNew(t.columns, steps.map((s) => s.target)) : null;
    return table(rows, columns);
  };
}

