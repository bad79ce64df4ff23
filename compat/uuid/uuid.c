// SPDX-License-Identifier: GPL-2.0
/* Bench-only uuid_parse(); see uuid.h for why it exists. */
#include <ctype.h>
#include <string.h>
#include "uuid.h"

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower((unsigned char)c);
	return (c >= 'a' && c <= 'f') ? c - 'a' + 10 : -1;
}

/* Parse the canonical 8-4-4-4-12 form; return 0 on success, -1 otherwise. */
int uuid_parse(const char *in, uuid_t uu)
{
	int i, n = 0;

	if (!in || strlen(in) != 36)
		return -1;
	for (i = 0; i < 36; i++) {
		int hi, lo;

		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (in[i] != '-')
				return -1;
			continue;
		}
		hi = hexval(in[i]);
		lo = hexval(in[i + 1]);
		if (hi < 0 || lo < 0)
			return -1;
		uu[n++] = hi << 4 | lo;
		i++;
	}
	return 0;
}
