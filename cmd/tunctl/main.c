// SPDX-License-Identifier: MIT
/* Copyright (C) 2026 The tunctl authors. */
#include "commands.h"

int main(int argc, char *argv[])
{
	return tunctl_main(argc, argv);
}
