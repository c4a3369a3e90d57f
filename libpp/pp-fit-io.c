/* pp-fit-io.c: a fitted predictor's model to and from JSON.
 *
 * Copyright 2026 The Perfcast authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "pp-catalog-private.h"
#include "pp-error.h"
#include "pp-fitted-predictor-private.h"
#include "pp-util-private.h"

static const char *head_names[N_HEADS] = { "latency", "memory" };

static JsonArray *
floats_to_array (const float *values,
                 guint        n)
{
  JsonArray *array = json_array_sized_new (n);

  for (guint i = 0; i < n; i++)
    json_array_add_double_element (array, values[i]);

  return array;
}

static JsonArray *
strings_to_array (GPtrArray *strings)
{
  JsonArray *array = json_array_sized_new (strings->len);

  for (guint i = 0; i < strings->len; i++)
    json_array_add_string_element (array, strings->pdata[i]);

  return array;
}

/* The keys of @table, a table keyed by strings, in strcmp() order:
 * json-glib writes members in the order they were set, and a hash
 * table's order depends on the order it was filled in, which differs
 * between a fit and the same fit loaded. */
static GPtrArray *
sorted_names (GHashTable *table)
{
  GPtrArray *names = g_ptr_array_sized_new (g_hash_table_size (table));
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (names, key);
  g_ptr_array_sort (names, _pp_compare_string_ptrs);

  return names;
}

/* Device-level fits (Overhead, MemoryFit) are @n doubles under a key. */
G_STATIC_ASSERT (sizeof (Overhead) == 3 * sizeof (double));
G_STATIC_ASSERT (sizeof (MemoryFit) == 2 * sizeof (double));

static JsonObject *
fits_to_object (GHashTable *fits,
                guint       n)
{
  g_autoptr(GPtrArray) keys = sorted_names (fits);
  JsonObject *object = json_object_new ();

  for (guint k = 0; k < keys->len; k++)
    {
      const double *v = g_hash_table_lookup (fits, keys->pdata[k]);
      JsonArray *array = json_array_new ();

      for (guint i = 0; i < n; i++)
        json_array_add_double_element (array, v[i]);
      json_object_set_array_member (object, keys->pdata[k], array);
    }

  return object;
}

static JsonObject *
strings_to_object (GHashTable *table)
{
  g_autoptr(GPtrArray) keys = sorted_names (table);
  JsonObject *object = json_object_new ();

  for (guint k = 0; k < keys->len; k++)
    json_object_set_string_member (object, keys->pdata[k], g_hash_table_lookup (table, keys->pdata[k]));

  return object;
}

/* A Config's fields as members of @object; its string fields as null
 * where it has none. */
static void
set_config (JsonObject   *object,
            const Config *c)
{
  json_object_set_string_member (object, "model", c->model);
  json_object_set_string_member (object, "device", c->device);
  json_object_set_string_member (object, "framework", c->framework);
  json_object_set_string_member (object, "precision", pp_precision_to_string (c->precision));
  json_object_set_int_member (object, "seq", c->seq);
  json_object_set_double_member (object, "input", c->input);
  json_object_set_string_member (object, "phase", pp_phase_to_string (c->phase));
  json_object_set_int_member (object, "threads", c->threads);
  json_object_set_int_member (object, "batch", c->batch);
}

/* Which table a Config keys, and so which of its fields are set (see
 * pp-fit.c): anchors and siblings name a device and a framework,
 * crossings a framework and a batch size but no device, and support
 * only a model, a device and a precision. */
typedef enum
{
  TABLE_ANCHORS,
  TABLE_CROSSINGS,
  TABLE_SIBLINGS,
  TABLE_SUPPORT,
} Table;

static int
compare_keys (gconstpointer a,
              gconstpointer b)
{
  return _pp_config_compare (*(const Config * const *)a, *(const Config * const *)b);
}

/* @table's keys in the order of _pp_config_compare(): the file lists
 * them the same way every time, whatever order the hash holds them in. */
static GPtrArray *
sorted_keys (GHashTable *table)
{
  GPtrArray *keys = g_ptr_array_sized_new (g_hash_table_size (table));
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (keys, key);
  g_ptr_array_sort (keys, compare_keys);

  return keys;
}

static JsonArray *
support_to_array (GHashTable *support)
{
  g_autoptr(GPtrArray) keys = sorted_keys (support);
  JsonArray *array = json_array_new ();

  for (guint i = 0; i < keys->len; i++)
    {
      JsonObject *object = json_object_new ();

      set_config (object, keys->pdata[i]);
      json_object_set_int_member (object, "rows", GPOINTER_TO_UINT (g_hash_table_lookup (support, keys->pdata[i])));
      json_array_add_object_element (array, object);
    }

  return array;
}

static void
add_maybe_double (JsonArray *array,
                  double     value)
{
  if (isnan (value))
    json_array_add_null_element (array);
  else
    json_array_add_double_element (array, value);
}

static JsonArray *
anchor_to_row (gconstpointer element)
{
  const Anchor *a = element;
  JsonArray *row = json_array_new ();

  json_array_add_double_element (row, a->batch);
  add_maybe_double (row, a->latency);
  json_array_add_double_element (row, a->roofline_s);
  add_maybe_double (row, a->memory);
  json_array_add_double_element (row, a->roofline_mem);

  return row;
}

static JsonArray *
crossing_to_row (gconstpointer element)
{
  const Crossing *c = element;
  JsonArray *row = json_array_new ();

  json_array_add_string_element (row, c->hardware);
  json_array_add_double_element (row, c->batch);
  add_maybe_double (row, c->latency);
  json_array_add_double_element (row, c->roofline_s);
  json_array_add_double_element (row, c->layers);
  json_array_add_double_element (row, c->kernels);
  add_maybe_double (row, c->memory);
  json_array_add_double_element (row, c->roofline_mem);
  json_array_add_double_element (row, c->roofline_activations);

  return row;
}

/* A table of Config → GArray of records, as an array of configurations,
 * each with its records as "rows". */
static JsonArray *
table_to_array (GHashTable *table,
                JsonArray  *(*to_row) (gconstpointer element))
{
  g_autoptr(GPtrArray) keys = sorted_keys (table);
  JsonArray *array = json_array_new ();

  for (guint k = 0; k < keys->len; k++)
    {
      GArray *records = g_hash_table_lookup (table, keys->pdata[k]);
      JsonObject *object = json_object_new ();
      JsonArray *list = json_array_new ();
      guint size = g_array_get_element_size (records);

      for (guint i = 0; i < records->len; i++)
        json_array_add_array_element (list, to_row (records->data + (gsize)i * size));
      set_config (object, keys->pdata[k]);
      json_object_set_array_member (object, "rows", list);
      json_array_add_object_element (array, object);
    }

  return array;
}

static JsonObject *
conformal_to_object (const Conformal *conformal)
{
  JsonObject *object = json_object_new ();
  JsonArray *scores = json_array_new ();

  for (guint i = 0; conformal->scores && i < conformal->scores->len; i++)
    json_array_add_double_element (scores, g_array_index (conformal->scores, double, i));

  json_object_set_double_member (object, "q90", isnan (conformal->q90) ? -1 : conformal->q90);
  json_object_set_double_member (object, "sigma_alpha", conformal->sigma_alpha);
  json_object_set_double_member (object, "sigma_beta", conformal->sigma_beta);
  json_object_set_double_member (object, "sigma_gamma", conformal->sigma_gamma);
  json_object_set_double_member (object, "max_distance", conformal->max_distance);
  json_object_set_double_member (object, "max_reach", conformal->max_reach);
  json_object_set_double_member (object, "beyond_beta", conformal->beyond_beta);
  json_object_set_double_member (object, "beyond_gamma", conformal->beyond_gamma);
  json_object_set_array_member (object, "scores", scores);

  return object;
}

/* The saved names of the bases a head calibrates apart, in Basis order. */
static const char * const basis_names[N_BASES] = { "anchors", "sequences", "crossings", "siblings", "device" };

static JsonObject *
head_to_object (const Head *head)
{
  JsonObject *object = json_object_new ();
  JsonObject *calibration = json_object_new ();

  if (head->ensemble != NULL)
    json_object_set_member (object, "ensemble", _pp_ensemble_to_json (head->ensemble));
  if (head->unseen != NULL)
    json_object_set_member (object, "unseen", _pp_ensemble_to_json (head->unseen));
  json_object_set_double_member (object, "anchored_share", head->anchored_share);
  json_object_set_double_member (object, "unseen_share", head->unseen_share);
  for (guint b = 0; b < N_BASES; b++)
    {
      const Conformal *any = &head->conformal[b][N_DEVICE_KINDS];
      JsonObject *kinds = json_object_new ();

      /* A kind that shares the basis's calibration is saved once, as
       * "any". */
      json_object_set_object_member (kinds, "any", conformal_to_object (any));
      for (guint k = 0; k < N_DEVICE_KINDS; k++)
        if (head->conformal[b][k].scores != any->scores)
          json_object_set_object_member (kinds, pp_hardware_kind_to_string (k),
                                         conformal_to_object (&head->conformal[b][k]));
      json_object_set_object_member (calibration, basis_names[b], kinds);
    }
  json_object_set_object_member (object, "calibration", calibration);

  return object;
}

JsonNode *
_pp_model_to_json (const Model *model)
{
  JsonObject *object = json_object_new ();
  JsonObject *distance = json_object_new ();
  JsonObject *heads = json_object_new ();
  JsonNode *node;

  json_object_set_int_member (object, "n_training", model->n_training);
  json_object_set_int_member (object, "n_skipped", model->n_skipped);
  json_object_set_double_member (object, "fastest_ratio", model->fastest_ratio);
  json_object_set_int_member (object, "n_features", N_FEATURES);
  json_object_set_array_member (object, "frameworks", strings_to_array (model->frameworks));
  json_object_set_array_member (object, "families", strings_to_array (model->families));
  json_object_set_array_member (object, "models", strings_to_array (model->models));
  json_object_set_array_member (object, "devices", strings_to_array (model->devices));
  json_object_set_object_member (object, "stand_ins", strings_to_object (model->stand_ins));
  json_object_set_object_member (object, "overheads", fits_to_object (model->overheads, 3));
  json_object_set_object_member (object, "memory_fits", fits_to_object (model->memory_fits, 2));
  json_object_set_array_member (object, "support", support_to_array (model->support));
  json_object_set_array_member (object, "anchors", table_to_array (model->anchors, anchor_to_row));
  json_object_set_array_member (object, "crossings", table_to_array (model->crossings, crossing_to_row));
  json_object_set_array_member (object, "siblings", table_to_array (model->siblings, crossing_to_row));
  json_object_set_object_member (object, "default_frameworks", strings_to_object (model->frameworks_by_device));
  json_object_set_object_member (object, "run_frameworks", strings_to_object (model->frameworks_by_run));
  json_object_set_object_member (object, "model_frameworks", strings_to_object (model->frameworks_by_model));
  json_object_set_object_member (object, "family_frameworks", strings_to_object (model->frameworks_by_family));

  json_object_set_array_member (distance, "mean", floats_to_array (model->mean, N_DISTANCE_NUMERIC));
  json_object_set_array_member (distance, "scale", floats_to_array (model->scale, N_DISTANCE_NUMERIC));
  json_object_set_array_member (distance, "points",
                                floats_to_array ((const float *)(gpointer)model->points->data,
                                                 model->points->len));
  /* Infinite when no fold held out a model (a fit to one model's
   * rows): left out, it reads back as such. */
  if (isfinite (model->d_ood))
    json_object_set_double_member (distance, "d_ood", model->d_ood);
  json_object_set_object_member (object, "distance", distance);

  for (guint h = 0; h < N_HEADS; h++)
    json_object_set_object_member (heads, head_names[h], head_to_object (&model->heads[h]));
  json_object_set_object_member (object, "heads", heads);

  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, object);
  return node;
}

/* Reading ---------------------------------------------------------------
 *
 * A saved fit may have been edited by hand or damaged: every member is
 * checked for its kind and for what a fit could have written there, and
 * the first that fails is named in the error, as "anchors[3].rows[0][2]".
 * A value no fit writes (a null vocabulary, a negative width) would
 * otherwise load and silently change predictions and their intervals. */

/* Where a member is: a chain of frames on the readers' stack, from the
 * member up to the root, turned into text only for an error. */
typedef struct _Path Path;

struct _Path
{
  const Path *parent;
  const char *name;            /* the member's name, or NULL for an element */
  guint index;                 /* the element's index */
};

#define MEMBER(parent, member) (&(const Path) { (parent), (member), 0 })
#define ELEMENT(parent, i) (&(const Path) { (parent), NULL, (i) })

static void
append_path (GString    *out,
             const Path *at)
{
  if (at == NULL)
    return;

  append_path (out, at->parent);
  if (at->name == NULL)
    g_string_append_printf (out, "[%u]", at->index);
  else
    {
      if (out->len > 0)
        g_string_append_c (out, '.');
      g_string_append (out, at->name);
    }
}

static char *
path_to_string (const Path *at)
{
  GString *out = g_string_new (NULL);

  append_path (out, at);
  return g_string_free (out, FALSE);
}

/* What a member must be, as the error says when it is not. */
typedef enum
{
  WANT_OBJECT,
  WANT_ARRAY,
  WANT_STRING,
  WANT_FINITE,
  WANT_POSITIVE,
  WANT_NOT_NEGATIVE,
  WANT_SHARE,
  WANT_WHOLE,                  /* n: the least allowed */
  WANT_INDEX,                  /* n: the number of things indexed */
  WANT_LENGTH,                 /* n: the array's length */
  WANT_MULTIPLE,               /* n: what the array's length is a multiple of */
  WANT_ASCENDING,
  WANT_ASCENDING_ONCE,
  WANT_NEW_KEY,
  WANT_FIT_VALUE,
} Want;

/* Sets @error to say that the member at @at is not as @want asks;
 * returns FALSE for the caller to return. */
static gboolean
damaged (GError     **error,
         const Path  *at,
         Want         want,
         guint        n)
{
  g_autofree char *p = path_to_string (at);

  switch (want)
    {
    case WANT_OBJECT:
      /* translators: here and below, %s is the path of a member of a
       * saved fit's JSON, such as anchors[0].rows[1][0]; it stays as is */
      g_set_error (error, PP_ERROR, PP_ERROR_PARSE, _("“%s” is missing or not an object"), p);
      break;
    case WANT_ARRAY:
      g_set_error (error, PP_ERROR, PP_ERROR_PARSE, _("“%s” is missing or not an array"), p);
      break;
    case WANT_STRING:
      g_set_error (error, PP_ERROR, PP_ERROR_PARSE, _("“%s” is missing or not a string"), p);
      break;
    case WANT_FINITE:
      g_set_error (error, PP_ERROR, PP_ERROR_PARSE, _("“%s” must be a finite number"), p);
      break;
    case WANT_POSITIVE:
      g_set_error (error, PP_ERROR, PP_ERROR_PARSE, _("“%s” must be a positive number"), p);
      break;
    case WANT_NOT_NEGATIVE:
      g_set_error (error, PP_ERROR, PP_ERROR_PARSE, _("“%s” must be a number of 0 or more"), p);
      break;
    case WANT_SHARE:
      g_set_error (error, PP_ERROR, PP_ERROR_PARSE, _("“%s” must be a number from 0 to 1"), p);
      break;
    case WANT_WHOLE:
      g_set_error (error, PP_ERROR, PP_ERROR_PARSE, _("“%s” must be a whole number of at least %u"), p, n);
      break;
    case WANT_INDEX:
      g_set_error (error, PP_ERROR, PP_ERROR_PARSE, _("“%s” must be a whole number below %u"), p, n);
      break;
    case WANT_LENGTH:
      g_set_error (error, PP_ERROR, PP_ERROR_PARSE,
                   g_dngettext (GETTEXT_PACKAGE, "“%s” must be an array of %u element",
                                "“%s” must be an array of %u elements", n), p, n);
      break;
    case WANT_MULTIPLE:
      g_set_error (error, PP_ERROR, PP_ERROR_PARSE,
                   g_dngettext (GETTEXT_PACKAGE, "“%s” must hold a multiple of %u number",
                                "“%s” must hold a multiple of %u numbers", n), p, n);
      break;
    case WANT_ASCENDING:
      g_set_error (error, PP_ERROR, PP_ERROR_PARSE, _("“%s” is out of order"), p);
      break;
    case WANT_ASCENDING_ONCE:
      g_set_error (error, PP_ERROR, PP_ERROR_PARSE, _("“%s” is out of order or repeated"), p);
      break;
    case WANT_NEW_KEY:
      g_set_error (error, PP_ERROR, PP_ERROR_PARSE,
                   _("“%s” repeats the configuration of an earlier entry"), p);
      break;
    case WANT_FIT_VALUE:
    default:
      /* translators: a value no fitting could have written, as one edited
       * by hand */
      g_set_error (error, PP_ERROR, PP_ERROR_PARSE, _("“%s” holds a value no fit writes"), p);
      break;
    }

  return FALSE;
}

/* Whether @v, a finite number, is as @want asks (see Want for @n). */
static gboolean
number_is (double v,
           Want   want,
           guint  n)
{
  if (want == WANT_POSITIVE)
    return v > 0;
  if (want == WANT_NOT_NEGATIVE)
    return v >= 0;
  if (want == WANT_SHARE)
    return v >= 0 && v <= 1;
  if (want == WANT_WHOLE)
    return v == floor (v) && v >= n && v <= G_MAXUINT;
  if (want == WANT_INDEX)
    return v == floor (v) && v >= 0 && v < n;

  return TRUE;
}

/* Every number is read through _pp_json_node_get_number(), which
 * refuses other kinds and infinities (json-glib reads 1e400 as one),
 * never with json-glib's getters, which warn on nodes of other kinds
 * and give 0. */
static gboolean
read_number (JsonNode    *node,
             const Path  *at,
             Want         want,
             guint        n,
             double      *value,
             GError     **error)
{
  if (!_pp_json_node_get_number (node, value) || !number_is (*value, want, n))
    return damaged (error, at, want, n);

  return TRUE;
}

static gboolean
read_member_number (JsonObject  *object,
                    const char  *member,
                    const Path  *at,
                    Want         want,
                    double      *value,
                    GError     **error)
{
  return read_number (json_object_get_member (object, member), MEMBER (at, member), want, 0, value, error);
}

static gboolean
read_count (JsonObject  *object,
            const char  *member,
            const Path  *at,
            guint        least,
            guint       *count,
            GError     **error)
{
  double v;

  if (!read_number (json_object_get_member (object, member), MEMBER (at, member), WANT_WHOLE, least, &v, error))
    return FALSE;

  *count = v;
  return TRUE;
}

static gboolean
get_object (JsonNode     *node,
            const Path   *at,
            JsonObject  **object,
            GError      **error)
{
  *object = node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;

  return *object != NULL || damaged (error, at, WANT_OBJECT, 0);
}

static gboolean
get_array (JsonNode    *node,
           const Path  *at,
           JsonArray  **array,
           GError     **error)
{
  *array = node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;

  return *array != NULL || damaged (error, at, WANT_ARRAY, 0);
}

static gboolean
get_array_sized (JsonNode    *node,
                 const Path  *at,
                 guint        length,
                 JsonArray  **array,
                 GError     **error)
{
  if (!get_array (node, at, array, error))
    return FALSE;

  return json_array_get_length (*array) == length || damaged (error, at, WANT_LENGTH, length);
}

static gboolean
get_string (JsonNode     *node,
            const Path   *at,
            const char  **string,
            GError      **error)
{
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return damaged (error, at, WANT_STRING, 0);

  *string = json_node_get_string (node);
  return TRUE;
}

/* Whether @word is one of @words, a vocabulary (sorted). */
static gboolean
is_listed (GPtrArray  *words,
           const char *word)
{
  guint lo = 0, hi = words->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      int c = strcmp (words->pdata[mid], word);

      if (c == 0)
        return TRUE;
      if (c < 0)
        lo = mid + 1;
      else
        hi = mid;
    }

  return FALSE;
}

/* A string of @words, the vocabulary saved as @list: a fit names only
 * what its rows named. */
static gboolean
get_listed (JsonNode     *node,
            const Path   *at,
            GPtrArray    *words,
            const char   *list,
            const char  **word,
            GError      **error)
{
  g_autofree char *p = NULL;

  if (!get_string (node, at, word, error))
    return FALSE;
  if (is_listed (words, *word))
    return TRUE;

  p = path_to_string (at);
  /* translators: the first %s is a member's path (anchors[0].model), the
   * second the name of the list it must be in (models); both stay as is */
  g_set_error (error, PP_ERROR, PP_ERROR_PARSE, _("“%s” is not listed in “%s”"), p, list);
  return FALSE;
}

/* Vocabularies are looked up by bisection, so they must be sorted,
 * each word once. */
static gboolean
read_vocabulary (JsonObject  *root,
                 const char  *name,
                 GPtrArray  **words,
                 GError     **error)
{
  const Path *at = MEMBER (NULL, name);
  JsonArray *array;

  *words = g_ptr_array_new_with_free_func (g_free);
  if (!get_array (json_object_get_member (root, name), at, &array, error))
    return FALSE;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      const char *word;

      if (!get_string (json_array_get_element (array, i), ELEMENT (at, i), &word, error))
        return FALSE;
      if (i > 0 && strcmp ((*words)->pdata[i - 1], word) >= 0)
        return damaged (error, ELEMENT (at, i), WANT_ASCENDING_ONCE, 0);
      g_ptr_array_add (*words, g_strdup (word));
    }

  return TRUE;
}

/* An object of strings; with @words, each one of them (see
 * get_listed()). */
static gboolean
read_string_table (JsonObject   *root,
                   const char   *name,
                   GPtrArray    *words,
                   const char   *list,
                   GHashTable  **table,
                   GError      **error)
{
  const Path *at = MEMBER (NULL, name);
  JsonObjectIter iter;
  JsonObject *object;
  const char *key;
  JsonNode *node;

  *table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  if (!get_object (json_object_get_member (root, name), at, &object, error))
    return FALSE;

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &key, &node))
    {
      const char *value;

      if (words != NULL ? !get_listed (node, MEMBER (at, key), words, list, &value, error)
                        : !get_string (node, MEMBER (at, key), &value, error))
        return FALSE;
      g_hash_table_insert (*table, g_strdup (key), g_strdup (value));
    }

  return TRUE;
}

/* The numbers of a device-level fit, in the order of its struct: an
 * efficiency above 0 and fixed costs of 0 or more (fit_overhead() in
 * pp-fit.c); bytes the runtime holds, 0 or more, and a factor on the
 * activations above 0 (fit_memory()). */
static const Want overhead_rules[] = { WANT_POSITIVE, WANT_NOT_NEGATIVE, WANT_NOT_NEGATIVE };
static const Want memory_fit_rules[] = { WANT_NOT_NEGATIVE, WANT_POSITIVE };

static gboolean
read_fits (JsonObject   *root,
           const char   *name,
           const Want   *rules,
           guint         n,
           GHashTable  **fits,
           GError      **error)
{
  const Path *at = MEMBER (NULL, name);
  JsonObjectIter iter;
  JsonObject *object;
  const char *key;
  JsonNode *node;

  *fits = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  if (!get_object (json_object_get_member (root, name), at, &object, error))
    return FALSE;

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &key, &node))
    {
      const Path *fit = MEMBER (at, key);
      g_autofree double *v = g_new (double, n);
      JsonArray *array;

      if (!get_array_sized (node, fit, n, &array, error))
        return FALSE;
      for (guint i = 0; i < n; i++)
        if (!read_number (json_array_get_element (array, i), ELEMENT (fit, i), rules[i], 0, &v[i], error))
          return FALSE;
      g_hash_table_insert (*fits, g_strdup (key), g_steal_pointer (&v));
    }

  return TRUE;
}

/* @member of a configuration, interned: a name of @words (the
 * vocabulary saved as @list) or, where @words is NULL, null or left
 * out, as set_config() writes a field the table's keys do not have. */
static gboolean
read_config_name (JsonObject   *entry,
                  const char   *member,
                  const Path   *at,
                  GPtrArray    *words,
                  const char   *list,
                  const char  **name,
                  GError      **error)
{
  JsonNode *node = json_object_get_member (entry, member);

  *name = NULL;
  if (words == NULL)
    return node == NULL || JSON_NODE_HOLDS_NULL (node) || damaged (error, MEMBER (at, member), WANT_FIT_VALUE, 0);

  if (!get_listed (node, MEMBER (at, member), words, list, name, error))
    return FALSE;

  *name = g_intern_string (*name);
  return TRUE;
}

/* The first field of @c that @table's keys never have so (see Table),
 * or NULL: such an entry would never be looked up. */
static const char *
misplaced_field (const Config *c,
                 Table         table)
{
  double size = table == TABLE_SUPPORT ? 0 : _pp_key_size (c->input);

  if (table == TABLE_SUPPORT && c->seq != 0)
    return "seq";
  if (table == TABLE_SUPPORT && c->threads != 0)
    return "threads";
  if (table == TABLE_SUPPORT && c->phase != 0)
    return "phase";
  if ((c->batch != 0) != (table == TABLE_CROSSINGS))
    return "batch";
  /* Sizes compare as bits (see _pp_config_equal()). */
  if (memcmp (&c->input, &size, sizeof size) != 0)
    return "input";

  return NULL;
}

/* The reverse of set_config() for a key of @table: siblings name a
 * family where the others name a model, crossings no device and
 * support no framework. */
static gboolean
read_config (JsonObject   *entry,
             const Path   *at,
             Table         table,
             const Model  *model,
             Config       *c,
             GError      **error)
{
  gboolean siblings = table == TABLE_SIBLINGS;
  const char *precision, *phase, *misplaced;
  PpPrecision p;
  PpPhase ph;

  *c = (Config) { 0 };
  if (!read_config_name (entry, "model", at, siblings ? model->families : model->models,
                         siblings ? "families" : "models", &c->model, error) ||
      !read_config_name (entry, "device", at, table == TABLE_CROSSINGS ? NULL : model->devices, "devices",
                         &c->device, error) ||
      !read_config_name (entry, "framework", at, table == TABLE_SUPPORT ? NULL : model->frameworks,
                         "frameworks", &c->framework, error) ||
      !get_string (json_object_get_member (entry, "precision"), MEMBER (at, "precision"), &precision, error) ||
      !get_string (json_object_get_member (entry, "phase"), MEMBER (at, "phase"), &phase, error) ||
      !read_count (entry, "seq", at, 0, &c->seq, error) ||
      !read_count (entry, "threads", at, 0, &c->threads, error) ||
      !read_count (entry, "batch", at, 0, &c->batch, error) ||
      !read_member_number (entry, "input", at, WANT_FINITE, &c->input, error))
    return FALSE;

  if (!pp_precision_from_string (precision, &p, NULL))
    return damaged (error, MEMBER (at, "precision"), WANT_FIT_VALUE, 0);
  if (!pp_phase_from_string (phase, &ph, NULL))
    return damaged (error, MEMBER (at, "phase"), WANT_FIT_VALUE, 0);
  c->precision = p;
  c->phase = ph;

  if ((misplaced = misplaced_field (c, table)) != NULL)
    return damaged (error, MEMBER (at, misplaced), WANT_FIT_VALUE, 0);

  return TRUE;
}

/* The key of the entry @node of @table, which @seen must not have yet. */
static gboolean
read_entry_key (JsonNode     *node,
                const Path   *at,
                Table         table,
                const Model  *model,
                GHashTable   *seen,
                JsonObject  **entry,
                Config       *key,
                GError      **error)
{
  if (!get_object (node, at, entry, error) || !read_config (*entry, at, table, model, key, error))
    return FALSE;

  return !g_hash_table_contains (seen, key) || damaged (error, at, WANT_NEW_KEY, 0);
}

static gboolean
read_support (JsonObject  *root,
              Model       *model,
              GError     **error)
{
  const Path *at = MEMBER (NULL, "support");
  JsonArray *entries;

  model->support = _pp_config_table_new (NULL);
  if (!get_array (json_object_get_member (root, "support"), at, &entries, error))
    return FALSE;

  for (guint e = 0; e < json_array_get_length (entries); e++)
    {
      const Path *entry_at = ELEMENT (at, e);
      JsonObject *entry;
      Config key;
      guint rows;

      if (!read_entry_key (json_array_get_element (entries, e), entry_at, TABLE_SUPPORT, model,
                           model->support, &entry, &key, error) ||
          !read_count (entry, "rows", entry_at, 1, &rows, error))
        return FALSE;
      g_hash_table_insert (model->support, g_memdup2 (&key, sizeof key), GUINT_TO_POINTER (rows));
    }

  return TRUE;
}

/* The cells of a row of a table of measurements (see anchor_to_row()
 * and crossing_to_row()): what each must be, and whether it may be
 * null, for a value not measured. A crossing's first cell, a name, is
 * read apart. */
typedef struct
{
  Want want;
  guint least;
  gboolean maybe_null;
} Cell;

static const Cell anchor_cells[] = {
  { WANT_WHOLE, 1, FALSE },          /* batch */
  { WANT_POSITIVE, 0, TRUE },        /* latency */
  { WANT_NOT_NEGATIVE, 0, FALSE },   /* roofline_s */
  { WANT_POSITIVE, 0, TRUE },        /* memory */
  { WANT_NOT_NEGATIVE, 0, FALSE },   /* roofline_mem */
};

static const Cell crossing_cells[] = {
  { WANT_STRING, 0, FALSE },         /* hardware */
  { WANT_WHOLE, 1, FALSE },          /* batch */
  { WANT_POSITIVE, 0, TRUE },        /* latency */
  { WANT_NOT_NEGATIVE, 0, FALSE },   /* roofline_s */
  { WANT_NOT_NEGATIVE, 0, FALSE },   /* layers */
  { WANT_NOT_NEGATIVE, 0, FALSE },   /* kernels */
  { WANT_POSITIVE, 0, TRUE },        /* memory */
  { WANT_NOT_NEGATIVE, 0, FALSE },   /* roofline_mem */
  { WANT_NOT_NEGATIVE, 0, FALSE },   /* roofline_activations */
};

static gboolean
read_cells (JsonNode    *node,
            const Path  *at,
            const Cell  *cells,
            guint        n,
            JsonArray  **row,
            double      *values,
            GError     **error)
{
  if (!get_array_sized (node, at, n, row, error))
    return FALSE;

  for (guint i = 0; i < n; i++)
    {
      JsonNode *cell = json_array_get_element (*row, i);

      if (cells[i].want == WANT_STRING)
        continue;
      if (cells[i].maybe_null && JSON_NODE_HOLDS_NULL (cell))
        values[i] = NAN;
      else if (!read_number (cell, ELEMENT (at, i), cells[i].want, cells[i].least, &values[i], error))
        return FALSE;
    }

  return TRUE;
}

/* Appends the row @node to @records, the rows of an entry of @table. */
static gboolean
read_record (JsonNode     *node,
             const Path   *at,
             Table         table,
             const Model  *model,
             GArray       *records,
             GError      **error)
{
  gboolean siblings = table == TABLE_SIBLINGS;
  double v[G_N_ELEMENTS (crossing_cells)];
  const char *hardware;
  JsonArray *row;

  if (table == TABLE_ANCHORS)
    {
      Anchor a;

      if (!read_cells (node, at, anchor_cells, G_N_ELEMENTS (anchor_cells), &row, v, error))
        return FALSE;
      a = (Anchor) { v[0], v[1], v[2], v[3], v[4], 1, 1 };
      /* A configuration has one anchor per batch size, in order (see
       * add_anchor() in pp-fit.c). */
      if (records->len > 0 && !(a.batch > g_array_index (records, Anchor, records->len - 1).batch))
        return damaged (error, ELEMENT (at, 0), WANT_ASCENDING_ONCE, 0);
      g_array_append_val (records, a);
      return TRUE;
    }

  /* A crossing's first cell names the device it ran on, a sibling's its
   * model. */
  if (!read_cells (node, at, crossing_cells, G_N_ELEMENTS (crossing_cells), &row, v, error) ||
      !get_listed (json_array_get_element (row, 0), ELEMENT (at, 0), siblings ? model->models : model->devices,
                   siblings ? "models" : "devices", &hardware, error))
    return FALSE;
  g_array_append_vals (records, &(Crossing) { g_intern_string (hardware), v[1], v[2], v[3], v[4], v[5], v[6],
                                              v[7], v[8] }, 1);
  return TRUE;
}

/* The reverse of table_to_array(). */
static gboolean
read_table (JsonObject   *root,
            const char   *name,
            Table         table,
            const Model  *model,
            GHashTable  **out,
            GError      **error)
{
  const Path *at = MEMBER (NULL, name);
  gsize size = table == TABLE_ANCHORS ? sizeof (Anchor) : sizeof (Crossing);
  JsonArray *entries;

  *out = _pp_config_table_new ((GDestroyNotify)g_array_unref);
  if (!get_array (json_object_get_member (root, name), at, &entries, error))
    return FALSE;

  for (guint e = 0; e < json_array_get_length (entries); e++)
    {
      const Path *entry_at = ELEMENT (at, e);
      const Path *rows_at = MEMBER (entry_at, "rows");
      JsonObject *entry;
      JsonArray *rows;
      GArray *records;
      Config key;

      if (!read_entry_key (json_array_get_element (entries, e), entry_at, table, model, *out, &entry, &key,
                           error) ||
          !get_array (json_object_get_member (entry, "rows"), rows_at, &rows, error))
        return FALSE;
      records = g_array_sized_new (FALSE, FALSE, size, json_array_get_length (rows));
      g_hash_table_insert (*out, g_memdup2 (&key, sizeof key), records);
      for (guint i = 0; i < json_array_get_length (rows); i++)
        if (!read_record (json_array_get_element (rows, i), ELEMENT (rows_at, i), table, model, records, error))
          return FALSE;
    }

  return TRUE;
}

/* Elements @first to @first + @n - 1 of @array into the same places of
 * @out, each as @want asks (@bound for WANT_INDEX) once narrowed to a
 * float: 1e300 is a finite double but an infinite float, and 1e-50 a
 * positive double but a float of 0. */
static gboolean
read_floats (JsonArray   *array,
             const Path  *at,
             guint        first,
             guint        n,
             Want         want,
             guint        bound,
             float       *out,
             GError     **error)
{
  for (guint i = first; i < first + n; i++)
    {
      double v;

      if (!read_number (json_array_get_element (array, i), ELEMENT (at, i), want, bound, &v, error))
        return FALSE;
      out[i] = v;
      if (!isfinite (out[i]) || !number_is (out[i], want, bound))
        return damaged (error, ELEMENT (at, i), want, bound);
    }

  return TRUE;
}

/* Standardised features, finite, then the indices of the point's model
 * and device in their vocabularies: a fit's points are all of its
 * rows, whose model and device it knows. */
static gboolean
read_points (JsonArray   *array,
             const Path  *at,
             Model       *model,
             GError     **error)
{
  guint n = json_array_get_length (array);
  float *data;

  if (n % N_DISTANCE_FEATURES != 0)
    return damaged (error, at, WANT_MULTIPLE, N_DISTANCE_FEATURES);

  g_array_set_size (model->points, n);
  data = (float *)(gpointer)model->points->data;
  for (guint p = 0; p < n; p += N_DISTANCE_FEATURES)
    if (!read_floats (array, at, p, N_DISTANCE_NUMERIC, WANT_FINITE, 0, data, error) ||
        !read_floats (array, at, p + N_DISTANCE_NUMERIC, 1, WANT_INDEX, model->models->len, data, error) ||
        !read_floats (array, at, p + N_DISTANCE_NUMERIC + 1, 1, WANT_INDEX, model->devices->len, data, error))
      return FALSE;

  return TRUE;
}

static gboolean
read_distance (JsonObject  *root,
               Model       *model,
               GError     **error)
{
  const Path *at = MEMBER (NULL, "distance");
  const Path *mean_at = MEMBER (at, "mean");
  const Path *scale_at = MEMBER (at, "scale");
  const Path *points_at = MEMBER (at, "points");
  JsonArray *mean, *scale, *points;
  JsonObject *distance;

  model->points = g_array_new (FALSE, FALSE, sizeof (float));
  /* Left out when no fold held out a model (see _pp_model_to_json()). */
  model->d_ood = INFINITY;
  if (!get_object (json_object_get_member (root, "distance"), at, &distance, error) ||
      !get_array_sized (json_object_get_member (distance, "mean"), mean_at, N_DISTANCE_NUMERIC, &mean, error) ||
      !read_floats (mean, mean_at, 0, N_DISTANCE_NUMERIC, WANT_FINITE, 0, model->mean, error) ||
      !get_array_sized (json_object_get_member (distance, "scale"), scale_at, N_DISTANCE_NUMERIC, &scale,
                        error) ||
      !read_floats (scale, scale_at, 0, N_DISTANCE_NUMERIC, WANT_POSITIVE, 0, model->scale, error) ||
      !get_array (json_object_get_member (distance, "points"), points_at, &points, error) ||
      !read_points (points, points_at, model, error) ||
      (json_object_has_member (distance, "d_ood") &&
       !read_member_number (distance, "d_ood", at, WANT_NOT_NEGATIVE, &model->d_ood, error)))
    return FALSE;

  _pp_model_index_points (model);
  return TRUE;
}

/* Normalised scores, |residual| / sigma, sorted (they are searched by
 * bisection, see fraction_within() in pp-fitted-predictor.c). */
static gboolean
read_scores (JsonArray   *array,
             const Path  *at,
             GArray      *scores,
             GError     **error)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      double v;

      if (!read_number (json_array_get_element (array, i), ELEMENT (at, i), WANT_NOT_NEGATIVE, 0, &v, error))
        return FALSE;
      if (i > 0 && v < g_array_index (scores, double, i - 1))
        return damaged (error, ELEMENT (at, i), WANT_ASCENDING, 0);
      g_array_append_val (scores, v);
    }

  return TRUE;
}

/* @member, a slope beyond the calibrated range, which an interval only
 * widens along: no less than @within, the slope within it. */
static gboolean
read_beyond (JsonObject  *object,
             const char  *member,
             const char  *within_member,
             double       within,
             const Path  *at,
             double      *slope,
             GError     **error)
{
  g_autofree char *p = NULL;

  if (!read_member_number (object, member, at, WANT_FINITE, slope, error))
    return FALSE;
  if (*slope >= within)
    return TRUE;

  p = path_to_string (MEMBER (at, member));
  /* translators: the first %s is a member's path, the second the name of
   * the member of the same object it is compared with (sigma_beta) */
  g_set_error (error, PP_ERROR, PP_ERROR_PARSE, _("“%s” must be no less than “%s”"), p, within_member);
  return FALSE;
}

/* A q90 of -1 stands for none: there were no scores to take it from. */
static gboolean
read_conformal (JsonObject  *object,
                const Path  *at,
                Conformal   *c,
                GError     **error)
{
  const Path *scores_at = MEMBER (at, "scores");
  JsonArray *scores;

  c->scores = g_array_new (FALSE, FALSE, sizeof (double));
  if (!get_array (json_object_get_member (object, "scores"), scores_at, &scores, error) ||
      !read_scores (scores, scores_at, c->scores, error) ||
      !read_member_number (object, "q90", at, WANT_FINITE, &c->q90, error))
    return FALSE;
  if (c->scores->len == 0 ? c->q90 != -1 : c->q90 < 0)
    return damaged (error, MEMBER (at, "q90"), c->scores->len == 0 ? WANT_FIT_VALUE : WANT_NOT_NEGATIVE, 0);
  if (c->scores->len == 0)
    c->q90 = NAN;

  return read_member_number (object, "sigma_alpha", at, WANT_FINITE, &c->sigma_alpha, error) &&
         read_member_number (object, "sigma_beta", at, WANT_NOT_NEGATIVE, &c->sigma_beta, error) &&
         read_member_number (object, "sigma_gamma", at, WANT_NOT_NEGATIVE, &c->sigma_gamma, error) &&
         read_member_number (object, "max_distance", at, WANT_NOT_NEGATIVE, &c->max_distance, error) &&
         read_member_number (object, "max_reach", at, WANT_NOT_NEGATIVE, &c->max_reach, error) &&
         read_beyond (object, "beyond_beta", "sigma_beta", c->sigma_beta, at, &c->beyond_beta, error) &&
         read_beyond (object, "beyond_gamma", "sigma_gamma", c->sigma_gamma, at, &c->beyond_gamma, error);
}

/* The calibration of one basis: over every kind of device ("any"),
 * and for each kind that has its own. */
static gboolean
read_basis (JsonObject  *kinds,
            const Path  *at,
            Conformal    cells[N_DEVICE_KINDS + 1],
            GError     **error)
{
  Conformal *any = &cells[N_DEVICE_KINDS];
  JsonObject *cell;

  if (!get_object (json_object_get_member (kinds, "any"), MEMBER (at, "any"), &cell, error) ||
      !read_conformal (cell, MEMBER (at, "any"), any, error))
    return FALSE;

  for (guint k = 0; k < N_DEVICE_KINDS; k++)
    {
      const char *kind = pp_hardware_kind_to_string (k);
      const Path *kind_at = MEMBER (at, kind);
      JsonNode *node = json_object_get_member (kinds, kind);

      /* A kind that shares the basis's calibration is saved as "any". */
      if (node == NULL)
        _pp_conformal_share (&cells[k], any);
      else if (!get_object (node, kind_at, &cell, error) || !read_conformal (cell, kind_at, &cells[k], error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
read_calibration (JsonObject  *object,
                  const Path  *at,
                  Head        *head,
                  GError     **error)
{
  const Path *calibration_at = MEMBER (at, "calibration");
  JsonObject *calibration, *kinds;

  if (!get_object (json_object_get_member (object, "calibration"), calibration_at, &calibration, error))
    return FALSE;

  for (guint b = 0; b < N_BASES; b++)
    {
      const Path *basis_at = MEMBER (calibration_at, basis_names[b]);

      if (!get_object (json_object_get_member (calibration, basis_names[b]), basis_at, &kinds, error) ||
          !read_basis (kinds, basis_at, head->conformal[b], error))
        {
          /* translators: %s is what estimates stand on (anchors, sequences,
           * crossings, siblings or device); the error follows */
          g_prefix_error (error, _("no calibration for estimates on %s: "), basis_names[b]);
          return FALSE;
        }
    }

  return TRUE;
}

/* A head with too few rows for trees has none: the member is left out. */
static gboolean
read_ensemble (JsonObject   *object,
               const char   *member,
               const Path   *at,
               PpEnsemble  **ensemble,
               GError      **error)
{
  JsonNode *node = json_object_get_member (object, member);
  g_autofree char *p = NULL;

  if (node == NULL || (*ensemble = _pp_ensemble_from_json (node, N_FEATURES, error)) != NULL)
    return TRUE;

  p = path_to_string (MEMBER (at, member));
  /* translators: %s is the path of a saved fit's trees (heads.latency.unseen);
   * the error in them follows */
  g_prefix_error (error, _("in “%s”: "), p);
  return FALSE;
}

static gboolean
read_head (JsonObject  *heads,
           HeadKind     h,
           Head        *head,
           GError     **error)
{
  const Path *at = MEMBER (MEMBER (NULL, "heads"), head_names[h]);
  JsonObject *object;

  return get_object (json_object_get_member (heads, head_names[h]), at, &object, error) &&
         read_member_number (object, "anchored_share", at, WANT_SHARE, &head->anchored_share, error) &&
         read_member_number (object, "unseen_share", at, WANT_SHARE, &head->unseen_share, error) &&
         read_calibration (object, at, head, error) &&
         read_ensemble (object, "ensemble", at, &head->ensemble, error) &&
         read_ensemble (object, "unseen", at, &head->unseen, error);
}

/* What pp-fitted-predictor.c reads of the file besides the model,
 * checked here with the rest: when it was fitted (an ISO 8601 time,
 * which checks list fits by) and, when the fit has one, the stamp of
 * the data it saw. */
static gboolean
read_stamps (JsonObject  *root,
             GError     **error)
{
  g_autoptr(GDateTime) time = NULL;
  const char *text;

  if (!get_string (json_object_get_member (root, "fitted_at"), MEMBER (NULL, "fitted_at"), &text, error))
    return FALSE;
  if (!(time = g_date_time_new_from_iso8601 (text, NULL)))
    return damaged (error, MEMBER (NULL, "fitted_at"), WANT_FIT_VALUE, 0);

  return !json_object_has_member (root, "data_stamp") ||
         get_string (json_object_get_member (root, "data_stamp"), MEMBER (NULL, "data_stamp"), &text, error);
}

static gboolean
read_model (JsonObject  *root,
            Model       *model,
            GError     **error)
{
  JsonObject *heads;
  double n_features;

  if (!read_count (root, "n_training", NULL, 1, &model->n_training, error) ||
      !read_count (root, "n_skipped", NULL, 0, &model->n_skipped, error) ||
      !read_member_number (root, "fastest_ratio", NULL, WANT_NOT_NEGATIVE, &model->fastest_ratio, error) ||
      !read_member_number (root, "n_features", NULL, WANT_FINITE, &n_features, error))
    return FALSE;
  /* Trees of another width read features this version does not make. */
  if (n_features != N_FEATURES)
    return damaged (error, MEMBER (NULL, "n_features"), WANT_FIT_VALUE, 0);

  if (!read_stamps (root, error) ||
      !read_vocabulary (root, "frameworks", &model->frameworks, error) ||
      !read_vocabulary (root, "families", &model->families, error) ||
      !read_vocabulary (root, "models", &model->models, error) ||
      !read_vocabulary (root, "devices", &model->devices, error) ||
      !read_string_table (root, "stand_ins", NULL, NULL, &model->stand_ins, error) ||
      !read_string_table (root, "default_frameworks", model->frameworks, "frameworks",
                          &model->frameworks_by_device, error) ||
      !read_string_table (root, "run_frameworks", model->frameworks, "frameworks", &model->frameworks_by_run,
                          error) ||
      !read_string_table (root, "model_frameworks", model->frameworks, "frameworks",
                          &model->frameworks_by_model, error) ||
      !read_string_table (root, "family_frameworks", model->frameworks, "frameworks",
                          &model->frameworks_by_family, error) ||
      !read_fits (root, "overheads", overhead_rules, G_N_ELEMENTS (overhead_rules), &model->overheads, error) ||
      !read_fits (root, "memory_fits", memory_fit_rules, G_N_ELEMENTS (memory_fit_rules), &model->memory_fits,
                  error) ||
      !read_support (root, model, error) ||
      !read_table (root, "anchors", TABLE_ANCHORS, model, &model->anchors, error) ||
      !read_table (root, "crossings", TABLE_CROSSINGS, model, &model->crossings, error) ||
      !read_table (root, "siblings", TABLE_SIBLINGS, model, &model->siblings, error) ||
      !read_distance (root, model, error) ||
      !get_object (json_object_get_member (root, "heads"), MEMBER (NULL, "heads"), &heads, error))
    return FALSE;

  for (HeadKind h = 0; h < N_HEADS; h++)
    if (!read_head (heads, h, &model->heads[h], error))
      return FALSE;

  return TRUE;
}

Model *
_pp_model_from_json (JsonObject  *object,
                     GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  Model *model = g_new0 (Model, 1);

  if (!read_model (object, model, &local_error))
    {
      g_set_error (error, PP_ERROR, PP_ERROR_PARSE, _("the saved predictor is incomplete or damaged: %s"),
                   local_error->message);
      _pp_model_free (model);
      return NULL;
    }

  _pp_model_index_shapes (model);
  _pp_model_index_devices (model);
  _pp_model_index_words (model);
  _pp_model_index_configs (model);

  return model;
}
