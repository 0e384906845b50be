/*
 * params.h — the parameters by name: how the store records them and how
 * given values are completed from stored ones.
 */
#ifndef NP_PARAMS_H
#define NP_PARAMS_H

#include <stddef.h>

#include "newsprint.h"

typedef struct np_param_field {
	const char *key;
	size_t off;
	char type; /* 'u' unsigned, 'i' int, 'x' uint64_t, 'd' double */
	int shape; /* 1: changes the fingerprints; a store never mixes two values */
	const char *before; /* the value of a store made before the field was
	                     * (it has no row for it); NULL: the default */
} np_param_field;

extern const np_param_field NP_PARAM_FIELDS[];
extern const size_t NP_N_PARAM_FIELDS;

void np_param_format(const np_param_field *f, const np_params *p, char *buf, size_t n);
void np_param_parse(const np_param_field *f, np_params *p, const char *s);

/* Writes a store's parameters as rows of text: put(ctx, key, value, err)
 * for "schema_version" (version) and then for each field of p, stopping at
 * the first failure, which it returns. Every backend's meta table holds
 * these rows. */
typedef np_status (*np_param_put_fn)(void *ctx, const char *key, const char *value,
                                     np_error *err);
np_status np_params_put_rows(const np_params *p, int version, np_param_put_fn put, void *ctx,
                             np_error *err);

/* The first parameter that changes fingerprints and differs between a and b
 * (its two values formatted into have and want, n bytes each), or NULL. */
const char *np_params_shape_mismatch(const np_params *a, const np_params *b, char *have,
                                     char *want, size_t n);

#endif
