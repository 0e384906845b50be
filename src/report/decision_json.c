/*
 * decision_json.c — a decision as the JSON object `ingest --json` prints a
 * line of, and what `check`, the service and the Python package answer
 * with: one shape, made in one place.
 */
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "report/report.h"

double np_json_round3(double x)
{
	return (double)(long long)(x * 1000.0 + 0.5) / 1000.0;
}

cJSON *np_json_valid_string(const char *s)
{
	char *copy = strdup(s);
	size_t n = 0;
	cJSON *item = NULL;
	if (copy && np_utf8_repair(&copy, &n, NULL) == NP_OK)
		item = cJSON_CreateString(copy);
	free(copy);
	return item;
}

/* The stored story matched, its scores, and the passage tier's evidence. */
static void add_match(cJSON *o, const np_decision *d)
{
	cJSON *m = cJSON_AddObjectToObject(o, "match");
	cJSON_AddStringToObject(m, "id", d->match_id);
	cJSON_AddNumberToObject(m, "jaccard", np_json_round3(d->jaccard));
	cJSON_AddNumberToObject(m, "containment", np_json_round3(d->containment));
	cJSON_AddNumberToObject(m, "contains", np_json_round3(d->contains));
	cJSON_AddNumberToObject(m, "simhash_distance", d->simhash_distance);
	cJSON_AddNumberToObject(m, "lead", np_json_round3(d->lead));
	cJSON_AddStringToObject(m, "by", d->decided_by);
	if (d->derivation) {
		cJSON_AddStringToObject(m, "derivation", d->derivation);
		cJSON_AddNumberToObject(m, "passages", d->passages);
		cJSON_AddNumberToObject(m, "overlap", np_json_round3(d->overlap));
	}
}

char *np_decision_json(const char *id, const np_decision *d, const char *error,
                       const char *warning)
{
	cJSON *o = cJSON_CreateObject();
	if (!o)
		return NULL;
	if (id)
		cJSON_AddItemToObject(o, "id", np_json_valid_string(id));
	else
		cJSON_AddNullToObject(o, "id");
	cJSON_AddStringToObject(o, "status", np_decision_status_name(d->status));
	if (d->cluster)
		cJSON_AddNumberToObject(o, "cluster", (double)d->cluster);
	if (d->match_id)
		add_match(o, d);
	if (d->distinct_id) { /* the closest story kept apart, and why */
		cJSON *x = cJSON_AddObjectToObject(o, "distinct");
		cJSON_AddStringToObject(x, "id", d->distinct_id);
		cJSON_AddStringToObject(x, "reason", d->distinct_reason);
	}
	if (error || d->reason)
		cJSON_AddItemToObject(o, "error", np_json_valid_string(error ? error : d->reason));
	if (warning)
		cJSON_AddStringToObject(o, "warning", warning);
	char *text = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	return text;
}
