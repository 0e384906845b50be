/*
 * tmpstore.h — a temporary folder for a test's store files: made under /tmp,
 * its files named by tmpstore_path(), removed with everything in it.
 */
#ifndef NP_TEST_TMPSTORE_H
#define NP_TEST_TMPSTORE_H

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char tmpstore_dir[64];

/* Makes the folder; 0, or -1 (with a message) when it cannot. */
static int tmpstore_make(const char *prefix)
{
	snprintf(tmpstore_dir, sizeof tmpstore_dir, "/tmp/%s-XXXXXX", prefix);
	if (!mkdtemp(tmpstore_dir)) {
		perror("mkdtemp");
		return -1;
	}
	return 0;
}

static const char *tmpstore_path(const char *name)
{
	static char path[512];
	snprintf(path, sizeof path, "%s/%s", tmpstore_dir, name);
	return path;
}

static void tmpstore_remove(void)
{
	DIR *d = opendir(tmpstore_dir);
	struct dirent *e;
	while (d && (e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			unlink(tmpstore_path(e->d_name));
	if (d)
		closedir(d);
	rmdir(tmpstore_dir);
}

#endif
