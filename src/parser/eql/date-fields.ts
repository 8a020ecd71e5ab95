/**
 * ECS fields mapped as `date`. Elasticsearch compares such a field with a string literal by parsing the
 * string as a date (`@timestamp < "2017-08-30T20:47:32Z"`), not as text; with no mapping offline, this list
 * stands in for it.
 */
export const ECS_DATE_FIELDS: ReadonlySet<string> = new Set([
  "@timestamp",
  "event.created",
  "event.ingested",
  "event.start",
  "event.end",
  "process.start",
  "process.end",
  "process.parent.start",
  "process.parent.end",
  "file.created",
  "file.ctime",
  "file.mtime",
  "file.accessed",
  "registry.data.modified",
]);

/** Epoch ms of a date literal written the way Elasticsearch's default `strict_date_optional_time` accepts it. */
export function parseDateLiteral(text: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}(T\d{2}(:\d{2}(:\d{2}(\.\d{1,9})?)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(text)) return null;
  // Without a zone Elasticsearch reads UTC; Date.parse would read a date-time as local time.
  const withZone = /T/.test(text) && !/(Z|[+-]\d{2}:?\d{2})$/.test(text) ? `${text}Z` : text;
  const ms = Date.parse(withZone);
  return Number.isNaN(ms) ? null : ms;
}
