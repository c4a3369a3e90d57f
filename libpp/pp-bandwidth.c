/* pp-bandwidth.c
 *
 * Copyright 2026 The Perfcast authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "pp-bandwidth-private.h"

#include <math.h>
#include <unistd.h>

/* The memory bandwidth of this machine, measured: the triad kernel of
 * the STREAM benchmark, a[i] = b[i] + s·c[i] over arrays larger than
 * the last-level cache, counted as STREAM counts it (two words read and
 * one written an element; McCalpin, "Memory Bandwidth and Machine
 * Balance in Current High Performance Computers", IEEE TCCA Newsletter,
 * December 1995), on every hardware thread, best of several passes. A
 * roofline needs the bandwidth a program gets, which no file of /proc or
 * /sys holds. */

#define MIN_ARRAY_BYTES ((gsize)32 << 20)
#define MAX_ARRAY_BYTES ((gsize)64 << 20)

typedef struct
{
  double *a;
  const double *b;
  const double *c;
  gsize from;
  gsize to;
} Slice;

static gpointer
fill_slice (gpointer data)
{
  Slice *s = data;
  double *b = (double *)s->b, *c = (double *)s->c;

  /* Each thread touches its own slice first, so that on a machine of
   * several memory nodes its pages are placed where it reads them. */
  for (gsize i = s->from; i < s->to; i++)
    {
      s->a[i] = 0;
      b[i] = 1;
      c[i] = 2;
    }

  return NULL;
}

static gpointer
triad_slice (gpointer data)
{
  Slice *s = data;

  for (gsize i = s->from; i < s->to; i++)
    s->a[i] = s->b[i] + 3.0 * s->c[i];

  return NULL;
}

/* Runs @func on every slice, one thread each (the calling thread takes
 * the first), and returns the seconds they took together. */
static double
run_slices (Slice       *slices,
            guint        n_slices,
            GThreadFunc  func)
{
  g_autofree GThread **threads = g_new0 (GThread *, n_slices);
  gint64 start = g_get_monotonic_time ();

  for (guint i = 1; i < n_slices; i++)
    threads[i] = g_thread_new ("pp-bandwidth", func, &slices[i]);
  func (&slices[0]);
  for (guint i = 1; i < n_slices; i++)
    g_thread_join (threads[i]);

  return (g_get_monotonic_time () - start) / (double)G_USEC_PER_SEC;
}

/* The size of each of the three arrays: the last-level cache's, so that
 * together they are three times it, within 32–64 MiB each (a cache of
 * a few hundred MiB, as a many-core server reports to a small virtual
 * machine, would take seconds to page in for a share the machine does
 * not have: on a 2-thread VM reporting 260 MiB, the triad's rate was
 * the same from 32 MiB arrays on), and no more than a 24th of
 * @memory_bytes when that is known. */
gsize
_pp_bandwidth_array_bytes (double memory_bytes)
{
  long cache = -1;
  gsize bytes;

#ifdef _SC_LEVEL3_CACHE_SIZE
  cache = sysconf (_SC_LEVEL3_CACHE_SIZE);
#endif
#ifdef _SC_LEVEL2_CACHE_SIZE
  if (cache <= 0)
    cache = sysconf (_SC_LEVEL2_CACHE_SIZE);
#endif

  bytes = cache > 0 ? CLAMP ((gsize)cache, MIN_ARRAY_BYTES, MAX_ARRAY_BYTES) : 2 * MIN_ARRAY_BYTES;
  if (memory_bytes > 0 && bytes > memory_bytes / 24)
    bytes = MAX ((gsize)(memory_bytes / 24), (gsize)1 << 20);

  return bytes;
}

/* Bytes a second of the best of @passes triads over three arrays of
 * @array_bytes each, on @n_threads threads (after one pass untimed), or
 * NaN when the arrays cannot be allocated. */
double
_pp_bandwidth_measure (guint n_threads,
                       gsize array_bytes,
                       guint passes)
{
  gsize n = array_bytes / sizeof (double);
  g_autofree double *a = g_try_new (double, n);
  g_autofree double *b = g_try_new (double, n);
  g_autofree double *c = g_try_new (double, n);
  g_autofree Slice *slices = NULL;
  double best = INFINITY;

  g_return_val_if_fail (n_threads > 0 && passes > 0, NAN);

  if (a == NULL || b == NULL || c == NULL || n < n_threads)
    return NAN;

  slices = g_new (Slice, n_threads);
  for (guint i = 0; i < n_threads; i++)
    slices[i] = (Slice) { a, b, c, n * i / n_threads, n * (i + 1) / n_threads };

  run_slices (slices, n_threads, fill_slice);
  for (guint pass = 0; pass <= passes; pass++)
    {
      double seconds = run_slices (slices, n_threads, triad_slice);

      if (pass > 0)
        best = MIN (best, seconds);
    }

  /* Every element is 1 + 3 · 2: a pass the compiler dropped, or a slice
   * no thread ran, would leave a 0. */
  if (a[0] != 7 || a[n - 1] != 7 || a[n / 2] != 7 || !(best > 0))
    return NAN;

  return 3.0 * sizeof (double) * n / best;
}
