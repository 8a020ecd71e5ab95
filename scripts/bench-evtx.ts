/**
 * EVTX throughput: `readEvtxFile` over every .evtx under shared/datasets/evtx (or the paths given), and,
 * when libyal `evtxexport` is on PATH (Debian `libevtx-utils`; measuring only, not a dependency),
 * `evtxexport -f xml` over the same files in the same run. Prints MB/s, records/s and the ratio.
 *
 *   npx tsx scripts/bench-evtx.ts [--repeat N] [--synthetic MB] [file-or-dir …]
 *
 * `--synthetic MB` also builds a file of that size from the corpus' chunks in a temp dir and reads it,
 * reporting peak RSS (the reader holds one 64 KiB chunk at a time).
 */
import { spawn, spawnSync } from "node:child_process";
import { closeSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { readEvtxFile } from "../src/model/evtx/index.js";

export interface EvtxBenchRow {
  readonly tool: string;
  readonly files: number;
  /** Files the tool read without failing (evtxexport gives up on some). */
  readonly filesOk: number;
  readonly bytes: number;
  readonly records: number;
  readonly seconds: number;
  readonly mbPerSecond: number;
  readonly recordsPerSecond: number;
}

function row(tool: string, files: number, filesOk: number, bytes: number, records: number, seconds: number): EvtxBenchRow {
  return { tool, files, filesOk, bytes, records, seconds, mbPerSecond: bytes / 1e6 / seconds, recordsPerSecond: records / seconds };
}

/** One pass of `readEvtxFile` over the files (every record decoded to a WinEvent). */
export async function benchSplice(files: readonly string[]): Promise<EvtxBenchRow> {
  let records = 0;
  let bytes = 0;
  const start = performance.now();
  for (const f of files) {
    bytes += statSync(f).size;
    for await (const item of readEvtxFile(f)) if (item.kind === "event") records++;
  }
  return row("splice readEvtxFile", files.length, files.length, bytes, records, (performance.now() - start) / 1000);
}

export function hasEvtxexport(): boolean {
  return spawnSync("evtxexport", ["-V"], { stdio: "ignore" }).status === 0;
}

/** One pass of `evtxexport -f xml` per file, output read from a pipe and its `<Event ` tags counted. */
export async function benchEvtxexport(files: readonly string[]): Promise<EvtxBenchRow> {
  const marker = Buffer.from("<Event ");
  let records = 0;
  let bytes = 0;
  let ok = 0;
  const start = performance.now();
  for (const f of files) {
    bytes += statSync(f).size;
    const { count, status } = await new Promise<{ count: number; status: number | null }>((done) => {
      const child = spawn("evtxexport", ["-f", "xml", f], { stdio: ["ignore", "pipe", "ignore"] });
      let count = 0;
      let carry: Buffer = Buffer.alloc(0);
      child.stdout.on("data", (data: Buffer) => {
        const b = carry.length > 0 ? Buffer.concat([carry, data]) : data;
        for (let p = b.indexOf(marker); p >= 0; p = b.indexOf(marker, p + 1)) count++;
        carry = b.subarray(Math.max(0, b.length - marker.length + 1));
      });
      child.on("close", (status) => done({ count, status }));
    });
    records += count;
    if (status === 0 && count > 0) ok++;
  }
  return row("evtxexport -f xml", files.length, ok, bytes, records, (performance.now() - start) / 1000);
}

/**
 * The rows `npm run bench` can include: splice (best of `repeat` passes, the first warms the JIT) and,
 * when available, evtxexport (one pass).
 */
export async function benchEvtx(files: readonly string[], options: { repeat?: number; evtxexport?: boolean } = {}): Promise<EvtxBenchRow[]> {
  let best: EvtxBenchRow | undefined;
  for (let i = 0; i < (options.repeat ?? 3); i++) {
    const r = await benchSplice(files);
    if (best === undefined || r.seconds < best.seconds) best = r;
  }
  const rows = best ? [best] : [];
  if ((options.evtxexport ?? true) && hasEvtxexport()) rows.push(await benchEvtxexport(files));
  return rows;
}

export function formatRows(rows: readonly EvtxBenchRow[]): string {
  const base = rows[0];
  const lines = [
    "| tool | files (ok) | MB | records | s | MB/s | records/s | speed vs first |",
    "|---|---|---|---|---|---|---|---|",
  ];
  for (const r of rows) {
    const ratio = base ? (base.seconds / r.seconds).toFixed(2) + "×" : "";
    lines.push(
      `| ${r.tool} | ${r.files} (${r.filesOk}) | ${(r.bytes / 1e6).toFixed(1)} | ${r.records} | ${r.seconds.toFixed(2)} | ${r.mbPerSecond.toFixed(1)} | ${Math.round(r.recordsPerSecond)} | ${ratio} |`,
    );
  }
  if (rows.length === 2) lines.push("", `splice is ${(rows[1]!.seconds / rows[0]!.seconds).toFixed(1)}× faster than evtxexport on the same files.`);
  return lines.join("\n");
}

export function findEvtx(paths: readonly string[]): string[] {
  const out: string[] = [];
  for (const p of paths) {
    if (statSync(p).isDirectory()) {
      for (const f of readdirSync(p, { recursive: true }) as string[]) if (f.endsWith(".evtx")) out.push(join(p, f));
    } else out.push(p);
  }
  return out.sort();
}

/** Writes a file of about `mb` MB: the corpus' valid chunks repeated behind one file header. */
function buildSynthetic(files: readonly string[], mb: number): string {
  const dir = mkdtempSync(join(tmpdir(), "splice-evtx-bench-"));
  const path = join(dir, "synthetic.evtx");
  const chunks: Buffer[] = [];
  for (const f of files) {
    const data = readFileSync(f);
    for (let off = 4096; off + 65536 <= data.length; off += 65536) {
      const c = data.subarray(off, off + 65536);
      if (c.toString("latin1", 0, 8) === "ElfChnk\0") chunks.push(c);
    }
  }
  const header = readFileSync(files[0]!).subarray(0, 4096);
  const fd = openSync(path, "w");
  writeSync(fd, header);
  for (let written = 0, i = 0; written < mb * 1e6 && chunks.length > 0; i++, written += 65536) writeSync(fd, chunks[i % chunks.length]!);
  closeSync(fd);
  return path;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  let repeat = 3;
  let synthetic = 0;
  const paths: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--repeat") repeat = Number(args[++i]);
    else if (args[i] === "--synthetic") synthetic = Number(args[++i]);
    else paths.push(resolve(args[i]!));
  }
  if (paths.length === 0) {
    const shared = fileURLToPath(new URL("../../shared/datasets/evtx/", import.meta.url));
    if (!existsSync(shared)) {
      console.log(`no files given and ${shared} is absent: nothing to measure`);
      return;
    }
    paths.push(shared);
  }
  const files = findEvtx(paths);
  console.log(`${files.length} EVTX files; splice best of ${repeat}; evtxexport ${hasEvtxexport() ? "found" : "not on PATH (apt-get install libevtx-utils to compare)"}\n`);
  console.log(formatRows(await benchEvtx(files, { repeat })));
  if (synthetic > 0) {
    const path = buildSynthetic(files, synthetic);
    const before = process.memoryUsage().rss;
    let peak = before;
    const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    const r = await benchSplice([path]);
    clearInterval(timer);
    peak = Math.max(peak, process.memoryUsage().rss);
    console.log(`\nsynthetic ${(r.bytes / 1e6).toFixed(0)} MB file: ${r.records} records, ${r.mbPerSecond.toFixed(1)} MB/s, ${Math.round(r.recordsPerSecond)} records/s, RSS ${(before / 1e6).toFixed(0)} → peak ${(peak / 1e6).toFixed(0)} MB`);
    rmSync(path, { force: true });
  }
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
