/** queries/remote_process_instantiation_via_wmi.spl, verbatim (trailing spaces included). */
export const SEED = [
  '| tstats `security_content_summariesonly` count min(_time) as firstTime max(_time) as lastTime from datamodel=Endpoint.Processes where `process_wmic` (Processes.process="*/node:*" AND Processes.process="*process*" AND Processes.process="*call*" AND  Processes.process="*create*") by Processes.dest Processes.user Processes.parent_process_name Processes.process_name Processes.process Processes.process_id Processes.parent_process_id ',
  "| `drop_dm_object_name(Processes)` ",
  "| `security_content_ctime(firstTime)`",
  "| `security_content_ctime(lastTime)` ",
  "| `remote_process_instantiation_via_wmi_filter`",
  "",
].join("\n");
