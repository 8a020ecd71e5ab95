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
  /**
   * The element name of UserData's single child (`LogFileCleared`) when `data` holds UserData leaves:
   * Elastic keeps those under `winlog.user_data` with this name as `xml_name`. Absent for EventData.
   */
  readonly userData?: string;
  /**
   * The UserData child as XML text (the EVTX reader only, which has no `_raw` to cut it from): with its
   * attributes, which `data` leaves out. `_raw` of an EVTX record is rendered with it.
   */
  readonly userDataXml?: string;
  /** What the collector rendered from the publisher's metadata, when the source carries it. */
  readonly rendering?: WinRendering;
}

/**
 * Rendered names a collector looked up on the live host (winlogbeat's `winlog.task`, NXLog's
 * `Category`, …). Raw XML and EVTX carry only the numbers; the ECS view then falls back to the
 * Windows-defined names it knows (model/adapters/windows-ecs-names.ts).
 */
export interface WinRendering {
  readonly level?: string;
  readonly task?: string;
  readonly opcode?: string;
  readonly keywords?: readonly string[];
  /** winlogbeat's `event.action` / `event.outcome` (the task name, the audit keyword). */
  readonly action?: string;
  readonly outcome?: string;
  readonly message?: string;
  /** The account of `Security@UserID` as the collector resolved it (`winlog.user.name/domain/type`). */
  readonly userName?: string;
  readonly userDomain?: string;
  readonly userType?: string;
}
