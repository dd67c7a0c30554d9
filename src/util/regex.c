/* regex.c - PCRE2 matching within a backtracking budget (see regex.h). */
#include "util/regex.h"
#include "util/buf.h"
#include "util/limits.h"

#include <stdint.h>

#define REGEX_FIRST_LIMIT 1000u

struct regex_budget regex_budget_new(void)
{
	unsigned long long steps = limit_get(LIMIT_REGEX_STEPS);
	unsigned long long depth = limit_get(LIMIT_REGEX_DEPTH);
	return (struct regex_budget){steps, steps, depth > UINT32_MAX ? UINT32_MAX : (unsigned)depth};
}

static uint32_t regex_u32(unsigned long long v)
{
	return v > UINT32_MAX ? UINT32_MAX : (uint32_t)v;
}

/* The depth limit, and a heap limit that lets the depth limit be the one
 * reached: one backtracking frame per level. */
static void regex_set_depth(const struct regex_budget *b, const pcre2_code *code,
			    pcre2_match_context *mctx)
{
	size_t frame = 0;
	pcre2_pattern_info(code, PCRE2_INFO_FRAMESIZE, &frame);
	pcre2_set_depth_limit(mctx, b->depth);
	pcre2_set_heap_limit(mctx, regex_u32((unsigned long long)b->depth * frame / 1024 + 64));
}

int regex_match(struct regex_budget *b, const pcre2_code *code, const char *s, size_t n,
		size_t pos, pcre2_match_data *md, pcre2_match_context *mctx)
{
	regex_set_depth(b, code, mctx);
	for (unsigned long long limit = REGEX_FIRST_LIMIT;; limit *= 2) {
		if (limit > b->left)
			limit = b->left;
		pcre2_set_match_limit(mctx, regex_u32(limit));
		int rc = pcre2_match(code, (PCRE2_SPTR)s, n, pos, 0, md, mctx);
		if (rc != PCRE2_ERROR_MATCHLIMIT)
			return rc;
		if (b->left <= limit) {
			b->left = 0;
			return rc;
		}
		b->left -= limit;
	}
}

bool regex_limit_message(const struct regex_budget *b, int rc, struct buf *out)
{
	if (rc == PCRE2_ERROR_MATCHLIMIT)
		buf_addf(out, "matching needs more than %llu backtracking steps; %s raises the "
			 "limit", b->steps, limit_var(LIMIT_REGEX_STEPS));
	else if (rc == PCRE2_ERROR_DEPTHLIMIT || rc == PCRE2_ERROR_HEAPLIMIT)
		buf_addf(out, "matching backtracks deeper than %u levels; %s raises the limit",
			 b->depth, limit_var(LIMIT_REGEX_DEPTH));
	else
		return false;
	return true;
}
