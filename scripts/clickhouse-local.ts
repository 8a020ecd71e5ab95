/**
 * Throw-away ClickHouse servers on the loopback address, for the tests, `npm run sql:diff` and the bench:
 * Debian's `clickhouse-server` started with a config in a temp folder (its own data, ports, and a
 * `remote_servers` cluster `splice` of every server started together, one shard each). Returns null when
 * the server is not installed or does not answer, so callers can skip visibly.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface LocalClickHouse {
  /** HTTP URLs, one per server (shard). */
  readonly urls: readonly string[];
  /** The cluster name in every server's remote_servers. */
  readonly cluster: string;
  stop(): void;
}

const SERVER = ["/usr/bin/clickhouse-server", "/usr/sbin/clickhouse-server"].find((p) => existsSync(p));

export function clickhouseInstalled(): boolean {
  return SERVER !== undefined && spawnSync(SERVER, ["--help"], { timeout: 10_000 }).error === undefined;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
    s.on("error", reject);
  });
}

function config(dir: string, http: number, tcp: number, shards: readonly number[]): string {
  const replicas = shards.map((p) => `<shard><replica><host>127.0.0.1</host><port>${p}</port></replica></shard>`).join("");
  return `<?xml version="1.0"?>
<yandex>
  <logger><level>warning</level><log>${dir}/server.log</log><errorlog>${dir}/error.log</errorlog></logger>
  <http_port>${http}</http_port>
  <tcp_port>${tcp}</tcp_port>
  <listen_host>127.0.0.1</listen_host>
  <path>${dir}/data/</path>
  <tmp_path>${dir}/tmp/</tmp_path>
  <user_files_path>${dir}/user_files/</user_files_path>
  <format_schema_path>${dir}/format_schemas/</format_schema_path>
  <users_config>/etc/clickhouse-server/users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <mark_cache_size>53687091</mark_cache_size>
  <remote_servers><splice>${replicas}</splice></remote_servers>
</yandex>
`;
}

async function answers(url: string, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    try {
      const r = await fetch(`${url}/?query=SELECT%201`);
      if (r.ok) return true;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}

/** Starts `count` servers forming one cluster; null when ClickHouse is missing or does not start in time. */
export async function startClickHouse(count = 1): Promise<LocalClickHouse | null> {
  if (!SERVER) return null;
  const ports = await Promise.all(Array.from({ length: count }, async () => ({ http: await freePort(), tcp: await freePort() })));
  const dirs: string[] = [];
  const procs: ChildProcess[] = [];
  const stop = () => {
    for (const p of procs) if (p.pid !== undefined && p.exitCode === null) p.kill("SIGKILL");
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  };
  for (const { http, tcp } of ports) {
    const dir = mkdtempSync(join(tmpdir(), "splice-clickhouse-"));
    dirs.push(dir);
    writeFileSync(join(dir, "config.xml"), config(dir, http, tcp, ports.map((p) => p.tcp)));
    const p = spawn(SERVER, [`--config-file=${join(dir, "config.xml")}`], { stdio: "ignore" });
    p.on("error", () => {});
    procs.push(p);
  }
  const urls = ports.map((p) => `http://127.0.0.1:${p.http}`);
  const up = await Promise.all(urls.map((u) => answers(u, 30_000)));
  if (!up.every(Boolean)) {
    stop();
    return null;
  }
  return { urls, cluster: "splice", stop };
}
