/* opts.c - option parsing and usage text from one table. */
#include "util/opts.h"
#include "util/arena.h"

#include <string.h>

void strlist_push(struct arena *a, struct strlist *l, const char *s)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 8;
		l->items = arena_grow(a, l->items, l->n * sizeof *l->items, cap * sizeof *l->items);
		l->cap = cap;
	}
	l->items[l->n++] = s;
}

void opts_usage(FILE *out, const char *const *usage, const struct opt *opts)
{
	for (size_t i = 0; usage[i]; i++)
		fprintf(out, "%s %s\n", i ? "   or:" : "usage:", usage[i]);
	fputc('\n', out);
	for (const struct opt *o = opts; o->type != OPT_TYPE_END; o++) {
		char left[64];
		int n = snprintf(left, sizeof left, "%s%c%s--%s%s%s",
				 o->short_name ? "-" : "", o->short_name ? o->short_name : ' ',
				 o->short_name ? ", " : "  ", o->long_name,
				 o->argh ? " " : "", o->argh ? o->argh : "");
		if (!o->short_name)
			memmove(left, left + 1, (size_t)n);
		fprintf(out, "    %-26s %s\n", left, o->help);
	}
	fprintf(out, "    %-26s %s\n", "-h, --help", "show this help");
}

static void opts_fail(const char *const *usage, const struct opt *opts,
		      const char *what, const char *name)
{
	fprintf(stderr, "agentenv: error: %s: %s\n\n", what, name);
	opts_usage(stderr, usage, opts);
}

static const struct opt *opts_find_long(const struct opt *opts, const char *name, size_t n)
{
	for (const struct opt *o = opts; o->type != OPT_TYPE_END; o++)
		if (strlen(o->long_name) == n && strncmp(o->long_name, name, n) == 0)
			return o;
	return NULL;
}

static const struct opt *opts_find_short(const struct opt *opts, char c)
{
	for (const struct opt *o = opts; o->type != OPT_TYPE_END; o++)
		if (o->short_name == c)
			return o;
	return NULL;
}

static void opts_store(struct arena *a, const struct opt *o, const char *arg)
{
	if (o->type == OPT_TYPE_FLAG)
		*(bool *)o->value = true;
	else if (o->type == OPT_TYPE_STRING)
		*(const char **)o->value = arg;
	else
		strlist_push(a, o->value, arg);
}

enum opts_result opts_parse(struct arena *a, int argc, char **argv,
			    const char *const *usage, const struct opt *opts,
			    struct strlist *args)
{
	bool only_args = false;
	for (int i = 1; i < argc; i++) {
		const char *s = argv[i];
		if (only_args || s[0] != '-' || s[1] == '\0') {
			strlist_push(a, args, s);
			continue;
		}
		if (strcmp(s, "--") == 0) {
			only_args = true;
			continue;
		}
		if (strcmp(s, "-h") == 0 || strcmp(s, "--help") == 0) {
			opts_usage(stdout, usage, opts);
			return OPTS_HELP;
		}
		const struct opt *o;
		const char *inline_arg = NULL;
		if (s[1] == '-') {
			const char *eq = strchr(s + 2, '=');
			size_t n = eq ? (size_t)(eq - s - 2) : strlen(s + 2);
			o = opts_find_long(opts, s + 2, n);
			inline_arg = eq ? eq + 1 : NULL;
		} else {
			o = opts_find_short(opts, s[1]);
			inline_arg = s[2] ? s + 2 : NULL;
		}
		if (!o) {
			opts_fail(usage, opts, "unknown option", s);
			return OPTS_ERROR;
		}
		if (o->type == OPT_TYPE_FLAG) {
			if (inline_arg) {
				opts_fail(usage, opts, "option takes no value", s);
				return OPTS_ERROR;
			}
			opts_store(a, o, NULL);
			continue;
		}
		int need = (o->type == OPT_TYPE_PAIR ? 2 : 1) - (inline_arg != NULL);
		if (i + need >= argc) {
			opts_fail(usage, opts, o->type == OPT_TYPE_PAIR ? "option needs two values"
									: "option needs a value", s);
			return OPTS_ERROR;
		}
		if (o->type == OPT_TYPE_PAIR) {
			const char **pair = o->value;
			pair[0] = inline_arg ? inline_arg : argv[++i];
			pair[1] = argv[++i];
			continue;
		}
		opts_store(a, o, inline_arg ? inline_arg : argv[++i]);
	}
	return OPTS_OK;
}
