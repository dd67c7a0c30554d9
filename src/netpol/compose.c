/* compose.c - compose networking to agent-env values (see netpol.h).
 *
 * The reference converter's rules and messages for `networks` and
 * `network_mode`, and the network keys of its extension; the messages end
 * with the context sentence the converter gives. What the reference does
 * not check and compose does (a service joining an undeclared network) is
 * an error here too, worded after compose. */
#include "netpol/netpol.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/diag.h"
#include "yaml/pyrepr.h"
#include "yaml/value.h"

#include <stdarg.h>
#include <string.h>

const char *const netpol_extension_keys[] = {
	"allow_domains", "allow_domains_ports", "allow_cidr", "allow_entities", NULL,
};

/* The extension keys, in order, and the values keys they become. */
static const char *const netpol_values_keys[] = {
	"allowDomains", "allowDomainsPorts", "allowCIDR", "allowEntities", NULL,
};

static void np_error(const struct netpol_ctx *c, const struct val *where, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void np_error(const struct netpol_ctx *c, const struct val *where, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	diag_error(c->d, &where->mark, "%s %s", buf_str(&b), c->context);
	buf_free(&b);
}

/* Python's str() of v, as the reference's messages show it. */
static const char *np_str(const struct netpol_ctx *c, const struct val *v, bool repr)
{
	struct buf b = BUF_INIT;
	(repr ? pyrepr : pystr)(v, &b);
	char *s = arena_strndup(c->a, buf_str(&b), b.len);
	buf_free(&b);
	return s;
}

static bool np_present(const struct val_pair *p)
{
	return p && p->value->kind != VAL_NULL;
}

/* ---- networks ---------------------------------------------------------- */

/* Reject the keys of a network but driver and internal, as a Python set. */
static void np_network_keys(const struct netpol_ctx *c, const struct val *name,
			    const struct val *net)
{
	struct buf set = BUF_INIT;
	const struct val *first = NULL;
	for (size_t i = 0; i < net->map.n; i++) {
		const struct val *key = net->map.pairs[i].key;
		if (val_is_str(key, "driver") || val_is_str(key, "internal"))
			continue;
		buf_adds(&set, first ? ", " : "{");
		buf_adds(&set, np_str(c, key, true));
		first = first ? first : key;
	}
	if (first)
		np_error(c, first, "Unsupported key(s) in network '%s': %s}.", np_str(c, name, false),
			 buf_str(&set));
	buf_free(&set);
}

struct val *netpol_top_networks(const struct netpol_ctx *c, const struct val *src)
{
	struct val *out = val_map(c->a, &src->mark);
	for (size_t i = 0; i < src->map.n; i++) {
		const struct val_pair *p = &src->map.pairs[i];
		if (p->value->kind != VAL_MAP) {
			np_error(c, p->value, "Invalid network value: '%s'. Expected dict.",
				 np_str(c, p->value, false));
			continue;
		}
		/* `internal` is the user's business: allow_domains/allow_entities decide. */
		const struct val *driver = val_map_get(p->value, "driver");
		if (driver && !val_is_str(driver, "bridge"))
			np_error(c, driver, "Unsupported network driver: '%s'. Only 'bridge' is "
				 "supported.", np_str(c, driver, false));
		np_network_keys(c, p->key, p->value);
		val_map_put(c->a, out, p->key, val_map(c->a, &p->value->mark));
	}
	return out;
}

/* A network a service joins must be declared, as compose requires;
 * `default` always is. */
static void np_check_declared(const struct netpol_ctx *c, const struct val *name)
{
	if (name->kind != VAL_STR || val_is_str(name, "default"))
		return;
	if (c->networks && c->networks->kind == VAL_MAP && val_map_find(c->networks, name->str.s))
		return;
	if (c->networks && c->networks->kind != VAL_MAP && c->networks->kind != VAL_NULL)
		return;   /* reported with the top-level networks */
	np_error(c, name, "Undefined network '%s': a service can only join a network declared "
		 "in the top-level 'networks' (or 'default').", name->str.s);
}

static void np_service_networks(const struct netpol_ctx *c, const struct val *networks)
{
	if (networks->kind == VAL_SEQ)
		for (size_t i = 0; i < networks->seq.n; i++)
			np_check_declared(c, networks->seq.items[i]);
	else if (networks->kind == VAL_MAP)
		for (size_t i = 0; i < networks->map.n; i++)
			np_check_declared(c, networks->map.pairs[i].key);
}

/* Why host and service:X cannot be had, and what comes closest. */
static void np_mode_hint(const struct netpol_ctx *c, const struct val *mode)
{
	if (val_is_str(mode, "host"))
		diag_note(c->d, &mode->mark, "a sandboxed pod never shares the node's network; "
			  "leave network_mode out (bridge), or use 'none' to cut the service off");
	else if (mode->kind == VAL_STR && strncmp(mode->str.s, "service:", 8) == 0)
		diag_note(c->d, &mode->mark, "pods cannot share another pod's network namespace; "
			  "put both services on a common network to let them reach each other "
			  "(without networks, every service reaches every other)");
}

bool netpol_service(const struct netpol_ctx *c, const struct val_pair *mode,
		    const struct val_pair *networks, struct val *out)
{
	const struct val *m = mode ? mode->value : NULL;
	if (val_is_str(m, "none")) {
		if (np_present(networks)) {
			np_error(c, networks->key, "Cannot specify both 'network_mode: none' and "
				 "'networks'.");
			return true;
		}
		val_map_set(c->a, out, "networkIsolated", val_bool(c->a, true, &m->mark));
		return false;
	}
	if (m && m->kind != VAL_NULL && !val_is_str(m, "bridge")) {
		np_error(c, m, "Unsupported network_mode: '%s'. Only 'none' and 'bridge' are "
			 "supported.", np_str(c, m, false));
		np_mode_hint(c, m);
		return false;
	}
	if (np_present(networks)) {
		np_service_networks(c, networks->value);
		val_map_set(c->a, out, "networks", networks->value);
	}
	return true;
}

/* ---- the extension ------------------------------------------------------- */

void netpol_extension(const struct netpol_ctx *c, const struct val *ext, struct val *out)
{
	for (size_t i = 0; netpol_extension_keys[i]; i++) {
		struct val *v = val_map_get(ext, netpol_extension_keys[i]);
		if (!val_truthy(v))
			continue;
		if (v->kind != VAL_SEQ)
			np_error(c, v, "Invalid '%s' type: %s. Expected list.", netpol_extension_keys[i],
				 pytype_name(v));
		else
			val_map_set(c->a, out, netpol_values_keys[i], v);
	}
	netpol_check_values(c->a, c->d, out, NETPOL_COMPOSE_NAMES);
}
