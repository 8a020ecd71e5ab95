/**
 * Which add-on family reads an event: Splunk applies a `[source::XmlWinEventLog:<channel>]` stanza by the
 * event's channel, so the family is chosen by channel (by provider when a reader lost the channel).
 */
import type { AddonFamily } from "./addon.js";
import { securityAddon } from "./security.js";
import { sysmonAddon } from "./sysmon.js";
import { systemAddon } from "./system.js";
import { applicationAddon, genericAddon, taskSchedulerAddon } from "./windows-common.js";

export const SYSMON_CHANNEL = "Microsoft-Windows-Sysmon/Operational";

const BY_CHANNEL: ReadonlyMap<string, AddonFamily> = new Map([
  [SYSMON_CHANNEL, sysmonAddon],
  ["Security", securityAddon],
  ["System", systemAddon],
  ["Application", applicationAddon],
  ["Microsoft-Windows-TaskScheduler/Operational", taskSchedulerAddon],
]);

const BY_PROVIDER: ReadonlyMap<string, AddonFamily> = new Map([
  ["Microsoft-Windows-Sysmon", sysmonAddon],
  ["Microsoft-Windows-Security-Auditing", securityAddon],
]);

/** The family of a channel (as Windows spells it), else of the provider, else the generic one. */
export function familyOfChannel(channel: string, provider: string | undefined): AddonFamily {
  return BY_CHANNEL.get(channel) ?? (provider === undefined ? undefined : BY_PROVIDER.get(provider)) ?? genericAddon;
}

/** Every family, for listings (docs, tests). */
export const FAMILIES: readonly AddonFamily[] = [sysmonAddon, securityAddon, systemAddon, applicationAddon, taskSchedulerAddon, genericAddon];
