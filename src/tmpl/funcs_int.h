/* funcs_int.h - the function library's own table, shared by funcs_*.c.
 *
 * One line per template function: its name, the C function (prefix
 * tmplfn_fn_) and its Go signature in tmpl.h's letters. The lists are
 * X-macros so that the declarations below and the tables in
 * funcs_helm.c come from the same text. */
#ifndef AGENTENV_FUNCS_INT_H
#define AGENTENV_FUNCS_INT_H

#include "tmpl/funcs.h"
#include "tmpl/tmpl.h"

struct buf;

/* Sprig v3.3 as Helm registers it; only env and expandenv are gone. */
#define TMPLFN_SPRIG(X) \
	/* defaults (funcs_string.c) */ \
	X("default", default_, "vv*") \
	X("empty", empty, "v") \
	X("coalesce", coalesce, "v*") \
	X("all", all, "v*") \
	X("any", any, "v*") \
	X("ternary", ternary, "vvb") \
	/* strings (funcs_string.c) */ \
	X("quote", quote, "v*") \
	X("squote", squote, "v*") \
	X("upper", upper, "s") \
	X("lower", lower, "s") \
	X("title", title, "s") \
	X("untitle", untitle, "s") \
	X("trim", trim, "s") \
	X("trimAll", trimall, "ss") \
	X("trimall", trimall, "ss") \
	X("trimPrefix", trimprefix, "ss") \
	X("trimSuffix", trimsuffix, "ss") \
	X("trunc", trunc, "is") \
	X("replace", replace, "sss") \
	X("contains", contains, "ss") \
	X("hasPrefix", hasprefix, "ss") \
	X("hasSuffix", hassuffix, "ss") \
	X("split", split, "ss") \
	X("splitn", splitn, "sis") \
	X("splitList", splitlist, "ss") \
	X("join", join, "sv") \
	X("repeat", repeat, "is") \
	X("indent", indent, "is") \
	X("nindent", nindent, "is") \
	X("nospace", nospace, "s") \
	X("cat", cat, "v*") \
	X("toString", tostring, "v") \
	X("toStrings", tostrings, "v") \
	X("substr", substr, "iis") \
	X("abbrev", abbrev, "is") \
	X("abbrevboth", abbrevboth, "iis") \
	X("plural", plural, "ssi") \
	X("swapcase", swapcase, "s") \
	X("initials", initials, "s") \
	X("wrap", wrap, "is") \
	X("wrapWith", wrapwith, "iss") \
	X("snakecase", snakecase, "s") \
	X("kebabcase", kebabcase, "s") \
	X("camelcase", camelcase, "s") \
	X("fail", fail, "s") \
	/* paths and randomness (funcs_misc.c) */ \
	X("base", base, "s") \
	X("dir", dir, "s") \
	X("clean", clean, "s") \
	X("ext", ext, "s") \
	X("isAbs", isabs, "s") \
	X("osBase", base, "s") \
	X("osDir", dir, "s") \
	X("osClean", clean, "s") \
	X("osExt", ext, "s") \
	X("osIsAbs", isabs, "s") \
	X("hello", hello, "") \
	X("randAlphaNum", randalphanum, "i") \
	X("randAlpha", randalpha, "i") \
	X("randNumeric", randnumeric, "i") \
	X("randAscii", randascii, "i") \
	X("uuidv4", uuidv4, "") \
	/* lists and dicts (funcs_list.c) */ \
	X("list", list, "v*") \
	X("tuple", list, "v*") \
	X("dict", dict, "v*") \
	X("get", get, "ms") \
	X("set", set, "msv") \
	X("unset", unset, "ms") \
	X("hasKey", haskey, "ms") \
	X("pluck", pluck, "sm*") \
	X("keys", keys, "m*") \
	X("values", values, "m") \
	X("pick", pick, "ms*") \
	X("omit", omit, "ms*") \
	X("merge", merge, "mm*") \
	X("mergeOverwrite", mergeoverwrite, "mm*") \
	X("mustMerge", mustmerge, "mm*") \
	X("mustMergeOverwrite", mustmergeoverwrite, "mm*") \
	X("append", append, "vv") \
	X("push", append, "vv") \
	X("mustAppend", append, "vv") \
	X("mustPush", append, "vv") \
	X("prepend", prepend, "vv") \
	X("mustPrepend", prepend, "vv") \
	X("concat", concat, "v*") \
	X("first", first, "v") \
	X("mustFirst", first, "v") \
	X("last", last, "v") \
	X("mustLast", last, "v") \
	X("rest", rest, "v") \
	X("mustRest", rest, "v") \
	X("initial", initial, "v") \
	X("mustInitial", initial, "v") \
	X("reverse", reverse, "v") \
	X("mustReverse", reverse, "v") \
	X("uniq", uniq, "v") \
	X("mustUniq", uniq, "v") \
	X("without", without, "vv*") \
	X("mustWithout", without, "vv*") \
	X("has", has, "vv") \
	X("mustHas", has, "vv") \
	X("compact", compact, "v") \
	X("mustCompact", compact, "v") \
	X("slice", slice, "vv*") \
	X("mustSlice", slice, "vv*") \
	X("sortAlpha", sortalpha, "v") \
	X("deepCopy", deepcopy, "v") \
	X("mustDeepCopy", deepcopy, "v") \
	X("dig", dig, "v*") \
	X("until", until, "i") \
	X("chunk", chunk, "iv") \
	X("mustChunk", chunk, "iv") \
	X("seq", seq, "i*") \
	X("untilStep", untilstep, "iii") \
	/* types and math (funcs_math.c) */ \
	X("kindOf", kindof, "v") \
	X("kindIs", kindis, "sv") \
	X("typeOf", typeof, "v") \
	X("typeIs", typeis, "sv") \
	X("typeIsLike", typeislike, "sv") \
	X("deepEqual", deepequal, "vv") \
	X("int", int_, "v") \
	X("int64", int64, "v") \
	X("float64", float64, "v") \
	X("atoi", atoi, "s") \
	X("toDecimal", todecimal, "v") \
	X("add", add, "v*") \
	X("add1", add1, "v") \
	X("sub", sub, "vv") \
	X("mul", mul, "vv*") \
	X("div", div, "vv") \
	X("mod", mod, "vv") \
	X("max", max, "vv*") \
	X("biggest", max, "vv*") \
	X("min", min, "vv*") \
	X("maxf", maxf, "vv*") \
	X("minf", minf, "vv*") \
	X("floor", floor, "v") \
	X("ceil", ceil, "v") \
	X("round", round, "vif*") \
	X("addf", addf, "v*") \
	X("add1f", add1f, "v") \
	X("subf", subf, "vv*") \
	X("mulf", mulf, "vv*") \
	X("divf", divf, "vv*") \
	X("semver", semver, "s") \
	X("semverCompare", semvercompare, "ss") \
	X("getHostByName", gethostbyname, "s") \
	/* encoding and regular expressions (funcs_encoding.c, funcs_regex.c) */ \
	X("b64enc", b64enc, "s") \
	X("b64dec", b64dec, "s") \
	X("b32enc", b32enc, "s") \
	X("b32dec", b32dec, "s") \
	X("sha256sum", sha256sum, "s") \
	X("sha1sum", sha1sum, "s") \
	X("adler32sum", adler32sum, "s") \
	X("toJson", sprig_tojson, "v") \
	X("mustToJson", musttojson, "v") \
	X("toPrettyJson", toprettyjson, "v") \
	X("mustToPrettyJson", musttoprettyjson, "v") \
	X("toRawJson", torawjson, "v") \
	X("mustToRawJson", musttorawjson, "v") \
	X("fromJson", sprig_fromjson, "s") \
	X("mustFromJson", mustfromjson, "s") \
	X("regexMatch", regexmatch, "ss") \
	X("mustRegexMatch", mustregexmatch, "ss") \
	X("regexFind", regexfind, "ss") \
	X("mustRegexFind", mustregexfind, "ss") \
	X("regexFindAll", regexfindall, "ssi") \
	X("mustRegexFindAll", mustregexfindall, "ssi") \
	X("regexReplaceAll", regexreplaceall, "sss") \
	X("mustRegexReplaceAll", mustregexreplaceall, "sss") \
	X("regexReplaceAllLiteral", regexreplaceallliteral, "sss") \
	X("mustRegexReplaceAllLiteral", mustregexreplaceallliteral, "sss") \
	X("regexSplit", regexsplit, "ssi") \
	X("mustRegexSplit", mustregexsplit, "ssi") \
	X("regexQuoteMeta", regexquotemeta, "s")

/* Helm's pkg/engine additions, registered after Sprig (funcs_helm.c). */
#define TMPLFN_HELM(X) \
	X("include", include, "sv") \
	X("tpl", tpl, "sv") \
	X("required", required, "sv") \
	X("toYaml", toyaml, "v") \
	X("mustToYaml", musttoyaml, "v") \
	X("fromYaml", fromyaml, "s") \
	X("fromYamlArray", fromyamlarray, "s") \
	X("toJson", tojson, "v") \
	X("fromJson", fromjson, "s") \
	X("fromJsonArray", fromjsonarray, "s") \
	X("lookup", lookup, "ssss") \
	X("toToml", totoml, "v")

#define TMPLFN_DECLARE(name, id, sig) \
	int tmplfn_fn_##id(struct tmpl_call *c, struct val **result);
TMPLFN_SPRIG(TMPLFN_DECLARE)
TMPLFN_HELM(TMPLFN_DECLARE)
#undef TMPLFN_DECLARE

/* ---- shared by the implementations ------------------------------------ */

/* New values in the call's arena. */
struct val *tmplfn_str(struct tmpl_call *c, const char *s, size_t n);
struct val *tmplfn_buf_str(struct tmpl_call *c, const struct buf *b);
struct val *tmplfn_int(struct tmpl_call *c, int64_t i);    /* Go int */
struct val *tmplfn_int64(struct tmpl_call *c, int64_t i);  /* Go int64 */
struct val *tmplfn_float(struct tmpl_call *c, double f);
struct val *tmplfn_bool(struct tmpl_call *c, bool b);
struct val *tmplfn_null(struct tmpl_call *c);
struct val *tmplfn_list(struct tmpl_call *c);              /* []interface{} */
struct val *tmplfn_strings(struct tmpl_call *c);           /* []string */
struct val *tmplfn_map(struct tmpl_call *c);

/* Go's reflect.Kind name: bool int int64 float64 string slice map, and
 * "invalid" for nil. */
const char *tmplfn_kind_name(const struct val *v);
/* Sprig's strslice (toStrings): lists item by item without nils, a
 * single value as a one-item list, nil as an empty list. */
struct val *tmplfn_strslice(struct tmpl_call *c, const struct val *v);
/* Go's strings.TrimSpace / unicode.IsSpace. */
bool tmplfn_is_space(int32_t r);

#endif
