/* test_tmpl.c - unit tests for Go's text/template engine (tmpl.h).
 *
 * The table `cases` was produced by real Go: helm v4.1.4 (installed by
 * /work/shared/tools/install-helm) rendering each template as
 * templates/t.yaml of a throwaway chart, with the values shown; outputs
 * are what Helm printed (Helm removes "<no value>", so outputs here are
 * compared after the same removal), exec errors are Go's texts as Helm
 * reports them, and parse errors are compared in Helm's rewritten form
 * ("parse error at (FILE:LINE): LAST-PART"). The functions the templates
 * call (list, dict, upper, repeat, include, tpl...) are small copies of
 * Sprig's and Helm's with the same Go signatures, registered here.
 * Helm's dot is modelled: Values (numbers float64, as Helm reads values),
 * Capabilities and Files (Go objects: a struct, a []string type and a
 * map type with methods, as tagged values), Chart.
 *
 * The hand-written tests after the table cover what Helm cannot show:
 * the API (include/tpl services, define replacement, names), the limits
 * (our own, documented messages), the builtin `slice` (Helm shadows it
 * with Sprig's; expectations from Go's text/template/funcs.go) and
 * stack safety. Ends with `test_tmpl: N passed, N failed`. */
#include "tmpl/gofmt.h"
#include "tmpl/tmpl.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/diag.h"
#include "yaml/load.h"
#include "yaml/resolve.h"
#include "yaml/value.h"

#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum kind { T_OUT, T_EXEC_ERR, T_PARSE_ERR };

struct tcase {
	const char *name;
	enum kind kind;
	const char *tpl;
	const char *values;
	const char *want;
};

static const struct tcase cases[] = {
	{"trim_both", T_OUT,
	 "a {{- \" b \" -}} c",
	 NULL,
	 "a b c"},
	{"trim_newlines", T_OUT,
	 "x\n\n  {{- 1 }}\n  {{- 2 -}}\n\n  y",
	 NULL,
	 "x12y"},
	{"trim_comment", T_OUT,
	 "a  {{- /* c */ -}}  b",
	 NULL,
	 "ab"},
	{"comment_plain", T_OUT,
	 "x{{/* a comment\nover lines */}}y",
	 NULL,
	 "xy"},
	{"minus_number_not_trim", T_OUT,
	 "a {{-3}} b",
	 NULL,
	 "a -3 b"},
	{"trim_marker_newline", T_OUT,
	 "a \n{{-\n1\n-}}\n b",
	 NULL,
	 "a1b"},
	{"trim_only_left", T_OUT,
	 "a  {{- 1 }}  b",
	 NULL,
	 "a1  b"},
	{"no_actions", T_OUT,
	 "plain text }} {",
	 NULL,
	 "plain text }} {"},
	{"string_escapes", T_OUT,
	 "{{ \"a\\tb\\\"c\\\\\" }}|{{ \"\\u00e9\\x41\\101\" }}",
	 NULL,
	 "a\tb\"c\\|\303\251AA"},
	{"raw_string", T_OUT,
	 "{{ `raw\\n{{x}}` }}",
	 NULL,
	 "raw\\n{{x}}"},
	{"char_constants", T_OUT,
	 "{{ 'a' }} {{ '\\n' }} {{ '\\'' }} {{ '\303\251' }} {{ '\\u263a' }}",
	 NULL,
	 "97 10 39 233 9786"},
	{"int_bases", T_OUT,
	 "{{ 0x1F }} {{ 0o17 }} {{ 017 }} {{ 0b101 }} {{ 1_000 }} {{ -0x10 }} {{ +5 }}",
	 NULL,
	 "31 15 15 5 1000 -16 5"},
	{"float_literals", T_OUT,
	 "{{ 1e3 }} {{ 1.5e3 }} {{ .5 }} {{ 0x1p4 }} {{ 1_0.2_5 }} {{ 2. }} {{ -0.0 }}",
	 NULL,
	 "1000 1500 0.5 16 10.25 2 -0"},
	{"constant_types", T_OUT,
	 "{{ printf \"%T %T %T %T %T %T\" 1 1.0 'a' 0x10 1e3 0x1p4 }}",
	 NULL,
	 "int float64 int int float64 float64"},
	{"bools_and_nil_print", T_OUT,
	 "{{ true }} {{ false }} {{ print nil }}",
	 NULL,
	 "true false <nil>"},
	{"big_int_constant", T_OUT,
	 "{{ 9223372036854775807 }} {{ -9223372036854775808 }}",
	 NULL,
	 "9223372036854775807 -9223372036854775808"},
	{"field_nested", T_OUT,
	 "{{ .Values.m.c.d }}|{{ .Values.m.a }}|{{ .Values.s }}",
	 "s: str\nt: true\nf: 1.5\nnum: 3\nz: 0\ne: \"\"\nl: [a, b, c]\nm: {b: 2, a: 1, c: {d: deep}}\nnums: [3, 1, 2]\nel: []\nem: {}\n",
	 "deep|1|str"},
	{"field_missing_is_empty", T_OUT,
	 "[{{ .Values.nope }}][{{ .Values.m.nope }}]",
	 "s: str\nt: true\nf: 1.5\nnum: 3\nz: 0\ne: \"\"\nl: [a, b, c]\nm: {b: 2, a: 1, c: {d: deep}}\nnums: [3, 1, 2]\nel: []\nem: {}\n",
	 "[][]"},
	{"missing_of_missing_var", T_OUT,
	 "{{ $x := .Values.nope }}[{{ $x.y.z }}]",
	 "s: str\nt: true\nf: 1.5\nnum: 3\nz: 0\ne: \"\"\nl: [a, b, c]\nm: {b: 2, a: 1, c: {d: deep}}\nnums: [3, 1, 2]\nel: []\nem: {}\n",
	 "[]"},
	{"missing_of_paren", T_OUT,
	 "[{{ (.Values.nope).y }}]",
	 "s: str\nt: true\nf: 1.5\nnum: 3\nz: 0\ne: \"\"\nl: [a, b, c]\nm: {b: 2, a: 1, c: {d: deep}}\nnums: [3, 1, 2]\nel: []\nem: {}\n",
	 "[]"},
	{"print_list_and_map", T_OUT,
	 "{{ .Values.l }} {{ .Values.m }} {{ .Values.el }} {{ .Values.em }}",
	 "s: str\nt: true\nf: 1.5\nnum: 3\nz: 0\ne: \"\"\nl: [a, b, c]\nm: {b: 2, a: 1, c: {d: deep}}\nnums: [3, 1, 2]\nel: []\nem: {}\n",
	 "[a b c] map[a:1 b:2 c:map[d:deep]] [] map[]"},
	{"dollar_root", T_OUT,
	 "{{ with .Values.m }}{{ .a }}{{ $.Values.s }}{{ end }}",
	 "s: str\nt: true\nf: 1.5\nnum: 3\nz: 0\ne: \"\"\nl: [a, b, c]\nm: {b: 2, a: 1, c: {d: deep}}\nnums: [3, 1, 2]\nel: []\nem: {}\n",
	 "1str"},
	{"chain_on_paren", T_OUT,
	 "{{ (.Values.m).c.d }} {{ (dict \"k\" \"v\").k }}",
	 "s: str\nt: true\nf: 1.5\nnum: 3\nz: 0\ne: \"\"\nl: [a, b, c]\nm: {b: 2, a: 1, c: {d: deep}}\nnums: [3, 1, 2]\nel: []\nem: {}\n",
	 "deep v"},
	{"variable_fields", T_OUT,
	 "{{ $m := .Values.m }}{{ $m.c.d }}",
	 "s: str\nt: true\nf: 1.5\nnum: 3\nz: 0\ne: \"\"\nl: [a, b, c]\nm: {b: 2, a: 1, c: {d: deep}}\nnums: [3, 1, 2]\nel: []\nem: {}\n",
	 "deep"},
	{"null_value_prints_nothing", T_OUT,
	 "[{{ .Values.x }}]",
	 "x: null\n",
	 "[]"},
	{"map_key_with_dash_via_index", T_OUT,
	 "{{ index .Values \"a-b\" }}",
	 "a-b: 7\n",
	 "7"},
	{"pipe_final_arg", T_OUT,
	 "{{ \"a\" | printf \"%s-%s\" \"b\" }}",
	 NULL,
	 "b-a"},
	{"pipe_chain", T_OUT,
	 "{{ 1 | print 2 3 }}|{{ \"x\" | printf \"%q\" | len }}",
	 "s: str\nt: true\nf: 1.5\nnum: 3\nz: 0\ne: \"\"\nl: [a, b, c]\nm: {b: 2, a: 1, c: {d: deep}}\nnums: [3, 1, 2]\nel: []\nem: {}\n",
	 "2 3 1|3"},
	{"pipe_into_len", T_OUT,
	 "{{ .Values.l | len }} {{ .Values.s | len }}",
	 "s: str\nt: true\nf: 1.5\nnum: 3\nz: 0\ne: \"\"\nl: [a, b, c]\nm: {b: 2, a: 1, c: {d: deep}}\nnums: [3, 1, 2]\nel: []\nem: {}\n",
	 "3 3"},
	{"paren_pipelines", T_OUT,
	 "{{ printf \"%v-%v\" (len .Values.l) (index .Values.l 1) }}",
	 "s: str\nt: true\nf: 1.5\nnum: 3\nz: 0\ne: \"\"\nl: [a, b, c]\nm: {b: 2, a: 1, c: {d: deep}}\nnums: [3, 1, 2]\nel: []\nem: {}\n",
	 "3-b"},
	{"nested_parens", T_OUT,
	 "{{ ((((1)))) }} {{ (print (print \"a\")) }}",
	 NULL,
	 "1 a"},
	{"var_assign", T_OUT,
	 "{{ $x := 1 }}{{ $x = 2 }}{{ $x }}",
	 NULL,
	 "2"},
	{"var_assign_in_if", T_OUT,
	 "{{ $x := 1 }}{{ if true }}{{ $x = 3 }}{{ $y := 5 }}{{ $y }}{{ end }}{{ $x }}",
	 NULL,
	 "53"},
	{"var_shadow_in_range", T_OUT,
	 "{{ $x := \"out\" }}{{ range .Values.l }}{{ $x := . }}{{ $x }}{{ end }}{{ $x }}",
	 "s: str\nt: true\nf: 1.5\nnum: 3\nz: 0\ne: \"\"\nl: [a, b, c]\nm: {b: 2, a: 1, c: {d: deep}}\nnums: [3, 1, 2]\nel: []\nem: {}\n",
	 "abcout"},
	{"var_assign_in_range", T_OUT,
	 "{{ $x := \"out\" }}{{ range .Values.l }}{{ $x = . }}{{ end }}{{ $x }}",
	 "s: str\nt: true\nf: 1.5\nnum: 3\nz: 0\ne: \"\"\nl: [a, b, c]\nm: {b: 2, a: 1, c: {d: deep}}\nnums: [3, 1, 2]\nel: []\nem: {}\n",
	 "c"},
	{"var_decl_prints_nothing", T_OUT,
	 "[{{ $x := 5 }}]{{ $x }}",
	 NULL,
	 "[]5"},
	{"with_decl", T_OUT,
	 "{{ with $x := .Values.m }}{{ $x.a }}{{ . | len }}{{ end }}",
	 "s: str\nt: true\nf: 1.5\nnum: 3\nz: 0\ne: \"\"\nl: [a, b, c]\nm: {b: 2, a: 1, c: {d: deep}}\nnums: [3, 1, 2]\nel: []\nem: {}\n",
	 "13"},
	{"if_decl_scope", T_OUT,
	 "{{ if $x := .Values.s }}{{ $x }}{{ else }}{{ $x }}{{ end }}",
	 "s: str\nt: true\nf: 1.5\nnum: 3\nz: 0\ne: \"\"\nl: [a, b, c]\nm: {b: 2, a: 1, c: {d: deep}}\nnums: [3, 1, 2]\nel: []\nem: {}\n",
	 "str"},
	{"if_else", T_OUT,
	 "{{ if .Values.t }}yes{{ else }}no{{ end }} {{ if .Values.z }}yes{{ else }}no{{ end }}",
	 "s: str\nt: true\nf: 1.5\nnum: 3\nz: 0\ne: \"\"\nl: [a, b, c]\nm: {b: 2, a: 1, c: {d: deep}}\nnums: [3, 1, 2]\nel: []\nem: {}\n",
	 "yes no"},
	{"else_if_chain", T_OUT,
	 "{{ if .Values.nope }}a{{ else if .Values.e }}b{{ else if .Values.s }}c{{ else }}d{{ end }}",
	 "s: str\nt: true\nf: 1.5\nnum: 3\nz: 0\ne: \"\"\nl: [a, b, c]\nm: {b: 2, a: 1, c: {d: deep}}\nnums: [3, 1, 2]\nel: []\nem: {}\n",
	 "c"},
	{"truthiness", T_OUT,
	 "{{ range $v := list 0 1 0.0 0.5 \"\" \"x\" nil true false .Values.el .Values.l .Values.em .Values.m }}{{ if $v }}T{{ else }}F{{ end }}{{ end }}",
	 "s: str\nt: true\nf: 1.5\nnum: 3\nz: 0\ne: \"\"\nl: [a, b, c]\nm: {b: 2, a: 1, c: {d: deep}}\nnums: [3, 1, 2]\nel: []\nem: {}\n",
	 "FTFTFTFTFFTFT"},
	{"and_or_values", T_OUT,
	 "{{ and 1 \"x\" }}|{{ and 1 0 2 }}|{{ or 0 \"\" \"z\" }}|{{ or 0 \"\" }}|{{ or .Values.nope \"dflt\" }}",
	 "s: str\nt: true\nf: 1.5\nnum: 3\nz: 0\ne: \"\"\nl: [a, b, c]\nm: {b: 2, a: 1, c: {d: deep}}\nnums: [3, 1, 2]\nel: []\nem: {}\n",
	 "x|0|z||dflt"},
	{"and_or_short_circuit", T_OUT,
	 "{{ and 0 (index .Values.nope 1) }}|{{ or 1 (index nil 1) }}",
	 "s: str\nt: true\nf: 1.5\nnum: 3\nz: 0\ne: \"\"\nl: [a, b, c]\nm: {b: 2, a: 1, c: {d: deep}}\nnums: [3, 1, 2]\nel: []\nem: {}\n",
	 "0|1"},
	{"and_or_final", T_OUT,
	 "{{ 5 | and 1 }}|{{ 0 | or \"\" }}|{{ \"p\" | or 0 }}",
	 NULL,
	 "5|0|p"},
	{"not", T_OUT,
	 "{{ not 0 }} {{ not \"a\" }} {{ not .Values.nope }} {{ not .Values.l }}",
	 "s: str\nt: true\nf: 1.5\nnum: 3\nz: 0\ne: \"\"\nl: [a, b, c]\nm: {b: 2, a: 1, c: {d: deep}}\nnums: [3, 1, 2]\nel: []\nem: {}\n",
	 "true false true false"},
	{"with_else", T_OUT,
	 "{{ with .Values.m }}{{ .a }}{{ end }}|{{ with .Values.nope }}x{{ else }}none{{ end }}",
	 "s: str\nt: true\nf: 1.5\nnum: 3\nz: 0\ne: \"\"\nl: [a, b, c]\nm: {b: 2, a: 1, c: {d: deep}}\nnums: [3, 1, 2]\nel: []\nem: {}\n",
	 "1|none"},
	{"else_with", T_OUT,
	 "{{ with .Values.nope }}x{{ else with .Values.s }}{{ . }}{{ else }}z{{ end }}",
	 "s: str\nt: true\nf: 1.5\nnum: 3\nz: 0\ne: \"\"\nl: [a, b, c]\nm: {b: 2, a: 1, c: {d: deep}}\nnums: [3, 1, 2]\nel: []\nem: {}\n",
	 "str"},
	{"range_list", T_OUT,
	 "{{ range .Values.l }}[{{ . }}]{{ end }}",
	 "s: str\nt: true\nf: 1.5\nnum: 3\nz: 0\ne: \"\"\nl: [a, b, c]\nm: {b: 2, a: 1, c: {d: deep}}\nnums: [3, 1, 2]\nel: []\nem: {}\n",
	 "[a][b][c]"},
	{"range_list_index", T_OUT,
	 "{{ range $i, $v := .Values.l }}{{ $i }}={{ $v }};{{ end }}",
	 "s: str\nt: true\nf: 1.5\nnum: 3\nz: 0\ne: \"\"\nl: [a, b, c]\nm: {b: 2, a: 1, c: {d: deep}}\nnums: [3, 1, 2]\nel: []\nem: {}\n",
	 "0=a;1=b;2=c;"},
	{"range_one_var", T_OUT,
	 "{{ range $v := .Values.nums }}{{ $v }}{{ end }}",
	 "s: str\nt: true\nf: 1.5\nnum: 3\nz: 0\ne: \"\"\nl: [a, b, c]\nm: {b: 2, a: 1, c: {d: deep}}\nnums: [3, 1, 2]\nel: []\nem: {}\n",
	 "312"},
	{"range_map_sorted", T_OUT,
	 "{{ range $k, $v := .Values.m }}{{ $k }}:{{ $v }},{{ end }}",
	 "s: str\nt: true\nf: 1.5\nnum: 3\nz: 0\ne: \"\"\nl: [a, b, c]\nm: {b: 2, a: 1, c: {d: deep}}\nnums: [3, 1, 2]\nel: []\nem: {}\n",
	 "a:1,b:2,c:map[d:deep],"},
	{"range_map_dot", T_OUT,
	 "{{ range .Values.m }}<{{ . }}>{{ end }}",
	 "s: str\nt: true\nf: 1.5\nnum: 3\nz: 0\ne: \"\"\nl: [a, b, c]\nm: {b: 2, a: 1, c: {d: deep}}\nnums: [3, 1, 2]\nel: []\nem: {}\n",
	 "<1><2><map[d:deep]>"},
	{"range_int", T_OUT,
	 "{{ range 3 }}{{ . }}{{ end }}|{{ range $i := 2 }}{{ $i }}{{ end }}|{{ range 0 }}x{{ else }}none{{ end }}",
	 NULL,
	 "012|01|none"},
	{"range_int64", T_OUT,
	 "{{ range int64 2 }}{{ printf \"%T\" . }}{{ end }}",
	 NULL,
	 "int64int64"},
	{"range_else", T_OUT,
	 "{{ range .Values.el }}x{{ else }}empty{{ end }}|{{ range .Values.nope }}x{{ else }}nil{{ end }}|{{ range .Values.em }}x{{ else }}emap{{ end }}",
	 "s: str\nt: true\nf: 1.5\nnum: 3\nz: 0\ne: \"\"\nl: [a, b, c]\nm: {b: 2, a: 1, c: {d: deep}}\nnums: [3, 1, 2]\nel: []\nem: {}\n",
	 "empty|nil|emap"},
	{"range_break_continue", T_OUT,
	 "{{ range .Values.l }}{{ if eq . \"a\" }}{{ continue }}{{ end }}{{ if eq . \"c\" }}{{ break }}{{ end }}{{ . }}{{ end }}",
	 "s: str\nt: true\nf: 1.5\nnum: 3\nz: 0\ne: \"\"\nl: [a, b, c]\nm: {b: 2, a: 1, c: {d: deep}}\nnums: [3, 1, 2]\nel: []\nem: {}\n",
	 "b"},
	{"range_nested_break", T_OUT,
	 "{{ range $a := .Values.nums }}{{ range $b := $.Values.l }}{{ if eq $b \"b\" }}{{ break }}{{ end }}{{ $a }}{{ $b }} {{ end }}{{ end }}",
	 "s: str\nt: true\nf: 1.5\nnum: 3\nz: 0\ne: \"\"\nl: [a, b, c]\nm: {b: 2, a: 1, c: {d: deep}}\nnums: [3, 1, 2]\nel: []\nem: {}\n",
	 "3a 1a 2a "},
	{"range_assign_vars", T_OUT,
	 "{{ $i := 0 }}{{ $v := 0 }}{{ range $i, $v = .Values.l }}{{ end }}{{ $i }}/{{ $v }}",
	 "s: str\nt: true\nf: 1.5\nnum: 3\nz: 0\ne: \"\"\nl: [a, b, c]\nm: {b: 2, a: 1, c: {d: deep}}\nnums: [3, 1, 2]\nel: []\nem: {}\n",
	 "2/c"},
	{"range_else_break", T_OUT,
	 "{{ range .Values.nums }}{{ range $.Values.el }}x{{ else }}{{ break }}{{ end }}{{ . }}{{ end }}",
	 "s: str\nt: true\nf: 1.5\nnum: 3\nz: 0\ne: \"\"\nl: [a, b, c]\nm: {b: 2, a: 1, c: {d: deep}}\nnums: [3, 1, 2]\nel: []\nem: {}\n",
	 "312"},
	{"range_else_continue", T_OUT,
	 "[{{ range .Values.nums }}{{ range $.Values.el }}x{{ else }}{{ continue }}{{ end }}{{ . }}{{ end }}]",
	 "s: str\nt: true\nf: 1.5\nnum: 3\nz: 0\ne: \"\"\nl: [a, b, c]\nm: {b: 2, a: 1, c: {d: deep}}\nnums: [3, 1, 2]\nel: []\nem: {}\n",
	 "[]"},
	{"range_dollar_inside", T_OUT,
	 "{{ range .Values.l }}{{ $.Values.s }}{{ end }}",
	 "s: str\nt: true\nf: 1.5\nnum: 3\nz: 0\ne: \"\"\nl: [a, b, c]\nm: {b: 2, a: 1, c: {d: deep}}\nnums: [3, 1, 2]\nel: []\nem: {}\n",
	 "strstrstr"},
	{"range_strings", T_OUT,
	 "{{ range splitList \",\" \"x,y\" }}{{ printf \"%T\" . }}{{ end }}",
	 NULL,
	 "stringstring"},
	{"range_break_in_if_else", T_OUT,
	 "{{ range .Values.nums }}{{ if lt . 2.0 }}{{ break }}{{ else }}{{ . }}{{ end }}{{ end }}",
	 "s: str\nt: true\nf: 1.5\nnum: 3\nz: 0\ne: \"\"\nl: [a, b, c]\nm: {b: 2, a: 1, c: {d: deep}}\nnums: [3, 1, 2]\nel: []\nem: {}\n",
	 "3"},
	{"define_template", T_OUT,
	 "{{ define \"x\" }}X{{ . }}{{ end }}{{ template \"x\" 5 }}",
	 NULL,
	 "X5"},
	{"template_no_pipe", T_OUT,
	 "{{ define \"x\" }}[{{ . }}]{{ end }}{{ template \"x\" }}",
	 NULL,
	 "[]"},
	{"define_after_use", T_OUT,
	 "{{ template \"y\" }}{{ define \"y\" }}Y{{ end }}",
	 NULL,
	 "Y"},
	{"block", T_OUT,
	 "{{ block \"b\" .Values.s }}[{{ . }}]{{ end }}|{{ template \"b\" \"again\" }}",
	 "s: str\nt: true\nf: 1.5\nnum: 3\nz: 0\ne: \"\"\nl: [a, b, c]\nm: {b: 2, a: 1, c: {d: deep}}\nnums: [3, 1, 2]\nel: []\nem: {}\n",
	 "[str]|[again]"},
	{"template_vars_not_inherited", T_OUT,
	 "{{ define \"v\" }}{{ $ }}{{ end }}{{ $x := 1 }}{{ template \"v\" \"d\" }}",
	 NULL,
	 "d"},
	{"template_recursion", T_OUT,
	 "{{ define \"r\" }}{{ if . }}{{ index . 0 }}{{ template \"r\" (slice . 1) }}{{ end }}{{ end }}{{ template \"r\" (list 1 2 3) }}",
	 NULL,
	 "123"},
	{"template_decl_persists", T_OUT,
	 "{{ define \"d\" }}{{ . }}{{ end }}{{ template \"d\" $x := 4 }}{{ $x }}",
	 NULL,
	 "44"},
	{"include_define", T_OUT,
	 "{{ define \"i\" }}I{{ .a }}{{ end }}{{ include \"i\" (dict \"a\" 1) | printf \"%q\" }}",
	 NULL,
	 "\"I1\""},
	{"include_no_value_kept", T_OUT,
	 "{{ define \"n\" }}{{ .x }}{{ end }}{{ include \"n\" . | printf \"%x\" }}",
	 NULL,
	 "3c6e6f2076616c75653e"},
	{"tpl_basic", T_OUT,
	 "{{ tpl \"{{ .Values.s }}-{{ 1 }}\" . }}",
	 "s: str\nt: true\nf: 1.5\nnum: 3\nz: 0\ne: \"\"\nl: [a, b, c]\nm: {b: 2, a: 1, c: {d: deep}}\nnums: [3, 1, 2]\nel: []\nem: {}\n",
	 "str-1"},
	{"tpl_defines_do_not_leak", T_OUT,
	 "{{ tpl \"{{ define \\\"q\\\" }}Q{{ end }}{{ include \\\"q\\\" . }}\" . }}|{{ tpl \"{{ template \\\"x\\\" }}\" . }}{{ define \"x\" }}X{{ end }}",
	 NULL,
	 "Q|X"},
	{"tpl_no_value_removed", T_OUT,
	 "{{ tpl \"[{{ .nope }}]\" . | printf \"%q\" }}",
	 NULL,
	 "\"[]\""},
	{"len_kinds", T_OUT,
	 "{{ len \"h\303\251llo\" }} {{ len .Values.l }} {{ len .Values.m }} {{ len .Values.el }}",
	 "s: str\nt: true\nf: 1.5\nnum: 3\nz: 0\ne: \"\"\nl: [a, b, c]\nm: {b: 2, a: 1, c: {d: deep}}\nnums: [3, 1, 2]\nel: []\nem: {}\n",
	 "6 3 3 0"},
	{"index_forms", T_OUT,
	 "{{ index .Values.l 1 }} {{ index .Values.m \"c\" \"d\" }} {{ index .Values.nums (int64 2) }} {{ index \"abc\" 0 }} [{{ index .Values.m \"nope\" }}] {{ index .Values.l }}",
	 "s: str\nt: true\nf: 1.5\nnum: 3\nz: 0\ne: \"\"\nl: [a, b, c]\nm: {b: 2, a: 1, c: {d: deep}}\nnums: [3, 1, 2]\nel: []\nem: {}\n",
	 "b deep 2 97 [] [a b c]"},
	{"index_nested_list", T_OUT,
	 "{{ index (list (list 1 2) (list 3 4)) 1 0 }}",
	 NULL,
	 "3"},
	{"print_funcs", T_OUT,
	 "{{ print 1 2 \"a\" \"b\" 3 }}|{{ println 1 \"a\" }}|{{ printf \"%d-%s\" 1 \"x\" }}",
	 NULL,
	 "1 2ab3|1 a\n|1-x"},
	{"html_escape", T_OUT,
	 "{{ html \"<a href='x'>&\\\"\" }}|{{ html 1 \"<\" nil }}|{{ html }}",
	 NULL,
	 "&lt;a href=&#39;x&#39;&gt;&amp;&#34;|1&lt;&lt;no value&gt;|"},
	{"js_escape", T_OUT,
	 "{{ js \"a'b\\\"c<d>&=\\\\e\\n\\u00e9\" }}|{{ js 1 2 }}",
	 NULL,
	 "a\\'b\\\"c\\u003Cd\\u003E\\u0026\\u003D\\\\e\\u000A\303\251|1 2"},
	{"urlquery", T_OUT,
	 "{{ urlquery \"a b&c=d/\303\251?\" }}|{{ urlquery \"x\" 1 }}",
	 NULL,
	 "a+b%26c%3Dd%2F%C3%A9%3F|x1"},
	{"eq_forms", T_OUT,
	 "{{ eq 1 1 }} {{ eq 1 2 3 1 }} {{ eq \"a\" \"b\" }} {{ eq .Values.f 1.5 }} {{ eq (int64 3) 3 }} {{ eq nil nil }} {{ eq .Values.nope nil }} {{ eq .Values.s nil }} {{ eq \"x\" .Values.nope }}",
	 "s: str\nt: true\nf: 1.5\nnum: 3\nz: 0\ne: \"\"\nl: [a, b, c]\nm: {b: 2, a: 1, c: {d: deep}}\nnums: [3, 1, 2]\nel: []\nem: {}\n",
	 "true true false true true true true false false"},
	{"ne_lt_le_gt_ge", T_OUT,
	 "{{ ne 1 2 }} {{ lt 1 2 }} {{ le 2 2 }} {{ gt \"b\" \"a\" }} {{ ge 1.5 1.5 }} {{ lt (int64 1) 2 }} {{ gt 1 2 }} {{ lt \"B\" \"a\" }}",
	 NULL,
	 "true true true true true true false true"},
	{"eq_bools", T_OUT,
	 "{{ eq true true }} {{ ne false true }} {{ eq .Values.t true }}",
	 "s: str\nt: true\nf: 1.5\nnum: 3\nz: 0\ne: \"\"\nl: [a, b, c]\nm: {b: 2, a: 1, c: {d: deep}}\nnums: [3, 1, 2]\nel: []\nem: {}\n",
	 "true true true"},
	{"typed_params_from_constants", T_OUT,
	 "{{ repeat 3 \"ab\" }}|{{ ternary \"y\" \"n\" true }}|{{ round 2.5 0 }}|{{ round 3.14159 2 0.5 }}|{{ round 2.4 0 1 }}",
	 NULL,
	 "ababab|y|3|3.14|2"},
	{"map_param_nil_is_empty", T_OUT,
	 "{{ hasKey .Values.m \"a\" }} {{ hasKey nil \"a\" }} {{ hasKey (dict) \"a\" }}",
	 "s: str\nt: true\nf: 1.5\nnum: 3\nz: 0\ne: \"\"\nl: [a, b, c]\nm: {b: 2, a: 1, c: {d: deep}}\nnums: [3, 1, 2]\nel: []\nem: {}\n",
	 "true false false"},
	{"method_call", T_OUT,
	 "{{ .Capabilities.APIVersions.Has \"v1\" }} {{ .Capabilities.APIVersions.Has \"nope/v9\" }} {{ .Chart.Name }}",
	 NULL,
	 "true false t"},
	{"object_fields", T_OUT,
	 "{{ .Capabilities.KubeVersion.Major }}.{{ .Capabilities.KubeVersion.Minor }}",
	 NULL,
	 "1.35"},
	{"object_slice_type", T_OUT,
	 "{{ index .Capabilities.APIVersions 0 }} {{ printf \"%T\" .Capabilities.APIVersions }} {{ range $i, $v := .Capabilities.APIVersions }}{{ if lt $i 2 }}{{ $v }} {{ end }}{{ end }}{{ .Capabilities.APIVersions.Has \"apps/v1\" }}",
	 NULL,
	 "v1 common.VersionSet v1 admissionregistration.k8s.io/v1 true"},
	{"object_map_type", T_OUT,
	 "[{{ range $p, $b := .Files }}{{ $p }}={{ $b | len }} {{ end }}] {{ len .Files }} {{ printf \"%T\" .Files }} {{ if .Files }}T{{ else }}F{{ end }} [{{ .Files.Get \"values.yaml\" }}]",
	 "a: 1\n",
	 "[] 0 engine.files F []"},
	{"object_map_type_missing_key", T_OUT,
	 "[{{ .Files.nope }}] {{ .Files.nope | len }}",
	 NULL,
	 "[[]] 0"},
	{"method_in_pipeline", T_OUT,
	 "{{ \"v1\" | .Capabilities.APIVersions.Has }}",
	 NULL,
	 "true"},
	{"int64_values", T_OUT,
	 "{{ int64 5 }} {{ printf \"%T\" (int64 5) }} {{ printf \"%T\" (float64 5) }}",
	 NULL,
	 "5 int64 float64"},
	{"float_values_print", T_OUT,
	 "{{ .Values.big }} {{ .Values.small }} {{ .Values.port }} {{ .Values.frac }}",
	 "big: 1000000\nsmall: 0.00001\nport: 8080\nfrac: 0.25\n",
	 "1e+06 1e-05 8080 0.25"},
	{"e_nil_pointer", T_EXEC_ERR,
	 "{{ .Values.x.y.z }}",
	 NULL,
	 "template: t/templates/t.yaml:1:10: executing \"t/templates/t.yaml\" at <.Values.x.y.z>: nil pointer evaluating interface {}.y"},
	{"e_field_of_string", T_EXEC_ERR,
	 "{{ .Values.s.y }}",
	 "s: str\nt: true\nf: 1.5\nnum: 3\nz: 0\ne: \"\"\nl: [a, b, c]\nm: {b: 2, a: 1, c: {d: deep}}\nnums: [3, 1, 2]\nel: []\nem: {}\n",
	 "template: t/templates/t.yaml:1:10: executing \"t/templates/t.yaml\" at <.Values.s.y>: can't evaluate field y in type interface {}"},
	{"e_field_of_string_var", T_EXEC_ERR,
	 "{{ $x := \"s\" }}{{ $x.y }}",
	 NULL,
	 "template: t/templates/t.yaml:1:20: executing \"t/templates/t.yaml\" at <$x.y>: can't evaluate field y in type string"},
	{"e_field_of_range_elem", T_EXEC_ERR,
	 "{{ range .Values.l }}{{ .y }}{{ end }}",
	 "s: str\nt: true\nf: 1.5\nnum: 3\nz: 0\ne: \"\"\nl: [a, b, c]\nm: {b: 2, a: 1, c: {d: deep}}\nnums: [3, 1, 2]\nel: []\nem: {}\n",
	 "template: t/templates/t.yaml:1:24: executing \"t/templates/t.yaml\" at <.y>: can't evaluate field y in type interface {}"},
	{"e_field_not_method", T_EXEC_ERR,
	 "{{ .Values.m.a 1 }}",
	 "s: str\nt: true\nf: 1.5\nnum: 3\nz: 0\ne: \"\"\nl: [a, b, c]\nm: {b: 2, a: 1, c: {d: deep}}\nnums: [3, 1, 2]\nel: []\nem: {}\n",
	 "template: t/templates/t.yaml:1:10: executing \"t/templates/t.yaml\" at <.Values.m.a>: a is not a method but has arguments"},
	{"e_field_final_not_method", T_EXEC_ERR,
	 "{{ .Values.s | .Values.t }}",
	 "s: str\nt: true\nf: 1.5\nnum: 3\nz: 0\ne: \"\"\nl: [a, b, c]\nm: {b: 2, a: 1, c: {d: deep}}\nnums: [3, 1, 2]\nel: []\nem: {}\n",
	 "template: t/templates/t.yaml:1:22: executing \"t/templates/t.yaml\" at <.Values.t>: t is not a method but has arguments"},
	{"e_nil_command", T_EXEC_ERR,
	 "{{ nil }}",
	 NULL,
	 "template: t/templates/t.yaml:1:3: executing \"t/templates/t.yaml\" at <nil>: nil is not a command"},
	{"e_arg_to_constant", T_EXEC_ERR,
	 "{{ 1 2 }}",
	 NULL,
	 "template: t/templates/t.yaml:1:3: executing \"t/templates/t.yaml\" at <1>: can't give argument to non-function 1"},
	{"e_arg_to_variable", T_EXEC_ERR,
	 "{{ $x := 1 }}{{ $x 2 }}",
	 NULL,
	 "template: t/templates/t.yaml:1:16: executing \"t/templates/t.yaml\" at <$x>: can't give argument to non-function $x"},
	{"e_arg_to_paren", T_EXEC_ERR,
	 "{{ (1) 2 }}",
	 NULL,
	 "template: t/templates/t.yaml:1:3: executing \"t/templates/t.yaml\" at <(1) 2>: can't give argument to non-function 1"},
	{"e_final_to_dot", T_PARSE_ERR,
	 "{{ 1 | . }}",
	 NULL,
	 "parse error at (t/templates/t.yaml:1): non executable command in pipeline stage 2"},
	{"e_template_not_defined", T_EXEC_ERR,
	 "{{ template \"nope\" }}",
	 NULL,
	 "template: t/templates/t.yaml:1:12: executing \"t/templates/t.yaml\" at <{{template \"nope\"}}>: template \"nope\" not defined"},
	{"e_range_float", T_EXEC_ERR,
	 "{{ range .Values.f }}{{ end }}",
	 "s: str\nt: true\nf: 1.5\nnum: 3\nz: 0\ne: \"\"\nl: [a, b, c]\nm: {b: 2, a: 1, c: {d: deep}}\nnums: [3, 1, 2]\nel: []\nem: {}\n",
	 "template: t/templates/t.yaml:1:16: executing \"t/templates/t.yaml\" at <.Values.f>: range can't iterate over 1.5"},
	{"e_range_string", T_EXEC_ERR,
	 "{{ range \"ab\" }}{{ end }}",
	 NULL,
	 "template: t/templates/t.yaml:1:9: executing \"t/templates/t.yaml\" at <\"ab\">: range can't iterate over ab"},
	{"e_range_bool", T_EXEC_ERR,
	 "{{ range true }}{{ end }}",
	 NULL,
	 "template: t/templates/t.yaml:1:9: executing \"t/templates/t.yaml\" at <true>: range can't iterate over true"},
	{"e_range_int_two_vars", T_EXEC_ERR,
	 "{{ range $i, $v := 3 }}{{ end }}",
	 NULL,
	 "template: t/templates/t.yaml:1:19: executing \"t/templates/t.yaml\" at <3>: can't use 3 to iterate over more than one variable"},
	{"e_index_out_of_range", T_EXEC_ERR,
	 "{{ index .Values.l 5 }}",
	 "s: str\nt: true\nf: 1.5\nnum: 3\nz: 0\ne: \"\"\nl: [a, b, c]\nm: {b: 2, a: 1, c: {d: deep}}\nnums: [3, 1, 2]\nel: []\nem: {}\n",
	 "template: t/templates/t.yaml:1:3: executing \"t/templates/t.yaml\" at <index .Values.l 5>: error calling index: index out of range: 5"},
	{"e_index_at_len", T_EXEC_ERR,
	 "{{ index .Values.l 3 }}",
	 "s: str\nt: true\nf: 1.5\nnum: 3\nz: 0\ne: \"\"\nl: [a, b, c]\nm: {b: 2, a: 1, c: {d: deep}}\nnums: [3, 1, 2]\nel: []\nem: {}\n",
	 "template: t/templates/t.yaml:1:3: executing \"t/templates/t.yaml\" at <index .Values.l 3>: error calling index: reflect: slice index out of range"},
	{"e_index_negative", T_EXEC_ERR,
	 "{{ index .Values.l -1 }}",
	 "s: str\nt: true\nf: 1.5\nnum: 3\nz: 0\ne: \"\"\nl: [a, b, c]\nm: {b: 2, a: 1, c: {d: deep}}\nnums: [3, 1, 2]\nel: []\nem: {}\n",
	 "template: t/templates/t.yaml:1:3: executing \"t/templates/t.yaml\" at <index .Values.l -1>: error calling index: index out of range: -1"},
	{"e_index_string_key_on_list", T_EXEC_ERR,
	 "{{ index .Values.l \"a\" }}",
	 "s: str\nt: true\nf: 1.5\nnum: 3\nz: 0\ne: \"\"\nl: [a, b, c]\nm: {b: 2, a: 1, c: {d: deep}}\nnums: [3, 1, 2]\nel: []\nem: {}\n",
	 "template: t/templates/t.yaml:1:3: executing \"t/templates/t.yaml\" at <index .Values.l \"a\">: error calling index: cannot index slice/array with type string"},
	{"e_index_float_on_list", T_EXEC_ERR,
	 "{{ index .Values.l 1.0 }}",
	 "s: str\nt: true\nf: 1.5\nnum: 3\nz: 0\ne: \"\"\nl: [a, b, c]\nm: {b: 2, a: 1, c: {d: deep}}\nnums: [3, 1, 2]\nel: []\nem: {}\n",
	 "template: t/templates/t.yaml:1:3: executing \"t/templates/t.yaml\" at <index .Values.l 1.0>: error calling index: cannot index slice/array with type float64"},
	{"e_index_int_key_on_map", T_EXEC_ERR,
	 "{{ index .Values.m 1 }}",
	 "s: str\nt: true\nf: 1.5\nnum: 3\nz: 0\ne: \"\"\nl: [a, b, c]\nm: {b: 2, a: 1, c: {d: deep}}\nnums: [3, 1, 2]\nel: []\nem: {}\n",
	 "template: t/templates/t.yaml:1:3: executing \"t/templates/t.yaml\" at <index .Values.m 1>: error calling index: value has type int; should be string"},
	{"e_index_nil_key_on_map", T_EXEC_ERR,
	 "{{ index .Values.m nil }}",
	 "s: str\nt: true\nf: 1.5\nnum: 3\nz: 0\ne: \"\"\nl: [a, b, c]\nm: {b: 2, a: 1, c: {d: deep}}\nnums: [3, 1, 2]\nel: []\nem: {}\n",
	 "template: t/templates/t.yaml:1:3: executing \"t/templates/t.yaml\" at <index .Values.m nil>: error calling index: value is nil; should be of type string"},
	{"e_index_nil_on_list", T_EXEC_ERR,
	 "{{ index .Values.l nil }}",
	 "s: str\nt: true\nf: 1.5\nnum: 3\nz: 0\ne: \"\"\nl: [a, b, c]\nm: {b: 2, a: 1, c: {d: deep}}\nnums: [3, 1, 2]\nel: []\nem: {}\n",
	 "template: t/templates/t.yaml:1:3: executing \"t/templates/t.yaml\" at <index .Values.l nil>: error calling index: cannot index slice/array with nil"},
	{"e_index_int", T_EXEC_ERR,
	 "{{ index 1 1 }}",
	 NULL,
	 "template: t/templates/t.yaml:1:3: executing \"t/templates/t.yaml\" at <index 1 1>: error calling index: can't index item of type int"},
	{"e_index_into_number", T_EXEC_ERR,
	 "{{ index .Values.m \"a\" \"b\" }}",
	 "s: str\nt: true\nf: 1.5\nnum: 3\nz: 0\ne: \"\"\nl: [a, b, c]\nm: {b: 2, a: 1, c: {d: deep}}\nnums: [3, 1, 2]\nel: []\nem: {}\n",
	 "template: t/templates/t.yaml:1:3: executing \"t/templates/t.yaml\" at <index .Values.m \"a\" \"b\">: error calling index: can't index item of type float64"},
	{"e_index_of_missing", T_EXEC_ERR,
	 "{{ index .Values.m \"nope\" 0 }}",
	 "s: str\nt: true\nf: 1.5\nnum: 3\nz: 0\ne: \"\"\nl: [a, b, c]\nm: {b: 2, a: 1, c: {d: deep}}\nnums: [3, 1, 2]\nel: []\nem: {}\n",
	 "template: t/templates/t.yaml:1:3: executing \"t/templates/t.yaml\" at <index .Values.m \"nope\" 0>: error calling index: index of nil pointer"},
	{"e_index_untyped_nil", T_EXEC_ERR,
	 "{{ index nil 1 }}",
	 NULL,
	 "template: t/templates/t.yaml:1:3: executing \"t/templates/t.yaml\" at <index nil 1>: error calling index: index of untyped nil"},
	{"e_len_int", T_EXEC_ERR,
	 "{{ len 3 }}",
	 NULL,
	 "template: t/templates/t.yaml:1:3: executing \"t/templates/t.yaml\" at <len 3>: error calling len: len of type int"},
	{"e_len_nil", T_EXEC_ERR,
	 "{{ len nil }}",
	 NULL,
	 "template: t/templates/t.yaml:1:3: executing \"t/templates/t.yaml\" at <len nil>: error calling len: reflect: call of reflect.Value.Type on zero Value"},
	{"e_len_missing", T_EXEC_ERR,
	 "{{ len .Values.nope }}",
	 NULL,
	 "template: t/templates/t.yaml:1:3: executing \"t/templates/t.yaml\" at <len .Values.nope>: error calling len: len of nil pointer"},
	{"e_len_nil_var", T_EXEC_ERR,
	 "{{ $x := .Values.nope }}{{ len $x }}",
	 NULL,
	 "template: t/templates/t.yaml:1:27: executing \"t/templates/t.yaml\" at <len $x>: error calling len: reflect: call of reflect.Value.Type on zero Value"},
	{"e_eq_int_string", T_EXEC_ERR,
	 "{{ eq 1 \"1\" }}",
	 NULL,
	 "template: t/templates/t.yaml:1:3: executing \"t/templates/t.yaml\" at <eq 1 \"1\">: error calling eq: incompatible types for comparison: int and string"},
	{"e_eq_float_int", T_EXEC_ERR,
	 "{{ eq .Values.f 1 }}",
	 "s: str\nt: true\nf: 1.5\nnum: 3\nz: 0\ne: \"\"\nl: [a, b, c]\nm: {b: 2, a: 1, c: {d: deep}}\nnums: [3, 1, 2]\nel: []\nem: {}\n",
	 "template: t/templates/t.yaml:1:3: executing \"t/templates/t.yaml\" at <eq .Values.f 1>: error calling eq: incompatible types for comparison: float64 and int"},
	{"e_eq_map_string", T_EXEC_ERR,
	 "{{ eq .Values.m \"x\" }}",
	 "s: str\nt: true\nf: 1.5\nnum: 3\nz: 0\ne: \"\"\nl: [a, b, c]\nm: {b: 2, a: 1, c: {d: deep}}\nnums: [3, 1, 2]\nel: []\nem: {}\n",
	 "template: t/templates/t.yaml:1:3: executing \"t/templates/t.yaml\" at <eq .Values.m \"x\">: error calling eq: incompatible types for comparison: map[string]interface {} and string"},
	{"e_eq_lists", T_EXEC_ERR,
	 "{{ eq .Values.l .Values.l }}",
	 "s: str\nt: true\nf: 1.5\nnum: 3\nz: 0\ne: \"\"\nl: [a, b, c]\nm: {b: 2, a: 1, c: {d: deep}}\nnums: [3, 1, 2]\nel: []\nem: {}\n",
	 "template: t/templates/t.yaml:1:3: executing \"t/templates/t.yaml\" at <eq .Values.l .Values.l>: error calling eq: non-comparable type [a b c]: []interface {}"},
	{"e_eq_list_map", T_EXEC_ERR,
	 "{{ eq .Values.l .Values.m }}",
	 "s: str\nt: true\nf: 1.5\nnum: 3\nz: 0\ne: \"\"\nl: [a, b, c]\nm: {b: 2, a: 1, c: {d: deep}}\nnums: [3, 1, 2]\nel: []\nem: {}\n",
	 "template: t/templates/t.yaml:1:3: executing \"t/templates/t.yaml\" at <eq .Values.l .Values.m>: error calling eq: non-comparable types [a b c]: []interface {}, map[string]interface {}: map[a:1 b:2 c:map[d:deep]]"},
	{"e_eq_later_arg", T_EXEC_ERR,
	 "{{ eq 1 2 \"x\" }}",
	 NULL,
	 "template: t/templates/t.yaml:1:3: executing \"t/templates/t.yaml\" at <eq 1 2 \"x\">: error calling eq: incompatible types for comparison: int and string"},
	{"e_lt_bool", T_EXEC_ERR,
	 "{{ lt true false }}",
	 NULL,
	 "template: t/templates/t.yaml:1:3: executing \"t/templates/t.yaml\" at <lt true false>: error calling lt: invalid type for comparison"},
	{"e_lt_nil", T_EXEC_ERR,
	 "{{ lt nil 1 }}",
	 NULL,
	 "template: t/templates/t.yaml:1:3: executing \"t/templates/t.yaml\" at <lt nil 1>: error calling lt: invalid type for comparison"},
	{"e_lt_mixed", T_EXEC_ERR,
	 "{{ lt 1 1.5 }}",
	 NULL,
	 "template: t/templates/t.yaml:1:3: executing \"t/templates/t.yaml\" at <lt 1 1.5>: error calling lt: incompatible types for comparison: int and float64"},
	{"e_lt_list", T_EXEC_ERR,
	 "{{ lt .Values.l 1 }}",
	 "s: str\nt: true\nf: 1.5\nnum: 3\nz: 0\ne: \"\"\nl: [a, b, c]\nm: {b: 2, a: 1, c: {d: deep}}\nnums: [3, 1, 2]\nel: []\nem: {}\n",
	 "template: t/templates/t.yaml:1:3: executing \"t/templates/t.yaml\" at <lt .Values.l 1>: error calling lt: invalid type for comparison"},
	{"e_ge_mixed", T_EXEC_ERR,
	 "{{ ge \"a\" 1 }}",
	 NULL,
	 "template: t/templates/t.yaml:1:3: executing \"t/templates/t.yaml\" at <ge \"a\" 1>: error calling ge: incompatible types for comparison: string and int"},
	{"e_eq_no_args", T_EXEC_ERR,
	 "{{ eq }}",
	 NULL,
	 "template: t/templates/t.yaml:1:3: executing \"t/templates/t.yaml\" at <eq>: wrong number of args for eq: want at least 1 got 0"},
	{"e_eq_one_arg", T_EXEC_ERR,
	 "{{ eq 1 }}",
	 NULL,
	 "template: t/templates/t.yaml:1:3: executing \"t/templates/t.yaml\" at <eq 1>: error calling eq: missing argument for comparison"},
	{"e_ne_one_arg", T_EXEC_ERR,
	 "{{ ne 1 }}",
	 NULL,
	 "template: t/templates/t.yaml:1:3: executing \"t/templates/t.yaml\" at <ne>: wrong number of args for ne: want 2 got 1"},
	{"e_not_two_args", T_EXEC_ERR,
	 "{{ not 1 2 }}",
	 NULL,
	 "template: t/templates/t.yaml:1:3: executing \"t/templates/t.yaml\" at <not>: wrong number of args for not: want 1 got 2"},
	{"e_and_no_args", T_EXEC_ERR,
	 "{{ and }}",
	 NULL,
	 "template: t/templates/t.yaml:1:3: executing \"t/templates/t.yaml\" at <and>: wrong number of args for and: want at least 1 got 0"},
	{"e_printf_int_format", T_EXEC_ERR,
	 "{{ printf 3 }}",
	 NULL,
	 "template: t/templates/t.yaml:1:10: executing \"t/templates/t.yaml\" at <3>: expected string; found 3"},
	{"e_printf_float_format", T_EXEC_ERR,
	 "{{ printf .Values.f }}",
	 "s: str\nt: true\nf: 1.5\nnum: 3\nz: 0\ne: \"\"\nl: [a, b, c]\nm: {b: 2, a: 1, c: {d: deep}}\nnums: [3, 1, 2]\nel: []\nem: {}\n",
	 "template: t/templates/t.yaml:1:17: executing \"t/templates/t.yaml\" at <.Values.f>: wrong type for value; expected string; got float64"},
	{"e_printf_missing_format", T_EXEC_ERR,
	 "{{ printf .Values.nope }}",
	 NULL,
	 "template: t/templates/t.yaml:1:17: executing \"t/templates/t.yaml\" at <.Values.nope>: wrong type for value; expected string; got interface {}"},
	{"e_string_param_int", T_EXEC_ERR,
	 "{{ upper 3 }}",
	 NULL,
	 "template: t/templates/t.yaml:1:9: executing \"t/templates/t.yaml\" at <3>: expected string; found 3"},
	{"e_string_param_nil", T_EXEC_ERR,
	 "{{ upper nil }}",
	 NULL,
	 "template: t/templates/t.yaml:1:9: executing \"t/templates/t.yaml\" at <nil>: cannot assign nil to string"},
	{"e_string_param_bool", T_EXEC_ERR,
	 "{{ upper true }}",
	 NULL,
	 "template: t/templates/t.yaml:1:9: executing \"t/templates/t.yaml\" at <true>: expected string; found true"},
	{"e_string_param_float_value", T_EXEC_ERR,
	 "{{ upper .Values.f }}",
	 "s: str\nt: true\nf: 1.5\nnum: 3\nz: 0\ne: \"\"\nl: [a, b, c]\nm: {b: 2, a: 1, c: {d: deep}}\nnums: [3, 1, 2]\nel: []\nem: {}\n",
	 "template: t/templates/t.yaml:1:16: executing \"t/templates/t.yaml\" at <.Values.f>: wrong type for value; expected string; got float64"},
	{"e_string_param_missing", T_EXEC_ERR,
	 "{{ upper .Values.nope }}",
	 NULL,
	 "template: t/templates/t.yaml:1:16: executing \"t/templates/t.yaml\" at <.Values.nope>: wrong type for value; expected string; got interface {}"},
	{"e_string_param_nil_var", T_EXEC_ERR,
	 "{{ $x := .Values.nope }}{{ upper $x }}",
	 NULL,
	 "template: t/templates/t.yaml:1:33: executing \"t/templates/t.yaml\" at <$x>: invalid value; expected string"},
	{"e_string_param_nil_final", T_EXEC_ERR,
	 "{{ .Values.nope | upper }}",
	 NULL,
	 "template: t/templates/t.yaml:1:18: executing \"t/templates/t.yaml\" at <upper>: invalid value; expected string"},
	{"e_string_param_dot", T_EXEC_ERR,
	 "{{ with 3 }}{{ upper . }}{{ end }}",
	 NULL,
	 "template: t/templates/t.yaml:1:21: executing \"t/templates/t.yaml\" at <.>: wrong type for value; expected string; got int"},
	{"e_wrong_arg_count", T_EXEC_ERR,
	 "{{ upper }}",
	 NULL,
	 "template: t/templates/t.yaml:1:3: executing \"t/templates/t.yaml\" at <upper>: wrong number of args for upper: want 1 got 0"},
	{"e_too_many_args", T_EXEC_ERR,
	 "{{ upper \"a\" \"b\" }}",
	 NULL,
	 "template: t/templates/t.yaml:1:3: executing \"t/templates/t.yaml\" at <upper>: wrong number of args for upper: want 1 got 2"},
	{"e_too_many_with_final", T_EXEC_ERR,
	 "{{ \"a\" | upper \"b\" }}",
	 NULL,
	 "template: t/templates/t.yaml:1:9: executing \"t/templates/t.yaml\" at <upper>: wrong number of args for upper: want 1 got 2"},
	{"e_variadic_too_few", T_EXEC_ERR,
	 "{{ repeat }}",
	 NULL,
	 "template: t/templates/t.yaml:1:3: executing \"t/templates/t.yaml\" at <repeat>: wrong number of args for repeat: want 2 got 0"},
	{"e_int_param_float_const", T_EXEC_ERR,
	 "{{ repeat 3.5 \"a\" }}",
	 NULL,
	 "template: t/templates/t.yaml:1:10: executing \"t/templates/t.yaml\" at <3.5>: expected integer; found 3.5"},
	{"e_int_param_string_const", T_EXEC_ERR,
	 "{{ repeat \"3\" \"a\" }}",
	 NULL,
	 "template: t/templates/t.yaml:1:10: executing \"t/templates/t.yaml\" at <\"3\">: expected integer; found \"3\""},
	{"e_int_param_float_value", T_EXEC_ERR,
	 "{{ repeat .Values.num \"a\" }}",
	 "s: str\nt: true\nf: 1.5\nnum: 3\nz: 0\ne: \"\"\nl: [a, b, c]\nm: {b: 2, a: 1, c: {d: deep}}\nnums: [3, 1, 2]\nel: []\nem: {}\n",
	 "template: t/templates/t.yaml:1:17: executing \"t/templates/t.yaml\" at <.Values.num>: wrong type for value; expected int; got float64"},
	{"e_int_param_int64", T_EXEC_ERR,
	 "{{ repeat (int64 2) \"a\" }}",
	 NULL,
	 "template: t/templates/t.yaml:1:17: executing \"t/templates/t.yaml\" at <2>: wrong type for value; expected int; got int64"},
	{"e_int_param_nil", T_EXEC_ERR,
	 "{{ repeat nil \"a\" }}",
	 NULL,
	 "template: t/templates/t.yaml:1:10: executing \"t/templates/t.yaml\" at <nil>: cannot assign nil to int"},
	{"e_bool_param_int", T_EXEC_ERR,
	 "{{ ternary \"a\" \"b\" 1 }}",
	 NULL,
	 "template: t/templates/t.yaml:1:19: executing \"t/templates/t.yaml\" at <1>: expected bool; found 1"},
	{"e_bool_param_string_value", T_EXEC_ERR,
	 "{{ ternary \"a\" \"b\" .Values.s }}",
	 "s: str\nt: true\nf: 1.5\nnum: 3\nz: 0\ne: \"\"\nl: [a, b, c]\nm: {b: 2, a: 1, c: {d: deep}}\nnums: [3, 1, 2]\nel: []\nem: {}\n",
	 "template: t/templates/t.yaml:1:26: executing \"t/templates/t.yaml\" at <.Values.s>: wrong type for value; expected bool; got string"},
	{"e_float_param_string", T_EXEC_ERR,
	 "{{ round 2.5 0 \"x\" }}",
	 NULL,
	 "template: t/templates/t.yaml:1:15: executing \"t/templates/t.yaml\" at <\"x\">: expected float; found \"x\""},
	{"e_float_param_int_value", T_EXEC_ERR,
	 "{{ round 2.5 0 (int64 1) }}",
	 NULL,
	 "template: t/templates/t.yaml:1:22: executing \"t/templates/t.yaml\" at <1>: wrong type for value; expected float64; got int64"},
	{"e_map_param_string", T_EXEC_ERR,
	 "{{ hasKey \"x\" \"a\" }}",
	 NULL,
	 "template: t/templates/t.yaml:1:10: executing \"t/templates/t.yaml\" at <\"x\">: can't handle \"x\" for arg of type map[string]interface {}"},
	{"e_map_param_list", T_EXEC_ERR,
	 "{{ hasKey .Values.l \"a\" }}",
	 "s: str\nt: true\nf: 1.5\nnum: 3\nz: 0\ne: \"\"\nl: [a, b, c]\nm: {b: 2, a: 1, c: {d: deep}}\nnums: [3, 1, 2]\nel: []\nem: {}\n",
	 "template: t/templates/t.yaml:1:17: executing \"t/templates/t.yaml\" at <.Values.l>: wrong type for value; expected map[string]interface {}; got []interface {}"},
	{"e_map_param_missing", T_EXEC_ERR,
	 "{{ hasKey .Values.nope \"a\" }}",
	 NULL,
	 "template: t/templates/t.yaml:1:17: executing \"t/templates/t.yaml\" at <.Values.nope>: wrong type for value; expected map[string]interface {}; got interface {}"},
	{"e_map_param_const", T_EXEC_ERR,
	 "{{ hasKey 1 \"a\" }}",
	 NULL,
	 "template: t/templates/t.yaml:1:10: executing \"t/templates/t.yaml\" at <1>: can't handle 1 for arg of type map[string]interface {}"},
	{"e_variadic_string_param", T_EXEC_ERR,
	 "{{ pick .Values.m \"a\" 1 }}",
	 "s: str\nt: true\nf: 1.5\nnum: 3\nz: 0\ne: \"\"\nl: [a, b, c]\nm: {b: 2, a: 1, c: {d: deep}}\nnums: [3, 1, 2]\nel: []\nem: {}\n",
	 "template: t/templates/t.yaml:1:22: executing \"t/templates/t.yaml\" at <1>: expected string; found 1"},
	{"e_call_string", T_EXEC_ERR,
	 "{{ call .Values.s }}",
	 "s: str\nt: true\nf: 1.5\nnum: 3\nz: 0\ne: \"\"\nl: [a, b, c]\nm: {b: 2, a: 1, c: {d: deep}}\nnums: [3, 1, 2]\nel: []\nem: {}\n",
	 "template: t/templates/t.yaml:1:3: executing \"t/templates/t.yaml\" at <call .Values.s>: error calling call: non-function .Values.s of type string"},
	{"e_call_nil", T_EXEC_ERR,
	 "{{ call nil 1 }}",
	 NULL,
	 "template: t/templates/t.yaml:1:3: executing \"t/templates/t.yaml\" at <call nil 1>: error calling call: call of nil"},
	{"e_call_missing", T_EXEC_ERR,
	 "{{ call .Values.nope }}",
	 NULL,
	 "template: t/templates/t.yaml:1:3: executing \"t/templates/t.yaml\" at <call .Values.nope>: error calling call: call of nil"},
	{"e_uint_constant", T_EXEC_ERR,
	 "{{ 9999999999999999999 }}",
	 NULL,
	 "template: t/templates/t.yaml:1:3: executing \"t/templates/t.yaml\" at <9999999999999999999>: 9999999999999999999 overflows int"},
	{"e_method_no_args", T_EXEC_ERR,
	 "{{ .Capabilities.APIVersions.Has }}",
	 NULL,
	 "template: t/templates/t.yaml:1:16: executing \"t/templates/t.yaml\" at <.Capabilities.APIVersions.Has>: wrong number of args for Has: want 1 got 0"},
	{"e_method_int_arg", T_EXEC_ERR,
	 "{{ .Capabilities.APIVersions.Has 1 }}",
	 NULL,
	 "template: t/templates/t.yaml:1:33: executing \"t/templates/t.yaml\" at <1>: expected string; found 1"},
	{"e_method_too_many", T_EXEC_ERR,
	 "{{ .Capabilities.APIVersions.Has \"a\" \"b\" }}",
	 NULL,
	 "template: t/templates/t.yaml:1:16: executing \"t/templates/t.yaml\" at <.Capabilities.APIVersions.Has>: wrong number of args for Has: want 1 got 2"},
	{"e_object_field_boxed", T_EXEC_ERR,
	 "{{ .Capabilities.Nope }}",
	 NULL,
	 "template: t/templates/t.yaml:1:16: executing \"t/templates/t.yaml\" at <.Capabilities.Nope>: can't evaluate field Nope in type interface {}"},
	{"e_object_field_var", T_EXEC_ERR,
	 "{{ $c := .Capabilities }}{{ $c.Nope }}",
	 NULL,
	 "template: t/templates/t.yaml:1:30: executing \"t/templates/t.yaml\" at <$c.Nope>: can't evaluate field Nope in type *common.Capabilities"},
	{"e_object_field_struct", T_EXEC_ERR,
	 "{{ .Capabilities.KubeVersion.Nope }}",
	 NULL,
	 "template: t/templates/t.yaml:1:16: executing \"t/templates/t.yaml\" at <.Capabilities.KubeVersion.Nope>: can't evaluate field Nope in type common.KubeVersion"},
	{"e_object_slice_field", T_EXEC_ERR,
	 "{{ .Capabilities.APIVersions.Nope }}",
	 NULL,
	 "template: t/templates/t.yaml:1:16: executing \"t/templates/t.yaml\" at <.Capabilities.APIVersions.Nope>: can't evaluate field Nope in type common.VersionSet"},
	{"e_object_map_type_args", T_EXEC_ERR,
	 "{{ .Files.nope 1 }}",
	 NULL,
	 "template: t/templates/t.yaml:1:9: executing \"t/templates/t.yaml\" at <.Files.nope>: nope is not a method but has arguments"},
	{"e_object_field_args", T_EXEC_ERR,
	 "{{ .Capabilities.KubeVersion.Version 1 }}",
	 NULL,
	 "template: t/templates/t.yaml:1:16: executing \"t/templates/t.yaml\" at <.Capabilities.KubeVersion.Version>: Version has arguments but cannot be invoked as function"},
	{"e_error_in_define", T_EXEC_ERR,
	 "{{ define \"x\" }}\n  {{ index 1 1 }}{{ end }}{{ template \"x\" }}",
	 NULL,
	 "template: t/templates/t.yaml:2:5: executing \"x\" at <index 1 1>: error calling index: can't index item of type int"},
	{"e_error_in_include", T_EXEC_ERR,
	 "{{ define \"i\" }}{{ index 1 1 }}{{ end }}{{ include \"i\" . }}",
	 NULL,
	 "template: t/templates/t.yaml:1:43: executing \"t/templates/t.yaml\" at <include \"i\" .>: error calling include: template: t/templates/t.yaml:1:19: executing \"i\" at <index 1 1>: error calling index: can't index item of type int"},
	{"e_include_missing", T_EXEC_ERR,
	 "{{ include \"nope\" . }}",
	 NULL,
	 "template: t/templates/t.yaml:1:3: executing \"t/templates/t.yaml\" at <include \"nope\" .>: error calling include: template: no template \"nope\" associated with template \"gotpl\""},
	{"e_tpl_exec", T_EXEC_ERR,
	 "{{ tpl \"{{ index 1 2 }}\" . }}",
	 NULL,
	 "template: t/templates/t.yaml:1:3: executing \"t/templates/t.yaml\" at <tpl \"{{ index 1 2 }}\" .>: error calling tpl: error during tpl function execution for \"{{ index 1 2 }}\": template: gotpl:1:3: executing \"gotpl\" at <index 1 2>: error calling index: can't index item of type int"},
	{"e_tpl_parse", T_EXEC_ERR,
	 "{{ tpl \"{{ if }}\" . }}",
	 NULL,
	 "template: t/templates/t.yaml:1:3: executing \"t/templates/t.yaml\" at <tpl \"{{ if }}\" .>: error calling tpl: cannot parse template \"{{ if }}\": template: gotpl:1: missing value for if"},
	{"e_tpl_nested", T_EXEC_ERR,
	 "{{ tpl \"{{ tpl \\\"{{ len 1 }}\\\" . }}\" . }}",
	 NULL,
	 "template: t/templates/t.yaml:1:3: executing \"t/templates/t.yaml\" at <tpl \"{{ tpl \\\"{{ len 1 }}\\\" . }}\" .>: error calling tpl: error during tpl function execution for \"{{ tpl \\\"{{ len 1 }}\\\" . }}\": template: gotpl:1:3: executing \"gotpl\" at <tpl \"{{ len 1 }}\" .>: error calling tpl: error during tpl function execution for \"{{ len 1 }}\": template: gotpl:1:3: executing \"gotpl\" at <len 1>: error calling len: len of type int"},
	{"e_pipe_assign_string", T_EXEC_ERR,
	 "{{ $x := 0 }}{{ index ($x = 1) 5 }}",
	 NULL,
	 "template: t/templates/t.yaml:1:16: executing \"t/templates/t.yaml\" at <index ($x = 1) 5>: error calling index: can't index item of type int"},
	{"e_pipe_decl_string", T_EXEC_ERR,
	 "{{ index ($y := 1) 5 }}",
	 NULL,
	 "template: t/templates/t.yaml:1:3: executing \"t/templates/t.yaml\" at <index ($y := 1) 5>: error calling index: can't index item of type int"},
	{"e_chain_string", T_EXEC_ERR,
	 "{{ (index .Values.l 0).x }}",
	 "s: str\nt: true\nf: 1.5\nnum: 3\nz: 0\ne: \"\"\nl: [a, b, c]\nm: {b: 2, a: 1, c: {d: deep}}\nnums: [3, 1, 2]\nel: []\nem: {}\n",
	 "template: t/templates/t.yaml:1:20: executing \"t/templates/t.yaml\" at <0>: can't evaluate field x in type string"},
	{"e_position_multiline", T_EXEC_ERR,
	 "line one\n  two {{ .Values.s }}\n   {{   index .Values.l   7 }}",
	 "s: str\nt: true\nf: 1.5\nnum: 3\nz: 0\ne: \"\"\nl: [a, b, c]\nm: {b: 2, a: 1, c: {d: deep}}\nnums: [3, 1, 2]\nel: []\nem: {}\n",
	 "template: t/templates/t.yaml:3:8: executing \"t/templates/t.yaml\" at <index .Values.l 7>: error calling index: index out of range: 7"},
	{"e_explicit_nil_chain", T_EXEC_ERR,
	 "{{ (nil).x }}",
	 NULL,
	 "template: t/templates/t.yaml:1:4: executing \"t/templates/t.yaml\" at <nil>: nil is not a command"},
	{"e_if_nil_pointer", T_EXEC_ERR,
	 "{{ if .Values.a.b.c }}x{{ end }}",
	 NULL,
	 "template: t/templates/t.yaml:1:13: executing \"t/templates/t.yaml\" at <.Values.a.b.c>: nil pointer evaluating interface {}.b"},
	{"e_range_pipe_error", T_EXEC_ERR,
	 "{{ range $i, $v := .Values.f }}{{ end }}",
	 "s: str\nt: true\nf: 1.5\nnum: 3\nz: 0\ne: \"\"\nl: [a, b, c]\nm: {b: 2, a: 1, c: {d: deep}}\nnums: [3, 1, 2]\nel: []\nem: {}\n",
	 "template: t/templates/t.yaml:1:26: executing \"t/templates/t.yaml\" at <.Values.f>: range can't iterate over 1.5"},
	{"p_missing_if", T_PARSE_ERR,
	 "{{ if }}",
	 NULL,
	 "parse error at (t/templates/t.yaml:1): missing value for if"},
	{"p_missing_range", T_PARSE_ERR,
	 "x\n{{ range }}",
	 NULL,
	 "parse error at (t/templates/t.yaml:2): missing value for range"},
	{"p_unexpected_end", T_PARSE_ERR,
	 "{{ end }}",
	 NULL,
	 "parse error at (t/templates/t.yaml:1): unexpected {{end}}"},
	{"p_unexpected_else", T_PARSE_ERR,
	 "{{ else }}",
	 NULL,
	 "parse error at (t/templates/t.yaml:1): unexpected {{else}}"},
	{"p_unexpected_eof", T_PARSE_ERR,
	 "{{ if 1 }}\n\nabc",
	 NULL,
	 "parse error at (t/templates/t.yaml:3): unexpected EOF"},
	{"p_undefined_variable", T_PARSE_ERR,
	 "{{ $x }}",
	 NULL,
	 "parse error at (t/templates/t.yaml:1): undefined variable \"$x\""},
	{"p_var_out_of_scope", T_PARSE_ERR,
	 "{{ if 1 }}{{ $x := 1 }}{{ end }}{{ $x }}",
	 NULL,
	 "parse error at (t/templates/t.yaml:1): undefined variable \"$x\""},
	{"p_function_not_defined", T_PARSE_ERR,
	 "{{ nope 1 }}",
	 NULL,
	 "parse error at (t/templates/t.yaml:1): function \"nope\" not defined"},
	{"p_bad_number", T_PARSE_ERR,
	 "{{ 3x }}",
	 NULL,
	 "parse error at (t/templates/t.yaml:1): \"3x\""},
	{"p_unterminated_string", T_PARSE_ERR,
	 "{{ \"abc }}",
	 NULL,
	 "parse error at (t/templates/t.yaml:1): unterminated quoted string"},
	{"p_unterminated_raw", T_PARSE_ERR,
	 "{{ `abc }}",
	 NULL,
	 "parse error at (t/templates/t.yaml:1): unterminated raw quoted string"},
	{"p_malformed_char", T_PARSE_ERR,
	 "{{ 'ab' }}",
	 NULL,
	 "parse error at (t/templates/t.yaml:1): 'ab'"},
	{"p_unclosed_paren", T_PARSE_ERR,
	 "{{ ( 1 }}",
	 NULL,
	 "parse error at (t/templates/t.yaml:1): unclosed left paren"},
	{"p_unexpected_right_paren", T_PARSE_ERR,
	 "{{ 1 ) }}",
	 NULL,
	 "parse error at (t/templates/t.yaml:1): unexpected right paren"},
	{"p_unclosed_action", T_PARSE_ERR,
	 "{{ 1",
	 NULL,
	 "parse error at (t/templates/t.yaml:1): unclosed action"},
	{"p_unclosed_action_lines", T_PARSE_ERR,
	 "{{ 1\n\n",
	 NULL,
	 "parse error at (t/templates/t.yaml:3): unclosed action started at t/templates/t.yaml:1"},
	{"p_comment_no_delim", T_PARSE_ERR,
	 "{{/* x */ 1 }}",
	 NULL,
	 "parse error at (t/templates/t.yaml:1): comment ends before closing delimiter"},
	{"p_unclosed_comment", T_PARSE_ERR,
	 "{{/* x",
	 NULL,
	 "parse error at (t/templates/t.yaml:1): unclosed comment"},
	{"p_non_executable", T_PARSE_ERR,
	 "{{ .a | 1 }}",
	 NULL,
	 "parse error at (t/templates/t.yaml:1): non executable command in pipeline stage 2"},
	{"p_break_outside", T_PARSE_ERR,
	 "{{ break }}",
	 NULL,
	 "parse error at (t/templates/t.yaml:1): {{break}} outside {{range}}"},
	{"p_break_args", T_PARSE_ERR,
	 "{{ range .x }}{{ break 1 }}{{ end }}",
	 NULL,
	 "parse error at (t/templates/t.yaml:1): unexpected \"1\" in {{break}}"},
	{"p_continue_outside", T_PARSE_ERR,
	 "{{ if 1 }}{{ continue }}{{ end }}",
	 NULL,
	 "parse error at (t/templates/t.yaml:1): {{continue}} outside {{range}}"},
	{"p_multiple_define", T_PARSE_ERR,
	 "{{ define \"a\" }}x{{ end }}{{ define \"a\" }}y{{ end }}",
	 NULL,
	 "parse error at (t/templates/t.yaml:1): multiple definition of template \"a\""},
	{"p_template_name_ident", T_PARSE_ERR,
	 "{{ template x }}",
	 NULL,
	 "parse error at (t/templates/t.yaml:1): unexpected \"x\" in template clause"},
	{"p_define_name_ident", T_PARSE_ERR,
	 "{{ define x }}{{ end }}",
	 NULL,
	 "parse error at (t/templates/t.yaml:1): unexpected \"x\" in define clause"},
	{"p_empty_pipe_stage", T_OUT,
	 "{{ .a | }}",
	 NULL,
	 ""},
	{"p_dot_after_literal", T_PARSE_ERR,
	 "{{ true.x }}",
	 NULL,
	 "parse error at (t/templates/t.yaml:1): unexpected . after term \"true\""},
	{"p_too_many_decls", T_PARSE_ERR,
	 "{{ $x, $y := 1 }}",
	 NULL,
	 "parse error at (t/templates/t.yaml:1): too many declarations in command"},
	{"p_range_three_vars", T_PARSE_ERR,
	 "{{ range $a, $b, $c := . }}{{ end }}",
	 NULL,
	 "parse error at (t/templates/t.yaml:1): too many declarations in range"},
	{"p_range_init_non_var", T_PARSE_ERR,
	 "{{ range $a, 1 }}{{ end }}",
	 NULL,
	 "parse error at (t/templates/t.yaml:1): range can only initialize variables"},
	{"p_double_else", T_PARSE_ERR,
	 "{{ if 1 }}{{ else }}{{ else }}{{ end }}",
	 NULL,
	 "parse error at (t/templates/t.yaml:1): expected end; found {{else}}"},
	{"p_bad_escape", T_PARSE_ERR,
	 "{{ \"\\q\" }}",
	 NULL,
	 "parse error at (t/templates/t.yaml:1): invalid syntax"},
	{"p_expected_declare", T_PARSE_ERR,
	 "{{ 1 : 2 }}",
	 NULL,
	 "parse error at (t/templates/t.yaml:1): expected :="},
	{"p_char_in_command", T_PARSE_ERR,
	 "{{ 1 @ }}",
	 NULL,
	 "parse error at (t/templates/t.yaml:1): unexpected \"@\" in operand"},
	{"p_bad_character", T_PARSE_ERR,
	 "{{ $x := 1 }}{{ $x+2 }}",
	 NULL,
	 "parse error at (t/templates/t.yaml:1): bad character U+002B '+'"},
	{"p_unrecognized_character", T_PARSE_ERR,
	 "{{ 1 \001 }}",
	 NULL,
	 "parse error at (t/templates/t.yaml:1): U+0001"},
	{"p_unicode_identifier", T_PARSE_ERR,
	 "{{ caf\303\251 }}",
	 NULL,
	 "parse error at (t/templates/t.yaml:1): function \"caf\303\251\" not defined"},
	{"p_else_if_missing", T_PARSE_ERR,
	 "{{ if 1 }}{{ else if }}{{ end }}",
	 NULL,
	 "parse error at (t/templates/t.yaml:1): missing value for if"},
	{"p_end_with_args", T_PARSE_ERR,
	 "{{ if 1 }}{{ end 1 }}",
	 NULL,
	 "parse error at (t/templates/t.yaml:1): unexpected \"1\" in end"},
	{"p_long_token_quoted", T_PARSE_ERR,
	 "{{ if 1 }}{{ else \"a long string value\" }}{{ end }}",
	 NULL,
	 "parse error at (t/templates/t.yaml:1): unexpected \"\\\"a long st\"... in else"},
	{"p_block_missing_end", T_PARSE_ERR,
	 "{{ block \"b\" . }}x",
	 NULL,
	 "parse error at (t/templates/t.yaml:1): unexpected EOF"},
	{"p_assign_undefined", T_EXEC_ERR,
	 "{{ $x = 1 }}",
	 NULL,
	 "template: t/templates/t.yaml:1:8: executing \"t/templates/t.yaml\" at <1>: undefined variable: $x"},
	{"p_unclosed_in_paren_lines", T_PARSE_ERR,
	 "{{ (1\n2 }}",
	 NULL,
	 "parse error at (t/templates/t.yaml:2): unclosed left paren in action started at t/templates/t.yaml:1"},
};

#define NAME "t/templates/t.yaml"

static struct arena *A;
static struct yres *R;

static void setup(void)
{
	A = arena_new();
	R = yres_new();
}

static void teardown(void)
{
	yres_free(R);
	arena_free(A);
}

/* ---- Sprig and Helm functions the cases use, with their Go signatures ---- */

static struct val *str(struct tmpl_call *c, const char *s, size_t n)
{
	return val_strn(c->arena, s, n, NULL);
}

static int f_list(struct tmpl_call *c, struct val **r)
{
	*r = val_seq(c->arena, NULL);
	for (size_t i = 0; i < c->argc; i++)
		val_seq_push(c->arena, *r, c->argv[i]);
	return 0;
}

static int f_dict(struct tmpl_call *c, struct val **r)
{
	*r = val_map(c->arena, NULL);
	for (size_t i = 0; i + 1 < c->argc; i += 2) {
		struct buf k = BUF_INIT;
		gofmt_value(&k, c->argv[i]);
		val_map_set(c->arena, *r, buf_str(&k), c->argv[i + 1]);
		buf_free(&k);
	}
	return 0;
}

static double num(const struct val *v)
{
	return v->kind == VAL_FLOAT ? v->f : v->kind == VAL_INT ? (double)v->i : 0;
}

static int f_int64(struct tmpl_call *c, struct val **r)
{
	*r = val_int(c->arena, (int64_t)num(c->argv[0]), NULL);
	(*r)->go = VAL_GO_INT64;
	return 0;
}

static int f_float64(struct tmpl_call *c, struct val **r)
{
	*r = val_float(c->arena, num(c->argv[0]), NULL);
	return 0;
}

static int f_split_list(struct tmpl_call *c, struct val **r)
{
	const char *sep = c->argv[0]->str.s, *p = c->argv[1]->str.s;
	*r = val_seq(c->arena, NULL);
	(*r)->go = VAL_GO_STRINGS;
	for (;;) {
		const char *e = strstr(p, sep);
		val_seq_push(c->arena, *r, str(c, p, e ? (size_t)(e - p) : strlen(p)));
		if (!e)
			return 0;
		p = e + strlen(sep);
	}
}

static int f_upper(struct tmpl_call *c, struct val **r)
{
	*r = str(c, c->argv[0]->str.s, c->argv[0]->str.len);
	for (char *p = (char *)(*r)->str.s; *p; p++)
		if (*p >= 'a' && *p <= 'z')
			*p = (char)(*p - 32);
	return 0;
}

static int f_repeat(struct tmpl_call *c, struct val **r)
{
	struct buf b = BUF_INIT;
	for (int64_t i = 0; i < c->argv[0]->i; i++)
		buf_add(&b, c->argv[1]->str.s, c->argv[1]->str.len);
	*r = str(c, buf_str(&b), b.len);
	buf_free(&b);
	return 0;
}

static int f_ternary(struct tmpl_call *c, struct val **r)
{
	*r = c->argv[2]->b ? c->argv[0] : c->argv[1];
	return 0;
}

/* sprig's round(a interface{}, p int, rOpt ...float64) float64 */
static int f_round(struct tmpl_call *c, struct val **r)
{
	double on = c->argc > 2 ? c->argv[2]->f : 0.5, pw = pow(10, (double)c->argv[1]->i);
	double digit = num(c->argv[0]) * pw, ip;
	double frac = modf(digit, &ip);
	*r = val_float(c->arena, (frac >= on ? ceil(digit) : floor(digit)) / pw, NULL);
	return 0;
}

static int f_has_key(struct tmpl_call *c, struct val **r)
{
	*r = val_bool(c->arena, val_map_find(c->argv[0], c->argv[1]->str.s) != NULL, NULL);
	return 0;
}

static int f_pick(struct tmpl_call *c, struct val **r)
{
	*r = val_map(c->arena, NULL);
	for (size_t i = 1; i < c->argc; i++) {
		struct val *v = val_map_get(c->argv[0], c->argv[i]->str.s);
		if (v)
			val_map_set(c->arena, *r, c->argv[i]->str.s, v);
	}
	return 0;
}

static int f_include(struct tmpl_call *c, struct val **r)
{
	struct buf b = BUF_INIT;
	int rc = tmpl_exec_include(c->exec, c->argv[0]->str.s, c->argv[1], &b);
	if (rc == 0)
		*r = str(c, buf_str(&b), b.len);
	buf_free(&b);
	return rc;
}

static int f_tpl(struct tmpl_call *c, struct val **r)
{
	struct buf b = BUF_INIT;
	int rc = tmpl_exec_tpl(c->exec, c->argv[0]->str.s, c->argv[0]->str.len, c->argv[1], &b);
	if (rc == 0)
		*r = str(c, buf_str(&b), b.len);
	buf_free(&b);
	return rc;
}

static int f_fail(struct tmpl_call *c, struct val **r)
{
	(void)r;
	return tmpl_call_fail(c, "%s", c->argv[0]->str.s);
}

static int f_name(struct tmpl_call *c, struct val **r)
{
	*r = val_str(c->arena, tmpl_exec_name(c->exec), NULL);
	return 0;
}

/* takes an int64 and a []interface{}: for the rules of those types */
static int f_take(struct tmpl_call *c, struct val **r)
{
	*r = val_int(c->arena, c->argv[0]->i + (int64_t)c->argv[1]->seq.n, NULL);
	return 0;
}

static const struct tmpl_func funcs[] = {
	{"list", f_list, "v*"}, {"dict", f_dict, "v*"}, {"int64", f_int64, "v"},
	{"float64", f_float64, "v"}, {"splitList", f_split_list, "ss"},
	{"upper", f_upper, "s"}, {"repeat", f_repeat, "is"}, {"ternary", f_ternary, "vvb"},
	{"round", f_round, "vif*"}, {"hasKey", f_has_key, "ms"}, {"pick", f_pick, "ms*"},
	{"include", f_include, "sv"}, {"tpl", f_tpl, "sv"}, {"fail", f_fail, "s"},
	{"execName", f_name, ""}, {"take", f_take, "Il"},
	{NULL, NULL, NULL},
};

/* Helm's VersionSet.Has (a []string type) and Files.Get (a map type) */
static int m_has(struct tmpl_call *c, struct val **r)
{
	bool has = false;
	for (size_t i = 0; i < c->argv[0]->seq.n; i++)
		has = has || strcmp(c->argv[0]->seq.items[i]->str.s, c->argv[1]->str.s) == 0;
	*r = val_bool(c->arena, has, NULL);
	return 0;
}

static int m_get(struct tmpl_call *c, struct val **r)
{
	struct val *v = val_map_get(c->argv[0], c->argv[1]->str.s);
	*r = v ? v : val_str(c->arena, "", NULL);
	return 0;
}

static const struct tmpl_method methods[] = {
	{"common.VersionSet", "Has", m_has, "s"},
	{"engine.files", "Get", m_get, "s"},
	{NULL, NULL, NULL, NULL},
};

/* ---- the dot --------------------------------------------------------------- */

static void floats(struct val *v)
{
	if (v->kind == VAL_INT) {
		v->kind = VAL_FLOAT;
		v->f = (double)v->i;
	} else if (v->kind == VAL_SEQ) {
		for (size_t i = 0; i < v->seq.n; i++)
			floats(v->seq.items[i]);
	} else if (v->kind == VAL_MAP) {
		for (size_t i = 0; i < v->map.n; i++)
			floats(v->map.pairs[i].value);
	}
}

static struct val *yaml(const char *text)
{
	struct diag d;
	diag_init(&d, A);
	struct yload y = {.arena = A, .res = R, .diag = &d, .limits = yload_limits_default()};
	struct val *v = yload_string(&y, text, strlen(text), "values.yaml");
	ck_assert_ptr_nonnull(v);
	return v;
}

static struct val *object(const char *type)
{
	struct val *o = val_map(A, NULL);
	o->tag = type;
	return o;
}

static struct val *capabilities(void)
{
	struct val *caps = object("*common.Capabilities"), *apis = val_seq(A, NULL);
	struct val *kube = object("common.KubeVersion");
	apis->tag = "common.VersionSet";   /* a []string with methods */
	apis->go = VAL_GO_STRINGS;
	val_seq_push(A, apis, val_str(A, "v1", NULL));
	val_seq_push(A, apis, val_str(A, "admissionregistration.k8s.io/v1", NULL));
	val_seq_push(A, apis, val_str(A, "apps/v1", NULL));
	val_map_set(A, kube, "Version", val_str(A, "v1.35.0", NULL));
	val_map_set(A, kube, "Major", val_str(A, "1", NULL));
	val_map_set(A, kube, "Minor", val_str(A, "35", NULL));
	val_map_set(A, caps, "APIVersions", apis);
	val_map_set(A, caps, "KubeVersion", kube);
	return caps;
}

static struct val *dot(const char *values)
{
	struct val *d = val_map(A, NULL), *v = values ? yaml(values) : val_map(A, NULL);
	struct val *chart = val_map(A, NULL);
	floats(v);
	val_map_set(A, chart, "Name", val_str(A, "t", NULL));
	val_map_set(A, d, "Values", v);
	val_map_set(A, d, "Capabilities", capabilities());
	val_map_set(A, d, "Chart", chart);
	val_map_set(A, d, "Files", object("engine.files"));   /* a map type */
	return d;
}

static struct tmpl_set *new_set(const struct tmpl_limits *limits)
{
	struct tmpl_set *s = tmpl_set_new(A, limits);
	tmpl_set_funcs(s, funcs);
	tmpl_set_methods(s, methods);
	tmpl_set_map_type(s, "engine.files", val_seq(A, NULL));   /* zero []byte */
	return s;
}

/* ---- Helm's views of results --------------------------------------------- */

static void remove_no_value(struct buf *b)
{
	char *p;
	while ((p = strstr(b->p ? b->p : "", "<no value>"))) {
		memmove(p, p + 10, strlen(p + 10) + 1);
		b->len -= 10;
	}
}

/* Helm's cleanupParseError: the location and the last ": " part. */
static void helm_parse_error(const char *err, struct buf *out)
{
	const char *loc = strstr(err, ": ");
	const char *last = NULL;
	for (const char *p = err; (p = strstr(p, ": ")); p += 2)
		last = p + 2;
	if (!loc) {
		buf_addf(out, "parse error in (%s): %s", NAME, err);
		return;
	}
	const char *loc_end = strstr(loc + 2, ": ");
	buf_addf(out, "parse error at (%.*s): %s", (int)(loc_end - loc - 2), loc + 2, last);
}

static void run_case(const struct tcase *c, struct buf *got)
{
	struct tmpl_set *s = new_set(NULL);
	struct buf out = BUF_INIT, err = BUF_INIT;
	if (tmpl_parse(s, NAME, c->tpl, strlen(c->tpl), &err) != 0)
		helm_parse_error(buf_str(&err), got);
	else if (tmpl_execute(s, NAME, dot(c->values), &out, &err) != 0)
		buf_adds(got, buf_str(&err));
	else {
		remove_no_value(&out);
		buf_adds(got, buf_str(&out));
	}
	buf_free(&out);
	buf_free(&err);
}

START_TEST(renders_like_helm)
{
	const struct tcase *c = &cases[_i];
	struct buf got = BUF_INIT;
	run_case(c, &got);
	ck_assert_msg(strcmp(buf_str(&got), c->want) == 0, "%s:\n got: [%s]\nwant: [%s]",
		      c->name, buf_str(&got), c->want);
	buf_free(&got);
}
END_TEST

/* ---- hand-written tests ------------------------------------------------------ */

static int render(struct tmpl_set *s, const char *tpl, struct val *d, struct buf *out,
		  struct buf *err)
{
	if (tmpl_parse(s, NAME, tpl, strlen(tpl), err) != 0)
		return -1;
	return tmpl_execute(s, NAME, d, out, err);
}

static const char *render_ok(struct tmpl_set *s, const char *tpl, struct buf *out)
{
	struct buf err = BUF_INIT;
	int rc = render(s, tpl, dot(NULL), out, &err);
	ck_assert_msg(rc == 0, "%s: %s", tpl, buf_str(&err));
	buf_free(&err);
	return buf_str(out);
}

static const char *render_err(struct tmpl_set *s, const char *tpl, struct buf *err)
{
	struct buf out = BUF_INIT;
	ck_assert_msg(render(s, tpl, dot(NULL), &out, err) != 0, "%s: no error", tpl);
	buf_free(&out);
	return buf_str(err);
}

/* Go prints nil as "<no value>" (Helm hides it; the include_no_value_kept
 * case shows its bytes, 3c6e6f2076616c75653e, through printf "%x"). */
START_TEST(nil_prints_no_value)
{
	struct buf out = BUF_INIT;
	ck_assert_str_eq(render_ok(new_set(NULL), "{{ .nope }}|{{ $x := .nope }}{{ $x }}", &out),
			 "<no value>|<no value>");
	buf_free(&out);
}
END_TEST

/* Helm parses c.yaml, b.yaml, a.yaml (reverse order); with a.yaml
 * `{{define "x"}}A{{end}}{{define "y"}}{{end}}`, b.yaml the same with B
 * and Y, c.yaml `c: {{template "x"}}{{template "y"}}` renders "c: AY":
 * a later non-empty define replaces, an empty one does not. */
START_TEST(defines_replace_unless_empty)
{
	struct tmpl_set *s = new_set(NULL);
	struct buf out = BUF_INIT, err = BUF_INIT;
	const char *c = "c: {{ template \"x\" }}{{ template \"y\" }}";
	const char *b = "{{ define \"x\" }}B{{ end }}{{ define \"y\" }}Y{{ end }}";
	const char *a = "{{ define \"x\" }}A{{ end }}{{ define \"y\" }}{{ end }}";
	ck_assert_int_eq(tmpl_parse(s, "t/templates/c.yaml", c, strlen(c), &err), 0);
	ck_assert_int_eq(tmpl_parse(s, "t/templates/b.yaml", b, strlen(b), &err), 0);
	ck_assert_int_eq(tmpl_parse(s, "t/templates/a.yaml", a, strlen(a), &err), 0);
	ck_assert(tmpl_has(s, "x") && tmpl_has(s, "t/templates/a.yaml") && !tmpl_has(s, "z"));
	ck_assert_int_eq(tmpl_execute(s, "t/templates/c.yaml", dot(NULL), &out, &err), 0);
	ck_assert_str_eq(buf_str(&out), "c: AY");
	buf_free(&out);
	buf_free(&err);
}
END_TEST

/* ExecuteTemplate's text for a name not in the set (as the include case
 * e_include_missing shows it). */
START_TEST(execute_unknown_template)
{
	struct buf out = BUF_INIT, err = BUF_INIT;
	ck_assert_int_eq(tmpl_execute(new_set(NULL), "nope", dot(NULL), &out, &err), -1);
	ck_assert_str_eq(buf_str(&err),
			 "template: no template \"nope\" associated with template \"gotpl\"");
	buf_free(&out);
	buf_free(&err);
}
END_TEST

START_TEST(parse_error_adds_nothing)
{
	struct tmpl_set *s = new_set(NULL);
	struct buf err = BUF_INIT;
	const char *t = "{{ define \"ok\" }}x{{ end }}{{ if }}";
	ck_assert_int_eq(tmpl_parse(s, "f", t, strlen(t), &err), -1);
	ck_assert_str_eq(buf_str(&err), "template: f:1: missing value for if");
	ck_assert(!tmpl_has(s, "ok") && !tmpl_has(s, "f"));
	buf_free(&err);
}
END_TEST

START_TEST(function_failure_is_wrapped)
{
	struct buf err = BUF_INIT;
	ck_assert_str_eq(render_err(new_set(NULL), "x {{ fail \"boom\" }}", &err),
			 "template: " NAME ":1:5: executing \"" NAME "\" at <fail \"boom\">: "
			 "error calling fail: boom");
	buf_free(&err);
}
END_TEST

/* Go's validateType for int64 and []interface{} parameters: the same
 * rule and words as the int and map cases of the table. */
START_TEST(int64_and_list_params)
{
	struct buf out = BUF_INIT, err = BUF_INIT;
	struct tmpl_set *s = new_set(NULL);
	ck_assert_str_eq(render_ok(s, "{{ take 5 (list 1 2) }} {{ take (int64 1) nil }}", &out), "7 1");
	ck_assert(strstr(render_err(new_set(NULL), "{{ take 5 (splitList \",\" \"a\") }}", &err),
			 "wrong type for value; expected []interface {}; got []string"));
	buf_reset(&err);
	ck_assert(strstr(render_err(new_set(NULL), "{{ take 1.5 (list) }}", &err),
			 "expected integer; found 1.5"));
	buf_reset(&err);
	ck_assert(strstr(render_err(new_set(NULL), "{{ $x := 1 }}{{ take $x (list) }}", &err),
			 "wrong type for value; expected int64; got int"));
	buf_free(&out);
	buf_free(&err);
}
END_TEST

/* Go's builtin slice (Helm replaces it with Sprig's, so these follow
 * text/template/funcs.go: x[i:j], x[i:j:k], and its error texts). */
START_TEST(builtin_slice)
{
	struct buf out = BUF_INIT, err = BUF_INIT;
	ck_assert_str_eq(render_ok(new_set(NULL),
				   "{{ slice \"abcdef\" 1 3 }} {{ slice \"abc\" 1 }} {{ slice (list 1 2 3) 1 }} "
				   "{{ slice (list 1 2 3) }} {{ slice (list 1 2 3) 0 2 3 }} {{ slice \"ab\" 2 }}",
				   &out), "bc bc [2 3] [1 2 3] [1 2] ");
	static const char *const errs[][2] = {
		{"{{ slice (list 1 2) 2 1 }}", "error calling slice: invalid slice index: 2 > 1"},
		{"{{ slice \"abc\" 1 2 3 }}", "error calling slice: cannot 3-index slice a string"},
		{"{{ slice 1 }}", "error calling slice: can't slice item of type int"},
		{"{{ slice \"abc\" 1 2 3 4 }}", "error calling slice: too many slice indexes: 4"},
		{"{{ slice (list 1) 0 9 }}", "error calling slice: index out of range: 9"},
		{"{{ slice nil }}", "error calling slice: slice of untyped nil"},
		{"{{ slice (list 1 2) 0 2 1 }}", "error calling slice: invalid slice index: 2 > 1"},
	};
	for (size_t i = 0; i < sizeof errs / sizeof errs[0]; i++) {
		buf_reset(&err);
		render_err(new_set(NULL), errs[i][0], &err);
		ck_assert_msg(strstr(buf_str(&err), errs[i][1]), "%s: %s", errs[i][0], buf_str(&err));
	}
	buf_free(&out);
	buf_free(&err);
}
END_TEST

START_TEST(exec_name_is_the_root_template)
{
	struct buf out = BUF_INIT;
	ck_assert_str_eq(render_ok(new_set(NULL),
				   "{{ define \"i\" }}{{ execName }}{{ end }}{{ execName }}|{{ include \"i\" . }}"
				   "|{{ tpl \"{{ execName }}\" . }}", &out),
			 NAME "|" NAME "|" NAME);
	buf_free(&out);
}
END_TEST

/* Go allows 10000 nested parentheses (helm: 10000 renders "1", 10001 is
 * "max expression depth exceeded"); nested blocks are bounded too. Under
 * AddressSanitizer the frames are bigger than the stack can hold for
 * 10000 levels, which must then end in the same error, not a crash. */
START_TEST(deep_nesting_is_bounded)
{
	struct buf t = BUF_INIT, out = BUF_INIT, err = BUF_INIT;
	for (int depth = 10000; depth <= 10001; depth++) {
		buf_reset(&t);
		buf_reset(&out);
		buf_reset(&err);
		buf_adds(&t, "{{ ");
		for (int i = 0; i < depth; i++)
			buf_addc(&t, '(');
		buf_addc(&t, '1');
		for (int i = 0; i < depth; i++)
			buf_addc(&t, ')');
		buf_adds(&t, " }}");
		int rc = render(new_set(NULL), buf_str(&t), dot(NULL), &out, &err);
#ifdef __SANITIZE_ADDRESS__
		if (rc != 0 && depth == 10000)
			depth++;   /* out of stack: expect the error below */
#endif
		if (depth == 10000)
			ck_assert_str_eq(buf_str(&out), "1");
		else
			ck_assert_str_eq(buf_str(&err), "template: " NAME ":1: max expression depth exceeded");
		ck_assert_int_eq(rc, depth == 10000 ? 0 : -1);
	}
	buf_reset(&t);
	buf_reset(&err);
	for (int i = 0; i < 20000; i++)
		buf_adds(&t, "{{ if 1 }}");
	ck_assert(strstr(render_err(new_set(NULL), buf_str(&t), &err), "max nesting depth exceeded"));
	buf_free(&t);
	buf_free(&out);
	buf_free(&err);
}
END_TEST

/* Runaway recursion stops at max_depth with a clear message, for
 * {{template}} (Go's own words, with our limit) and for include. */
START_TEST(recursion_depth_limit)
{
	struct buf err = BUF_INIT;
	render_err(new_set(NULL), "{{ define \"r\" }}{{ template \"r\" . }}{{ end }}{{ template \"r\" . }}", &err);
	ck_assert_msg(strstr(buf_str(&err), "at <{{template \"r\" .}}>: exceeded maximum template depth (1000)"),
		      "%s", buf_str(&err));
	buf_reset(&err);
	render_err(new_set(NULL), "{{ define \"r\" }}{{ include \"r\" . }}{{ end }}{{ include \"r\" . }}", &err);
	ck_assert(strstr(buf_str(&err), "error calling include: exceeded maximum template depth (1000)"));
	buf_reset(&err);
	render_err(new_set(NULL), "{{ define \"r\" }}{{ tpl \"{{ include \\\"r\\\" . }}\" . }}{{ end }}{{ include \"r\" . }}", &err);
	ck_assert(strstr(buf_str(&err), "exceeded maximum template depth (1000)"));
	buf_reset(&err);
	struct tmpl_limits lim = tmpl_limits_default();
	lim.max_depth = 3;
	render_err(new_set(&lim), "{{ define \"r\" }}{{ template \"r\" . }}{{ end }}{{ template \"r\" . }}", &err);
	ck_assert(strstr(buf_str(&err), "exceeded maximum template depth (3)"));
	buf_free(&err);
}
END_TEST

START_TEST(step_and_output_limits)
{
	struct buf err = BUF_INIT, out = BUF_INIT;
	struct tmpl_limits lim = tmpl_limits_default();
	lim.max_steps = 100;
	render_err(new_set(&lim), "{{ range 1000 }}{{ . }}{{ end }}", &err);
	ck_assert_msg(strstr(buf_str(&err), "exceeded maximum evaluation steps (100)"), "%s", buf_str(&err));
	lim = tmpl_limits_default();
	lim.max_output = 10;
	buf_reset(&err);
	render_err(new_set(&lim), "{{ range 100 }}x{{ end }}", &err);
	ck_assert_msg(strstr(buf_str(&err), "exceeded maximum output size (10 bytes)"), "%s", buf_str(&err));
	buf_reset(&err);
	render_err(new_set(&lim), "{{ define \"i\" }}{{ range 6 }}x{{ end }}{{ end }}"
		   "{{ include \"i\" . }}{{ include \"i\" . }}", &err);
	ck_assert(strstr(buf_str(&err), "exceeded maximum output size (10 bytes)"));
	/* exactly at the limit is fine */
	ck_assert_str_eq(render_ok(new_set(&lim), "{{ range 10 }}x{{ end }}", &out), "xxxxxxxxxx");
	buf_free(&out);
	buf_free(&err);
}
END_TEST

/* Many templates and big maps: lookups go through the hash index. */
START_TEST(big_map_fields)
{
	struct buf t = BUF_INIT, out = BUF_INIT, err = BUF_INIT;
	struct val *d = val_map(A, NULL);
	char key[32];
	for (int i = 0; i < 500; i++) {
		snprintf(key, sizeof key, "k%d", i);
		val_map_set(A, d, key, val_int(A, i, NULL));
	}
	ck_assert_int_eq(render(new_set(NULL), "{{ .k0 }} {{ .k499 }} {{ len . }}", d, &out, &err), 0);
	ck_assert_str_eq(buf_str(&out), "0 499 500");
	buf_free(&t);
	buf_free(&out);
	buf_free(&err);
}
END_TEST

static Suite *tmpl_suite(void)
{
	Suite *s = suite_create("tmpl");
	TCase *tc = tcase_create("tmpl");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, renders_like_helm, 0, (int)(sizeof cases / sizeof cases[0]));
	tcase_add_test(tc, nil_prints_no_value);
	tcase_add_test(tc, defines_replace_unless_empty);
	tcase_add_test(tc, execute_unknown_template);
	tcase_add_test(tc, parse_error_adds_nothing);
	tcase_add_test(tc, function_failure_is_wrapped);
	tcase_add_test(tc, int64_and_list_params);
	tcase_add_test(tc, builtin_slice);
	tcase_add_test(tc, exec_name_is_the_root_template);
	tcase_add_test(tc, deep_nesting_is_bounded);
	tcase_add_test(tc, recursion_depth_limit);
	tcase_add_test(tc, step_and_output_limits);
	tcase_add_test(tc, big_map_fields);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(tmpl_suite());
	srunner_run_all(sr, CK_NORMAL);
	int run = srunner_ntests_run(sr), failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	printf("test_tmpl: %d passed, %d failed\n", run - failed, failed);
	return failed ? 1 : 0;
}
