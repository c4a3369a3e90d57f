/* pp-measurement-store.c
 *
 * Copyright 2026 The Perfcast authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "pp-measurement-store.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <sqlite3.h>

#include "pp-error.h"
#include "pp-json-private.h"
#include "pp-measurement-private.h"
#include "pp-measurement-query-private.h"
#include "pp-measurement-store-private.h"
#include "pp-util-private.h"

/**
 * PpMeasurementStore:
 *
 * Every measurement Perfcast knows, in an SQLite database.
 *
 * The database lives at `$XDG_DATA_HOME/perfcast/perfcast.db` unless
 * another path is given. It runs in WAL mode, so readers (the app's
 * views) are not blocked by an import, and carries a schema version that
 * is migrated forward on open.
 *
 * Writes are all or nothing: an import that fails on its last row
 * leaves the store exactly as it was. Each row is stored once: a row
 * whose every column equals one already stored is counted as a
 * duplicate and not added again.
 *
 * The store may be used from several threads; calls are serialised.
 */

struct _PpMeasurementStore
{
  GObject parent_instance;

  /* Owned */
  char *path;
  char *identity;
  sqlite3 *db;
  sqlite3_stmt *insert_stmt;

  /* Serialises every use of db and its statements. */
  GMutex mutex;

  guint schema_version;
};

enum {
  PROP_0,
  PROP_PATH,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

G_DEFINE_FINAL_TYPE (PpMeasurementStore, pp_measurement_store, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Each entry moves the schema from version i to i + 1. Never edit a
 * released entry: append a new one.
 */
static const char *migrations[] = {
  /* 0 → 1: the measurements, one column per CSV column. */
  "CREATE TABLE measurements ("
  "  id INTEGER PRIMARY KEY,"
  "  row_key INTEGER NOT NULL UNIQUE,"
  "  imported_at INTEGER NOT NULL,"
  "  measured_at INTEGER,"
  "  source TEXT, timestamp TEXT, model TEXT NOT NULL, family TEXT, modality TEXT,"
  "  arch TEXT, params_m REAL, layers REAL, hidden REAL, heads REAL, kv_heads REAL,"
  "  ffn REAL, vocab REAL, hardware TEXT NOT NULL, hardware_kind TEXT, backend TEXT,"
  "  framework TEXT, accelerators REAL, threads REAL, precision TEXT, batch REAL,"
  "  seq_len REAL, input_size REAL, phase TEXT, latency_ms REAL, latency_p90_ms REAL,"
  "  throughput_items_per_s REAL, tokens_per_s REAL, memory_mb REAL,"
  "  extra TEXT"
  ");",

  /* 1 → 2: where each row came from, and indexes for the common filters. */
  "CREATE TABLE imports ("
  "  id INTEGER PRIMARY KEY,"
  "  origin TEXT NOT NULL,"
  "  imported_at INTEGER NOT NULL,"
  "  n_added INTEGER NOT NULL,"
  "  n_duplicates INTEGER NOT NULL"
  ");"
  "ALTER TABLE measurements ADD COLUMN import_id INTEGER REFERENCES imports (id);"
  "CREATE INDEX measurements_model ON measurements (model);"
  "CREATE INDEX measurements_hardware ON measurements (hardware);"
  "CREATE INDEX measurements_time ON measurements (coalesce (measured_at, imported_at));",

  /* 2 → 3: checks, what a fit predicted for a row that arrived after it
   * (see pp_fitted_predictor_check_store()); a row is checked once, by
   * the first fit that checks it (the one in use when it arrived). And
   * the store's identity, which stamps name (see ensure_identity()). */
  "CREATE TABLE checks ("
  "  measurement_id INTEGER PRIMARY KEY REFERENCES measurements (id),"
  "  checked_at INTEGER NOT NULL,"
  "  fitted_at TEXT NOT NULL,"
  "  n_training INTEGER NOT NULL,"
  "  latency REAL, latency_lower REAL, latency_upper REAL, latency_confidence REAL,"
  "  latency_evidence TEXT,"
  "  throughput REAL, throughput_lower REAL, throughput_upper REAL, throughput_confidence REAL,"
  "  throughput_evidence TEXT,"
  "  memory REAL, memory_lower REAL, memory_upper REAL, memory_confidence REAL,"
  "  memory_evidence TEXT"
  ");"
  "CREATE INDEX checks_fit ON checks (fitted_at);"
  "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);",
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == PP_MEASUREMENT_STORE_SCHEMA_VERSION);

/* How long to wait for another process's write before giving up. */
#define BUSY_TIMEOUT_MS 5000

/* Columns of a SELECT, in PpColumn order, after id. */
#define FIRST_VALUE_COLUMN 1

static gboolean
set_db_error (PpMeasurementStore  *self,
              GError             **error,
              const char          *what)
{
  /* SQLite's "attempt to write a readonly database" says neither which
   * database nor what to do about it. */
  if (self->db != NULL && sqlite3_db_readonly (self->db, "main") == 1 &&
      sqlite3_errcode (self->db) == SQLITE_READONLY)
    g_set_error (error, PP_ERROR, PP_ERROR_DATABASE,
                 _("The measurement store %s is read-only: you may not write to the file or "
                   "to its folder"),
                 self->path);
  else
    g_set_error (error, PP_ERROR, PP_ERROR_DATABASE,
                 /* translators: %s: what failed, %s: the database path, %s: SQLite's message */
                 _("Could not %s the measurement store %s: %s"),
                 what, self->path, sqlite3_errmsg (self->db));
  return FALSE;
}

static gboolean
exec (PpMeasurementStore  *self,
      const char          *sql,
      const char          *what,
      GError             **error)
{
  if (sqlite3_exec (self->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    return set_db_error (self, error, what);

  return TRUE;
}

static gboolean
read_user_version (PpMeasurementStore  *self,
                   guint               *version,
                   GError             **error)
{
  sqlite3_stmt *stmt = NULL;
  gboolean ok;

  if (sqlite3_prepare_v2 (self->db, "PRAGMA user_version", -1, &stmt, NULL) != SQLITE_OK)
    return set_db_error (self, error, _("read"));

  ok = sqlite3_step (stmt) == SQLITE_ROW;
  if (ok)
    *version = (guint)sqlite3_column_int (stmt, 0);
  else
    set_db_error (self, error, _("read"));
  sqlite3_finalize (stmt);

  return ok;
}

/* Moves the schema one version on from the one read inside the
 * transaction: another process may have created or migrated the store
 * while this one waited for the lock (BEGIN IMMEDIATE waits for the
 * busy timeout), and its work must not be done again. */
static gboolean
migrate_step (PpMeasurementStore  *self,
              guint               *version,
              GError             **error)
{
  g_autofree char *bump = NULL;

  if (!exec (self, "BEGIN IMMEDIATE;", _("migrate"), error))
    return FALSE;

  if (!read_user_version (self, version, error))
    {
      sqlite3_exec (self->db, "ROLLBACK;", NULL, NULL, NULL);
      return FALSE;
    }

  if (*version >= PP_MEASUREMENT_STORE_SCHEMA_VERSION)
    return exec (self, "COMMIT;", _("migrate"), error);

  bump = g_strdup_printf ("PRAGMA user_version = %u;", *version + 1);
  if (!exec (self, migrations[*version], _("migrate"), error) ||
      !exec (self, bump, _("migrate"), error) ||
      !exec (self, "COMMIT;", _("migrate"), error))
    {
      sqlite3_exec (self->db, "ROLLBACK;", NULL, NULL, NULL);
      return FALSE;
    }

  (*version)++;
  return TRUE;
}

static gboolean
migrate (PpMeasurementStore  *self,
         GError             **error)
{
  guint version = 0;

  if (!read_user_version (self, &version, error))
    return FALSE;

  while (version < PP_MEASUREMENT_STORE_SCHEMA_VERSION)
    {
      if (!migrate_step (self, &version, error))
        return FALSE;
    }

  if (version > PP_MEASUREMENT_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, PP_ERROR, PP_ERROR_DATABASE,
                   _("The measurement store %s has schema version %u, but this Perfcast "
                     "only knows up to version %u; use a newer Perfcast or another --db path"),
                   self->path, version, PP_MEASUREMENT_STORE_SCHEMA_VERSION);
      return FALSE;
    }

  self->schema_version = version;
  return TRUE;
}

static char *
read_identity (PpMeasurementStore *self)
{
  sqlite3_stmt *stmt = NULL;
  char *identity = NULL;

  if (sqlite3_prepare_v2 (self->db, "SELECT value FROM meta WHERE key = 'store_id'", -1, &stmt,
                          NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    identity = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);

  return identity;
}

/* What stamps name the store by (see pp_measurement_store_dup_stamp()):
 * written once, when the store is created or first migrated, from the
 * time and the path, so that a store made anew at the same path is
 * another store, and every spelling of one path names the same one. */
static gboolean
ensure_identity (PpMeasurementStore  *self,
                 GError             **error)
{
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *created = NULL;
  g_autofree char *identity = NULL;
  sqlite3_stmt *stmt = NULL;
  gboolean ok;

  if ((self->identity = read_identity (self)))
    return TRUE;

  now = g_date_time_new_now_utc ();
  created = g_date_time_format_iso8601 (now);
  identity = g_strdup_printf ("created %s at %s", created, self->path);
  if (sqlite3_prepare_v2 (self->db, "INSERT OR IGNORE INTO meta (key, value) VALUES ('store_id', ?)", -1,
                          &stmt, NULL) != SQLITE_OK)
    return set_db_error (self, error, _("write to"));
  sqlite3_bind_text (stmt, 1, identity, -1, SQLITE_STATIC);
  ok = sqlite3_step (stmt) == SQLITE_DONE;
  sqlite3_finalize (stmt);

  /* Another process may have written one first: that one holds. */
  if (!ok || !(self->identity = read_identity (self)))
    return set_db_error (self, error, _("write to"));

  return TRUE;
}

static gboolean
prepare_insert (PpMeasurementStore  *self,
                GError             **error)
{
  g_autoptr(GString) sql = g_string_new ("INSERT OR IGNORE INTO measurements (row_key, imported_at, measured_at, import_id");

  for (guint c = 0; c < PP_N_COLUMNS; c++)
    g_string_append_printf (sql, ", %s", pp_column_get_name (c));
  g_string_append (sql, ", extra) VALUES (?, ?, ?, ?");
  for (guint c = 0; c <= PP_N_COLUMNS; c++)
    g_string_append (sql, ", ?");
  g_string_append (sql, ")");

  if (sqlite3_prepare_v3 (self->db, sql->str, -1, SQLITE_PREPARE_PERSISTENT,
                          &self->insert_stmt, NULL) != SQLITE_OK)
    return set_db_error (self, error, _("prepare"));

  return TRUE;
}

/* Switching to WAL takes an exclusive lock, and SQLite returns at once
 * rather than call the busy handler where waiting could deadlock, as it
 * can while another process creates the same new store: so wait here,
 * as long as the busy timeout would. */
static gboolean
enable_wal (PpMeasurementStore  *self,
            GError             **error)
{
  for (guint waited_ms = 0; ; waited_ms += 10)
    {
      int rc = sqlite3_exec (self->db, "PRAGMA journal_mode = WAL;", NULL, NULL, NULL);

      if (rc == SQLITE_OK)
        return TRUE;
      if (rc != SQLITE_BUSY || waited_ms >= BUSY_TIMEOUT_MS)
        return set_db_error (self, error, _("open"));
      g_usleep (10 * G_TIME_SPAN_MILLISECOND);
    }
}

/* pp_time_usec (timestamp): the microseconds since the Unix epoch of a
 * `timestamp` cell, or NULL, read as the rows were checked. */
static void
time_usec_sql_cb (sqlite3_context  *context,
                  int               argc,
                  sqlite3_value   **argv)
{
  const char *text = (const char *)sqlite3_value_text (argv[0]);
  gint64 usec;

  g_assert (argc == 1);

  if (text != NULL && _pp_measurement_parse_time (text, &usec))
    sqlite3_result_int64 (context, usec);
  else
    sqlite3_result_null (context);
}

static gboolean
add_functions (PpMeasurementStore  *self,
               GError             **error)
{
  if (sqlite3_create_function_v2 (self->db, "pp_time_usec", 1,
                                  SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
                                  NULL, time_usec_sql_cb, NULL, NULL, NULL) != SQLITE_OK)
    return set_db_error (self, error, _("open"));

  return TRUE;
}

static gboolean
open_read_write (PpMeasurementStore  *self,
                 GError             **error)
{
  if (sqlite3_open_v2 (self->path, &self->db,
                       SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                       NULL) != SQLITE_OK)
    return set_db_error (self, error, _("open"));

  sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MS);

  /* WAL lets the app read while the CLI imports; NORMAL sync is durable
   * across application crashes, which is what a measurement log needs. */
  if (!add_functions (self, error) ||
      !enable_wal (self, error) ||
      !exec (self, "PRAGMA synchronous = NORMAL;", _("open"), error) ||
      !exec (self, "PRAGMA foreign_keys = ON;", _("open"), error))
    return FALSE;

  return migrate (self, error) && ensure_identity (self, error) && prepare_insert (self, error);
}

/* Opens the file for reading only: with SQLite's locks (mode=ro), or,
 * with @immutable, as a file nothing changes. */
static gboolean
open_file_read_only (PpMeasurementStore  *self,
                     gboolean             immutable,
                     GError             **error)
{
  g_autofree char *absolute = g_canonicalize_filename (self->path, NULL);
  g_autofree char *file_uri = g_filename_to_uri (absolute, NULL, NULL);
  g_autofree char *uri = g_strconcat (file_uri, immutable ? "?immutable=1" : "?mode=ro", NULL);
  guint version = 0;

  if (sqlite3_open_v2 (uri, &self->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX,
                       NULL) != SQLITE_OK)
    return set_db_error (self, error, _("open"));

  sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MS);
  /* SQLite opens lazily: reading is what tells whether it can. */
  if (!add_functions (self, error) ||
      !read_user_version (self, &version, error))
    return FALSE;

  self->schema_version = version;
  return TRUE;
}

/* A store is read with SQLite's locks whenever SQLite can take them, so
 * that what another process writes meanwhile is seen whole. A store in
 * WAL mode takes its -shm file for those, which a reader may open
 * read-only where it exists and must create where it does not: in a
 * folder the user may not write to, with no other connection open
 * (there is then no -wal file either), it cannot. Then, and only then,
 * the store is read as immutable: every commit is in the database file
 * itself, which is read without the -shm file and without locks. The
 * hazard that remains: a process with the rights to write that opens
 * the store meanwhile makes a -wal file, whose commits this connection
 * does not see, and may copy them into the database file while a read
 * is under way, which could then see pages of two versions. Such a
 * writer is another user (or root); only opening the store again sees
 * its writes. */
static gboolean
open_read_only (PpMeasurementStore  *self,
                GError             **error)
{
  g_autofree char *wal = g_strconcat (self->path, "-wal", NULL);
  g_autoptr(GError) local_error = NULL;

  if (!open_file_read_only (self, FALSE, &local_error))
    {
      /* SQLite says SQLITE_READONLY_DIRECTORY when it may not create
       * the -shm file, SQLITE_CANTOPEN when it may not open it. */
      int code = self->db != NULL ? sqlite3_errcode (self->db) : SQLITE_NOMEM;

      if ((code != SQLITE_READONLY && code != SQLITE_CANTOPEN) || g_file_test (wal, G_FILE_TEST_EXISTS))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }

      g_debug ("Reading %s as immutable, without locks: %s", self->path, local_error->message);
      g_clear_pointer (&self->db, sqlite3_close);
      if (!open_file_read_only (self, TRUE, error))
        return FALSE;
    }

  if (self->schema_version != PP_MEASUREMENT_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, PP_ERROR, PP_ERROR_DATABASE,
                   _("The measurement store %s is read-only, and this Perfcast cannot read it "
                     "without upgrading it from schema version %u to %u"),
                   self->path, self->schema_version, PP_MEASUREMENT_STORE_SCHEMA_VERSION);
      return FALSE;
    }

  if (!(self->identity = read_identity (self)))
    return set_db_error (self, error, _("read"));

  return prepare_insert (self, error);
}

static gboolean
open_db (PpMeasurementStore  *self,
         GError             **error)
{
  g_autofree char *dir = g_path_get_dirname (self->path);
  g_autoptr(GError) local_error = NULL;

  if (g_mkdir_with_parents (dir, 0750) != 0)
    {
      int errsv = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                   _("Could not create the folder %s for the measurement store: %s"),
                   dir, g_strerror (errsv));
      return FALSE;
    }

  if (open_read_write (self, &local_error))
    return TRUE;

  /* A store the user may not write to (its file or its folder) can
   * still be listed, exported and fitted to: SQLite has then opened the
   * file read-only, or could not make the files WAL needs beside it. */
  if (self->db == NULL || !g_file_test (self->path, G_FILE_TEST_IS_REGULAR) ||
      (sqlite3_db_readonly (self->db, "main") != 1 &&
       sqlite3_errcode (self->db) != SQLITE_READONLY &&
       sqlite3_errcode (self->db) != SQLITE_CANTOPEN))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  g_clear_pointer (&self->db, sqlite3_close);
  return open_read_only (self, error);
}

static void
pp_measurement_store_finalize (GObject *object)
{
  PpMeasurementStore *self = (PpMeasurementStore *)object;

  g_clear_pointer (&self->insert_stmt, sqlite3_finalize);
  g_clear_pointer (&self->db, sqlite3_close);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->identity, g_free);
  g_mutex_clear (&self->mutex);

  G_OBJECT_CLASS (pp_measurement_store_parent_class)->finalize (object);
}

static void
pp_measurement_store_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  PpMeasurementStore *self = PP_MEASUREMENT_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, pp_measurement_store_get_path (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pp_measurement_store_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  PpMeasurementStore *self = PP_MEASUREMENT_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      self->path = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pp_measurement_store_class_init (PpMeasurementStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pp_measurement_store_finalize;
  object_class->get_property = pp_measurement_store_get_property;
  object_class->set_property = pp_measurement_store_set_property;

  /**
   * PpMeasurementStore:path:
   *
   * The database file.
   */
  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * PpMeasurementStore::changed:
   * @self: a #PpMeasurementStore
   *
   * Emitted after measurements were added, on the thread that added them
   * for the synchronous calls and on the caller's main context for the
   * asynchronous ones.
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
pp_measurement_store_init (PpMeasurementStore *self)
{
  g_mutex_init (&self->mutex);
}

/**
 * pp_measurement_store_dup_default_path:
 *
 * Returns: (transfer full): `$XDG_DATA_HOME/perfcast/perfcast.db`
 */
char *
pp_measurement_store_dup_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "perfcast", "perfcast.db", NULL);
}

/**
 * pp_measurement_store_new:
 * @path: (nullable) (type filename): the database file, created if
 *   missing, or %NULL for the default path
 * @error: return location for a #GError
 *
 * Opens (and if needed creates or migrates) a measurement store.
 *
 * A store the user may not write to (its file or its folder) opens
 * read-only, if its schema is current: it can be queried, and what
 * would write to it fails with %PP_ERROR_DATABASE. It is read with
 * SQLite's locks, which show it as other processes write it, unless its
 * folder cannot be written and no other process has it open: SQLite
 * then cannot make the -shm file that locking a WAL database takes,
 * and the store is read as immutable, without locks. A process with the
 * rights to write it that does so meanwhile is then not seen (reopen
 * the store to see its rows), and a read it overlaps could see pages
 * of two versions.
 *
 * Returns: (transfer full) (nullable): the store, or %NULL with @error set
 */
PpMeasurementStore *
pp_measurement_store_new (const char  *path,
                          GError     **error)
{
  g_autofree char *default_path = NULL;
  g_autoptr(PpMeasurementStore) self = NULL;

  if (path == NULL)
    path = default_path = pp_measurement_store_dup_default_path ();

  self = g_object_new (PP_TYPE_MEASUREMENT_STORE, "path", path, NULL);
  if (!open_db (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * pp_measurement_store_get_path:
 * @self: a #PpMeasurementStore
 *
 * Returns: (type filename): the database file
 */
const char *
pp_measurement_store_get_path (PpMeasurementStore *self)
{
  g_return_val_if_fail (PP_IS_MEASUREMENT_STORE (self), NULL);

  return self->path;
}

/**
 * pp_measurement_store_get_schema_version:
 * @self: a #PpMeasurementStore
 *
 * Returns: the database's schema version after migration
 */
guint
pp_measurement_store_get_schema_version (PpMeasurementStore *self)
{
  g_return_val_if_fail (PP_IS_MEASUREMENT_STORE (self), 0);

  return self->schema_version;
}

static char *
extras_to_json (PpMeasurement *m)
{
  GString *out;

  if (_pp_measurement_get_n_extra (m) == 0)
    return NULL;

  out = g_string_new ("{");
  for (guint i = 0; i < _pp_measurement_get_n_extra (m); i++)
    {
      g_autofree char *k = NULL;
      g_autofree char *v = NULL;
      const char *key, *value;

      _pp_measurement_get_nth_extra (m, i, &key, &value);
      k = _pp_json_escape (key);
      v = _pp_json_escape (value);
      g_string_append_printf (out, "%s%s:%s", i ? "," : "", k, v);
    }
  g_string_append_c (out, '}');

  return g_string_free (out, FALSE);
}

static void
bind_measurement (sqlite3_stmt  *stmt,
                  PpMeasurement *m,
                  gint64         now,
                  gint64         import_id)
{
  char *extra;
  gint64 measured_at;
  int i = 1;

  sqlite3_bind_int64 (stmt, i++, (sqlite3_int64)_pp_measurement_compute_key (m));
  sqlite3_bind_int64 (stmt, i++, now);
  if (_pp_measurement_get_unix_time (m, &measured_at))
    sqlite3_bind_int64 (stmt, i++, measured_at);
  else
    sqlite3_bind_null (stmt, i++);
  sqlite3_bind_int64 (stmt, i++, import_id);

  for (guint c = 0; c < PP_N_COLUMNS; c++, i++)
    {
      if (!pp_measurement_has_value (m, c))
        sqlite3_bind_null (stmt, i);
      else if (pp_column_is_numeric (c))
        sqlite3_bind_double (stmt, i, pp_measurement_get_number (m, c));
      else
        sqlite3_bind_text (stmt, i, pp_measurement_get_string (m, c), -1, SQLITE_STATIC);
    }

  extra = extras_to_json (m);
  if (extra != NULL)
    sqlite3_bind_text (stmt, i, extra, -1, g_free);
  else
    sqlite3_bind_null (stmt, i);
}

static gboolean
insert_import_record (PpMeasurementStore  *self,
                      const char          *origin,
                      gint64               now,
                      gint64              *import_id,
                      GError             **error)
{
  sqlite3_stmt *stmt = NULL;
  gboolean ok;

  if (sqlite3_prepare_v2 (self->db,
                          "INSERT INTO imports (origin, imported_at, n_added, n_duplicates) "
                          "VALUES (?, ?, 0, 0)", -1, &stmt, NULL) != SQLITE_OK)
    return set_db_error (self, error, _("write to"));

  sqlite3_bind_text (stmt, 1, origin ? origin : "", -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, now);
  ok = sqlite3_step (stmt) == SQLITE_DONE;
  sqlite3_finalize (stmt);

  if (!ok)
    return set_db_error (self, error, _("write to"));

  *import_id = sqlite3_last_insert_rowid (self->db);
  return TRUE;
}

static gboolean
finish_import_record (PpMeasurementStore  *self,
                      gint64               import_id,
                      guint                added,
                      guint                duplicates,
                      GError             **error)
{
  g_autofree char *sql =
    g_strdup_printf ("UPDATE imports SET n_added = %u, n_duplicates = %u WHERE id = %" G_GINT64_FORMAT,
                     added, duplicates, import_id);

  return exec (self, sql, _("write to"), error);
}

/* Cancellation is honoured up to the commit and not after it: once the
 * rows are in, the caller must hear that they are, or it would show a
 * store without them (and ::changed would not be emitted). */
static gboolean
insert_locked (PpMeasurementStore  *self,
               GListModel          *list,
               const char          *origin,
               guint               *n_added,
               guint               *n_duplicates,
               GCancellable        *cancellable,
               GError             **error)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  guint n = g_list_model_get_n_items (list);
  guint added = 0;
  gint64 import_id = 0;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  if (!exec (self, "BEGIN IMMEDIATE;", _("write to"), error))
    return FALSE;

  if (!insert_import_record (self, origin, now, &import_id, error))
    goto rollback;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PpMeasurement) m = g_list_model_get_item (list, i);

      if ((i & 0xff) == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        goto rollback;

      bind_measurement (self->insert_stmt, m, now, import_id);
      if (sqlite3_step (self->insert_stmt) != SQLITE_DONE)
        {
          set_db_error (self, error, _("write to"));
          sqlite3_reset (self->insert_stmt);
          goto rollback;
        }
      added += sqlite3_changes (self->db);
      sqlite3_reset (self->insert_stmt);
      sqlite3_clear_bindings (self->insert_stmt);
    }

  /* The last look before the commit, after which it has succeeded. */
  if (g_cancellable_set_error_if_cancelled (cancellable, error) ||
      !finish_import_record (self, import_id, added, n - added, error) ||
      !exec (self, "COMMIT;", _("write to"), error))
    goto rollback;

  if (n_added != NULL)
    *n_added = added;
  if (n_duplicates != NULL)
    *n_duplicates = n - added;

  return TRUE;

rollback:
  sqlite3_exec (self->db, "ROLLBACK;", NULL, NULL, NULL);
  return FALSE;
}

static gboolean
validate_all (GListModel  *list,
              GError     **error)
{
  guint n = g_list_model_get_n_items (list);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PpMeasurement) m = g_list_model_get_item (list, i);

      if (!PP_IS_MEASUREMENT (m))
        {
          g_set_error (error, PP_ERROR, PP_ERROR_INVALID_ARGUMENT,
                       _("item %u is not a measurement"), i + 1);
          return FALSE;
        }
      if (!pp_measurement_validate (m, error))
        {
          g_prefix_error (error, _("measurement %u: "), i + 1);
          return FALSE;
        }
    }

  return TRUE;
}

/* @list must have been validated: by validate_all(), or by the readers
 * (pp_measurement_list_load() checks every cell and row it reads), so
 * that imports do not check each row twice. */
static gboolean
insert_unlocked (PpMeasurementStore  *self,
                 GListModel          *list,
                 const char          *origin,
                 guint               *n_added,
                 guint               *n_duplicates,
                 GCancellable        *cancellable,
                 GError             **error)
{
  gboolean ok;

  g_mutex_lock (&self->mutex);
  ok = insert_locked (self, list, origin, n_added, n_duplicates, cancellable, error);
  g_mutex_unlock (&self->mutex);

  return ok;
}

/**
 * pp_measurement_store_insert:
 * @self: a #PpMeasurementStore
 * @measurements: a #GListModel of #PpMeasurement
 * @origin: (nullable): where they came from (a file name, "bench", …),
 *   recorded with the import
 * @n_added: (out) (optional): how many rows were new
 * @n_duplicates: (out) (optional): how many were already stored
 * @error: return location for a #GError
 *
 * Adds @measurements in one transaction: either every new row is stored
 * or, on error, none is.
 *
 * Returns: %TRUE on success
 */
gboolean
pp_measurement_store_insert (PpMeasurementStore  *self,
                             GListModel          *measurements,
                             const char          *origin,
                             guint               *n_added,
                             guint               *n_duplicates,
                             GError             **error)
{
  guint added = 0;

  g_return_val_if_fail (PP_IS_MEASUREMENT_STORE (self), FALSE);
  g_return_val_if_fail (G_IS_LIST_MODEL (measurements), FALSE);

  if (!validate_all (measurements, error) ||
      !insert_unlocked (self, measurements, origin, &added, n_duplicates, NULL, error))
    return FALSE;

  if (n_added != NULL)
    *n_added = added;
  if (added > 0)
    g_signal_emit (self, signals[CHANGED], 0);

  return TRUE;
}

/**
 * pp_measurement_store_add:
 * @self: a #PpMeasurementStore
 * @measurement: a #PpMeasurement
 * @added: (out) (optional): %FALSE if it was already stored
 * @error: return location for a #GError
 *
 * Adds one measurement, as a runner does after each job.
 *
 * Returns: %TRUE on success
 */
gboolean
pp_measurement_store_add (PpMeasurementStore  *self,
                          PpMeasurement       *measurement,
                          gboolean            *added,
                          GError             **error)
{
  g_autoptr(GListStore) list = NULL;
  guint n_added = 0;

  g_return_val_if_fail (PP_IS_MEASUREMENT_STORE (self), FALSE);
  g_return_val_if_fail (PP_IS_MEASUREMENT (measurement), FALSE);

  list = g_list_store_new (PP_TYPE_MEASUREMENT);
  g_list_store_append (list, measurement);

  if (!pp_measurement_store_insert (self, G_LIST_MODEL (list), NULL, &n_added, NULL, error))
    return FALSE;

  if (added != NULL)
    *added = n_added > 0;

  return TRUE;
}

static gboolean
import_file_unlocked (PpMeasurementStore  *self,
                      GFile               *file,
                      PpFileFormat         format,
                      guint               *n_added,
                      guint               *n_duplicates,
                      GCancellable        *cancellable,
                      GError             **error)
{
  g_autoptr(GListModel) list = NULL;
  g_autofree char *origin = g_file_get_parse_name (file);

  if (!(list = pp_measurement_list_load (file, format, cancellable, error)))
    return FALSE;

  return insert_unlocked (self, list, origin, n_added, n_duplicates, cancellable, error);
}

/**
 * pp_measurement_store_import_file:
 * @self: a #PpMeasurementStore
 * @file: a measurement CSV or JSON file
 * @format: its format, or %PP_FILE_FORMAT_AUTO
 * @n_added: (out) (optional): how many rows were new
 * @n_duplicates: (out) (optional): how many were already stored
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Reads and checks all of @file, then stores it in one transaction. A
 * malformed file is refused with an error that names the file, the line
 * and the column, and the store is left unchanged.
 *
 * Cancelling @cancellable before the transaction commits leaves the
 * store unchanged and fails with %G_IO_ERROR_CANCELLED; once it has
 * committed, the import succeeds whatever @cancellable says.
 *
 * Returns: %TRUE on success
 */
gboolean
pp_measurement_store_import_file (PpMeasurementStore  *self,
                                  GFile               *file,
                                  PpFileFormat         format,
                                  guint               *n_added,
                                  guint               *n_duplicates,
                                  GCancellable        *cancellable,
                                  GError             **error)
{
  guint added = 0;

  g_return_val_if_fail (PP_IS_MEASUREMENT_STORE (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable), FALSE);

  if (!import_file_unlocked (self, file, format, &added, n_duplicates, cancellable, error))
    return FALSE;

  if (n_added != NULL)
    *n_added = added;
  if (added > 0)
    g_signal_emit (self, signals[CHANGED], 0);

  return TRUE;
}

typedef struct
{
  GFile *file;
  PpFileFormat format;
  guint n_added;
  guint n_duplicates;
} ImportData;

static void
import_data_free (ImportData *data)
{
  g_clear_object (&data->file);
  g_free (data);
}

static void
import_file_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  PpMeasurementStore *self = source_object;
  ImportData *data = task_data;
  GError *error = NULL;

  if (!import_file_unlocked (self, data->file, data->format,
                             &data->n_added, &data->n_duplicates, cancellable, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * pp_measurement_store_import_file_async:
 * @self: a #PpMeasurementStore
 * @file: a measurement CSV or JSON file
 * @format: its format, or %PP_FILE_FORMAT_AUTO
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when the import is done
 * @user_data: (closure callback): data for @callback
 *
 * Imports @file on a worker thread, as
 * [method@Pp.MeasurementStore.import_file] does.
 */
void
pp_measurement_store_import_file_async (PpMeasurementStore  *self,
                                        GFile               *file,
                                        PpFileFormat         format,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ImportData *data;

  g_return_if_fail (PP_IS_MEASUREMENT_STORE (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  data = g_new0 (ImportData, 1);
  data->file = g_object_ref (file);
  data->format = format;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pp_measurement_store_import_file_async);
  /* The worker reports a cancellation itself, and only one that came
   * before the commit: GTask's own check would turn committed rows into
   * an error. */
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_task_data (task, data, (GDestroyNotify)import_data_free);
  g_task_run_in_thread (task, import_file_thread);
}

/**
 * pp_measurement_store_import_file_finish:
 * @self: a #PpMeasurementStore
 * @result: the #GAsyncResult
 * @n_added: (out) (optional): how many rows were new
 * @n_duplicates: (out) (optional): how many were already stored
 * @error: return location for a #GError
 *
 * Completes [method@Pp.MeasurementStore.import_file_async] and emits
 * [signal@Pp.MeasurementStore::changed] if rows were added.
 *
 * Returns: %TRUE on success
 */
gboolean
pp_measurement_store_import_file_finish (PpMeasurementStore  *self,
                                         GAsyncResult        *result,
                                         guint               *n_added,
                                         guint               *n_duplicates,
                                         GError             **error)
{
  ImportData *data;

  g_return_val_if_fail (PP_IS_MEASUREMENT_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;

  data = g_task_get_task_data (G_TASK (result));
  if (n_added != NULL)
    *n_added = data->n_added;
  if (n_duplicates != NULL)
    *n_duplicates = data->n_duplicates;
  if (data->n_added > 0)
    g_signal_emit (self, signals[CHANGED], 0);

  return TRUE;
}

/* The first parameter of the column filters, after the time range's. */
#define FIRST_FILTER_PARAMETER 5

/* A query's times are microseconds, the rows' `measured_at` (and
 * `imported_at`) whole seconds, which the index holds: rows in the
 * seconds strictly inside the range are in it, and only those in its
 * first and last second have their timestamp read, to the microsecond
 * (pp_time_usec(), as pp_measurement_query_matches() reads it). */
static void
append_where (GString            *sql,
              PpMeasurementQuery *query)
{
  g_string_append (sql,
                   " WHERE coalesce (measured_at, imported_at) BETWEEN ?1 AND ?2"
                   " AND (coalesce (measured_at, imported_at) BETWEEN ?1 + 1 AND ?2 - 1"
                   "      OR coalesce (pp_time_usec (timestamp), coalesce (measured_at, imported_at) * 1000000)"
                   "         BETWEEN ?3 AND ?4)");

  for (guint c = 0; query != NULL && c < PP_N_COLUMNS; c++)
    {
      if (query->filters[c] != NULL)
        g_string_append_printf (sql, " AND %s = ?%u", pp_column_get_name (c), c + FIRST_FILTER_PARAMETER);
    }
}

/* Rounded down, as g_date_time_to_unix() does and C's division does not. */
static gint64
usec_to_seconds (gint64 usec)
{
  return usec / G_USEC_PER_SEC - (usec % G_USEC_PER_SEC < 0);
}

static void
bind_where (sqlite3_stmt       *stmt,
            PpMeasurementQuery *query)
{
  gint64 since = query ? query->since : G_MININT64;
  gint64 until = query ? query->until : G_MAXINT64;

  sqlite3_bind_int64 (stmt, 1, usec_to_seconds (since));
  sqlite3_bind_int64 (stmt, 2, usec_to_seconds (until));
  sqlite3_bind_int64 (stmt, 3, since);
  sqlite3_bind_int64 (stmt, 4, until);

  for (guint c = 0; query != NULL && c < PP_N_COLUMNS; c++)
    {
      if (query->filters[c] != NULL)
        sqlite3_bind_text (stmt, c + FIRST_FILTER_PARAMETER, query->filters[c], -1, SQLITE_STATIC);
    }
}

static void
read_extras (PpMeasurement *m,
             const char    *json)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonObjectIter iter;
  const char *key;
  JsonNode *value;
  JsonNode *root;

  /* The store wrote this JSON itself; a row that fails to parse was
   * edited by hand and keeps its schema columns. */
  if (!_pp_json_parser_load_data (parser, json, -1, "extras", NULL) ||
      !(root = json_parser_get_root (parser)) || !JSON_NODE_HOLDS_OBJECT (root))
    return;

  json_object_iter_init (&iter, json_node_get_object (root));
  while (json_object_iter_next (&iter, &key, &value))
    {
      if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING &&
          !pp_column_from_name (key, NULL))
        pp_measurement_set_extra (m, key, json_node_get_string (value));
    }
}

static PpMeasurement *
read_row (sqlite3_stmt *stmt)
{
  PpMeasurement *m = pp_measurement_new ();

  _pp_measurement_set_id (m, sqlite3_column_int64 (stmt, 0));

  for (guint c = 0; c < PP_N_COLUMNS; c++)
    {
      int i = FIRST_VALUE_COLUMN + c;

      if (sqlite3_column_type (stmt, i) == SQLITE_NULL)
        continue;
      if (pp_column_is_numeric (c))
        pp_measurement_set_number (m, c, sqlite3_column_double (stmt, i));
      else
        pp_measurement_set_string (m, c, (const char *)sqlite3_column_text (stmt, i));
    }

  if (sqlite3_column_type (stmt, FIRST_VALUE_COLUMN + PP_N_COLUMNS) != SQLITE_NULL)
    read_extras (m, (const char *)sqlite3_column_text (stmt, FIRST_VALUE_COLUMN + PP_N_COLUMNS));

  return m;
}

/* "SELECT" and the columns read_row() reads, of the measurements
 * table as @table names it. */
static void
append_select (GString    *sql,
               const char *table)
{
  g_string_append_printf (sql, "SELECT %s.id", table);
  for (guint c = 0; c < PP_N_COLUMNS; c++)
    g_string_append_printf (sql, ", %s.%s", table, pp_column_get_name (c));
  g_string_append_printf (sql, ", %s.extra", table);
}

static char *
build_select (PpMeasurementQuery *query)
{
  GString *sql = g_string_new (NULL);

  append_select (sql, "measurements");
  g_string_append (sql, " FROM measurements");
  append_where (sql, query);

  if (query != NULL && query->limit > 0)
    {
      /* The newest rows, returned in the order they were stored. */
      g_string_append_printf (sql, " ORDER BY id DESC LIMIT %u", query->limit);
      g_string_prepend (sql, "SELECT * FROM (");
      g_string_append (sql, ") ORDER BY id");
    }
  else
    g_string_append (sql, " ORDER BY id");

  return g_string_free (sql, FALSE);
}

/* The rows @stmt reads, each passed to @read_more (when not NULL) after
 * read_row(); finalizes @stmt. */
static GListModel *
read_rows_locked (PpMeasurementStore  *self,
                  sqlite3_stmt        *stmt,
                  void               (*read_more) (sqlite3_stmt *stmt,
                                                   gpointer      user_data),
                  gpointer             user_data,
                  GCancellable        *cancellable,
                  GError             **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
  GListStore *store;
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if ((rows->len & 0xfff) == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          sqlite3_finalize (stmt);
          return NULL;
        }
      g_ptr_array_add (rows, read_row (stmt));
      if (read_more != NULL)
        read_more (stmt, user_data);
    }

  if (rc != SQLITE_DONE)
    {
      set_db_error (self, error, _("read"));
      sqlite3_finalize (stmt);
      return NULL;
    }
  sqlite3_finalize (stmt);

  store = g_list_store_new (PP_TYPE_MEASUREMENT);
  g_list_store_splice (store, 0, 0, rows->pdata, rows->len);

  return G_LIST_MODEL (store);
}

static GListModel *
query_locked (PpMeasurementStore  *self,
              PpMeasurementQuery  *query,
              GCancellable        *cancellable,
              GError             **error)
{
  g_autofree char *sql = build_select (query);
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      set_db_error (self, error, _("read"));
      return NULL;
    }

  bind_where (stmt, query);
  return read_rows_locked (self, stmt, NULL, NULL, cancellable, error);
}

static GListModel *
query_unlocked (PpMeasurementStore  *self,
                PpMeasurementQuery  *query,
                GCancellable        *cancellable,
                GError             **error)
{
  GListModel *ret;

  g_mutex_lock (&self->mutex);
  ret = query_locked (self, query, cancellable, error);
  g_mutex_unlock (&self->mutex);

  return ret;
}

/**
 * pp_measurement_store_query:
 * @self: a #PpMeasurementStore
 * @query: (nullable): which rows, or %NULL for all
 * @error: return location for a #GError
 *
 * Reads the matching measurements, oldest first.
 *
 * Returns: (transfer full) (nullable): a #GListModel of #PpMeasurement
 */
GListModel *
pp_measurement_store_query (PpMeasurementStore  *self,
                            PpMeasurementQuery  *query,
                            GError             **error)
{
  g_return_val_if_fail (PP_IS_MEASUREMENT_STORE (self), NULL);

  return query_unlocked (self, query, NULL, error);
}

static void
query_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  GError *error = NULL;
  GListModel *list;

  list = query_unlocked (source_object, task_data, cancellable, &error);
  if (list == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, list, g_object_unref);
}

/**
 * pp_measurement_store_query_async:
 * @self: a #PpMeasurementStore
 * @query: (nullable): which rows, or %NULL for all
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called with the result
 * @user_data: (closure callback): data for @callback
 *
 * Reads the matching measurements on a worker thread.
 */
void
pp_measurement_store_query_async (PpMeasurementStore  *self,
                                  PpMeasurementQuery  *query,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (PP_IS_MEASUREMENT_STORE (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pp_measurement_store_query_async);
  if (query != NULL)
    g_task_set_task_data (task, pp_measurement_query_ref (query),
                          (GDestroyNotify)pp_measurement_query_unref);
  g_task_run_in_thread (task, query_thread);
}

/**
 * pp_measurement_store_query_finish:
 * @self: a #PpMeasurementStore
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): a #GListModel of #PpMeasurement
 */
GListModel *
pp_measurement_store_query_finish (PpMeasurementStore  *self,
                                   GAsyncResult        *result,
                                   GError             **error)
{
  g_return_val_if_fail (PP_IS_MEASUREMENT_STORE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * pp_measurement_store_count:
 * @self: a #PpMeasurementStore
 * @query: (nullable): which rows, or %NULL for all
 * @count: (out): the number of matching rows
 * @error: return location for a #GError
 *
 * Returns: %TRUE on success
 */
gboolean
pp_measurement_store_count (PpMeasurementStore  *self,
                            PpMeasurementQuery  *query,
                            guint64             *count,
                            GError             **error)
{
  g_autoptr(GString) sql = g_string_new ("SELECT count(*) FROM measurements");
  sqlite3_stmt *stmt = NULL;
  gboolean ok = FALSE;

  g_return_val_if_fail (PP_IS_MEASUREMENT_STORE (self), FALSE);
  g_return_val_if_fail (count != NULL, FALSE);

  append_where (sql, query);

  g_mutex_lock (&self->mutex);
  if (sqlite3_prepare_v2 (self->db, sql->str, -1, &stmt, NULL) == SQLITE_OK)
    {
      bind_where (stmt, query);
      if ((ok = sqlite3_step (stmt) == SQLITE_ROW))
        *count = (guint64)sqlite3_column_int64 (stmt, 0);
    }
  if (!ok)
    set_db_error (self, error, _("read"));
  sqlite3_finalize (stmt);
  g_mutex_unlock (&self->mutex);

  if (ok && query != NULL && query->limit > 0)
    *count = MIN (*count, query->limit);

  return ok;
}

/**
 * pp_measurement_store_dup_stamp:
 * @self: a #PpMeasurementStore
 *
 * A string that names the store and its contents as they are now: the
 * store only ever gains rows, so its identity (written when it was
 * created: a store made anew at the same path is another store) and its
 * number of rows change whenever anything a fit could learn from does. A predictor fitted to
 * the store keeps it ([method@Pp.FittedPredictor.set_data_stamp]) so
 * that whoever loads it can tell whether it is still current.
 *
 * Returns: (transfer full) (nullable): the stamp, or %NULL when the
 *   store cannot be read (no stamp then matches a saved one)
 */
char *
pp_measurement_store_dup_stamp (PpMeasurementStore *self)
{
  guint64 count = 0;

  g_return_val_if_fail (PP_IS_MEASUREMENT_STORE (self), NULL);

  if (!pp_measurement_store_count (self, NULL, &count, NULL))
    return NULL;

  return pp_measurement_store_dup_stamp_for_rows (self, count);
}

/**
 * pp_measurement_store_dup_stamp_for_rows:
 * @self: a #PpMeasurementStore
 * @n_rows: how many of its rows, the first ones stored
 *
 * The stamp ([method@Pp.MeasurementStore.dup_stamp]) the store had when
 * it held @n_rows rows. A fit of every row a query read
 * ([method@Pp.MeasurementStore.query] without a filter, which reads
 * them oldest first) is stamped with the number it read, not with the
 * store's count after the fit: rows stored meanwhile are not in the
 * fit, and must neither make it look current nor be taken for rows it
 * saw.
 *
 * Returns: (transfer full): the stamp
 */
char *
pp_measurement_store_dup_stamp_for_rows (PpMeasurementStore *self,
                                         guint64             n_rows)
{
  g_return_val_if_fail (PP_IS_MEASUREMENT_STORE (self), NULL);

  return g_strdup_printf ("%s rows=%" G_GUINT64_FORMAT, self->identity, n_rows);
}

/* The first column of every row @sql selects, as strings. */
static char **
read_strings (PpMeasurementStore  *self,
              const char          *sql,
              GError             **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  sqlite3_stmt *stmt = NULL;
  int rc = SQLITE_ERROR;

  g_mutex_lock (&self->mutex);
  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) == SQLITE_OK)
    {
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        g_strv_builder_add (builder, (const char *)sqlite3_column_text (stmt, 0));
    }
  if (rc != SQLITE_DONE)
    set_db_error (self, error, _("read"));
  sqlite3_finalize (stmt);
  g_mutex_unlock (&self->mutex);

  return rc == SQLITE_DONE ? g_strv_builder_end (builder) : NULL;
}

/**
 * pp_measurement_store_dup_distinct:
 * @self: a #PpMeasurementStore
 * @column: a string column
 * @error: return location for a #GError
 *
 * Lists the values a column takes, sorted, e.g. for filter menus.
 *
 * Returns: (transfer full) (array zero-terminated=1) (nullable): the values
 */
char **
pp_measurement_store_dup_distinct (PpMeasurementStore  *self,
                                   PpColumn             column,
                                   GError             **error)
{
  g_autofree char *sql = NULL;

  g_return_val_if_fail (PP_IS_MEASUREMENT_STORE (self), NULL);
  g_return_val_if_fail ((guint)column < PP_N_COLUMNS, NULL);
  g_return_val_if_fail (!pp_column_is_numeric (column), NULL);

  sql = g_strdup_printf ("SELECT DISTINCT %1$s FROM measurements WHERE %1$s IS NOT NULL ORDER BY %1$s",
                         pp_column_get_name (column));

  return read_strings (self, sql, error);
}

/* Checks ------------------------------------------------------------------ */

void
_pp_check_clear (PpCheck *check)
{
  g_clear_pointer (&check->fitted_at, g_free);
}

/* Whether @stamp is one of this store's (see
 * pp_measurement_store_dup_stamp()), and how many rows it had then. */
gboolean
_pp_measurement_store_rows_in_stamp (PpMeasurementStore *self,
                                     const char         *stamp,
                                     guint64            *n_rows)
{
  const char *rest;
  char *end = NULL;

  if (stamp == NULL || !g_str_has_prefix (stamp, self->identity))
    return FALSE;

  rest = stamp + strlen (self->identity);
  if (!g_str_has_prefix (rest, " rows=") || !g_ascii_isdigit (rest[strlen (" rows=")]))
    return FALSE;

  *n_rows = g_ascii_strtoull (rest + strlen (" rows="), &end, 10);
  return end != NULL && *end == '\0';
}

/* The rows after the first @n_seen (the store only gains rows, so these
 * are the ones that arrived since it had @n_seen) that no fit has
 * checked yet, oldest first. */
GListModel *
_pp_measurement_store_query_unchecked (PpMeasurementStore  *self,
                                       guint64              n_seen,
                                       GCancellable        *cancellable,
                                       GError             **error)
{
  g_autoptr(GString) sql = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;
  GListModel *rows = NULL;
  gint64 after = 0;
  int rc = SQLITE_DONE;

  append_select (sql, "measurements");
  g_string_append (sql, " FROM measurements WHERE id > ?1 AND id NOT IN (SELECT measurement_id FROM checks)"
                        " ORDER BY id");

  g_mutex_lock (&self->mutex);

  /* The id of the last row seen: rows are numbered as they arrive. */
  if (n_seen > 0)
    {
      if (sqlite3_prepare_v2 (self->db, "SELECT id FROM measurements ORDER BY id LIMIT 1 OFFSET ?1",
                              -1, &stmt, NULL) != SQLITE_OK)
        goto out;
      sqlite3_bind_int64 (stmt, 1, (sqlite3_int64)MIN (n_seen - 1, (guint64)G_MAXINT64));
      rc = sqlite3_step (stmt);
      after = rc == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : G_MAXINT64;
      g_clear_pointer (&stmt, sqlite3_finalize);
      if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        goto out;
    }

  if (sqlite3_prepare_v2 (self->db, sql->str, -1, &stmt, NULL) != SQLITE_OK)
    goto out;
  sqlite3_bind_int64 (stmt, 1, after);
  rows = read_rows_locked (self, stmt, NULL, NULL, cancellable, error);
  g_mutex_unlock (&self->mutex);

  return rows;

out:
  set_db_error (self, error, _("read"));
  sqlite3_finalize (stmt);
  g_mutex_unlock (&self->mutex);

  return NULL;
}

static void
bind_maybe_double (sqlite3_stmt *stmt,
                   int           i,
                   double        value)
{
  if (isfinite (value))
    sqlite3_bind_double (stmt, i, value);
  else
    sqlite3_bind_null (stmt, i);
}

/* Stores @checks, one for each row of @measurements (read from this
 * store), in one transaction; a row checked already (by another
 * process, say) keeps its check. @n_added: how many were stored. */
gboolean
_pp_measurement_store_add_checks (PpMeasurementStore  *self,
                                  GListModel          *measurements,
                                  const PpCheck       *checks,
                                  guint               *n_added,
                                  GError             **error)
{
  g_autoptr(GString) sql = g_string_new ("INSERT OR IGNORE INTO checks (measurement_id, checked_at, fitted_at, "
                                         "n_training");
  sqlite3_stmt *stmt = NULL;
  guint n = g_list_model_get_n_items (measurements);
  guint added = 0;
  gboolean ok = FALSE;

  for (guint t = 0; t < PP_N_TARGETS; t++)
    g_string_append_printf (sql, ", %1$s, %1$s_lower, %1$s_upper, %1$s_confidence, %1$s_evidence",
                            pp_target_to_string (t));
  g_string_append (sql, ") VALUES (?, ?, ?, ?");
  for (guint t = 0; t < PP_N_TARGETS; t++)
    g_string_append (sql, ", ?, ?, ?, ?, ?");
  g_string_append (sql, ")");
  *n_added = 0;

  g_mutex_lock (&self->mutex);
  if (!exec (self, "BEGIN IMMEDIATE;", _("write to"), error))
    goto out;
  if (sqlite3_prepare_v2 (self->db, sql->str, -1, &stmt, NULL) != SQLITE_OK)
    {
      set_db_error (self, error, _("write to"));
      goto rollback;
    }

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PpMeasurement) m = g_list_model_get_item (measurements, i);
      const PpCheck *c = &checks[i];
      int k = 1;

      sqlite3_bind_int64 (stmt, k++, pp_measurement_get_id (m));
      sqlite3_bind_int64 (stmt, k++, c->checked_at);
      sqlite3_bind_text (stmt, k++, c->fitted_at, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, k++, c->n_training);
      for (guint t = 0; t < PP_N_TARGETS; t++)
        {
          bind_maybe_double (stmt, k++, c->predicted ? c->value[t] : NAN);
          bind_maybe_double (stmt, k++, c->predicted ? c->lower[t] : NAN);
          bind_maybe_double (stmt, k++, c->predicted ? c->upper[t] : NAN);
          bind_maybe_double (stmt, k++, c->predicted ? c->confidence[t] : NAN);
          if (c->predicted)
            sqlite3_bind_text (stmt, k++, pp_evidence_to_string (c->evidence[t]), -1, SQLITE_STATIC);
          else
            sqlite3_bind_null (stmt, k++);
        }
      if (sqlite3_step (stmt) != SQLITE_DONE)
        {
          set_db_error (self, error, _("write to"));
          goto rollback;
        }
      added += sqlite3_changes (self->db);
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
    }

  if (!exec (self, "COMMIT;", _("write to"), error))
    goto rollback;
  *n_added = added;
  ok = TRUE;
  goto out;

rollback:
  sqlite3_exec (self->db, "ROLLBACK;", NULL, NULL, NULL);
out:
  sqlite3_finalize (stmt);
  g_mutex_unlock (&self->mutex);

  return ok;
}

static PpEvidence
evidence_from_string (const char *text)
{
  for (guint e = 0; text != NULL && e < PP_N_EVIDENCES; e++)
    if (g_str_equal (text, pp_evidence_to_string (e)))
      return e;

  return PP_EVIDENCE_UNKNOWN;
}

static double
column_maybe_double (sqlite3_stmt *stmt,
                     int           i)
{
  return sqlite3_column_type (stmt, i) == SQLITE_NULL ? NAN : sqlite3_column_double (stmt, i);
}

static void
read_check_cb (sqlite3_stmt *stmt,
               gpointer      user_data)
{
  GArray *checks = user_data;
  int k = FIRST_VALUE_COLUMN + PP_N_COLUMNS + 1;
  PpCheck c = { 0 };

  c.checked_at = sqlite3_column_int64 (stmt, k++);
  c.fitted_at = g_strdup ((const char *)sqlite3_column_text (stmt, k++));
  c.n_training = sqlite3_column_int64 (stmt, k++);
  for (guint t = 0; t < PP_N_TARGETS; t++)
    {
      c.value[t] = column_maybe_double (stmt, k++);
      c.lower[t] = column_maybe_double (stmt, k++);
      c.upper[t] = column_maybe_double (stmt, k++);
      c.confidence[t] = column_maybe_double (stmt, k++);
      c.evidence[t] = evidence_from_string ((const char *)sqlite3_column_text (stmt, k++));
      c.predicted |= sqlite3_column_type (stmt, k - 1) != SQLITE_NULL;
    }
  g_array_append_val (checks, c);
}

/* The checked rows, oldest first, of the fit made at @fitted_at or of
 * every fit; their checks in @checks (PpCheck, cleared with the array). */
GListModel *
_pp_measurement_store_query_checks (PpMeasurementStore  *self,
                                    const char          *fitted_at,
                                    GArray             **checks,
                                    GError             **error)
{
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autoptr(GArray) read = g_array_new (FALSE, TRUE, sizeof (PpCheck));
  sqlite3_stmt *stmt = NULL;
  GListModel *rows;

  g_array_set_clear_func (read, (GDestroyNotify)_pp_check_clear);
  append_select (sql, "m");
  g_string_append (sql, ", c.checked_at, c.fitted_at, c.n_training");
  for (guint t = 0; t < PP_N_TARGETS; t++)
    {
      const char *name = pp_target_to_string (t);

      g_string_append_printf (sql, ", c.%1$s, c.%1$s_lower, c.%1$s_upper, c.%1$s_confidence, c.%1$s_evidence",
                              name);
    }
  g_string_append (sql, " FROM measurements AS m JOIN checks AS c ON c.measurement_id = m.id");
  if (fitted_at != NULL)
    g_string_append (sql, " WHERE c.fitted_at = ?1");
  g_string_append (sql, " ORDER BY m.id");

  g_mutex_lock (&self->mutex);
  if (sqlite3_prepare_v2 (self->db, sql->str, -1, &stmt, NULL) != SQLITE_OK)
    {
      set_db_error (self, error, _("read"));
      g_mutex_unlock (&self->mutex);
      return NULL;
    }
  if (fitted_at != NULL)
    sqlite3_bind_text (stmt, 1, fitted_at, -1, SQLITE_STATIC);
  rows = read_rows_locked (self, stmt, read_check_cb, read, NULL, error);
  g_mutex_unlock (&self->mutex);

  if (rows != NULL)
    *checks = g_steal_pointer (&read);

  return rows;
}

/**
 * pp_measurement_store_dup_checked_fits:
 * @self: a #PpMeasurementStore
 * @error: return location for a #GError
 *
 * Lists the fits that checked rows of the store: for each, when it was
 * fitted (as [method@Pp.FittedPredictor.get_fitted_at] gives it), in
 * the order of their checks. See
 * [method@Pp.FittedPredictor.check_store].
 *
 * Returns: (transfer full) (array zero-terminated=1) (nullable): the fits
 */
char **
pp_measurement_store_dup_checked_fits (PpMeasurementStore  *self,
                                       GError             **error)
{
  g_return_val_if_fail (PP_IS_MEASUREMENT_STORE (self), NULL);

  return read_strings (self, "SELECT fitted_at FROM checks GROUP BY fitted_at ORDER BY min (measurement_id)",
                       error);
}

/**
 * pp_measurement_store_export_file:
 * @self: a #PpMeasurementStore
 * @query: (nullable): which rows, or %NULL for all
 * @file: where to write
 * @format: CSV or JSON, or %PP_FILE_FORMAT_AUTO to go by the name
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Writes the matching rows so that importing @file into an empty store
 * gives the same rows back.
 *
 * Returns: %TRUE on success
 */
gboolean
pp_measurement_store_export_file (PpMeasurementStore  *self,
                                  PpMeasurementQuery  *query,
                                  GFile               *file,
                                  PpFileFormat         format,
                                  GCancellable        *cancellable,
                                  GError             **error)
{
  g_autoptr(GListModel) list = NULL;

  g_return_val_if_fail (PP_IS_MEASUREMENT_STORE (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  if (!(list = query_unlocked (self, query, cancellable, error)))
    return FALSE;

  return pp_measurement_list_save (list, file, format, cancellable, error);
}

/**
 * pp_measurement_store_dup_default_datasets_dir:
 *
 * Returns: (transfer full) (type filename): the folder of the data sets
 *   Perfcast ships (`datasets` in its data folder)
 */
char *
pp_measurement_store_dup_default_datasets_dir (void)
{
  return g_build_filename (_pp_get_data_dir (), "datasets", NULL);
}

static gboolean
seed_unlocked (PpMeasurementStore  *self,
               guint               *n_added,
               GCancellable        *cancellable,
               GError             **error)
{
  g_autofree char *dir_path = pp_measurement_store_dup_default_datasets_dir ();
  g_autoptr(GListStore) all = g_list_store_new (PP_TYPE_MEASUREMENT);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) dir = NULL;
  const char *name;
  guint64 count = 0;

  *n_added = 0;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  if (!pp_measurement_store_count (self, NULL, &count, error))
    return FALSE;
  if (count > 0)
    return TRUE;

  if (!(dir = g_dir_open (dir_path, 0, error)))
    return FALSE;
  while ((name = g_dir_read_name (dir)))
    {
      if (g_str_has_suffix (name, ".csv"))
        g_ptr_array_add (names, g_build_filename (dir_path, name, NULL));
    }
  g_ptr_array_sort (names, _pp_compare_string_ptrs);

  /* All files or none: a broken bundled file must not leave the store
   * half seeded, or the next start would think it was seeded. */
  for (guint i = 0; i < names->len; i++)
    {
      g_autoptr(GFile) file = g_file_new_for_path (names->pdata[i]);
      g_autoptr(GListModel) list = NULL;
      guint n;

      if (!(list = pp_measurement_list_load (file, PP_FILE_FORMAT_CSV, cancellable, error)))
        return FALSE;

      n = g_list_model_get_n_items (list);
      for (guint j = 0; j < n; j++)
        {
          g_autoptr(GObject) item = g_list_model_get_item (list, j);
          g_list_store_append (all, item);
        }
    }

  return insert_unlocked (self, G_LIST_MODEL (all), "perfcast default data sets",
                          n_added, NULL, cancellable, error);
}

/**
 * pp_measurement_store_seed:
 * @self: a #PpMeasurementStore
 * @n_added: (out) (optional): how many rows were loaded
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Loads the data sets Perfcast ships into @self if it is empty, as the
 * app and `perfcast-cli demo` do on first start. A store that holds
 * anything is left alone. @cancellable is honoured as
 * [method@Pp.MeasurementStore.import_file] honours it.
 *
 * Returns: %TRUE on success
 */
gboolean
pp_measurement_store_seed (PpMeasurementStore  *self,
                           guint               *n_added,
                           GCancellable        *cancellable,
                           GError             **error)
{
  guint added = 0;

  g_return_val_if_fail (PP_IS_MEASUREMENT_STORE (self), FALSE);
  g_return_val_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable), FALSE);

  if (!seed_unlocked (self, &added, cancellable, error))
    return FALSE;

  if (n_added != NULL)
    *n_added = added;
  if (added > 0)
    g_signal_emit (self, signals[CHANGED], 0);

  return TRUE;
}

static void
seed_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  guint added = 0;

  if (!seed_unlocked (source_object, &added, cancellable, &error))
    g_task_return_error (task, error);
  else
    g_task_return_int (task, added);
}

/**
 * pp_measurement_store_seed_async:
 * @self: a #PpMeasurementStore
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when done
 * @user_data: (closure callback): data for @callback
 *
 * Runs [method@Pp.MeasurementStore.seed] on a worker thread.
 */
void
pp_measurement_store_seed_async (PpMeasurementStore  *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (PP_IS_MEASUREMENT_STORE (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pp_measurement_store_seed_async);
  /* As in pp_measurement_store_import_file_async(). */
  g_task_set_check_cancellable (task, FALSE);
  g_task_run_in_thread (task, seed_thread);
}

/**
 * pp_measurement_store_seed_finish:
 * @self: a #PpMeasurementStore
 * @result: the #GAsyncResult
 * @n_added: (out) (optional): how many rows were loaded
 * @error: return location for a #GError
 *
 * Completes [method@Pp.MeasurementStore.seed_async] and emits
 * [signal@Pp.MeasurementStore::changed] if rows were loaded.
 *
 * Returns: %TRUE on success
 */
gboolean
pp_measurement_store_seed_finish (PpMeasurementStore  *self,
                                  GAsyncResult        *result,
                                  guint               *n_added,
                                  GError             **error)
{
  gssize added;

  g_return_val_if_fail (PP_IS_MEASUREMENT_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  added = g_task_propagate_int (G_TASK (result), error);
  if (added < 0)
    return FALSE;

  if (n_added != NULL)
    *n_added = (guint)added;
  if (added > 0)
    g_signal_emit (self, signals[CHANGED], 0);

  return TRUE;
}
