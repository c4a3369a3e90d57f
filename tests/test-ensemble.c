/* test-ensemble.c: the tree walks against XGBoost's rules, read from the
 * trees' arrays by the plainest walk there is.
 *
 * Copyright 2026 The Perfcast authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <libpp.h>
#include <math.h>

#include "pp-ensemble-private.h"

#define N_FEATURES 6

typedef struct
{
  GArray *left;
  GArray *right;
  GArray *feature;
  GArray *value;
  GArray *default_left;
} Tree;

static void
tree_clear (Tree *tree)
{
  g_clear_pointer (&tree->left, g_array_unref);
  g_clear_pointer (&tree->right, g_array_unref);
  g_clear_pointer (&tree->feature, g_array_unref);
  g_clear_pointer (&tree->value, g_array_unref);
  g_clear_pointer (&tree->default_left, g_array_unref);
}

/* Thresholds are quarter steps in [-2, 2], so that features drawn from
 * the same steps land on them exactly: equal goes right. */
static float
random_step (void)
{
  return g_test_rand_int_range (-8, 9) / 4.0f;
}

/* Appends a node and, unless it is a leaf, its subtrees; returns its
 * index. Subtrees stop early at random, so trees are ragged. */
static gint32
grow (Tree  *tree,
      guint  depth,
      guint  max_depth)
{
  gint32 i = tree->left->len;
  gint32 none = -1;
  gboolean leaf = depth == max_depth || (depth > 0 && g_test_rand_int_range (0, 4) == 0);
  float value = leaf ? (float)g_test_rand_double_range (-1, 1) : random_step ();
  gint32 feature = leaf ? 0 : g_test_rand_int_range (0, N_FEATURES);
  gint32 default_left = g_test_rand_bit ();

  g_array_append_val (tree->left, none);
  g_array_append_val (tree->right, none);
  g_array_append_val (tree->feature, feature);
  g_array_append_val (tree->value, value);
  g_array_append_val (tree->default_left, default_left);

  if (!leaf)
    {
      gint32 l = grow (tree, depth + 1, max_depth);
      gint32 r = grow (tree, depth + 1, max_depth);

      g_array_index (tree->left, gint32, i) = l;
      g_array_index (tree->right, gint32, i) = r;
    }

  return i;
}

static void
random_tree (Tree  *tree,
             guint  max_depth)
{
  tree->left = g_array_new (FALSE, FALSE, sizeof (gint32));
  tree->right = g_array_new (FALSE, FALSE, sizeof (gint32));
  tree->feature = g_array_new (FALSE, FALSE, sizeof (gint32));
  tree->value = g_array_new (FALSE, FALSE, sizeof (float));
  tree->default_left = g_array_new (FALSE, FALSE, sizeof (gint32));
  grow (tree, 0, max_depth);
}

static JsonArray *
int_array (GArray *values)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; i < values->len; i++)
    json_array_add_int_element (array, g_array_index (values, gint32, i));
  return array;
}

static JsonNode *
trees_to_json (const Tree *trees,
               guint       n_trees,
               float       base_score)
{
  JsonObject *object = json_object_new ();
  JsonArray *array = json_array_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  for (guint t = 0; t < n_trees; t++)
    {
      JsonObject *tree = json_object_new ();
      JsonArray *values = json_array_new ();

      for (guint i = 0; i < trees[t].value->len; i++)
        json_array_add_double_element (values, g_array_index (trees[t].value, float, i));
      json_object_set_array_member (tree, "left_children", int_array (trees[t].left));
      json_object_set_array_member (tree, "right_children", int_array (trees[t].right));
      json_object_set_array_member (tree, "split_indices", int_array (trees[t].feature));
      json_object_set_array_member (tree, "split_conditions", values);
      json_object_set_array_member (tree, "default_left", int_array (trees[t].default_left));
      json_array_add_object_element (array, tree);
    }

  json_object_set_double_member (object, "base_score", base_score);
  json_object_set_array_member (object, "trees", array);
  json_node_take_object (node, object);
  return node;
}

/* XGBoost's rule, node by node: a missing feature takes the default
 * way, any other goes left when below the threshold. Sums in single
 * precision, in the order every walk keeps (see sum_partials() in
 * pp-ensemble.c): tree t into partial sum t mod 16, the sixteen added
 * in pairs, then the base score. */
static float
reference_walk (const Tree  *trees,
                guint        n_trees,
                float        base_score,
                const float *x)
{
  float partials[16] = { 0 };

  for (guint t = 0; t < n_trees; t++)
    {
      const Tree *tree = &trees[t];
      gint32 i = 0;

      while (g_array_index (tree->left, gint32, i) >= 0)
        {
          float v = x[g_array_index (tree->feature, gint32, i)];
          gboolean left = isnan (v) ? g_array_index (tree->default_left, gint32, i) != 0
                                    : v < g_array_index (tree->value, float, i);

          i = left ? g_array_index (tree->left, gint32, i) : g_array_index (tree->right, gint32, i);
        }
      partials[t % 16] += g_array_index (tree->value, float, i);
    }

  for (guint width = 8; width > 0; width /= 2)
    for (guint i = 0; i < width; i++)
      partials[i] += partials[i + width];

  return partials[0] + base_score;
}

static void
random_features (float x[N_FEATURES])
{
  for (guint j = 0; j < N_FEATURES; j++)
    switch (g_test_rand_int_range (0, 8))
      {
      case 0: x[j] = NAN; break;
      case 1: x[j] = g_test_rand_bit () ? INFINITY : -INFINITY; break;
      case 2: x[j] = (float)g_test_rand_double_range (-3, 3); break;
      default: x[j] = random_step (); break;
      }
}

/* Ensembles of @n_trees random trees up to @max_depth deep, walked at
 * random points (missing, infinite, on a threshold), give XGBoost's sum
 * to the bit, before and after a round trip through our saved form. */
static void
check_walks (guint n_trees,
             guint max_depth)
{
  Tree *trees = g_new0 (Tree, n_trees);
  float base_score = 0.25f;
  g_autoptr(JsonNode) json = NULL;
  g_autoptr(JsonNode) saved = NULL;
  g_autoptr(PpEnsemble) ensemble = NULL;
  g_autoptr(PpEnsemble) reloaded = NULL;
  g_autoptr(GError) error = NULL;
  guint n_missing = 0;

  for (guint t = 0; t < n_trees; t++)
    random_tree (&trees[t], t == 0 ? 0 : max_depth);

  json = trees_to_json (trees, n_trees, base_score);
  ensemble = _pp_ensemble_from_json (json, N_FEATURES, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (_pp_ensemble_get_n_trees (ensemble), ==, n_trees);

  saved = _pp_ensemble_to_json (ensemble);
  reloaded = _pp_ensemble_from_json (saved, N_FEATURES, &error);
  g_assert_no_error (error);

  for (guint k = 0; k < 2000; k++)
    {
      float x[N_FEATURES];
      float expected;

      random_features (x);
      for (guint j = 0; j < N_FEATURES; j++)
        n_missing += isnan (x[j]);
      expected = reference_walk (trees, n_trees, base_score, x);
      g_assert_cmpfloat (_pp_ensemble_predict (ensemble, x), ==, expected);
      g_assert_cmpfloat (_pp_ensemble_predict (reloaded, x), ==, expected);
    }
  g_assert_cmpuint (n_missing, >, 0);

  for (guint t = 0; t < n_trees; t++)
    tree_clear (&trees[t]);
  g_free (trees);
}

/* Shallow trees take the perfect layout, and with AVX-512 the walk of
 * sixteen at a time; 21 trees leave a remainder after the walks taken
 * eight at a time, and a group of sixteen padded. */
static void
test_shallow (void)
{
  check_walks (21, 4);
  check_walks (300, 4);
  check_walks (3, 1);
}

/* Trees too deep for the walk of sixteen at a time take the perfect
 * layout alone, whatever the processor. */
static void
test_medium (void)
{
  check_walks (21, 6);
}

/* Trees deeper than the perfect layout holds are walked node by node. */
static void
test_deep (void)
{
  check_walks (10, 11);
}

static void
test_malformed (void)
{
  static const char *cases[] = {
    "[]",
    "{\"trees\": 3}",
    /* A child out of range. */
    "{\"trees\": [{\"left_children\": [1, -1], \"right_children\": [5, -1],"
    " \"split_indices\": [0, 0], \"split_conditions\": [0.5, 1], \"default_left\": [0, 0]}]}",
    /* A split on a feature the predictor does not have. */
    "{\"trees\": [{\"left_children\": [1, -1, -1], \"right_children\": [2, -1, -1],"
    " \"split_indices\": [6, 0, 0], \"split_conditions\": [0.5, 1, 2], \"default_left\": [0, 0, 0]}]}",
    /* Arrays of different lengths. */
    "{\"trees\": [{\"left_children\": [-1], \"right_children\": [-1, -1],"
    " \"split_indices\": [0], \"split_conditions\": [1], \"default_left\": [0]}]}",
    /* A node that is its own child: a walk would never end. */
    "{\"trees\": [{\"left_children\": [0, -1], \"right_children\": [1, -1],"
    " \"split_indices\": [0, 0], \"split_conditions\": [0.5, 1], \"default_left\": [0, 0]}]}",
    /* A loop through a child numbered before its parent. */
    "{\"trees\": [{\"left_children\": [1, 0, -1], \"right_children\": [2, 2, -1],"
    " \"split_indices\": [0, 0, 0], \"split_conditions\": [0.5, 1, 2], \"default_left\": [0, 0, 0]}]}",
    /* Nodes 1 and 2 sharing their children. */
    "{\"trees\": [{\"left_children\": [1, 3, 3, -1, -1], \"right_children\": [2, 4, 4, -1, -1],"
    " \"split_indices\": [0, 0, 0, 0, 0], \"split_conditions\": [0.5, 1, 2, 3, 4],"
    " \"default_left\": [0, 0, 0, 0, 0]}]}",
    /* A node that is both children of its parent. */
    "{\"trees\": [{\"left_children\": [1, 3, -1, -1], \"right_children\": [2, 3, -1, -1],"
    " \"split_indices\": [0, 0, 0, 0], \"split_conditions\": [0.5, 1, 2, 3], \"default_left\": [0, 0, 0, 0]}]}",
    /* Elements that are not numbers. */
    "{\"trees\": [{\"left_children\": [1, -1, -1], \"right_children\": [2, -1, null],"
    " \"split_indices\": [0, 0, 0], \"split_conditions\": [0.5, 1, 2], \"default_left\": [0, 0, 0]}]}",
    "{\"trees\": [{\"left_children\": [1, -1, -1], \"right_children\": [2, -1, -1],"
    " \"split_indices\": [\"0\", 0, 0], \"split_conditions\": [0.5, 1, 2], \"default_left\": [0, 0, 0]}]}",
    "{\"trees\": [{\"left_children\": [1.5, -1, -1], \"right_children\": [2, -1, -1],"
    " \"split_indices\": [0, 0, 0], \"split_conditions\": [0.5, 1, 2], \"default_left\": [0, 0, 0]}]}",
    "{\"trees\": [{\"left_children\": [1, -1, -1], \"right_children\": [2, -1, -1],"
    " \"split_indices\": [0, 0, 0], \"split_conditions\": [[0.5], 1, 2], \"default_left\": [0, 0, 0]}]}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) node = json_from_string (cases[i], NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(PpEnsemble) ensemble = _pp_ensemble_from_json (node, N_FEATURES, &error);

      g_assert_null (ensemble);
      g_assert_error (error, PP_ERROR, PP_ERROR_PARSE);
    }
}

/* A tree as deep as it is long, 60 splits on feature 0 in a chain, each
 * with a leaf on its right: its depth is found in one pass (counting it
 * by recursion into both children at every level took 2^60 steps), and
 * the walk lands on the leaf the feature says. */
static void
test_chain (void)
{
  const guint depth = 60;
  g_autoptr(GString) json = g_string_new ("{\"base_score\": 0.5, \"trees\": [{");
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(PpEnsemble) ensemble = NULL;
  g_autoptr(GError) error = NULL;
  const char *names[] = { "left_children", "right_children", "split_indices", "split_conditions",
                          "default_left" };

  /* Node i < depth splits at i + 0.5: below it, left to a leaf worth i
   * (node depth + 1 + i); else right, on to node i + 1. Node depth is the
   * last leaf, worth -1. */
  for (guint a = 0; a < G_N_ELEMENTS (names); a++)
    {
      g_string_append_printf (json, "%s\"%s\": [", a ? ", " : "", names[a]);
      for (guint i = 0; i <= 2 * depth; i++)
        {
          gboolean split = i < depth;
          double leaf = i == depth ? -1.0 : (double)(i - depth - 1);

          if (i > 0)
            g_string_append (json, ", ");
          switch (a)
            {
            case 0: g_string_append_printf (json, "%d", split ? (int)(depth + 1 + i) : -1); break;
            case 1: g_string_append_printf (json, "%d", split ? (int)i + 1 : -1); break;
            case 2: g_string_append (json, "0"); break;
            case 3: g_string_append_printf (json, "%g", split ? i + 0.5 : leaf); break;
            default: g_string_append (json, "1"); break;
            }
        }
      g_string_append (json, "]");
    }
  g_string_append (json, "}]}");

  node = json_from_string (json->str, &error);
  g_assert_no_error (error);
  ensemble = _pp_ensemble_from_json (node, N_FEATURES, &error);
  g_assert_no_error (error);

  for (guint x = 0; x < depth; x += 7)
    {
      float features[N_FEATURES] = { x + 0.25f, 0, 0, 0, 0, 0 };

      /* Right down to node x, left there: the leaf worth x. */
      g_assert_cmpfloat (_pp_ensemble_predict (ensemble, features), ==, 0.5f + x);
    }
  {
    float features[N_FEATURES] = { depth + 1.0f, 0, 0, 0, 0, 0 };

    g_assert_cmpfloat (_pp_ensemble_predict (ensemble, features), ==, 0.5f - 1);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/Pp/Ensemble/shallow", test_shallow);
  g_test_add_func ("/Pp/Ensemble/medium", test_medium);
  g_test_add_func ("/Pp/Ensemble/deep", test_deep);
  g_test_add_func ("/Pp/Ensemble/malformed", test_malformed);
  g_test_add_func ("/Pp/Ensemble/chain", test_chain);

  return g_test_run ();
}
