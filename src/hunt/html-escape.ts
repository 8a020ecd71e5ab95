/**
 * Text and attribute values for the HTML report. Log values are attacker-controlled: every one goes
 * through here, quotes included, so a value can neither open a tag nor leave an attribute.
 */
const ENTITIES: Readonly<Record<string, string>> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}
