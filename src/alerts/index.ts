/** Alerts: rule results with the rule's metadata (risk message, score, objects, ATT&CK ids). */
export { buildAlerts, type Alert, type AlertObject, type AlertRule } from "./build.js";
export { formatAlerts, alertRows, type AlertFormat } from "./format.js";
export { substituteMessage, messageFields } from "./message.js";
