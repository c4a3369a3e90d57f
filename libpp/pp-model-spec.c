/* pp-model-spec.c
 *
 * Copyright 2026 The Perfcast authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "pp-model-spec.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "pp-catalog-private.h"
#include "pp-error.h"
#include "pp-roofline-private.h"

/**
 * PpModelSpec:
 *
 * What Perfcast knows about a model's architecture: its size, depth and
 * width, attention heads (fewer key/value heads than heads means
 * grouped-query attention), feed-forward width and vocabulary, and for
 * models the transformer formulas do not cover (CNNs) the FLOPs of one
 * item.
 *
 * Specs come from the catalog (`data/catalog/models.json`, each value
 * with its source) or, for a model the catalog lacks, from the
 * architecture columns of a measurement.
 */

struct _PpModelSpec
{
  GObject parent_instance;

  /* Owned: the catalog entry, or one built from a measurement. */
  JsonObject *json;
  char **aliases;

  PpModelArch arch;
  guint from_catalog : 1;

  /* Read from the entry once: predictions ask for them on every call. */
  const char *id;              /* interned */
  const char *family;          /* interned */
  PpModelShape *shape;
  double params_m;
  guint layers;
  guint hidden;
  guint heads;
  guint kv_heads;
  guint ffn;
  guint vocab;
};

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_FAMILY,
  PROP_ARCH,
  PROP_PARAMS_M,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (PpModelSpec, pp_model_spec, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];

static const char *arch_names[] = {
  [PP_MODEL_ARCH_ENCODER] = "encoder",
  [PP_MODEL_ARCH_DECODER] = "decoder",
  [PP_MODEL_ARCH_ENCODER_DECODER] = "encoder-decoder",
  [PP_MODEL_ARCH_DUAL_ENCODER] = "dual-encoder",
  [PP_MODEL_ARCH_CNN] = "cnn",
  [PP_MODEL_ARCH_OTHER] = "other",
};

/**
 * pp_model_arch_from_string:
 * @text: "encoder", "decoder", "encoder-decoder", "dual-encoder", "cnn"
 * @arch: (out): the architecture
 *
 * Any other text maps to %PP_MODEL_ARCH_OTHER.
 *
 * Returns: %TRUE if @text was one of the named architectures
 */
gboolean
pp_model_arch_from_string (const char  *text,
                           PpModelArch *arch)
{
  g_return_val_if_fail (arch != NULL, FALSE);

  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (arch_names); i++)
    {
      if (g_ascii_strcasecmp (text, arch_names[i]) == 0)
        {
          *arch = (PpModelArch)i;
          return i != PP_MODEL_ARCH_OTHER;
        }
    }

  *arch = PP_MODEL_ARCH_OTHER;
  return FALSE;
}

/**
 * pp_model_arch_to_string:
 * @arch: a #PpModelArch
 *
 * Returns: the name used in the `arch` column
 */
const char *
pp_model_arch_to_string (PpModelArch arch)
{
  g_return_val_if_fail ((guint)arch < G_N_ELEMENTS (arch_names), NULL);

  return arch_names[arch];
}

static void
pp_model_spec_finalize (GObject *object)
{
  PpModelSpec *self = (PpModelSpec *)object;

  g_clear_pointer (&self->json, json_object_unref);
  g_clear_pointer (&self->aliases, g_strfreev);
  g_clear_pointer (&self->shape, _pp_model_shape_free);

  G_OBJECT_CLASS (pp_model_spec_parent_class)->finalize (object);
}

static void
pp_model_spec_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  PpModelSpec *self = PP_MODEL_SPEC (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, pp_model_spec_get_id (self));
      break;

    case PROP_NAME:
      g_value_set_string (value, pp_model_spec_get_name (self));
      break;

    case PROP_FAMILY:
      g_value_set_string (value, pp_model_spec_get_family (self));
      break;

    case PROP_ARCH:
      g_value_set_string (value, pp_model_arch_to_string (self->arch));
      break;

    case PROP_PARAMS_M:
      g_value_set_double (value, pp_model_spec_get_params_m (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pp_model_spec_class_init (PpModelSpecClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pp_model_spec_finalize;
  object_class->get_property = pp_model_spec_get_property;

  /**
   * PpModelSpec:id:
   *
   * The catalog id, e.g. "llama-7b".
   */
  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * PpModelSpec:name:
   *
   * A human-readable name.
   */
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * PpModelSpec:family:
   *
   * The model family, e.g. "bert".
   */
  properties[PROP_FAMILY] =
    g_param_spec_string ("family", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * PpModelSpec:arch:
   *
   * The architecture's name, as in the `arch` column.
   */
  properties[PROP_ARCH] =
    g_param_spec_string ("arch", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * PpModelSpec:params-m:
   *
   * Parameters in millions, NaN when unknown.
   */
  properties[PROP_PARAMS_M] =
    g_param_spec_double ("params-m", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pp_model_spec_init (PpModelSpec *self)
{
}

static guint
get_whole (JsonObject *object,
           const char *key)
{
  double value = _pp_json_get_number (object, key);

  return isnan (value) || value < 0 ? 0 : (guint)value;
}

/* The numbers of an architecture that count something there is at
 * least one of. */
static const char * const counts[] = {
  "params_m", "layers", "hidden", "heads", "kv_heads", "head_dim", "ffn", "vocab", "default_seq",
  "gflops_per_item", "image_size", "patch_size", NULL
};

/* An entry's numbers are finite; at its top level none is negative (a
 * count of decoder layers may be 0), and those in counts[] are
 * positive: a model of no width or of -5 tokens would give a roofline
 * of no work or of negative memory. Deeper down an index may count from
 * the end (CLIP's vision tower's feature_layer, -2). */
static gboolean
check_numbers (JsonNode    *node,
               const char  *id,
               const char  *name,
               gboolean     top,
               GError     **error)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObjectIter iter;
      const char *member;
      JsonNode *child;

      json_object_iter_init (&iter, json_node_get_object (node));
      while (json_object_iter_next (&iter, &member, &child))
        if (!check_numbers (child, id, member, top && name == NULL, error))
          return FALSE;
      return TRUE;
    }

  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        if (!check_numbers (json_array_get_element (array, i), id, name, FALSE, error))
          return FALSE;
      return TRUE;
    }

  if (JSON_NODE_HOLDS_VALUE (node) &&
      (json_node_get_value_type (node) == G_TYPE_DOUBLE || json_node_get_value_type (node) == G_TYPE_INT64))
    {
      double value = json_node_get_double (node);
      gboolean count = top && g_strv_contains ((const char * const *)counts, name);

      if (!isfinite (value) || (top && value < 0) || (count && !(value > 0)))
        {
          g_set_error (error, PP_ERROR, PP_ERROR_PARSE,
                       count ? _("model “%s” has %s %g: it must be greater than zero")
                             : _("model “%s” has %s %g: it must be a finite number, and not below zero"),
                       id, name, value);
          return FALSE;
        }
    }

  return TRUE;
}

PpModelSpec *
_pp_model_spec_new_from_json (JsonObject  *object,
                              GError     **error)
{
  PpModelSpec *self;
  const char *id = _pp_json_get_string (object, "id");

  if (id == NULL || *id == 0)
    {
      g_set_error (error, PP_ERROR, PP_ERROR_PARSE, _("a model entry has no “id”"));
      return NULL;
    }

  {
    g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);

    if (!check_numbers (node, id, NULL, TRUE, error))
      return NULL;
  }

  self = g_object_new (PP_TYPE_MODEL_SPEC, NULL);
  self->json = json_object_ref (object);
  self->aliases = _pp_json_dup_strv (object, "aliases");
  self->from_catalog = TRUE;
  pp_model_arch_from_string (_pp_json_get_string (object, "arch"), &self->arch);
  self->id = g_intern_string (id);
  self->family = g_intern_string (_pp_json_get_string (object, "family"));
  self->params_m = _pp_json_get_number (object, "params_m");
  self->layers = get_whole (object, "layers");
  self->hidden = get_whole (object, "hidden");
  self->heads = get_whole (object, "heads");
  self->kv_heads = get_whole (object, "kv_heads");
  self->ffn = get_whole (object, "ffn");
  self->vocab = get_whole (object, "vocab");
  self->shape = _pp_model_shape_new (object, self->arch);

  return self;
}

const PpModelShape *
_pp_model_spec_get_shape (PpModelSpec *self)
{
  return self->shape;
}

JsonObject *
_pp_model_spec_get_json (PpModelSpec *self)
{
  return self->json;
}

static const PpColumn describing_columns[] = {
  PP_COLUMN_PARAMS_M, PP_COLUMN_LAYERS, PP_COLUMN_HIDDEN, PP_COLUMN_HEADS,
  PP_COLUMN_KV_HEADS, PP_COLUMN_FFN, PP_COLUMN_VOCAB,
};

static double
number_or (PpMeasurement *m,
           PpColumn       column,
           double         fallback)
{
  return pp_measurement_has_value (m, column) ? pp_measurement_get_number (m, column) : fallback;
}

/* Millions of parameters of a transformer of the row's shape (see
 * pp_model_spec_new_from_measurement()). */
static double
counted_params_m (PpMeasurement *m)
{
  double layers = pp_measurement_get_number (m, PP_COLUMN_LAYERS);
  double hidden = pp_measurement_get_number (m, PP_COLUMN_HIDDEN);
  double heads = number_or (m, PP_COLUMN_HEADS, 1);
  double kv_share = MIN (number_or (m, PP_COLUMN_KV_HEADS, heads) / heads, 1);
  double ffn = number_or (m, PP_COLUMN_FFN, 4 * hidden);
  double attention = 2 * hidden * hidden * (1 + kv_share);

  return (layers * (attention + 2 * hidden * ffn) + number_or (m, PP_COLUMN_VOCAB, 0) * hidden) / 1e6;
}

/**
 * pp_model_spec_new_from_measurement:
 * @measurement: a row that describes its model in its architecture columns
 * @error: return location for a #GError
 *
 * Builds a spec for a model the catalog lacks from the row's `family`,
 * `modality`, `arch`, `params_m`, `layers`, `hidden`, `heads`,
 * `kv_heads`, `ffn` and `vocab` columns. It needs at least `arch` and
 * either `params_m` or both `layers` and `hidden`, and the numbers it is
 * given must be greater than zero.
 *
 * Without `params_m`, the parameters are counted from the shape as a
 * transformer's, after Kaplan et al., "Scaling Laws for Neural Language
 * Models" (2020), section 2.1: per layer 2·h·(2·h_attn + f) with h the
 * hidden size, f the feed-forward width (4·h when not given) and here
 * h_attn counting the key and value projections at the share of heads
 * they keep (`kv_heads` / `heads`); plus h per vocabulary entry when
 * `vocab` is given. Biases, norms, gated feed-forward layers' third
 * matrix and cross-attention are left out.
 *
 * Returns: (transfer full) (nullable): a new #PpModelSpec
 */
PpModelSpec *
pp_model_spec_new_from_measurement (PpMeasurement  *measurement,
                                    GError        **error)
{
  g_autoptr(JsonObject) object = NULL;
  PpModelSpec *self;
  const char *model;

  g_return_val_if_fail (PP_IS_MEASUREMENT (measurement), NULL);

  model = pp_measurement_get_model (measurement);
  if (!pp_measurement_has_value (measurement, PP_COLUMN_ARCH) ||
      !(pp_measurement_has_value (measurement, PP_COLUMN_PARAMS_M) ||
        (pp_measurement_has_value (measurement, PP_COLUMN_LAYERS) &&
         pp_measurement_has_value (measurement, PP_COLUMN_HIDDEN))))
    {
      g_set_error (error, PP_ERROR, PP_ERROR_NOT_FOUND,
                   _("Unknown model “%s”: it is not in the catalog and the data does not "
                     "describe it (give the columns arch and params_m, or arch, layers and hidden)"),
                   model ? model : "");
      return NULL;
    }

  for (guint i = 0; i < G_N_ELEMENTS (describing_columns); i++)
    {
      PpColumn c = describing_columns[i];

      if (pp_measurement_has_value (measurement, c) && !(pp_measurement_get_number (measurement, c) > 0))
        {
          g_set_error (error, PP_ERROR, PP_ERROR_INVALID_ARGUMENT,
                       _("Model “%s” is described with %s %g: it must be greater than zero"),
                       model ? model : "", pp_column_get_name (c), pp_measurement_get_number (measurement, c));
          return NULL;
        }
    }

  /* Attention splits the width among the heads, and each key/value head
   * serves a whole group of query heads. */
  if (pp_measurement_has_value (measurement, PP_COLUMN_HEADS))
    {
      guint heads = pp_measurement_get_number (measurement, PP_COLUMN_HEADS);
      double hidden = pp_measurement_get_number (measurement, PP_COLUMN_HIDDEN);
      double kv_heads = pp_measurement_get_number (measurement, PP_COLUMN_KV_HEADS);

      if (!isnan (hidden) && fmod (hidden, heads) != 0)
        {
          g_set_error (error, PP_ERROR, PP_ERROR_INVALID_ARGUMENT,
                       _("Model “%s” is described with %u heads and a width of %g: the width must be a "
                         "multiple of the heads"),
                       model ? model : "", heads, hidden);
          return NULL;
        }
      if (!isnan (kv_heads) && fmod (heads, kv_heads) != 0)
        {
          g_set_error (error, PP_ERROR, PP_ERROR_INVALID_ARGUMENT,
                       _("Model “%s” is described with %u heads and %g key/value heads: the heads must "
                         "be a multiple of the key/value heads"),
                       model ? model : "", heads, kv_heads);
          return NULL;
        }
    }

  object = json_object_new ();
  json_object_set_string_member (object, "id", model);
  json_object_set_string_member (object, "name", model);
  json_object_set_string_member (object, "arch",
                                 pp_measurement_get_string (measurement, PP_COLUMN_ARCH));
  if (pp_measurement_has_value (measurement, PP_COLUMN_FAMILY))
    json_object_set_string_member (object, "family",
                                   pp_measurement_get_string (measurement, PP_COLUMN_FAMILY));
  if (pp_measurement_has_value (measurement, PP_COLUMN_MODALITY))
    json_object_set_string_member (object, "modality",
                                   pp_measurement_get_string (measurement, PP_COLUMN_MODALITY));

  for (guint i = 0; i < G_N_ELEMENTS (describing_columns); i++)
    {
      PpColumn c = describing_columns[i];

      if (pp_measurement_has_value (measurement, c))
        json_object_set_double_member (object, pp_column_get_name (c),
                                       pp_measurement_get_number (measurement, c));
    }
  if (!pp_measurement_has_value (measurement, PP_COLUMN_PARAMS_M))
    json_object_set_double_member (object, "params_m", counted_params_m (measurement));

  self = _pp_model_spec_new_from_json (object, error);
  if (self != NULL)
    self->from_catalog = FALSE;

  return self;
}

/**
 * pp_model_spec_get_id:
 * @self: a #PpModelSpec
 *
 * Returns: the id
 */
const char *
pp_model_spec_get_id (PpModelSpec *self)
{
  g_return_val_if_fail (PP_IS_MODEL_SPEC (self), NULL);

  return self->id;
}

/**
 * pp_model_spec_get_name:
 * @self: a #PpModelSpec
 *
 * Returns: a human-readable name, the id when the catalog has none
 */
const char *
pp_model_spec_get_name (PpModelSpec *self)
{
  const char *name;

  g_return_val_if_fail (PP_IS_MODEL_SPEC (self), NULL);

  name = _pp_json_get_string (self->json, "name");
  return name ? name : pp_model_spec_get_id (self);
}

/**
 * pp_model_spec_get_family:
 * @self: a #PpModelSpec
 *
 * Returns: (nullable): the family, e.g. "llama"
 */
const char *
pp_model_spec_get_family (PpModelSpec *self)
{
  g_return_val_if_fail (PP_IS_MODEL_SPEC (self), NULL);

  return self->family;
}

/**
 * pp_model_spec_get_modality:
 * @self: a #PpModelSpec
 *
 * Returns: (nullable): the modality, e.g. "text"
 */
const char *
pp_model_spec_get_modality (PpModelSpec *self)
{
  g_return_val_if_fail (PP_IS_MODEL_SPEC (self), NULL);

  return _pp_json_get_string (self->json, "modality");
}

/**
 * pp_model_spec_get_arch:
 * @self: a #PpModelSpec
 *
 * Returns: the architecture
 */
PpModelArch
pp_model_spec_get_arch (PpModelSpec *self)
{
  g_return_val_if_fail (PP_IS_MODEL_SPEC (self), PP_MODEL_ARCH_OTHER);

  return self->arch;
}

/**
 * pp_model_spec_get_params_m:
 * @self: a #PpModelSpec
 *
 * Returns: parameters in millions, or NaN when unknown
 */
double
pp_model_spec_get_params_m (PpModelSpec *self)
{
  g_return_val_if_fail (PP_IS_MODEL_SPEC (self), NAN);

  return self->params_m;
}


/**
 * pp_model_spec_get_layers:
 * @self: a #PpModelSpec
 *
 * Returns: transformer blocks in total (CNN depth for CNNs), or 0
 */
guint
pp_model_spec_get_layers (PpModelSpec *self)
{
  g_return_val_if_fail (PP_IS_MODEL_SPEC (self), 0);

  return self->layers;
}

/**
 * pp_model_spec_get_hidden:
 * @self: a #PpModelSpec
 *
 * Returns: the model width, or 0
 */
guint
pp_model_spec_get_hidden (PpModelSpec *self)
{
  g_return_val_if_fail (PP_IS_MODEL_SPEC (self), 0);

  return self->hidden;
}

/**
 * pp_model_spec_get_heads:
 * @self: a #PpModelSpec
 *
 * Returns: attention heads, or 0
 */
guint
pp_model_spec_get_heads (PpModelSpec *self)
{
  g_return_val_if_fail (PP_IS_MODEL_SPEC (self), 0);

  return self->heads;
}

/**
 * pp_model_spec_get_kv_heads:
 * @self: a #PpModelSpec
 *
 * Returns: key/value heads (the number of heads without GQA), or 0
 */
guint
pp_model_spec_get_kv_heads (PpModelSpec *self)
{
  guint kv;

  g_return_val_if_fail (PP_IS_MODEL_SPEC (self), 0);

  kv = self->kv_heads;
  return kv ? kv : pp_model_spec_get_heads (self);
}

/**
 * pp_model_spec_get_ffn:
 * @self: a #PpModelSpec
 *
 * Returns: the feed-forward width, or 0
 */
guint
pp_model_spec_get_ffn (PpModelSpec *self)
{
  g_return_val_if_fail (PP_IS_MODEL_SPEC (self), 0);

  return self->ffn;
}

/**
 * pp_model_spec_get_vocab:
 * @self: a #PpModelSpec
 *
 * Returns: the vocabulary size, or 0
 */
guint
pp_model_spec_get_vocab (PpModelSpec *self)
{
  g_return_val_if_fail (PP_IS_MODEL_SPEC (self), 0);

  return self->vocab;
}

/**
 * pp_model_spec_get_number:
 * @self: a #PpModelSpec
 * @key: a numeric field of the catalog entry, e.g. "gflops_per_item"
 * @value: (out) (optional): the value
 *
 * Reads any numeric field of the entry, so that fields added to the
 * catalog need no new API.
 *
 * Returns: %TRUE if the entry has a number for @key
 */
gboolean
pp_model_spec_get_number (PpModelSpec *self,
                          const char  *key,
                          double      *value)
{
  double v;

  g_return_val_if_fail (PP_IS_MODEL_SPEC (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  v = _pp_json_get_number (self->json, key);
  if (isnan (v))
    return FALSE;

  if (value != NULL)
    *value = v;
  return TRUE;
}

/**
 * pp_model_spec_get_source:
 * @self: a #PpModelSpec
 * @field: a field name, or "architecture"
 *
 * Returns: (nullable): where the catalog's value for @field comes from
 */
const char *
pp_model_spec_get_source (PpModelSpec *self,
                          const char  *field)
{
  JsonNode *node;

  g_return_val_if_fail (PP_IS_MODEL_SPEC (self), NULL);
  g_return_val_if_fail (field != NULL, NULL);

  node = json_object_get_member (self->json, "sources");
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;

  return _pp_json_get_string (json_node_get_object (node), field);
}

/**
 * pp_model_spec_get_aliases:
 * @self: a #PpModelSpec
 *
 * Returns: (transfer none) (array zero-terminated=1): other names of the model
 */
const char * const *
pp_model_spec_get_aliases (PpModelSpec *self)
{
  g_return_val_if_fail (PP_IS_MODEL_SPEC (self), NULL);

  return (const char * const *)self->aliases;
}

/**
 * pp_model_spec_get_is_from_catalog:
 * @self: a #PpModelSpec
 *
 * Returns: %TRUE for catalog entries, %FALSE for specs built from data
 */
gboolean
pp_model_spec_get_is_from_catalog (PpModelSpec *self)
{
  g_return_val_if_fail (PP_IS_MODEL_SPEC (self), FALSE);

  return self->from_catalog;
}

/**
 * pp_model_spec_dup_json:
 * @self: a #PpModelSpec
 *
 * Gets the whole catalog entry, nested objects such as `towers`
 * included, for consumers that need more than the typed getters give
 * (the embedded runner builds each tower of a dual encoder from it).
 *
 * Returns: (transfer full): the entry as JSON text
 */
char *
pp_model_spec_dup_json (PpModelSpec *self)
{
  g_autoptr(JsonNode) node = NULL;

  g_return_val_if_fail (PP_IS_MODEL_SPEC (self), NULL);

  node = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (node, self->json);

  return json_to_string (node, FALSE);
}
