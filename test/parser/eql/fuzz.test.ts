/**
 * Robustness: random text, random token soup, mutated real queries and generated valid queries.
 * The front end must never throw, must return spans inside the text, must not hang, and must accept
 * every generated valid query.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import fc from "fast-check";
import { parse as parseToml } from "smol-toml";
import { describe, expect, it } from "vitest";
import type { Diagnostic } from "../../../src/diagnostics.js";
import { eqlToPlan } from "../../../src/parser/eql/index.js";
import { sharedPath } from "../../helpers/tier.js";

/** Generous per-query bound: real queries take well under a millisecond each. */
const MAX_MS = 1000;

function check(text: string): void {
  const started = performance.now();
  const r = eqlToPlan(text);
  const elapsed = performance.now() - started;
  expect(elapsed).toBeLessThan(MAX_MS);
  const errors = r.diagnostics.filter((d) => d.severity === "error");
  expect(r.plan === undefined).toBe(errors.length > 0);
  for (const d of r.diagnostics) expectSpanInside(d, text);
}

function expectSpanInside(d: Diagnostic, text: string): void {
  expect(d.span, d.message).toBeDefined();
  const { start, end } = d.span!;
  expect(Number.isInteger(start) && Number.isInteger(end), d.message).toBe(true);
  expect(start >= 0 && start <= end && end <= text.length, `${d.message} ${start}-${end} of ${text.length}`).toBe(true);
  expect(d.code).toMatch(/^eql-[a-z-]+$/);
}

const SNIPPETS = [
  "process", "any", "where", "sequence", "sample", "by", "with", "maxspan", "=", "5m", "runs", "until", "join",
  "[", "]", "![", "(", ")", ",", "|", "head", "tail", "count", "and", "or", "not", "AND", "in", "in~", "like",
  "like~", "regex", "regex~", ":", "==", "!=", "<", "<=", ">", ">=", "+", "-", "*", "/", "%", "?", "@timestamp",
  "process.name", "`a``b`", '"x"', '"a*"', '"""raw"""', "'single'", '?"q"', '"\\u{41}"', '"\\q"', "1", "1.5",
  ".5", "1e3", "null", "true", "false", "startsWith~", "startsWith", "length", "concat", "of", "child", "f[0]",
  "/*", "*/", "//", "\n", "&&", "#", "~", ".", "é", '"', "`", "'",
];

const SEEDS = [
  'process where host.os.type == "windows" and process.name : ("cmd.exe", "powershell.exe")',
  "sequence by host.id with maxspan=5m [process where true] by process.entity_id [file where true] by process.entity_id until [process where false]",
  'sample by host [any where uptime > 0] by os [any where port > 100] by op_sys',
  'any where not (exit_code > -1) and length(between(a, "x", "y")) > 0 | head 4 | tail 2',
  'process where ?process.parent.args : """C:\\*""" or `my field` in~ ("A", "b") and -x * 2 + 1 >= 3',
];

function mutate(seed: string, ops: readonly [number, number, number][]): string {
  let s = seed;
  for (const [kind, a, b] of ops) {
    const i = s.length === 0 ? 0 : a % (s.length + 1);
    if (kind === 0) s = s.slice(0, i) + s.slice(i + (b % 8));
    else if (kind === 1) s = s.slice(0, i) + " " + SNIPPETS[b % SNIPPETS.length] + " " + s.slice(i);
    else if (kind === 2) s = s.slice(0, i) + s.slice(i, i + (b % 12)).repeat(2) + s.slice(i + (b % 12));
    else s = s.slice(0, i) + String.fromCharCode(32 + (b % 95)) + s.slice(i + 1);
  }
  return s;
}

const mutations = fc.array(fc.tuple(fc.nat(3), fc.nat(10_000), fc.nat(10_000)), { minLength: 1, maxLength: 6 });

describe("fuzz: never throws, spans inside the text, bounded time", () => {
  it("random text", () => {
    fc.assert(fc.property(fc.string({ maxLength: 120, unit: "binary" }), check), { numRuns: 400 });
  });

  it("random token soup", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...SNIPPETS), { maxLength: 40 }), fc.boolean(), (parts, spaced) => check(parts.join(spaced ? " " : ""))),
      { numRuns: 600 },
    );
  });

  it("mutated queries", () => {
    fc.assert(fc.property(fc.constantFrom(...SEEDS), mutations, (seed, ops) => check(mutate(seed, ops))), { numRuns: 600 });
  });

  const RULES = sharedPath("rules/elastic/windows/");
  it.skipIf(!existsSync(RULES))("mutated Elastic rule queries", () => {
    const queries = readdirSync(RULES)
      .filter((f) => f.endsWith(".toml"))
      .map((f) => (parseToml(readFileSync(RULES + f, "utf8")) as { rule: { query: string } }).rule.query);
    fc.assert(fc.property(fc.constantFrom(...queries), mutations, (seed, ops) => check(mutate(seed, ops))), { numRuns: 400 });
  });

  it("pathological nesting and long chains", () => {
    check("any where " + "(".repeat(5000) + "a == 1" + ")".repeat(5000));
    check("any where " + "not ".repeat(5000) + "a == 1");
    check("any where " + "- ".repeat(5000) + "a == 1");
    check("any where " + "[".repeat(3000));
    check("any where " + Array(3000).fill("a").join(" + ") + " == 1");
    check("any where " + Array(2000).fill('a == "x"').join(" and "));
    check('any where "' + "\\".repeat(3001));
    check("/*".repeat(2000));
  });
});

// ── generated valid queries: must always lower ──
const ident = fc.stringMatching(/^[a-z_][a-z0-9_]{0,6}$/).filter((s) => !KEYWORDS.has(s));
const KEYWORDS = new Set(["and", "any", "by", "false", "in", "join", "like", "maxspan", "not", "null", "of", "or", "regex", "sample", "sequence", "true", "until", "where", "with"]);
const field = fc.tuple(fc.boolean(), fc.array(ident, { minLength: 1, maxLength: 3 })).map(([opt, parts]) => `${opt ? "?" : ""}${parts.join(".")}`);
const str = fc.string({ maxLength: 8 }).map((s) => JSON.stringify(s).replace(/\\u([0-9a-f]{4})/g, (_m, h: string) => `\\u{${h}}`));
const regexText = fc.stringMatching(/^(?:[a-z0-9 ]|\.\*|\\[a-z.*[\]{}"]){0,6}$/).map((s) => JSON.stringify(s));
const num = fc.oneof(fc.nat(1_000_000).map(String), fc.double({ min: 0, max: 1e6, noNaN: true }).map((d) => d.toFixed(3)));
const constant = fc.oneof(str, num, fc.constantFrom("true", "false", "null"));
const leaf = fc.oneof(
  fc.tuple(field, fc.constantFrom("==", "!=", "<", "<=", ">", ">="), constant).map(([f, op, c]) => `${f} ${op} ${c}`),
  fc.tuple(field, fc.constantFrom(":", "like", "like~"), fc.array(str, { minLength: 1, maxLength: 3 })).map(
    ([f, op, ps]) => `${f} ${op} ${ps.length === 1 ? ps[0] : `(${ps.join(", ")})`}`,
  ),
  // Any string is a wildcard pattern; a regex must be well-formed (lowering rejects `[` or `>`).
  fc.tuple(field, fc.constantFrom("regex", "regex~"), fc.array(regexText, { minLength: 1, maxLength: 3 })).map(
    ([f, op, ps]) => `${f} ${op} ${ps.length === 1 ? ps[0] : `(${ps.join(", ")})`}`,
  ),
  fc.tuple(field, fc.constantFrom("in", "in~", "not in", "not in~"), fc.array(constant, { minLength: 1, maxLength: 3 })).map(([f, op, vs]) => `${f} ${op} (${vs.join(", ")})`),
  fc.tuple(fc.constantFrom("startsWith", "endsWith~", "STRINGCONTAINS", "cidrMatch"), field, str).map(([fn, f, s]) => `${fn}(${f}, ${s})`),
  fc.tuple(field, num).map(([f, n]) => `length(${f}) + ${n} * -2 > ${n}`),
);
const condition: fc.Arbitrary<string> = fc.letrec<{ c: string }>((tie) => ({
  c: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    leaf,
    fc.tuple(tie("c"), fc.constantFrom("and", "or"), tie("c")).map(([a, op, b]) => `${a} ${op} ${b}`),
    tie("c").map((c) => `not (${c})`),
    tie("c").map((c) => `(${c})`),
  ),
})).c;
const category = fc.oneof(ident, fc.constant("any"), str);

describe("fuzz: generated valid queries always lower", () => {
  it("event queries with pipes", () => {
    fc.assert(
      fc.property(category, condition, fc.array(fc.tuple(fc.constantFrom("head", "tail"), fc.nat(100))), (cat, c, pipes) => {
        const q = `${cat} where ${c}${pipes.map(([p, n]) => ` | ${p} ${n}`).join("")}`;
        const r = eqlToPlan(q);
        expect(r.diagnostics, q).toEqual([]);
        expect(r.plan).toBeDefined();
      }),
      { numRuns: 500 },
    );
  });

  it("sequences", () => {
    const term = fc.tuple(fc.boolean(), category, condition, fc.option(fc.integer({ min: 1, max: 100 }), { nil: undefined }));
    fc.assert(
      fc.property(field, fc.array(term, { minLength: 2, maxLength: 4 }), fc.constantFrom("500ms", "1s", "15m", "1h", "2d"), (key, terms, span) => {
        const body = terms.map(([missing, cat, c, runs]) => `${missing ? "!" : ""}[${cat} where ${c}] by ${key}${runs ? ` with runs=${runs}` : ""}`).join(" ");
        const q = `sequence with maxspan=${span} [any where true] by ${key} ${body}`;
        const r = eqlToPlan(q);
        expect(r.diagnostics, q).toEqual([]);
        expect(r.plan?.kind).toBe("Sequence");
      }),
      { numRuns: 200 },
    );
  });
});
