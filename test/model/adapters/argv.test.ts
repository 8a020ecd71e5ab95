import { describe, expect, it } from "vitest";
import { goCommandLineToArgv, naiveSplit4688 } from "../../../src/model/adapters/argv.js";

// normalization.md §4.4, every row: input, Sysmon/Go-style args, 4688 naive args.
const rows: { name: string; input: string; go: string[]; naive: string[]; crowdstrike?: string[] }[] = [
  {
    name: "impacket wmiexec (EVTX LM_wmiexec_impacket_sysmon_whoami)",
    input: String.raw`cmd.exe /Q /c cd \ 1> \\127.0.0.1\ADMIN$\__1556656369.7 2>&1`,
    go: ["cmd.exe", "/Q", "/c", "cd", "\\", "1>", String.raw`\\127.0.0.1\ADMIN$\__1556656369.7`, "2>&1"],
    naive: ["cmd.exe", "/Q", "/c", "cd", "\\", "1>", String.raw`\\127.0.0.1\ADMIN$\__1556656369.7`, "2>&1"],
  },
  {
    name: "double space after cd (e2ma WMIexec GLOBAL, 2nd event)",
    input: String.raw`cmd.exe /Q /c cd  1> \\127.0.0.1\ADMIN$\__1619425227.894209 2>&1`,
    go: ["cmd.exe", "/Q", "/c", "cd", "1>", String.raw`\\127.0.0.1\ADMIN$\__1619425227.894209`, "2>&1"],
    naive: ["cmd.exe", "/Q", "/c", "cd", "", "1>", String.raw`\\127.0.0.1\ADMIN$\__1619425227.894209`, "2>&1"],
  },
  {
    name: "OTRF empire_wmic_add_user_backdoor",
    input: String.raw`"C:\windows\System32\Wbem\WMIC.exe" /node:WORKSTATION6 process call create "net user /add backdoor paw0rd1"`,
    go: [String.raw`C:\windows\System32\Wbem\WMIC.exe`, "/node:WORKSTATION6", "process", "call", "create", "net user /add backdoor paw0rd1"],
    naive: [String.raw`"C:\windows\System32\Wbem\WMIC.exe"`, "/node:WORKSTATION6", "process", "call", "create", '"net user /add backdoor paw0rd1"'],
  },
  {
    name: "trailing blank (beats-golden Sysmon)",
    input: String.raw`"C:\Windows\system32\notepad.exe" `,
    go: [String.raw`C:\Windows\system32\notepad.exe`],
    naive: [String.raw`"C:\Windows\system32\notepad.exe"`, ""],
  },
  {
    name: "beats-golden 4688",
    input: String.raw`"C:\Windows\system32\wevtutil.exe" cl Security`,
    go: [String.raw`C:\Windows\system32\wevtutil.exe`, "cl", "Security"],
    naive: [String.raw`"C:\Windows\system32\wevtutil.exe"`, "cl", "Security"],
  },
  {
    name: "certutil raw (double and trailing blanks)",
    input: "certutil.exe  -p password1234 -exportPFX powershellcert.pfx ",
    go: ["certutil.exe", "-p", "password1234", "-exportPFX", "powershellcert.pfx"],
    naive: ["certutil.exe", "", "-p", "password1234", "-exportPFX", "powershellcert.pfx", ""],
  },
  {
    name: "escaped quotes inside quotes (Sigma wmic_susp_process_creation)",
    input: String.raw`wmic  /node:127.0.0.1 process call create "rundll32.exe \"C:\AtomicRedTeam\atomics\..\ExternalPayloads\calc.dll\" StartW"`,
    go: ["wmic", "/node:127.0.0.1", "process", "call", "create", String.raw`rundll32.exe "C:\AtomicRedTeam\atomics\..\ExternalPayloads\calc.dll" StartW`],
    naive: ["wmic", "", "/node:127.0.0.1", "process", "call", "create", String.raw`"rundll32.exe \"C:\AtomicRedTeam\atomics\..\ExternalPayloads\calc.dll\" StartW"`],
  },
  {
    name: "backslash-quote never closes (EVTX sysmon_exec_from_vss_persistence)",
    input: String.raw`wmic shadowcopy call create "ClientAccessible", "C:\"`,
    go: ["wmic", "shadowcopy", "call", "create", "ClientAccessible,", 'C:"'],
    naive: ["wmic", "shadowcopy", "call", "create", '"ClientAccessible",', String.raw`"C:\"`],
  },
  {
    name: "service abuse failure command (e2ma)",
    input: String.raw`sc  failure W32Time command= "\"c:\Windows\system32\pentestlab.exe\""`,
    go: ["sc", "failure", "W32Time", "command=", String.raw`"c:\Windows\system32\pentestlab.exe"`],
    naive: ["sc", "", "failure", "W32Time", "command=", String.raw`"\"c:\Windows\system32\pentestlab.exe\""`],
  },
  {
    name: "empty quoted args (e2ma SystemNightMare DrvInst)",
    input: String.raw`DrvInst.exe "1" "0" "SWD\PRINTENUM\{x}" "" "" "4f51462e7" "0000000000000000"`,
    go: ["DrvInst.exe", "1", "0", String.raw`SWD\PRINTENUM\{x}`, "", "", "4f51462e7", "0000000000000000"],
    crowdstrike: ["DrvInst.exe", "1", "0", String.raw`SWD\PRINTENUM\{x}`, "4f51462e7", "0000000000000000"],
    naive: ["DrvInst.exe", '"1"', '"0"', String.raw`"SWD\PRINTENUM\{x}"`, '""', '""', '"4f51462e7"', '"0000000000000000"'],
  },
  {
    name: "doubled backslashes not before a quote stay (OTRF covenant_sharpwmi)",
    input: String.raw`"C:\\Windows\\System32\\GruntHTTP2.exe"`,
    go: [String.raw`C:\\Windows\\System32\\GruntHTTP2.exe`],
    naive: [String.raw`"C:\\Windows\\System32\\GruntHTTP2.exe"`],
  },
  {
    name: "pre-2008 doubled-quote rule (synthetic)",
    input: 'a "b ""c"" d"',
    go: ["a", 'b "c', "d"],
    naive: ["a", '"b ""c"" d"'],
  },
  {
    name: "no argv[0] special case (synthetic)",
    input: String.raw`"C:\Program Files\App\" -x`,
    go: [String.raw`C:\Program Files\App" -x`],
    naive: [String.raw`"C:\Program Files\App\"`, "-x"],
  },
];

describe("goCommandLineToArgv (Sysmon / CrowdStrike pipelines)", () => {
  it.each(rows)("$name", ({ input, go, crowdstrike }) => {
    expect(goCommandLineToArgv(input)).toEqual(go);
    expect(goCommandLineToArgv(input, true)).toEqual(crowdstrike ?? go.filter((a) => a !== ""));
  });

  it("the seed EQL rule's args are separate elements only with the space", () => {
    const args = goCommandLineToArgv(String.raw`cmd.exe /Q /c cd \ 1>\\127.0.0.1\ADMIN$\__1 2>&1`);
    expect(args).toContain(String.raw`1>\\127.0.0.1\ADMIN$\__1`);
    expect(args).not.toContain("1>");
  });

  it("trailing backslashes, tabs and empty input", () => {
    expect(goCommandLineToArgv("a\\\\ b\tc\\")).toEqual(["a\\\\", "b", "c\\"]);
    expect(goCommandLineToArgv("")).toEqual([]);
    expect(goCommandLineToArgv("   ")).toEqual([]);
  });
});

describe("naiveSplit4688 (Security 4688 pipeline)", () => {
  it.each(rows)("$name", ({ input, naive }) => {
    expect(naiveSplit4688(input)).toEqual(naive);
  });

  it("leading blank gives a leading empty element; empty input gives none", () => {
    expect(naiveSplit4688(" a")).toEqual(["", "a"]);
    expect(naiveSplit4688("")).toEqual([]);
  });
});
