/* json.c - JSON's scalar grammar for plain scalars. */
#include "yaml/json.h"
#include "yaml/value.h"
#include "util/arena.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)? ; *is_int when no . or e */
static bool yjson_number(const char *s, size_t n, bool *is_int)
{
	size_t i = 0;
	*is_int = true;
	if (i < n && s[i] == '-')
		i++;
	if (i < n && s[i] == '0')
		i++;
	else if (i < n && s[i] >= '1' && s[i] <= '9')
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++;
	else
		return false;
	if (i < n && s[i] == '.') {
		*is_int = false;
		size_t start = ++i;
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++;
		if (i == start)
			return false;
	}
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		*is_int = false;
		if (++i < n && (s[i] == '+' || s[i] == '-'))
			i++;
		size_t start = i;
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++;
		if (i == start)
			return false;
	}
	return i == n;
}

struct val *yjson_plain(void *ctx, struct arena *a, const char *s, size_t n,
			const struct mark *m)
{
	(void)ctx;
	bool is_int;
	if (n == 4 && memcmp(s, "true", 4) == 0)
		return val_bool(a, true, m);
	if (n == 5 && memcmp(s, "false", 5) == 0)
		return val_bool(a, false, m);
	if (n == 4 && memcmp(s, "null", 4) == 0)
		return val_null(a, m);
	if (!yjson_number(s, n, &is_int))
		return val_strn(a, s, n, m);
	char *text = arena_strndup(a, s, n);
	if (is_int) {
		errno = 0;
		long long v = strtoll(text, NULL, 10);
		if (errno == 0)
			return val_int(a, v, m);
	}
	return val_float(a, strtod(text, NULL), m);
}
