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
get_array (JsonObject *object,
           const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  return node && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static JsonObject *
get_object (JsonObject *object,
            const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  return node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

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

static GHashTable *
read_string_table (JsonObject *object)
{
  GHashTable *table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  JsonObjectIter iter;
  const char *key;
  JsonNode *node;

  if (object == NULL)
    return table;

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &key, &node))
    if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
      g_hash_table_insert (table, g_strdup (key), g_strdup (json_node_get_string (node)));

  return table;
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

/* @member of @object interned, or NULL when it is null or missing;
 * FALSE when it is anything else. */
static gboolean
get_interned (JsonObject  *object,
              const char  *member,
              const char **value)
{
  JsonNode *node = json_object_get_member (object, member);

  *value = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return FALSE;

  *value = g_intern_string (json_node_get_string (node));
  return TRUE;
}

/* A damaged file can hold anything anywhere: every number is read
 * through _pp_json_node_get_number(), which refuses other kinds and
 * infinities (a saved fit never holds one). */
static gboolean
get_number (JsonObject *object,
            const char *member,
            double     *number)
{
  return _pp_json_node_get_number (json_object_get_member (object, member), number);
}

/* @member of @object, or @fallback when @object has no such member. */
static gboolean
get_number_or (JsonObject *object,
               const char *member,
               double      fallback,
               double     *number)
{
  if (object == NULL || !json_object_has_member (object, member))
    {
      *number = fallback;
      return TRUE;
    }

  return get_number (object, member, number);
}

static gboolean
get_count (JsonObject *object,
           const char *member,
           guint      *count)
{
  double v;

  if (!get_number (object, member, &v) || !(v >= 0 && v <= G_MAXUINT))
    return FALSE;
  *count = v;

  return v == *count;
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

/* The reverse of set_config(): FALSE when a field is missing, of the
 * wrong type or out of range, or is one @table's keys never have (such
 * an entry would never be looked up). */
static gboolean
get_config (JsonObject *object,
            Table       table,
            Config     *c)
{
  const char *precision, *phase;
  PpPrecision p;
  PpPhase ph;

  *c = (Config) { 0 };
  if (!get_interned (object, "model", &c->model) || !get_interned (object, "device", &c->device) ||
      !get_interned (object, "framework", &c->framework) ||
      !get_interned (object, "precision", &precision) || !get_interned (object, "phase", &phase) ||
      c->model == NULL || precision == NULL || !pp_precision_from_string (precision, &p, NULL) ||
      phase == NULL || !pp_phase_from_string (phase, &ph, NULL) ||
      !get_number (object, "input", &c->input) || !get_count (object, "seq", &c->seq) ||
      !get_count (object, "threads", &c->threads) || !get_count (object, "batch", &c->batch))
    return FALSE;
  c->precision = p;
  c->phase = ph;

  if (table == TABLE_SUPPORT)
    return c->device != NULL && c->framework == NULL && c->seq == 0 && c->phase == 0 &&
           c->threads == 0 && c->batch == 0 && memcmp (&c->input, &(double) { 0 }, sizeof c->input) == 0;

  return (c->device == NULL) == (table == TABLE_CROSSINGS) && c->framework != NULL &&
         (c->batch == 0 || table == TABLE_CROSSINGS) &&
         memcmp (&c->input, &(double) { _pp_key_size (c->input) }, sizeof c->input) == 0;
}

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

static double
get_maybe_double (JsonArray *array,
                  guint      i)
{
  JsonNode *node = json_array_get_element (array, i);

  return JSON_NODE_HOLDS_NULL (node) ? NAN : json_node_get_double (node);
}

/* Whether @row has @length cells, from @first on numbers, or null
 * where bit i of @maybe is set (add_maybe_double()). */
static gboolean
row_is_numbers (JsonArray *row,
                guint      length,
                guint      first,
                guint      maybe)
{
  if (json_array_get_length (row) != length)
    return FALSE;

  for (guint i = first; i < length; i++)
    {
      JsonNode *node = json_array_get_element (row, i);
      double v;

      if (!(JSON_NODE_HOLDS_NULL (node) && (maybe & (1u << i))) && !_pp_json_node_get_number (node, &v))
        return FALSE;
    }

  return TRUE;
}

static gboolean
row_to_anchor (JsonArray *row,
               gpointer   element)
{
  Anchor *a = element;

  if (!row_is_numbers (row, 5, 0, (1u << 1) | (1u << 3)))
    return FALSE;

  *a = (Anchor) { json_array_get_double_element (row, 0), get_maybe_double (row, 1),
                  json_array_get_double_element (row, 2), get_maybe_double (row, 3),
                  json_array_get_double_element (row, 4), 1, 1 };
  return TRUE;
}

static gboolean
row_to_crossing (JsonArray *row,
                 gpointer   element)
{
  Crossing *c = element;
  JsonNode *name;

  if (!row_is_numbers (row, 9, 1, (1u << 2) | (1u << 6)))
    return FALSE;
  name = json_array_get_element (row, 0);
  if (!JSON_NODE_HOLDS_VALUE (name) || json_node_get_value_type (name) != G_TYPE_STRING)
    return FALSE;

  *c = (Crossing) { g_intern_string (json_node_get_string (name)),
                    json_array_get_double_element (row, 1),
                    get_maybe_double (row, 2), json_array_get_double_element (row, 3),
                    json_array_get_double_element (row, 4), json_array_get_double_element (row, 5),
                    get_maybe_double (row, 6), json_array_get_double_element (row, 7),
                    json_array_get_double_element (row, 8) };
  return TRUE;
}

/* The reverse of table_to_array(); NULL when an entry is damaged. */
static GHashTable *
read_table (JsonArray   *array,
            Table        kind,
            gsize        size,
            gboolean   (*from_row) (JsonArray *row, gpointer element))
{
  g_autoptr(GHashTable) table = _pp_config_table_new ((GDestroyNotify)g_array_unref);
  g_autofree gpointer element = g_malloc0 (size);

  if (array == NULL)
    return NULL;

  for (guint e = 0; e < json_array_get_length (array); e++)
    {
      JsonNode *node = json_array_get_element (array, e);
      JsonObject *entry = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      JsonArray *list = entry ? get_array (entry, "rows") : NULL;
      GArray *records;
      Config key;

      if (list == NULL || !get_config (entry, kind, &key) || g_hash_table_contains (table, &key))
        return NULL;
      records = g_array_new (FALSE, FALSE, size);
      g_hash_table_insert (table, g_memdup2 (&key, sizeof key), records);
      for (guint i = 0; i < json_array_get_length (list); i++)
        {
          JsonNode *row = json_array_get_element (list, i);

          if (!JSON_NODE_HOLDS_ARRAY (row) || !from_row (json_node_get_array (row), element))
            return NULL;
          g_array_append_vals (records, element, 1);
        }
    }

  return g_steal_pointer (&table);
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

static gboolean
read_floats (JsonArray *array,
             float     *out,
             guint      n)
{
  if (array == NULL || json_array_get_length (array) != n)
    return FALSE;

  for (guint i = 0; i < n; i++)
    {
      double v;

      if (!_pp_json_node_get_number (json_array_get_element (array, i), &v))
        return FALSE;
      out[i] = v;
    }

  return TRUE;
}

static GPtrArray *
read_strings (JsonArray *array)
{
  GPtrArray *strings = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; array && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
        {
          g_ptr_array_unref (strings);
          return NULL;
        }
      g_ptr_array_add (strings, g_strdup (json_node_get_string (node)));
    }

  return strings;
}

/* Vocabularies are looked up by bisection, so they must be sorted. */
static gboolean
is_vocabulary (GPtrArray *words)
{
  if (words == NULL)
    return FALSE;

  for (guint i = 0; i < words->len; i++)
    if (words->pdata[i] == NULL || (i > 0 && strcmp (words->pdata[i - 1], words->pdata[i]) >= 0))
      return FALSE;

  return TRUE;
}

static GHashTable *
read_fits (JsonObject *object,
           guint       n)
{
  GHashTable *fits = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  JsonObjectIter iter;
  const char *key;
  JsonNode *node;

  if (object == NULL)
    return fits;

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &key, &node))
    {
      JsonArray *array = JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
      g_autofree double *v = g_new (double, n);

      if (array == NULL || json_array_get_length (array) != n)
        continue;
      for (guint i = 0; i < n; i++)
        if (!_pp_json_node_get_number (json_array_get_element (array, i), &v[i]))
          {
            g_hash_table_unref (fits);
            return NULL;
          }
      g_hash_table_insert (fits, g_strdup (key), g_steal_pointer (&v));
    }

  return fits;
}

static gboolean
read_support (Model     *model,
              JsonArray *array)
{
  model->support = _pp_config_table_new (NULL);
  if (array == NULL)
    return FALSE;

  for (guint e = 0; e < json_array_get_length (array); e++)
    {
      JsonNode *node = json_array_get_element (array, e);
      JsonObject *entry = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      Config key;
      guint rows;

      if (entry == NULL || !get_config (entry, TABLE_SUPPORT, &key) || !get_count (entry, "rows", &rows) ||
          g_hash_table_contains (model->support, &key))
        return FALSE;
      g_hash_table_insert (model->support, g_memdup2 (&key, sizeof key), GUINT_TO_POINTER (rows));
    }

  return TRUE;
}

/* FALSE when the entry is missing: every basis is saved, pooled or not. */
static gboolean
read_conformal (Conformal  *conformal,
                JsonObject *object)
{
  JsonArray *scores = get_array (object, "scores");
  double q90;

  conformal->scores = g_array_new (FALSE, FALSE, sizeof (double));
  if (object == NULL || scores == NULL || !get_number_or (object, "q90", -1, &q90) ||
      !get_number_or (object, "sigma_alpha", 0, &conformal->sigma_alpha) ||
      !get_number_or (object, "sigma_beta", 0, &conformal->sigma_beta) ||
      !get_number_or (object, "sigma_gamma", 0, &conformal->sigma_gamma) ||
      !get_number (object, "max_distance", &conformal->max_distance) ||
      !get_number (object, "max_reach", &conformal->max_reach) ||
      !get_number (object, "beyond_beta", &conformal->beyond_beta) ||
      !get_number (object, "beyond_gamma", &conformal->beyond_gamma))
    return FALSE;
  /* Past the calibrated range, an interval only widens. */
  if (!(conformal->max_distance >= 0 && conformal->max_reach >= 0 &&
        conformal->beyond_beta >= conformal->sigma_beta &&
        conformal->beyond_gamma >= conformal->sigma_gamma &&
        isfinite (conformal->beyond_beta) && isfinite (conformal->beyond_gamma)))
    return FALSE;
  conformal->q90 = q90 < 0 ? NAN : q90;

  for (guint i = 0; i < json_array_get_length (scores); i++)
    {
      double v;

      if (!_pp_json_node_get_number (json_array_get_element (scores, i), &v))
        return FALSE;
      g_array_append_val (conformal->scores, v);
    }

  return TRUE;
}

/* The share of an ensemble's correction applied, in [0, 1]. */
static gboolean
read_share (JsonObject  *object,
            const char  *member,
            double      *share,
            GError     **error)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;
  GType type = G_TYPE_INVALID;

  if (node != NULL && JSON_NODE_HOLDS_VALUE (node))
    type = json_node_get_value_type (node);

  *share = type == G_TYPE_DOUBLE || type == G_TYPE_INT64 ? json_node_get_double (node) : NAN;
  if (!(*share >= 0 && *share <= 1))
    {
      g_set_error (error, PP_ERROR, PP_ERROR_PARSE,
                   _("“%s” must be a number from 0 to 1"), member);
      return FALSE;
    }

  return TRUE;
}

static gboolean
read_head (Head        *head,
           JsonObject  *object,
           GError     **error)
{
  JsonNode *ensemble = object ? json_object_get_member (object, "ensemble") : NULL;
  JsonNode *unseen = object ? json_object_get_member (object, "unseen") : NULL;
  JsonObject *calibration;

  if (!read_share (object, "anchored_share", &head->anchored_share, error) ||
      !read_share (object, "unseen_share", &head->unseen_share, error))
    return FALSE;
  calibration = get_object (object, "calibration");
  for (guint b = 0; b < N_BASES; b++)
    {
      JsonObject *kinds = get_object (calibration, basis_names[b]);
      Conformal *any = &head->conformal[b][N_DEVICE_KINDS];

      if (!read_conformal (any, get_object (kinds, "any")))
        {
          g_set_error (error, PP_ERROR, PP_ERROR_PARSE, _("no calibration for estimates on %s"),
                       basis_names[b]);
          return FALSE;
        }
      for (guint k = 0; k < N_DEVICE_KINDS; k++)
        {
          JsonObject *cell = get_object (kinds, pp_hardware_kind_to_string (k));

          if (cell == NULL)
            _pp_conformal_share (&head->conformal[b][k], any);
          else if (!read_conformal (&head->conformal[b][k], cell))
            {
              g_set_error (error, PP_ERROR, PP_ERROR_PARSE, _("no calibration for estimates on %s"),
                           basis_names[b]);
              return FALSE;
            }
        }
    }

  if (ensemble != NULL && !(head->ensemble = _pp_ensemble_from_json (ensemble, N_FEATURES, error)))
    return FALSE;
  if (unseen != NULL && !(head->unseen = _pp_ensemble_from_json (unseen, N_FEATURES, error)))
    return FALSE;

  return TRUE;
}

static gboolean
read_distance (Model      *model,
               JsonObject *distance)
{
  JsonArray *points = get_array (distance, "points");
  guint n = points ? json_array_get_length (points) : 0;

  model->points = g_array_sized_new (FALSE, FALSE, sizeof (float), n);
  if (!read_floats (get_array (distance, "mean"), model->mean, N_DISTANCE_NUMERIC) ||
      !read_floats (get_array (distance, "scale"), model->scale, N_DISTANCE_NUMERIC) ||
      n % N_DISTANCE_FEATURES != 0)
    return FALSE;

  g_array_set_size (model->points, n);
  if (!read_floats (points, (float *)(gpointer)model->points->data, n) ||
      !get_number_or (distance, "d_ood", INFINITY, &model->d_ood))
    return FALSE;
  _pp_model_index_points (model);

  return TRUE;
}

Model *
_pp_model_from_json (JsonObject  *object,
                     GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  Model *model = g_new0 (Model, 1);
  JsonObject *heads = get_object (object, "heads");
  double n_features;
  gboolean ok;

  model->frameworks = read_strings (get_array (object, "frameworks"));
  model->families = read_strings (get_array (object, "families"));
  model->models = read_strings (get_array (object, "models"));
  model->devices = read_strings (get_array (object, "devices"));
  model->stand_ins = read_string_table (get_object (object, "stand_ins"));
  model->overheads = read_fits (get_object (object, "overheads"), 3);
  model->memory_fits = read_fits (get_object (object, "memory_fits"), 2);
  model->frameworks_by_device = read_string_table (get_object (object, "default_frameworks"));
  model->frameworks_by_run = read_string_table (get_object (object, "run_frameworks"));
  model->frameworks_by_model = read_string_table (get_object (object, "model_frameworks"));
  model->frameworks_by_family = read_string_table (get_object (object, "family_frameworks"));

  ok = get_count (object, "n_training", &model->n_training) &&
       get_count (object, "n_skipped", &model->n_skipped) &&
       get_number (object, "n_features", &n_features) && n_features == N_FEATURES &&
       model->overheads != NULL && model->memory_fits != NULL &&
       model->frameworks != NULL && model->families != NULL &&
       model->models != NULL && model->devices != NULL &&
       read_support (model, get_array (object, "support")) &&
       get_object (object, "run_frameworks") && get_object (object, "model_frameworks") &&
       get_object (object, "family_frameworks") && get_object (object, "stand_ins") &&
       is_vocabulary (model->frameworks) && is_vocabulary (model->families) &&
       is_vocabulary (model->models) && is_vocabulary (model->devices) &&
       read_distance (model, get_object (object, "distance")) &&
       (model->anchors = read_table (get_array (object, "anchors"), TABLE_ANCHORS, sizeof (Anchor),
                                     row_to_anchor)) &&
       (model->crossings = read_table (get_array (object, "crossings"), TABLE_CROSSINGS, sizeof (Crossing),
                                       row_to_crossing)) &&
       (model->siblings = read_table (get_array (object, "siblings"), TABLE_SIBLINGS, sizeof (Crossing),
                                      row_to_crossing));
  for (guint h = 0; ok && h < N_HEADS; h++)
    {
      JsonObject *head = get_object (heads, head_names[h]);

      /* read_head() would blame a missing head on its first member. */
      if (head == NULL)
        {
          g_autofree char *member = g_strdup_printf ("heads.%s", head_names[h]);

          g_set_error (&local_error, PP_ERROR, PP_ERROR_PARSE,
                       _("“%s” is missing or not an object"), heads ? member : "heads");
          ok = FALSE;
        }
      else
        ok = read_head (&model->heads[h], head, &local_error);
    }

  if (!ok)
    {
      g_set_error (error, PP_ERROR, PP_ERROR_PARSE, _("the saved predictor is incomplete or damaged%s%s"),
                   local_error ? ": " : "", local_error ? local_error->message : "");
      _pp_model_free (model);
      return NULL;
    }

  _pp_model_index_shapes (model);
  _pp_model_index_devices (model);
  _pp_model_index_words (model);
  _pp_model_index_configs (model);

  return model;
}
