/**
 * EQL `sequence [by …] [with maxspan=…] … [until …]` in SQL with window functions (DuckDB), equal to the
 * state machine of src/engine/exec/sequence.ts. Per join key that machine keeps at most one pending
 * sequence per stage: a stage-k event takes (and consumes, even when maxspan or until then reject the match)
 * the latest sequence that reached stage k-1, and a stage-(k-1) success replaces the one waiting there.
 * So, with events numbered in EQL order (`__s_pos`), the sequences that reach stage k are exactly:
 *
 *   the stage-k events whose previous row — in the union of the stage-(k-1) successes and the stage-k events
 *   of the same key, ordered by position with a stage-k event before a success at the same position (the
 *   machine visits stages last to first) — is a stage-(k-1) success, and that pass the maxspan and until checks.
 *
 * That is one LAG per stage. Missing-event terms (`![…]`) are refused (unsupported-in-sql).
 */
import type { Sequence, SequenceTerm } from "../plan/plan.js";
import type { Expr } from "../plan/expr.js";
import { Compiler, type CompiledSql, type Rel } from "./compile.js";
import { compileExpr, type Typed } from "./expr.js";
import { INTERNAL } from "./schema.js";
import { unsupported } from "./unsupported.js";

const EVENT_COLUMNS = [INTERNAL.seq, INTERNAL.id, INTERNAL.file, INTERNAL.line, INTERNAL.record, INTERNAL.adapter, INTERNAL.ts, INTERNAL.doc] as const;

export function compileSequence(n: Sequence, c: Compiler): CompiledSql {
  const d = c.d;
  if (d.name !== "duckdb") unsupported("an EQL `sequence` on ClickHouse", n.span, "it needs window functions");
  if (n.terms.some((t) => t.missing)) unsupported("a missing-event term `![…]`", n.terms.find((t) => t.missing)!.span ?? n.span);
  const q = (s: string) => c.q(s);
  // Events in EQL order, numbered once; every term and the until read this instead of the table.
  const ev = "__s_ev";
  const order = c.eqlOrder(new Map(), n.span).map((o) => `${o.sql} ASC NULLS LAST`).join(", ");
  const inner = new Compiler(d, c.schema, c.opts, { ...c.tables, ecs: ev });
  const stages: SequenceTerm[] = n.terms.flatMap((t) => Array.from({ length: Math.max(1, t.runs) }, () => t));
  const keyCount = n.terms[0]!.keys.length;
  if (n.terms.some((t) => t.keys.length !== keyCount) || (n.until && n.until.keys.length !== keyCount)) {
    unsupported("sequence terms with different numbers of join keys", n.span);
  }
  const ctes: string[] = [`${ev} AS (SELECT *, row_number() OVER (ORDER BY ${order}) AS ${q("__s_pos")} FROM ${c.tables.ecs})`];
  const keyCols = Array.from({ length: keyCount }, (_, k) => `k${k}`);
  const sortCols = Array.from({ length: keyCount }, (_, k) => `s${k}`);

  /** A term's matching events with one row per key tuple: pos, ts, k0… (text identity), s0… (typed, for order). */
  const termEvents = (term: SequenceTerm): string => {
    const rel: Rel = inner.node(term.input);
    const scope = inner.scope(rel);
    const alias = inner.alias();
    const keys = term.keys.map((k) => ({ t: compileExpr(k, scope), optional: k.kind === "Field" && k.optional === true, expr: k }));
    const select = [`${alias}.${q("__s_pos")} AS pos`, `${alias}.${q(INTERNAL.ts)} AS ts`];
    let from = `(${rel.sql}) AS ${alias}`;
    const where: string[] = [];
    keys.forEach(({ t, optional, expr }, k) => {
      const { text, sort, list } = keyValue(t, expr, alias, k);
      if (list) {
        // One tuple per distinct value (a cartesian product over several multivalued keys).
        const u = inner.alias();
        from += `, unnest(CASE WHEN ${list} IS NULL OR len(${list}) = 0 THEN ${optional ? "[NULL]" : "[]"} ELSE list_distinct(${list}) END) AS ${u}(v)`;
        select.push(`${text(`${u}.v`)} AS k${k}`, `${sort(`${u}.v`)} AS s${k}`);
        return;
      }
      select.push(`${text(null)} AS k${k}`, `${sort(null)} AS s${k}`);
      if (!optional) where.push(`${text(null)} IS NOT NULL`);
    });
    return `SELECT ${select.join(", ")} FROM ${from}${where.length ? ` WHERE ${where.join(" AND ")}` : ""}`;
  };

  /** The key of one term position: its text identity (engine tupleId) and its value for ordering. */
  function keyValue(t: Typed, e: Expr, alias: string, k: number): { text: (v: string | null) => string; sort: (v: string | null) => string; list?: string } {
    void alias;
    void k;
    if (t.base === null) return { text: () => "CAST(NULL AS VARCHAR)", sort: () => "CAST(NULL AS VARCHAR)" };
    const asText = (x: string) =>
      t.base === "text" ? x : t.base === "number" ? d.numberText(x) : `(CASE WHEN ${x} THEN 'true' ELSE 'false' END)`;
    const sortOf = (x: string) => (t.base === "text" ? x : t.base === "number" ? x : `CAST(${x} AS INTEGER)`);
    if (t.multi) return { text: (v) => asText(v!), sort: (v) => sortOf(v!), list: t.sql };
    if (e.kind !== "Field" && t.base !== "text" && t.base !== "number") unsupported("a join key that is not text or a number", e.span);
    return { text: () => asText(t.sql), sort: () => sortOf(t.sql) };
  }

  stages.forEach((term, i) => ctes.push(`e${i} AS (${termEvents(term)})`));
  if (n.until) ctes.push(`u AS (${termEvents(n.until)})`);

  const keyList = keyCols.join(", ");
  const sameKey = (a: string, b: string) => keyCols.map((k) => `${a}.${k} IS NOT DISTINCT FROM ${b}.${k}`).join(" AND ") || "TRUE";
  // Stage 0: every matching event starts a sequence.
  ctes.push(`p0 AS (SELECT ${[...keyCols, ...sortCols, "pos AS p0", "ts AS first_ts", "pos AS last"].join(", ")} FROM e0)`);
  const maxspan = n.maxspanMs !== undefined && n.maxspanMs > 0 ? n.maxspanMs : null;
  for (let i = 1; i < stages.length; i++) {
    const prevPos = Array.from({ length: i }, (_, j) => `p${j}`);
    const merged =
      `SELECT ${["'p' AS tag", "1 AS tie", ...keyCols, ...sortCols, ...prevPos, "first_ts", "last AS pos", "CAST(NULL AS DOUBLE) AS ts"].join(", ")} FROM p${i - 1} ` +
      `UNION ALL SELECT ${["'e'", "0", ...keyCols, ...sortCols.map((s) => `NULL AS ${s}`), ...prevPos.map((p) => `NULL AS ${p}`), "NULL", "pos", "ts"].join(", ")} FROM e${i}`;
    const lagged = [`lag(tag) OVER w AS ptag`, ...[...sortCols, ...prevPos, "first_ts", "pos"].map((c) => `lag(${c}) OVER w AS l_${c}`)];
    const checks = [`x.tag = 'e'`, `x.ptag = 'p'`];
    // maxspan: measured from the first event; a missing timestamp on either side passes.
    if (maxspan !== null) checks.push(`NOT COALESCE(x.ts - x.l_first_ts > ${maxspan}, FALSE)`);
    // until: an until event of the key at or after the sequence's last event and before this one rejects it.
    if (n.until) checks.push(`NOT EXISTS (SELECT 1 FROM u WHERE ${sameKey("u", "x")} AND u.pos >= x.l_pos AND u.pos < x.pos)`);
    ctes.push(
      `p${i} AS (SELECT ${[...keyCols, ...sortCols.map((s) => `l_${s} AS ${s}`), ...prevPos.map((p) => `l_${p} AS ${p}`), `pos AS p${i}`, "l_first_ts AS first_ts", "pos AS last"].join(", ")} ` +
        `FROM (SELECT *, ${lagged.join(", ")} FROM (${merged}) AS m WINDOW w AS (${keyCols.length ? `PARTITION BY ${keyList} ` : ""}ORDER BY pos, tie)) AS x ` +
        `WHERE ${checks.join(" AND ")})`,
    );
  }
  const last = `p${stages.length - 1}`;
  const joins = stages.map((_, i) => `JOIN ${ev} AS v${i} ON v${i}.${q("__s_pos")} = r.p${i}`).join(" ");
  const cols = [
    ...keyCols.map((k, i) => `r.${k} AS ${q(`__s_key${i}`)}`),
    ...stages.flatMap((_, i) => EVENT_COLUMNS.map((col) => `v${i}.${q(col)} AS ${q(`__s_t${i}${col}`)}`)),
  ];
  // Result order: by last event, then first event, then the key tuple's order (the machine's creation order).
  let orderTerms = [`r.p${stages.length - 1}`, "r.p0", ...sortCols.map((s) => `r.${s}`)];
  let body = `SELECT ${cols.join(", ")}, ${orderTerms.map((t, i) => `${t} AS o${i}`).join(", ")} FROM ${last} AS r ${joins}`;
  orderTerms = orderTerms.map((_, i) => `o${i}`);
  if (c.opts.size !== undefined) {
    body = `SELECT * FROM (${body}) AS s ORDER BY ${orderTerms.map((o) => `${o} DESC NULLS FIRST`).join(", ")} LIMIT ${c.opts.size}`;
  }
  const sql = `WITH ${ctes.join(",\n")}\nSELECT * FROM (${body}) AS r ORDER BY ${orderTerms.map((o) => `${o} ASC NULLS FIRST`).join(", ")}`;
  return { sql, output: { kind: "sequences", terms: stages.length, keys: keyCount } };
}
