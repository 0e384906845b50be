/*
 * open.h — opening a store from the string a user gives (--db): the one
 * place that knows which backends newsprint is built with.
 */
#ifndef NP_STORE_OPEN_H
#define NP_STORE_OPEN_H

#include "newsprint.h"
#include "store/store.h"

/* Opens the store where names. A string that begins with a URL scheme
 * (letters, digits, '+', '-' or '.' before "://") names a backend by that
 * scheme; anything else is the path of a SQLite store file. An unknown
 * scheme is NP_EINVAL with a message naming it. mode as np_sqlite_open's. */
np_status np_store_open(np_store **out, const char *where, np_open_mode mode, np_error *err);

/* where as messages may show it: a URL with its passwords masked as
 * "***" (store/postgresql/url.h says which), a path as it is; malloc'd,
 * NULL when out of memory. */
char *np_store_masked(const char *where);

#endif
