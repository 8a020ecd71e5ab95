/**
 * One end-to-end check in a real terminal: tmux runs `splice repl`, we type a query with send-keys and read the
 * table off the screen with capture-pane. Skipped when tmux is not installed, and in the fast tier.
 */
import { execFileSync, spawnSync } from "node:child_process";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { FAST_TIER } from "../helpers/tier.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
// The fast tier starts no subprocess.
const hasTmux = !FAST_TIER && spawnSync("tmux", ["-V"]).status === 0;
const SESSION = `splice-e2e-${process.pid}`;

function tmux(...args: string[]): string {
  return execFileSync("tmux", args, { encoding: "utf8" });
}

async function waitForScreen(pattern: RegExp, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let screen = "";
  while (Date.now() < deadline) {
    screen = tmux("capture-pane", "-p", "-t", SESSION, "-S", "-200");
    if (pattern.test(screen)) return screen;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${pattern}; screen:\n${screen}`);
}

describe.skipIf(!hasTmux)("splice repl in a real terminal (tmux)", () => {
  afterAll(() => {
    spawnSync("tmux", ["kill-session", "-t", SESSION]);
  });

  // A query that backtracks for the whole (60 s) budget unless Ctrl-C stops it.
  const SLOW = '| tstats count from datamodel=Endpoint.Processes by Processes.dest | eval x="' + "a".repeat(40) + 'b" | where match(x, "(a+)+(?=c)")';

  // One node process (`node --import tsx`): the `tsx` and `npx` wrappers would get the terminal's SIGINT too.
  it("Ctrl-C stops a running query and drops a half-typed multi-line entry; the REPL goes on; Ctrl-D leaves with exit 0", async () => {
    const cmd = `cd ${JSON.stringify(ROOT)} && SPLICE_HISTORY=/dev/null node --import tsx src/cli/bin.ts repl datasets/otrf-empire-wmic --regex-budget 60; echo "[splice exited $?]"; sleep 30`;
    tmux("new-session", "-d", "-s", SESSION, "-x", "220", "-y", "50", cmd);
    await waitForScreen(/^splice>\s*$/m, 60_000);
    tmux("send-keys", "-t", SESSION, "-l", SLOW);
    tmux("send-keys", "-t", SESSION, "Enter");
    await waitForScreen(/warning\[backtracking-regex\]|hint: --regex-budget/, 20_000).catch(() => "");
    await new Promise((r) => setTimeout(r, 1500));
    tmux("send-keys", "-t", SESSION, "C-c");
    let screen = await waitForScreen(/query cancelled \(Ctrl-C\)\s*\nsplice>/, 20_000);
    expect(screen).not.toContain("regex-budget]");
    // a multi-line entry in progress
    tmux("send-keys", "-t", SESSION, "-l", "| tstats count from datamodel=Endpoint.Processes by Processes.dest |");
    tmux("send-keys", "-t", SESSION, "Enter");
    await waitForScreen(/\.\.\.>\s*$/m, 10_000);
    tmux("send-keys", "-t", SESSION, "-l", "eval y=1");
    tmux("send-keys", "-t", SESSION, "C-c");
    await waitForScreen(/eval y=1\^C\s*\nsplice>/, 10_000);
    // the next query stands alone: the dropped lines are not part of it
    tmux("send-keys", "-t", SESSION, "-l", 'process where process.name : "net.exe"');
    tmux("send-keys", "-t", SESSION, "Enter");
    screen = await waitForScreen(/\d+ results? \(eql/, 20_000);
    expect(screen).toContain("2 results (eql");
    tmux("send-keys", "-t", SESSION, "C-d");
    await waitForScreen(/\[splice exited 0\]/, 10_000);
    spawnSync("tmux", ["kill-session", "-t", SESSION]);
  }, 180_000);

  it("loads data, completes a field with Tab, runs an EQL query and shows the table", async () => {
    const cmd = `cd ${JSON.stringify(ROOT)} && SPLICE_HISTORY=/dev/null npx tsx src/cli/bin.ts repl datasets/otrf-empire-wmic; echo "[splice exited $?]"; sleep 30`;
    tmux("new-session", "-d", "-s", SESSION, "-x", "220", "-y", "50", cmd);
    await waitForScreen(/^splice>\s*$/m, 60_000);
    tmux("send-keys", "-t", SESSION, "-l", "process where process.parent.na");
    tmux("send-keys", "-t", SESSION, "Tab");
    await waitForScreen(/process where process\.parent\.name/, 10_000);
    tmux("send-keys", "-t", SESSION, "-l", ' : "WmiPrvSE.exe"');
    tmux("send-keys", "-t", SESSION, "Enter");
    const screen = await waitForScreen(/\d+ results? \(eql/, 20_000);
    expect(screen).toMatch(/process\.parent\.name\s+process\.name/);
    expect(screen).toMatch(/WmiPrvSE\.exe\s+net\.exe\s+net user \/add backdoor paw0rd1/);
    expect(screen).toContain("2 results (eql");
    tmux("send-keys", "-t", SESSION, "-l", ".quit");
    tmux("send-keys", "-t", SESSION, "Enter");
  }, 120_000);
});
