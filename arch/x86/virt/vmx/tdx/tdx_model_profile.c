// SPDX-License-Identifier: GPL-2.0
/* Placeholder: filled by its issue. */
