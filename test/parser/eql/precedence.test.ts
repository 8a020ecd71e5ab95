/** Operator precedence (eql-semantics.md §1): unary ±, * / %, + -, predicate/comparison, not, and, or. */
import { describe, expect, it } from "vitest";
import { cond, errors, tree } from "./print.js";

describe("precedence", () => {
  it("binds and tighter than or", () => {
    expect(tree("a == 1 or b == 2 and c == 3")).toBe("((a == 1) or ((b == 2) and (c == 3)))");
    expect(tree("(a == 1 or b == 2) and c == 3")).toBe("(((a == 1) or (b == 2)) and (c == 3))");
  });

  it("binds not tighter than and, looser than comparisons", () => {
    expect(tree("not a == 1 and b == 2")).toBe("((not (a == 1)) and (b == 2))");
    expect(tree("not not a")).toBe("(not (not a))");
  });

  it("binds * / % tighter than + -, both left-associative", () => {
    expect(tree("a + b * c - d / e % f == 1")).toBe("(((a + (b * c)) - ((d / e) % f)) == 1)");
    expect(tree("a - b - c == 1")).toBe("(((a - b) - c) == 1)");
  });

  it("binds unary minus tightest", () => {
    expect(tree("-a * b == 1")).toBe("(((-a) * b) == 1)");
    expect(tree("- -a == 1")).toBe("((-(-a)) == 1)");
  });

  it("binds a predicate to the primary before it: a + b in (…) is a + (b in (…))", () => {
    expect(tree("a + b in (1, 2) == 3")).toBe("((a + (b in [1, 2])) == 3)");
    expect(tree('a + b : "x" == 3')).toBe('((a + (b : ["x"])) == 3)');
    expect(cond("a + b in (1, 2) == 3")).toBe("(add(a, (b in [1, 2]){null}) == 3){null}");
  });

  it("parses not in / not in~ as one predicate", () => {
    expect(tree('a not in (1) and b not in~ ("x")')).toBe('((a not in [1]) and (b not in~ ["x"]))');
  });

  it("makes the whole arithmetic expression an operand of a comparison", () => {
    expect(tree("serial_event_id + ((1 + 3) * 2 / (3 - 1)) * 2 == 54 or 70 + serial_event_id < 100")).toBe(
      "(((serial_event_id + ((((1 + 3) * 2) / (3 - 1)) * 2)) == 54) or ((70 + serial_event_id) < 100))",
    );
  });

  it("does not chain comparisons", () => {
    expect(errors("any where 1 < a < 3")).toBe(
      [
        "error[eql-syntax]: comparisons do not chain: `<` cannot follow another comparison",
        " --> q.eql:1:17",
        "  |",
        "1 | any where 1 < a < 3",
        "  |                 ^",
        "hint: combine the comparisons with `and`, for example `a < b and b < c`",
      ].join("\n"),
    );
  });

  it("treats the chained form of `==` the same way", () => {
    expect(errors("any where a == 1 == true")).toContain("comparisons do not chain: `==` cannot follow another comparison");
  });
});
