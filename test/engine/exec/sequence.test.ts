import { describe, expect, it } from "vitest";
import { executeSequence } from "../../../src/engine/exec/sequence.js";
import type { Sequence, SequenceTerm } from "../../../src/plan/plan.js";
import type { SpliceEvent } from "../../../src/model/event.js";
import { context, ev, field, ids, term, where } from "./sequence-helpers.js";
import type { RunOptions } from "../../../src/engine/run-options.js";

function run(
  terms: SequenceTerm[],
  events: SpliceEvent[],
  extra: { maxspanMs?: number; until?: SequenceTerm; options?: RunOptions } = {},
) {
  const node: Sequence = {
    kind: "Sequence",
    terms,
    ...(extra.maxspanMs !== undefined ? { maxspanMs: extra.maxspanMs } : {}),
    ...(extra.until ? { until: extra.until } : {}),
  };
  return executeSequence(node, events, context(extra.options));
}

describe("executeSequence: state machine", () => {
  it("one event can finish one sequence and start another (overlapping results)", () => {
    const events = [1, 2, 3, 4].map((i) => ev(i, i, "p"));
    expect(ids(run([term(where("p")), term(where("p"))], events))).toEqual([[1, 2], [2, 3], [3, 4]]);
  });

  it("a newer sequence in the same state replaces the older one", () => {
    const events = [ev(1, 1, "a"), ev(2, 2, "a"), ev(3, 3, "b"), ev(4, 4, "b")];
    expect(ids(run([term(where("a")), term(where("b"))], events))).toEqual([[2, 3]]);
  });

  it("an event matching two consecutive terms never advances one sequence twice", () => {
    const events = [ev(1, 1, "p"), ev(2, 2, "p")];
    expect(ids(run([term(where("p")), term(where("p")), term(where("p"))], events))).toEqual([]);
  });

  it("runs=N is N copies of the term", () => {
    const events = [1, 2, 3, 4].map((i) => ev(i, i, "p"));
    expect(ids(run([term(where("p"), [], 3)], events))).toEqual([[1, 2, 3], [2, 3, 4]]);
  });

  it("results are ordered by their last event", () => {
    // a1 b2 [a1,b2 pending] ; c-chain: x3 y4 completes first, then z5 completes [a,b,z]
    const events = [ev(1, 1, "a"), ev(2, 2, "b"), ev(3, 3, "x"), ev(4, 4, "y"), ev(5, 5, "z")];
    const seq = run([term(where("a")), term(where("b")), term(where("z"))], events);
    expect(ids(seq)).toEqual([[1, 2, 5]]);
  });
});

describe("executeSequence: terms run through the real engine", () => {
  it("a `!=` term keeps the events that differ and drops a missing field (pushed-down semantics)", () => {
    const differs: SequenceTerm["input"] = {
      kind: "Filter",
      input: { kind: "Scan", view: "ecs", dataset: "ecs", category: "p" },
      predicate: { kind: "Compare", op: "!=", left: field("user"), right: { kind: "Literal", value: "root" }, caseInsensitive: false, onNull: "false", numericStrings: false },
    };
    const users = ["root", undefined, "root", "bob", "root"];
    const events = users.map((user, i) => ev(i + 1, i + 1, "p", user ? { user } : {}));
    expect(ids(run([term(differs), term(where("p", { user: "root" }))], events))).toEqual([[4, 5]]);
  });
});

describe("executeSequence: maxspan", () => {
  const events = () => [ev(1, 0, "a"), ev(2, 10, "b")];
  it("accepts a span equal to maxspan", () => {
    expect(ids(run([term(where("a")), term(where("b"))], events(), { maxspanMs: 10 }))).toEqual([[1, 2]]);
  });
  it("rejects a longer span", () => {
    expect(ids(run([term(where("a")), term(where("b"))], events(), { maxspanMs: 9 }))).toEqual([]);
  });
  it("a rejected match consumes the pending sequence (ES trims before checking)", () => {
    const evs = [ev(1, 0, "a"), ev(2, 11, "b"), ev(3, 5, "x"), ev(4, 12, "b")];
    evs.sort((x, y) => x.timestamp! - y.timestamp!);
    expect(ids(run([term(where("a")), term(where("b"))], evs, { maxspanMs: 10 }))).toEqual([]);
  });
  it("maxspan 0 means unbounded, as in Elasticsearch", () => {
    expect(ids(run([term(where("a")), term(where("b"))], events(), { maxspanMs: 0 }))).toEqual([[1, 2]]);
  });
});

describe("executeSequence: until", () => {
  const terms = () => [term(where("a"), ["k"]), term(where("b"), ["k"])];
  const until = term(where("c"), ["k"]);
  it("A,C,B does not match", () => {
    const events = [ev(1, 1, "a", { k: 1 }), ev(2, 2, "c", { k: 1 }), ev(3, 3, "b", { k: 1 })];
    expect(ids(run(terms(), events, { until }))).toEqual([]);
  });
  it("A,B,C matches (until after the last event)", () => {
    const events = [ev(1, 1, "a", { k: 1 }), ev(2, 2, "b", { k: 1 }), ev(3, 3, "c", { k: 1 })];
    expect(ids(run(terms(), events, { until }))).toEqual([[1, 2]]);
  });
  it("an until event of another key does not expire the sequence", () => {
    const events = [ev(1, 1, "a", { k: 1 }), ev(2, 2, "c", { k: 2 }), ev(3, 3, "b", { k: 1 })];
    expect(ids(run(terms(), events, { until }))).toEqual([[1, 3]]);
  });
  it("a sequence started after the until event is unaffected", () => {
    const events = [ev(1, 1, "a", { k: 1 }), ev(2, 2, "c", { k: 1 }), ev(3, 3, "a", { k: 1 }), ev(4, 4, "b", { k: 1 })];
    expect(ids(run(terms(), events, { until }))).toEqual([[3, 4]]);
  });
});

describe("executeSequence: join keys", () => {
  it("compares per-term keys positionally and reports them as strings", () => {
    const events = [ev(1, 1, "a", { pid: 7 }), ev(2, 2, "b", { ppid: 7 }), ev(3, 3, "b", { ppid: 8 })];
    const r = run([term(where("a"), ["pid"]), term(where("b"), ["ppid"])], events);
    expect(ids(r)).toEqual([[1, 2]]);
    expect(r.sequences[0]!.joinKeys).toEqual(["7"]);
  });

  it("a missing key excludes the event unless the key is optional", () => {
    const events = [ev(1, 1, "a"), ev(2, 2, "b")];
    expect(ids(run([term(where("a"), ["x"]), term(where("b"), ["x"])], events))).toEqual([]);
    const opt = run([term(where("a"), [field("x", true)]), term(where("b"), [field("x", true)])], events);
    expect(ids(opt)).toEqual([[1, 2]]);
    expect(opt.sequences[0]!.joinKeys).toEqual([null]);
  });

  it("multivalue keys fan out, one machine per distinct element", () => {
    const events = [ev(1, 1, "a", { tags: ["t1", "t2", "t1"] }), ev(2, 2, "b", { tags: ["t2", "t1"] })];
    const r = run([term(where("a"), ["tags"]), term(where("b"), ["tags"])], events);
    expect(ids(r)).toEqual([[1, 2], [1, 2]]);
    expect(r.sequences.map((s) => s.joinKeys)).toEqual([["t1"], ["t2"]]);
  });

  it("several multivalue keys form a cartesian product", () => {
    const events = [ev(1, 1, "a", { t: ["x", "y"], i: ["1", "2"] }), ev(2, 2, "b", { t: ["x", "y"], i: ["1", "2"] })];
    const r = run([term(where("a"), ["t", "i"]), term(where("b"), ["t", "i"])], events);
    expect(r.sequences.map((s) => s.joinKeys)).toEqual([["x", "1"], ["x", "2"], ["y", "1"], ["y", "2"]]);
  });
});

describe("executeSequence: size", () => {
  it("keeps the most recent `size` sequences, ascending", () => {
    const events = [1, 2, 3, 4, 5].map((i) => ev(i, i, "p"));
    expect(ids(run([term(where("p")), term(where("p"))], events, { options: { size: 2 } }))).toEqual([[3, 4], [4, 5]]);
  });
});

describe("executeSequence: missing events", () => {
  const normal = () => term(where("t", { tag: "normal" }));
  const missing = () => term(where("t", { tag: "missing" }), [], 1, true);

  it("a missing event between the positives discards the candidate", () => {
    const events = [
      ev(1, 1, "t", { tag: "normal" }),
      ev(2, 2, "t", { tag: "normal" }),
      ev(3, 3, "t", { tag: "missing" }),
      ev(4, 4, "t", { tag: "normal" }),
    ];
    expect(ids(run([normal(), missing(), normal()], events, { maxspanMs: 1000 }))).toEqual([[1, -1, 2]]);
  });

  it("leading and trailing missing events discard only when they fit in maxspan together", () => {
    const min = 60_000;
    const events = [
      ev(1, 0, "t", { tag: "missing" }),
      ev(2, 10 * min, "t", { tag: "normal" }),
      ev(3, 20 * min, "t", { tag: "missing" }),
      ev(4, 21 * min, "t", { tag: "normal" }),
    ];
    const terms = () => [missing(), normal(), missing()];
    expect(ids(run(terms(), events, { maxspanMs: 19 * min }))).toEqual([[-1, 2, -1], [-1, 4, -1]]);
    expect(ids(run(terms(), events, { maxspanMs: 21 * min }))).toEqual([[-1, 4, -1]]);
  });

  it("a trailing missing event within maxspan of the start discards", () => {
    const events = [ev(1, 1, "t", { tag: "normal" }), ev(2, 5, "t", { tag: "missing" }), ev(3, 2000, "t", { tag: "normal" })];
    expect(ids(run([normal(), missing()], events, { maxspanMs: 1000 }))).toEqual([[3, -1]]);
  });
});
