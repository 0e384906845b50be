/*
 * error.h — filling an np_error. Every library function that fails says why
 * through np_fail(); nothing in the library prints.
 */
#ifndef NP_ERROR_H
#define NP_ERROR_H

#include "newsprint.h"

#if defined(__GNUC__)
#define NP_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define NP_PRINTF(a, b)
#endif

/* Sets err (which may be NULL) to code and a formatted message; returns code
 * so that a caller can write `return np_fail(err, NP_EINVAL, "...")`. */
np_status np_fail(np_error *err, np_status code, const char *fmt, ...) NP_PRINTF(3, 4);

/* Clears err to NP_OK and an empty message. */
void np_error_clear(np_error *err);

#endif
