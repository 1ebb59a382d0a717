// SPDX-License-Identifier: MIT
/* Copyright (C) 2026 The tunctl authors. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "os/os.h"

int tun_ctx_new(struct tun_ctx **ctxp)
{
	struct tun_ctx *ctx;

	if (!ctxp)
		return -EINVAL;
	ctx = calloc(1, sizeof(*ctx));
	if (!ctx)
		return -ENOMEM;
	*ctxp = ctx;
	return 0;
}

void tun_ctx_free(struct tun_ctx *ctx)
{
	if (!ctx)
		return;
	tun_os_ctx_free(ctx->os);
	free(ctx);
}

const char *tun_ctx_detail(const struct tun_ctx *ctx)
{
	return ctx ? ctx->detail : "";
}

int tun_fail(struct tun_ctx *ctx, int err, const char *fmt, ...)
{
	va_list ap;

	if (!ctx)
		return err;
	va_start(ap, fmt);
	vsnprintf(ctx->detail, sizeof(ctx->detail), fmt, ap);
	va_end(ap);
	return err;
}

void tun_detail_clear(struct tun_ctx *ctx)
{
	if (ctx)
		ctx->detail[0] = '\0';
}

void tun_free(void *p)
{
	free(p);
}

const char *tun_version(void)
{
#ifdef TUNCTL_VERSION
	return TUNCTL_VERSION;
#else
	return "unknown";
#endif
}

void *tun_vec_push(struct tun_vec *v)
{
	if (v->count == v->cap) {
		size_t cap = v->cap ? v->cap * 2 : 8;
		void *items = realloc(v->items, cap * v->size);

		if (!items)
			return NULL;
		v->items = items;
		v->cap = cap;
	}
	return memset((char *)v->items + v->size * v->count++, 0, v->size);
}

size_t tun_strlcpy(char *dst, const char *src, size_t size)
{
	size_t len = strlen(src);

	if (size) {
		size_t n = len < size ? len : size - 1;

		memcpy(dst, src, n);
		dst[n] = '\0';
	}
	return len;
}
