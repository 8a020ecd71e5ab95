/**
 * The ECS view: flat documents with dotted keys (`process.parent.name`), arrays for multi-valued
 * fields (`process.args`, `event.category`). These are the fields the adapters derive for process
 * starts (normalization.md §3); raw extras live under `winlog.*` / `crowdstrike.*`, and generic JSON
 * documents keep whatever fields they carry.
 */

/** ECS fields filled by the Windows and CrowdStrike process-start mappings (when the source has them). */
export const ECS_PROCESS_FIELDS = [
  "@timestamp",
  "event.kind",
  "event.category",
  "event.type",
  "event.action",
  "event.code",
  "event.module",
  "event.provider",
  "event.outcome",
  "event.created",
  "host.name",
  "host.id",
  "host.os.type",
  "process.entity_id",
  "process.pid",
  "process.name",
  "process.executable",
  "process.command_line",
  "process.args",
  "process.args_count",
  "process.working_directory",
  "process.pe.original_file_name",
  "process.pe.company",
  "process.pe.description",
  "process.pe.file_version",
  "process.pe.product",
  "process.pe.imphash",
  "process.hash.md5",
  "process.hash.sha1",
  "process.hash.sha256",
  "process.Ext.token.integrity_level_name",
  "process.parent.entity_id",
  "process.parent.pid",
  "process.parent.name",
  "process.parent.executable",
  "process.parent.command_line",
  "process.parent.args",
  "process.parent.args_count",
  "user.name",
  "user.domain",
  "user.id",
  "user.effective.id",
  "user.effective.name",
  "user.effective.domain",
  "related.user",
  "related.hash",
  "winlog.channel",
  "winlog.event_id",
  "winlog.record_id",
  "winlog.computer_name",
  "winlog.provider_name",
  "winlog.provider_guid",
  "winlog.logon.id",
] as const;

/** Multi-valued (array) ECS fields among them. */
export const ECS_ARRAY_FIELDS: ReadonlySet<string> = new Set([
  "event.category",
  "event.type",
  "process.args",
  "process.parent.args",
  "related.user",
  "related.hash",
]);

/** Numeric (long) ECS fields among them. */
export const ECS_LONG_FIELDS: ReadonlySet<string> = new Set([
  "process.pid",
  "process.parent.pid",
  "process.args_count",
  "process.parent.args_count",
]);
