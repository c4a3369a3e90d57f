/* pp-web-message-private.h
 *
 * Copyright 2026 The Perfcast authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The version of the page ↔ C protocol (runner.js says the same). */
#define PP_WEB_PROTOCOL 1

/* Bounds on what a page may send; anything larger is dropped unread. */
#define PP_WEB_MESSAGE_MAX_BYTES (16 * 1024)
#define PP_WEB_MESSAGE_MAX_DEPTH 4
#define PP_WEB_MESSAGE_MAX_TEXT 4096

typedef enum
{
  PP_WEB_MESSAGE_READY,
  PP_WEB_MESSAGE_LOG,
  PP_WEB_MESSAGE_PROGRESS,
} PpWebMessageType;

/* A message from a page that passed every check. */
typedef struct
{
  PpWebMessageType type;
  char *level;   /* log: debug, info or warning */
  char *text;    /* log */
  char *stage;   /* progress: what the page is doing */
  char *phase;   /* progress: forward, prefill or decode */
} PpWebMessage;

PpWebMessage *_pp_web_message_parse (GBytes        *body,
                                     GError       **error);
void          _pp_web_message_free  (PpWebMessage  *message);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PpWebMessage, _pp_web_message_free)

G_END_DECLS
