/**
 * CST → AST for EQL statements: event queries, sequences, samples and pipes, with the structural
 * checks Elasticsearch's LogicalPlanBuilder makes while parsing (messages follow its wording):
 * `by` after `with`, maxspan values and units, join-key counts, `runs` range, missing-event rules,
 * sample restrictions; `join` is rejected.
 */
import type { CstNode } from "chevrotain";
import type { Diagnostic, Span } from "../../diagnostics.js";
import type { EqlEventFilter, EqlField, EqlPipe, EqlQuery, EqlSample, EqlSequence, EqlTerm } from "./ast.js";
import { joinSpans, node, nodes, spanOf, spanOfToken, token } from "./cst.js";
import { buildPipe } from "./pipes.js";
import { ExprBuilder } from "./to-ast-expr.js";
import * as T from "./tokens.js";

const TIME_UNITS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const MAX_RUNS = 100;
/** Elasticsearch: "You can specify up to five filters" in a sample. */
const MAX_SAMPLE_TERMS = 5;

export function cstToAst(cst: CstNode, text: string, diagnostics: Diagnostic[]): EqlQuery {
  return new StatementBuilder(text, diagnostics).statement(cst);
}

class StatementBuilder extends ExprBuilder {
  statement(n: CstNode): EqlQuery {
    const q = node(n, "query")!;
    const query = this.query(q);
    const pipes: EqlPipe[] = [];
    for (const p of nodes(n, "pipe")) {
      const name = token(p, "name")!;
      const args = nodes(p, "expression").map((c) => this.expression(c));
      const pipe = buildPipe(name.image, spanOfToken(name), args, spanOf(p), this);
      if (pipe) pipes.push(pipe);
    }
    if (query.kind === "Sample" && nodes(n, "pipe").length > 0) {
      const first = spanOf(nodes(n, "pipe")[0]!);
      this.error("eql-unsupported", "samples do not support pipes", first, "remove the pipe; a sample returns one match per join-key set");
    }
    return { kind: "EqlQuery", query, pipes, text: this.text, span: spanOf(n) };
  }

  private query(n: CstNode): EqlQuery["query"] {
    const seq = node(n, "sequence");
    if (seq) return this.sequence(seq);
    const sample = node(n, "sample");
    if (sample) return this.sample(sample);
    const join = node(n, "join");
    if (join) {
      this.error(
        "eql-unsupported",
        "`join` is not supported by Elasticsearch EQL",
        spanOfToken(token(join, "Join")!),
        "use `sequence by …` for ordered events or `sample by …` for unordered ones",
      );
      return { kind: "Sample", by: [], terms: [], span: spanOf(join) };
    }
    return this.eventFilter(node(n, "eventFilter")!);
  }

  private eventFilter(n: CstNode): EqlEventFilter {
    const any = token(n, "Any");
    const cat = token(n, "category");
    let category: string | null = null;
    if (!any && cat) category = cat.tokenType === T.Identifier ? cat.image : this.string(cat);
    return {
      kind: "EventFilter",
      category,
      categorySpan: spanOfToken(any ?? cat!),
      condition: this.expression(node(n, "expression")!),
      span: spanOf(n),
    };
  }

  private joinKeys(n: CstNode | undefined): EqlField[] {
    if (!n) return [];
    const keys: EqlField[] = [];
    for (const e of nodes(n, "expression")) {
      const key = this.expression(e);
      if (key.kind === "Field") keys.push(key);
      else this.error("eql-syntax", "unsupported join key: join keys must be fields", key.span, "write a field name such as `process.entity_id`");
    }
    return keys;
  }

  private term(n: CstNode): EqlTerm {
    const filter = this.eventFilter(node(n, "eventFilter")!);
    const by = this.joinKeys(node(n, "joinKeys"));
    const option = token(n, "option");
    let runs: EqlTerm["runs"];
    if (option) {
      const num = token(n, "NumberLiteral")!;
      const span = joinSpans(spanOfToken(token(n, "With")!), spanOfToken(num));
      const value = Number(num.image);
      if (option.image !== "runs") {
        this.error("eql-syntax", `unrecognized option \`${option.image}\``, spanOfToken(option), "the only term option is `with runs=N`");
      } else if (num.tokenType !== T.IntegerNumber || value < 1 || value > MAX_RUNS) {
        this.error("eql-syntax", `\`runs\` must be an integer between 1 and ${MAX_RUNS}, found ${num.image}`, spanOfToken(num));
      } else runs = { value, span };
    }
    return {
      kind: "Term",
      filter,
      by,
      ...(runs ? { runs } : {}),
      missing: token(n, "MissingOpen") !== undefined,
      span: spanOf(n),
    };
  }

  private maxspan(n: CstNode): EqlSequence["maxspan"] {
    const num = token(n, "NumberLiteral")!;
    const unit = token(n, "unit");
    const span = joinSpans(spanOfToken(num), unit ? spanOfToken(unit) : spanOfToken(num));
    const text = this.text.slice(span.start, span.end);
    if (num.tokenType !== T.IntegerNumber) {
      this.error("eql-syntax", `decimal time interval \`${num.image}\` is not supported`, spanOfToken(num), "use a positive integer with a smaller unit, for example `90s` for 1.5m");
      return undefined;
    }
    const value = Number(num.image);
    if (value <= 0) {
      this.error("eql-syntax", `a positive maxspan value is required; found ${num.image}`, spanOfToken(num));
      return undefined;
    }
    if (!unit) {
      this.error("eql-syntax", "no time unit specified", spanOfToken(num), `did you mean \`${num.image}s\`? units are ms, s, m, h, d`);
      return undefined;
    }
    const factor = TIME_UNITS[unit.image];
    if (factor === undefined) {
      this.error("eql-syntax", `unrecognized time unit \`${unit.image}\` in \`${text}\``, spanOfToken(unit), "specify one of ms, s, m, h, d");
      return undefined;
    }
    return { ms: value * factor, text, span };
  }

  private sequence(n: CstNode): EqlSequence {
    const late = node(n, "keysAfterWith");
    if (late) {
      const with_ = spanOf(node(n, "maxspan")!);
      this.error(
        "eql-syntax",
        "specify sequence `by` before `with`, not after",
        spanOf(late),
        `write \`sequence ${this.text.slice(spanOf(late).start, spanOf(late).end)} ${this.text.slice(with_.start, with_.end)}\``,
      );
    }
    const by = this.joinKeys(node(n, "joinKeys"));
    const maxspanNode = node(n, "maxspan");
    const maxspan = maxspanNode ? this.maxspan(maxspanNode) : undefined;
    const terms = nodes(n, "term").map((t) => this.term(t));
    const untilNode = node(n, "until");
    const until = untilNode ? this.term(untilNode) : undefined;
    const span = spanOf(n);
    this.checkKeyCounts(until ? [...terms, until] : terms);

    const expanded = terms.reduce((sum, t) => sum + (t.runs?.value ?? 1), 0);
    if (expanded < 2) {
      this.error("eql-syntax", `a sequence requires a minimum of 2 queries, found ${expanded}`, span, "add another `[ … ]` term, or repeat one with `with runs=N`");
    }
    const missing = terms.filter((t) => t.missing);
    if (missing.length > 0) {
      if (!maxspanNode) {
        this.error("eql-syntax", "a sequence with missing events (`![ … ]`) requires `with maxspan`", spanOfToken(token(n, "Sequence")!), "write `sequence with maxspan=1m …`");
      }
      if (missing.length === terms.length) {
        this.error("eql-syntax", "a sequence needs at least one event that is not missing", missing[0]!.span);
      }
    }
    if (until?.missing) this.error("eql-syntax", "`until` cannot be a missing event", until.span, "write `until [ … ]`");
    if (until?.runs) this.error("eql-syntax", "`with runs` cannot be used on `until`", until.runs.span);
    return { kind: "Sequence", by, ...(maxspan ? { maxspan } : {}), terms, ...(until ? { until } : {}), span };
  }

  private sample(n: CstNode): EqlSample {
    const by = this.joinKeys(node(n, "joinKeys"));
    const terms = nodes(n, "term").map((t) => this.term(t));
    const span = spanOf(n);
    for (const t of terms) {
      if (t.missing) this.error("eql-syntax", "samples cannot contain missing events (`![ … ]`)", t.span);
      if (t.runs) this.error("eql-syntax", "`with runs` cannot be used in a sample", t.runs.span);
    }
    if (terms.length > MAX_SAMPLE_TERMS) {
      this.error("eql-syntax", `a sample must contain at most ${MAX_SAMPLE_TERMS} queries, found ${terms.length}`, terms[MAX_SAMPLE_TERMS]!.span);
    }
    this.checkKeyCounts(terms);
    if (by.length === 0 && terms.every((t) => t.by.length === 0)) {
      this.error("eql-syntax", "a sample requires join keys", spanOfToken(token(n, "Sample")!), "write `sample by host.id [ … ] [ … ]`");
    }
    return { kind: "Sample", by, terms, span };
  }

  /** Every term must have as many keys as the first (Elasticsearch compares keys by position). */
  private checkKeyCounts(terms: readonly EqlTerm[]): void {
    const expected = terms[0]?.by.length ?? 0;
    for (const t of terms.slice(1)) {
      if (t.by.length !== expected) {
        const span: Span = t.by.length > 0 ? joinSpans(t.by[0]!.span, t.by[t.by.length - 1]!.span) : t.span;
        this.error("eql-syntax", `inconsistent number of join keys specified; expected ${expected} but found ${t.by.length}`, span);
      }
    }
  }
}
