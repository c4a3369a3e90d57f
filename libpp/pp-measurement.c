/* pp-measurement.c
 *
 * Copyright 2026 The Perfcast authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "pp-measurement.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "pp-error.h"
#include "pp-measurement-private.h"
#include "pp-precision.h"
#include "pp-util-private.h"

/**
 * PpMeasurement:
 *
 * One measured workload: a row of the measurement CSV.
 *
 * Every column of the CSV is either a string or a number; a column that
 * was not reported has no value ([method@Pp.Measurement.has_value]
 * returns %FALSE, numbers read as NaN), which is never the same as zero.
 * Columns the schema does not know are kept, in order, as extras, so that
 * an import followed by an export loses nothing.
 *
 * A measurement is filled in once, then shared: once it has been handed
 * to a [class@Pp.MeasurementStore] or a list model, treat it as
 * immutable. That is why its properties are read-only.
 */

typedef enum
{
  KIND_STRING,
  KIND_NUMBER,
  KIND_WHOLE,
} ColumnKind;

static const struct {
  const char *name;
  ColumnKind kind;
  guint measured : 1;
} columns[PP_N_COLUMNS] = {
  [PP_COLUMN_SOURCE] = { "source", KIND_STRING },
  [PP_COLUMN_TIMESTAMP] = { "timestamp", KIND_STRING },
  [PP_COLUMN_MODEL] = { "model", KIND_STRING },
  [PP_COLUMN_FAMILY] = { "family", KIND_STRING },
  [PP_COLUMN_MODALITY] = { "modality", KIND_STRING },
  [PP_COLUMN_ARCH] = { "arch", KIND_STRING },
  [PP_COLUMN_PARAMS_M] = { "params_m", KIND_NUMBER },
  [PP_COLUMN_LAYERS] = { "layers", KIND_WHOLE },
  [PP_COLUMN_HIDDEN] = { "hidden", KIND_WHOLE },
  [PP_COLUMN_HEADS] = { "heads", KIND_WHOLE },
  [PP_COLUMN_KV_HEADS] = { "kv_heads", KIND_WHOLE },
  [PP_COLUMN_FFN] = { "ffn", KIND_WHOLE },
  [PP_COLUMN_VOCAB] = { "vocab", KIND_WHOLE },
  [PP_COLUMN_HARDWARE] = { "hardware", KIND_STRING },
  [PP_COLUMN_HARDWARE_KIND] = { "hardware_kind", KIND_STRING },
  [PP_COLUMN_BACKEND] = { "backend", KIND_STRING },
  [PP_COLUMN_FRAMEWORK] = { "framework", KIND_STRING },
  [PP_COLUMN_ACCELERATORS] = { "accelerators", KIND_WHOLE },
  [PP_COLUMN_THREADS] = { "threads", KIND_WHOLE },
  [PP_COLUMN_PRECISION] = { "precision", KIND_STRING },
  [PP_COLUMN_BATCH] = { "batch", KIND_WHOLE },
  [PP_COLUMN_SEQ_LEN] = { "seq_len", KIND_WHOLE },
  /* Image side in pixels or audio seconds, so not always whole. */
  [PP_COLUMN_INPUT_SIZE] = { "input_size", KIND_NUMBER },
  [PP_COLUMN_PHASE] = { "phase", KIND_STRING },
  [PP_COLUMN_LATENCY_MS] = { "latency_ms", KIND_NUMBER, TRUE },
  [PP_COLUMN_LATENCY_P90_MS] = { "latency_p90_ms", KIND_NUMBER, TRUE },
  [PP_COLUMN_THROUGHPUT_ITEMS_PER_S] = { "throughput_items_per_s", KIND_NUMBER, TRUE },
  [PP_COLUMN_TOKENS_PER_S] = { "tokens_per_s", KIND_NUMBER, TRUE },
  [PP_COLUMN_MEMORY_MB] = { "memory_mb", KIND_NUMBER, TRUE },
};

struct _PpMeasurement
{
  GObject parent_instance;

  /* Owned; NULL where the column is numeric or not reported. */
  char *strings[PP_N_COLUMNS];
  /* Extras in the order they were set: alternating owned key, value. */
  GPtrArray *extras;

  /* NaN where the column is a string or not reported. */
  double numbers[PP_N_COLUMNS];
  gint64 id;
};

enum {
  PROP_0,
  PROP_ID,
  PROP_MODEL,
  PROP_HARDWARE,
  PROP_BACKEND,
  PROP_PRECISION,
  PROP_PHASE,
  PROP_SOURCE,
  PROP_BATCH,
  PROP_SEQ_LEN,
  PROP_LATENCY_MS,
  PROP_THROUGHPUT,
  PROP_MEMORY_MB,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (PpMeasurement, pp_measurement, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];

static void
pp_measurement_finalize (GObject *object)
{
  PpMeasurement *self = (PpMeasurement *)object;

  for (guint i = 0; i < PP_N_COLUMNS; i++)
    g_clear_pointer (&self->strings[i], g_free);
  g_clear_pointer (&self->extras, g_ptr_array_unref);

  G_OBJECT_CLASS (pp_measurement_parent_class)->finalize (object);
}

static void
pp_measurement_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  PpMeasurement *self = PP_MEASUREMENT (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, pp_measurement_get_id (self));
      break;

    case PROP_MODEL:
      g_value_set_string (value, pp_measurement_get_model (self));
      break;

    case PROP_HARDWARE:
      g_value_set_string (value, pp_measurement_get_hardware (self));
      break;

    case PROP_BACKEND:
      g_value_set_string (value, pp_measurement_get_backend (self));
      break;

    case PROP_PRECISION:
      g_value_set_string (value, pp_measurement_get_precision (self));
      break;

    case PROP_PHASE:
      g_value_set_string (value, pp_measurement_get_phase (self));
      break;

    case PROP_SOURCE:
      g_value_set_string (value, pp_measurement_get_source (self));
      break;

    case PROP_BATCH:
      g_value_set_uint (value, pp_measurement_get_batch (self));
      break;

    case PROP_SEQ_LEN:
      g_value_set_uint (value, pp_measurement_get_seq_len (self));
      break;

    case PROP_LATENCY_MS:
      g_value_set_double (value, pp_measurement_get_latency_ms (self));
      break;

    case PROP_THROUGHPUT:
      g_value_set_double (value, pp_measurement_get_throughput (self));
      break;

    case PROP_MEMORY_MB:
      g_value_set_double (value, pp_measurement_get_memory_mb (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static GParamSpec *
string_property (const char *name)
{
  return g_param_spec_string (name, NULL, NULL, NULL,
                              G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
}

static GParamSpec *
number_property (const char *name)
{
  return g_param_spec_double (name, NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0,
                              G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
}

static void
pp_measurement_class_init (PpMeasurementClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pp_measurement_finalize;
  object_class->get_property = pp_measurement_get_property;

  /**
   * PpMeasurement:id:
   *
   * The row id in the store that returned this measurement, or 0.
   */
  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * PpMeasurement:model:
   *
   * The `model` column.
   */
  properties[PROP_MODEL] = string_property ("model");

  /**
   * PpMeasurement:hardware:
   *
   * The `hardware` column.
   */
  properties[PROP_HARDWARE] = string_property ("hardware");

  /**
   * PpMeasurement:backend:
   *
   * The `backend` column.
   */
  properties[PROP_BACKEND] = string_property ("backend");

  /**
   * PpMeasurement:precision:
   *
   * The `precision` column, in canonical spelling.
   */
  properties[PROP_PRECISION] = string_property ("precision");

  /**
   * PpMeasurement:phase:
   *
   * The `phase` column.
   */
  properties[PROP_PHASE] = string_property ("phase");

  /**
   * PpMeasurement:source:
   *
   * The `source` column.
   */
  properties[PROP_SOURCE] = string_property ("source");

  /**
   * PpMeasurement:batch:
   *
   * The `batch` column, or 0 when not reported.
   */
  properties[PROP_BATCH] =
    g_param_spec_uint ("batch", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * PpMeasurement:seq-len:
   *
   * The `seq_len` column, or 0 when not reported.
   */
  properties[PROP_SEQ_LEN] =
    g_param_spec_uint ("seq-len", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * PpMeasurement:latency-ms:
   *
   * The `latency_ms` column, NaN when not reported.
   */
  properties[PROP_LATENCY_MS] = number_property ("latency-ms");

  /**
   * PpMeasurement:throughput:
   *
   * The `throughput_items_per_s` column, NaN when not reported.
   */
  properties[PROP_THROUGHPUT] = number_property ("throughput");

  /**
   * PpMeasurement:memory-mb:
   *
   * The `memory_mb` column, NaN when not reported.
   */
  properties[PROP_MEMORY_MB] = number_property ("memory-mb");

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pp_measurement_init (PpMeasurement *self)
{
  for (guint i = 0; i < PP_N_COLUMNS; i++)
    self->numbers[i] = NAN;
}

/**
 * pp_column_get_name:
 * @column: a #PpColumn
 *
 * Returns: the column's name in the measurement CSV, e.g. "latency_ms"
 */
const char *
pp_column_get_name (PpColumn column)
{
  g_return_val_if_fail ((guint)column < PP_N_COLUMNS, NULL);

  return columns[column].name;
}

/**
 * pp_column_from_name:
 * @name: a CSV column name
 * @column: (out) (optional): the column
 *
 * Returns: %TRUE if @name is a column of the schema
 */
gboolean
pp_column_from_name (const char *name,
                     PpColumn   *column)
{
  g_return_val_if_fail (name != NULL, FALSE);

  for (guint i = 0; i < PP_N_COLUMNS; i++)
    {
      if (strcmp (name, columns[i].name) == 0)
        {
          if (column != NULL)
            *column = (PpColumn)i;
          return TRUE;
        }
    }

  return FALSE;
}

/**
 * pp_column_is_numeric:
 * @column: a #PpColumn
 *
 * Returns: %TRUE if the column holds a number
 */
gboolean
pp_column_is_numeric (PpColumn column)
{
  g_return_val_if_fail ((guint)column < PP_N_COLUMNS, FALSE);

  return columns[column].kind != KIND_STRING;
}

/**
 * pp_column_is_measured:
 * @column: a #PpColumn
 *
 * Whether the column is a measured value (latency, throughput, memory)
 * rather than a description of the workload.
 *
 * Returns: %TRUE for measured columns
 */
gboolean
pp_column_is_measured (PpColumn column)
{
  g_return_val_if_fail ((guint)column < PP_N_COLUMNS, FALSE);

  return columns[column].measured;
}

/**
 * pp_measurement_new:
 *
 * Creates an empty measurement to be filled in with
 * [method@Pp.Measurement.set_field] or the typed setters.
 *
 * Returns: (transfer full): a new #PpMeasurement
 */
PpMeasurement *
pp_measurement_new (void)
{
  return g_object_new (PP_TYPE_MEASUREMENT, NULL);
}

/**
 * pp_measurement_copy:
 * @self: a #PpMeasurement
 *
 * Copies every column and extra of @self; the copy has no store id.
 *
 * Returns: (transfer full): a new #PpMeasurement
 */
PpMeasurement *
pp_measurement_copy (PpMeasurement *self)
{
  PpMeasurement *copy;

  g_return_val_if_fail (PP_IS_MEASUREMENT (self), NULL);

  copy = pp_measurement_new ();
  for (guint i = 0; i < PP_N_COLUMNS; i++)
    {
      copy->strings[i] = g_strdup (self->strings[i]);
      copy->numbers[i] = self->numbers[i];
    }
  for (guint i = 0; self->extras != NULL && i < self->extras->len; i += 2)
    pp_measurement_set_extra (copy, self->extras->pdata[i], self->extras->pdata[i + 1]);

  return copy;
}

/**
 * pp_measurement_get_id:
 * @self: a #PpMeasurement
 *
 * Returns: the store's row id, or 0 if @self did not come from a store
 */
gint64
pp_measurement_get_id (PpMeasurement *self)
{
  g_return_val_if_fail (PP_IS_MEASUREMENT (self), 0);

  return self->id;
}

void
_pp_measurement_set_id (PpMeasurement *self,
                        gint64         id)
{
  self->id = id;
}

/**
 * pp_measurement_has_value:
 * @self: a #PpMeasurement
 * @column: a #PpColumn
 *
 * Returns: %TRUE if @column was reported
 */
gboolean
pp_measurement_has_value (PpMeasurement *self,
                          PpColumn       column)
{
  g_return_val_if_fail (PP_IS_MEASUREMENT (self), FALSE);
  g_return_val_if_fail ((guint)column < PP_N_COLUMNS, FALSE);

  if (columns[column].kind == KIND_STRING)
    return self->strings[column] != NULL;

  return !isnan (self->numbers[column]);
}

/**
 * pp_measurement_get_string:
 * @self: a #PpMeasurement
 * @column: a string #PpColumn
 *
 * Returns: (nullable): the value, or %NULL if not reported
 */
const char *
pp_measurement_get_string (PpMeasurement *self,
                           PpColumn       column)
{
  g_return_val_if_fail (PP_IS_MEASUREMENT (self), NULL);
  g_return_val_if_fail ((guint)column < PP_N_COLUMNS, NULL);
  g_return_val_if_fail (columns[column].kind == KIND_STRING, NULL);

  return self->strings[column];
}

/**
 * pp_measurement_get_number:
 * @self: a #PpMeasurement
 * @column: a numeric #PpColumn
 *
 * Returns: the value, or NaN if not reported
 */
double
pp_measurement_get_number (PpMeasurement *self,
                           PpColumn       column)
{
  g_return_val_if_fail (PP_IS_MEASUREMENT (self), NAN);
  g_return_val_if_fail ((guint)column < PP_N_COLUMNS, NAN);
  g_return_val_if_fail (columns[column].kind != KIND_STRING, NAN);

  return self->numbers[column];
}

/**
 * pp_measurement_set_string:
 * @self: a #PpMeasurement
 * @column: a string #PpColumn
 * @value: (nullable): the value, or %NULL for "not reported"
 *
 * Sets a string column without validating it; see
 * [method@Pp.Measurement.set_field] for the checked path, and
 * [method@Pp.Measurement.validate] for the check a store makes. A known
 * precision is kept in its canonical spelling ("BF16" as "bf16").
 */
void
pp_measurement_set_string (PpMeasurement *self,
                           PpColumn       column,
                           const char    *value)
{
  PpPrecision precision;

  g_return_if_fail (PP_IS_MEASUREMENT (self));
  g_return_if_fail ((guint)column < PP_N_COLUMNS);
  g_return_if_fail (columns[column].kind == KIND_STRING);

  if (value != NULL && *value == 0)
    value = NULL;
  /* Stores match and de-duplicate rows by their text: "FP16" from the
   * API must be the row "fp16" from a file. */
  if (column == PP_COLUMN_PRECISION && value != NULL && pp_precision_from_string (value, &precision, NULL))
    value = pp_precision_to_string (precision);
  _pp_set_str (&self->strings[column], value);
}

/**
 * pp_measurement_set_number:
 * @self: a #PpMeasurement
 * @column: a numeric #PpColumn
 * @value: the value, or NaN for "not reported"
 *
 * Sets a numeric column without validating it.
 */
void
pp_measurement_set_number (PpMeasurement *self,
                           PpColumn       column,
                           double         value)
{
  g_return_if_fail (PP_IS_MEASUREMENT (self));
  g_return_if_fail ((guint)column < PP_N_COLUMNS);
  g_return_if_fail (columns[column].kind != KIND_STRING);

  self->numbers[column] = value;
}

static gboolean
check_enum_value (const char  *name,
                  const char  *text,
                  const char **allowed,
                  GError     **error)
{
  if (g_strv_contains (allowed, text))
    return TRUE;

  {
    g_autofree char *list = g_strjoinv (", ", (char **)allowed);

    g_set_error (error, PP_ERROR, PP_ERROR_INVALID_ARGUMENT,
                 _("Unknown %s “%s” (expected one of %s)"), name, text, list);
  }
  return FALSE;
}

/* The rules a string cell must meet, whether it was read from a file
 * (set_string_field()) or set through the API and checked only when the
 * row is validated (pp_measurement_validate()): one set of rules, so that
 * a row the API stores is one the readers would read back. */
static gboolean
check_string (PpColumn      column,
              const char   *text,
              GError      **error)
{
  static const char *phases[] = { "forward", "prefill", "decode", NULL };

  if (column == PP_COLUMN_PRECISION)
    return pp_precision_from_string (text, NULL, error);

  if (column == PP_COLUMN_PHASE)
    return check_enum_value ("phase", text, phases, error);

  if (column == PP_COLUMN_TIMESTAMP)
    {
      gint64 usec;

      if (!_pp_measurement_parse_time (text, &usec))
        {
          g_set_error (error, PP_ERROR, PP_ERROR_INVALID_ARGUMENT,
                       _("“%s” is not an ISO 8601 time (e.g. 2026-11-26T10:00:00Z)"), text);
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean
set_string_field (PpMeasurement  *self,
                  PpColumn        column,
                  const char     *text,
                  GError        **error)
{
  if (!check_string (column, text, error))
    return FALSE;

  pp_measurement_set_string (self, column, text);
  return TRUE;
}

/* The rules a number must meet, as check_string() for strings. @text is
 * the value as its user wrote it, for the message. */
static gboolean
check_number (PpColumn      column,
              double        value,
              const char   *text,
              GError      **error)
{
  if (!isfinite (value))
    {
      g_set_error (error, PP_ERROR, PP_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a number"), text);
      return FALSE;
    }

  if (columns[column].kind == KIND_WHOLE && value != floor (value))
    {
      g_set_error (error, PP_ERROR, PP_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a whole number"), text);
      return FALSE;
    }

  /* Whole numbers are read back as guint (pp_measurement_get_batch()…):
   * a larger one would come back as 0, "not reported". */
  if (columns[column].kind == KIND_WHOLE && value > G_MAXUINT)
    {
      g_set_error (error, PP_ERROR, PP_ERROR_INVALID_ARGUMENT,
                   _("“%s” is too large: at most %u"), text, G_MAXUINT);
      return FALSE;
    }

  if (column == PP_COLUMN_BATCH && value <= 0)
    {
      g_set_error (error, PP_ERROR, PP_ERROR_INVALID_ARGUMENT,
                   _("the batch size must be at least 1, not “%s”"), text);
      return FALSE;
    }

  if (value < 0 || (columns[column].measured && value == 0 && column != PP_COLUMN_MEMORY_MB))
    {
      g_set_error (error, PP_ERROR, PP_ERROR_INVALID_ARGUMENT,
                   columns[column].measured
                     ? _("a measured value must be greater than zero, not “%s”")
                     : _("the value must not be negative, not “%s”"),
                   text);
      return FALSE;
    }

  return TRUE;
}

static gboolean
set_number_field (PpMeasurement  *self,
                  PpColumn        column,
                  const char     *text,
                  GError        **error)
{
  double value;

  if (!_pp_parse_number (text, &value))
    {
      g_set_error (error, PP_ERROR, PP_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a number"), text);
      return FALSE;
    }

  if (!check_number (column, value, text, error))
    return FALSE;

  self->numbers[column] = value;
  return TRUE;
}

/**
 * pp_measurement_set_field:
 * @self: a #PpMeasurement
 * @name: a column name from the CSV header
 * @text: (nullable): the cell's text; empty or %NULL means "not reported"
 * @error: return location for a #GError
 *
 * Sets a column from its text as read from a file, checking it: numbers
 * must parse in the C locale, whole-number columns must be whole, the
 * batch must be at least 1, measured values positive, the precision and
 * phase known. A @name that is not a schema column is kept as an extra.
 *
 * The error message does not name the file or the line: the caller knows
 * them and adds them.
 *
 * Returns: %TRUE if @text was valid for @name
 */
gboolean
pp_measurement_set_field (PpMeasurement  *self,
                          const char     *name,
                          const char     *text,
                          GError        **error)
{
  PpColumn column;

  g_return_val_if_fail (PP_IS_MEASUREMENT (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  if (!pp_column_from_name (name, &column))
    {
      pp_measurement_set_extra (self, name, text);
      return TRUE;
    }

  if (text == NULL || *text == 0)
    {
      g_clear_pointer (&self->strings[column], g_free);
      self->numbers[column] = NAN;
      return TRUE;
    }

  if (columns[column].kind == KIND_STRING)
    return set_string_field (self, column, text, error);

  return set_number_field (self, column, text, error);
}

/**
 * pp_measurement_dup_field:
 * @self: a #PpMeasurement
 * @name: a column name, of the schema or an extra
 *
 * Gets a column as the text a CSV export writes for it.
 *
 * Returns: (transfer full) (nullable): the text, or %NULL if not reported
 */
char *
pp_measurement_dup_field (PpMeasurement *self,
                          const char    *name)
{
  char buf[PP_NUMBER_BUF_SIZE];
  PpColumn column;

  g_return_val_if_fail (PP_IS_MEASUREMENT (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  if (!pp_column_from_name (name, &column))
    return g_strdup (pp_measurement_get_extra (self, name));

  if (columns[column].kind == KIND_STRING)
    return g_strdup (self->strings[column]);

  if (isnan (self->numbers[column]))
    return NULL;

  return g_strdup (_pp_format_number (buf, self->numbers[column]));
}

/**
 * pp_measurement_get_extra:
 * @self: a #PpMeasurement
 * @key: the name of a column the schema does not define
 *
 * Returns: (nullable): the extra's value, or %NULL
 */
const char *
pp_measurement_get_extra (PpMeasurement *self,
                          const char    *key)
{
  g_return_val_if_fail (PP_IS_MEASUREMENT (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  for (guint i = 0; self->extras != NULL && i < self->extras->len; i += 2)
    {
      if (strcmp (self->extras->pdata[i], key) == 0)
        return self->extras->pdata[i + 1];
    }

  return NULL;
}

/**
 * pp_measurement_set_extra:
 * @self: a #PpMeasurement
 * @key: the name of a column the schema does not define
 * @value: (nullable): the value; %NULL or empty removes the extra
 *
 * Keeps a column that the schema does not know.
 */
void
pp_measurement_set_extra (PpMeasurement *self,
                          const char    *key,
                          const char    *value)
{
  g_return_if_fail (PP_IS_MEASUREMENT (self));
  g_return_if_fail (key != NULL);
  g_return_if_fail (!pp_column_from_name (key, NULL));

  if (self->extras == NULL)
    self->extras = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < self->extras->len; i += 2)
    {
      if (strcmp (self->extras->pdata[i], key) != 0)
        continue;

      if (value == NULL || *value == 0)
        g_ptr_array_remove_range (self->extras, i, 2);
      else
        _pp_set_str ((char **)&self->extras->pdata[i + 1], value);
      return;
    }

  if (value == NULL || *value == 0)
    return;

  g_ptr_array_add (self->extras, g_strdup (key));
  g_ptr_array_add (self->extras, g_strdup (value));
}

/**
 * pp_measurement_dup_extra_keys:
 * @self: a #PpMeasurement
 *
 * Returns: (transfer full) (array zero-terminated=1): the extras' names,
 *   in the order they were set
 */
char **
pp_measurement_dup_extra_keys (PpMeasurement *self)
{
  GStrvBuilder *builder;
  char **keys;

  g_return_val_if_fail (PP_IS_MEASUREMENT (self), NULL);

  builder = g_strv_builder_new ();
  for (guint i = 0; self->extras != NULL && i < self->extras->len; i += 2)
    g_strv_builder_add (builder, self->extras->pdata[i]);
  keys = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);

  return keys;
}

guint
_pp_measurement_get_n_extra (PpMeasurement *self)
{
  return self->extras != NULL ? self->extras->len / 2 : 0;
}

void
_pp_measurement_get_nth_extra (PpMeasurement  *self,
                               guint           n,
                               const char    **key,
                               const char    **value)
{
  g_assert (n < _pp_measurement_get_n_extra (self));

  *key = self->extras->pdata[2 * n];
  *value = self->extras->pdata[2 * n + 1];
}

static GDateTime *
parse_time (const char *text)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autofree char *midnight = NULL;
  GDateTime *dt;

  if ((dt = g_date_time_new_from_iso8601 (text, utc)) || strpbrk (text, "Tt :") != NULL)
    return dt;

  /* GLib wants a time of day, but ISO 8601 (and the schema) allows a
   * date alone, in any of GLib's forms (2026-11-20, 20261120,
   * 2026-W47-5…): it is that day's midnight in UTC. */
  midnight = g_strconcat (text, "T00:00:00Z", NULL);
  return g_date_time_new_from_iso8601 (midnight, utc);
}

/* Microseconds since the Unix epoch: the precision of GDateTime, and
 * of the times a query compares (pp_measurement_query_set_time_range()). */
gint64
_pp_date_time_to_usec (GDateTime *dt)
{
  return g_date_time_to_unix (dt) * G_USEC_PER_SEC + g_date_time_get_microsecond (dt);
}

/* The one reading of a `timestamp` cell, whether a file's cell is
 * checked, a row is stored or the store's rows are queried: ISO 8601,
 * in UTC when it names no zone, and a date alone its midnight. */
gboolean
_pp_measurement_parse_time (const char *text,
                            gint64     *usec)
{
  g_autoptr(GDateTime) dt = parse_time (text);

  if (dt == NULL)
    return FALSE;

  *usec = _pp_date_time_to_usec (dt);
  return TRUE;
}

/* The whole seconds of the timestamp, rounded down, as the store keeps
 * them in `measured_at` to index its rows by. */
gboolean
_pp_measurement_get_unix_time (PpMeasurement *self,
                               gint64        *unix_time)
{
  g_autoptr(GDateTime) dt = NULL;

  if (self->strings[PP_COLUMN_TIMESTAMP] == NULL ||
      !(dt = parse_time (self->strings[PP_COLUMN_TIMESTAMP])))
    return FALSE;

  *unix_time = g_date_time_to_unix (dt);
  return TRUE;
}

gboolean
_pp_measurement_get_time (PpMeasurement *self,
                          gint64        *usec)
{
  return self->strings[PP_COLUMN_TIMESTAMP] != NULL &&
         _pp_measurement_parse_time (self->strings[PP_COLUMN_TIMESTAMP], usec);
}

/* The text a value set through the API would have had in a file, for
 * messages: _pp_format_number() writes nothing for an infinity. */
static const char *
number_text (char   buf[PP_NUMBER_BUF_SIZE],
             double value)
{
  if (isinf (value))
    return value > 0 ? "inf" : "-inf";

  return _pp_format_number (buf, value);
}

/* Checks one cell as pp_measurement_validate() does, for those who read
 * a row without validating all of it (pp_workload_new_from_measurement()). */
gboolean
_pp_measurement_check_column (PpMeasurement  *self,
                              PpColumn        column,
                              GError        **error)
{
  char buf[PP_NUMBER_BUF_SIZE];
  g_autoptr(GError) local_error = NULL;
  gboolean ok;

  if (columns[column].kind == KIND_STRING)
    ok = self->strings[column] == NULL || check_string (column, self->strings[column], &local_error);
  else
    ok = isnan (self->numbers[column]) ||
         check_number (column, self->numbers[column], number_text (buf, self->numbers[column]), &local_error);

  if (!ok)
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                  _("column “%s”: "), columns[column].name);
      return FALSE;
    }

  return TRUE;
}

/* What a single cell cannot tell: that the row names its model and
 * device and measured something. The readers check only this, as
 * pp_measurement_set_field() checked each cell already. */
gboolean
_pp_measurement_check_row (PpMeasurement  *self,
                           GError        **error)
{
  if (self->strings[PP_COLUMN_MODEL] == NULL)
    {
      g_set_error (error, PP_ERROR, PP_ERROR_INVALID_ARGUMENT,
                   _("column “model” is empty; every row must name its model"));
      return FALSE;
    }

  if (self->strings[PP_COLUMN_HARDWARE] == NULL)
    {
      g_set_error (error, PP_ERROR, PP_ERROR_INVALID_ARGUMENT,
                   _("column “hardware” is empty; every row must name its device"));
      return FALSE;
    }

  for (guint i = 0; i < PP_N_COLUMNS; i++)
    {
      if (columns[i].measured && !isnan (self->numbers[i]))
        return TRUE;
    }

  g_set_error (error, PP_ERROR, PP_ERROR_INVALID_ARGUMENT,
               _("the row has no measured value (latency_ms, latency_p90_ms, "
                 "throughput_items_per_s, tokens_per_s or memory_mb)"));
  return FALSE;
}

/**
 * pp_measurement_validate:
 * @self: a #PpMeasurement
 * @error: return location for a #GError
 *
 * Checks that @self may be stored: every cell meets the rules
 * [method@Pp.Measurement.set_field] applies to a file's (the typed
 * setters do not check), the required columns `model` and `hardware`
 * are there and at least one value was measured. A store checks every
 * row this way before it writes any, so that what it exports reads back.
 *
 * Returns: %TRUE if @self may be stored
 */
gboolean
pp_measurement_validate (PpMeasurement  *self,
                         GError        **error)
{
  g_return_val_if_fail (PP_IS_MEASUREMENT (self), FALSE);

  for (guint i = 0; i < PP_N_COLUMNS; i++)
    {
      if (!_pp_measurement_check_column (self, (PpColumn)i, error))
        return FALSE;
    }

  return _pp_measurement_check_row (self, error);
}

/**
 * pp_measurement_equal:
 * @self: a #PpMeasurement
 * @other: another #PpMeasurement
 *
 * Compares every column and extra; the store id is not compared.
 *
 * Returns: %TRUE if both describe the same measurement
 */
gboolean
pp_measurement_equal (PpMeasurement *self,
                      PpMeasurement *other)
{
  g_return_val_if_fail (PP_IS_MEASUREMENT (self), FALSE);
  g_return_val_if_fail (PP_IS_MEASUREMENT (other), FALSE);

  for (guint i = 0; i < PP_N_COLUMNS; i++)
    {
      if (g_strcmp0 (self->strings[i], other->strings[i]) != 0)
        return FALSE;
      if (isnan (self->numbers[i]) != isnan (other->numbers[i]))
        return FALSE;
      if (!isnan (self->numbers[i]) && self->numbers[i] != other->numbers[i])
        return FALSE;
    }

  if (_pp_measurement_get_n_extra (self) != _pp_measurement_get_n_extra (other))
    return FALSE;

  for (guint i = 0; i < _pp_measurement_get_n_extra (self); i++)
    {
      const char *key, *value;

      _pp_measurement_get_nth_extra (self, i, &key, &value);
      if (g_strcmp0 (value, pp_measurement_get_extra (other, key)) != 0)
        return FALSE;
    }

  return TRUE;
}

static inline guint64
fnv1a (guint64     hash,
       const char *text)
{
  for (const guchar *p = (const guchar *)text; *p; p++)
    {
      hash ^= *p;
      hash *= G_GUINT64_CONSTANT (0x100000001b3);
    }

  /* A separator byte that cannot occur in text keeps "ab"+"c" apart
   * from "a"+"bc". */
  hash ^= 0xff;
  hash *= G_GUINT64_CONSTANT (0x100000001b3);

  return hash;
}

static int
compare_extra_index (gconstpointer a,
                     gconstpointer b,
                     gpointer      user_data)
{
  PpMeasurement *self = user_data;
  guint ia = *(const guint *)a;
  guint ib = *(const guint *)b;

  return strcmp (self->extras->pdata[2 * ia], self->extras->pdata[2 * ib]);
}

/* The identity of a row for de-duplication: every column and extra, with
 * numbers in canonical form so that "1.0" and "1" are the same row and
 * extras in name order so that column order in the file does not matter.
 */
guint64
_pp_measurement_compute_key (PpMeasurement *self)
{
  guint64 hash = G_GUINT64_CONSTANT (0xcbf29ce484222325);
  char buf[PP_NUMBER_BUF_SIZE];
  guint n_extra = _pp_measurement_get_n_extra (self);

  for (guint i = 0; i < PP_N_COLUMNS; i++)
    {
      if (columns[i].kind == KIND_STRING)
        hash = fnv1a (hash, self->strings[i] ? self->strings[i] : "");
      else
        hash = fnv1a (hash, _pp_format_number (buf, self->numbers[i]));
    }

  if (n_extra > 0)
    {
      g_autofree guint *order = g_new (guint, n_extra);

      for (guint i = 0; i < n_extra; i++)
        order[i] = i;
      g_qsort_with_data (order, n_extra, sizeof (guint), compare_extra_index, self);

      for (guint i = 0; i < n_extra; i++)
        {
          hash = fnv1a (hash, self->extras->pdata[2 * order[i]]);
          hash = fnv1a (hash, self->extras->pdata[2 * order[i] + 1]);
        }
    }

  return hash;
}

/**
 * pp_measurement_get_model:
 * @self: a #PpMeasurement
 *
 * Returns: (nullable): the `model` column
 */
const char *
pp_measurement_get_model (PpMeasurement *self)
{
  return pp_measurement_get_string (self, PP_COLUMN_MODEL);
}

/**
 * pp_measurement_get_hardware:
 * @self: a #PpMeasurement
 *
 * Returns: (nullable): the `hardware` column
 */
const char *
pp_measurement_get_hardware (PpMeasurement *self)
{
  return pp_measurement_get_string (self, PP_COLUMN_HARDWARE);
}

/**
 * pp_measurement_get_backend:
 * @self: a #PpMeasurement
 *
 * Returns: (nullable): the `backend` column
 */
const char *
pp_measurement_get_backend (PpMeasurement *self)
{
  return pp_measurement_get_string (self, PP_COLUMN_BACKEND);
}

/**
 * pp_measurement_get_precision:
 * @self: a #PpMeasurement
 *
 * Returns: (nullable): the `precision` column
 */
const char *
pp_measurement_get_precision (PpMeasurement *self)
{
  return pp_measurement_get_string (self, PP_COLUMN_PRECISION);
}

/**
 * pp_measurement_get_phase:
 * @self: a #PpMeasurement
 *
 * Returns: (nullable): the `phase` column
 */
const char *
pp_measurement_get_phase (PpMeasurement *self)
{
  return pp_measurement_get_string (self, PP_COLUMN_PHASE);
}

/**
 * pp_measurement_get_source:
 * @self: a #PpMeasurement
 *
 * Returns: (nullable): the `source` column
 */
const char *
pp_measurement_get_source (PpMeasurement *self)
{
  return pp_measurement_get_string (self, PP_COLUMN_SOURCE);
}

static guint
get_whole (PpMeasurement *self,
           PpColumn       column)
{
  double value = pp_measurement_get_number (self, column);

  /* A negative number, which only the unchecked setters let in, has no
   * guint to convert to (C leaves it undefined): it reads as unreported. */
  return isnan (value) || value < 0 || value > G_MAXUINT ? 0 : (guint)value;
}

/**
 * pp_measurement_get_batch:
 * @self: a #PpMeasurement
 *
 * Returns: the batch size, or 0 if not reported
 */
guint
pp_measurement_get_batch (PpMeasurement *self)
{
  return get_whole (self, PP_COLUMN_BATCH);
}

/**
 * pp_measurement_get_seq_len:
 * @self: a #PpMeasurement
 *
 * Returns: the sequence length, or 0 if not reported
 */
guint
pp_measurement_get_seq_len (PpMeasurement *self)
{
  return get_whole (self, PP_COLUMN_SEQ_LEN);
}

/**
 * pp_measurement_get_latency_ms:
 * @self: a #PpMeasurement
 *
 * Returns: the median latency in milliseconds, or NaN
 */
double
pp_measurement_get_latency_ms (PpMeasurement *self)
{
  return pp_measurement_get_number (self, PP_COLUMN_LATENCY_MS);
}

/**
 * pp_measurement_get_throughput:
 * @self: a #PpMeasurement
 *
 * Returns: items per second, or NaN
 */
double
pp_measurement_get_throughput (PpMeasurement *self)
{
  return pp_measurement_get_number (self, PP_COLUMN_THROUGHPUT_ITEMS_PER_S);
}

/**
 * pp_measurement_get_memory_mb:
 * @self: a #PpMeasurement
 *
 * Returns: peak memory in MiB, or NaN
 */
double
pp_measurement_get_memory_mb (PpMeasurement *self)
{
  return pp_measurement_get_number (self, PP_COLUMN_MEMORY_MB);
}
