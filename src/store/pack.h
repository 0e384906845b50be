/*
 * pack.h — how a backend keeps a story's parts in its columns, the same in
 * every backend so that a store copied between them reads back the same:
 * credits and rails as JSON text, the body as its paragraphs joined by
 * blank lines, 32-bit signatures and 64-bit keys as little-endian bytes
 * (stores move between machines).
 */
#ifndef NP_STORE_PACK_H
#define NP_STORE_PACK_H

#include <stddef.h>
#include <stdint.h>

#include "store/store_types.h"
#include "util/strbuf.h"

/* "source-url", "agency" or "byline" to its kind. */
np_credit_kind store_credit_kind(const char *s);
/* Credits and rails as the JSON a stories row keeps them in: malloc'd, or
 * NULL when there are none or when out of memory (*oom set). */
char *store_pack_credits(const np_credit *c, size_t n, int *oom);
char *store_pack_rails(const np_rail *r, size_t n, int *oom);
/* And back (json may be NULL: none); 0, or -1 when out of memory. */
int store_unpack_credits(const char *json, np_credit **out, size_t *n);
int store_unpack_rails(const char *json, np_rail **out, size_t *n);
/* Calls fn(ctx, id, outlet, heading, title) for each item of the packed
 * rails; fn's non-zero return, or -1 when out of memory. */
int store_each_rail_item(const char *id, const char *outlet, const char *rails,
                         np_rail_item_fn fn, void *ctx);
/* Splits a stored body back into paragraphs at blank lines; -1 when out of
 * memory. */
int store_split_body(np_strv *v, const char *body);

/* One 64-bit value as 8 little-endian bytes at b, and back. */
void store_put_le64(unsigned char *b, uint64_t v);
uint64_t store_get_le64(const unsigned char *b);
/* n 32-bit values as a little-endian blob, malloc'd; NULL when out of
 * memory. */
unsigned char *store_encode_u32(const uint32_t *v, size_t n);
/* A blob of exactly k values into sig; 0, or -1 when b is NULL or its size
 * is wrong (a damaged fingerprint). */
int store_get_sig(const unsigned char *b, size_t bytes, unsigned k, uint32_t *sig);
/* A blob of any number of values into *out (malloc'd, NULL when empty) and
 * *n; 0, -1 when its size is no multiple of 4, -2 when out of memory. */
int store_get_u32s(const unsigned char *b, size_t bytes, uint32_t **out, size_t *n);

#endif
