/*
 * db.h — what report code needs of an np_db beyond the public API.
 */
#ifndef NP_DB_H
#define NP_DB_H

#include "newsprint.h"
#include "store.h"

np_store *np_db_store(np_db *db);

#endif
