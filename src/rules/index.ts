/** Rule files: ESCU detection YAML, Elastic detection-rules TOML, plain .spl/.eql. */
export type * from "./types.js";
export { BAD_RULE_FILE } from "./types.js";
export { parseEscuDetection } from "./escu.js";
export { parseElasticRule, DEFAULT_MAX_SIGNALS } from "./elastic.js";
export { loadRuleFile, ruleFromText, ruleFromArgument, ruleArgumentProblem, looksLikeRulePath, ruleFormatOf, findRuleFiles, unreadEscuFoldersNotes, type UnreadEscuFolders, findBesideRule, sidecarSpecPath, isTestSpecFile } from "./load.js";
export { prepareRuleFile, parseLookBack, type PrepareFileOptions, type PreparedRuleFile } from "./prepare.js";
