/** Random and mutated SPL never throws, stays fast, and every diagnostic span lies inside the text. */
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { splToPlan } from "../../../src/parser/spl/index.js";

const SEED =
  '| tstats summariesonly=false allow_old_summaries=true fillnull_value=null count min(_time) as firstTime ' +
  "max(_time) as lastTime from datamodel=Endpoint.Processes where (Processes.process_name=wmic.exe OR " +
  'Processes.original_file_name=wmic.exe) (Processes.process="*/node:*" AND Processes.process IN ("*a*", b)) ' +
  'NOT Processes.user!=x by Processes.dest _time span=1h | rename "Processes.*" as * ' +
  '| convert timeformat="%Y-%m-%dT%H:%M:%S" ctime(firstTime) | search *';

const PIECES = [
  "|", " ", "(", ")", "[", "]", ",", "=", "!=", "<", ">=", '"', "\\", "*", "AND", "OR", "NOT", "IN", "by", "as",
  "from", "where", "tstats", "search", "rename", "convert", "count", "min(_time)", "ctime(x)", "datamodel=",
  "Endpoint.Processes", "Processes.process", "span=1h", "x", "1", "\n", "`", "join",
];

/** Generous per-query bound (real queries take about a millisecond; the machine may be busy): it catches hangs. */
const MAX_MS = 1000;

function check(text: string): void {
  const t0 = performance.now();
  const r = splToPlan(text);
  const ms = performance.now() - t0;
  expect(ms).toBeLessThan(MAX_MS);
  for (const d of r.diagnostics) {
    if (!d.span) continue;
    expect(d.span.start).toBeGreaterThanOrEqual(0);
    expect(d.span.end).toBeGreaterThanOrEqual(d.span.start);
    expect(d.span.end).toBeLessThanOrEqual(text.length);
  }
  expect(r.plan !== undefined || r.diagnostics.some((d) => d.severity === "error")).toBe(true);
}

describe("fuzz", () => {
  // The parser is built on first use; build it before anything is timed.
  beforeAll(() => void splToPlan(SEED));

  it("token soup", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 60 }), (pieces) => check(pieces.join(""))),
      { numRuns: 1500 },
    );
  });

  it("arbitrary strings", () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), check), { numRuns: 1000 });
  });

  it("mutations of the seed rule", () => {
    const mutation = fc.tuple(fc.nat(SEED.length), fc.nat(20), fc.constantFrom(...PIECES, ""));
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 5 }), (edits) => {
        let text = SEED;
        for (const [at, del, ins] of edits) {
          const i = Math.min(at, text.length);
          text = text.slice(0, i) + ins + text.slice(i + del);
        }
        check(text);
      }),
      { numRuns: 1500 },
    );
  });
});
