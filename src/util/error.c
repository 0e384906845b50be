/*
 * error.c — the one place where error messages are written into np_error.
 */
#include "util/error.h"

#include <stdarg.h>
#include <stdio.h>

np_status np_fail(np_error *err, np_status code, const char *fmt, ...)
{
	if (err) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(err->msg, sizeof err->msg, fmt, ap);
		va_end(ap);
		err->code = code;
	}
	return code;
}

void np_error_clear(np_error *err)
{
	if (err) {
		err->code = NP_OK;
		err->msg[0] = '\0';
	}
}
