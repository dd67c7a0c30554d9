/* tmpl_impl.h - the inside of src/tmpl: tokens, parse trees, template sets
 * and the execution state shared by lex.c, parse.c, exec.c, builtins.c and
 * set.c. Nothing here is part of the contract (tmpl.h is).
 *
 * The shapes follow Go's text/template closely on purpose: error messages
 * quote nodes as Go prints them and point at Go's byte positions, so the
 * tree keeps what Go's tree keeps (positions, lines, the original spelling
 * of literals). Everything lives in the set's arena. */
#ifndef AGENTENV_TMPL_IMPL_H
#define AGENTENV_TMPL_IMPL_H

#include <setjmp.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tmpl/tmpl.h"
#include "util/buf.h"
#include "util/regex.h"
#include "yaml/value.h"

/* ---- lexer (lex.c) ------------------------------------------------------ */

enum item_type {
	ITEM_ERROR, ITEM_BOOL, ITEM_CHAR, ITEM_CHAR_CONSTANT, ITEM_COMMENT,
	ITEM_COMPLEX, ITEM_ASSIGN, ITEM_DECLARE, ITEM_EOF, ITEM_FIELD,
	ITEM_IDENTIFIER, ITEM_LEFT_DELIM, ITEM_LEFT_PAREN, ITEM_NUMBER,
	ITEM_PIPE, ITEM_RAW_STRING, ITEM_RIGHT_DELIM, ITEM_RIGHT_PAREN,
	ITEM_SPACE, ITEM_STRING, ITEM_TEXT, ITEM_VARIABLE,
	ITEM_KEYWORD,   /* keywords follow; only a delimiter */
	ITEM_BLOCK, ITEM_BREAK, ITEM_CONTINUE, ITEM_DOT, ITEM_DEFINE, ITEM_ELSE,
	ITEM_END, ITEM_IF, ITEM_NIL, ITEM_RANGE, ITEM_TEMPLATE, ITEM_WITH
};

struct item {
	enum item_type type;
	int pos;            /* byte offset in the input */
	int line;           /* line at the start of the item */
	const char *val;    /* the item's text, or an error message */
	size_t len;
};

struct lexer {
	struct arena *arena;
	const char *input;
	size_t len;
	size_t pos, start, width;
	int line, start_line;
	int paren_depth;
	bool at_eof, inside_action;
	bool break_ok, continue_ok;
	struct item item;
};

void tmpl_lex_init(struct lexer *l, struct arena *a, const char *text, size_t len);
struct item tmpl_lex_next(struct lexer *l);
/* Go's item.String(): "EOF", <keyword>, "quoted" or "first 10..."... */
void tmpl_item_string(struct buf *out, const struct item *it);

/* ---- parse trees (parse.c) ---------------------------------------------- */

enum node_type {
	N_TEXT, N_ACTION, N_BOOL, N_CHAIN, N_COMMAND, N_DOT, N_ELSE, N_END,
	N_FIELD, N_IDENT, N_IF, N_LIST, N_NIL, N_NUMBER, N_PIPE, N_RANGE,
	N_STRING, N_TEMPLATE, N_VARIABLE, N_WITH, N_BREAK, N_CONTINUE
};

struct func;

struct node {
	enum node_type type;
	int pos;                  /* byte offset in the template text */
	int line;
	union {
		struct { const char *s; size_t len; } text;
		struct { struct node **items; size_t n; } list;      /* N_LIST */
		struct node *pipe;                                     /* N_ACTION */
		struct {                                               /* N_IF/RANGE/WITH */
			struct node *pipe, *list, *else_list;
		} branch;
		struct { const char *name; struct node *pipe; } call;  /* N_TEMPLATE */
		struct {
			struct node **decl; size_t ndecl;              /* N_VARIABLE */
			struct node **cmds; size_t ncmds;              /* N_COMMAND */
			bool assign;
		} pipeline;
		struct { struct node **args; size_t n; } cmd;          /* N_COMMAND */
		/* N_FIELD (names without dots), N_VARIABLE ("$x" then fields) */
		struct { const char **id; size_t n; } ident;
		struct { struct node *node; const char **id; size_t n; } chain;
		struct { const char *name; struct func *fn; } fn;     /* N_IDENT */
		bool b;                                                /* N_BOOL */
		struct {                                               /* N_NUMBER */
			const char *text;
			bool is_int, is_uint, is_float;
			int64_t i;
			uint64_t u;
			double f;
			/* the constant converted to int, int64 and float64,
			 * and its "ideal" value where no type is known */
			struct val *as_int, *as_int64, *as_float, *ideal;
		} num;
		struct { const char *quoted; struct val *v; } str;     /* N_STRING */
	};
};

/* Go's Node.String(), as error messages quote nodes. */
void tmpl_node_string(struct buf *out, const struct node *n);

/* ---- templates and sets (set.c) ----------------------------------------- */

struct tmpl {
	const char *name;
	const char *parse_name;   /* the file it was parsed from: error locations */
	const char *text;         /* that file's text: line and column numbers */
	size_t len;
	struct node *root;        /* N_LIST */
};

/* Built-in functions of text/template; 0 is a registered function. */
enum builtin {
	B_NONE, B_AND, B_OR, B_NOT, B_LEN, B_INDEX, B_SLICE, B_EQ, B_NE, B_LT,
	B_LE, B_GT, B_GE, B_PRINT, B_PRINTF, B_PRINTLN, B_HTML, B_JS,
	B_URLQUERY, B_CALL
};

#define TMPL_MAX_PARAMS 16

/* A function or method: a registered one, or a builtin. Entries are never
 * freed or moved, so parse trees can point at them; re-registering a name
 * updates its entry in place. */
struct func {
	const char *name;
	tmpl_fn fn;
	enum builtin builtin;
	unsigned char param[TMPL_MAX_PARAMS];   /* signature letters */
	size_t nparam;
	bool variadic;                           /* last param repeats */
};

/* A string-keyed hash table in the arena (templates, functions, methods). */
struct smap {
	const char **keys;
	void **vals;
	size_t n, cap;
};

void *tmpl_smap_get(const struct smap *m, const char *key);
void tmpl_smap_put(struct arena *a, struct smap *m, const char *key, void *v);

struct tmpl_set {
	struct arena *arena;
	struct tmpl_limits limits;
	struct tmpl_set *parent;   /* tpl: an overlay on the running set */
	struct smap tmpls;
	struct smap *funcs;        /* shared by overlays */
	struct smap *methods;      /* "type\x1fname" -> struct func */
	struct smap *map_types;    /* Go map types among the objects */
	const char *name;          /* the set's own name: Helm's "gotpl" */
	uintptr_t stack_floor;     /* recursion stops before the stack does */
	struct val *v_true, *v_false, *v_null;
};

const struct tmpl *tmpl_lookup(const struct tmpl_set *s, const char *name);
struct func *tmpl_func_find(const struct tmpl_set *s, const char *name);
struct func *tmpl_method_find(const struct tmpl_set *s, const char *type,
			      const char *name);
/* Add parsed trees, as Go's AddParseTree: an empty tree does not replace. */
void tmpl_set_add(struct tmpl_set *s, struct tmpl *t);
bool tmpl_tree_is_empty(const struct node *list);

/* Parse text into trees (parse.c); on error, Go's message in err, NULL. */
struct tmpl **tmpl_parse_trees(struct tmpl_set *s, const char *name,
			       const char *text, size_t len, size_t *n,
			       struct buf *err);

/* Deep nesting (parentheses, blocks, template calls) recurses in C; each
 * recursion point checks that the stack has room left above the floor,
 * so a hostile template gets an error, never a crash. */
static inline bool tmpl_stack_exhausted(uintptr_t floor)
{
	char here;
	return (uintptr_t)&here < floor;
}

/* ---- execution (exec.c) -------------------------------------------------- */

/* A value as Go's reflect sees it: `boxed` marks a value whose static type
 * is interface{} (a map element, a []interface{} element); a nil val that is
 * not boxed is Go's invalid (zero) reflect.Value. The difference shows only
 * in error texts ("in type interface {}") and in len/validateType. */
struct tv {
	struct val *v;
	bool boxed;
};

struct var {
	const char *name;
	struct tv val;
};

/* Counters shared by an execution and the include/tpl calls under it. */
struct xroot {
	unsigned long long steps;
	size_t written;
	struct regex_budget regex;
};

struct tmpl_exec {
	struct tmpl_set *set;
	struct xroot *root;
	const struct tmpl *tmpl;     /* template being executed */
	const struct node *node;     /* current node, for error context */
	const char *root_name;       /* what tmpl_execute was asked to run */
	struct buf *out;
	unsigned depth;
	struct var *vars;            /* inline_vars until it grows */
	size_t nvars, capvars, vbase;
	struct var inline_vars[8];
	jmp_buf *jb;
	struct buf err;              /* the execution's error */
	struct buf callerr;          /* the failing function's message */
	bool call_failed;
};

void tmpl_exec_init(struct tmpl_exec *ex, struct tmpl_set *s, struct xroot *root,
		    unsigned depth, struct buf *out);
void tmpl_exec_done(struct tmpl_exec *ex);
/* Run t with dot; -1 with ex->err set on error. */
int tmpl_exec_run(struct tmpl_exec *ex, const struct tmpl *t, struct val *dot);

/* Stop the execution with Go's error text at the current node. */
_Noreturn void tmpl_errorf(struct tmpl_exec *ex, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Write to the output, counting against max_output. */
void tmpl_write(struct tmpl_exec *ex, const char *s, size_t n);
struct val *tmpl_new_str(struct tmpl_exec *ex, const char *s, size_t n);
struct val *tmpl_new_int(struct tmpl_exec *ex, int64_t i);
struct val *tmpl_bool(struct tmpl_exec *ex, bool b);

/* ---- strconv and utf8 (gostrconv.c) ------------------------------------ */

/* One UTF-8 rune; invalid input is U+FFFD of width 1, as in Go. */
long tmpl_utf8_decode(const char *s, size_t n, size_t *w);
bool tmpl_go_isprint(long r);
void tmpl_quote(struct buf *b, const char *s, size_t n, bool ascii);
void tmpl_quote_rune(struct buf *b, long r, bool ascii);
bool tmpl_can_backquote(const char *s, size_t n);
/* strconv.AppendFloat(v, fmt, prec, 64); prec -1 is the shortest. */
void tmpl_append_float(struct buf *b, double v, char fmt, int prec);

/* ---- builtins (builtins.c) ----------------------------------------------- */

struct builtin_call {
	struct tmpl_exec *ex;
	const struct node *cmd;       /* for call: its first argument's text */
	struct tv *argv;
	size_t argc;
};

/* Run a builtin; returns 0, or -1 with the message in ex->callerr. */
int tmpl_builtin_run(struct builtin_call *c, enum builtin b, struct tv *result);
bool tmpl_truth(struct tv v);
/* Go's type name of a value as reflect shows it (boxed: interface {}). */
const char *tmpl_type_name(struct tv v);
/* Map pairs in Go's order (fmtsort: keys compared as Go compares them). */
void tmpl_sort_pairs(struct val_pair **pairs, size_t n);
struct val_pair **tmpl_sorted_pairs(struct arena *a, const struct val *map);
/* The builtin table, for tmpl_set_new. */
struct builtin_def {
	const char *name;
	enum builtin b;
	const char *sig;
};
extern const struct builtin_def tmpl_builtins[];

/* A value that stands for a Go object of a named type (a struct, a map or
 * slice type with methods) rather than plain data: its tag is a Go type
 * name, not a YAML tag (those start with '!'). */
static inline bool tmpl_is_object(const struct val *v)
{
	return v->tag && v->tag[0] != '!' && v->kind != VAL_NULL;
}

#endif
