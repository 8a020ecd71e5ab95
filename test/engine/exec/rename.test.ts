/** SPL `rename` with wildcards: one `*` takes the text between prefix and suffix (no regex built). */
import { describe, expect, it } from "vitest";
import { renamer } from "../../../src/engine/exec/rename.js";

describe("renamer", () => {
  it("renames with one wildcard as Splunk does", () => {
    const drop = renamer("Processes.*", "*");
    expect(["Processes.dest", "Processes.", "Process.dest", "dest"].map(drop)).toEqual(["dest", "", null, null]);
    expect(renamer("*_name", "name_*")("process_name")).toBe("name_process");
    expect(renamer("a*a", "x*")("a")).toBeNull(); // prefix and suffix may not overlap
    expect(renamer("a*a", "x*")("aa")).toBe("x");
    expect(renamer("p.*", "*.*")("p.q")).toBe("q.");
    expect(renamer("p.*", "fixed")("p.q")).toBe("fixed");
  });

  it("agrees with the general (several wildcards) path where both apply", () => {
    expect(renamer("*.*", "*_*")("a.b.c")).toBe("a.b_c"); // greedy, as before
    expect(renamer("Processes.*", "*")("Processes.x.y")).toBe("x.y");
  });
});
