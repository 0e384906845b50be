/*
 * postgresql.h — the PostgreSQL store backend: a store as the tables of one
 * PostgreSQL database, reached with libpq, the store a --db string
 * beginning postgresql:// or postgres:// names (docs/postgresql.md).
 */
#ifndef NP_STORE_POSTGRESQL_H
#define NP_STORE_POSTGRESQL_H

#include "newsprint.h"
#include "store/store.h"

/* Connects to the database the libpq connection string where names (every
 * libpq option and environment variable applies: PGPASSWORD, sslmode,
 * host=/socket/folder). mode: NP_OPEN_READWRITE takes the store's writer
 * lock (a session advisory lock; NP_EBUSY while another session holds it)
 * and makes the tables when there are none, NP_OPEN_SAME_WRITER writes
 * without the lock, NP_OPEN_READONLY never writes. Messages name the store
 * with its password masked. */
np_status np_postgresql_open(np_store **out, const char *where, np_open_mode mode,
                             np_error *err);

#endif
