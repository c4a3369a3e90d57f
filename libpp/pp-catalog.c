/* pp-catalog.c
 *
 * Copyright 2026 The Perfcast authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "pp-catalog.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <math.h>

#include "pp-catalog-private.h"
#include "pp-error.h"
#include "pp-fitted-predictor-private.h"
#include "pp-json-private.h"
#include "pp-util-private.h"

/**
 * PpCatalog:
 *
 * The models and devices Perfcast can reason about.
 *
 * The default catalog is read from the `.json` files of `catalog` in Perfcast's data
 * folder (installed, or the source tree's `data/` when run from the
 * build tree; `PERFCAST_DATA_DIR` overrides both) and completed with the
 * machine it runs on, as device "local", to which the browser backends
 * are bound.
 *
 * Names are looked up by id first, then by alias, compared in a
 * normalised spelling (lower case; blanks, underscores and dashes
 * folded), so that "NVIDIA H100-SXM-80GB" from MLPerf finds
 * "nvidia-h100-sxm".
 */

struct _PpCatalog
{
  GObject parent_instance;

  /* Owned */
  GListStore *models;
  GListStore *hardware;
  /* Normalised id or alias → borrowed spec (owned by the list stores). */
  GHashTable *model_index;
  GHashTable *hardware_index;

  /* Bumped whenever an entry is added, so that what is derived from
   * the whole catalog can tell it is out of date. */
  guint generation;
};

G_DEFINE_FINAL_TYPE (PpCatalog, pp_catalog, G_TYPE_OBJECT)

static void
pp_catalog_finalize (GObject *object)
{
  PpCatalog *self = (PpCatalog *)object;

  g_clear_pointer (&self->model_index, g_hash_table_unref);
  g_clear_pointer (&self->hardware_index, g_hash_table_unref);
  g_clear_object (&self->models);
  g_clear_object (&self->hardware);

  G_OBJECT_CLASS (pp_catalog_parent_class)->finalize (object);
}

static void
pp_catalog_class_init (PpCatalogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pp_catalog_finalize;
}

static void
pp_catalog_init (PpCatalog *self)
{
  self->models = g_list_store_new (PP_TYPE_MODEL_SPEC);
  self->hardware = g_list_store_new (PP_TYPE_HARDWARE_SPEC);
  self->model_index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->hardware_index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

/**
 * pp_catalog_new:
 *
 * Creates an empty catalog, to be filled with
 * [method@Pp.Catalog.load_file].
 *
 * Returns: (transfer full): a new #PpCatalog
 */
PpCatalog *
pp_catalog_new (void)
{
  return g_object_new (PP_TYPE_CATALOG, NULL);
}

/**
 * pp_catalog_dup_default_dir:
 *
 * Returns: (transfer full) (type filename): the folder the default
 *   catalog is read from
 */
char *
pp_catalog_dup_default_dir (void)
{
  return g_build_filename (_pp_get_data_dir (), "catalog", NULL);
}

static gboolean
index_names (GHashTable          *index,
             const char          *kind,
             const char          *id,
             const char * const  *aliases,
             gpointer             spec,
             const char          *file,
             GError             **error)
{
  guint n = aliases ? g_strv_length ((char **)aliases) : 0;

  /* Every name is checked before any is taken: an entry refused must
   * leave none of its names behind, pointing at what is then freed. */
  for (guint i = 0; i <= n; i++)
    {
      const char *name = i == 0 ? id : aliases[i - 1];
      g_autofree char *key = _pp_normalize_name (name);
      gpointer other = g_hash_table_lookup (index, key);

      /* Nothing is indexed before the loop below, so finding @spec
       * itself means it was added before: listing it twice would show
       * the device twice wherever the catalog is listed. */
      if (other == spec)
        {
          g_set_error (error, PP_ERROR, PP_ERROR_PARSE,
                       _("%s: %s “%s” is already in the catalog"),
                       file, kind, id);
          return FALSE;
        }

      if (other != NULL)
        {
          g_set_error (error, PP_ERROR, PP_ERROR_PARSE,
                       _("%s: %s “%s”: the name “%s” already belongs to another entry"),
                       file, kind, id, name);
          return FALSE;
        }
    }

  for (guint i = 0; i <= n; i++)
    g_hash_table_insert (index, _pp_normalize_name (i == 0 ? id : aliases[i - 1]), spec);

  return TRUE;
}

static gboolean
add_model (PpCatalog   *self,
           JsonObject  *object,
           const char  *file,
           GError     **error)
{
  g_autoptr(PpModelSpec) spec = NULL;

  if (!(spec = _pp_model_spec_new_from_json (object, error)))
    {
      g_prefix_error (error, "%s: ", file);
      return FALSE;
    }

  if (!index_names (self->model_index, "model", pp_model_spec_get_id (spec),
                    pp_model_spec_get_aliases (spec), spec, file, error))
    return FALSE;

  g_list_store_append (self->models, spec);
  return TRUE;
}

static void
bind_browser_backends (PpCatalog *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->hardware));
  PpHardwareSpec *local = pp_catalog_lookup_hardware (self, "local");

  if (local == NULL)
    return;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PpHardwareSpec) spec = g_list_model_get_item (G_LIST_MODEL (self->hardware), i);

      if (pp_hardware_spec_get_kind (spec) == PP_HARDWARE_KIND_BROWSER)
        _pp_hardware_spec_bind_host (spec, local);
    }
}

/**
 * pp_catalog_add_hardware:
 * @self: a #PpCatalog
 * @spec: a device
 * @error: return location for a #GError
 *
 * Adds a device, e.g. the one [func@Pp.HardwareSpec.detect_local]
 * returns. Adding device "local" binds the browser backends to it.
 *
 * Returns: %TRUE unless one of its names is already taken, by another
 *   device or by @spec itself, added before; %FALSE with
 *   %PP_ERROR_PARSE then
 */
gboolean
pp_catalog_add_hardware (PpCatalog       *self,
                         PpHardwareSpec  *spec,
                         GError         **error)
{
  g_return_val_if_fail (PP_IS_CATALOG (self), FALSE);
  g_return_val_if_fail (PP_IS_HARDWARE_SPEC (spec), FALSE);

  if (!index_names (self->hardware_index, "hardware", pp_hardware_spec_get_id (spec),
                    pp_hardware_spec_get_aliases (spec), spec, "catalog", error))
    return FALSE;

  g_list_store_append (self->hardware, spec);
  self->generation++;

  if (g_strcmp0 (pp_hardware_spec_get_id (spec), "local") == 0)
    bind_browser_backends (self);

  return TRUE;
}

static gboolean
add_hardware_json (PpCatalog   *self,
                   JsonObject  *object,
                   const char  *file,
                   GError     **error)
{
  g_autoptr(PpHardwareSpec) spec = NULL;
  PpHardwareSpec *local;

  if (!(spec = _pp_hardware_spec_new_from_json (object, error)))
    {
      g_prefix_error (error, "%s: ", file);
      return FALSE;
    }

  if (!index_names (self->hardware_index, "hardware", pp_hardware_spec_get_id (spec),
                    pp_hardware_spec_get_aliases (spec), spec, file, error))
    return FALSE;

  if (pp_hardware_spec_get_kind (spec) == PP_HARDWARE_KIND_BROWSER &&
      (local = pp_catalog_lookup_hardware (self, "local")))
    _pp_hardware_spec_bind_host (spec, local);

  g_list_store_append (self->hardware, spec);
  return TRUE;
}

static gboolean
load_entries (PpCatalog   *self,
              JsonObject  *root,
              const char  *member,
              const char  *file,
              GError     **error)
{
  JsonNode *node = json_object_get_member (root, member);
  JsonArray *array;

  if (node == NULL)
    return TRUE;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, PP_ERROR, PP_ERROR_PARSE, _("%s: “%s” must be an array"), file, member);
      return FALSE;
    }

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *item = json_array_get_element (array, i);
      gboolean ok;

      if (!JSON_NODE_HOLDS_OBJECT (item))
        {
          g_set_error (error, PP_ERROR, PP_ERROR_PARSE,
                       _("%s: entry %u of “%s” is not an object"), file, i + 1, member);
          return FALSE;
        }

      if (g_str_equal (member, "models"))
        ok = add_model (self, json_node_get_object (item), file, error);
      else
        ok = add_hardware_json (self, json_node_get_object (item), file, error);

      if (!ok)
        return FALSE;
    }

  return TRUE;
}

/**
 * pp_catalog_load_file:
 * @self: a #PpCatalog
 * @file: a catalog JSON file with a "models" or "hardware" array
 * @error: return location for a #GError
 *
 * Adds the entries of @file.
 *
 * Returns: %TRUE on success
 */
gboolean
pp_catalog_load_file (PpCatalog  *self,
                      GFile      *file,
                      GError    **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  const char *data;
  gsize len;
  JsonNode *root;

  g_return_val_if_fail (PP_IS_CATALOG (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  /* Even a file that fails halfway may have added entries. */
  self->generation++;
  name = g_file_get_parse_name (file);
  path = g_file_get_path (file);

  if (path == NULL)
    {
      g_set_error (error, PP_ERROR, PP_ERROR_PARSE, _("%s: not a local file"), name);
      return FALSE;
    }

  /* Errors in reading the file name it already. */
  if (!(bytes = _pp_file_load_bytes (file, NULL, error)))
    return FALSE;

  data = g_bytes_get_data (bytes, &len);
  if (!_pp_json_parser_load_data (parser, data ? data : "", len, name, error))
    return FALSE;

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, PP_ERROR, PP_ERROR_PARSE,
                   _("%s: a catalog file holds an object with “models” or “hardware”"), name);
      return FALSE;
    }

  return load_entries (self, json_node_get_object (root), "models", name, error) &&
         load_entries (self, json_node_get_object (root), "hardware", name, error);
}

/**
 * pp_catalog_load_directory:
 * @self: a #PpCatalog
 * @directory: a folder of catalog `*.json` files
 * @error: return location for a #GError
 *
 * Loads every `.json` file of @directory, in name order.
 *
 * Returns: %TRUE on success
 */
gboolean
pp_catalog_load_directory (PpCatalog  *self,
                           GFile      *directory,
                           GError    **error)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *path = NULL;
  g_autoptr(GDir) dir = NULL;
  const char *name;

  g_return_val_if_fail (PP_IS_CATALOG (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (directory), FALSE);

  path = g_file_get_path (directory);
  if (path == NULL)
    {
      g_autofree char *display = g_file_get_parse_name (directory);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("Cannot read the catalog folder “%s”: it is not a local folder"), display);
      return FALSE;
    }
  if (!(dir = g_dir_open (path, 0, error)))
    return FALSE;

  while ((name = g_dir_read_name (dir)))
    {
      if (g_str_has_suffix (name, ".json"))
        g_ptr_array_add (names, g_strdup (name));
    }
  g_ptr_array_sort (names, _pp_compare_string_ptrs);

  for (guint i = 0; i < names->len; i++)
    {
      g_autoptr(GFile) file = g_file_get_child (directory, names->pdata[i]);

      if (!pp_catalog_load_file (self, file, error))
        return FALSE;
    }

  return TRUE;
}

/**
 * pp_catalog_new_default:
 * @error: return location for a #GError
 *
 * Loads the catalog shipped with Perfcast and adds the local machine.
 *
 * Returns: (transfer full) (nullable): the catalog
 */
PpCatalog *
pp_catalog_new_default (GError **error)
{
  g_autoptr(PpCatalog) self = pp_catalog_new ();
  g_autoptr(PpHardwareSpec) local = NULL;
  g_autofree char *dir_path = pp_catalog_dup_default_dir ();
  g_autoptr(GFile) dir = g_file_new_for_path (dir_path);

  if (!pp_catalog_load_directory (self, dir, error))
    return NULL;

  /* A machine whose /proc cannot be read still gets the catalog. */
  if ((local = pp_hardware_spec_detect_local (NULL)))
    _pp_catalog_add_local (self, local);

  return g_steal_pointer (&self);
}

/* Adds @local, this machine (pp_hardware_spec_detect_local()), whose
 * alias is its processor's name: when a listed device has that name
 * among its own (the EPYC 7763 of many CI machines does), the listed
 * device keeps it, and this machine is "local" alone. Without "local",
 * the browser backends would have no host to run on. */
void
_pp_catalog_add_local (PpCatalog      *self,
                       PpHardwareSpec *local)
{
  if (!pp_catalog_add_hardware (self, local, NULL))
    {
      _pp_hardware_spec_drop_aliases (local);
      pp_catalog_add_hardware (self, local, NULL);
    }
}

/**
 * pp_catalog_get_models:
 * @self: a #PpCatalog
 *
 * Returns: (transfer none): a #GListModel of #PpModelSpec
 */
GListModel *
pp_catalog_get_models (PpCatalog *self)
{
  g_return_val_if_fail (PP_IS_CATALOG (self), NULL);

  return G_LIST_MODEL (self->models);
}

/**
 * pp_catalog_get_hardware:
 * @self: a #PpCatalog
 *
 * Returns: (transfer none): a #GListModel of #PpHardwareSpec
 */
GListModel *
pp_catalog_get_hardware (PpCatalog *self)
{
  g_return_val_if_fail (PP_IS_CATALOG (self), NULL);

  return G_LIST_MODEL (self->hardware);
}

static gpointer
lookup (GHashTable *index,
        const char *name)
{
  g_autofree char *key = NULL;

  if (name == NULL)
    return NULL;

  key = _pp_normalize_name (name);
  return g_hash_table_lookup (index, key);
}

/**
 * pp_catalog_lookup_model:
 * @self: a #PpCatalog
 * @name: a model id or alias
 *
 * Returns: (transfer none) (nullable): the model, or %NULL
 */
PpModelSpec *
pp_catalog_lookup_model (PpCatalog  *self,
                         const char *name)
{
  g_return_val_if_fail (PP_IS_CATALOG (self), NULL);

  return lookup (self->model_index, name);
}

/**
 * pp_catalog_lookup_hardware:
 * @self: a #PpCatalog
 * @name: a device id or alias
 *
 * Returns: (transfer none) (nullable): the device, or %NULL
 */
PpHardwareSpec *
pp_catalog_lookup_hardware (PpCatalog  *self,
                            const char *name)
{
  g_return_val_if_fail (PP_IS_CATALOG (self), NULL);

  return lookup (self->hardware_index, name);
}

/**
 * pp_catalog_resolve_model:
 * @self: a #PpCatalog
 * @name: (nullable): a model name; %NULL takes the measurement's
 * @measurement: (nullable): a row that may describe the model
 * @error: return location for a #GError
 *
 * Finds a model in the catalog or, failing that, builds it from the
 * architecture columns of @measurement.
 *
 * Returns: (transfer full) (nullable): the model
 */
PpModelSpec *
pp_catalog_resolve_model (PpCatalog      *self,
                          const char     *name,
                          PpMeasurement  *measurement,
                          GError        **error)
{
  PpModelSpec *spec;

  g_return_val_if_fail (PP_IS_CATALOG (self), NULL);
  g_return_val_if_fail (name != NULL || measurement != NULL, NULL);

  if (name == NULL)
    name = pp_measurement_get_model (measurement);

  if ((spec = pp_catalog_lookup_model (self, name)))
    return g_object_ref (spec);

  if (measurement == NULL)
    {
      g_set_error (error, PP_ERROR, PP_ERROR_NOT_FOUND,
                   _("Unknown model “%s”; “perfcast-cli catalog models” lists the known ones"),
                   name);
      return NULL;
    }

  return pp_model_spec_new_from_measurement (measurement, error);
}

static int
compare_by_fp32_peak (gconstpointer a,
                      gconstpointer b)
{
  PpHardwareSpec *x = *(PpHardwareSpec * const *)a, *y = *(PpHardwareSpec * const *)b;
  double px = pp_hardware_spec_get_peak_flops (x, PP_PRECISION_FP32);
  double py = pp_hardware_spec_get_peak_flops (y, PP_PRECISION_FP32);

  if (px != py)
    return px < py ? -1 : 1;
  return g_strcmp0 (pp_hardware_spec_get_id (x), pp_hardware_spec_get_id (y));
}

/* The catalog device whose datasheet stands in for a device of @kind
 * and @backend (nullable) that it does not list: of its devices of that
 * kind with an fp32 peak and a memory bandwidth (of that backend, when
 * any is), the median by fp32 peak, the lower of two; "local", which is
 * whatever machine runs this, never. NULL when there is none to take. */
static PpHardwareSpec *
stand_in_for (PpCatalog      *self,
              PpHardwareKind  kind,
              const char     *backend)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new ();
  g_autoptr(GPtrArray) same_backend = g_ptr_array_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);
  GPtrArray *candidates;
  GHashTableIter iter;
  PpHardwareSpec *spec;

  /* Walked through the index, which reading leaves as it is: a list
   * store's items are looked up through a cache it writes, and this runs
   * on a fit's workers while the list is shown on the main thread. The
   * index has each device under its aliases too; the sort below puts
   * the candidates in one order, whatever the table's. */
  g_hash_table_iter_init (&iter, self->hardware_index);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *)&spec))
    {
      if (!g_hash_table_add (seen, spec) || pp_hardware_spec_get_kind (spec) != kind ||
          g_strcmp0 (pp_hardware_spec_get_id (spec), "local") == 0 ||
          !(pp_hardware_spec_get_peak_flops (spec, PP_PRECISION_FP32) > 0) ||
          !(pp_hardware_spec_get_memory_bandwidth (spec) > 0))
        continue;
      g_ptr_array_add (all, spec);
      if (backend != NULL && g_strcmp0 (pp_hardware_spec_get_backend (spec), backend) == 0)
        g_ptr_array_add (same_backend, spec);
    }

  candidates = same_backend->len > 0 ? same_backend : all;
  if (candidates->len == 0)
    return NULL;

  g_ptr_array_sort (candidates, compare_by_fp32_peak);
  return candidates->pdata[(candidates->len - 1) / 2];
}

/* Gives @object, which describes a device the catalog does not list,
 * the datasheet figures of @stand_in, saying so where it says where
 * figures come from. They are copied number by number: a copied node
 * would share the catalog's objects, whose reference counts are not
 * atomic, with a spec that may be made and freed on a fit's worker. */
static void
take_stand_in (JsonObject     *object,
               PpHardwareSpec *stand_in)
{
  JsonObject *from = _pp_hardware_spec_get_json (stand_in);
  JsonNode *peaks = json_object_get_member (from, "peak_tflops");
  g_autofree char *source = NULL;
  JsonObject *sources = json_object_new ();
  const char *fields[] = { "fp16_accumulate_tflops", "memory_bandwidth_gbs" };

  source = g_strdup_printf ("not in the catalog: %s's figures stand in", pp_hardware_spec_get_id (stand_in));
  if (peaks != NULL && JSON_NODE_HOLDS_OBJECT (peaks))
    {
      JsonObject *copy = json_object_new ();

      for (guint p = 0; p < PP_N_PRECISIONS; p++)
        {
          double tflops = _pp_json_get_number (json_node_get_object (peaks), pp_precision_to_string (p));

          if (!isnan (tflops))
            json_object_set_double_member (copy, pp_precision_to_string (p), tflops);
        }
      json_object_set_object_member (object, "peak_tflops", copy);
      json_object_set_string_member (sources, "peak_tflops", source);
    }
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      double v = _pp_json_get_number (from, fields[i]);

      if (!isnan (v))
        {
          json_object_set_double_member (object, fields[i], v);
          json_object_set_string_member (sources, fields[i], source);
        }
    }
  json_object_set_object_member (object, "sources", sources);
}

/**
 * pp_catalog_resolve_hardware:
 * @self: a #PpCatalog
 * @name: (nullable): a device name; %NULL takes the measurement's
 * @measurement: (nullable): a row that may describe the device
 * @error: return location for a #GError
 *
 * Finds a device in the catalog or, failing that, describes it from the
 * `hardware_kind` and `backend` columns of @measurement. The measurement
 * CSV has no columns for a device's peaks or bandwidth, so such a device
 * takes those of a catalog device that stands in for it (see
 * [method@Pp.HardwareSpec.get_stand_in]): the median by fp32 peak of
 * the catalog's devices of its kind, and of its backend when the catalog
 * has any. What the device itself does, a predictor learns from its
 * measurements. A browser backend the catalog does not list runs on
 * device "local", as those it lists do.
 *
 * Returns: (transfer full) (nullable): the device
 */
PpHardwareSpec *
pp_catalog_resolve_hardware (PpCatalog      *self,
                             const char     *name,
                             PpMeasurement  *measurement,
                             GError        **error)
{
  g_autoptr(JsonObject) object = NULL;
  PpHardwareSpec *spec, *stand_in = NULL, *local;
  const char *kind, *backend;
  PpHardwareKind k;

  g_return_val_if_fail (PP_IS_CATALOG (self), NULL);
  g_return_val_if_fail (name != NULL || measurement != NULL, NULL);

  if (name == NULL)
    name = pp_measurement_get_hardware (measurement);

  if ((spec = pp_catalog_lookup_hardware (self, name)))
    return g_object_ref (spec);

  kind = measurement ? pp_measurement_get_string (measurement, PP_COLUMN_HARDWARE_KIND) : NULL;
  if (kind == NULL)
    {
      g_set_error (error, PP_ERROR, PP_ERROR_NOT_FOUND,
                   _("Unknown hardware “%s”; “perfcast-cli catalog hardware” lists the known "
                     "devices, or describe it with the hardware_kind and backend columns"),
                   name);
      return NULL;
    }

  object = json_object_new ();
  json_object_set_string_member (object, "id", name);
  json_object_set_string_member (object, "kind", kind);
  backend = pp_measurement_has_value (measurement, PP_COLUMN_BACKEND) ? pp_measurement_get_backend (measurement)
                                                                       : NULL;
  if (backend != NULL)
    json_object_set_string_member (object, "backend", backend);
  /* Checked here, before a stand-in is looked for by it. */
  if (!pp_hardware_kind_from_string (kind, &k))
    return _pp_hardware_spec_new_from_json (object, error);

  if (k != PP_HARDWARE_KIND_BROWSER && (stand_in = stand_in_for (self, k, backend)))
    take_stand_in (object, stand_in);
  if (!(spec = _pp_hardware_spec_new_from_json (object, error)))
    return NULL;
  if (stand_in != NULL)
    _pp_hardware_spec_set_stand_in (spec, pp_hardware_spec_get_id (stand_in));
  if (k == PP_HARDWARE_KIND_BROWSER && (local = pp_catalog_lookup_hardware (self, "local")))
    _pp_hardware_spec_bind_host (spec, local);

  return spec;
}

/**
 * pp_catalog_resolve_hardware_in_store:
 * @self: a #PpCatalog
 * @name: a device name
 * @store: measurements that may describe the device
 * @error: return location for a #GError
 *
 * Finds a device in the catalog or, failing that, describes it as
 * @store's measurements of it do (see
 * [method@Pp.Catalog.resolve_hardware]): the description a predictor
 * fitted to @store learned the device under, so that a device the
 * catalog does not list can be predicted by its name alone. Rows that
 * describe the device in several ways are a mistake in the data; of
 * the descriptions of the rows a fit learns from, the first by kind,
 * then by backend (none first), is taken, as a fit takes it.
 *
 * Returns: (transfer full) (nullable): the device
 */
PpHardwareSpec *
pp_catalog_resolve_hardware_in_store (PpCatalog           *self,
                                      const char          *name,
                                      PpMeasurementStore  *store,
                                      GError             **error)
{
  g_autoptr(PpMeasurementQuery) query = NULL;
  g_autoptr(GListModel) rows = NULL;
  g_autoptr(GHashTable) seen = NULL;
  g_autoptr(PpHardwareSpec) taken = NULL;
  PpHardwareSpec *spec;
  guint n;

  g_return_val_if_fail (PP_IS_CATALOG (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (PP_IS_MEASUREMENT_STORE (store), NULL);

  if ((spec = pp_catalog_lookup_hardware (self, name)))
    return g_object_ref (spec);

  /* An empty filter would match every row: "" is no device's name. */
  if (name[0] != '\0')
    {
      query = pp_measurement_query_new ();
      pp_measurement_query_set_filter (query, PP_COLUMN_HARDWARE, name);
      if (!(rows = pp_measurement_store_query (store, query, error)))
        return NULL;
    }
  if ((n = rows ? g_list_model_get_n_items (rows) : 0) == 0)
    {
      g_set_error (error, PP_ERROR, PP_ERROR_NOT_FOUND,
                   _("Unknown hardware “%s”: the catalog does not list it and the measurement store has "
                     "no measurements of it"),
                   name);
      return NULL;
    }

  /* Each description once (a device has a row per measurement), from
   * the rows a fit learns from: a fit knows the device by those alone.
   * When it learns from none, the predictor refuses the device for
   * that, whatever it is described as. */
  seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint pass = 0; pass < 2 && taken == NULL; pass++)
    {
      gboolean fitted_only = pass == 0;

      g_hash_table_remove_all (seen);
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(PpMeasurement) row = g_list_model_get_item (rows, i);
          g_autoptr(PpHardwareSpec) described = NULL;
          const char *kind = pp_measurement_get_string (row, PP_COLUMN_HARDWARE_KIND);
          const char *backend = pp_measurement_get_string (row, PP_COLUMN_BACKEND);
          g_autofree char *key = NULL;
          PpHardwareKind k;

          if (kind == NULL || !pp_hardware_kind_from_string (kind, &k))
            continue;
          key = g_strconcat (kind, "\n", backend, NULL);
          if (g_hash_table_contains (seen, key) || (fitted_only && !_pp_measurement_is_fitted (self, row)) ||
              !(described = pp_catalog_resolve_hardware (self, name, row, NULL)))
            continue;
          g_hash_table_add (seen, g_steal_pointer (&key));
          if (taken == NULL ||
              _pp_compare_descriptions (pp_hardware_spec_get_kind (described), pp_hardware_spec_get_backend (described),
                                        pp_hardware_spec_get_kind (taken), pp_hardware_spec_get_backend (taken)) < 0)
            g_set_object (&taken, described);
        }
    }

  if (taken == NULL)
    g_set_error (error, PP_ERROR, PP_ERROR_INVALID_ARGUMENT,
                 g_dngettext (GETTEXT_PACKAGE,
                              "Unknown hardware “%s”: the catalog does not list it, and its %u measurement in "
                              "the store does not say what kind of device it is (hardware_kind: gpu, cpu, npu "
                              "or browser)",
                              "Unknown hardware “%s”: the catalog does not list it, and none of its %u "
                              "measurements in the store says what kind of device it is (hardware_kind: gpu, "
                              "cpu, npu or browser)", n),
                 name, n);

  return g_steal_pointer (&taken);
}

/**
 * pp_catalog_dup_hardware_in_store:
 * @self: a #PpCatalog
 * @store: a measurement store
 * @error: return location for a #GError
 *
 * Lists the devices @store has measurements of, sorted by name, each as
 * [method@Pp.Catalog.resolve_hardware_in_store] finds it: the catalog's
 * own, or as the device's rows describe it. A device whose rows
 * do not say what it is (no `hardware_kind`, or one that is not a kind)
 * is left out, as a fit leaves out its rows.
 *
 * Returns: (transfer full): a list of #PpHardwareSpec, or %NULL when
 *   the store could not be read
 */
GListModel *
pp_catalog_dup_hardware_in_store (PpCatalog           *self,
                                  PpMeasurementStore  *store,
                                  GError             **error)
{
  g_autoptr(GListStore) devices = NULL;
  g_auto(GStrv) names = NULL;

  g_return_val_if_fail (PP_IS_CATALOG (self), NULL);
  g_return_val_if_fail (PP_IS_MEASUREMENT_STORE (store), NULL);

  if (!(names = pp_measurement_store_dup_distinct (store, PP_COLUMN_HARDWARE, error)))
    return NULL;

  devices = g_list_store_new (PP_TYPE_HARDWARE_SPEC);
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autoptr(PpHardwareSpec) spec = NULL;
      g_autoptr(GError) local_error = NULL;

      if ((spec = pp_catalog_resolve_hardware_in_store (self, names[i], store, &local_error)))
        g_list_store_append (devices, spec);
      /* Not described, or described wrong: left out, as its rows are. */
      else if (local_error->domain != PP_ERROR || local_error->code == PP_ERROR_DATABASE)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
    }

  return G_LIST_MODEL (g_steal_pointer (&devices));
}

guint
_pp_catalog_get_generation (PpCatalog *self)
{
  return self->generation;
}
