/*
 * version.c — the library's version at run time, and the check of an
 * options struct's version field (np_params, np_segment_opts).
 */
#include "util/version.h"

#include "util/error.h"

const char *np_version(void)
{
	return NP_VERSION;
}

int np_version_number(void)
{
	return NP_VERSION_NUMBER;
}

/* One version is known per struct: a library that adds fields raises its
 * version and reads a struct of an older one by the fields it has. */
np_status np_check_version(const char *what, unsigned have, unsigned known, np_error *err)
{
	if (have == known)
		return NP_OK;
	return np_fail(err, NP_EINVAL,
	               "%s of version %u: newsprint %s reads version %u (set it with the "
	               "struct's _INIT macro or _init function)",
	               what, have, NP_VERSION, known);
}
