/** Query shapes: event queries, sequences, samples and pipes lowered into the shared plan. */
import { describe, expect, it } from "vitest";
import { eqlToPlan, parseEql } from "../../../src/parser/eql/index.js";
import { plan } from "./print.js";

describe("event queries", () => {
  it("lowers `<category> where` to Filter(Scan ecs events category)", () => {
    expect(eqlToPlan("process where true").plan).toEqual({
      kind: "Filter",
      input: { kind: "Scan", view: "ecs", dataset: "events", category: "process", span: { start: 0, end: 7 } },
      predicate: { kind: "Literal", value: true, span: { start: 14, end: 18 } },
      span: { start: 0, end: 18 },
    });
  });

  it("scans every event for `any` (category null)", () => {
    expect(plan("any where true")).toBe("Filter true\n  Scan ecs:events any");
  });

  it("lowers the seed rule", () => {
    const seed = String.raw`process where host.os.type == "windows" and event.type == "start" and
process.parent.name : "WmiPrvSE.exe" and process.name : "cmd.exe" and
process.args : "\\\\127.0.0.1\\*" and process.args : ("2>&1", "1>")`;
    expect(plan(seed)).toBe(
      [
        String.raw`Filter ((host.os.type == "windows") and (event.type == "start") and (process.parent.name like~ ["WmiPrvSE.exe"]) and (process.name like~ ["cmd.exe"]) and (process.args like~ ["\\\\127.0.0.1\\*"]) and (process.args like~ ["2>&1", "1>"]))`,
        '  Scan ecs:events "process"',
      ].join("\n"),
    );
    const p = eqlToPlan(seed).plan;
    const operands = p?.kind === "Filter" && p.predicate.kind === "Logical" ? p.predicate.operands : [];
    const unc = operands[4];
    expect(unc?.kind === "Match" ? unc.patterns : []).toEqual(["\\\\127.0.0.1\\*"]);
    expect(unc?.kind === "Match" ? [...unc.patterns[0]!].length : 0).toBe(13); // \\127.0.0.1\*
  });
});

describe("pipes", () => {
  it("wraps the query in Limit nodes, chainable, in order", () => {
    expect(plan("process where true | head 4 | tail 2")).toBe('Limit tail 2\n  Limit head 4\n    Filter true\n      Scan ecs:events "process"');
  });

  it("applies head/tail to whole sequences", () => {
    expect(plan("sequence [a where true] [b where true] | tail 1")).toBe(
      ['Limit tail 1', "  Sequence", "    term", "      Filter true", '        Scan ecs:events "a"', "    term", "      Filter true", '        Scan ecs:events "b"'].join("\n"),
    );
  });

  it("accepts 0 and records the pipe span", () => {
    const r = parseEql("any where true | head 0");
    expect(r.ast?.pipes).toEqual([{ kind: "Pipe", name: "head", count: 0, span: { start: 15, end: 23 } }]);
  });
});

describe("sequences", () => {
  it("appends each term's keys to the shared keys and keeps maxspan and until", () => {
    expect(
      plan(`sequence by user.name with maxspan=15m
  [ file where file.extension == "exe" ] by file.path
  [ process where true ] by process.executable
until [ process where event.type == "stop" ] by process.executable`),
    ).toBe(
      [
        "Sequence maxspan=900000ms",
        "  term by user.name, file.path",
        '    Filter (file.extension == "exe")',
        '      Scan ecs:events "file"',
        "  term by user.name, process.executable",
        "    Filter true",
        '      Scan ecs:events "process"',
        "  until by user.name, process.executable",
        '    Filter (event.type == "stop")',
        '      Scan ecs:events "process"',
      ].join("\n"),
    );
  });

  it("keeps runs on the term, and a single term with runs is a sequence", () => {
    expect(plan('sequence by host.id with maxspan=5m [process where process.name : "nslookup.exe"] with runs = 10')).toBe(
      ["Sequence maxspan=300000ms", "  term runs=10 by host.id", '    Filter (process.name like~ ["nslookup.exe"])', '      Scan ecs:events "process"'].join("\n"),
    );
  });

  it("marks missing-event terms and optional keys", () => {
    expect(plan("sequence by ?k1 with maxspan=1s [t where a == 1] by k0 ![t where a == 2] by ?k2 [t where a == 3] by k3")).toBe(
      [
        "Sequence maxspan=1000ms",
        "  term by ?k1, k0",
        "    Filter (a == 1)",
        '      Scan ecs:events "t"',
        "  term missing by ?k1, ?k2",
        "    Filter (a == 2)",
        '      Scan ecs:events "t"',
        "  term by ?k1, k3",
        "    Filter (a == 3)",
        '      Scan ecs:events "t"',
      ].join("\n"),
    );
  });

  it("produces the plan's SequenceTerm shape exactly", () => {
    const p = eqlToPlan("sequence [a where true] by x with runs=2 [b where true] by y").plan;
    expect(p?.kind).toBe("Sequence");
    if (p?.kind !== "Sequence") return;
    expect(p.maxspanMs).toBeUndefined();
    expect(p.until).toBeUndefined();
    expect(p.terms[0]).toEqual({
      input: {
        kind: "Filter",
        input: { kind: "Scan", view: "ecs", dataset: "events", category: "a", span: { start: 10, end: 11 } },
        predicate: { kind: "Literal", value: true, span: { start: 18, end: 22 } },
        span: { start: 10, end: 22 },
      },
      keys: [{ kind: "Field", name: "x", path: "x", span: { start: 27, end: 28 } }],
      runs: 2,
      missing: false,
      span: { start: 9, end: 40 },
    });
  });
});

describe("samples", () => {
  it("lowers to Sample with per-term keys after the shared ones", () => {
    expect(plan("sample by host [any where uptime > 0] by os [any where port > 100] by op_sys")).toBe(
      ["Sample", "  term by host, os", "    Filter (uptime > 0)", "      Scan ecs:events any", "  term by host, op_sys", "    Filter (port > 100)", "      Scan ecs:events any"].join(
        "\n",
      ),
    );
  });

  it("accepts keys only on the terms", () => {
    expect(plan('sample [success where true] by ip [alert where startsWith~(os, "win")] by host_ip')).toContain("term by host_ip");
  });
});
