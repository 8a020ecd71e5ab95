/**
 * Turns Chevrotain recognition errors into diagnostics with a stable code, a span on the text the
 * user should look at, and a hint. The rule stack and the token before the failure say what was
 * being written: `f=` then end of input is a missing value, `a OR` a missing operand, and so on.
 */
import type { IRecognitionException, IToken, TokenType } from "chevrotain";
import { diag, type Diagnostic, type Span } from "../../diagnostics.js";
import { describeFound, isEndToken, tokenSpan } from "../common/error-messages.js";
import { Comma, LParen, RParen } from "../common/tokens.js";
import { And, As, By, Equals, From, Greater, GreaterEq, In, Less, LessEq, Not, NotEquals, Or, Where } from "./lexer.js";

const COMPARE_TOKENS: ReadonlySet<TokenType> = new Set([Equals, NotEquals, Less, LessEq, Greater, GreaterEq]);
const BOOLEAN_TOKENS: ReadonlySet<TokenType> = new Set([And, Or, Not]);
const SEARCH_RULES = new Set(["searchExpr", "orExpr", "notExpr", "primary", "term", "termWord"]);

export interface ErrorContext {
  /** Command name as written (`search` for the implicit leading search). */
  readonly command: string;
  readonly commandSpan: Span;
  /** Offset just past the command text: where "end of input" points. */
  readonly end: number;
  /** `(` tokens still open when the parser stopped. */
  readonly openParens: readonly IToken[];
}

function realToken(tok: IToken | undefined): tok is IToken {
  return !!tok && !isEndToken(tok) && typeof tok.startOffset === "number";
}

export function parseErrorToDiagnostic(e: IRecognitionException, ctx: ErrorContext): Diagnostic {
  const rules = e.context?.ruleStack ?? [];
  const inner = rules[rules.length - 1] ?? "";
  const found = e.token;
  // Every concrete exception class carries `previousToken`; the interface does not declare it.
  const previous = (e as IRecognitionException & { previousToken?: IToken }).previousToken;
  const prev = realToken(previous) ? previous : undefined;
  const atEnd = !realToken(found);
  const endSpan: Span = { start: ctx.end, end: ctx.end };
  const foundSpan = tokenSpan(found, endSpan);
  const prevSpan = prev ? tokenSpan(prev, endSpan) : undefined;
  const foundText = describeFound(found);
  const inRule = (name: string): boolean => rules.includes(name);

  // `f=` with no value, `IN (a, )`, `opt=`
  if (inRule("value") && prev) {
    if (COMPARE_TOKENS.has(prev.tokenType)) {
      const op = prev.image;
      const example = inRule("nameValue") ? `name${op}value` : `field${op}value`;
      const quoted = inRule("nameValue") ? `name${op}"value with spaces"` : `field${op}"value with spaces"`;
      return diag(
        "missing-value",
        `missing value after \`${op}\`${atEnd ? "" : `, found ${foundText}`}`,
        prevSpan,
        `\`${op}\` needs a value: write \`${example}\` or \`${quoted}\``,
      );
    }
    if (prev.tokenType === Comma || prev.tokenType === LParen) {
      return diag(
        "missing-value",
        prev.tokenType === Comma ? `missing value after \`,\`${atEnd ? "" : `, found ${foundText}`}` : "`IN ( … )` needs at least one value",
        prev.tokenType === Comma ? prevSpan : cover(prevSpan!, foundSpan),
        "write `field IN (value1, value2)`",
      );
    }
  }

  // `IN` not followed by `(`
  if (inner === "term" && prev?.tokenType === In) {
    return diag("missing-paren", "`IN` must be followed by a list in parentheses", prevSpan, "write `field IN (value1, value2)`");
  }

  // a `(` without its `)`
  const open = ctx.openParens[ctx.openParens.length - 1];
  if (e.name === "MismatchedTokenException" && (inner === "primary" || inner === "term") && open) {
    return diag(
      "unclosed-paren",
      atEnd ? "unclosed `(`" : `unclosed \`(\`: found ${foundText} before its \`)\``,
      tokenSpan(open, endSpan),
      inRule("tstatsBody") && found?.tokenType === By
        ? "add `)` before `by`"
        : "add the matching `)`",
    );
  }

  if (e.name === "NotAllInputParsedException") {
    if (found?.tokenType === RParen) {
      return diag("unmatched-paren", "unmatched `)`", foundSpan, "remove it or add the matching `(`");
    }
    if (ctx.command === "tstats") {
      return diag(
        "unexpected-token",
        `unexpected ${foundText} in \`tstats\``,
        foundSpan,
        "write the clauses in the order `tstats <aggregates> from datamodel=… where … by …`",
      );
    }
    return diag(
      "unexpected-token",
      `unexpected ${foundText} in \`${ctx.command}\``,
      foundSpan,
      `the \`${ctx.command}\` command cannot continue here; quote values that contain spaces or \`= ( ) , |\``,
    );
  }

  // `a OR` / `NOT` / `AND` without a following term
  if (rules.some((r) => SEARCH_RULES.has(r))) {
    if (prev && BOOLEAN_TOKENS.has(prev.tokenType)) {
      return diag(
        "missing-operand",
        `\`${prev.image}\` needs a search term after it${atEnd ? "" : `, found ${foundText}`}`,
        prevSpan,
        "write `a=1 OR b=2`; to search for the word itself, quote it",
      );
    }
    if (found && COMPARE_TOKENS.has(found.tokenType)) {
      return diag("missing-field", `\`${found.image}\` needs a field name on its left`, foundSpan, "write `field=value`");
    }
    if (prev?.tokenType === LParen && found?.tokenType === RParen) {
      return diag("empty-group", "empty parentheses", cover(prevSpan!, foundSpan), "put a search term inside or remove them");
    }
    if (!prev || prev.tokenType === Where) {
      const what = prev ? "`where`" : `\`${ctx.command}\``;
      return diag(
        "missing-search-expression",
        `${what} needs a search expression${atEnd ? "" : `, found ${foundText}`}`,
        prev ? prevSpan : atEnd ? ctx.commandSpan : foundSpan,
        "write terms such as `process_name=cmd.exe`",
      );
    }
  }

  if (e.name === "EarlyExitException") {
    if (inner === "tstatsBody" && prev?.tokenType === By) {
      return diag("missing-field", "`by` needs at least one field", prevSpan, "write `by Processes.dest`");
    }
    const missing: Record<string, [string, string, string]> = {
      tstatsBody: ["missing-aggregate", "`tstats` needs an aggregate such as `count`", "write `| tstats count from datamodel=Endpoint.Processes …`"],
      renameBody: ["missing-rename", "`rename` needs `<field> AS <new name>`", "write `rename \"Processes.*\" AS *`"],
      convertBody: ["missing-conversion", "`convert` needs a conversion such as `ctime(field)`", "write `convert ctime(firstTime)`"],
    };
    const m = missing[inner];
    if (m) return diag(m[0], `${m[1]}${atEnd ? "" : `, found ${foundText}`}`, atEnd ? ctx.commandSpan : foundSpan, m[2]);
  }

  if (inner === "renamePair" && e.name === "MismatchedTokenException") {
    return diag(
      "expected-as",
      `expected \`AS\` after \`${prev?.image ?? ""}\`, found ${foundText}`,
      atEnd ? prevSpan ?? endSpan : foundSpan,
      "write `rename <field> AS <new name>`",
    );
  }

  if (inRule("tstatsBody") && prev?.tokenType === From) {
    return diag("missing-datamodel", `expected \`datamodel=…\` after \`from\`, found ${foundText}`, atEnd ? prevSpan : foundSpan, "write `from datamodel=Endpoint.Processes`");
  }

  if (inner === "aggregate" || inner === "conversion") {
    if (prev?.tokenType === As) {
      return diag("missing-alias", `\`AS\` needs a name${atEnd ? "" : `, found ${foundText}`}`, prevSpan, "write `min(_time) AS firstTime`");
    }
  }

  if (atEnd) {
    return diag("unexpected-end", `unexpected end of \`${ctx.command}\` command`, prevSpan ?? endSpan, e.message.replace(/, found end of input$/, ""));
  }
  return diag("unexpected-token", `unexpected ${foundText} in \`${ctx.command}\``, foundSpan, e.message.replace(/, found .*$/, ""));
}

function cover(a: Span, b: Span): Span {
  return { start: Math.min(a.start, b.start), end: Math.max(a.end, b.end) };
}
