/**
 * Every rejection, rendered with formatDiagnostic: Elasticsearch's explanation where it has one, a
 * stable code, a caret on the offending text and a hint. Expected texts were checked by hand against
 * eql-semantics.md §1, §2, §4, §9–§13 and Elasticsearch's LogicalPlanBuilder messages.
 */
import { describe, expect, it } from "vitest";
import { eqlToPlan } from "../../../src/parser/eql/index.js";
import { errors } from "./print.js";

describe("error collection", () => {
  it("collects every lexing and parsing error, and returns no plan", () => {
    const r = eqlToPlan("process where a == 'x' and b == ?\"y\" and c # 1");
    expect(r.plan).toBeUndefined();
    expect(r.diagnostics.map((d) => `${d.code}@${d.span?.start}`)).toEqual(["eql-unsupported@19", "eql-unsupported@32", "eql-lex@43", "eql-syntax@45"]);
  });

  it("reports several semantic errors of one query together", () => {
    const r = eqlToPlan("process where lenght(a) > 1 and b == c and d : 1");
    expect(r.diagnostics.map((d) => d.code)).toEqual(["eql-unknown-function", "eql-field-comparison", "eql-type-mismatch"]);
  });
});

describe("syntax", () => {
  it.each([
    [
      "process where x = 1",
      [
        "error[eql-syntax]: `=` is not supported as an equal operator. Use `==` or `:` instead",
        " --> q.eql:1:17",
        "  |",
        "1 | process where x = 1",
        "  |                 ^",
        "hint: `==` compares case-sensitively; `:` compares strings case-insensitively and expands `*` and `?` wildcards",
      ].join("\n"),
    ],
    [
      "process where a == 1 AND b == 2",
      [
        "error[eql-syntax]: expected end of query, found `AND`",
        " --> q.eql:1:22",
        "  |",
        "1 | process where a == 1 AND b == 2",
        "  |                      ^^^",
        "hint: EQL keywords are lower case: use `and`",
      ].join("\n"),
    ],
    [
      "process where NOT a == 1",
      [
        "error[eql-syntax]: `NOT` is not a keyword",
        " --> q.eql:1:15",
        "  |",
        "1 | process where NOT a == 1",
        "  |               ^^^",
        "hint: EQL keywords are lower case: use `not`",
        "",
        "error[eql-syntax]: expected end of query, found `a`",
        " --> q.eql:1:19",
        "  |",
        "1 | process where NOT a == 1",
        "  |                   ^",
      ].join("\n"),
    ],
    [
      "Process Where a == 1",
      [
        "error[eql-syntax]: expected `where`, found `Where`",
        " --> q.eql:1:9",
        "  |",
        "1 | Process Where a == 1",
        "  |         ^^^^^",
        "hint: EQL keywords are lower case: use `where`",
        "",
        "error[eql-syntax]: expected end of query, found `a`",
        " --> q.eql:1:15",
        "  |",
        "1 | Process Where a == 1",
        "  |               ^",
      ].join("\n"),
    ],
    [
      "process where a < b < c",
      [
        "error[eql-syntax]: comparisons do not chain: `<` cannot follow another comparison",
        " --> q.eql:1:21",
        "  |",
        "1 | process where a < b < c",
        "  |                     ^",
        "hint: combine the comparisons with `and`, for example `a < b and b < c`",
      ].join("\n"),
    ],
    [
      "process where f like g",
      [
        "error[eql-syntax]: the right side of `like` must be a constant",
        " --> q.eql:1:22",
        "  |",
        "1 | process where f like g",
        "  |                      ^",
        "hint: You cannot use EQL comparison operators to compare a field to another field; compare the field with string constants",
      ].join("\n"),
    ],
    [
      "process where f : concat(\"a\", \"b\")",
      [
        "error[eql-syntax]: the right side of `:` must be a constant",
        " --> q.eql:1:19",
        "  |",
        "1 | process where f : concat(\"a\", \"b\")",
        "  |                   ^^^^^^^^^^^^^^^^",
        "hint: write the pattern as a string constant, or a list of them: `f : (\"a*\", \"b\")`",
      ].join("\n"),
    ],
    [
      "process where",
      [
        "error[eql-syntax]: unexpected end of query; expected one of `not`, identifier, `+` or `-`, `null`, `true`, `false`, number, string, …",
        " --> q.eql:1:14",
        "  |",
        "1 | process where",
        "  |              ^",
      ].join("\n"),
    ],
    [
      "process where (a == 1",
      [
        "error[eql-syntax]: expected `)`, found end of query",
        " --> q.eql:1:22",
        "  |",
        "1 | process where (a == 1",
        "  |                      ^",
      ].join("\n"),
    ],
  ])("%s", (query, expected) => {
    expect(errors(query)).toBe(expected);
  });
});

describe("strings", () => {
  it.each([
    [
      "process where x == 'a'",
      [
        "error[eql-unsupported]: single-quoted strings are not supported",
        " --> q.eql:1:20",
        "  |",
        "1 | process where x == 'a'",
        "  |                    ^^^",
        "hint: enclose strings in double quotes: `\"a\"`",
      ].join("\n"),
    ],
    [
      "process where x : ?\"a\"",
      [
        "error[eql-unsupported]: `?\"` and `?'` do not indicate raw strings",
        " --> q.eql:1:19",
        "  |",
        "1 | process where x : ?\"a\"",
        "  |                   ^^^^",
        "hint: Enclose raw strings in three double quotes: `\"\"\"…\"\"\"`",
      ].join("\n"),
    ],
    [
      "process where x : ?'a'",
      [
        "error[eql-unsupported]: `?\"` and `?'` do not indicate raw strings",
        " --> q.eql:1:19",
        "  |",
        "1 | process where x : ?'a'",
        "  |                   ^^^^",
        "hint: Enclose raw strings in three double quotes: `\"\"\"…\"\"\"`",
      ].join("\n"),
    ],
  ])("%s", (query, expected) => {
    expect(errors(query)).toBe(expected);
  });
});

describe("unsupported constructs", () => {
  it.each([
    [
      "join by x [a where true] [b where true]",
      [
        "error[eql-unsupported]: `join` is not supported by Elasticsearch EQL",
        " --> q.eql:1:1",
        "  |",
        "1 | join by x [a where true] [b where true]",
        "  | ^^^^",
        "hint: use `sequence by …` for ordered events or `sample by …` for unordered ones",
      ].join("\n"),
    ],
    [
      "process where child of [process where true]",
      [
        "error[eql-unsupported]: lineage queries (`child of [...]`) are not supported by Elasticsearch EQL",
        " --> q.eql:1:15",
        "  |",
        "1 | process where child of [process where true]",
        "  |               ^^^^^^^^",
        "hint: Elasticsearch dropped `child of`, `descendant of` and `event of`; join the events with `sequence by process.entity_id` instead",
      ].join("\n"),
    ],
    [
      "process where descendant of [process where true]",
      [
        "error[eql-unsupported]: lineage queries (`descendant of [...]`) are not supported by Elasticsearch EQL",
        " --> q.eql:1:15",
        "  |",
        "1 | process where descendant of [process where true]",
        "  |               ^^^^^^^^^^^^^",
        "hint: Elasticsearch dropped `child of`, `descendant of` and `event of`; join the events with `sequence by process.entity_id` instead",
      ].join("\n"),
    ],
    [
      "process where f[0] == 1",
      [
        "error[eql-unsupported]: Array indexes are not supported",
        " --> q.eql:1:16",
        "  |",
        "1 | process where f[0] == 1",
        "  |                ^^^",
        "hint: a predicate on an array field is true if any element satisfies it; drop the index",
      ].join("\n"),
    ],
    [
      "process where wildcard(f, \"a*\")",
      [
        "error[eql-unsupported]: function `wildcard` is not supported by Elasticsearch EQL",
        " --> q.eql:1:15",
        "  |",
        "1 | process where wildcard(f, \"a*\")",
        "  |               ^^^^^^^^",
        "hint: use `field : (\"pattern1\", \"pattern2\")`",
      ].join("\n"),
    ],
    [
      "process where arrayContains(f, \"a\")",
      [
        "error[eql-unsupported]: function `arrayContains` is not supported by Elasticsearch EQL",
        " --> q.eql:1:15",
        "  |",
        "1 | process where arrayContains(f, \"a\")",
        "  |               ^^^^^^^^^^^^^",
        "hint: a predicate on an array field already matches any element: `field : \"value\"`",
      ].join("\n"),
    ],
  ])("%s", (query, expected) => {
    expect(errors(query)).toBe(expected);
  });
});

describe("pipes", () => {
  it.each([
    [
      "process where true | count",
      [
        "error[eql-unsupported]: unsupported pipe `count`",
        " --> q.eql:1:22",
        "  |",
        "1 | process where true | count",
        "  |                      ^^^^^",
        "hint: Elasticsearch EQL supports only `head` and `tail`; Elasticsearch EQL has no aggregation pipes; count the returned events instead",
      ].join("\n"),
    ],
    [
      "process where a == true | sort a",
      [
        "error[eql-unsupported]: unsupported pipe `sort`",
        " --> q.eql:1:27",
        "  |",
        "1 | process where a == true | sort a",
        "  |                           ^^^^",
        "hint: Elasticsearch EQL supports only `head` and `tail`; results are always in ascending time order; use `head N` or `tail N` to pick from either end",
      ].join("\n"),
    ],
    [
      "process where a == true | filter b == 1",
      [
        "error[eql-unsupported]: unsupported pipe `filter`",
        " --> q.eql:1:27",
        "  |",
        "1 | process where a == true | filter b == 1",
        "  |                           ^^^^^^",
        "hint: Elasticsearch EQL supports only `head` and `tail`; move the condition into the `where` clause",
      ].join("\n"),
    ],
    [
      "process where a == true | unique a",
      [
        "error[eql-unsupported]: unsupported pipe `unique`",
        " --> q.eql:1:27",
        "  |",
        "1 | process where a == true | unique a",
        "  |                           ^^^^^^",
        "hint: Elasticsearch EQL supports only `head` and `tail`; Elasticsearch EQL cannot deduplicate results; use `sequence by …` to group events by key",
      ].join("\n"),
    ],
    [
      "process where true | unique_count x",
      [
        "error[eql-unsupported]: unsupported pipe `unique_count`",
        " --> q.eql:1:22",
        "  |",
        "1 | process where true | unique_count x",
        "  |                      ^^^^^^^^^^^^",
        "hint: Elasticsearch EQL supports only `head` and `tail`; Elasticsearch EQL has no aggregation pipes",
      ].join("\n"),
    ],
    [
      "process where true | haed 2",
      [
        "error[eql-syntax]: unknown pipe `haed`",
        " --> q.eql:1:22",
        "  |",
        "1 | process where true | haed 2",
        "  |                      ^^^^",
        "hint: did you mean `head`?",
      ].join("\n"),
    ],
    [
      "process where true | head",
      [
        "error[eql-syntax]: pipe `head` expects exactly one argument but found 0",
        " --> q.eql:1:20",
        "  |",
        "1 | process where true | head",
        "  |                    ^^^^^^",
        "hint: write `| head 10`",
      ].join("\n"),
    ],
    [
      "process where true | head 1.5",
      [
        "error[eql-syntax]: pipe `head` expects a positive integer but found `1.5`",
        " --> q.eql:1:27",
        "  |",
        "1 | process where true | head 1.5",
        "  |                           ^^^",
      ].join("\n"),
    ],
    [
      "process where true | tail -1",
      [
        "error[eql-syntax]: pipe `tail` expects a positive integer but found `-1`",
        " --> q.eql:1:27",
        "  |",
        "1 | process where true | tail -1",
        "  |                           ^^",
      ].join("\n"),
    ],
    [
      "sample by x [a where true] [b where true] | head 1",
      [
        "error[eql-unsupported]: samples do not support pipes",
        " --> q.eql:1:43",
        "  |",
        "1 | sample by x [a where true] [b where true] | head 1",
        "  |                                           ^^^^^^^^",
        "hint: remove the pipe; a sample returns one match per join-key set",
      ].join("\n"),
    ],
  ])("%s", (query, expected) => {
    expect(errors(query)).toBe(expected);
  });
});

describe("field comparisons and constants", () => {
  it.each([
    [
      "process where a == b",
      [
        "error[eql-field-comparison]: You cannot use EQL comparison operators to compare a field to another field",
        " --> q.eql:1:15",
        "  |",
        "1 | process where a == b",
        "  |               ^^^^^^",
        "hint: this applies even if the fields are changed using a function; compare each field with constants",
      ].join("\n"),
    ],
    [
      "process where length(a) == length(b)",
      [
        "error[eql-field-comparison]: You cannot use EQL comparison operators to compare a field to another field",
        " --> q.eql:1:15",
        "  |",
        "1 | process where length(a) == length(b)",
        "  |               ^^^^^^^^^^^^^^^^^^^^^^",
        "hint: this applies even if the fields are changed using a function; compare each field with constants",
      ].join("\n"),
    ],
    [
      "process where a in (b, \"x\")",
      [
        "error[eql-field-comparison]: You cannot use EQL comparison operators to compare a field to another field",
        " --> q.eql:1:21",
        "  |",
        "1 | process where a in (b, \"x\")",
        "  |                     ^",
        "hint: the values of `in (…)` must be constants",
      ].join("\n"),
    ],
    [
      "process where x : 1",
      [
        "error[eql-type-mismatch]: `:` can only be used to compare strings; found `1`",
        " --> q.eql:1:19",
        "  |",
        "1 | process where x : 1",
        "  |                   ^",
        "hint: quote the value: `\"…\"`",
      ].join("\n"),
    ],
    [
      "process where f : (\"a\", 1)",
      [
        "error[eql-type-mismatch]: `:` can only be used to compare strings; found `1`",
        " --> q.eql:1:25",
        "  |",
        "1 | process where f : (\"a\", 1)",
        "  |                         ^",
        "hint: quote the value: `\"…\"`",
      ].join("\n"),
    ],
    [
      "process where length(f)",
      [
        "error[eql-type-mismatch]: condition expression needs to be boolean, found `length(f)`",
        " --> q.eql:1:15",
        "  |",
        "1 | process where length(f)",
        "  |               ^^^^^^^^^",
        "hint: compare the value, for example `length(x) > 0`",
      ].join("\n"),
    ],
    [
      "process where a == 1 and 5",
      [
        "error[eql-type-mismatch]: condition expression needs to be boolean, found `5`",
        " --> q.eql:1:26",
        "  |",
        "1 | process where a == 1 and 5",
        "  |                          ^",
        "hint: compare the value, for example `length(x) > 0`",
      ].join("\n"),
    ],
  ])("%s", (query, expected) => {
    expect(errors(query)).toBe(expected);
  });
});

describe("functions", () => {
  it.each([
    [
      "process where lenght(x) > 1",
      [
        "error[eql-unknown-function]: unknown function `lenght`",
        " --> q.eql:1:15",
        "  |",
        "1 | process where lenght(x) > 1",
        "  |               ^^^^^^",
        "hint: did you mean `length`?",
      ].join("\n"),
    ],
    [
      "process where length(x, 1) > 1",
      [
        "error[eql-function-arity]: function `length` expects 1 argument but found 2",
        " --> q.eql:1:15",
        "  |",
        "1 | process where length(x, 1) > 1",
        "  |               ^^^^^^^^^^^^",
      ].join("\n"),
    ],
    [
      "process where concat() == \"a\"",
      [
        "error[eql-function-arity]: function `concat` expects at least 1 argument but found 0",
        " --> q.eql:1:15",
        "  |",
        "1 | process where concat() == \"a\"",
        "  |               ^^^^^^^^",
      ].join("\n"),
    ],
    [
      "process where substring(f) == \"a\"",
      [
        "error[eql-function-arity]: function `substring` expects 2 to 3 arguments but found 1",
        " --> q.eql:1:15",
        "  |",
        "1 | process where substring(f) == \"a\"",
        "  |               ^^^^^^^^^^^^",
      ].join("\n"),
    ],
    [
      "process where length~(x) > 1",
      [
        "error[eql-function-variant]: function `length` has no case-insensitive variant",
        " --> q.eql:1:15",
        "  |",
        "1 | process where length~(x) > 1",
        "  |               ^^^^^^^",
        "hint: remove the `~`: `length(…)`",
      ].join("\n"),
    ],
    [
      "process where cidrMatch(ip, net)",
      [
        "error[eql-function-argument]: argument 2 of `cidrMatch` must be a constant, found `net`",
        " --> q.eql:1:29",
        "  |",
        "1 | process where cidrMatch(ip, net)",
        "  |                             ^^^",
      ].join("\n"),
    ],
    [
      "process where between(f, \"a\", \"b\", x) == \"c\"",
      [
        "error[eql-function-argument]: argument 4 of `between` must be a constant, found `x`",
        " --> q.eql:1:36",
        "  |",
        "1 | process where between(f, \"a\", \"b\", x) == \"c\"",
        "  |                                    ^",
      ].join("\n"),
    ],
  ])("%s", (query, expected) => {
    expect(errors(query)).toBe(expected);
  });
});

describe("sequences and samples", () => {
  it.each([
    [
      "sequence with maxspan=1m by x, y [a where true] [b where true]",
      [
        "error[eql-syntax]: specify sequence `by` before `with`, not after",
        " --> q.eql:1:26",
        "  |",
        "1 | sequence with maxspan=1m by x, y [a where true] [b where true]",
        "  |                          ^^^^^^^",
        "hint: write `sequence by x, y with maxspan=1m`",
      ].join("\n"),
    ],
    [
      "sequence [a where true] ![b where true]",
      [
        "error[eql-syntax]: a sequence with missing events (`![ … ]`) requires `with maxspan`",
        " --> q.eql:1:1",
        "  |",
        "1 | sequence [a where true] ![b where true]",
        "  | ^^^^^^^^",
        "hint: write `sequence with maxspan=1m …`",
      ].join("\n"),
    ],
    [
      "sequence with maxspan=1m ![a where true] ![b where true]",
      [
        "error[eql-syntax]: a sequence needs at least one event that is not missing",
        " --> q.eql:1:26",
        "  |",
        "1 | sequence with maxspan=1m ![a where true] ![b where true]",
        "  |                          ^^^^^^^^^^^^^^^",
      ].join("\n"),
    ],
    [
      "sequence [a where true]",
      [
        "error[eql-syntax]: a sequence requires a minimum of 2 queries, found 1",
        " --> q.eql:1:1",
        "  |",
        "1 | sequence [a where true]",
        "  | ^^^^^^^^^^^^^^^^^^^^^^^",
        "hint: add another `[ … ]` term, or repeat one with `with runs=N`",
      ].join("\n"),
    ],
    [
      "sequence [a where true] with runs=101",
      [
        "error[eql-syntax]: a sequence requires a minimum of 2 queries, found 1",
        " --> q.eql:1:1",
        "  |",
        "1 | sequence [a where true] with runs=101",
        "  | ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^",
        "hint: add another `[ … ]` term, or repeat one with `with runs=N`",
        "",
        "error[eql-syntax]: `runs` must be an integer between 1 and 100, found 101",
        " --> q.eql:1:35",
        "  |",
        "1 | sequence [a where true] with runs=101",
        "  |                                   ^^^",
      ].join("\n"),
    ],
    [
      "sequence [a where true] with runs=0 [b where true]",
      [
        "error[eql-syntax]: `runs` must be an integer between 1 and 100, found 0",
        " --> q.eql:1:35",
        "  |",
        "1 | sequence [a where true] with runs=0 [b where true]",
        "  |                                   ^",
      ].join("\n"),
    ],
    [
      "sequence [a where true] with repeat=2 [b where true]",
      [
        "error[eql-syntax]: unrecognized option `repeat`",
        " --> q.eql:1:30",
        "  |",
        "1 | sequence [a where true] with repeat=2 [b where true]",
        "  |                              ^^^^^^",
        "hint: the only term option is `with runs=N`",
      ].join("\n"),
    ],
    [
      "sequence [a where true] [b where true] until ![c where true]",
      [
        "error[eql-syntax]: `until` cannot be a missing event",
        " --> q.eql:1:46",
        "  |",
        "1 | sequence [a where true] [b where true] until ![c where true]",
        "  |                                              ^^^^^^^^^^^^^^^",
        "hint: write `until [ … ]`",
      ].join("\n"),
    ],
    [
      "sequence [a where true] [b where true] until [c where true] with runs=2",
      [
        "error[eql-syntax]: `with runs` cannot be used on `until`",
        " --> q.eql:1:61",
        "  |",
        "1 | sequence [a where true] [b where true] until [c where true] with runs=2",
        "  |                                                             ^^^^^^^^^^^",
      ].join("\n"),
    ],
    [
      "sequence with maxspan=5 [a where true] [b where true]",
      [
        "error[eql-syntax]: no time unit specified",
        " --> q.eql:1:23",
        "  |",
        "1 | sequence with maxspan=5 [a where true] [b where true]",
        "  |                       ^",
        "hint: did you mean `5s`? units are ms, s, m, h, d",
      ].join("\n"),
    ],
    [
      "sequence with maxspan=5y [a where true] [b where true]",
      [
        "error[eql-syntax]: unrecognized time unit `y` in `5y`",
        " --> q.eql:1:24",
        "  |",
        "1 | sequence with maxspan=5y [a where true] [b where true]",
        "  |                        ^",
        "hint: specify one of ms, s, m, h, d",
      ].join("\n"),
    ],
    [
      "sequence with maxspan=0s [a where true] [b where true]",
      [
        "error[eql-syntax]: a positive maxspan value is required; found 0",
        " --> q.eql:1:23",
        "  |",
        "1 | sequence with maxspan=0s [a where true] [b where true]",
        "  |                       ^",
      ].join("\n"),
    ],
    [
      "sequence with maxspan=1.5h [a where true] [b where true]",
      [
        "error[eql-syntax]: decimal time interval `1.5` is not supported",
        " --> q.eql:1:23",
        "  |",
        "1 | sequence with maxspan=1.5h [a where true] [b where true]",
        "  |                       ^^^",
        "hint: use a positive integer with a smaller unit, for example `90s` for 1.5m",
      ].join("\n"),
    ],
    [
      "sequence [a where true] by x [b where true] by x, y",
      [
        "error[eql-syntax]: inconsistent number of join keys specified; expected 1 but found 2",
        " --> q.eql:1:48",
        "  |",
        "1 | sequence [a where true] by x [b where true] by x, y",
        "  |                                                ^^^^",
      ].join("\n"),
    ],
    [
      "sequence by length(x) [a where true] [b where true]",
      [
        "error[eql-syntax]: unsupported join key: join keys must be fields",
        " --> q.eql:1:13",
        "  |",
        "1 | sequence by length(x) [a where true] [b where true]",
        "  |             ^^^^^^^^^",
        "hint: write a field name such as `process.entity_id`",
      ].join("\n"),
    ],
    [
      "sample by x [a where true] ![b where true]",
      [
        "error[eql-syntax]: samples cannot contain missing events (`![ … ]`)",
        " --> q.eql:1:28",
        "  |",
        "1 | sample by x [a where true] ![b where true]",
        "  |                            ^^^^^^^^^^^^^^^",
      ].join("\n"),
    ],
    [
      "sample by x [a where true] with runs=2 [b where true]",
      [
        "error[eql-syntax]: `with runs` cannot be used in a sample",
        " --> q.eql:1:28",
        "  |",
        "1 | sample by x [a where true] with runs=2 [b where true]",
        "  |                            ^^^^^^^^^^^",
      ].join("\n"),
    ],
    [
      "sample [a where true] [b where true]",
      [
        "error[eql-syntax]: a sample requires join keys",
        " --> q.eql:1:1",
        "  |",
        "1 | sample [a where true] [b where true]",
        "  | ^^^^^^",
        "hint: write `sample by host.id [ … ] [ … ]`",
      ].join("\n"),
    ],
    [
      "sample by x [a where true] [b where true] [c where true] [d where true] [e where true] [f where true]",
      [
        "error[eql-syntax]: a sample must contain at most 5 queries, found 6",
        " --> q.eql:1:88",
        "  |",
        "1 | …ere true] [d where true] [e where true] [f where true]",
        "  |                                          ^^^^^^^^^^^^^^",
      ].join("\n"),
    ],
  ])("%s", (query, expected) => {
    expect(errors(query)).toBe(expected);
  });
});

