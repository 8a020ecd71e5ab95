/** spath: JSON and XML as fields, auto-extracted or by path; the shipped 1102 event's UserData. */
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Row } from "../../../src/values.js";
import { compilePlan } from "../../../src/engine/index.js";
import { RuleRunError } from "../../../src/engine/run-error.js";
import { loadFiles } from "../../../src/model/load.js";
import { readsRaw } from "../../../src/engine/prefilter.js";
import { splToPlan } from "../../../src/parser/spl/index.js";
import { diagnosticsOf, planOf } from "./helpers.js";
import { runSpl } from "./run-helpers.js";

const json = JSON.stringify({ user: { name: "ann", id: 7 }, tags: ["a", "b"], commits: [{ author: { name: "x" } }, { author: { name: "y" } }], ok: true, none: null });
const xml = `<vendorProductSet><product id="1"><desc><locDesc locale="en">Apple</locDesc></desc></product><product id="2"><desc><locDesc locale="fr">Pomme &amp; co</locDesc></desc></product></vendorProductSet>`;
const rows: Row[] = [{ j: json, x: xml }];

function errorOf(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e instanceof RuleRunError ? [e.code, e.message] : e;
  }
  return undefined;
}

describe("spath", () => {
  it("auto-extracts JSON: keys joined with `.`, array elements with `{}`, scalars as text", () => {
    const row = runSpl(`search * | spath input=j`, rows).rows[0]!;
    expect(Object.fromEntries(Object.entries(row).filter(([k]) => k !== "j" && k !== "x"))).toEqual({
      "user.name": "ann",
      "user.id": "7",
      "tags{}": ["a", "b"],
      "commits{}.author.name": ["x", "y"],
      ok: "true",
      none: "null",
    });
  });

  it("auto-extracts XML: paths from the top element, attributes as {@name}, repeats as multivalues, entities decoded", () => {
    const row = runSpl(`search * | spath input=x`, rows).rows[0]!;
    expect(Object.fromEntries(Object.entries(row).filter(([k]) => k !== "j" && k !== "x"))).toEqual({
      "vendorProductSet.product{@id}": ["1", "2"],
      "vendorProductSet.product.desc.locDesc{@locale}": ["en", "fr"],
      "vendorProductSet.product.desc.locDesc": ["Apple", "Pomme & co"],
    });
  });

  it("by path, into output or the path's name", () => {
    expect(runSpl(`search * | spath input=j output=authors path=commits{}.author.name | table authors`, rows).rows).toEqual([{ authors: ["x", "y"] }]);
    expect(runSpl(`search * | spath input=j user.name | table user.name`, rows).rows).toEqual([{ "user.name": "ann" }]);
    expect(runSpl(`search * | spath input=x output=loc path="vendorProductSet.product.desc.locDesc{@locale}" | table loc`, rows).rows).toEqual([{ loc: ["en", "fr"] }]);
    expect(runSpl(`search * | spath input=j output=m path=missing.key | table m`, rows).rows).toEqual([{}]);
  });

  it("a JSON object or array at the path comes out as JSON text (spath path=a{} | mvexpand | spath input=…)", () => {
    expect(runSpl(`search * | spath input=j path=user | table user`, rows).rows).toEqual([{ user: '{"name":"ann","id":7}' }]);
    const q = `search * | spath input=j path=commits{} output=c | mvexpand c | spath input=c path=author.name output=who | table who`;
    expect(runSpl(q, rows).rows).toEqual([{ who: "x" }, { who: "y" }]);
  });

  it("a path to an XML element with children stops the rule; a numeric index, output without a path and two paths are errors", () => {
    expect(errorOf(() => runSpl(`search * | spath input=x path=vendorProductSet.product`, rows))).toEqual([
      "unsupported-spath-path",
      "spath: `vendorProductSet.product` leads to an XML element with children; splice extracts XML leaf values only",
    ]);
    expect(diagnosticsOf(`search * | spath input=j path=commits{1}.author`)).toEqual(["unsupported-spath-index @ commits{1}.author"]);
    expect(diagnosticsOf(`search * | spath output=o`)).toEqual(["invalid-option @ o"]);
    expect(diagnosticsOf(`search * | spath a b`)).toEqual(["unexpected-token @ b"]);
  });

  it("auto-extract reads the first 5,000 bytes: values complete before the cut", () => {
    const long = JSON.stringify({ first: "kept", pad: "x".repeat(5000), last: "cut" });
    const cutXml = `<r><first>kept</first><pad>${"x".repeat(5000)}</pad><last>cut</last></r>`;
    const row = runSpl(`search * | spath input=l | spath input=m`, [{ l: long, m: cutXml }]).rows[0]!;
    expect([row["first"], row["pad"], row["last"], row["r.first"], row["r.pad"], row["r.last"]]).toEqual(["kept", undefined, undefined, "kept", undefined, undefined]);
    // A path is not cut.
    expect(runSpl(`search * | spath input=l path=last`, [{ l: long }]).rows[0]!["last"]).toBe("cut");
  });

  it("the load keeps _raw for spath over it or over a block cut from it (UserData_Xml)", () => {
    expect(readsRaw(planOf(`search * | spath`))).toBe(true);
    expect(readsRaw(planOf(`search * | spath input=UserData_Xml`))).toBe(true);
    expect(readsRaw(planOf(`search * | spath input=j`))).toBe(false);
  });

  it("the shipped 1102 (log cleared by admmig): its UserData as fields", async () => {
    const file = path.resolve(import.meta.dirname, "../../../datasets/e2ma-wmiexec/ID4688,5140,5145-WMIexec execution via SMB (GLOBAL).evtxexport.xml.gz");
    const q = `search EventCode=1102 | spath input=UserData_Xml | table LogFileCleared{@xmlns} LogFileCleared.SubjectUserName LogFileCleared.SubjectDomainName LogFileCleared.SubjectUserSid`;
    const plan = splToPlan(q).plan!;
    const loaded = await loadFiles([file], { keepRaw: true });
    const result = compilePlan(plan).run(loaded.events);
    expect(result.kind === "rows" ? result.rows.map((r) => ({ ...r })) : result.kind).toEqual([
      {
        "LogFileCleared{@xmlns}": "http://manifests.microsoft.com/win/2004/08/windows/eventlog",
        "LogFileCleared.SubjectUserName": "admmig",
        "LogFileCleared.SubjectDomainName": "OFFSEC",
        "LogFileCleared.SubjectUserSid": "S-1-5-21-4230534742-2542757381-3142984815-1111",
      },
    ]);
  });
});
