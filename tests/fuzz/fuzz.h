/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz.h: the libFuzzer entry point every fuzz target defines; replay.c
 * calls it too, for the corpus replay tests. */
#pragma once

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);
