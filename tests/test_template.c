/*
 * test_template.c — the counts of an outlet's repeated lines: which lines
 * share a key (digits, case and spacing folded, per outlet), and counting
 * through the table's growth.
 */
#include "check.h"
#include "template.h"

static void test_keys(void)
{
	uint64_t a = np_template_key("Harbour Courier", "Comments (12)");
	CHECK(a == np_template_key("Harbour Courier", "comments  (3)"));
	CHECK(a == np_template_key("Harbour Courier", "COMMENTS (45)"));
	CHECK(a != np_template_key("Valley Post", "Comments (12)"));
	CHECK(a != np_template_key("Harbour Courier", "Comments"));
	CHECK(np_template_key(NULL, "x") == np_template_key("", "x"));
	CHECK(np_template_key("Báo Thanh niên", "© 2025 Báo Thanh niên") ==
	      np_template_key("Báo Thanh niên", "© 2024 Báo Thanh niên"));
}

static void test_counts(void)
{
	np_templates *t = np_templates_new();
	CHECK(t != NULL);
	if (!t)
		return;
	uint64_t k = np_template_key("O", "Share this story");
	CHECK_INT(np_templates_count(t, k), 0);
	CHECK_INT(np_templates_add(t, k), 1);
	CHECK_INT(np_templates_add(t, k), 2);
	/* 100,000 other lines: the table grows and keeps every count */
	char line[32];
	for (int i = 0; i < 100000; i++) {
		snprintf(line, sizeof line, "line %c%c%c", 'a' + i % 26, 'a' + i / 26 % 26,
		         'a' + i / 676 % 26);
		np_templates_add(t, np_template_key("O", line) ^ (uint64_t)i);
	}
	CHECK_INT(np_templates_count(t, k), 2);
	CHECK_INT(np_templates_size(t), 100001);
	CHECK_INT(np_templates_set(t, k, 40), 0);
	CHECK_INT(np_templates_count(t, k), 40);
	np_templates_free(t);
}

int main(void)
{
	test_keys();
	test_counts();
	return CHECK_DONE();
}
