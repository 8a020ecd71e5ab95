/**
 * EQL pipes. Elasticsearch supports only `head N` and `tail N` (chainable); the Endgame pipes parse
 * but are rejected (https://www.elastic.co/docs/reference/query-languages/eql/eql-pipe-ref).
 */
import { diag, didYouMean, type Diagnostic, type Span } from "../../diagnostics.js";
import type { EqlExpr, EqlPipe } from "./ast.js";
import type { ExprBuilder } from "./to-ast-expr.js";

export const eqlPipes = ["head", "tail"] as const;

/** Endgame pipes with advice on what to write instead. */
export const LEGACY_PIPES: Readonly<Record<string, string>> = {
  count: "Elasticsearch EQL has no aggregation pipes; count the returned events instead",
  filter: "move the condition into the `where` clause",
  sort: "results are always in ascending time order; use `head N` or `tail N` to pick from either end",
  unique: "Elasticsearch EQL cannot deduplicate results; use `sequence by …` to group events by key",
  unique_count: "Elasticsearch EQL has no aggregation pipes",
};

export function legacyPipeDiagnostic(name: string, span: Span): Diagnostic {
  return diag("eql-unsupported", `unsupported pipe \`${name}\``, span, `Elasticsearch EQL supports only \`head\` and \`tail\`; ${LEGACY_PIPES[name]}`);
}

export function buildPipe(name: string, nameSpan: Span, args: readonly EqlExpr[], span: Span, b: ExprBuilder): EqlPipe | undefined {
  if (name !== "head" && name !== "tail") {
    if (name in LEGACY_PIPES) {
      b.diagnostics.push(legacyPipeDiagnostic(name, nameSpan));
    } else {
      const near = didYouMean(name, eqlPipes);
      b.error("eql-syntax", `unknown pipe \`${name}\``, nameSpan, near ? `did you mean \`${near}\`?` : "Elasticsearch EQL supports only `head N` and `tail N`");
    }
    return undefined;
  }
  if (args.length !== 1) {
    b.error("eql-syntax", `pipe \`${name}\` expects exactly one argument but found ${args.length}`, span, `write \`| ${name} 10\``);
    return undefined;
  }
  const arg = args[0]!;
  if (arg.kind !== "Literal" || typeof arg.value !== "number" || arg.numberKind !== "integer") {
    b.error("eql-syntax", `pipe \`${name}\` expects a positive integer but found \`${b.text.slice(arg.span.start, arg.span.end)}\``, arg.span);
    return undefined;
  }
  return { kind: "Pipe", name, count: arg.value, span };
}
