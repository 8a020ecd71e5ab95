/**
 * A Windows event as every Windows reader produces it (XmlWinEventLog lines, evtxexport XML dumps,
 * `<Events>` wrappers, NXLog JSON, the EVTX binary reader). The Windows normalizer turns it into the
 * CIM and ECS views; readers never build views themselves.
 */
export interface WinEvent {
  /**
   * System fields, flattened: "Provider.Name", "Provider.Guid", "EventID", "Version", "Level", "Task",
   * "Opcode", "Keywords", "TimeCreated.SystemTime", "EventRecordID", "Correlation.ActivityID",
   * "Execution.ProcessID", "Execution.ThreadID", "Channel", "Computer", "Security.UserID".
   * Values are the text as the source spells it (e.g. evtxexport pads hex, EvtRender does not).
   */
  readonly system: Readonly<Record<string, string>>;
  /**
   * EventData `<Data Name='X'>` → text; unnamed Data elements get "Data", "Data[2]", …;
   * for UserData, the leaf elements of its single child by element name.
   * Empty elements are "" (present), absent elements are absent.
   */
  readonly data: Readonly<Record<string, string>>;
  /**
   * "xml": values are raw XML element text, entity references kept (`2&gt;&amp;1`) — what Splunk's
   * add-ons see. "plain": values are decoded text (EVTX binary, JSON without entities).
   */
  readonly encoding: "xml" | "plain";
  /** Reader id: "xmlwineventlog", "evtxexport", "evtx", "nxlog-json". */
  readonly reader: string;
}
