/** Property tests: expansion never throws, stays bounded, and keeps every span inside the user's text. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { builtinMacroTable, createMacroTable, expandMacros, type MacroDef, type MacroTable } from "../../src/macros/index.js";
import { SEED } from "./seed.js";

/** Text made of the characters that matter to the scanner, plus macro names that exist. */
const piece = fc.oneof(
  fc.constantFrom("`", "```", '"', "\\", "(", ")", ",", "$", " ", "\n", "a", "x"),
  fc.constantFrom("`a`", "`b(1)`", "`c(x, y)`", "`loop`", "`x_filter`", "$v$", '"q"', "`process_wmic`"),
);
const spl = fc.array(piece, { maxLength: 40 }).map((parts) => parts.join(""));

/** Random definitions over the same alphabet, so macros call each other, recurse and substitute. */
const table: fc.Arbitrary<MacroTable> = fc
  .record({ a: spl, b: spl, c: spl, loop: spl })
  .map(({ a, b, c, loop }) =>
    builtinMacroTable().extend([
      { name: "a", args: [], definition: a },
      { name: "b", args: ["v"], definition: b },
      { name: "c", args: ["v", "w"], definition: `${c}$w$` },
      { name: "loop", args: [], definition: `${loop}\`loop\`` },
    ] satisfies MacroDef[]),
  );

/** The seed rule with a few characters replaced, inserted or deleted. */
const mutatedSeed = fc
  .array(fc.tuple(fc.nat(SEED.length), fc.nat(3), fc.constantFrom("`", '"', "(", ")", ",", "$", "\\", "")), { maxLength: 6 })
  .map((edits) => edits.reduce((t, [at, del, ins]) => t.slice(0, at) + ins + t.slice(at + del), SEED));

function checkInvariants(text: string, t: MacroTable, maxLength = 4096): void {
  const started = Date.now();
  const r = expandMacros(text, t, { maxLength, maxDepth: 8 });
  expect(Date.now() - started).toBeLessThan(1_000);
  expect(r.text.length).toBeLessThanOrEqual(maxLength);
  for (const d of r.diagnostics) {
    expect(d.span).toBeDefined();
    expect(0 <= d.span!.start && d.span!.start <= d.span!.end && d.span!.end <= text.length).toBe(true);
    for (const o of d.origin ?? []) expect(o.expandedAt.start).toBeLessThanOrEqual(o.expandedAt.end);
  }
  for (const span of [
    { start: 0, end: r.text.length },
    { start: r.text.length >> 1, end: r.text.length >> 1 },
    { start: r.text.length, end: r.text.length },
  ]) {
    const back = r.map.toOriginal(span).span;
    expect(0 <= back.start && back.start <= back.end && back.end <= text.length).toBe(true);
  }
}

describe("expandMacros properties", () => {
  it("random text and random definitions: no throw, bounded, spans inside the original", () => {
    fc.assert(fc.property(spl, table, (text, t) => checkInvariants(text, t)), { numRuns: 400 });
  });

  it("mutated seed rule: same invariants with the shipped macros", () => {
    fc.assert(fc.property(mutatedSeed, (text) => checkInvariants(text, builtinMacroTable(), 1 << 16)), { numRuns: 300 });
  });

  it("text without macro syntax comes back unchanged, mapped one to one", () => {
    const plain = fc.string({ maxLength: 80 }).map((s) => s.replace(/[`]/g, ""));
    fc.assert(
      fc.property(plain, (text) => {
        const r = expandMacros(text, createMacroTable([]));
        expect(r.text).toBe(text);
        expect(r.diagnostics).toEqual([]);
        const mid = text.length >> 1;
        expect(r.map.toOriginal({ start: mid, end: text.length })).toEqual({ span: { start: mid, end: text.length }, origin: [] });
      }),
      { numRuns: 300 },
    );
  });

  it("every character of an expansion maps into the original text", () => {
    fc.assert(
      fc.property(spl, table, (text, t) => {
        const r = expandMacros(text, t, { maxLength: 2048, maxDepth: 6 });
        for (let i = 0; i < r.text.length; i++) {
          const { span } = r.map.toOriginal({ start: i, end: i + 1 });
          expect(span.start >= 0 && span.end <= text.length && span.start < span.end).toBe(true);
        }
      }),
      { numRuns: 150 },
    );
  });
});
