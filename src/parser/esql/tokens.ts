/**
 * ES|QL tokens. Keywords, command names and function names are case-insensitive. `FROM` switches the
 * lexer into a mode where index patterns (`logs-endpoint.events.process-*`, `.alerts-security.*`) are
 * single tokens, as ES|QL's own lexer does; the first `|` switches back.
 *
 * Strings: `"…"` with `\\ \" \n \r \t` escapes, and `"""…"""` with none (regexes are written that way).
 * Identifiers may be dotted (`process.name.caseless`, `@timestamp`, `_id`) or back-quoted; a name with a
 * `*` is a pattern (KEEP, DROP).
 */
import { createToken, Lexer, type TokenType } from "chevrotain";

export const WhiteSpace = createToken({ name: "WhiteSpace", pattern: /[ \t\r\n]+/, group: Lexer.SKIPPED, line_breaks: true });
export const LineComment = createToken({ name: "LineComment", pattern: /\/\/[^\n]*/, group: Lexer.SKIPPED });
export const BlockComment = createToken({ name: "BlockComment", pattern: /\/\*[\s\S]*?\*\//, group: Lexer.SKIPPED, line_breaks: true });

export const Pipe = createToken({ name: "Pipe", pattern: "|", label: "`|`" });
/** The `|` that ends FROM (and its lexer mode). */
export const FromPipe = createToken({ name: "FromPipe", pattern: "|", label: "`|`", pop_mode: true, categories: [Pipe] });
export const Comma = createToken({ name: "Comma", pattern: ",", label: "`,`" });
export const LParen = createToken({ name: "LParen", pattern: "(", label: "`(`" });
export const RParen = createToken({ name: "RParen", pattern: ")", label: "`)`" });
export const LBrace = createToken({ name: "LBrace", pattern: "{", label: "`{`" });
export const RBrace = createToken({ name: "RBrace", pattern: "}", label: "`}`" });
export const CastOp = createToken({ name: "CastOp", pattern: "::", label: "`::`" });
export const Colon = createToken({ name: "Colon", pattern: ":", label: "`:`" });
export const CompareOp = createToken({ name: "CompareOp", pattern: /==|!=|<=|>=|<|>/, label: "a comparison" });
export const Assign = createToken({ name: "Assign", pattern: "=", label: "`=`" });
export const Plus = createToken({ name: "Plus", pattern: "+", label: "`+`" });
export const Minus = createToken({ name: "Minus", pattern: "-", label: "`-`" });
export const Slash = createToken({ name: "Slash", pattern: "/", label: "`/`" });
export const Percent = createToken({ name: "Percent", pattern: "%", label: "`%`" });

export const TripleString = createToken({ name: "TripleString", pattern: /"""[\s\S]*?"""(?!")/, line_breaks: true, label: "a string" });
export const QuotedString = createToken({ name: "QuotedString", pattern: /"(?:\\.|[^"\\\r\n])*"/, label: "a string" });
export const UnterminatedString = createToken({ name: "UnterminatedString", pattern: /"/, group: "errors" });

export const Decimal = createToken({ name: "Decimal", pattern: /(?:\d+\.\d*|\.\d+)(?:[eE][+-]?\d+)?|\d+[eE][+-]?\d+/, label: "a number" });
export const Integer = createToken({ name: "Integer", pattern: /\d+/, label: "a number", longer_alt: Decimal });

/** A name with a `*` in it: KEEP/DROP patterns (`Esql.*`, `powershell.file.*`). */
export const NamePattern = createToken({ name: "NamePattern", pattern: /(?:[A-Za-z_@*][\w@*]*)(?:\.[\w@*]+)*(?<=\*[\w@.]*)/, label: "a name pattern" });
export const Identifier = createToken({ name: "Identifier", pattern: /[A-Za-z_@][\w@]*(?:\.[\w@]+)*/, label: "a name", longer_alt: NamePattern });
export const QuotedIdentifier = createToken({ name: "QuotedIdentifier", pattern: /`(?:``|[^`])+`/, label: "a name" });
export const Star = createToken({ name: "Star", pattern: "*", label: "`*`", longer_alt: NamePattern });

const keyword = (name: string, image = name.toLowerCase()) =>
  createToken({ name, pattern: new RegExp(`${image.replace("_", "_")}(?![\\w@.*])`, "i"), longer_alt: Identifier, label: `\`${image.toUpperCase()}\`` });

export const Where = keyword("Where");
export const Eval = keyword("Eval");
export const Stats = keyword("Stats");
export const Keep = keyword("Keep");
export const Drop = keyword("Drop");
export const Rename = keyword("Rename");
export const Sort = keyword("Sort");
export const Limit = keyword("Limit");
export const Grok = keyword("Grok");
export const By = keyword("By");
export const As = keyword("As");
export const Asc = keyword("Asc");
export const Desc = keyword("Desc");
export const Nulls = keyword("Nulls");
export const First = keyword("First");
export const Last = keyword("Last");
export const And = keyword("And");
export const Or = keyword("Or");
export const Not = keyword("Not");
export const Is = keyword("Is");
export const Null = keyword("Null");
export const Like = keyword("Like");
export const RLike = keyword("RLike");
export const In = keyword("In");
export const True = keyword("True");
export const False = keyword("False");

export const From = createToken({ name: "From", pattern: /from(?![\w@.*-])/i, label: "`FROM`", push_mode: "from", longer_alt: Identifier });
/** In FROM: `METADATA` and the names after it. */
export const Metadata = createToken({ name: "Metadata", pattern: /metadata(?![\w@.*:-])/i, label: "`METADATA`" });
/** In FROM: an index pattern or a metadata field name, up to a space, comma or pipe. */
export const IndexPattern = createToken({ name: "IndexPattern", pattern: /[^\s,|"]+/, label: "an index pattern" });

/** Every token of expression mode, most specific first. */
const exprTokens: TokenType[] = [
  WhiteSpace,
  LineComment,
  BlockComment,
  Pipe,
  Comma,
  LParen,
  RParen,
  LBrace,
  RBrace,
  CastOp,
  Colon,
  CompareOp,
  Assign,
  Plus,
  Minus,
  Slash,
  Percent,
  TripleString,
  QuotedString,
  UnterminatedString,
  Decimal,
  Integer,
  From,
  Where,
  Eval,
  Stats,
  Keep,
  Drop,
  Rename,
  Sort,
  Limit,
  Grok,
  By,
  As,
  Asc,
  Desc,
  Nulls,
  First,
  Last,
  And,
  Or,
  Not,
  Is,
  Null,
  RLike,
  Like,
  In,
  True,
  False,
  Star,
  NamePattern,
  Identifier,
  QuotedIdentifier,
];

const fromTokens: TokenType[] = [WhiteSpace, LineComment, BlockComment, FromPipe, Comma, QuotedString, UnterminatedString, Metadata, IndexPattern];

export const lexerDefinition = { modes: { expr: exprTokens, from: fromTokens }, defaultMode: "expr" };

/** Every token type, for the parser (modes do not matter there). */
export const allTokens: TokenType[] = [...new Set([...exprTokens, ...fromTokens])];

/** Commands ES|QL has that splice does not run: named in the error instead of a syntax error. */
export const OTHER_COMMANDS: readonly string[] = [
  "dissect",
  "enrich",
  "mv_expand",
  "lookup",
  "change_point",
  "completion",
  "fork",
  "rerank",
  "sample",
  "fuse",
  "row",
  "show",
  "ts",
];
