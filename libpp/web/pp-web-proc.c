/* pp-web-proc.c
 *
 * Copyright 2026 The Perfcast authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "pp-web-proc-private.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* WebKitGTK does not tell which process serves a view, so the runner
 * finds the web processes among this process's descendants in /proc
 * (through bubblewrap's intermediate processes). Memory comes from
 * /proc/PID/status; writing 5 to /proc/PID/clear_refs resets VmHWM, so
 * that the peak covers one job and not the process's whole life.
 */

#define WEB_PROCESS_COMM "WebKitWebProces"   /* comm is cut at 15 bytes */

typedef struct
{
  GPid pid;
  GPid ppid;
  char comm[32];
  guint64 start_time;
} Stat;

/* /proc/PID/stat: “pid (comm) state ppid …”; comm may contain spaces and
 * parentheses, so it ends at the last ')'.
 */
static gboolean
read_stat (GPid  pid,
           Stat *stat)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/stat", pid);
  g_autofree char *contents = NULL;
  g_auto(GStrv) fields = NULL;
  char *open_paren, *close_paren;

  if (!g_file_get_contents (path, &contents, NULL, NULL) ||
      !(open_paren = strchr (contents, '(')) || !(close_paren = strrchr (contents, ')')))
    return FALSE;

  *close_paren = 0;
  g_strlcpy (stat->comm, open_paren + 1, sizeof stat->comm);
  fields = g_strsplit (close_paren + 2, " ", 0);
  if (g_strv_length (fields) < 20)
    return FALSE;

  stat->pid = pid;
  stat->ppid = atoi (fields[1]);
  stat->start_time = g_ascii_strtoull (fields[19], NULL, 10);
  return TRUE;
}

static GArray *
read_all_stats (void)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc", 0, NULL);
  GArray *stats = g_array_new (FALSE, FALSE, sizeof (Stat));
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)))
    {
      Stat stat;

      if (g_ascii_isdigit (name[0]) && read_stat (atoi (name), &stat))
        g_array_append_val (stats, stat);
    }

  return stats;
}

static gboolean
descends_from (GArray *stats,
               GPid    pid,
               GPid    ancestor)
{
  /* Bounded walk: a pid reused in a cycle cannot hang us. */
  for (guint depth = 0; depth < 16 && pid > 1; depth++)
    {
      GPid parent = 0;

      for (guint i = 0; i < stats->len; i++)
        {
          if (g_array_index (stats, Stat, i).pid == pid)
            parent = g_array_index (stats, Stat, i).ppid;
        }
      if (parent == ancestor)
        return TRUE;
      pid = parent;
    }

  return FALSE;
}

/*
 * _pp_web_proc_list_web_processes:
 *
 * Returns: (transfer full) (element-type GPid): the web processes that
 *   descend from this process
 */
GArray *
_pp_web_proc_list_web_processes (void)
{
  g_autoptr(GArray) stats = read_all_stats ();
  GArray *pids = g_array_new (FALSE, FALSE, sizeof (GPid));
  GPid self = getpid ();

  for (guint i = 0; i < stats->len; i++)
    {
      const Stat *stat = &g_array_index (stats, Stat, i);

      if (g_str_equal (stat->comm, WEB_PROCESS_COMM) && descends_from (stats, stat->pid, self))
        g_array_append_val (pids, stat->pid);
    }

  return pids;
}

guint64
_pp_web_proc_get_start_time (GPid pid)
{
  Stat stat;

  return read_stat (pid, &stat) ? stat.start_time : 0;
}

gboolean
_pp_web_proc_reset_peak (GPid pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/clear_refs", pid);
  gboolean ok;
  int fd;

  if (pid <= 0 || (fd = open (path, O_WRONLY | O_CLOEXEC)) < 0)
    return FALSE;

  ok = write (fd, "5", 1) == 1;
  close (fd);
  return ok;
}

static double
status_kib (const char *contents,
            const char *key)
{
  const char *line = strstr (contents, key);

  if (line == NULL)
    return -1;

  return g_ascii_strtod (line + strlen (key), NULL);
}

/* Both in MiB, as the measurement CSV's memory_mb column. */
gboolean
_pp_web_proc_read_memory (GPid    pid,
                          double *rss_mib,
                          double *peak_mib)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/status", pid);
  g_autofree char *contents = NULL;
  double rss, peak;

  if (pid <= 0 || !g_file_get_contents (path, &contents, NULL, NULL))
    return FALSE;

  rss = status_kib (contents, "\nVmRSS:");
  peak = status_kib (contents, "\nVmHWM:");
  if (rss < 0 || peak < 0)
    return FALSE;

  *rss_mib = rss / 1024.0;
  *peak_mib = peak / 1024.0;
  return TRUE;
}
