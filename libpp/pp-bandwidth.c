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

#define MAX_ARRAY_BYTES ((gsize)64 << 20)

typedef struct _Triad Triad;

typedef struct
{
  Triad *triad;
  gsize from;
  gsize to;
} Slice;

/* The threads stay for every pass, so that a pass times the triad, not
 * creating threads (64 take about 3 ms, longer than a pass of a large
 * server). Each pass starts when its number is posted and ends when
 * every thread has said it is done. */
struct _Triad
{
  double *a;
  double *b;
  double *c;
  GMutex mutex;
  GCond cond;
  guint pass;          /* the pass posted, from 1; G_MAXUINT to stop */
  double scalar;       /* of the pass posted */
  guint running;       /* threads still at it */
};

static void
fill (Slice *s)
{
  Triad *t = s->triad;

  /* Each thread touches its own slice first, so that on a machine of
   * several memory nodes its pages are placed where it reads them. */
  for (gsize i = s->from; i < s->to; i++)
    {
      t->a[i] = 0;
      t->b[i] = 1;
      t->c[i] = 2;
    }
}

static void
triad (Slice  *s,
       double  scalar)
{
  Triad *t = s->triad;

  for (gsize i = s->from; i < s->to; i++)
    t->a[i] = t->b[i] + scalar * t->c[i];
}

/* Pass 1 fills the arrays, every later one runs the triad. */
static void
run_pass (Slice  *s,
          guint   pass,
          double  scalar)
{
  if (pass == 1)
    fill (s);
  else
    triad (s, scalar);
}

static gpointer
worker (gpointer data)
{
  Slice *s = data;
  Triad *t = s->triad;
  guint done = 0;

  for (;;)
    {
      guint pass;
      double scalar;

      g_mutex_lock (&t->mutex);
      while (t->pass == done)
        g_cond_wait (&t->cond, &t->mutex);
      pass = t->pass;
      scalar = t->scalar;
      g_mutex_unlock (&t->mutex);

      if (pass == G_MAXUINT)
        return NULL;

      run_pass (s, pass, scalar);
      done = pass;

      g_mutex_lock (&t->mutex);
      if (--t->running == 0)
        g_cond_broadcast (&t->cond);
      g_mutex_unlock (&t->mutex);
    }
}

/* Posts @pass to @n_slices - 1 workers, runs the first slice itself,
 * and returns the seconds until all were done. */
static double
post_pass (Triad  *t,
           Slice  *slices,
           guint   n_slices,
           guint   pass,
           double  scalar)
{
  gint64 start = g_get_monotonic_time ();

  g_mutex_lock (&t->mutex);
  t->pass = pass;
  t->scalar = scalar;
  t->running = n_slices - 1;
  g_cond_broadcast (&t->cond);
  g_mutex_unlock (&t->mutex);

  run_pass (&slices[0], pass, scalar);

  g_mutex_lock (&t->mutex);
  while (t->running > 0)
    g_cond_wait (&t->cond, &t->mutex);
  g_mutex_unlock (&t->mutex);

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

  bytes = cache > 0 ? CLAMP ((gsize)cache, PP_BANDWIDTH_MIN_ARRAY_BYTES, MAX_ARRAY_BYTES)
                    : 2 * PP_BANDWIDTH_MIN_ARRAY_BYTES;
  if (memory_bytes > 0 && bytes > memory_bytes / 24)
    bytes = MAX ((gsize)(memory_bytes / 24), (gsize)1 << 20);

  return bytes;
}

/* Bytes a second of the best of @passes triads over three arrays of
 * @array_bytes each, on @n_threads threads (after one pass untimed), or
 * NaN when the arrays cannot be allocated or a thread not created. */
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
  g_autofree GThread **threads = NULL;
  Triad t = { a, b, c };
  double best = INFINITY, scalar = 0;
  guint started = 1;
  gboolean ok = TRUE;

  g_return_val_if_fail (n_threads > 0 && passes > 0, NAN);

  if (a == NULL || b == NULL || c == NULL || n < n_threads)
    return NAN;

  g_mutex_init (&t.mutex);
  g_cond_init (&t.cond);
  slices = g_new (Slice, n_threads);
  threads = g_new0 (GThread *, n_threads);
  for (guint i = 0; i < n_threads; i++)
    slices[i] = (Slice) { &t, (gsize)((double)n * i / n_threads), (gsize)((double)n * (i + 1) / n_threads) };
  slices[n_threads - 1].to = n;

  /* Where a thread cannot be made (a limit on processes), nothing is
   * measured: fewer threads would cover the slices of the missing. */
  for (; started < n_threads; started++)
    if (!(threads[started] = g_thread_try_new ("pp-bandwidth", worker, &slices[started], NULL)))
      break;
  ok = started == n_threads;

  for (guint pass = 1; ok && pass <= passes + 2; pass++)
    {
      /* Each pass its own scalar, so that the check below sees the last
       * pass ran, not only an earlier one. */
      double seconds;

      scalar = pass + 1;
      seconds = post_pass (&t, slices, n_threads, pass, scalar);
      if (pass > 2)
        best = MIN (best, seconds);
    }

  /* Stop the workers, however many were made. */
  t.running = 0;
  g_mutex_lock (&t.mutex);
  t.pass = G_MAXUINT;
  g_cond_broadcast (&t.cond);
  g_mutex_unlock (&t.mutex);
  for (guint i = 1; i < started; i++)
    g_thread_join (threads[i]);
  g_mutex_clear (&t.mutex);
  g_cond_clear (&t.cond);

  if (!ok)
    return NAN;

  /* Every element is 1 + s · 2 for the last pass's s: check both ends of
   * every slice. */
  for (guint i = 0; i < n_threads; i++)
    if (a[slices[i].from] != 1 + 2 * scalar || a[slices[i].to - 1] != 1 + 2 * scalar)
      return NAN;
  if (!(best > 0))
    return NAN;

  return 3.0 * sizeof (double) * n / best;
}
