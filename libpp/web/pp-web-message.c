/* pp-web-message.c
 *
 * Copyright 2026 The Perfcast authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "pp-web-message-private.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "pp-json-private.h"
#include "pp-web-error.h"

/* Everything here treats the page as untrusted: a page that runs
 * third-party runtimes on generated models can misbehave, and whatever it
 * sends must never crash or mislead the process that stores measurements.
 * The errors are for the log, not for users, so they are not translated.
 */

typedef struct
{
  const char *type;
  PpWebMessageType value;
  const char * const *members;
} MessageKind;

static const char * const ready_members[] = { "type", "protocol", NULL };
static const char * const log_members[] = { "type", "level", "text", NULL };
static const char * const progress_members[] = { "type", "stage", "phase", NULL };

static const MessageKind kinds[] = {
  { "ready", PP_WEB_MESSAGE_READY, ready_members },
  { "log", PP_WEB_MESSAGE_LOG, log_members },
  { "progress", PP_WEB_MESSAGE_PROGRESS, progress_members },
};

static const char * const levels[] = { "debug", "info", "warning", NULL };
static const char * const stages[] = { "session", NULL };
static const char * const phases[] = { "forward", "prefill", "decode", NULL };

static gboolean
fail (GError     **error,
      const char  *reason)
{
  g_set_error_literal (error, PP_WEB_ERROR, PP_WEB_ERROR_PAGE, reason);
  return FALSE;
}

/* json-glib's parser recurses once per nesting level, so a body of a few
 * KB of “[” could exhaust the stack: count the depth before parsing.
 */
static gboolean
nesting_is_shallow (const char *text,
                    gsize       length)
{
  gboolean in_string = FALSE;
  int depth = 0;

  for (gsize i = 0; i < length; i++)
    {
      char c = text[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
        }
      else if (c == '"')
        in_string = TRUE;
      else if ((c == '{' || c == '[') && ++depth > PP_WEB_MESSAGE_MAX_DEPTH)
        return FALSE;
      else if (c == '}' || c == ']')
        depth--;
    }

  return TRUE;
}

static const MessageKind *
find_kind (JsonObject *object)
{
  JsonNode *node = json_object_get_member (object, "type");

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      if (g_strcmp0 (json_node_get_string (node), kinds[i].type) == 0)
        return &kinds[i];
    }

  return NULL;
}

/* Exactly the expected members: an unknown one means a page that speaks
 * another protocol, and guessing what it meant would be worse.
 */
static gboolean
has_exact_members (JsonObject         *object,
                   const char * const *members)
{
  g_autoptr(GList) names = json_object_get_members (object);

  if (g_list_length (names) != g_strv_length ((char **)members))
    return FALSE;

  for (const GList *l = names; l; l = l->next)
    {
      if (!g_strv_contains (members, l->data))
        return FALSE;
    }

  return TRUE;
}

/* A string member within bounds and, if @allowed is given, one of it. */
static char *
dup_string (JsonObject         *object,
            const char         *member,
            const char * const *allowed)
{
  JsonNode *node = json_object_get_member (object, member);
  const char *value;

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  value = json_node_get_string (node);
  if (strlen (value) > PP_WEB_MESSAGE_MAX_TEXT || !g_utf8_validate (value, -1, NULL))
    return NULL;
  if (allowed != NULL && !g_strv_contains (allowed, value))
    return NULL;

  return g_strdup (value);
}

static gboolean
read_ready (JsonObject *object)
{
  JsonNode *node = json_object_get_member (object, "protocol");

  return json_node_get_value_type (node) == G_TYPE_INT64 &&
         json_node_get_int (node) == PP_WEB_PROTOCOL;
}

static gboolean
read_fields (PpWebMessage  *message,
             JsonObject    *object,
             GError       **error)
{
  switch (message->type)
    {
    case PP_WEB_MESSAGE_READY:
      if (!read_ready (object))
        return fail (error, "a ready message must carry protocol " G_STRINGIFY (PP_WEB_PROTOCOL));
      return TRUE;

    case PP_WEB_MESSAGE_LOG:
      message->level = dup_string (object, "level", levels);
      message->text = dup_string (object, "text", NULL);
      if (message->level == NULL || message->text == NULL)
        return fail (error, "a log message needs a known level and a text of at most 4096 bytes");
      return TRUE;

    case PP_WEB_MESSAGE_PROGRESS:
      message->stage = dup_string (object, "stage", stages);
      message->phase = dup_string (object, "phase", phases);
      if (message->stage == NULL || message->phase == NULL)
        return fail (error, "a progress message needs a known stage and phase");
      return TRUE;

    default:
      g_assert_not_reached ();
    }
}

static JsonObject *
parse_object (GBytes  *body,
              GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  gsize length = 0;
  const char *text = g_bytes_get_data (body, &length);
  JsonNode *root;

  if (length == 0 || length > PP_WEB_MESSAGE_MAX_BYTES)
    return fail (error, "the message is empty or larger than 16 KiB"), NULL;
  if (!g_utf8_validate (text, length, NULL) || !nesting_is_shallow (text, length))
    return fail (error, "the message is not UTF-8 or is nested too deeply"), NULL;
  /* nesting_is_shallow() does not know that json-glib skips comments;
   * the shared check does, and refuses escaped NULs as well. */
  if (!_pp_json_parser_load_data (parser, text, length, "message", NULL))
    return fail (error, "the message is not JSON"), NULL;

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return fail (error, "the message is not a JSON object"), NULL;

  return json_object_ref (json_node_get_object (root));
}

/*
 * _pp_web_message_parse:
 * @body: the message as the page sent it (a JSON string)
 *
 * Returns: (transfer full): the message, or %NULL with @error saying
 *   why it was rejected
 */
PpWebMessage *
_pp_web_message_parse (GBytes  *body,
                       GError **error)
{
  g_autoptr(PpWebMessage) message = NULL;
  g_autoptr(JsonObject) object = NULL;
  const MessageKind *kind;

  g_assert (body != NULL);

  if (!(object = parse_object (body, error)))
    return NULL;

  if (!(kind = find_kind (object)))
    return fail (error, "the message has no known type"), NULL;
  if (!has_exact_members (object, kind->members))
    return fail (error, "the message lacks a member or has an unexpected one"), NULL;

  message = g_new0 (PpWebMessage, 1);
  message->type = kind->value;
  if (!read_fields (message, object, error))
    return NULL;

  return g_steal_pointer (&message);
}

void
_pp_web_message_free (PpWebMessage *message)
{
  if (message == NULL)
    return;

  g_free (message->level);
  g_free (message->text);
  g_free (message->stage);
  g_free (message->phase);
  g_free (message);
}
