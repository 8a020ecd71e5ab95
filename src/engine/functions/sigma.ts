/**
 * Field readers of the Sigma front end (src/parser/sigma). They have no SPL or EQL spelling: only a
 * lowered Sigma rule calls them. Sigma reads the Windows event's Splunk view (every `<Data Name>` under
 * its own name, see src/parser/sigma/fields.ts) but matches the decoded text, as Sigma's tools do.
 */
import { decodeXmlEntities } from "../../model/adapters/xml-entities.js";
import { mapScalars } from "./args.js";
import { defineFunction, type FunctionDef } from "./types.js";
import type { Value } from "../values.js";

/**
 * sigmaText(v): the text of a Splunk-view string as the event holds it. The Splunk view keeps EvtRender's
 * entity references (`2&gt;&amp;1`, normalization.md §2) for every Windows input (EVTX text is escaped to
 * that spelling), so decoding it gives the same text whatever the input format was.
 */
const sigmaText = (decode: (s: string) => string) =>
  defineFunction({
    id: "sigmaText",
    names: {},
    minArgs: 1,
    maxArgs: 1,
    returns: "string",
    run: ([v]) => mapScalars(v!, (s) => (typeof s === "string" ? decode(s) : s)),
  });

/** sigmaAttribute(v): a System attribute as Splunk_TA_windows extracts it (`'Microsoft-Windows-Sysmon'`), unquoted and decoded. */
const sigmaAttribute = (decode: (s: string) => string) =>
  defineFunction({
    id: "sigmaAttribute",
    names: {},
    minArgs: 1,
    maxArgs: 1,
    returns: "string",
    run: ([v]) =>
      mapScalars(v!, (s) => {
        if (typeof s !== "string") return s;
        const bare = s.length >= 2 && s.startsWith("'") && s.endsWith("'") ? s.slice(1, -1) : s;
        return decode(bare);
      }),
  });

const unset = (v: Value | undefined): boolean => v === null || v === undefined || v === "" || v === "-";

/**
 * sigmaAccount(targetDomain, targetName, subjectDomain, subjectName): Sysmon's `User` (`DOMAIN\name`, the
 * account the new process runs as) from a Security 4688 event: the Target account when the event names one
 * (version 2, a process started as another user), else the Subject (the creator, which is the same account).
 */
const sigmaAccount = (decode: (s: string) => string) =>
  defineFunction({
    id: "sigmaAccount",
    names: {},
    minArgs: 4,
    maxArgs: 4,
    returns: "string",
    propagatesNull: false,
    run: ([td, tn, sd, sn]) => {
      const [domain, name] = unset(tn) ? [sd, sn] : [td, tn];
      if (unset(name)) return null;
      const text = (v: Value | undefined) => decode(String(v));
      return unset(domain) ? text(name) : `${text(domain)}\\${text(name)}`;
    },
  });

const readers = (decode: (s: string) => string): readonly FunctionDef[] => [sigmaText(decode), sigmaAttribute(decode), sigmaAccount(decode)];

export const sigmaFunctions: readonly FunctionDef[] = readers(decodeXmlEntities);

/** The same readers over a Splunk view loaded with `--xml-entities decode`: decoding again would change `&amp;lt;`. */
export const sigmaFunctionsOverDecoded: readonly FunctionDef[] = readers((s) => s);
