/* SPDX-License-Identifier: MIT */
/* Copyright (C) 2026 The tunctl authors. */
#ifndef TUNCTL_CMOCKA_STANDIN_H
#define TUNCTL_CMOCKA_STANDIN_H

/*
 * The part of cmocka's API that tests/unit uses, for the Windows build
 * (Debian ships cmocka for Linux only). Same names, same output lines, so
 * the tests and the scripts reading their results do not change. Failures
 * jump back to the runner with longjmp, as in cmocka; test_malloc() blocks
 * still allocated when a test ends fail it.
 */

#include <inttypes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef void (*CMUnitTestFunction)(void **state);
typedef int (*CMFixtureFunction)(void **state);

struct CMUnitTest {
	const char *name;
	CMUnitTestFunction test_func;
	CMFixtureFunction setup_func;
	CMFixtureFunction teardown_func;
	void *initial_state;
};

/* The runner's state, one per test program. */
struct cm_standin {
	jmp_buf jump;
	long blocks; /* test_malloc() blocks not yet freed */
};

static inline struct cm_standin *cm_standin(void)
{
	static struct cm_standin state;

	return &state;
}

static inline void cm_fail(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "[   LINE   ] --- %s:%d: error: ", file, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	longjmp(cm_standin()->jump, 1);
}

static inline void cm_int_equal(uintmax_t a, uintmax_t b, int want_equal,
				const char *file, int line)
{
	if ((a == b) != want_equal)
		cm_fail(file, line, "%" PRIuMAX " (%#" PRIxMAX ") %s %" PRIuMAX
			" (%#" PRIxMAX ")", a, a, want_equal ? "!=" : "==",
			b, b);
}

static inline void cm_memory_equal(const void *a, const void *b, size_t n,
				   int want_equal, const char *file, int line)
{
	const unsigned char *x = a, *y = b;

	if (!want_equal) {
		if (!memcmp(a, b, n))
			cm_fail(file, line, "%zu bytes are equal", n);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		if (x[i] != y[i])
			cm_fail(file, line,
				"difference at byte %zu: 0x%02x != 0x%02x (of %zu)",
				i, x[i], y[i], n);
	}
}

static inline void cm_string_equal(const char *a, const char *b,
				   const char *file, int line)
{
	if (!a || !b || strcmp(a, b))
		cm_fail(file, line, "\"%s\" != \"%s\"", a ? a : "(null)",
			b ? b : "(null)");
}

static inline void *cm_malloc(size_t size)
{
	void *p = malloc(size ? size : 1);

	if (p)
		cm_standin()->blocks++;
	return p;
}

static inline void *cm_calloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (p)
		cm_standin()->blocks++;
	return p;
}

static inline void cm_free(void *p)
{
	if (p)
		cm_standin()->blocks--;
	free(p);
}

#define assert_true(c)                                                      \
	((c) ? (void)0 : cm_fail(__FILE__, __LINE__, "%s is false", #c))
#define assert_false(c)                                                     \
	(!(c) ? (void)0 : cm_fail(__FILE__, __LINE__, "%s is true", #c))
#define assert_non_null(p)                                                  \
	((p) ? (void)0 : cm_fail(__FILE__, __LINE__, "%s is NULL", #p))
#define assert_null(p)                                                      \
	(!(p) ? (void)0 : cm_fail(__FILE__, __LINE__, "%s is not NULL", #p))
#define assert_int_equal(a, b)                                              \
	cm_int_equal((uintmax_t)(a), (uintmax_t)(b), 1, __FILE__, __LINE__)
#define assert_int_not_equal(a, b)                                          \
	cm_int_equal((uintmax_t)(a), (uintmax_t)(b), 0, __FILE__, __LINE__)
#define assert_ptr_equal(a, b)                                              \
	cm_int_equal((uintmax_t)(uintptr_t)(a), (uintmax_t)(uintptr_t)(b), 1, \
		     __FILE__, __LINE__)
#define assert_memory_equal(a, b, n)                                        \
	cm_memory_equal((a), (b), (n), 1, __FILE__, __LINE__)
#define assert_memory_not_equal(a, b, n)                                    \
	cm_memory_equal((a), (b), (n), 0, __FILE__, __LINE__)
#define assert_string_equal(a, b)                                           \
	cm_string_equal((a), (b), __FILE__, __LINE__)
#define fail() cm_fail(__FILE__, __LINE__, "failed")
#define fail_msg(...) cm_fail(__FILE__, __LINE__, __VA_ARGS__)
#define test_malloc(n) cm_malloc(n)
#define test_calloc(n, s) cm_calloc((n), (s))
#define test_free(p) cm_free(p)

#define cmocka_unit_test(f) { #f, f, NULL, NULL, NULL }

static inline int cm_run_one(const struct CMUnitTest *t, void *group_state)
{
	struct cm_standin *cm = cm_standin();
	void *state = t->initial_state ? t->initial_state : group_state;
	volatile int failed = 0;

	printf("[ RUN      ] %s\n", t->name);
	fflush(stdout);
	cm->blocks = 0;
	if (setjmp(cm->jump) == 0) {
		if (t->setup_func && t->setup_func(&state))
			cm_fail(__FILE__, __LINE__, "setup failed");
		t->test_func(&state);
		if (t->teardown_func && t->teardown_func(&state))
			cm_fail(__FILE__, __LINE__, "teardown failed");
		if (cm->blocks)
			cm_fail(__FILE__, __LINE__, "%ld block(s) leaked",
				cm->blocks);
	} else {
		failed = 1;
	}
	printf("[ %s ] %s\n", failed ? " FAILED " : "      OK", t->name);
	fflush(stdout);
	return failed;
}

static inline int cm_run_group(const char *group,
			       const struct CMUnitTest *tests, size_t n,
			       CMFixtureFunction setup,
			       CMFixtureFunction teardown)
{
	void *state = NULL;
	size_t failed = 0;

	printf("[==========] %s: Running %zu test(s).\n", group, n);
	if (setup && setup(&state)) {
		printf("[  ERROR   ] %s: group setup failed\n", group);
		return (int)n;
	}
	for (size_t i = 0; i < n; i++)
		failed += (size_t)cm_run_one(&tests[i], state);
	if (teardown)
		teardown(&state);
	printf("[==========] %s: %zu test(s) run.\n", group, n);
	printf("[  PASSED  ] %zu test(s).\n", n - failed);
	if (failed)
		printf("[  FAILED  ] %s: %zu test(s).\n", group, failed);
	fflush(stdout);
	return (int)failed;
}

#define cmocka_run_group_tests(tests, setup, teardown)                     \
	cm_run_group(#tests, (tests), sizeof(tests) / sizeof((tests)[0]), \
		     (setup), (teardown))

#endif
