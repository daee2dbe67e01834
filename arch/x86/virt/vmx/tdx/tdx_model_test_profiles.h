/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The sample platform profiles of tools/testing/selftests/tdx/profiles,
 * built into the model's KUnit suite as NUL-terminated strings, so that the
 * suite parses the very files people read and edit.  The Makefile passes
 * their directory as TDX_MODEL_PROFILE_DIR.
 */
#ifndef _X86_VIRT_TDX_MODEL_TEST_PROFILES_H
#define _X86_VIRT_TDX_MODEL_TEST_PROFILES_H

#define TDX_MT_PROFILE(sym, file)					\
	asm(".pushsection .rodata, \"a\"\n"				\
	    ".global " #sym "\n"					\
	    #sym ":\n"							\
	    ".incbin \"" TDX_MODEL_PROFILE_DIR "/" file "\"\n"		\
	    ".byte 0\n"							\
	    ".popsection\n");						\
	extern const char sym[]

#endif /* _X86_VIRT_TDX_MODEL_TEST_PROFILES_H */
