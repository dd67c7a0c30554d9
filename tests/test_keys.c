/* test_keys.c - the key table is the documentation.
 *
 * usage: test_keys SRCDIR BUILDDIR
 * README.md (between "<!-- keys:begin -->" and "<!-- keys:end -->") and
 * man/agentenv-convert.1 (between ".\" keys:begin" and ".\" keys:end")
 * must hold exactly what keys_markdown / keys_roff print from the table in
 * src/compose/keys.c. On a difference the expected text is written to
 * BUILDDIR/keys.md or BUILDDIR/keys.roff, to paste in. Also: every row the
 * conversion names exists once. Last line `test_keys: N passed, N failed`. */
#include "compose/keys.h"
#include "util/buf.h"

#include <stdio.h>
#include <string.h>

static int passed, failed;

static void check(bool ok, const char *what)
{
	ok ? passed++ : failed++;
	if (!ok)
		printf("FAIL %s\n", what);
}

static void check_block(const char *srcdir, const char *builddir, const char *file,
			const char *begin, const char *end, const char *out_name,
			void (*gen)(struct buf *))
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", srcdir, file);
	struct buf text = BUF_INIT, want = BUF_INIT;
	gen(&want);
	bool read = buf_read_file(&text, path);
	const char *b = read ? strstr(buf_str(&text), begin) : NULL;
	const char *e = b ? strstr(b, end) : NULL;
	bool same = false;
	if (b && e) {
		b += strlen(begin);
		b += *b == '\n';
		same = (size_t)(e - b) == want.len && memcmp(b, want.p, want.len) == 0;
	}
	if (!same) {
		snprintf(path, sizeof path, "%s/%s", builddir, out_name);
		FILE *f = fopen(path, "w");
		if (f) {
			fputs(buf_str(&want), f);
			fclose(f);
		}
		printf("FAIL %s: the key table differs from src/compose/keys.c (expected text in %s)\n",
		       file, path);
	}
	check(same, file);
	buf_free(&text);
	buf_free(&want);
}

int main(int argc, char **argv)
{
	const char *srcdir = argc > 1 ? argv[1] : ".", *builddir = argc > 2 ? argv[2] : ".";
	check_block(srcdir, builddir, "README.md", "<!-- keys:begin -->", "<!-- keys:end -->",
		    "keys.md", keys_markdown);
	check_block(srcdir, builddir, "man/agentenv-convert.1", ".\\\" keys:begin",
		    ".\\\" keys:end", "keys.roff", keys_roff);
	for (int id = KEYS_NONE + 1; id <= KEYS_TOP_OTHER; id++) {
		char what[64];
		snprintf(what, sizeof what, "row %d is in the table", id);
		check(keys_row((enum keys_id)id) != NULL, what);
	}
	check(keys_find(KEY_SERVICE, "ports") && keys_find(KEY_SERVICE, "ports")->decision ==
	      KEY_IGNORED, "ports is ignored");
	check(keys_row(KEYS_SECURITY_OPT_OTHER)->never_dropped, "security_opt is never dropped");
	printf("test_keys: %d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
