/* pp-hardware-spec.c
 *
 * Copyright 2026 The Perfcast authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "pp-hardware-spec.h"

#include <errno.h>
#include <unistd.h>
#include <sys/file.h>
#include <glib/gstdio.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <math.h>
#include <sched.h>
#include <string.h>

#include "pp-bandwidth-private.h"
#include "pp-catalog-private.h"
#include "pp-error.h"
#include "pp-json-private.h"
#include "pp-util-private.h"

/**
 * PpHardwareSpec:
 *
 * A device: its peak dense FLOP/s per precision, memory size and
 * bandwidth, compute units and power, each value with the source it was
 * taken from (`data/catalog/hardware.json`).
 *
 * Browser backends are devices bound to a host: their peaks are the
 * host's, and what the browser makes of them is learned from
 * measurements, not assumed.
 */

struct _PpHardwareSpec
{
  GObject parent_instance;

  /* Owned */
  JsonObject *json;
  char **aliases;
  PpHardwareSpec *host;

  /* Read from json once: predictions ask for them every time. */
  const char *id;              /* interned */
  const char *stand_in;        /* interned, or NULL */
  double peak_flops[PP_N_PRECISIONS];
  double fp16_accumulate_flops;
  double memory_bandwidth;
  PpHardwareKind kind;
};

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_KIND,
  PROP_BACKEND,
  PROP_MEMORY_GB,
  PROP_BANDWIDTH_GBS,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (PpHardwareSpec, pp_hardware_spec, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];

static const char *kind_names[] = {
  [PP_HARDWARE_KIND_GPU] = "gpu",
  [PP_HARDWARE_KIND_CPU] = "cpu",
  [PP_HARDWARE_KIND_NPU] = "npu",
  [PP_HARDWARE_KIND_BROWSER] = "browser",
};

/**
 * pp_hardware_kind_from_string:
 * @text: "gpu", "cpu", "npu" or "browser"
 * @kind: (out): the kind
 *
 * Returns: %TRUE if @text names a kind
 */
gboolean
pp_hardware_kind_from_string (const char     *text,
                              PpHardwareKind *kind)
{
  g_return_val_if_fail (kind != NULL, FALSE);

  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (kind_names); i++)
    {
      if (g_ascii_strcasecmp (text, kind_names[i]) == 0)
        {
          *kind = (PpHardwareKind)i;
          return TRUE;
        }
    }

  return FALSE;
}

/**
 * pp_hardware_kind_to_string:
 * @kind: a #PpHardwareKind
 *
 * Returns: the name used in the `hardware_kind` column
 */
const char *
pp_hardware_kind_to_string (PpHardwareKind kind)
{
  g_return_val_if_fail ((guint)kind < G_N_ELEMENTS (kind_names), NULL);

  return kind_names[kind];
}

static void
pp_hardware_spec_finalize (GObject *object)
{
  PpHardwareSpec *self = (PpHardwareSpec *)object;

  g_clear_pointer (&self->json, json_object_unref);
  g_clear_pointer (&self->aliases, g_strfreev);
  g_clear_object (&self->host);

  G_OBJECT_CLASS (pp_hardware_spec_parent_class)->finalize (object);
}

static void
pp_hardware_spec_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  PpHardwareSpec *self = PP_HARDWARE_SPEC (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, pp_hardware_spec_get_id (self));
      break;

    case PROP_NAME:
      g_value_set_string (value, pp_hardware_spec_get_name (self));
      break;

    case PROP_KIND:
      g_value_set_string (value, pp_hardware_kind_to_string (self->kind));
      break;

    case PROP_BACKEND:
      g_value_set_string (value, pp_hardware_spec_get_backend (self));
      break;

    case PROP_MEMORY_GB:
      g_value_set_double (value, pp_hardware_spec_get_memory_bytes (self) / (1024.0 * 1024 * 1024));
      break;

    case PROP_BANDWIDTH_GBS:
      g_value_set_double (value, pp_hardware_spec_get_memory_bandwidth (self) / 1e9);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pp_hardware_spec_class_init (PpHardwareSpecClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pp_hardware_spec_finalize;
  object_class->get_property = pp_hardware_spec_get_property;

  /**
   * PpHardwareSpec:id:
   *
   * The catalog id, e.g. "nvidia-h200".
   */
  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * PpHardwareSpec:name:
   *
   * A human-readable name.
   */
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * PpHardwareSpec:kind:
   *
   * The kind's name, as in the `hardware_kind` column.
   */
  properties[PROP_KIND] =
    g_param_spec_string ("kind", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * PpHardwareSpec:backend:
   *
   * The usual backend, e.g. "cuda".
   */
  properties[PROP_BACKEND] =
    g_param_spec_string ("backend", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * PpHardwareSpec:memory-gb:
   *
   * Device memory in GiB, NaN when unknown.
   */
  properties[PROP_MEMORY_GB] =
    g_param_spec_double ("memory-gb", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * PpHardwareSpec:bandwidth-gbs:
   *
   * Memory bandwidth in GB/s, NaN when unknown.
   */
  properties[PROP_BANDWIDTH_GBS] =
    g_param_spec_double ("bandwidth-gbs", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pp_hardware_spec_init (PpHardwareSpec *self)
{
}

/* Every figure of a datasheet is a positive number: a bandwidth or
 * peak of zero or less would give a roofline of no time, or of negative
 * time, and a fit or a ranking built on it. @within names the object
 * @object is, or is NULL at the top. */
static gboolean
check_figures (JsonObject  *object,
               const char  *id,
               const char  *within,
               GError     **error)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &name, &node))
    {
      GType type;
      double value;

      if (within == NULL && JSON_NODE_HOLDS_OBJECT (node))
        {
          if (!check_figures (json_node_get_object (node), id, name, error))
            return FALSE;
          continue;
        }
      if (!JSON_NODE_HOLDS_VALUE (node))
        continue;
      type = json_node_get_value_type (node);
      if (type != G_TYPE_DOUBLE && type != G_TYPE_INT64)
        continue;

      value = json_node_get_double (node);
      if (!(value > 0) || !isfinite (value))
        {
          g_set_error (error, PP_ERROR, PP_ERROR_PARSE,
                       _("hardware “%s” has %s%s%s %g: it must be a positive number"), id,
                       within ? within : "", within ? "." : "", name, value);
          return FALSE;
        }
    }

  return TRUE;
}

PpHardwareSpec *
_pp_hardware_spec_new_from_json (JsonObject  *object,
                                 GError     **error)
{
  PpHardwareSpec *self;
  const char *id = _pp_json_get_string (object, "id");
  const char *kind = _pp_json_get_string (object, "kind");
  JsonNode *peaks;
  PpHardwareKind k;

  if (id == NULL || *id == 0)
    {
      g_set_error (error, PP_ERROR, PP_ERROR_PARSE, _("a hardware entry has no “id”"));
      return NULL;
    }

  if (!pp_hardware_kind_from_string (kind, &k))
    {
      g_set_error (error, PP_ERROR, PP_ERROR_PARSE,
                   _("hardware “%s” has kind “%s”; expected gpu, cpu, npu or browser"),
                   id, kind ? kind : "");
      return NULL;
    }

  if (!check_figures (object, id, NULL, error))
    return NULL;

  self = g_object_new (PP_TYPE_HARDWARE_SPEC, NULL);
  self->json = json_object_ref (object);
  self->aliases = _pp_json_dup_strv (object, "aliases");
  self->id = g_intern_string (id);
  self->kind = k;
  self->memory_bandwidth = _pp_json_get_number (object, "memory_bandwidth_gbs") * 1e9;
  peaks = json_object_get_member (object, "peak_tflops");
  for (guint p = 0; p < PP_N_PRECISIONS; p++)
    self->peak_flops[p] = peaks != NULL && JSON_NODE_HOLDS_OBJECT (peaks)
                          ? _pp_json_get_number (json_node_get_object (peaks), pp_precision_to_string (p)) * 1e12
                          : NAN;
  self->fp16_accumulate_flops = _pp_json_get_number (object, "fp16_accumulate_tflops") * 1e12;

  return self;
}

/* Forgets @self's aliases, before it is added to a catalog. */
void
_pp_hardware_spec_drop_aliases (PpHardwareSpec *self)
{
  g_clear_pointer (&self->aliases, g_strfreev);
  json_object_remove_member (self->json, "aliases");
}

JsonObject *
_pp_hardware_spec_get_json (PpHardwareSpec *self)
{
  return self->json;
}

/* The hardware threads of a CPU (its host's for a browser backend) as
 * the catalog or /proc gives them, or 0 when unknown. */
guint
_pp_hardware_spec_get_threads (PpHardwareSpec *self)
{
  double threads = _pp_json_get_number (self->json, "threads");

  if (!(threads >= 1) && self->host != NULL)
    return _pp_hardware_spec_get_threads (self->host);

  return threads >= 1 && threads <= G_MAXUINT ? (guint)threads : 0;
}

void
_pp_hardware_spec_bind_host (PpHardwareSpec *self,
                             PpHardwareSpec *host)
{
  g_set_object (&self->host, host);
}

/**
 * pp_hardware_spec_get_id:
 * @self: a #PpHardwareSpec
 *
 * Returns: the id
 */
const char *
pp_hardware_spec_get_id (PpHardwareSpec *self)
{
  g_return_val_if_fail (PP_IS_HARDWARE_SPEC (self), NULL);

  return self->id;
}

/**
 * pp_hardware_spec_get_name:
 * @self: a #PpHardwareSpec
 *
 * Returns: a human-readable name
 */
const char *
pp_hardware_spec_get_name (PpHardwareSpec *self)
{
  const char *name;

  g_return_val_if_fail (PP_IS_HARDWARE_SPEC (self), NULL);

  name = _pp_json_get_string (self->json, "name");
  return name ? name : pp_hardware_spec_get_id (self);
}

/**
 * pp_hardware_spec_get_kind:
 * @self: a #PpHardwareSpec
 *
 * Returns: the kind of device
 */
PpHardwareKind
pp_hardware_spec_get_kind (PpHardwareSpec *self)
{
  g_return_val_if_fail (PP_IS_HARDWARE_SPEC (self), PP_HARDWARE_KIND_CPU);

  return self->kind;
}

/**
 * pp_hardware_spec_get_vendor:
 * @self: a #PpHardwareSpec
 *
 * Returns: (nullable): the vendor, e.g. "nvidia"
 */
const char *
pp_hardware_spec_get_vendor (PpHardwareSpec *self)
{
  g_return_val_if_fail (PP_IS_HARDWARE_SPEC (self), NULL);

  return _pp_json_get_string (self->json, "vendor");
}

/**
 * pp_hardware_spec_get_backend:
 * @self: a #PpHardwareSpec
 *
 * Returns: (nullable): the usual backend, e.g. "cuda" or "wasm"
 */
const char *
pp_hardware_spec_get_backend (PpHardwareSpec *self)
{
  g_return_val_if_fail (PP_IS_HARDWARE_SPEC (self), NULL);

  return _pp_json_get_string (self->json, "backend");
}

/**
 * pp_hardware_spec_get_peak_flops:
 * @self: a #PpHardwareSpec
 * @precision: a #PpPrecision
 *
 * Gets the dense peak (no structured sparsity) for @precision, in
 * FLOP/s (operations/s for integer precisions). A browser backend
 * reports its host's peak.
 *
 * Returns: the peak, or NaN when the catalog does not know it
 */
double
pp_hardware_spec_get_peak_flops (PpHardwareSpec *self,
                                 PpPrecision     precision)
{
  g_return_val_if_fail (PP_IS_HARDWARE_SPEC (self), NAN);
  g_return_val_if_fail ((guint)precision < PP_N_PRECISIONS, NAN);

  if (self->kind == PP_HARDWARE_KIND_BROWSER)
    return self->host ? pp_hardware_spec_get_peak_flops (self->host, precision) : NAN;

  return self->peak_flops[precision];
}

/**
 * pp_hardware_spec_get_fp16_accumulate_flops:
 * @self: a #PpHardwareSpec
 *
 * Gets the dense fp16 tensor peak for products that also accumulate in
 * fp16, in FLOP/s.
 *
 * The fp16 peak of [method@Pp.HardwareSpec.get_peak_flops] is for
 * products that accumulate in fp32. NVIDIA's GeForce GPUs run those at
 * half the rate they run products accumulated in fp16 (the GA102 and Ada
 * architecture whitepapers list both); data-center and workstation GPUs
 * run both at one rate, so the catalog gives this for GeForce GPUs only.
 * A browser backend reports its host's.
 *
 * Returns: the peak, or NaN when the catalog gives no separate figure
 */
double
pp_hardware_spec_get_fp16_accumulate_flops (PpHardwareSpec *self)
{
  g_return_val_if_fail (PP_IS_HARDWARE_SPEC (self), NAN);

  if (self->kind == PP_HARDWARE_KIND_BROWSER)
    return self->host ? pp_hardware_spec_get_fp16_accumulate_flops (self->host) : NAN;

  return self->fp16_accumulate_flops;
}

/**
 * pp_hardware_spec_get_memory_bytes:
 * @self: a #PpHardwareSpec
 *
 * The catalog gives memory as the datasheet's nominal size in GB; as
 * vendors do for HBM and GDDR, it is read as GiB.
 *
 * Returns: device memory in bytes, or NaN when unknown
 */
double
pp_hardware_spec_get_memory_bytes (PpHardwareSpec *self)
{
  g_return_val_if_fail (PP_IS_HARDWARE_SPEC (self), NAN);

  if (self->kind == PP_HARDWARE_KIND_BROWSER && self->host != NULL)
    return pp_hardware_spec_get_memory_bytes (self->host);

  return _pp_json_get_number (self->json, "memory_gb") * 1024.0 * 1024.0 * 1024.0;
}

/**
 * pp_hardware_spec_get_memory_bandwidth:
 * @self: a #PpHardwareSpec
 *
 * Returns: memory bandwidth in bytes/s, or NaN when unknown
 */
double
pp_hardware_spec_get_memory_bandwidth (PpHardwareSpec *self)
{
  g_return_val_if_fail (PP_IS_HARDWARE_SPEC (self), NAN);

  if (self->kind == PP_HARDWARE_KIND_BROWSER && self->host != NULL)
    return pp_hardware_spec_get_memory_bandwidth (self->host);

  return self->memory_bandwidth;
}

/**
 * pp_hardware_spec_get_compute_units:
 * @self: a #PpHardwareSpec
 *
 * Returns: SMs, CUs or CPU cores, or 0 when unknown
 */
guint
pp_hardware_spec_get_compute_units (PpHardwareSpec *self)
{
  double v;

  g_return_val_if_fail (PP_IS_HARDWARE_SPEC (self), 0);

  v = _pp_json_get_number (self->json, "compute_units");
  return isnan (v) || v < 0 ? 0 : (guint)v;
}

/**
 * pp_hardware_spec_get_tdp_watts:
 * @self: a #PpHardwareSpec
 *
 * Returns: the thermal design power in watts, or NaN when unknown
 */
double
pp_hardware_spec_get_tdp_watts (PpHardwareSpec *self)
{
  g_return_val_if_fail (PP_IS_HARDWARE_SPEC (self), NAN);

  return _pp_json_get_number (self->json, "tdp_w");
}

/**
 * pp_hardware_spec_get_host:
 * @self: a #PpHardwareSpec
 *
 * Returns: (transfer none) (nullable): the machine a browser backend
 *   runs on, or %NULL
 */
PpHardwareSpec *
pp_hardware_spec_get_host (PpHardwareSpec *self)
{
  g_return_val_if_fail (PP_IS_HARDWARE_SPEC (self), NULL);

  return self->host;
}

/**
 * pp_hardware_spec_get_source:
 * @self: a #PpHardwareSpec
 * @field: a field name such as "peak_tflops" or "memory_bandwidth_gbs"
 *
 * Returns: (nullable): where the catalog's value for @field comes from
 */
const char *
pp_hardware_spec_get_source (PpHardwareSpec *self,
                             const char     *field)
{
  JsonNode *node;

  g_return_val_if_fail (PP_IS_HARDWARE_SPEC (self), NULL);
  g_return_val_if_fail (field != NULL, NULL);

  node = json_object_get_member (self->json, "sources");
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;

  return _pp_json_get_string (json_node_get_object (node), field);
}

/**
 * pp_hardware_spec_get_stand_in:
 * @self: a #PpHardwareSpec
 *
 * Gets the catalog device whose datasheet figures (peaks, memory
 * bandwidth) this device takes, for a device the catalog does not list
 * and a measurement described (see
 * [method@Pp.Catalog.resolve_hardware]).
 *
 * Returns: (nullable): the id of the device standing in, or %NULL when
 *   the figures are this device's own
 */
const char *
pp_hardware_spec_get_stand_in (PpHardwareSpec *self)
{
  g_return_val_if_fail (PP_IS_HARDWARE_SPEC (self), NULL);

  return self->stand_in;
}

/* Says @self, which the catalog does not list, takes @stand_in's
 * figures; set only by pp_catalog_resolve_hardware(), so that no
 * catalog entry passes for a device it does not list. */
void
_pp_hardware_spec_set_stand_in (PpHardwareSpec *self,
                                const char     *stand_in)
{
  self->stand_in = g_intern_string (stand_in);
}

/**
 * pp_hardware_spec_get_aliases:
 * @self: a #PpHardwareSpec
 *
 * Returns: (transfer none) (array zero-terminated=1): other spellings
 *   of the device found in public data
 */
const char * const *
pp_hardware_spec_get_aliases (PpHardwareSpec *self)
{
  g_return_val_if_fail (PP_IS_HARDWARE_SPEC (self), NULL);

  return (const char * const *)self->aliases;
}

/* Local detection --------------------------------------------------- */

typedef struct
{
  char *model_name;
  char *vendor;
  char *flags;
  guint threads;
  guint threads_per_core;
  double mhz;
  double mem_bytes;            /* what a workload here may use */
  double host_mem_bytes;       /* MemTotal: what keys the bandwidth kept */
  gboolean mem_limited;        /* mem_bytes is a control group's limit */
} CpuInfo;

static void
cpu_info_clear (CpuInfo *info)
{
  g_free (info->model_name);
  g_free (info->vendor);
  g_free (info->flags);
}

static const char *
cpuinfo_value (const char *line,
               const char *key)
{
  gsize len = strlen (key);
  const char *colon;

  if (strncmp (line, key, len) != 0 || (line[len] != ' ' && line[len] != '\t' && line[len] != ':'))
    return NULL;

  colon = strchr (line, ':');
  return colon ? g_strstrip ((char *)colon + 1) : NULL;
}

static void
parse_cpuinfo_line (CpuInfo *info,
                    char    *line,
                    guint   *siblings,
                    guint   *cores)
{
  const char *v;

  if ((v = cpuinfo_value (line, "processor")))
    info->threads++;
  else if (!info->model_name && (v = cpuinfo_value (line, "model name")))
    info->model_name = g_strdup (v);
  else if (!info->vendor && (v = cpuinfo_value (line, "vendor_id")))
    info->vendor = g_strdup (v);
  else if (!info->flags && (v = cpuinfo_value (line, "flags")))
    info->flags = g_strdup_printf (" %s ", v);
  else if (info->mhz == 0 && (v = cpuinfo_value (line, "cpu MHz")))
    info->mhz = g_ascii_strtod (v, NULL);
  else if (*siblings == 0 && (v = cpuinfo_value (line, "siblings")))
    *siblings = atoi (v);
  else if (*cores == 0 && (v = cpuinfo_value (line, "cpu cores")))
    *cores = atoi (v);
}

/* One limit file's value in bytes: INFINITY for "max" (version 2), for
 * version 1's "unlimited" (the largest page multiple below 2^63) and
 * for a file that is missing or holds anything else. */
static double
read_limit (const char *path)
{
  g_autofree char *text = NULL;
  guint64 value;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return INFINITY;
  g_strstrip (text);
  if (!g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT64, &value, NULL) || value >= G_GUINT64_CONSTANT (1) << 62)
    return INFINITY;

  return (double)value;
}

/* The least of @file's limits in the control group @path of the
 * hierarchy mounted at @dir and in each group above it. */
static double
least_limit_up (const char *dir,
                const char *path,
                const char *file)
{
  g_autofree char *group = g_strdup (path);
  double least = INFINITY;

  for (;;)
    {
      g_autofree char *limit = g_build_filename (dir, group, file, NULL);
      double value = read_limit (limit);
      char *slash;

      least = MIN (least, value);
      if ((slash = strrchr (group, '/')) == NULL || group[1] == '\0')
        break;
      /* "/a/b" → "/a" → "/" */
      slash[slash == group ? 1 : 0] = '\0';
    }

  return least;
}

/* The memory limit, in bytes, of the control group this process runs
 * in, or INFINITY when none is set: in a container (Docker, Podman,
 * systemd's MemoryMax=) /proc/meminfo gives the host's memory, not what
 * a workload here may use. @cgroup is the text of /proc/self/cgroup,
 * @root where the hierarchies are mounted (/sys/fs/cgroup). Version 2
 * names its group on a line "0::/path" and keeps the limit in
 * memory.max; version 1 on a line "N:memory:/path" (the controller may
 * share it with others, "N:cpu,memory:/path") under memory/, in
 * memory.limit_in_bytes. Every group up to the root may set one, and
 * the least holds. A container with its own cgroup namespace sees its
 * group as "/" and mounted at @root, which this reads the same way;
 * limits set above its namespace's root it cannot see. Version 2 is
 * taken to be mounted at @root, not at @root/unified as hybrid systems
 * mount it, where its memory controller is rarely enabled. */
double
_pp_cgroup_memory_limit (const char *cgroup,
                         const char *root)
{
  g_auto(GStrv) lines = g_strsplit (cgroup, "\n", -1);
  double least = INFINITY;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[i], ":", 3);
      g_auto(GStrv) controllers = NULL;
      double limit;

      /* A group outside this process's cgroup namespace shows as a
       * path up from its root ("/../x"), which is not under @root. */
      if (g_strv_length (fields) != 3 || fields[2][0] != '/' || strstr (fields[2], "/../") != NULL ||
          g_str_has_suffix (fields[2], "/.."))
        continue;
      if (g_str_equal (fields[0], "0") && fields[1][0] == '\0')
        {
          limit = least_limit_up (root, fields[2], "memory.max");
          least = MIN (least, limit);
          continue;
        }
      controllers = g_strsplit (fields[1], ",", -1);
      if (g_strv_contains ((const char * const *)controllers, "memory"))
        {
          g_autofree char *dir = g_build_filename (root, "memory", NULL);

          limit = least_limit_up (dir, fields[2], "memory.limit_in_bytes");
          least = MIN (least, limit);
        }
    }

  return least;
}

/* The CPUs this process may run on: its affinity mask, which a
 * container's CPU set or taskset narrows. Debian 12's GLib 2.74 counts
 * every CPU online whatever the mask: under `taskset -c 0` on this
 * project's 2-CPU machine, nproc said 1 and g_get_num_processors() 2. */
static guint
available_cpus (void)
{
  cpu_set_t set;

  if (sched_getaffinity (0, sizeof set, &set) == 0 && CPU_COUNT (&set) > 0)
    return CPU_COUNT (&set);

  return g_get_num_processors ();
}

static gboolean
read_cpu_info (CpuInfo  *info,
               GError  **error)
{
  g_autofree char *cpuinfo = NULL;
  g_autofree char *meminfo = NULL;
  g_autofree char *cgroup = NULL;
  g_auto(GStrv) lines = NULL;
  guint siblings = 0, cores = 0, available;
  const char *mem;

  if (!g_file_get_contents ("/proc/cpuinfo", &cpuinfo, NULL, error) ||
      !g_file_get_contents ("/proc/meminfo", &meminfo, NULL, error))
    return FALSE;

  lines = g_strsplit (cpuinfo, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    parse_cpuinfo_line (info, lines[i], &siblings, &cores);

  info->threads_per_core = (siblings && cores && siblings >= cores) ? siblings / cores : 1;
  /* A container's CPU set or an affinity mask may give this process
   * fewer CPUs than /proc/cpuinfo lists: those are what a workload here
   * runs on, what the bandwidth is measured on and what the web pool
   * gives its pages. */
  available = available_cpus ();
  if (available > 0 && available < info->threads)
    info->threads = available;
  if ((mem = strstr (meminfo, "MemTotal:")))
    info->mem_bytes = info->host_mem_bytes = g_ascii_strtod (mem + strlen ("MemTotal:"), NULL) * 1024.0;
  /* Inside a container /proc/meminfo still gives the host's memory. */
  if (g_file_get_contents ("/proc/self/cgroup", &cgroup, NULL, NULL))
    {
      double limit = _pp_cgroup_memory_limit (cgroup, "/sys/fs/cgroup");

      if (limit < info->mem_bytes)
        {
          info->mem_bytes = limit;
          info->mem_limited = TRUE;
        }
    }

  if (info->threads == 0 || info->model_name == NULL)
    {
      g_set_error (error, PP_ERROR, PP_ERROR_UNSUPPORTED,
                   _("Could not read the processor from /proc/cpuinfo"));
      return FALSE;
    }

  return TRUE;
}

static gboolean
has_flag (const CpuInfo *info,
          const char    *flag)
{
  g_autofree char *needle = g_strdup_printf (" %s ", flag);

  return info->flags != NULL && strstr (info->flags, needle) != NULL;
}

/* FP32 FLOPs per cycle and core from the vector ISA: two FMA pipes of
 * the widest vector width, two FLOPs per FMA. Sources: Intel 64 and
 * IA-32 Architectures Optimization Reference Manual (two 512-bit FMA
 * units on Xeon Scalable Gold 6xxx/Platinum) and AMD Software
 * Optimization Guide for Family 17h/19h (Zen 1–4 execute AVX-512 and
 * AVX2 on two 256-bit FMA pipes). It is an upper bound: parts with one
 * 512-bit FMA unit reach half of it.
 */
static double
fp32_flops_per_cycle (const CpuInfo *info)
{
  gboolean amd = g_strcmp0 (info->vendor, "AuthenticAMD") == 0;

  if (has_flag (info, "avx512f") && !amd)
    return 64;
  if (has_flag (info, "fma") && has_flag (info, "avx2"))
    return 32;
  if (has_flag (info, "avx"))
    return 16;
  return 8;
}

static JsonObject *
local_peaks (const CpuInfo *info,
             double         cores)
{
  JsonObject *peaks = json_object_new ();
  double fp32 = cores * info->mhz * 1e6 * fp32_flops_per_cycle (info) / 1e12;
  /* AMX tiles: 1024 BF16 FLOPs and 2048 INT8 ops per cycle and core
   * (Intel, "Accelerate AI Workloads with Intel AMX", 2023). AVX-512
   * BF16 and VNNI double the FP32 rate. */
  double bf16 = has_flag (info, "amx_bf16") ? cores * info->mhz * 1e6 * 1024 / 1e12
              : has_flag (info, "avx512_bf16") ? 2 * fp32 : fp32;
  double int8 = has_flag (info, "amx_int8") ? cores * info->mhz * 1e6 * 2048 / 1e12
              : has_flag (info, "avx512_vnni") ? 4 * fp32 : 2 * fp32;

  json_object_set_double_member (peaks, "fp64", fp32 / 2);
  json_object_set_double_member (peaks, "fp32", fp32);
  json_object_set_double_member (peaks, "bf16", bf16);
  json_object_set_double_member (peaks, "fp16", has_flag (info, "avx512_fp16") ? 2 * fp32 : fp32);
  json_object_set_double_member (peaks, "int8", int8);

  return peaks;
}

/* This machine's memory bandwidth --------------------------------- */

#define BANDWIDTH_PASSES 5

/* Guards the measurement this process made, if it made one. */
G_LOCK_DEFINE_STATIC (measured);
static double measured_gbs = NAN;
static char *measured_on;

/* The bandwidth @path holds for this processor, thread count and memory,
 * with when it was measured, or NaN when the file is missing, unreadable
 * or of another machine (a home folder shared by several). */
double
_pp_hardware_spec_read_bandwidth (const char  *path,
                                  const char  *cpu,
                                  guint        threads,
                                  double       memory_bytes,
                                  char       **measured)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *text = NULL;
  JsonObject *object;
  JsonNode *root;
  double gbs;
  gsize length;

  /* An empty file parses, to no root at all. */
  if (!g_file_get_contents (path, &text, &length, NULL) ||
      !_pp_json_parser_load_data (parser, text, length, path, NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NAN;

  object = json_node_get_object (root);
  gbs = _pp_json_get_number (object, "memory_bandwidth_gbs");
  if (g_strcmp0 (_pp_json_get_string (object, "cpu"), cpu) != 0 ||
      _pp_json_get_number (object, "threads") != threads ||
      _pp_json_get_number (object, "memory_bytes") != memory_bytes ||
      _pp_json_get_string (object, "measured") == NULL ||
      !(gbs > 0 && isfinite (gbs)))
    return NAN;

  if (measured)
    *measured = g_strdup (_pp_json_get_string (object, "measured"));
  return gbs;
}

/* Keeps @gbs, measured on @measured, in @path for the next start. */
gboolean
_pp_hardware_spec_write_bandwidth (const char  *path,
                                   const char  *cpu,
                                   guint        threads,
                                   double       memory_bytes,
                                   double       gbs,
                                   const char  *measured,
                                   GError     **error)
{
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *text = NULL;

  json_object_set_string_member (object, "cpu", cpu);
  json_object_set_int_member (object, "threads", threads);
  json_object_set_double_member (object, "memory_bytes", memory_bytes);
  json_object_set_double_member (object, "memory_bandwidth_gbs", gbs);
  json_object_set_string_member (object, "measured", measured);
  json_node_set_object (root, object);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_data (generator, NULL);

  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved), _("Cannot create “%s”: %s"), dir,
                   g_strerror (saved));
      return FALSE;
    }

  return g_file_set_contents (path, text, -1, error);
}

/* Holds an exclusive lock on @path (created if need be) until closed,
 * or returns -1 when it cannot be had: two processes starting on a new
 * machine would otherwise measure at once, each seeing about half the
 * bandwidth, and keep that. */
static int
lock_file (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  int fd;

  if (g_mkdir_with_parents (dir, 0755) != 0 ||
      (fd = g_open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0644)) < 0)
    return -1;

  while (flock (fd, LOCK_EX) != 0)
    {
      if (errno != EINTR)
        {
          close (fd);
          return -1;
        }
    }

  return fd;
}

/* Where the user's cache folder keeps this machine's bandwidth. */
char *
_pp_hardware_spec_dup_bandwidth_path (void)
{
  return g_build_filename (g_get_user_cache_dir (), "perfcast", "local-bandwidth.json", NULL);
}

/* Measures this machine's bandwidth now, in GB/s (NaN when it cannot
 * be), on the threads this process may run on, which a container or an
 * affinity mask can make fewer than /proc/cpuinfo lists; @measured gets
 * when. */
static double
measure_now (const CpuInfo  *info,
             char          **measured)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  guint threads = CLAMP (available_cpus (), 1, 1024);
  double gbs = _pp_bandwidth_measure (threads, _pp_bandwidth_array_bytes (info->mem_bytes), BANDWIDTH_PASSES) / 1e9;

  g_debug ("This machine's memory bandwidth: %.2f GB/s (triad, %u threads)", gbs, threads);
  *measured = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
  return gbs;
}

/* Keeps @gbs for this machine in @path, where it can. */
static void
keep_bandwidth (const char    *path,
                const CpuInfo *info,
                double         gbs,
                const char    *measured)
{
  g_autoptr(GError) error = NULL;
  gsize array_bytes = _pp_bandwidth_array_bytes (info->mem_bytes);

  /* Arrays a small memory limit cut short may fit in the cache and
   * measure it: such a figure serves this process, not later ones. */
  if (array_bytes < PP_BANDWIDTH_MIN_ARRAY_BYTES)
    {
      g_debug ("Not keeping this machine's memory bandwidth: measured over arrays of %.0f MiB, which may fit in "
               "its cache", array_bytes / 1048576.0);
      return;
    }

  if (!_pp_hardware_spec_write_bandwidth (path, info->model_name, info->threads, info->host_mem_bytes, gbs, measured,
                                          &error))
    g_debug ("Could not keep this machine's memory bandwidth: %s", error->message);
}

/* This machine's bandwidth in GB/s, and when it was measured: as the
 * user's cache folder keeps it, or else measured now (about a second,
 * once) and kept there. One process measures while others wait for its
 * figure, and a process measures at most once, even where the cache
 * cannot be written. NaN when the measurement failed. */
static double
local_bandwidth (const CpuInfo  *info,
                 char          **measured)
{
  g_autofree char *path = _pp_hardware_spec_dup_bandwidth_path ();
  g_autofree char *lock_path = g_strconcat (path, ".lock", NULL);
  double gbs;
  int lock;

  if (!isnan (gbs = _pp_hardware_spec_read_bandwidth (path, info->model_name, info->threads, info->host_mem_bytes,
                                                      measured)))
    return gbs;

  G_LOCK (measured);
  lock = lock_file (lock_path);
  /* Another process may have measured while this one waited. */
  if (lock >= 0 &&
      !isnan (gbs = _pp_hardware_spec_read_bandwidth (path, info->model_name, info->threads, info->host_mem_bytes,
                                                      measured)))
    {
      close (lock);
      G_UNLOCK (measured);
      return gbs;
    }

  if (measured_on == NULL)
    measured_gbs = measure_now (info, &measured_on);
  gbs = measured_gbs;
  *measured = g_strdup (measured_on);

  if (!isnan (gbs))
    keep_bandwidth (path, info, gbs, *measured);
  if (lock >= 0)
    close (lock);
  G_UNLOCK (measured);

  return gbs;
}

/**
 * pp_hardware_spec_measure_local_bandwidth:
 * @error: return location for a #GError
 *
 * Measures this machine's memory bandwidth again, as
 * [func@Pp.HardwareSpec.detect_local] does the first time, and keeps the
 * higher of the new figure and the one kept before: a machine busy with
 * other work measures a fraction of its bandwidth (a 2-thread VM 2–4
 * GB/s against 22 GB/s quiet), and the highest measured is the closest
 * to what it has. Devices detected afterwards take the figure kept;
 * `perfcast-cli bench` measures again before each run. Takes about a
 * second, on every thread.
 *
 * Returns: the bandwidth kept, in GB/s, or NaN with @error set when
 *   this machine could not be read or measured
 */
double
pp_hardware_spec_measure_local_bandwidth (GError **error)
{
  g_autofree char *path = _pp_hardware_spec_dup_bandwidth_path ();
  g_autofree char *lock_path = g_strconcat (path, ".lock", NULL);
  g_autofree char *measured = NULL;
  CpuInfo info = { 0 };
  double kept, gbs;
  int lock;

  if (!read_cpu_info (&info, error))
    {
      cpu_info_clear (&info);
      return NAN;
    }

  lock = lock_file (lock_path);
  kept = _pp_hardware_spec_read_bandwidth (path, info.model_name, info.threads, info.host_mem_bytes, NULL);
  gbs = measure_now (&info, &measured);
  if (!isnan (gbs) && !(gbs <= kept))
    {
      keep_bandwidth (path, &info, gbs, measured);
      kept = gbs;
    }
  if (lock >= 0)
    close (lock);
  cpu_info_clear (&info);

  if (isnan (kept))
    g_set_error (error, PP_ERROR, PP_ERROR_UNSUPPORTED,
                 _("Could not measure this machine’s memory bandwidth: its arrays could not be allocated or its "
                   "threads not started"));
  return kept;
}

static JsonObject *
local_sources (const char *bandwidth_measured,
               gboolean    memory_limited)
{
  JsonObject *sources = json_object_new ();
  const char *derived =
    "derived at run time from /proc/cpuinfo: cores x clock x FLOPs/cycle of the vector ISA "
    "(Intel 64 and IA-32 Architectures Optimization Reference Manual; AMD Software "
    "Optimization Guide for Family 19h; Intel AMX overview, 2023)";

  json_object_set_string_member (sources, "peak_tflops", derived);
  json_object_set_string_member (sources, "memory_gb",
                                 memory_limited ? "the memory limit of this process’s control group "
                                                  "(below /proc/meminfo MemTotal, the host’s)"
                                                : "/proc/meminfo MemTotal");
  json_object_set_string_member (sources, "compute_units", "/proc/cpuinfo");
  if (bandwidth_measured)
    {
      g_autofree char *measured =
        g_strdup_printf ("measured on this machine (%s): the STREAM benchmark's triad, a = b + s·c over "
                         "arrays larger than the last-level cache on every thread, best of %u passes "
                         "(McCalpin, IEEE TCCA Newsletter, 1995); kept in the user's cache folder, "
                         "perfcast/local-bandwidth.json, which measures again when deleted",
                         bandwidth_measured, BANDWIDTH_PASSES);

      json_object_set_string_member (sources, "memory_bandwidth_gbs", measured);
    }

  return sources;
}

/**
 * pp_hardware_spec_detect_local:
 * @error: return location for a #GError
 *
 * Describes the machine Perfcast runs on, as device "local": processor,
 * the threads and cores this process may run on (a CPU set or affinity
 * mask may allow fewer than the machine has), memory (in a container,
 * its control group's limit when that is below the host's), an upper bound on its peak FLOP/s derived from its
 * vector instruction set, and its memory bandwidth as measured by the
 * STREAM benchmark's triad kernel on every thread. The first call on a
 * machine measures it, which takes about a second, and keeps it in the
 * user's cache folder (`perfcast/local-bandwidth.json`) for later ones:
 * delete that file to measure again.
 *
 * Returns: (transfer full) (nullable): the local CPU
 */
PpHardwareSpec *
pp_hardware_spec_detect_local (GError **error)
{
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(JsonArray) aliases = json_array_new ();
  g_autofree char *name = NULL;
  g_autofree char *bandwidth_measured = NULL;
  CpuInfo info = { 0 };
  PpHardwareSpec *spec = NULL;
  double cores, gbs;

  if (read_cpu_info (&info, error))
    {
      cores = MAX (1.0, (double)info.threads / info.threads_per_core);
      name = g_strdup_printf (_("This computer: %s, %u threads"), info.model_name, info.threads);
      json_array_add_string_element (aliases, info.model_name);

      json_object_set_string_member (object, "id", "local");
      json_object_set_string_member (object, "name", name);
      json_object_set_string_member (object, "kind", "cpu");
      json_object_set_string_member (object, "vendor", info.vendor ? info.vendor : "");
      json_object_set_string_member (object, "backend", "cpu");
      /* A figure /proc did not give (no "cpu MHz" on POWER, s390x and
       * some VMs) is left out, as unknown, not written as 0. */
      if (info.mhz > 0)
        json_object_set_object_member (object, "peak_tflops", local_peaks (&info, cores));
      if (info.mem_bytes > 0)
        json_object_set_double_member (object, "memory_gb", info.mem_bytes / (1024.0 * 1024 * 1024));
      json_object_set_double_member (object, "compute_units", cores);
      if (info.threads > 0)
        json_object_set_int_member (object, "threads", info.threads);
      if (!isnan (gbs = local_bandwidth (&info, &bandwidth_measured)))
        json_object_set_double_member (object, "memory_bandwidth_gbs", gbs);
      else
        g_clear_pointer (&bandwidth_measured, g_free);
      json_object_set_array_member (object, "aliases", g_steal_pointer (&aliases));
      json_object_set_object_member (object, "sources", local_sources (bandwidth_measured, info.mem_limited));

      spec = _pp_hardware_spec_new_from_json (object, error);
    }

  cpu_info_clear (&info);
  return spec;
}
