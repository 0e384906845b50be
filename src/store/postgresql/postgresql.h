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
 * host=/socket/folder). mode: NP_OPEN_READWRITE makes the tables when
 * there are none; any number of writers may share the store, each begin
 * taking the writers' lock (a transaction-level advisory lock, held to
 * commit: docs/postgresql.md, "Several writers"). NP_OPEN_SAME_WRITER is a
 * writer's second handle, which finds the tables made; NP_OPEN_READONLY
 * never writes. Messages name the store with its password masked. */
np_status np_postgresql_open(np_store **out, const char *where, np_open_mode mode,
                             np_error *err);

#endif
