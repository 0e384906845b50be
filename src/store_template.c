/*
 * store_template.c — the store's part of template learning (template.h):
 * how many pages of an outlet carried each line, by key, so that what was
 * learnt survives a restart.
 */
#include "store.h"
#include "store_int.h"

#include <sqlite3.h>

#include "error.h"

np_status np_store_load_templates(np_store *st, np_templates *t, np_error *err)
{
	sqlite3_stmt *q = st->q[Q_TEMPLATE_SCAN];
	int rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		uint64_t key = (uint64_t)sqlite3_column_int64(q, 0);
		if (np_templates_set(t, key, (uint32_t)sqlite3_column_int64(q, 1))) {
			sqlite3_reset(q);
			return np_fail(err, NP_ENOMEM, "out of memory loading outlet templates");
		}
	}
	sqlite3_reset(q);
	return rc == SQLITE_DONE ? NP_OK : store_fail(st, err, "cannot read outlet templates");
}

np_status np_store_forget_template_singles(np_store *st, np_error *err)
{
	return store_step(st, st->q[Q_TEMPLATE_FORGET], err, "cannot forget outlet templates");
}

np_status np_store_save_templates(np_store *st, const np_templates *t, const uint64_t *keys,
                                  size_t n, np_error *err)
{
	sqlite3_stmt *q = st->q[Q_TEMPLATE_PUT];
	np_status rc = NP_OK;
	for (size_t i = 0; rc == NP_OK && i < n; i++) {
		uint32_t pages = np_templates_count(t, keys[i]);
		if (!pages || (i && keys[i] == keys[i - 1]))
			continue; /* forgotten (counted once, the table full), or saved */
		sqlite3_bind_int64(q, 1, (sqlite3_int64)keys[i]);
		sqlite3_bind_int64(q, 2, pages);
		rc = store_step(st, q, err, "cannot save outlet templates");
	}
	return rc;
}
