/* pp-ensemble.c
 *
 * Copyright 2026 The Perfcast authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "pp-ensemble-private.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>
#include <xgboost/c_api.h>

#include "pp-catalog-private.h"
#include "pp-error.h"
#include "pp-json-private.h"

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define HAVE_WIDE_WALK 1
#endif

typedef struct
{
  gint32 left;
  gint32 right;
  guint32 feature;
  /* The split threshold, or at a leaf (left < 0) the leaf's value. */
  float value;
  guint8 default_left;
} Node;

/* The order leaves are summed in, which every walk keeps, so that all
 * give the same sum to the bit: tree t adds to partial sum t mod
 * N_PARTIALS, the partial sums add up in pairs (0 and 8, …, then 0 and
 * 4, …), and the base score comes last. Summed in tree order, the walk
 * of sixteen trees at a time (predict_wide()) ended each group on a chain
 * of sixteen dependent scalar additions; in this order each lane keeps
 * its own sum, in one vector addition per group, and a prediction took
 * about 4% less time. */
#define N_PARTIALS 16

static inline float
sum_partials (float partials[N_PARTIALS],
              float base_score)
{
  for (guint width = N_PARTIALS / 2; width > 0; width /= 2)
    for (guint i = 0; i < width; i++)
      partials[i] += partials[i + width];

  return partials[0] + base_score;
}

/* Trees are walked in a perfect layout of fixed depth: node i's children
 * are 2i+1 and 2i+2, and a leaf higher up is pushed down through splits
 * that always go left. A walk is then `depth` comparisons with no
 * pointers to chase, which is where predictions spend their time.
 *
 * A missing feature (NaN) goes the split's default way. Rather than test
 * for it at every split, a walk reads from a copy of the features laid
 * out as slots: slot f holds feature f with NaN as -inf, which every
 * threshold sends left, and slot n + f holds it with NaN as +inf, which
 * goes right. A split that defaults left reads the first, one that
 * defaults right the second, and each split is one comparison. The last
 * slot holds 0, which the pushed-down splits (threshold +inf) send left
 * whatever the features are. */
#define MAX_FLAT_DEPTH 8
#define MAX_FLAT_FEATURES 64

typedef struct
{
  float threshold;
  guint32 slot;
} FlatSplit;

/* On processors with AVX-512 (F, BW and VL), ensembles no deeper than
 * WIDE_DEPTH are also laid out to be walked sixteen trees at a time,
 * one per lane: that takes half the time of the walk above. A group of
 * sixteen trees keeps, for each node of the perfect layout, one vector
 * of the sixteen thresholds and one of the sixteen features split on,
 * a byte each; then one vector per leaf. A lane's way down picks its
 * node's values out of a level's vectors by blends, and its features
 * out of a table in two registers by a permute, so the walk loads
 * nothing it has to wait for. That table holds 32 floats: the
 * features, then 0 for the pushed-down splits, hence at most
 * WIDE_MAX_FEATURES. The default way of a split is bit 5 of its
 * feature, which the permute ignores.
 *
 * A 300-tree ensemble takes 56 KB in this layout with features in
 * 32-bit lanes, more than the 48 KiB L1 data cache of the development
 * VM's cores, and a walk waits on memory more than on its arithmetic:
 * with features in bytes it takes 42 KB, which fits (a 32 KiB one it
 * would not), and a prediction took 8% less time (the best of four
 * passes over the bundled workloads, 1.64–1.68 µs against 1.79–1.86,
 * alternating). Prefetching the next group made it slower. */
#define WIDE_DEPTH 4
#define WIDE_LANES 16
#define WIDE_INNER ((1u << WIDE_DEPTH) - 1)
#define WIDE_MAX_FEATURES 31
#define WIDE_DEFAULT_RIGHT 32

struct _PpEnsemble
{
  /* All trees' nodes, one after another; roots lists where each starts.
   * This is the form that is saved. */
  GArray *nodes;
  GArray *roots;

  /* The same trees in the perfect layout, or NULL when one is deeper
   * than MAX_FLAT_DEPTH or there are more than MAX_FLAT_FEATURES. */
  FlatSplit *splits;
  float *leaves;
  guint depth;

  /* The same trees in groups of WIDE_LANES (see WIDE_DEPTH), the last
   * padded, or NULL. */
  float *wide_thresholds;
  guint8 *wide_features;
  float *wide_leaves;

  float base_score;
  guint n_features;
  /* The depth of the deepest tree */
  guint deepest;
};

static PpEnsemble *
ensemble_new (guint n_features)
{
  PpEnsemble *self = g_new0 (PpEnsemble, 1);

  self->nodes = g_array_new (FALSE, FALSE, sizeof (Node));
  self->roots = g_array_new (FALSE, FALSE, sizeof (guint32));
  self->n_features = n_features;

  return self;
}

void
_pp_ensemble_free (PpEnsemble *self)
{
  if (self == NULL)
    return;

  g_array_unref (self->nodes);
  g_array_unref (self->roots);
  g_free (self->splits);
  g_free (self->leaves);
  g_aligned_free (self->wide_thresholds);
  g_aligned_free (self->wide_features);
  g_aligned_free (self->wide_leaves);
  g_free (self);
}

guint
_pp_ensemble_get_n_trees (const PpEnsemble *self)
{
  return self->roots->len;
}

static inline guint
step (const FlatSplit *splits,
      const float     *slots,
      guint            pos)
{
  return 2 * pos + 2 - (slots[splits[pos].slot] < splits[pos].threshold);
}

/* Eight trees walked side by side: each step of a walk waits for the
 * loads before it, so interleaving independent walks keeps the CPU
 * busy. Leaves are summed in the order of sum_partials(). */
static double
predict_flat (const PpEnsemble *self,
              const float      *features)
{
  guint n = self->n_features;
  guint n_inner = (1u << self->depth) - 1;
  guint n_trees = self->roots->len;
  float slots[2 * MAX_FLAT_FEATURES + 1];
  float partials[N_PARTIALS] = { 0 };
  guint t = 0;

  for (guint i = 0; i < n; i++)
    {
      gboolean missing = isnan (features[i]);

      slots[i] = missing ? -INFINITY : features[i];
      slots[n + i] = missing ? INFINITY : features[i];
    }
  slots[2 * n] = 0;

  for (; t + 8 <= n_trees; t += 8)
    {
      const FlatSplit *s0 = self->splits + (gsize)t * n_inner;
      const FlatSplit *s1 = s0 + n_inner, *s2 = s1 + n_inner, *s3 = s2 + n_inner;
      const FlatSplit *s4 = s3 + n_inner, *s5 = s4 + n_inner;
      const FlatSplit *s6 = s5 + n_inner, *s7 = s6 + n_inner;
      const float *leaves = self->leaves + (gsize)t * (n_inner + 1);
      /* t is a multiple of 8, so these trees' partial sums follow on. */
      float *sum = partials + t % N_PARTIALS;
      guint p0 = 0, p1 = 0, p2 = 0, p3 = 0, p4 = 0, p5 = 0, p6 = 0, p7 = 0;

      for (guint d = 0; d < self->depth; d++)
        {
          p0 = step (s0, slots, p0);
          p1 = step (s1, slots, p1);
          p2 = step (s2, slots, p2);
          p3 = step (s3, slots, p3);
          p4 = step (s4, slots, p4);
          p5 = step (s5, slots, p5);
          p6 = step (s6, slots, p6);
          p7 = step (s7, slots, p7);
        }

      sum[0] += leaves[p0 - n_inner];
      sum[1] += leaves[(n_inner + 1) + p1 - n_inner];
      sum[2] += leaves[2 * (n_inner + 1) + p2 - n_inner];
      sum[3] += leaves[3 * (n_inner + 1) + p3 - n_inner];
      sum[4] += leaves[4 * (n_inner + 1) + p4 - n_inner];
      sum[5] += leaves[5 * (n_inner + 1) + p5 - n_inner];
      sum[6] += leaves[6 * (n_inner + 1) + p6 - n_inner];
      sum[7] += leaves[7 * (n_inner + 1) + p7 - n_inner];
    }

  for (; t < n_trees; t++)
    {
      const FlatSplit *s = self->splits + (gsize)t * n_inner;
      guint pos = 0;

      for (guint d = 0; d < self->depth; d++)
        pos = step (s, slots, pos);
      partials[t % N_PARTIALS] += self->leaves[(gsize)t * (n_inner + 1) + pos - n_inner];
    }

  return sum_partials (partials, self->base_score);
}

/* XGBoost compares in single precision and goes left when the feature is
 * below the threshold, or by the default direction when it is missing.
 * Leaves are summed in the order of sum_partials(). */
static double
predict_nodes (const PpEnsemble *self,
               const float      *features)
{
  const Node *nodes = (const Node *)(gpointer)self->nodes->data;
  const guint32 *roots = (const guint32 *)(gpointer)self->roots->data;
  float partials[N_PARTIALS] = { 0 };

  for (guint t = 0; t < self->roots->len; t++)
    {
      const Node *n = &nodes[roots[t]];

      while (n->left >= 0)
        {
          float x = features[n->feature];
          gint32 next = isnan (x) ? (n->default_left ? n->left : n->right)
                                  : (x < n->value ? n->left : n->right);

          n = &nodes[roots[t] + next];
        }
      partials[t % N_PARTIALS] += n->value;
    }

  return sum_partials (partials, self->base_score);
}

#ifdef HAVE_WIDE_WALK
#define WIDE_INLINE static inline __attribute__ ((target ("avx512f,avx512bw,avx512vl"), always_inline))

/* The value at the node each lane is at on level 1, 2, 3 or 4 of its
 * tree, given the vectors of that level's nodes at @v, in order, and
 * the ways the lanes went on the levels above (@left[k] has the lanes
 * that went left on level k): the first half of the vectors is the
 * left subtree's. */
WIDE_INLINE __m512
pick1 (const float     *v,
       const __mmask16 *left)
{
  return _mm512_mask_blend_ps (left[0], _mm512_load_ps (v + WIDE_LANES), _mm512_load_ps (v));
}

WIDE_INLINE __m512
pick2 (const float     *v,
       const __mmask16 *left)
{
  return _mm512_mask_blend_ps (left[0], pick1 (v + 2 * WIDE_LANES, left + 1), pick1 (v, left + 1));
}

WIDE_INLINE __m512
pick3 (const float     *v,
       const __mmask16 *left)
{
  return _mm512_mask_blend_ps (left[0], pick2 (v + 4 * WIDE_LANES, left + 1), pick2 (v, left + 1));
}

WIDE_INLINE __m512
pick4 (const float     *v,
       const __mmask16 *left)
{
  return _mm512_mask_blend_ps (left[0], pick3 (v + 8 * WIDE_LANES, left + 1), pick3 (v, left + 1));
}

/* The feature each lane splits on at its node, as pick1() to pick3()
 * but from vectors of bytes. */
WIDE_INLINE __m128i
pick_byte1 (const guint8    *v,
            const __mmask16 *left)
{
  return _mm_mask_blend_epi8 (left[0], _mm_load_si128 ((const __m128i *)(gconstpointer)(v + WIDE_LANES)),
                              _mm_load_si128 ((const __m128i *)(gconstpointer)v));
}

WIDE_INLINE __m128i
pick_byte2 (const guint8    *v,
            const __mmask16 *left)
{
  return _mm_mask_blend_epi8 (left[0], pick_byte1 (v + 2 * WIDE_LANES, left + 1), pick_byte1 (v, left + 1));
}

WIDE_INLINE __m128i
pick_byte3 (const guint8    *v,
            const __mmask16 *left)
{
  return _mm_mask_blend_epi8 (left[0], pick_byte2 (v + 4 * WIDE_LANES, left + 1), pick_byte2 (v, left + 1));
}

/* The lanes that go left at splits of @thresholds on @features, whose
 * values are in @lo and @hi. A missing feature goes the default way:
 * "not greater or equal" holds for NaN, "less than" does not. */
WIDE_INLINE __mmask16
go_left (__m512  lo,
         __m512  hi,
         __m512  thresholds,
         __m128i features)
{
  /* maskz: the plain form trips a false -Wmaybe-uninitialized in GCC 12 */
  __m512i index = _mm512_maskz_cvtepu8_epi32 ((__mmask16)0xffff, features);
  __m512 x = _mm512_permutex2var_ps (lo, index, hi);
  __mmask16 right = _mm512_test_epi32_mask (index, _mm512_set1_epi32 (WIDE_DEFAULT_RIGHT));

  return _mm512_mask_cmp_ps_mask ((__mmask16)~right, x, thresholds, _CMP_NGE_UQ) |
         _mm512_mask_cmp_ps_mask (right, x, thresholds, _CMP_LT_OQ);
}

/* Tree t is in lane t mod 16 of its group, so each lane sums one of
 * sum_partials()'s partial sums, in tree order. A padding lane adds its
 * leaf 0 to a partial sum that is never -0 (it starts at +0), which
 * leaves it as it was. */
G_STATIC_ASSERT (WIDE_LANES == N_PARTIALS);

__attribute__ ((target ("avx512f,avx512bw,avx512vl")))
static double
predict_wide (const PpEnsemble *self,
              const float      *features)
{
  float table[2 * WIDE_LANES] __attribute__ ((aligned (64))) = { 0 };
  float partials[N_PARTIALS] __attribute__ ((aligned (64)));
  guint n_trees = self->roots->len;
  __m512 sums = _mm512_setzero_ps ();
  __m512 lo, hi;

  memcpy (table, features, self->n_features * sizeof (float));
  lo = _mm512_load_ps (table);
  hi = _mm512_load_ps (table + WIDE_LANES);

  for (guint t = 0; t < n_trees; t += WIDE_LANES)
    {
      const float *thresholds = self->wide_thresholds + (gsize)t * WIDE_INNER;
      const guint8 *split_on = self->wide_features + (gsize)t * WIDE_INNER;
      __mmask16 left[WIDE_DEPTH];

      /* Level d's nodes start at node 2^d - 1. */
      left[0] = go_left (lo, hi, _mm512_load_ps (thresholds),
                         _mm_load_si128 ((const __m128i *)(gconstpointer)split_on));
      left[1] = go_left (lo, hi, pick1 (thresholds + 1 * WIDE_LANES, left),
                         pick_byte1 (split_on + 1 * WIDE_LANES, left));
      left[2] = go_left (lo, hi, pick2 (thresholds + 3 * WIDE_LANES, left),
                         pick_byte2 (split_on + 3 * WIDE_LANES, left));
      left[3] = go_left (lo, hi, pick3 (thresholds + 7 * WIDE_LANES, left),
                         pick_byte3 (split_on + 7 * WIDE_LANES, left));
      sums = _mm512_add_ps (sums, pick4 (self->wide_leaves + (gsize)t * (WIDE_INNER + 1), left));
    }

  _mm512_store_ps (partials, sums);
  return sum_partials (partials, self->base_score);
}
#endif

double
_pp_ensemble_predict (const PpEnsemble *self,
                      const float      *features)
{
  /* Every walk gives the same sum, to the bit: the wide one is the
   * fastest, then the flat one. */
#ifdef HAVE_WIDE_WALK
  if (self->wide_thresholds != NULL)
    return predict_wide (self, features);
#endif
  if (self->splits != NULL)
    return predict_flat (self, features);

  return predict_nodes (self, features);
}


static JsonArray *
member_array (JsonObject *object,
              const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

/* Element @i of @array as a number (see _pp_json_node_get_number()),
 * or a boolean as 0 or 1: XGBoost writes default_left either way. */
static gboolean
element_number (JsonArray *array,
                guint      i,
                double    *out)
{
  JsonNode *node = json_array_get_element (array, i);

  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    {
      *out = json_node_get_boolean (node);
      return TRUE;
    }

  return _pp_json_node_get_number (node, out);
}

static gboolean
element_index (JsonArray *array,
               guint      i,
               gint32     limit,
               gint32    *out)
{
  double v;

  if (!element_number (array, i, &v) || v != floor (v) || v < -1 || v >= limit)
    return FALSE;

  *out = (gint32)v;
  return TRUE;
}

/* Appends a tree read from XGBoost's arrays. XGBoost numbers a node's
 * children after it, so a tree is accepted only in that form, each node
 * the child of one parent at most: walks then always end, and the depth
 * comes out of one pass from the last node back, without recursion (a
 * damaged saved fit with a loop in a tree would otherwise never end, or
 * overflow the stack). */
static gboolean
append_tree (PpEnsemble  *self,
             JsonObject  *tree,
             GError     **error)
{
  JsonArray *left = member_array (tree, "left_children");
  JsonArray *right = member_array (tree, "right_children");
  JsonArray *feature = member_array (tree, "split_indices");
  JsonArray *value = member_array (tree, "split_conditions");
  JsonArray *default_left = member_array (tree, "default_left");
  guint n = left ? json_array_get_length (left) : 0;
  guint32 root = self->nodes->len;
  g_autofree guint8 *parents = NULL;
  g_autofree guint *depths = NULL;

  if (n == 0 || n > G_MAXINT32 || !right || !feature || !value || !default_left ||
      json_array_get_length (right) != n || json_array_get_length (feature) != n ||
      json_array_get_length (value) != n || json_array_get_length (default_left) != n)
    goto malformed;

  parents = g_new0 (guint8, n);
  for (guint i = 0; i < n; i++)
    {
      Node node = { 0 };
      double split_feature, split_value, default_value;

      if (!element_index (left, i, n, &node.left) || !element_index (right, i, n, &node.right) ||
          !element_number (feature, i, &split_feature) ||
          !element_number (value, i, &split_value) ||
          !element_number (default_left, i, &default_value))
        goto malformed;

      /* A leaf's feature is not read. */
      if (node.left >= 0)
        {
          if (node.left <= (gint32)i || node.right <= (gint32)i || node.left == node.right ||
              parents[node.left]++ > 0 || parents[node.right]++ > 0 ||
              split_feature != floor (split_feature) || split_feature < 0 ||
              split_feature >= self->n_features)
            goto malformed;
          node.feature = split_feature;
        }
      node.value = split_value;
      node.default_left = default_value != 0;
      g_array_append_val (self->nodes, node);
    }

  depths = g_new0 (guint, n);
  for (guint i = n; i-- > 0;)
    {
      const Node *node = &g_array_index (self->nodes, Node, root + i);

      if (node->left >= 0)
        depths[i] = 1 + MAX (depths[node->left], depths[node->right]);
    }
  self->deepest = MAX (self->deepest, depths[0]);

  g_array_append_val (self->roots, root);
  return TRUE;

malformed:
  g_array_set_size (self->nodes, root);
  g_set_error (error, PP_ERROR, PP_ERROR_PARSE, _("a tree of the predictor is malformed"));
  return FALSE;
}

/* Places node @i of a tree at @pos of the perfect layout @depth deep; a
 * leaf above the bottom fills its whole subtree. */
static void
place (const PpEnsemble *self,
       const Node       *nodes,
       gint32            i,
       guint             pos,
       guint             d,
       guint             depth,
       FlatSplit        *splits,
       float            *leaves)
{
  guint n_inner = (1u << depth) - 1;

  if (d == depth)
    {
      leaves[pos - n_inner] = nodes[i].value;
      return;
    }

  if (nodes[i].left < 0)
    {
      splits[pos] = (FlatSplit) { INFINITY, 2 * self->n_features };
      place (self, nodes, i, 2 * pos + 1, d + 1, depth, splits, leaves);
      place (self, nodes, i, 2 * pos + 2, d + 1, depth, splits, leaves);
      return;
    }

  splits[pos] = (FlatSplit) {
    nodes[i].value,
    nodes[i].feature + (nodes[i].default_left ? 0 : self->n_features),
  };
  place (self, nodes, nodes[i].left, 2 * pos + 1, d + 1, depth, splits, leaves);
  place (self, nodes, nodes[i].right, 2 * pos + 2, d + 1, depth, splits, leaves);
}

#ifdef HAVE_WIDE_WALK
/* Lays the trees out for predict_wide(): each placed WIDE_DEPTH deep,
 * then spread over its group's vectors at its lane. */
static void
flatten_wide (PpEnsemble *self)
{
  const Node *all = (const Node *)(gpointer)self->nodes->data;
  guint n_groups = (self->roots->len + WIDE_LANES - 1) / WIDE_LANES;
  gsize n_slots = (gsize)n_groups * WIDE_LANES;
  guint8 *features;

  self->wide_thresholds = g_aligned_alloc (n_slots * WIDE_INNER, sizeof (float), 64);
  self->wide_features = g_aligned_alloc (n_slots * WIDE_INNER, sizeof (guint8), 64);
  self->wide_leaves = g_aligned_alloc0 (n_slots * (WIDE_INNER + 1), sizeof (float), 64);
  features = self->wide_features;

  for (guint t = 0; t < n_slots; t++)
    {
      FlatSplit splits[WIDE_INNER];
      float leaves[WIDE_INNER + 1] = { 0 };
      gsize group = (gsize)(t / WIDE_LANES) * WIDE_LANES;
      guint lane = t % WIDE_LANES;

      /* Padding lanes go left, to a leaf of 0 (see predict_wide()). */
      for (guint i = 0; i < WIDE_INNER; i++)
        splits[i] = (FlatSplit) { INFINITY, 2 * self->n_features };
      if (t < self->roots->len)
        place (self, all + g_array_index (self->roots, guint32, t), 0, 0, 0, WIDE_DEPTH,
               splits, leaves);

      for (guint i = 0; i < WIDE_INNER; i++)
        {
          gsize at = group * WIDE_INNER + i * WIDE_LANES + lane;
          guint slot = splits[i].slot;

          /* The flat layout's slots (see MAX_FLAT_DEPTH): feature f
           * defaulting left, n + f defaulting right, 2n for 0. */
          self->wide_thresholds[at] = splits[i].threshold;
          if (slot == 2 * self->n_features)
            features[at] = self->n_features;
          else if (slot >= self->n_features)
            features[at] = (slot - self->n_features) | WIDE_DEFAULT_RIGHT;
          else
            features[at] = slot;
        }
      for (guint i = 0; i <= WIDE_INNER; i++)
        self->wide_leaves[group * (WIDE_INNER + 1) + i * WIDE_LANES + lane] = leaves[i];
    }
}
#endif

static void
flatten (PpEnsemble *self)
{
  const Node *all = (const Node *)(gpointer)self->nodes->data;
  guint n_inner;

  self->depth = self->deepest;

  if (self->depth == 0 || self->depth > MAX_FLAT_DEPTH || self->n_features > MAX_FLAT_FEATURES)
    return;

  n_inner = (1u << self->depth) - 1;
  self->splits = g_new0 (FlatSplit, (gsize)self->roots->len * n_inner);
  self->leaves = g_new0 (float, (gsize)self->roots->len * (n_inner + 1));
  for (guint t = 0; t < self->roots->len; t++)
    place (self, all + g_array_index (self->roots, guint32, t), 0, 0, 0, self->depth,
           self->splits + (gsize)t * n_inner, self->leaves + (gsize)t * (n_inner + 1));

#ifdef HAVE_WIDE_WALK
  if (self->depth <= WIDE_DEPTH && self->n_features <= WIDE_MAX_FEATURES &&
      __builtin_cpu_supports ("avx512f") && __builtin_cpu_supports ("avx512bw") &&
      __builtin_cpu_supports ("avx512vl"))
    flatten_wide (self);
#endif
}

/* Reads our own form (see _pp_ensemble_to_json) or XGBoost's JSON model,
 * which share the per-tree arrays. */
PpEnsemble *
_pp_ensemble_from_json (JsonNode  *node,
                        guint      n_features,
                        GError   **error)
{
  g_autoptr(PpEnsemble) self = ensemble_new (n_features);
  JsonObject *object;
  JsonArray *trees;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node) ||
      !(trees = member_array ((object = json_node_get_object (node)), "trees")))
    {
      g_set_error (error, PP_ERROR, PP_ERROR_PARSE, _("the predictor has no trees"));
      return NULL;
    }

  if (json_object_has_member (object, "base_score"))
    {
      double base_score;

      if (!_pp_json_node_get_number (json_object_get_member (object, "base_score"), &base_score))
        {
          g_set_error (error, PP_ERROR, PP_ERROR_PARSE, _("the predictor’s base score is not a number"));
          return NULL;
        }
      self->base_score = base_score;
    }
  for (guint i = 0; i < json_array_get_length (trees); i++)
    {
      JsonNode *tree = json_array_get_element (trees, i);

      if (!JSON_NODE_HOLDS_OBJECT (tree) || !append_tree (self, json_node_get_object (tree), error))
        return NULL;
    }

  flatten (self);
  return g_steal_pointer (&self);
}

static JsonArray *
tree_array (const PpEnsemble *self,
            guint             start,
            guint             end,
            int               field)
{
  JsonArray *array = json_array_sized_new (end - start);

  for (guint i = start; i < end; i++)
    {
      const Node *n = &g_array_index (self->nodes, Node, i);

      switch (field)
        {
        case 0: json_array_add_int_element (array, n->left); break;
        case 1: json_array_add_int_element (array, n->right); break;
        case 2: json_array_add_int_element (array, n->feature); break;
        case 3: json_array_add_double_element (array, n->value); break;
        default: json_array_add_int_element (array, n->default_left); break;
        }
    }

  return array;
}

JsonNode *
_pp_ensemble_to_json (const PpEnsemble *self)
{
  static const char *fields[] = { "left_children", "right_children", "split_indices",
                                  "split_conditions", "default_left" };
  JsonObject *object = json_object_new ();
  JsonArray *trees = json_array_new ();
  JsonNode *node;

  for (guint t = 0; t < self->roots->len; t++)
    {
      guint start = g_array_index (self->roots, guint32, t);
      guint end = t + 1 < self->roots->len ? g_array_index (self->roots, guint32, t + 1) : self->nodes->len;
      JsonObject *tree = json_object_new ();

      for (guint f = 0; f < G_N_ELEMENTS (fields); f++)
        json_object_set_array_member (tree, fields[f], tree_array (self, start, end, f));
      json_array_add_object_element (trees, tree);
    }

  json_object_set_double_member (object, "base_score", self->base_score);
  json_object_set_array_member (object, "trees", trees);

  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, object);
  return node;
}

static gboolean
xgb_check (int       rc,
           GError  **error)
{
  if (rc == 0)
    return TRUE;

  g_set_error (error, PP_ERROR, PP_ERROR_FAILED, _("XGBoost failed: %s"), XGBGetLastError ());
  return FALSE;
}

static gboolean
set_params (BoosterHandle            booster,
            const PpEnsembleParams  *params,
            GError                 **error)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  g_autofree char *depth = g_strdup_printf ("%u", params->max_depth);

  /* Exact splits on one thread with a fixed seed: the same data always
   * gives the same trees, so predictions are reproducible. */
  return xgb_check (XGBoosterSetParam (booster, "tree_method", "exact"), error) &&
         xgb_check (XGBoosterSetParam (booster, "nthread", "1"), error) &&
         xgb_check (XGBoosterSetParam (booster, "seed", "0"), error) &&
         xgb_check (XGBoosterSetParam (booster, "objective", "reg:squarederror"), error) &&
         xgb_check (XGBoosterSetParam (booster, "base_score", "0"), error) &&
         xgb_check (XGBoosterSetParam (booster, "max_depth", depth), error) &&
         xgb_check (XGBoosterSetParam (booster, "eta", g_ascii_dtostr (buf, sizeof buf, params->eta)), error) &&
         xgb_check (XGBoosterSetParam (booster, "min_child_weight",
                                       g_ascii_dtostr (buf, sizeof buf, params->min_child_weight)), error) &&
         xgb_check (XGBoosterSetParam (booster, "lambda", g_ascii_dtostr (buf, sizeof buf, params->lambda)), error) &&
         xgb_check (XGBoosterSetParam (booster, "verbosity", "0"), error);
}

static PpEnsemble *
booster_to_ensemble (BoosterHandle   booster,
                     guint           n_features,
                     GError        **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  const char *buf = NULL;
  bst_ulong len = 0;
  JsonNode *model;

  if (!xgb_check (XGBoosterSaveModelToBuffer (booster, "{\"format\": \"json\"}", &len, &buf), error))
    return NULL;

  if (!_pp_json_parser_load_data (parser, buf, len, "XGBoost", error))
    return NULL;

  model = json_object_get_member (json_node_get_object (json_parser_get_root (parser)), "learner");
  model = model ? json_object_get_member (json_node_get_object (model), "gradient_booster") : NULL;
  model = model ? json_object_get_member (json_node_get_object (model), "model") : NULL;

  /* base_score was set to 0, so the trees carry the whole prediction. */
  return _pp_ensemble_from_json (model, n_features, error);
}

PpEnsemble *
_pp_ensemble_train (const float             *features,
                    const float             *labels,
                    guint                    n_rows,
                    guint                    n_features,
                    const PpEnsembleParams  *params,
                    GError                 **error)
{
  DMatrixHandle matrix = NULL;
  BoosterHandle booster = NULL;
  PpEnsemble *ret = NULL;

  if (!xgb_check (XGDMatrixCreateFromMat (features, n_rows, n_features, NAN, &matrix), error))
    return NULL;

  if (xgb_check (XGDMatrixSetFloatInfo (matrix, "label", labels, n_rows), error) &&
      xgb_check (XGBoosterCreate (&matrix, 1, &booster), error) &&
      set_params (booster, params, error))
    {
      gboolean ok = TRUE;

      for (guint i = 0; ok && i < params->rounds; i++)
        ok = xgb_check (XGBoosterUpdateOneIter (booster, i, matrix), error);
      if (ok)
        ret = booster_to_ensemble (booster, n_features, error);
    }

  if (booster != NULL)
    XGBoosterFree (booster);
  XGDMatrixFree (matrix);

  return ret;
}
