/*
 * version.h — the check every public function taking an options struct
 * makes on the struct's version field, so that a caller built against
 * another header gets an error rather than fields read at wrong places.
 */
#ifndef NP_VERSION_CHECK_H
#define NP_VERSION_CHECK_H

#include "newsprint.h"

/* NP_OK when have is a version of the struct `what` this library reads
 * (known, the header's), else NP_EINVAL with a message naming both. */
np_status np_check_version(const char *what, unsigned have, unsigned known, np_error *err);

#endif
