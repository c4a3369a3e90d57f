/* pp-fitted-predictor-private.h
 *
 * Copyright 2026 The Perfcast authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "pp-ensemble-private.h"
#include "pp-fitted-predictor.h"
#include "pp-roofline.h"

G_BEGIN_DECLS

/* The features the trees see, in this order. */
typedef enum
{
  FEAT_LOG_BATCH,
  FEAT_LOG_SEQ,
  FEAT_INPUT_SIZE,
  FEAT_PHASE,
  FEAT_ARCH,
  FEAT_LOG_PARAMS,
  FEAT_LAYERS,
  FEAT_LOG_HIDDEN,
  FEAT_KV_RATIO,
  FEAT_PRECISION_BITS,
  FEAT_PRECISION,
  FEAT_KIND,
  FEAT_LOG_PEAK,
  FEAT_LOG_BANDWIDTH,
  FEAT_LOG_FLOPS,
  FEAT_LOG_BYTES,
  FEAT_LOG_INTENSITY,
  FEAT_LOG_COMPUTE_S,
  FEAT_LOG_MEMORY_S,
  FEAT_LOG_ROOFLINE_S,
  FEAT_LOG_OVERHEAD_S,
  FEAT_THREADS,
  FEAT_FRAMEWORK,
  FEAT_FAMILY,
  FEAT_LOG_ACTIVATIONS,
  FEAT_LOG_WEIGHTS,
  FEAT_LOG_KV_CACHE,
  FEAT_MODEL,
  FEAT_HARDWARE,
  FEAT_ANCHOR_GAP,
  FEAT_ANCHOR_RATIO,
  N_FEATURES
} Feature;

/* The features that say how far a workload is from the measured ones:
 * nine numeric ones, standardised, then the model's and the device's
 * vocabulary index, which count as one standard deviation when they
 * differ. */
#define N_DISTANCE_NUMERIC 9
#define N_DISTANCE_FEATURES (N_DISTANCE_NUMERIC + 2)

/* Latency from fixed costs and work at the device's efficiency:
 * t = max (b + c · units, a · roofline) on accelerators, which overlap
 * them, and their sum on CPUs; in seconds. Units of depth are the
 * kernels launched, in encoder layers of 12, on accelerators and the
 * layers on CPUs (fixed_units() in pp-fit.c). */
typedef struct
{
  double a;
  double b;
  double c;
} Overhead;

/* Peak memory from the roofline's parts: weights and KV cache as
 * counted, plus b bytes the runtime holds whatever the model and c times
 * the counted activations (copies the count misses, allocator
 * rounding); fitted per device like Overhead. */
typedef struct
{
  double b;
  double c;
} MemoryFit;

/* Conformal calibration of one kind of prediction: the sorted
 * normalised scores |residual| / sigma of held-out rows, their 90%
 * quantile, and the typical log error at distance d from the data and
 * reach g from the nearest measured batch size of the configuration,
 * exp (sigma_alpha + sigma_beta d + sigma_gamma g), fitted on held-out
 * rows up to max_distance and max_reach. Beyond them it grows linearly,
 * by beyond_beta and beyond_gamma of its value at the edge a unit, no
 * less than the slopes within (see _pp_conformal_sigma()). */
typedef struct
{
  GArray *scores;
  double q90;
  double sigma_alpha;
  double sigma_beta;
  double sigma_gamma;
  double max_distance;
  double max_reach;
  double beyond_beta;
  double beyond_gamma;
} Conformal;

/* What an estimate stands on, from the most direct evidence to the
 * least: the same configuration at other batch sizes, the same at
 * another sequence length (or input size), the same on other
 * devices, the family's models on this device, the device-level fit.
 * Estimates of each calibrate together (Mondrian conformal prediction),
 * apart for each kind of device: their errors are of different sizes. */
#define N_DEVICE_KINDS (PP_HARDWARE_KIND_BROWSER + 1)

typedef enum
{
  BASIS_ANCHORS,
  BASIS_SEQUENCES,
  BASIS_CROSSINGS,
  BASIS_SIBLINGS,
  BASIS_DEVICE,
  N_BASES
} Basis;

/* A held-out row's say in the share of the trees' correction c that is
 * applied: the share that would bring it exactly to its error e, e / c,
 * weighed by |c| (see _pp_tree_votes_best()). */
typedef struct
{
  double ratio;
  double magnitude;
} TreeVote;

/* One thing predicted (latency or memory) in log space. */
typedef struct
{
  /* Corrects workloads whose configuration was measured at other batch
   * sizes; unseen corrects the others, which it learned as if their
   * configuration had never been measured. */
  PpEnsemble *ensemble;
  PpEnsemble *unseen;
  /* The share of each one's correction that is applied, in [0, 1]: the
   * share that brought the calibration folds' held-out rows closest,
   * pooled over every kind of fold with a say, but no more than any of
   * those kinds allows (see _pp_tree_share()); 0: the trees stay out. */
  double anchored_share;
  double unseen_share;
  /* Per basis, one per kind of device and, last, the basis's over every
   * kind (or the pooled one), which a kind with too few held-out rows
   * shares: its scores are the same GArray, referenced. */
  Conformal conformal[N_BASES][N_DEVICE_KINDS + 1];
} Head;

typedef enum
{
  HEAD_LATENCY,
  HEAD_MEMORY,
  N_HEADS
} HeadKind;

/* What its predictions say made them (pp_prediction_get_predictor()). */
#define PP_FITTED_PREDICTOR_NAME "roofline+xgboost"

/* A configuration: what a workload runs as besides its batch size, on
 * which model and device. It keys the tables of measurements below,
 * each of which leaves out or replaces some fields (see pp-fit.c). Names
 * are interned, so that keys compare by pointer: a prediction makes
 * five of them, and joining them as text and hashing that took a sixth
 * of its time. The KV cache's precision is not in it: measurements never
 * set it (the CSV has no such column), and a cache kept narrower changes
 * the count, which anchors and crossings are scaled by. */
typedef struct
{
  const char *model;           /* its id; in siblings, its family */
  const char *device;          /* its id; NULL in crossings */
  const char *framework;       /* "" when none is named */
  double input;                /* the input size, as _pp_key_size() keeps it */
  guint precision;
  guint seq;
  guint phase;
  guint threads;
  guint batch;                 /* in crossings only, else 0 */
} Config;

double      _pp_key_size         (double          input_size);
int         _pp_config_compare   (const Config   *a,
                                  const Config   *b);
guint       _pp_config_hash      (gconstpointer   config);
gboolean    _pp_config_equal     (gconstpointer   a,
                                  gconstpointer   b);
GHashTable *_pp_config_table_new (GDestroyNotify  value_free);

/* Everything a fitted predictor knows; immutable once built, so that
 * predictions can run on any thread, but for the ConfigInfo of
 * configs, which predictions fill in once each, atomically. */
typedef struct
{
  GHashTable *overheads;       /* key → Overhead* */
  GHashTable *memory_fits;     /* key → MemoryFit* */
  GHashTable *device_index;    /* DeviceFits: the two above resolved (see pp-fit.c) */
  const Overhead *overall;     /* borrowed: the fit of every row ("*"), or NULL */
  const MemoryFit *overall_memory_fit; /* borrowed, likewise */
  GPtrArray *frameworks;       /* sorted vocabulary */
  GPtrArray *families;         /* sorted vocabulary */
  GPtrArray *models;           /* sorted vocabulary */
  GPtrArray *devices;          /* sorted vocabulary */
  GHashTable *stand_ins;       /* device the catalog does not list → the device
                                * whose figures it was fitted with */
  GHashTable *word_index[4];   /* interned word → its index + 1 in frameworks,
                                * families, models, devices (built from them) */
  GHashTable *support;         /* Config of model, device and precision → count */
  GHashTable *anchors;         /* Config → GArray of Anchor, by batch */
  GHashTable *shapes;          /* Config less sequence and input → GPtrArray of
                                * Shape: its anchors at each (built from anchors) */
  GHashTable *software;        /* "device\x1fframework" of every measured pair (built
                                * from anchors) */
  /* What runs a workload nobody names the software of (see
   * _pp_model_default_framework()): the framework measured most often
   * on the device with the model, with the model and with its family on
   * the device's backend, on the device; "" for rows that named none. */
  GHashTable *frameworks_by_run;    /* "device|model[|precision]" → framework */
  GHashTable *frameworks_by_model;  /* "backend|model[|precision]" → framework */
  GHashTable *frameworks_by_family; /* "backend|family" → framework */
  GHashTable *frameworks_by_device; /* device id → framework */
  GHashTable *configs;         /* Config of every anchors key → ConfigInfo (built from
                                * the others once the model is whole, see
                                * _pp_model_index_configs()) */
  GHashTable *crossings;       /* Config less device, with batch → GArray of Crossing */
  GHashTable *siblings;        /* Config with the family as model → GArray of Crossing */
  GArray *points;              /* float × N_DISTANCE_FEATURES per row, standardised,
                                * sorted by model and device */
  GArray *blocks;              /* PointBlock: the runs of one model on one device */
  float mean[N_DISTANCE_NUMERIC];
  float scale[N_DISTANCE_NUMERIC];
  double d_ood;
  /* The least ratio of a measured latency to its roofline time among
   * the rows fitted (0 when none had a latency): what the lower end of
   * a latency interval never goes below, times the roofline. */
  double fastest_ratio;
  Head heads[N_HEADS];
  guint n_training;
  guint n_skipped;
} Model;

/* One batch size of a measured configuration (see pp-fit.c). */
typedef struct
{
  double batch;
  double latency;              /* seconds, NaN when not measured */
  double roofline_s;
  double memory;               /* bytes, NaN when not measured */
  double roofline_mem;
  guint n_latency;
  guint n_memory;
} Anchor;

/* The same configuration and batch size measured on another device or,
 * for siblings, by another model of the family on the same device (at
 * any batch size). */
typedef struct
{
  const char *hardware;        /* interned: the device, or the sibling model */
  double batch;
  double latency;              /* seconds, NaN when not measured */
  double roofline_s;
  double layers;
  double kernels;
  double memory;               /* bytes, NaN when not measured */
  double roofline_mem;
  double roofline_activations;
} Crossing;

/* A measurement turned into what fitting needs. */
typedef struct
{
  PpWorkload *workload;
  PpRooflineEstimate roofline;
  char *group;
  double latency_s;            /* NaN when not measured */
  double memory_bytes;         /* NaN when not measured */
} Sample;

/* The analytic value of a head for a query (see _pp_model_base()): the
 * value, the signed log distance to the nearest measured batch size it
 * was read off (NaN when none) and what it stands on. */
typedef struct
{
  double value;
  double gap;
  Basis basis;
} Estimate;

/* What a prediction of one query, with no batch size left out, would
 * otherwise work out twice: the latency estimate, which is both what
 * the anchor features read and the latency head's base, and the
 * features as if the configuration had never been measured, which both
 * heads' unseen ensembles read. It starts zeroed, knowing nothing, and
 * is filled in as they are made; it lives as long as the prediction. */
typedef struct
{
  Estimate latency;
  float unseen[N_FEATURES];
  guint has_latency : 1;
  guint has_unseen : 1;
} Reading;

/* What a query of a measured configuration looks up besides its
 * crossings, and its features that do not depend on the batch size,
 * made once for the model: the lookups took about a tenth of a
 * prediction. Besides the key, they depend on the workload's model and
 * device specs (family, architecture, peak FLOP/s), so the first query
 * fills them in, keeping a reference to its specs, and later ones use
 * them only when theirs are the same objects: a model or device that a
 * changed catalog or a CSV describes anew is looked up afresh. @state
 * goes from CONFIG_EMPTY to CONFIG_FILLING to CONFIG_FILLED once,
 * atomically, so that queries on several threads can share it. */
enum
{
  CONFIG_EMPTY,
  CONFIG_FILLING,
  CONFIG_FILLED
};

/* The nearest measured point at one standardised batch size: its
 * squared distance but for the batch size's term (see pp-fit.c). */
typedef struct
{
  float batch;
  double rest;
} BatchDistance;

/* The crossings (see Model) of one configuration at one batch size. */
typedef struct
{
  guint batch;
  GArray *points;              /* borrowed from the model's crossings */
} CrossingBatch;

typedef struct
{
  int state;
  /* Owned */
  PpModelSpec *spec;
  PpHardwareSpec *hardware;
  /* Borrowed from the model's tables */
  const Overhead *overhead;
  const Overhead *kind_overhead;
  const MemoryFit *memory_fit;
  GArray *anchors;
  GArray *sequences;
  GArray *siblings;
  float features[N_FEATURES];  /* only those that stay the same (see pp-fit.c) */
  GArray *batch_distances;     /* BatchDistance, by batch size (see _pp_query_distance()) */
  GArray *crossings;           /* CrossingBatch, by batch size: the model's crossings
                                * of this configuration (set when the table is built) */
  guint support;
} ConfigInfo;

/* Everything a prediction looks up by name, looked up once. */
typedef struct
{
  const Model *model;
  const ConfigInfo *info;      /* the configuration's, or NULL: look up each */
  PpWorkload *workload;
  const PpRooflineEstimate *roofline;
  guint batch;                 /* the workload's */
  PpHardwareKind kind;         /* its device's */
  gboolean overlap;            /* whether that overlaps fixed costs and work */
  const Overhead *overhead;
  const Overhead *kind_overhead;
  const MemoryFit *memory_fit;  /* the most specific; NULL when too few rows had memory */
  GArray *anchors;             /* this configuration's, or NULL */
  GArray *sequences;           /* the anchors of the same configuration at the
                                * nearest other sequence length or input size
                                * measured for latency, or NULL; read only when
                                * its own anchors say nothing */
  GArray *crossings;           /* on other devices, or NULL */
  GArray *siblings;            /* the family's models here, at every batch size, or NULL */
} Query;

void      _pp_model_index_points       (Model              *model);
void      _pp_model_index_devices      (Model              *model);
void      _pp_model_index_words        (Model              *model);
void      _pp_model_index_shapes       (Model              *model);
void      _pp_model_index_configs      (Model              *model);
void      _pp_query_init               (Query              *query,
                                        const Model        *model,
                                        PpWorkload         *workload,
                                        const PpRooflineEstimate *roofline);
void      _pp_model_free               (Model              *model);
Model    *_pp_model_fit                (GPtrArray          *samples,
                                        guint               n_skipped,
                                        PpFitProgressFunc   progress,
                                        gpointer            progress_data,
                                        GCancellable       *cancellable,
                                        GError            **error);
GPtrArray *_pp_samples_from_measurements (PpCatalog        *catalog,
                                        GListModel         *measurements,
                                        guint              *n_skipped);
void      _pp_sample_free              (Sample             *sample);
gboolean  _pp_measurement_is_fitted    (PpCatalog          *catalog,
                                        PpMeasurement      *m);
gboolean  _pp_model_features           (const Query        *query,
                                        guint               exclude_batch,
                                        gboolean            with_anchors,
                                        float               features[N_FEATURES],
                                        Reading            *reading);
double    _pp_model_base               (const Query        *query,
                                        HeadKind            head,
                                        guint               exclude_batch,
                                        Basis              *basis);
gboolean  _pp_query_has_device_fit     (const Query        *query,
                                        HeadKind            head);
double    _pp_model_predict_log        (const Model        *model,
                                        HeadKind            head,
                                        const Query        *query,
                                        const float         features[N_FEATURES],
                                        Reading            *reading,
                                        Basis              *basis,
                                        double             *reach);
const char *_pp_model_default_framework (const Model *model,
                                         PpWorkload  *workload);
gboolean    _pp_model_knows_framework   (const Model *model,
                                         const char  *framework);
const char *_pp_model_stand_in_of       (const Model *model,
                                         const char  *id);
Basis     _pp_model_basis              (const Model        *model,
                                        HeadKind            head,
                                        const Query        *query,
                                        const float         features[N_FEATURES],
                                        double             *reach);
PpBottleneck _pp_model_bottleneck      (const Query        *query,
                                        double              latency_s);
guint     _pp_model_support            (const Model        *model,
                                        PpWorkload         *workload);
guint     _pp_query_support            (const Query        *query);
gboolean  _pp_model_has_anchors        (const Model        *model,
                                        PpWorkload         *workload);
gboolean  _pp_model_measured           (const Query        *query,
                                        HeadKind            head,
                                        double             *value);
double    _pp_model_distance           (const Model        *model,
                                        const float         features[N_FEATURES]);
double    _pp_query_distance           (const Query        *query,
                                        const float         features[N_FEATURES]);
double    _pp_conformal_sigma          (const Conformal    *conformal,
                                        double              distance,
                                        double              reach);
void      _pp_conformal_share          (Conformal          *cell,
                                        const Conformal    *from);
void      _pp_conformal_choose_slopes  (Conformal          *c,
                                        double              n,
                                        double              sxx,
                                        double              sgg,
                                        double              sxg,
                                        double              sxy,
                                        double              sgy,
                                        double              syy);
double    _pp_tree_votes_best          (GArray             *votes);
double    _pp_tree_votes_no_worse      (GArray             *votes);
double    _pp_tree_share               (GPtrArray          *kinds);
const Model *_pp_fitted_predictor_get_model (PpFittedPredictor *self);
JsonNode *_pp_model_to_json            (const Model        *model);
Model    *_pp_model_from_json          (JsonObject         *object,
                                        GError            **error);

G_END_DECLS
