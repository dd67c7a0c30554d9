/* funcs_encoding.c - Sprig's encodings and checksums: b64enc b64dec
 * b32enc b32dec sha256sum sha1sum adler32sum.
 *
 * The decoders are Go's StdEncoding ones: padding required, newlines
 * skipped, and a bad input is not an error but the text of Go's error
 * ("illegal base64 data at input byte 4"), which Sprig returns as the
 * result. SHA-1 and SHA-256 are FIPS 180-4, written out here so that the
 * library needs no crypto dependency. */
#include "tmpl/funcs_int.h"
#include "tmpl/goyaml.h"
#include "yaml/value.h"
#include "util/buf.h"

#include <string.h>

static struct val *enc_result(struct tmpl_call *c, struct buf *b)
{
	struct val *v = tmplfn_buf_str(c, b);
	buf_free(b);
	return v;
}

/* ---- base64 ----------------------------------------------------------------- */

int tmplfn_fn_b64enc(struct tmpl_call *c, struct val **r)
{
	struct buf out = BUF_INIT;
	buf_add_base64(&out, c->argv[0]->str.s, c->argv[0]->str.len);
	*r = enc_result(c, &out);
	return 0;
}

int tmplfn_fn_b64dec(struct tmpl_call *c, struct val **r)
{
	struct buf out = BUF_INIT;
	long bad = goyaml_base64_decode(c->argv[0]->str.s, c->argv[0]->str.len, &out);
	if (bad >= 0) {
		buf_reset(&out);
		buf_addf(&out, "illegal base64 data at input byte %ld", bad);
	}
	*r = enc_result(c, &out);
	return 0;
}

/* ---- base32 ----------------------------------------------------------------- */

static const char enc_b32[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

int tmplfn_fn_b32enc(struct tmpl_call *c, struct val **r)
{
	const unsigned char *s = (const unsigned char *)c->argv[0]->str.s;
	size_t n = c->argv[0]->str.len;
	static const int chars_for[] = {0, 2, 4, 5, 7, 8};
	struct buf out = BUF_INIT;
	for (size_t i = 0; i < n; i += 5) {
		size_t k = n - i < 5 ? n - i : 5;
		unsigned char b[5] = {0};
		memcpy(b, s + i, k);
		unsigned long long v = 0;
		for (int j = 0; j < 5; j++)
			v = v << 8 | b[j];
		for (int j = 0; j < 8; j++)
			buf_addc(&out, j < chars_for[k] ? enc_b32[(v >> (35 - 5 * j)) & 31] : '=');
	}
	*r = enc_result(c, &out);
	return 0;
}

static int enc_b32_value(unsigned char ch)
{
	const char *at = ch ? strchr(enc_b32, ch) : NULL;
	return at ? (int)(at - enc_b32) : -1;
}

/* One quantum of base32.decode: bytes out, or -1 with *bad Go's offset.
 * src/len is the text with newlines removed; olen its full length. */
static int enc_b32_quantum(const char *src, size_t len, size_t *si, unsigned char *dst,
			   long *bad, bool *end)
{
	int dbuf[8] = {0}, dlen = 8;
	for (int j = 0; j < 8;) {
		if (*si == len) {
			*bad = (long)*si - j;
			return -1;
		}
		unsigned char in = (unsigned char)src[(*si)++];
		size_t left = len - *si;
		if (in == '=' && j >= 2 && left < 8) {
			if (left + (size_t)j < 7) {
				*bad = (long)len;
				return -1;
			}
			for (int k = 0; k < 7 - j; k++)
				if (left > (size_t)k && src[*si + (size_t)k] != '=') {
					*bad = (long)(*si + (size_t)k) - 1;
					return -1;
				}
			dlen = j;
			*end = true;
			if (dlen == 1 || dlen == 3 || dlen == 6) {
				*bad = (long)*si - 1;
				return -1;
			}
			break;
		}
		if ((dbuf[j] = enc_b32_value(in)) < 0) {
			*bad = (long)*si - 1;
			return -1;
		}
		j++;
	}
	unsigned long long v = 0;
	for (int j = 0; j < 8; j++)
		v = v << 5 | (unsigned)dbuf[j];
	static const int bytes_for[] = {0, 0, 1, 0, 2, 3, 0, 4, 5};
	for (int k = 0; k < 5; k++)
		dst[k] = (unsigned char)(v >> (32 - 8 * k));
	return bytes_for[dlen];
}

int tmplfn_fn_b32dec(struct tmpl_call *c, struct val **r)
{
	struct buf text = BUF_INIT, out = BUF_INIT;
	for (size_t i = 0; i < c->argv[0]->str.len; i++)
		if (c->argv[0]->str.s[i] != '\n' && c->argv[0]->str.s[i] != '\r')
			buf_addc(&text, c->argv[0]->str.s[i]);
	size_t si = 0;
	bool end = false;
	while (si < text.len && !end) {
		unsigned char dst[5];
		long bad = -1;
		int got = enc_b32_quantum(text.p, text.len, &si, dst, &bad, &end);
		if (got < 0) {
			buf_reset(&out);
			buf_addf(&out, "illegal base32 data at input byte %ld", bad);
			break;
		}
		buf_add(&out, dst, (size_t)got);
	}
	buf_free(&text);
	*r = enc_result(c, &out);
	return 0;
}

/* ---- checksums ---------------------------------------------------------------- */

static uint32_t enc_rotr(uint32_t x, int n)
{
	return x >> n | x << (32 - n);
}

static uint32_t enc_rotl(uint32_t x, int n)
{
	return x << n | x >> (32 - n);
}

/* The message padded to whole 64-byte blocks with its bit length. */
static void enc_pad(const struct val *s, struct buf *m)
{
	uint64_t bits = (uint64_t)s->str.len * 8;
	buf_add(m, s->str.s, s->str.len);
	buf_addc(m, (char)0x80);
	while (m->len % 64 != 56)
		buf_addc(m, 0);
	for (int i = 7; i >= 0; i--)
		buf_addc(m, (char)(bits >> (8 * i)));
}

static uint32_t enc_be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void enc_sha256_block(uint32_t h[8], const unsigned char *p)
{
	static const uint32_t k[64] = {
		0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
		0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
		0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
		0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
		0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
		0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
		0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
		0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};
	uint32_t w[64], v[8];
	for (int i = 0; i < 16; i++)
		w[i] = enc_be32(p + 4 * i);
	for (int i = 16; i < 64; i++) {
		uint32_t s0 = enc_rotr(w[i - 15], 7) ^ enc_rotr(w[i - 15], 18) ^ (w[i - 15] >> 3);
		uint32_t s1 = enc_rotr(w[i - 2], 17) ^ enc_rotr(w[i - 2], 19) ^ (w[i - 2] >> 10);
		w[i] = w[i - 16] + s0 + w[i - 7] + s1;
	}
	memcpy(v, h, sizeof v);
	for (int i = 0; i < 64; i++) {
		uint32_t s1 = enc_rotr(v[4], 6) ^ enc_rotr(v[4], 11) ^ enc_rotr(v[4], 25);
		uint32_t ch = (v[4] & v[5]) ^ (~v[4] & v[6]);
		uint32_t t1 = v[7] + s1 + ch + k[i] + w[i];
		uint32_t s0 = enc_rotr(v[0], 2) ^ enc_rotr(v[0], 13) ^ enc_rotr(v[0], 22);
		uint32_t maj = (v[0] & v[1]) ^ (v[0] & v[2]) ^ (v[1] & v[2]);
		memmove(v + 1, v, 7 * sizeof *v);
		v[4] += t1;
		v[0] = t1 + s0 + maj;
	}
	for (int i = 0; i < 8; i++)
		h[i] += v[i];
}

static void enc_sha1_block(uint32_t h[5], const unsigned char *p)
{
	uint32_t w[80], a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
	for (int i = 0; i < 16; i++)
		w[i] = enc_be32(p + 4 * i);
	for (int i = 16; i < 80; i++)
		w[i] = enc_rotl(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
	for (int i = 0; i < 80; i++) {
		uint32_t f, k;
		if (i < 20)
			f = (b & c) | (~b & d), k = 0x5A827999;
		else if (i < 40)
			f = b ^ c ^ d, k = 0x6ED9EBA1;
		else if (i < 60)
			f = (b & c) | (b & d) | (c & d), k = 0x8F1BBCDC;
		else
			f = b ^ c ^ d, k = 0xCA62C1D6;
		uint32_t t = enc_rotl(a, 5) + f + e + k + w[i];
		e = d, d = c, c = enc_rotl(b, 30), b = a, a = t;
	}
	h[0] += a, h[1] += b, h[2] += c, h[3] += d, h[4] += e;
}

static struct val *enc_hex_words(struct tmpl_call *c, const uint32_t *h, int n)
{
	struct buf out = BUF_INIT;
	for (int i = 0; i < n; i++)
		buf_addf(&out, "%08x", (unsigned)h[i]);
	return enc_result(c, &out);
}

int tmplfn_fn_sha256sum(struct tmpl_call *c, struct val **r)
{
	uint32_t h[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
			 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
	struct buf m = BUF_INIT;
	enc_pad(c->argv[0], &m);
	for (size_t i = 0; i < m.len; i += 64)
		enc_sha256_block(h, (const unsigned char *)m.p + i);
	buf_free(&m);
	*r = enc_hex_words(c, h, 8);
	return 0;
}

int tmplfn_fn_sha1sum(struct tmpl_call *c, struct val **r)
{
	uint32_t h[5] = {0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0};
	struct buf m = BUF_INIT;
	enc_pad(c->argv[0], &m);
	for (size_t i = 0; i < m.len; i += 64)
		enc_sha1_block(h, (const unsigned char *)m.p + i);
	buf_free(&m);
	*r = enc_hex_words(c, h, 5);
	return 0;
}

/* adler32sum: the checksum in decimal, as Sprig's fmt.Sprintf("%d"). */
int tmplfn_fn_adler32sum(struct tmpl_call *c, struct val **r)
{
	uint32_t a = 1, b = 0;
	for (size_t i = 0; i < c->argv[0]->str.len; i++) {
		a = (a + (unsigned char)c->argv[0]->str.s[i]) % 65521;
		b = (b + a) % 65521;
	}
	struct buf out = BUF_INIT;
	buf_addf(&out, "%u", (unsigned)(b << 16 | a));
	*r = enc_result(c, &out);
	return 0;
}
