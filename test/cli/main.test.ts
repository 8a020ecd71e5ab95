/** `splice` with no subcommand: --help, --version, an unknown command. In-process, output captured. */
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { main } from "../../src/cli/main.js";

const ROOT = path.resolve(import.meta.dirname, "../..");

describe("splice", () => {
  let out = "";
  let err = "";
  beforeEach(() => {
    out = err = "";
    vi.spyOn(process.stdout, "write").mockImplementation((s) => ((out += String(s)), true));
    vi.spyOn(process.stderr, "write").mockImplementation((s) => ((err += String(s)), true));
  });
  afterEach(() => vi.restoreAllMocks());

  it("--version and -V print the version in package.json", async () => {
    const { version } = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { version: string };
    expect(await main(["--version"])).toBe(0);
    expect(await main(["-V"])).toBe(0);
    expect(out).toBe(`splice ${version}\nsplice ${version}\n`);
  });

  it("--help lists the commands and --version; no command is a usage error with the same text", async () => {
    expect(await main(["--help"])).toBe(0);
    expect(out).toContain("splice --version");
    for (const command of ["run RULE DATA", "test RULE|DIR", "explain RULE", "repl [DATA", "normalize DATA", "demo"]) expect(out).toContain(command);
    const help = out;
    out = "";
    expect(await main([])).toBe(2);
    expect(out).toBe(help);
  });

  it("an unknown command is a usage error naming it", async () => {
    expect(await main(["rnu"])).toBe(2);
    expect(err).toMatch(/^error: unknown command 'rnu'\n/);
  });
});
