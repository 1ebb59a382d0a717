// SPDX-License-Identifier: MIT
/* Copyright (C) 2026 The tunctl authors. */
#include <errno.h>
#include <string.h>

#include "internal.h"

int tun_name_validate(const char *name, bool allow_template, const char **why)
{
	const char *dummy, *pct;
	size_t len;

	if (!why)
		why = &dummy;
	len = name ? strlen(name) : 0;
	if (len == 0) {
		*why = "empty device name";
		return -EINVAL;
	}
	if (len >= TUN_NAME_MAX) {
		*why = "device name longer than 15 bytes";
		return -EINVAL;
	}
	if (!strcmp(name, ".") || !strcmp(name, "..")) {
		*why = "'.' and '..' are not device names";
		return -EINVAL;
	}
	for (const char *p = name; *p; p++) {
		unsigned char c = (unsigned char)*p;

		if (c == '/' || c == ':') {
			*why = "device name contains '/' or ':'";
			return -EINVAL;
		}
		if (c <= ' ' || c == 0x7f) {
			*why = "device name contains whitespace or a control character";
			return -EINVAL;
		}
	}
	pct = strchr(name, '%');
	if (pct) {
		if (!allow_template) {
			*why = "'%' belongs only in a create template such as tun%d";
			return -EINVAL;
		}
		if (pct[1] != 'd' || strchr(pct + 1, '%')) {
			*why = "a template holds exactly one %d";
			return -EINVAL;
		}
	}
	return 0;
}
