/* check.c - the checks of the network values (see netpol.h).
 *
 * Rules and where they come from:
 * - allowDomains: Cilium's toFQDNs matchPattern (CRD pattern
 *   ^([-a-zA-Z0-9_*]+[.]?)+$, at most 255 characters), DNS labels of at
 *   most 63 characters, and, unless "*" allows everything, the `*` forms
 *   TLS SNI matching (serverNames) accepts: a leading "*." or "**.". This
 *   also keeps anything out that could break the lines the names are
 *   written into (newlines, spaces, '#', '{', empty labels).
 * - allowDomainsPorts: ports 1-65535, protocols TCP, UDP, SCTP, ANY (any
 *   case: the chart upper-cases them), and the chart's two `fail` rules in
 *   its words (network-policy.yaml).
 * - allowCIDR: an IPv4 or IPv6 address, '/', a prefix length in range.
 * - allowEntities: Cilium's entity names (the CRD's enum).
 * Every problem is reported, at its node. */
#include "helm/gostr.h"
#include "netpol/netpol.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/diag.h"
#include "yaml/value.h"

#include <arpa/inet.h>
#include <stdarg.h>
#include <string.h>

enum { NP_DOMAINS, NP_PORTS, NP_CIDR, NP_ENTITIES, NP_LISTS };

static const char *const np_names[2][NP_LISTS] = {
	[NETPOL_VALUES_NAMES] = {"allowDomains", "allowDomainsPorts", "allowCIDR", "allowEntities"},
	[NETPOL_COMPOSE_NAMES] = {"allow_domains", "allow_domains_ports", "allow_cidr",
				  "allow_entities"},
};

static const char *const np_entities[] = {
	"all", "world", "cluster", "host", "init", "ingress", "unmanaged", "remote-node",
	"health", "none", "kube-apiserver", NULL,
};

struct np_check {
	struct arena *a;
	struct diag *d;
	const char *const *names;
	const struct val *domains;   /* allowDomains, or NULL */
	bool allow_all;              /* allowDomains holds "*" */
	bool ok;
};

static void np_fail(struct np_check *k, const struct val *where, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void np_fail(struct np_check *k, const struct val *where, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	diag_error(k->d, where->mark.file ? &where->mark : NULL, "%s", buf_str(&b));
	buf_free(&b);
	k->ok = false;
}

/* Go's %q of a string value, as the chart's messages print it. */
static const char *np_quote(struct np_check *k, const struct val *v)
{
	struct buf b = BUF_INIT;
	gostr_quote(&b, v->str.s, v->str.len);
	char *s = arena_strndup(k->a, buf_str(&b), b.len);
	buf_free(&b);
	return s;
}

/* The list under key, or NULL when absent or not a list (the values
 * schema, or the converter, reports a wrong type). */
static const struct val *np_list(const struct val *values, const char *key)
{
	const struct val *v = val_map_get(values, key);
	return v && v->kind == VAL_SEQ ? v : NULL;
}

static bool np_string_entry(struct np_check *k, int list, const struct val *v)
{
	if (v->kind == VAL_STR)
		return true;
	np_fail(k, v, "%s: every entry must be a string", k->names[list]);
	return false;
}

/* ---- domains -------------------------------------------------------------- */

static bool np_pattern_char(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
	       ch == '-' || ch == '_' || ch == '.' || ch == '*';
}

/* The first label problem of s, or NULL. */
static const char *np_label_problem(const char *s, size_t n)
{
	size_t len = 0;
	for (size_t i = 0; i <= n; i++) {
		if (i < n && s[i] != '.') {
			len += s[i] != '*';
			continue;
		}
		if (len > 63)
			return "a label is longer than 63 characters";
		if (i < n && (i == 0 || s[i - 1] == '.'))
			return "it has an empty label (a leading '.' or '..')";
		len = 0;
	}
	return NULL;
}

/* A '*' TLS SNI matching cannot take: anywhere but a leading "*." or "**.". */
static bool np_sni_wildcard_ok(const char *s, size_t n)
{
	size_t skip = n > 3 && strncmp(s, "**.", 3) == 0 ? 3 : n > 2 && strncmp(s, "*.", 2) == 0 ? 2 : 0;
	return !memchr(s + skip, '*', n - skip);
}

static void np_check_domain(struct np_check *k, const struct val *v)
{
	if (!np_string_entry(k, NP_DOMAINS, v))
		return;
	const char *s = v->str.s, *why = NULL;
	size_t n = v->str.len;
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < n && !why; i++)
		if (!np_pattern_char(s[i])) {
			buf_adds(&b, "it has the character ");
			gostr_quote_rune(&b, gostr_rune(s + i, n - i, &(size_t){0}));
			buf_adds(&b, " (only letters, digits, '-', '_', '.' and '*' may be used)");
			why = buf_str(&b);
		}
	if (!why && n == 0)
		why = "it is empty";
	if (!why && n > 255)
		why = "it is longer than 255 characters";
	if (!why)
		why = np_label_problem(s, n);
	if (!why && !k->allow_all && !(n == 1 && s[0] == '*') && !np_sni_wildcard_ok(s, n))
		why = "a '*' may only be the whole pattern or start it as \"*.\" or \"**.\" "
		      "(the TLS SNI check on port 443 takes no other wildcard)";
	if (why)
		np_fail(k, v, "%s: %s is not a valid domain pattern: %s", k->names[NP_DOMAINS],
			np_quote(k, v), why);
	buf_free(&b);
}

/* ---- CIDRs ---------------------------------------------------------------- */

/* The problem of "ADDRESS/PREFIX", or NULL. */
static const char *np_cidr_problem(struct np_check *k, const char *s, size_t n)
{
	const char *slash = memchr(s, '/', n);
	if (!slash)
		return "the /PREFIX-LENGTH is missing (e.g. 10.0.0.0/8 or 2001:db8::/32)";
	size_t alen = (size_t)(slash - s), plen = n - alen - 1;
	char addr[64];
	unsigned char bin[16];
	bool v6 = memchr(s, ':', alen) != NULL;
	if (alen >= sizeof addr)
		return "the address is not an IPv4 or IPv6 address";
	memcpy(addr, s, alen);
	addr[alen] = '\0';
	if (inet_pton(v6 ? AF_INET6 : AF_INET, addr, bin) != 1)
		return "the address is not an IPv4 or IPv6 address";
	const char *p = slash + 1;
	bool digits = plen > 0 && plen <= 3 && strspn(p, "0123456789") == plen &&
		      !(plen > 1 && p[0] == '0');
	if (!digits)
		return "the prefix length is not a decimal number";
	int len = 0, max = v6 ? 128 : 32;
	for (size_t i = 0; i < plen; i++)
		len = len * 10 + (p[i] - '0');
	if (len > max)
		return arena_printf(k->a, "the prefix length %d is out of range for %s (0-%d)", len,
				    v6 ? "IPv6" : "IPv4", max);
	return NULL;
}

static void np_check_cidr(struct np_check *k, const struct val *v)
{
	if (!np_string_entry(k, NP_CIDR, v))
		return;
	const char *why = np_cidr_problem(k, v->str.s, v->str.len);
	if (why)
		np_fail(k, v, "%s: %s is not a valid CIDR: %s", k->names[NP_CIDR], np_quote(k, v), why);
}

/* ---- entities ------------------------------------------------------------- */

static void np_check_entity(struct np_check *k, const struct val *v)
{
	if (!np_string_entry(k, NP_ENTITIES, v))
		return;
	for (size_t i = 0; np_entities[i]; i++)
		if (val_is_str(v, np_entities[i]))
			return;
	np_fail(k, v, "%s: %s is not a Cilium entity (all, world, cluster, host, init, ingress, "
		"unmanaged, remote-node, health, none, kube-apiserver)", k->names[NP_ENTITIES],
		np_quote(k, v));
}

/* ---- ports ---------------------------------------------------------------- */

/* The protocol of an entry as the chart uses it: upper case, ANY when
 * absent or empty; NULL when not a string. */
static const char *np_protocol(struct np_check *k, const struct val *entry)
{
	const struct val *p = val_map_get(entry, "protocol");
	if (!p || p->kind == VAL_NULL || (p->kind == VAL_STR && !p->str.len))
		return "ANY";
	if (p->kind != VAL_STR)
		return NULL;
	char *up = arena_strndup(k->a, p->str.s, p->str.len);
	for (char *c = up; *c; c++)
		if (*c >= 'a' && *c <= 'z')
			*c = (char)(*c - 32);
	return up;
}

static bool np_check_protocol(struct np_check *k, const struct val *entry, const char *proto)
{
	static const char *const known[] = {"TCP", "UDP", "SCTP", "ANY"};
	const struct val *p = val_map_get(entry, "protocol");
	for (size_t i = 0; proto && i < 4; i++)
		if (strcmp(proto, known[i]) == 0)
			return true;
	if (p->kind != VAL_STR)
		np_fail(k, p, "%s: protocol must be a string (TCP, UDP, SCTP or ANY)",
			k->names[NP_PORTS]);
	else
		np_fail(k, p, "%s: protocol %s is not one of TCP, UDP, SCTP, ANY", k->names[NP_PORTS],
			np_quote(k, p));
	return false;
}

/* An entry's port as an integer: values files come through Helm's JSON
 * round trip, where every number is a float. */
static bool np_port(const struct val *entry, long long *port)
{
	const struct val *p = val_map_get(entry, "port");
	if (p && p->kind == VAL_INT)
		*port = (long long)p->i;
	else if (p && p->kind == VAL_FLOAT && p->f == (double)(long long)p->f &&
		 p->f > -1e18 && p->f < 1e18)
		*port = (long long)p->f;
	else
		return false;
	return true;
}

static bool np_check_port_number(struct np_check *k, const struct val *entry, long long *port)
{
	const struct val *p = val_map_get(entry, "port");
	if (!p) {
		np_fail(k, entry, "%s: every entry needs a port", k->names[NP_PORTS]);
		return false;
	}
	if (!np_port(entry, port)) {
		np_fail(k, p, "%s: port must be an integer", k->names[NP_PORTS]);
		return false;
	}
	if (*port < 1 || *port > 65535) {
		np_fail(k, p, "%s: port %lld is out of range (1-65535)", k->names[NP_PORTS], *port);
		return false;
	}
	return true;
}

static bool np_has_domain(const struct np_check *k, const struct val *domain)
{
	for (size_t i = 0; k->domains && i < k->domains->seq.n; i++)
		if (val_equal(k->domains->seq.items[i], domain))
			return true;
	return false;
}

/* The chart's rules: no TCP/ANY on 80 and 443; a domain must be allowed. */
static void np_check_port_rules(struct np_check *k, const struct val *entry, const char *proto,
				long long port)
{
	const struct val *domain = val_map_get(entry, "domain"), *at = val_map_get(entry, "port");
	if ((port == 80 || port == 443) && strcmp(proto, "UDP") != 0)
		np_fail(k, at, "%s: port %lld protocol %s is not allowed -- TCP/ANY on 80/443 "
			"disables the SNI/Host identity check and re-opens the shared-CDN-IP bypass. "
			"Use protocol UDP on these ports (e.g. for QUIC/HTTP3), or choose a different "
			"port.", k->names[NP_PORTS], port, proto);
	if (domain && domain->kind != VAL_NULL && domain->kind != VAL_STR)
		np_fail(k, domain, "%s: domain must be a string", k->names[NP_PORTS]);
	else if (domain && domain->kind == VAL_STR && domain->str.len && !np_has_domain(k, domain))
		np_fail(k, domain, "%s: domain %s (port %lld) must also appear in %s",
			k->names[NP_PORTS], np_quote(k, domain), port,
			k->names[NP_DOMAINS]);
}

static void np_check_port(struct np_check *k, const struct val *entry)
{
	if (entry->kind != VAL_MAP) {
		np_fail(k, entry, "%s: every entry must be a mapping of port, protocol and domain",
			k->names[NP_PORTS]);
		return;
	}
	const char *proto = np_protocol(k, entry);
	bool ok = np_check_protocol(k, entry, proto);
	long long port;
	if (np_check_port_number(k, entry, &port) && ok)
		np_check_port_rules(k, entry, proto, port);
}

/* ---- all ------------------------------------------------------------------ */

static void np_each(struct np_check *k, const struct val *list,
		    void (*check)(struct np_check *, const struct val *))
{
	for (size_t i = 0; list && i < list->seq.n; i++)
		check(k, list->seq.items[i]);
}

bool netpol_check_values(struct arena *a, struct diag *d, const struct val *values,
			 enum netpol_naming naming)
{
	struct np_check k = {a, d, np_names[naming], NULL, false, true};
	if (!values || values->kind != VAL_MAP)
		return true;
	const char *const *names = np_names[NETPOL_VALUES_NAMES];
	k.domains = np_list(values, names[NP_DOMAINS]);
	for (size_t i = 0; k.domains && i < k.domains->seq.n; i++)
		k.allow_all |= val_is_str(k.domains->seq.items[i], "*");
	np_each(&k, k.domains, np_check_domain);
	np_each(&k, np_list(values, names[NP_PORTS]), np_check_port);
	np_each(&k, np_list(values, names[NP_CIDR]), np_check_cidr);
	np_each(&k, np_list(values, names[NP_ENTITIES]), np_check_entity);
	return k.ok;
}
