/* units.c - parsing of byte values, durations and Python-style integers. */
#include "compose/units.h"
#include "util/buf.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static size_t units_digits(const char *s)
{
	size_t n = 0;
	while (isdigit((unsigned char)s[n]))
		n++;
	return n;
}

static const char *units_k8s_suffix(const char *unit)
{
	static const struct { const char *unit, *suffix; } table[] = {
		{"b", ""}, {"k", "Ki"}, {"kb", "Ki"}, {"m", "Mi"}, {"mb", "Mi"},
		{"g", "Gi"}, {"gb", "Gi"},
	};
	for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
		if (strcasecmp(unit, table[i].unit) == 0)
			return table[i].suffix;
	return NULL;
}

bool units_bytes_to_quantity(const char *s, struct buf *out)
{
	size_t n = units_digits(s);
	if (n == 0)
		return false;
	if (s[n] == '.') {
		size_t frac = units_digits(s + n + 1);
		if (frac == 0)
			return false;
		n += 1 + frac;
	}
	const char *suffix = units_k8s_suffix(s + n);
	if (!suffix)
		return false;
	buf_add(out, s, n);
	buf_adds(out, suffix);
	return true;
}

/* One optional `<digits><unit>` group of a duration. */
static bool units_duration_part(const char **p, char unit, int64_t scale, int64_t *total)
{
	size_t n = units_digits(*p);
	if (n == 0 || (*p)[n] != unit)
		return true;
	errno = 0;
	long long v = strtoll(*p, NULL, 10);
	if (errno)
		return false;
	*total += v * scale;
	*p += n + 1;
	return true;
}

bool units_duration_seconds(const char *s, int64_t *seconds)
{
	const char *p = s;
	*seconds = 0;
	if (!units_duration_part(&p, 'h', 3600, seconds) ||
	    !units_duration_part(&p, 'm', 60, seconds) ||
	    !units_duration_part(&p, 's', 1, seconds))
		return false;
	return *p == '\0';
}

bool units_python_int(const char *s, int64_t *out)
{
	while (isspace((unsigned char)*s))
		s++;
	int sign = 1;
	if (*s == '+' || *s == '-')
		sign = *s++ == '-' ? -1 : 1;
	if (!isdigit((unsigned char)*s))
		return false;
	int64_t v = 0;
	for (; isdigit((unsigned char)*s) || *s == '_'; s++) {
		if (*s == '_') {
			if (!isdigit((unsigned char)s[1]))
				return false;
			continue;
		}
		if (v > (INT64_MAX - 9) / 10)
			return false;
		v = v * 10 + (*s - '0');
	}
	while (isspace((unsigned char)*s))
		s++;
	*out = sign * v;
	return *s == '\0';
}
