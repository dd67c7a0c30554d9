/* regex.h - PCRE2 matching with bounded work: one backtracking budget per
 * run (a render, a validation), spent by every match, and a depth limit
 * per match, from util/limits.h (AGENTENV_MAX_REGEX_STEPS and
 * AGENTENV_MAX_REGEX_DEPTH).
 *
 * A match is first tried with a small match limit, doubled while PCRE2
 * reports it reached; the steps of the attempts that ran out are spent
 * from the budget. So cheap matches cost nothing, a catastrophic pattern
 * such as (a|a)*b over a long text ends in an error, and so does one that
 * a template or a schema repeats many times. */
#ifndef AGENTENV_REGEX_H
#define AGENTENV_REGEX_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <stdbool.h>
#include <stddef.h>

struct buf;

struct regex_budget {
	unsigned long long left;    /* backtracking steps left */
	unsigned long long steps;   /* the budget it started with */
	unsigned depth;             /* backtracking depth of one match */
};

/* A budget with the limits of util/limits.h. */
struct regex_budget regex_budget_new(void);

/* pcre2_match within the budget; the limits are set on mctx. Returns
 * PCRE2's result: PCRE2_ERROR_MATCHLIMIT once the budget is spent,
 * PCRE2_ERROR_DEPTHLIMIT (or HEAPLIMIT) when one match backtracks too deep. */
int regex_match(struct regex_budget *b, const pcre2_code *code, const char *s, size_t n,
		size_t pos, pcre2_match_data *md, pcre2_match_context *mctx);

/* For a limit error of regex_match, the message ("matching needs more than
 * N backtracking steps; AGENTENV_MAX_REGEX_STEPS raises the limit") added
 * to out; false for other results. */
bool regex_limit_message(const struct regex_budget *b, int rc, struct buf *out);

#endif
