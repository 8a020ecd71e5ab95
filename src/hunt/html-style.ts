/** The report's stylesheet, inlined in the page: system fonts only, nothing fetched. */
export const HTML_STYLE = `
:root { color-scheme: light; --fg: #1f2328; --muted: #656d76; --line: #d8dee4; --bg: #f6f8fa; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1440px; padding: 20px 28px 60px; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--fg); }
code, .time, .evidence, .file { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; font-size: 12px; }
h1 { margin: 0 0 4px; font-size: 24px; }
h2 { margin: 32px 0 12px; font-size: 18px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 15px; margin: 16px 0 8px; }
.args { color: var(--muted); margin-bottom: 12px; }
.args code { background: var(--bg); padding: 1px 4px; border-radius: 3px; }
.label { display: inline-block; min-width: 72px; color: var(--muted); }
.stats { display: flex; flex-wrap: wrap; gap: 8px; margin: 8px 0 12px; }
.stat { border: 1px solid var(--line); border-radius: 6px; padding: 6px 12px; min-width: 96px; background: var(--bg); }
.stat b { display: block; font-size: 20px; }
.stat span { color: var(--muted); font-size: 12px; }
.sev { display: inline-block; color: #fff; border-radius: 10px; padding: 0 8px; font-size: 12px; font-weight: 600; text-shadow: 0 0 2px rgba(0,0,0,.35); }
.sevs, .hosts { margin: 6px 0; }
.host { display: inline-block; background: var(--bg); border: 1px solid var(--line); border-radius: 4px; padding: 0 6px; margin: 2px 2px 2px 0; }
.note { color: var(--muted); font-size: 12px; }
.chart { display: block; max-width: 100%; height: auto; }
.chart text { font-size: 11px; fill: #3d444d; }
.chart text.sub { fill: var(--muted); }
.chart .grid { stroke: #eaeef2; }
.chart .axis { stroke: #8c959f; }
.legend { margin: 4px 0 0 48px; }
.key { margin-right: 14px; font-size: 12px; }
.key i { display: inline-block; width: 10px; height: 10px; margin-right: 4px; border-radius: 2px; vertical-align: -1px; }
.matrix { display: grid; gap: 6px; overflow-x: auto; align-items: start; }
.tactic h3 { margin: 0 0 6px; font-size: 13px; background: #24292f; color: #fff; padding: 6px 8px; border-radius: 4px; min-height: 52px; }
.tactic.other h3 { background: #6e7781; }
.tactic h3 small { display: block; font-weight: normal; opacity: .8; font-size: 11px; }
.cell { border: 1px solid rgba(0,0,0,.12); border-radius: 4px; padding: 5px 7px; margin-bottom: 5px; font-size: 12px; }
.cell, .tactic { min-width: 0; overflow-wrap: anywhere; }
.tech { display: flex; justify-content: space-between; align-items: center; gap: 4px; }
.tname { line-height: 1.25; }
.cell li .tname { font-size: 11px; }
.tech code { white-space: nowrap; }
.cell li .tech code { font-size: 11px; }
.tech b { flex: none; white-space: nowrap; background: rgba(255,255,255,.85); border-radius: 8px; padding: 0 6px; height: 18px; font-size: 11px; }
.cell ul { list-style: none; margin: 4px 0 0; padding: 0 0 0 5px; border-left: 2px solid rgba(0,0,0,.2); }
.cell li { margin-top: 3px; }
details.rule { border: 1px solid var(--line); border-radius: 6px; margin: 6px 0; }
details.rule > summary { cursor: pointer; padding: 6px 10px; background: var(--bg); }
details.rule[open] > summary { border-bottom: 1px solid var(--line); }
.count { display: inline-block; min-width: 40px; text-align: right; margin-right: 4px; }
.name { font-weight: 600; }
.vendor { color: var(--muted); font-size: 12px; margin-left: 4px; }
.file { color: var(--muted); margin-left: 52px; word-break: break-all; }
table { border-collapse: collapse; width: 100%; font-size: 12px; }
th, td { text-align: left; vertical-align: top; padding: 4px 8px; border-bottom: 1px solid #eaeef2; }
th { background: #fafbfc; font-weight: 600; }
table.narrow { width: auto; }
td.num { text-align: right; }
td.time { white-space: nowrap; }
td.details { word-break: break-word; max-width: 560px; }
td.evidence { word-break: break-all; max-width: 320px; }
.none { color: #afb8c1; }
`;
