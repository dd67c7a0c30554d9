/* tmpl.h - Go's text/template, as Helm runs it (the contract of src/tmpl).
 *
 * A tmpl_set holds named templates in one namespace, like Go's tree set:
 * parsing a file adds it under its name plus every {{define}} in it.
 * Executing renders one of them with a dot value. Values are struct val
 * (yaml/value.h); Go's nil is a VAL_NULL value, never a NULL pointer.
 *
 * Errors are Go's own texts, so the Helm layer can rewrite them exactly as
 * Helm does:
 *   parse:  template: NAME:LINE: MESSAGE
 *   exec:   template: NAME:LINE:COL: executing "NAME" at <NODE>: MESSAGE
 * and a function's failure is "error calling FUNC: MESSAGE" inside exec.
 *
 * Printing follows Go: {{ x }} writes fmt.Sprint(x) (see gofmt.h); a nil
 * or missing value prints "<no value>" (Helm later removes that text).
 * Map keys are visited in sorted order by range. Missing map keys give nil
 * (Helm's missingkey=zero). Everything is bounded by struct tmpl_limits. */
#ifndef AGENTENV_TMPL_H
#define AGENTENV_TMPL_H

#include <stdbool.h>
#include <stddef.h>

struct arena;
struct buf;
struct regex_budget;
struct val;

struct tmpl_set;    /* opaque: the templates */
struct tmpl_exec;   /* opaque: one execution in progress */

struct tmpl_limits {
	unsigned max_depth;           /* nesting of template/include/tpl calls */
	unsigned long long max_steps; /* evaluation steps (nodes, loop turns) */
	size_t max_output;            /* bytes written by one execution */
};

/* The limits of util/limits.h: defaults, or their environment variables. */
struct tmpl_limits tmpl_limits_default(void);

/* The regex backtracking budget of the running execution (util/regex.h),
 * which the regex functions spend. */
struct regex_budget *tmpl_regex_budget(struct tmpl_exec *ex);

/* ---- functions -------------------------------------------------------
 * A function gets its evaluated arguments (already checked against its
 * signature and converted, as Go's reflect call would) and returns a value.
 *
 * Signature: one letter per parameter, in order, and a final '*' makes the
 * last parameter variadic:
 *   v interface{}   s string   i int   I int64   f float64   b bool
 *   l []interface{} m map[string]interface{}
 * Go's rules apply: a string parameter takes only a string ("wrong type
 * for value; expected string; got float64"), an int parameter takes an int
 * value or an untyped number constant of the template text, nil is "invalid
 * value; expected string" for typed parameters, etc. */

struct tmpl_call {
	struct tmpl_exec *exec;   /* the running execution (for include, tpl) */
	struct arena *arena;      /* allocate results here */
	const char *name;         /* the function's name */
	struct val **argv;
	size_t argc;
};

/* Return 0 with *result set (never NULL), or -1 after tmpl_call_fail(). */
typedef int (*tmpl_fn)(struct tmpl_call *c, struct val **result);

struct tmpl_func {
	const char *name;
	tmpl_fn fn;
	const char *sig;
};

/* A method of a Go object that Helm passes in (.Files.Get, .Capabilities.
 * APIVersions.Has): a map value whose `tag` is `type` gets method `name`;
 * the receiver is argv[0]. */
struct tmpl_method {
	const char *type;
	const char *name;
	tmpl_fn fn;
	const char *sig;   /* of the arguments after the receiver */
};

/* Fail the call: the execution stops with "error calling NAME: MESSAGE". */
int tmpl_call_fail(struct tmpl_call *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* ---- template sets ---------------------------------------------------- */

struct tmpl_set *tmpl_set_new(struct arena *a, const struct tmpl_limits *limits);
/* Register functions and methods (arrays ending with a NULL name); later
 * registrations of a name replace earlier ones. */
void tmpl_set_funcs(struct tmpl_set *s, const struct tmpl_func *funcs);
void tmpl_set_methods(struct tmpl_set *s, const struct tmpl_method *methods);
/* Parse `text` as template `name`, adding it and its {{define}}s to the set
 * (a define replaces an earlier one of the same name, as Go's AddParseTree
 * does). On error appends Go's parse error text to err and returns -1. */
int tmpl_parse(struct tmpl_set *s, const char *name, const char *text, size_t len,
	       struct buf *err);
bool tmpl_has(const struct tmpl_set *s, const char *name);
/* Render template `name` with `dot`, appending to out. On error appends
 * Go's error text to err and returns -1 (out then holds what was written). */
int tmpl_execute(struct tmpl_set *s, const char *name, struct val *dot,
		 struct buf *out, struct buf *err);

/* ---- services for Helm's include and tpl --------------------------------- */

/* Helm's include: render a named template of the running set into out. */
int tmpl_exec_include(struct tmpl_exec *ex, const char *name, struct val *dot,
		      struct buf *out);
/* Helm's tpl: parse text as a template in a copy of the running set (so its
 * defines do not leak) and render it with dot into out. */
int tmpl_exec_tpl(struct tmpl_exec *ex, const char *text, size_t len,
		  struct val *dot, struct buf *out);
/* The name of the template being executed (Helm's .Template.Name). */
const char *tmpl_exec_name(const struct tmpl_exec *ex);

/* Addition: declare a Go map type (a named map type with methods, such as
 * Helm's engine.files) among the tagged objects: a missing key gives
 * `zero` (the element type's zero value; NULL: nil) as a map does, where
 * a struct's missing field is an error. */
void tmpl_set_map_type(struct tmpl_set *s, const char *type, struct val *zero);

/* ---- details of the contract (additions; nothing above changed) ----------
 *
 * include/tpl failures: when tmpl_exec_include or tmpl_exec_tpl returns -1,
 * the calling function's failure message is already set, so the function
 * just returns -1 and the execution stops with "error calling include: "
 * (or tpl) followed by it, as Helm's errors read:
 *   include: the inner error as is (Go's "template: FILE:L:C: executing
 *            ..." text, or `template: no template "x" associated with
 *            template "gotpl"`);
 *   tpl:     "cannot parse template %q: <parse error>" or "error during tpl
 *            function execution for %q: <exec error>", as Helm's tpl words
 *            them; the text is parsed as template "gotpl" (Helm's root
 *            template name), and its output has "<no value>" removed, as
 *            Helm's tpl does.
 * Both run one level deeper (max_depth) and count against the same steps
 * and output limits as the execution that called them.
 *
 * tmpl_exec_name is the name tmpl_execute was asked to run, also inside
 * include, tpl and {{template}} (Helm's .Template.Name is the file).
 *
 * The set's own name is "gotpl", as Helm's root template is called.
 *
 * Go objects: a value whose tag does not start with '!' (YAML tags do)
 * stands for a Go value of the type the tag names: a struct or pointer
 * ("*common.Capabilities", "common.KubeVersion") or a map type
 * ("engine.files") as a VAL_MAP, a slice type ("common.VersionSet") as a
 * VAL_SEQ (so the method table covers the `type` of any kind, not only
 * maps). .X is the method X registered for that type, else the map entry
 * X; a missing one is Go's "can't evaluate field X in type T" (as for a
 * struct), one given arguments "X has arguments but cannot be invoked as
 * function"; for the map types declared with tmpl_set_map_type, a
 * missing key is their zero value and arguments are "X is not a method but has
 * arguments", as for any map. range, len and index work on them by their
 * kind; in if/with a pointer type ("*...") is true, other maps are true
 * when not empty. The values inside are not interface{} (errors then name
 * their own types).
 *
 * Parameters: an 'l' or 'm' parameter given nil receives an empty list or
 * map (Go's nil slice and map behave as empty). Functions get their
 * arguments as they are: they must not modify them.
 *
 * Limits: errors read "exceeded maximum template depth (N)", "exceeded
 * maximum evaluation steps (N)", "exceeded maximum output size (N
 * bytes)", as exec errors at the node where the limit was hit. Deep
 * nesting (Go allows 10000 nested parentheses) is also bounded by the C
 * stack: when it runs low the parse fails with Go's "max expression depth
 * exceeded" (or "max nesting depth exceeded" for blocks) and execution
 * with "exceeded maximum nesting depth (out of stack at depth N)"; it
 * never crashes. A set is meant to be used on the thread that created it
 * (that is where it measures its stack). */

#endif
