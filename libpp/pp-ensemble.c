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
#include <xgboost/c_api.h>

#include "pp-error.h"

typedef struct
{
  gint32 left;
  gint32 right;
  guint32 feature;
  /* The split threshold, or at a leaf (left < 0) the leaf's value. */
  float value;
  guint8 default_left;
} Node;

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

  float base_score;
  guint n_features;
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
 * busy. Leaves are summed in tree order, as predict_nodes() does. */
static double
predict_flat (const PpEnsemble *self,
              const float      *features)
{
  guint n = self->n_features;
  guint n_inner = (1u << self->depth) - 1;
  guint n_trees = self->roots->len;
  float slots[2 * MAX_FLAT_FEATURES + 1];
  float sum = self->base_score;
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

      sum += leaves[p0 - n_inner];
      sum += leaves[(n_inner + 1) + p1 - n_inner];
      sum += leaves[2 * (n_inner + 1) + p2 - n_inner];
      sum += leaves[3 * (n_inner + 1) + p3 - n_inner];
      sum += leaves[4 * (n_inner + 1) + p4 - n_inner];
      sum += leaves[5 * (n_inner + 1) + p5 - n_inner];
      sum += leaves[6 * (n_inner + 1) + p6 - n_inner];
      sum += leaves[7 * (n_inner + 1) + p7 - n_inner];
    }

  for (; t < n_trees; t++)
    {
      const FlatSplit *s = self->splits + (gsize)t * n_inner;
      guint pos = 0;

      for (guint d = 0; d < self->depth; d++)
        pos = step (s, slots, pos);
      sum += self->leaves[(gsize)t * (n_inner + 1) + pos - n_inner];
    }

  return sum;
}

/* XGBoost compares in single precision and goes left when the feature is
 * below the threshold, or by the default direction when it is missing. */
static double
predict_nodes (const PpEnsemble *self,
               const float      *features)
{
  const Node *nodes = (const Node *)(gpointer)self->nodes->data;
  const guint32 *roots = (const guint32 *)(gpointer)self->roots->data;
  float sum = self->base_score;

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
      sum += n->value;
    }

  return sum;
}

double
_pp_ensemble_predict (const PpEnsemble *self,
                      const float      *features)
{
  /* Both walks give the same sum, to the bit: the flat one is the fast
   * one. */
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

  if (n == 0 || !right || !feature || !value || !default_left ||
      json_array_get_length (right) != n || json_array_get_length (feature) != n ||
      json_array_get_length (value) != n || json_array_get_length (default_left) != n)
    {
      g_set_error (error, PP_ERROR, PP_ERROR_PARSE, _("a tree of the predictor is malformed"));
      return FALSE;
    }

  for (guint i = 0; i < n; i++)
    {
      Node node = {
        json_array_get_int_element (left, i),
        json_array_get_int_element (right, i),
        json_array_get_int_element (feature, i),
        json_array_get_double_element (value, i),
        json_array_get_int_element (default_left, i) != 0,
      };

      if (node.left >= (gint32)n || node.right >= (gint32)n ||
          (node.left >= 0 && (node.right < 0 || node.feature >= self->n_features)))
        {
          g_set_error (error, PP_ERROR, PP_ERROR_PARSE, _("a tree of the predictor is malformed"));
          return FALSE;
        }
      g_array_append_val (self->nodes, node);
    }

  g_array_append_val (self->roots, root);
  return TRUE;
}

static guint
tree_depth (const Node *nodes,
            gint32      i)
{
  if (nodes[i].left < 0)
    return 0;

  return 1 + MAX (tree_depth (nodes, nodes[i].left), tree_depth (nodes, nodes[i].right));
}

/* Places node @i of a tree at @pos of the perfect layout; a leaf above
 * the bottom fills its whole subtree. */
static void
place (const PpEnsemble *self,
       const Node       *nodes,
       gint32            i,
       guint             pos,
       guint             d,
       FlatSplit        *splits,
       float            *leaves)
{
  guint n_inner = (1u << self->depth) - 1;

  if (d == self->depth)
    {
      leaves[pos - n_inner] = nodes[i].value;
      return;
    }

  if (nodes[i].left < 0)
    {
      splits[pos] = (FlatSplit) { INFINITY, 2 * self->n_features };
      place (self, nodes, i, 2 * pos + 1, d + 1, splits, leaves);
      place (self, nodes, i, 2 * pos + 2, d + 1, splits, leaves);
      return;
    }

  splits[pos] = (FlatSplit) {
    nodes[i].value,
    nodes[i].feature + (nodes[i].default_left ? 0 : self->n_features),
  };
  place (self, nodes, nodes[i].left, 2 * pos + 1, d + 1, splits, leaves);
  place (self, nodes, nodes[i].right, 2 * pos + 2, d + 1, splits, leaves);
}

static void
flatten (PpEnsemble *self)
{
  const Node *all = (const Node *)(gpointer)self->nodes->data;
  guint n_inner;

  self->depth = 0;
  for (guint t = 0; t < self->roots->len; t++)
    self->depth = MAX (self->depth, tree_depth (all + g_array_index (self->roots, guint32, t), 0));

  if (self->depth == 0 || self->depth > MAX_FLAT_DEPTH || self->n_features > MAX_FLAT_FEATURES)
    return;

  n_inner = (1u << self->depth) - 1;
  self->splits = g_new0 (FlatSplit, (gsize)self->roots->len * n_inner);
  self->leaves = g_new0 (float, (gsize)self->roots->len * (n_inner + 1));
  for (guint t = 0; t < self->roots->len; t++)
    place (self, all + g_array_index (self->roots, guint32, t), 0, 0, 0,
           self->splits + (gsize)t * n_inner, self->leaves + (gsize)t * (n_inner + 1));
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

  self->base_score = json_object_get_double_member_with_default (object, "base_score", 0);
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

  if (!json_parser_load_from_data (parser, buf, len, error))
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
