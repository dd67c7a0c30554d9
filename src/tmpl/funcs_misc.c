/* funcs_misc.c - Sprig's path functions (Go's path package: base dir
 * clean ext isAbs, and their os* forms, the same on Linux) and the random
 * ones (randAlphaNum randAlpha randNumeric randAscii uuidv4), plus hello.
 *
 * Random output comes from /dev/urandom, as Sprig's comes from
 * crypto/rand; only its length and alphabet can be compared with Helm. */
#include "tmpl/funcs_int.h"
#include "yaml/value.h"
#include "util/buf.h"

#include <stdio.h>
#include <string.h>

/* ---- path ---------------------------------------------------------------- */

/* path.Clean: one slash between elements, no "." elements, ".." taking
 * out the element before it (or dropped at the root), "." for nothing. */
static void path_clean(const char *s, size_t n, struct buf *out)
{
	bool rooted = n && s[0] == '/';
	size_t dotdot = rooted;   /* where ".." can no longer back up */
	buf_reset(out);
	if (rooted)
		buf_addc(out, '/');
	for (size_t i = rooted; i < n;) {
		size_t e = i;
		while (e < n && s[e] != '/')
			e++;
		size_t len = e - i;
		if (len == 0 || (len == 1 && s[i] == '.')) {
			/* empty or "." element */
		} else if (len == 2 && s[i] == '.' && s[i + 1] == '.') {
			if (out->len > dotdot) {
				while (out->len > dotdot && out->p[out->len - 1] != '/')
					out->len--;
				if (out->len > dotdot)
					out->len--;
				out->p[out->len] = '\0';
			} else if (!rooted) {
				buf_adds(out, out->len ? "/.." : "..");
				dotdot = out->len;
			}
		} else {
			if ((rooted && out->len != 1) || (!rooted && out->len))
				buf_addc(out, '/');
			buf_add(out, s + i, len);
		}
		i = e + 1;
	}
	if (!out->len)
		buf_addc(out, '.');
}

static struct val *path_result(struct tmpl_call *c, struct buf *b)
{
	struct val *v = tmplfn_buf_str(c, b);
	buf_free(b);
	return v;
}

int tmplfn_fn_clean(struct tmpl_call *c, struct val **r)
{
	struct buf out = BUF_INIT;
	path_clean(c->argv[0]->str.s, c->argv[0]->str.len, &out);
	*r = path_result(c, &out);
	return 0;
}

/* path.Base: the last element without trailing slashes; "/" and ".". */
int tmplfn_fn_base(struct tmpl_call *c, struct val **r)
{
	const char *s = c->argv[0]->str.s;
	size_t n = c->argv[0]->str.len;
	struct buf out = BUF_INIT;
	while (n > 0 && s[n - 1] == '/')
		n--;
	size_t i = n;
	while (i > 0 && s[i - 1] != '/')
		i--;
	if (c->argv[0]->str.len == 0)
		buf_addc(&out, '.');
	else if (n == 0)
		buf_addc(&out, '/');
	else
		buf_add(&out, s + i, n - i);
	*r = path_result(c, &out);
	return 0;
}

/* path.Dir: everything up to the last slash, cleaned. */
int tmplfn_fn_dir(struct tmpl_call *c, struct val **r)
{
	const char *s = c->argv[0]->str.s;
	size_t i = c->argv[0]->str.len;
	struct buf out = BUF_INIT;
	while (i > 0 && s[i - 1] != '/')
		i--;
	path_clean(s, i, &out);
	*r = path_result(c, &out);
	return 0;
}

/* path.Ext: from the last dot of the last element. */
int tmplfn_fn_ext(struct tmpl_call *c, struct val **r)
{
	const char *s = c->argv[0]->str.s;
	size_t n = c->argv[0]->str.len;
	for (size_t i = n; i > 0 && s[i - 1] != '/'; i--) {
		if (s[i - 1] == '.') {
			*r = tmplfn_str(c, s + i - 1, n - i + 1);
			return 0;
		}
	}
	*r = tmplfn_str(c, "", 0);
	return 0;
}

int tmplfn_fn_isabs(struct tmpl_call *c, struct val **r)
{
	*r = tmplfn_bool(c, c->argv[0]->str.len && c->argv[0]->str.s[0] == '/');
	return 0;
}

int tmplfn_fn_hello(struct tmpl_call *c, struct val **r)
{
	*r = tmplfn_str(c, "Hello!", 6);
	return 0;
}

/* ---- random --------------------------------------------------------------- */

static bool random_bytes(unsigned char *p, size_t n)
{
	FILE *f = fopen("/dev/urandom", "rb");
	bool ok = f && fread(p, 1, n, f) == n;
	if (f)
		fclose(f);
	return ok;
}

/* count characters drawn from the alphabet (uniformly: bytes beyond the
 * largest multiple of its size are drawn again). */
static int random_string(struct tmpl_call *c, struct val **r, const char *alphabet)
{
	int64_t count = c->argv[0]->i;
	size_t k = strlen(alphabet), limit = 256 - 256 % k;
	struct buf out = BUF_INIT;
	if (count < 0)
		return tmpl_call_fail(c, "runtime error: makeslice: len out of range");
	if (count > (1 << 24))
		return tmpl_call_fail(c, "random string of %lld characters is too long", (long long)count);
	while ((int64_t)out.len < count) {
		unsigned char b[64];
		if (!random_bytes(b, sizeof b)) {
			buf_free(&out);
			return tmpl_call_fail(c, "cannot read /dev/urandom");
		}
		for (size_t i = 0; i < sizeof b && (int64_t)out.len < count; i++)
			if (b[i] < limit)
				buf_addc(&out, alphabet[b[i] % k]);
	}
	*r = tmplfn_buf_str(c, &out);
	buf_free(&out);
	return 0;
}

int tmplfn_fn_randalphanum(struct tmpl_call *c, struct val **r)
{
	return random_string(c, r, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789");
}

int tmplfn_fn_randalpha(struct tmpl_call *c, struct val **r)
{
	return random_string(c, r, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");
}

int tmplfn_fn_randnumeric(struct tmpl_call *c, struct val **r)
{
	return random_string(c, r, "0123456789");
}

/* randAscii: printable ASCII from space to ~. */
int tmplfn_fn_randascii(struct tmpl_call *c, struct val **r)
{
	return random_string(c, r, " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ"
				   "[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~");
}

/* uuidv4: a random version 4, variant 10 UUID in lower-case hex. */
int tmplfn_fn_uuidv4(struct tmpl_call *c, struct val **r)
{
	unsigned char u[16];
	if (!random_bytes(u, sizeof u))
		return tmpl_call_fail(c, "cannot read /dev/urandom");
	u[6] = (unsigned char)((u[6] & 0x0F) | 0x40);
	u[8] = (unsigned char)((u[8] & 0x3F) | 0x80);
	struct buf out = BUF_INIT;
	for (int i = 0; i < 16; i++)
		buf_addf(&out, "%s%02x", i == 4 || i == 6 || i == 8 || i == 10 ? "-" : "", u[i]);
	*r = tmplfn_buf_str(c, &out);
	buf_free(&out);
	return 0;
}
