/*
 * sqlite.h — the SQLite store backend: a store as one SQLite file (in WAL
 * mode, with a -lock file beside it for the one writer), the store every
 * --db path names.
 */
#ifndef NP_STORE_SQLITE_H
#define NP_STORE_SQLITE_H

#include "newsprint.h"
#include "store/store.h"

/* Opens the store file at path. mode: NP_OPEN_READWRITE takes the store's
 * writer lock first (lock.c; NP_EBUSY while another process holds it) and
 * makes the file when there is none, NP_OPEN_SAME_WRITER writes without the
 * lock, NP_OPEN_READONLY never writes. */
np_status np_sqlite_open(np_store **out, const char *path, np_open_mode mode, np_error *err);

#endif
