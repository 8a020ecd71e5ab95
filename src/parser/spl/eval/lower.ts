/**
 * Eval expression → plan expression. Semantics (spl-semantics.md §8, §11):
 * - `=`/`==`/`!=`/`<`… compare case-sensitively; numbers and numeric strings compare numerically;
 *   a null operand makes the comparison null (`where` then drops the row).
 * - `.` concatenates, `+` adds numbers or joins strings, other arithmetic is numeric; null propagates.
 * - `LIKE`/`like()` is the only wildcard (`%`, `_`); `match()` is an unanchored PCRE.
 * - Function names are case-insensitive and resolve through the engine registry (`lookupFunction`).
 */
import { diag, didYouMean, type Diagnostic } from "../../../diagnostics.js";
import { arityMismatch, builtinFunctions, lookupFunction } from "../../../engine/functions/index.js";
import { expr, type Compare, type Expr } from "../../../plan/expr.js";
import { assertNever } from "../../../plan/plan.js";
import type { EvalBinaryOp, EvalExpr } from "./ast.js";
import { lowerMvfilter, MVFILTER } from "./mvfilter.js";
import { checkPattern } from "../../common/regex-check.js";

/** Operators that are registry calls, by eval spelling. */
const OPERATOR_FUNCTIONS: Readonly<Partial<Record<EvalBinaryOp, string>>> = {
  ".": "splConcat",
  "+": "splAdd",
  "-": "splSubtract",
  "*": "splMultiply",
  "/": "splDivide",
  "%": "splModulo",
  LIKE: "like",
};

const COMPARE_OPS: Readonly<Partial<Record<EvalBinaryOp, Compare["op"]>>> = {
  "==": "==",
  "!=": "!=",
  "<": "<",
  "<=": "<=",
  ">": ">",
  ">=": ">=",
};

/**
 * Splunk eval functions splice does not implement yet: using one is an `unsupported-function` error
 * (a named gap), unlike a misspelt name (`unknown-function`).
 * https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/evaluation-functions
 */
const KNOWN_UNSUPPORTED = new Set([
  "mvmap",
  "mvfind",
  "mvrange",
  "mvzip",
  "mv_to_json_array",
  "searchmatch",
  "cidrmatch",
  "validate",
  "typeof",
  "printf",
  "sha1",
  "sha256",
  "sha512",
  "md5",
  "random",
  "commands",
  "spath",
  "json_object",
  "json_extract",
  "json_array",
  "isnum",
  "isstr",
  "isint",
  "isbool",
  "ipmask",
  "lookup",
  "sigfig",
  "exact",
  "log",
  "pi",
  "xor",
  "tojson",
  "relative_time_ms",
  "nullif",
]);

const splFunctionNames = (): string[] => {
  const names = new Set<string>();
  for (const def of builtinFunctions.values()) for (const n of def.names.spl ?? []) if (/^\w+$/.test(n)) names.add(n);
  return [...names];
};

/** Functions whose argument at this index is a PCRE: a literal one is checked here, with its position. */
const PATTERN_ARGUMENT: Readonly<Record<string, number>> = { match: 1, replace: 1 };

export function lowerEvalExpr(e: EvalExpr, diagnostics: Diagnostic[]): Expr {
  const lower = (x: EvalExpr): Expr => lowerEvalExpr(x, diagnostics);
  switch (e.kind) {
    case "Number":
      return expr.literal(e.value, e.span);
    case "String":
      return expr.literal(e.value, e.span);
    case "Field":
      return expr.field(e.name, e.name, e.span);
    case "Unary":
      return e.op === "NOT" ? expr.not(lower(e.operand), e.span) : expr.call("splNegate", [lower(e.operand)], e.span);
    case "In":
      return {
        kind: "InList",
        subject: lower(e.subject),
        values: e.values.map(lower),
        caseInsensitive: false,
        onNull: "null",
        span: e.span,
      };
    case "Binary": {
      const left = lower(e.left);
      const right = lower(e.right);
      if (e.op === "AND") return expr.and([left, right], e.span);
      if (e.op === "OR") return expr.or([left, right], e.span);
      if (e.op === "XOR") {
        return expr.or([expr.and([left, expr.not(right)], e.span), expr.and([expr.not(left), right], e.span)], e.span);
      }
      const cmp = COMPARE_OPS[e.op];
      if (cmp) {
        return { kind: "Compare", op: cmp, left, right, caseInsensitive: false, onNull: "null", numericStrings: true, span: e.span };
      }
      const fn = OPERATOR_FUNCTIONS[e.op];
      if (!fn) return assertNever(e.op as never);
      return expr.call(fn, [left, right], e.span);
    }
    case "Call": {
      const args = e.args.map(lower);
      const lowerName = e.name.toLowerCase();
      if (lowerName === MVFILTER) return lowerMvfilter(args, e.span, e.nameSpan, diagnostics);
      const def = lookupFunction("spl", e.name);
      if (!def || !/^\w+$/.test(e.name)) {
        if (KNOWN_UNSUPPORTED.has(lowerName)) {
          diagnostics.push(
            diag("unsupported-function", `eval function \`${e.name}()\` is not supported yet`, e.nameSpan),
          );
        } else {
          const guess = didYouMean(lowerName, splFunctionNames());
          diagnostics.push(
            diag(
              "unknown-function",
              `unknown eval function \`${e.name}()\``,
              e.nameSpan,
              guess ? `did you mean \`${guess}\`?` : undefined,
            ),
          );
        }
        return expr.literal(null, e.span);
      }
      const arity = arityMismatch(`${e.name}()`, def, args.length);
      if (arity) diagnostics.push(diag("wrong-argument-count", arity, e.span));
      const patternAt = PATTERN_ARGUMENT[def.id];
      const pattern = patternAt === undefined ? undefined : e.args[patternAt];
      if (pattern?.kind === "String") diagnostics.push(...checkPattern(pattern.value, pattern.span));
      return expr.call(def.id, args, e.span);
    }
    default:
      return assertNever(e);
  }
}
