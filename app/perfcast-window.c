/* perfcast-window.c
 *
 * Copyright 2026 The Perfcast authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#define G_LOG_DOMAIN "perfcast-window"

#include "config.h"

#include "perfcast-window.h"

#include "perfcast-predict-page.h"

#include <math.h>

#include <glib/gi18n.h>

struct _PerfcastWindow
{
  GtkApplicationWindow  parent_instance;

  /* Owned references */
  PpMeasurementStore   *store;
  GSettings            *settings;
  GCancellable         *cancellable;
  GtkNativeDialog      *file_chooser;
  char                 *hardware_choice;
  char                 *precision_choice;

  /* Template widgets and list objects, owned by the template */
  GtkInfoBar           *banner;
  GtkLabel             *banner_label;
  GtkBox               *filter_bar;
  GtkSearchEntry       *search_entry;
  GtkDropDown          *hardware_dropdown;
  GtkStringList        *hardware_choices;
  GtkDropDown          *precision_dropdown;
  GtkStringList        *precision_choices;
  GtkStack             *stack;
  GtkSpinner           *spinner;
  GtkLabel             *empty_title;
  GtkLabel             *empty_description;
  GtkButton            *empty_import_button;
  GtkColumnView        *column_view;
  GtkSortListModel     *sort_model;
  GtkFilterListModel   *filter_model;
  GtkStringFilter      *model_search_filter;
  GtkStringFilter      *hardware_search_filter;
  GtkStringFilter      *hardware_filter;
  GtkStringFilter      *precision_filter;
  GtkLabel             *status_label;
  GtkStack             *views;

  gulong                changed_handler;

  guint                 querying : 1;
  guint                 reload_pending : 1;
  guint                 updating_choices : 1;
};

/* What an import or export needs to finish. The export worker reads only
 * @store and @file; @self is for the main thread. */
typedef struct
{
  PerfcastWindow     *self;
  PpMeasurementStore *store;
  GFile              *file;
} Request;

enum {
  PROP_0,
  PROP_SETTINGS,
  PROP_STORE,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (PerfcastWindow, perfcast_window, GTK_TYPE_APPLICATION_WINDOW)

static GParamSpec *properties[N_PROPS];

static void reload (PerfcastWindow *self);

static Request *
request_new (PerfcastWindow *self,
             GFile          *file)
{
  Request *request = g_new0 (Request, 1);

  request->self = g_object_ref (self);
  request->store = g_object_ref (self->store);
  request->file = g_object_ref (file);

  return request;
}

static void
request_free (Request *request)
{
  g_clear_object (&request->self);
  g_clear_object (&request->store);
  g_clear_object (&request->file);
  g_free (request);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Request, request_free)

static char *
dup_display_name (GFile *file)
{
  const char *path = g_file_peek_path (file);

  if (path != NULL)
    return g_filename_display_basename (path);

  return g_file_get_parse_name (file);
}

static char *
format_number (double value,
               int    digits)
{
  /* NaN means "not reported"; an empty cell says that better than "nan". */
  if (isnan (value))
    return NULL;

  return g_strdup_printf ("%.*f", digits, value);
}

static char *
format_count_cb (gpointer instance,
                 guint    value)
{
  return value == 0 ? NULL : g_strdup_printf ("%u", value);
}

static char *
format_latency_cb (gpointer instance,
                   double   value)
{
  return format_number (value, fabs (value) < 10 ? 3 : 2);
}

static char *
format_throughput_cb (gpointer instance,
                      double   value)
{
  return format_number (value, 1);
}

static char *
format_memory_cb (gpointer instance,
                  double   value)
{
  return format_number (value, 1);
}

/* A value that was not reported ranks as the worst one, so that sorting a
 * column in its useful direction (fastest, highest throughput, least
 * memory) leaves those rows at the end. GTK 4.8's numeric sorter also
 * has no consistent order for NaN, which would scramble the sort. */
static double
rank_lower_is_better_cb (gpointer instance,
                         double   value)
{
  return isnan (value) ? INFINITY : value;
}

static double
rank_higher_is_better_cb (gpointer instance,
                          double   value)
{
  return isnan (value) ? -INFINITY : value;
}

/* GTK 4.8's string sorter warns on NULL; an empty string sorts the same. */
static char *
sort_key_cb (gpointer    instance,
             const char *value)
{
  return g_strdup (value != NULL ? value : "");
}

static guint
rank_count_cb (gpointer instance,
               guint    value)
{
  return value == 0 ? G_MAXUINT : value;
}

static void
show_banner (PerfcastWindow *self,
             GtkMessageType  type,
             const char     *message)
{
  gtk_info_bar_set_message_type (self->banner, type);
  gtk_label_set_text (self->banner_label, message);
  gtk_info_bar_set_revealed (self->banner, TRUE);
}

static void
banner_response_cb (PerfcastWindow *self,
                    int             response,
                    GtkInfoBar     *banner)
{
  gtk_info_bar_set_revealed (banner, FALSE);
}

static void
show_page (PerfcastWindow *self,
           const char     *name)
{
  if (g_str_equal (name, "loading"))
    gtk_spinner_start (self->spinner);
  else
    gtk_spinner_stop (self->spinner);

  gtk_stack_set_visible_child_name (self->stack, name);
}

static void
show_empty (PerfcastWindow *self,
            const char     *title,
            const char     *description)
{
  gtk_label_set_text (self->empty_title, title);
  gtk_label_set_text (self->empty_description, description);
  show_page (self, "empty");
}

static void
update_status (PerfcastWindow *self)
{
  GListModel *rows = gtk_filter_list_model_get_model (self->filter_model);
  guint total = rows != NULL ? g_list_model_get_n_items (rows) : 0;
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->sort_model));
  g_autofree char *text = NULL;

  if (rows == NULL)
    {
      gtk_label_set_text (self->status_label, "");
      return;
    }

  /* translators: shown below the table; the first number counts the rows
   * that pass the search and filters, the second all rows */
  text = g_strdup_printf (ngettext ("%u of %u measurement", "%u of %u measurements", total),
                          shown, total);
  gtk_label_set_text (self->status_label, text);
}

static guint
find_choice (GtkStringList *list,
             const char    *choice)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (list));

  /* Position 0 is "All". */
  for (guint i = 1; choice != NULL && i < n; i++)
    {
      if (g_strcmp0 (gtk_string_list_get_string (list, i), choice) == 0)
        return i;
    }

  return 0;
}

static void
fill_choices (PerfcastWindow  *self,
              GtkDropDown     *dropdown,
              GtkStringList   *list,
              GtkStringFilter *filter,
              PpColumn         column,
              const char      *choice)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) values = NULL;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (list));
  guint position;

  if (!(values = pp_measurement_store_dup_distinct (self->store, column, &error)))
    {
      show_banner (self, GTK_MESSAGE_WARNING, error->message);
      return;
    }

  self->updating_choices = TRUE;
  gtk_string_list_splice (list, 1, n - 1, (const char * const *)values);
  position = find_choice (list, choice);
  gtk_drop_down_set_selected (dropdown, position);
  self->updating_choices = FALSE;

  /* A remembered choice that the data lacks shows everything, but it
   * stays remembered so that it applies again once such rows come back. */
  gtk_string_filter_set_search (filter, position == 0 ? NULL : choice);
}

static void
refresh_choices (PerfcastWindow *self)
{
  fill_choices (self, self->hardware_dropdown, self->hardware_choices,
                self->hardware_filter, PP_COLUMN_HARDWARE, self->hardware_choice);
  fill_choices (self, self->precision_dropdown, self->precision_choices,
                self->precision_filter, PP_COLUMN_PRECISION, self->precision_choice);
}

static void
filter_choice_changed_cb (PerfcastWindow *self,
                          GParamSpec     *pspec,
                          GtkDropDown    *dropdown)
{
  gboolean is_hardware = dropdown == self->hardware_dropdown;
  GtkStringList *list = is_hardware ? self->hardware_choices : self->precision_choices;
  char **choice = is_hardware ? &self->hardware_choice : &self->precision_choice;
  guint position = gtk_drop_down_get_selected (dropdown);
  const char *value = NULL;

  if (self->updating_choices)
    return;

  if (position != 0 && position != GTK_INVALID_LIST_POSITION)
    value = gtk_string_list_get_string (list, position);

  g_free (*choice);
  *choice = g_strdup (value);

  gtk_string_filter_set_search (is_hardware ? self->hardware_filter : self->precision_filter,
                                value);

  if (self->settings != NULL)
    g_settings_set_string (self->settings,
                           is_hardware ? "hardware-filter" : "precision-filter",
                           value != NULL ? value : "");
}

static void
sorter_changed_cb (PerfcastWindow  *self,
                   GtkSorterChange  change,
                   GtkSorter       *sorter)
{
  g_autoptr(GtkSelectionModel) model = NULL;

  /* GTK 4.8 keeps the rows that were on screen in view while they move,
   * which hides the new order. A list that gets its model again starts
   * at the top, and it only rebuilds the rows on screen. */
  model = g_object_ref (gtk_column_view_get_model (self->column_view));
  gtk_column_view_set_model (self->column_view, NULL);
  gtk_column_view_set_model (self->column_view, model);
}

static void
search_changed_cb (PerfcastWindow *self,
                   GtkSearchEntry *entry)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));

  gtk_string_filter_set_search (self->model_search_filter, text);
  gtk_string_filter_set_search (self->hardware_search_filter, text);
}

static void
stop_search_cb (PerfcastWindow *self,
                GtkSearchEntry *entry)
{
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
}

static void
set_rows (PerfcastWindow *self,
          GListModel     *rows)
{
  /* Filters first, so the new rows are filtered and sorted only once. */
  refresh_choices (self);
  gtk_filter_list_model_set_model (self->filter_model, rows);
  update_status (self);

  if (g_list_model_get_n_items (rows) > 0)
    show_page (self, "table");
  else
    show_empty (self,
                _("No Measurements Yet"),
                _("Import a CSV or JSON file of measurements to compare models and hardware."));
}

static void
query_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(PerfcastWindow) self = user_data;
  g_autoptr(GListModel) rows = NULL;
  g_autoptr(GError) error = NULL;

  rows = pp_measurement_store_query_finish (PP_MEASUREMENT_STORE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->querying = FALSE;

  if (rows != NULL)
    set_rows (self, rows);
  else
    show_empty (self, _("Could Not Read Measurements"), error->message);

  if (self->reload_pending)
    reload (self);
}

static void
reload (PerfcastWindow *self)
{
  if (self->store == NULL)
    return;

  /* A query in flight may miss the change, so ask again after it. */
  if (self->querying)
    {
      self->reload_pending = TRUE;
      return;
    }

  self->querying = TRUE;
  self->reload_pending = FALSE;
  pp_measurement_store_query_async (self->store, NULL, self->cancellable,
                                    query_cb, g_object_ref (self));
}

static void
store_changed_cb (PerfcastWindow     *self,
                  PpMeasurementStore *store)
{
  reload (self);
}

static void
seed_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(PerfcastWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  ok = pp_measurement_store_seed_finish (PP_MEASUREMENT_STORE (object), result, NULL, &error);

  /* Only dispose cancels: rows seeded before it are kept and reported
   * as success, but there is no window left to show them in. */
  if (g_cancellable_is_cancelled (self->cancellable))
    return;

  if (!ok)
    {
      g_autofree char *message = NULL;

      message = g_strdup_printf (_("Could not load the bundled data sets. %s"), error->message);
      show_banner (self, GTK_MESSAGE_WARNING, message);
    }

  /* Seeding that added rows emitted ::changed, which already reloads. */
  if (!self->querying)
    reload (self);
}

static void
import_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(Request) request = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *imported = NULL;
  g_autofree char *skipped = NULL;
  g_autofree char *message = NULL;
  guint n_added = 0;
  guint n_duplicates = 0;
  gboolean ok;

  ok = pp_measurement_store_import_file_finish (PP_MEASUREMENT_STORE (object), result,
                                                &n_added, &n_duplicates, &error);

  /* As in seed_cb(): an import that committed succeeds even when the
   * window was closed meanwhile, and then there is no banner to show. */
  if (g_cancellable_is_cancelled (request->self->cancellable))
    return;

  if (!ok)
    {
      /* The message names the file, line and column already. */
      message = g_strdup_printf (_("Could not import measurements. %s"), error->message);
      show_banner (request->self, GTK_MESSAGE_ERROR, message);
      return;
    }

  name = dup_display_name (request->file);
  imported = g_strdup_printf (ngettext ("Imported %u measurement from “%s”.",
                                        "Imported %u measurements from “%s”.",
                                        n_added),
                              n_added, name);
  if (n_duplicates > 0)
    /* translators: a second sentence after "Imported … from …" */
    skipped = g_strdup_printf (ngettext ("Skipped %u that was already in the database.",
                                         "Skipped %u that were already in the database.",
                                         n_duplicates),
                               n_duplicates);

  message = g_strjoin (" ", imported, skipped, NULL);
  show_banner (request->self, GTK_MESSAGE_INFO, message);
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Request *request = task_data;
  GError *error = NULL;

  /* The store serialises access itself, so a worker may use it. */
  if (!pp_measurement_store_export_file (request->store, NULL, request->file, PP_FILE_FORMAT_AUTO,
                                         cancellable, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
export_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  PerfcastWindow *self = PERFCAST_WINDOW (object);
  Request *request = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *message = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      message = g_strdup_printf (_("Could not export measurements. %s"), error->message);
      show_banner (self, GTK_MESSAGE_ERROR, message);
      return;
    }

  name = dup_display_name (request->file);
  message = g_strdup_printf (_("Exported all measurements to “%s”."), name);
  show_banner (self, GTK_MESSAGE_INFO, message);
}

static GFile *
take_chosen_file (PerfcastWindow  *self,
                  GtkNativeDialog *dialog,
                  int              response)
{
  g_autoptr(GtkNativeDialog) chooser = g_steal_pointer (&self->file_chooser);

  g_assert (chooser == dialog);

  if (response != GTK_RESPONSE_ACCEPT)
    return NULL;

  return gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
}

static void
import_response_cb (PerfcastWindow  *self,
                    int              response,
                    GtkNativeDialog *dialog)
{
  g_autoptr(GFile) file = take_chosen_file (self, dialog, response);

  if (file == NULL)
    return;

  pp_measurement_store_import_file_async (self->store, file, PP_FILE_FORMAT_AUTO,
                                          self->cancellable, import_cb,
                                          request_new (self, file));
}

static void
export_response_cb (PerfcastWindow  *self,
                    int              response,
                    GtkNativeDialog *dialog)
{
  g_autoptr(GFile) file = take_chosen_file (self, dialog, response);
  g_autoptr(GTask) task = NULL;

  if (file == NULL)
    return;

  /* The store has no export_async yet, so run the export on a worker. */
  task = g_task_new (self, self->cancellable, export_cb, NULL);
  g_task_set_source_tag (task, perfcast_window_export);
  g_task_set_task_data (task, request_new (self, file), (GDestroyNotify)request_free);
  g_task_run_in_thread (task, export_thread);
}

static GtkFileFilter *
new_file_filter (const char *name,
                 const char *suffix,
                 const char *mime_type)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, name);
  if (suffix != NULL)
    gtk_file_filter_add_suffix (filter, suffix);
  if (mime_type != NULL)
    gtk_file_filter_add_mime_type (filter, mime_type);

  return filter;
}

static void
add_file_filters (GtkFileChooser *chooser,
                  gboolean        with_any)
{
  g_autoptr(GtkFileFilter) csv = new_file_filter (_("CSV Files"), "csv", "text/csv");
  g_autoptr(GtkFileFilter) json = new_file_filter (_("JSON Files"), "json", "application/json");

  if (with_any)
    {
      g_autoptr(GtkFileFilter) any = new_file_filter (_("Measurement Files"), "csv", "text/csv");

      gtk_file_filter_add_suffix (any, "json");
      gtk_file_filter_add_mime_type (any, "application/json");
      gtk_file_chooser_add_filter (chooser, any);
    }

  gtk_file_chooser_add_filter (chooser, csv);
  gtk_file_chooser_add_filter (chooser, json);
}

static void
show_file_chooser (PerfcastWindow       *self,
                   GtkFileChooserNative *chooser,
                   GCallback             response_cb)
{
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect_object (chooser, "response", response_cb, self, G_CONNECT_SWAPPED);

  self->file_chooser = GTK_NATIVE_DIALOG (chooser);
  gtk_native_dialog_show (self->file_chooser);
}

static void
focus_search_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  PerfcastWindow *self = (PerfcastWindow *)widget;

  g_assert (PERFCAST_IS_WINDOW (self));

  /* The search is of measurements: from the predict page, go to them. */
  gtk_stack_set_visible_child_name (self->views, "measurements");
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static char *
dup_choice_setting (GSettings  *settings,
                    const char *key)
{
  g_autofree char *value = g_settings_get_string (settings, key);

  return value[0] != '\0' ? g_steal_pointer (&value) : NULL;
}

static void
restore_state (PerfcastWindow *self)
{
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  self->hardware_choice = dup_choice_setting (self->settings, "hardware-filter");
  self->precision_choice = dup_choice_setting (self->settings, "precision-filter");
}

static gboolean
perfcast_window_close_request (GtkWindow *window)
{
  PerfcastWindow *self = (PerfcastWindow *)window;
  int width = 0;
  int height = 0;

  g_assert (PERFCAST_IS_WINDOW (self));

  if (self->settings != NULL)
    {
      /* The default size follows the unmaximized size as the user resizes. */
      gtk_window_get_default_size (window, &width, &height);
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
      g_settings_set_boolean (self->settings, "window-maximized",
                              gtk_window_is_maximized (window));
    }

  return GTK_WINDOW_CLASS (perfcast_window_parent_class)->close_request (window);
}

/* Typing anywhere searches the measurements, but only where they show:
 * on the predict page keys belong to its form. */
static void
view_changed_cb (PerfcastWindow *self)
{
  gboolean measurements;

  /* The stack may notify while the template is built, before the
   * window's pointers to its children are set. */
  if (self->views == NULL || self->search_entry == NULL)
    return;

  measurements = g_strcmp0 (gtk_stack_get_visible_child_name (self->views), "measurements") == 0;
  gtk_search_entry_set_key_capture_widget (self->search_entry, measurements ? GTK_WIDGET (self) : NULL);
}

static void
add_predict_page (PerfcastWindow *self)
{
  g_autoptr(PpCatalog) catalog = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *page;

  if (!(catalog = pp_catalog_new_default (&error)))
    {
      g_autofree char *message = g_strdup_printf (_("Could not load the catalog of models and devices, "
                                                    "so nothing can be predicted. %s"), error->message);

      show_banner (self, GTK_MESSAGE_WARNING, message);
      return;
    }

  page = perfcast_predict_page_new (catalog, self->store);
  /* translators: the title of the page that predicts a workload */
  gtk_stack_add_titled (self->views, page, "predict", _("Predict"));
}

static void
perfcast_window_constructed (GObject *object)
{
  PerfcastWindow *self = (PerfcastWindow *)object;

  G_OBJECT_CLASS (perfcast_window_parent_class)->constructed (object);

  if (self->settings != NULL)
    restore_state (self);

  /* Without a store there is nothing to fit a predictor to. */
  if (self->store == NULL)
    return;

  add_predict_page (self);

  self->changed_handler =
    g_signal_connect_object (self->store, "changed", G_CALLBACK (store_changed_cb),
                             self, G_CONNECT_SWAPPED);

  /* Seeding only fills an empty store; the query runs once it is done so
   * that a first start does not flash the empty state. */
  show_page (self, "loading");
  pp_measurement_store_seed_async (self->store, self->cancellable, seed_cb, g_object_ref (self));
}

static void
perfcast_window_dispose (GObject *object)
{
  PerfcastWindow *self = (PerfcastWindow *)object;

  g_cancellable_cancel (self->cancellable);

  if (self->file_chooser != NULL)
    gtk_native_dialog_destroy (self->file_chooser);
  g_clear_object (&self->file_chooser);

  if (self->store != NULL)
    g_clear_signal_handler (&self->changed_handler, self->store);

  /* Tearing the columns down changes the sorter; there is no list left
   * to show it in. */
  if (self->column_view != NULL)
    g_signal_handlers_disconnect_by_func (gtk_column_view_get_sorter (self->column_view),
                                          sorter_changed_cb, self);

  gtk_widget_dispose_template (GTK_WIDGET (self), PERFCAST_TYPE_WINDOW);

  g_clear_object (&self->store);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (perfcast_window_parent_class)->dispose (object);
}

static void
perfcast_window_finalize (GObject *object)
{
  PerfcastWindow *self = (PerfcastWindow *)object;

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->hardware_choice, g_free);
  g_clear_pointer (&self->precision_choice, g_free);

  G_OBJECT_CLASS (perfcast_window_parent_class)->finalize (object);
}

static void
perfcast_window_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  PerfcastWindow *self = PERFCAST_WINDOW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, perfcast_window_get_store (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
perfcast_window_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  PerfcastWindow *self = PERFCAST_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;

    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
perfcast_window_class_init (PerfcastWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = perfcast_window_constructed;
  object_class->dispose = perfcast_window_dispose;
  object_class->finalize = perfcast_window_finalize;
  object_class->get_property = perfcast_window_get_property;
  object_class->set_property = perfcast_window_set_property;

  window_class->close_request = perfcast_window_close_request;

  /**
   * PerfcastWindow:settings:
   *
   * Where the window keeps its size and filters, or %NULL.
   */
  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL,
                         G_TYPE_SETTINGS,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * PerfcastWindow:store:
   *
   * The measurements shown, or %NULL when the database could not be opened.
   */
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         PP_TYPE_MEASUREMENT_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The template's expressions look PpMeasurement up by name. */
  g_type_ensure (PP_TYPE_MEASUREMENT);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/perfcast/Perfcast/ui/perfcast-window.ui");
  gtk_widget_class_bind_template_child (widget_class, PerfcastWindow, banner);
  gtk_widget_class_bind_template_child (widget_class, PerfcastWindow, banner_label);
  gtk_widget_class_bind_template_child (widget_class, PerfcastWindow, column_view);
  gtk_widget_class_bind_template_child (widget_class, PerfcastWindow, empty_description);
  gtk_widget_class_bind_template_child (widget_class, PerfcastWindow, empty_import_button);
  gtk_widget_class_bind_template_child (widget_class, PerfcastWindow, empty_title);
  gtk_widget_class_bind_template_child (widget_class, PerfcastWindow, filter_bar);
  gtk_widget_class_bind_template_child (widget_class, PerfcastWindow, filter_model);
  gtk_widget_class_bind_template_child (widget_class, PerfcastWindow, hardware_choices);
  gtk_widget_class_bind_template_child (widget_class, PerfcastWindow, hardware_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PerfcastWindow, hardware_filter);
  gtk_widget_class_bind_template_child (widget_class, PerfcastWindow, hardware_search_filter);
  gtk_widget_class_bind_template_child (widget_class, PerfcastWindow, model_search_filter);
  gtk_widget_class_bind_template_child (widget_class, PerfcastWindow, precision_choices);
  gtk_widget_class_bind_template_child (widget_class, PerfcastWindow, precision_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PerfcastWindow, precision_filter);
  gtk_widget_class_bind_template_child (widget_class, PerfcastWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, PerfcastWindow, sort_model);
  gtk_widget_class_bind_template_child (widget_class, PerfcastWindow, spinner);
  gtk_widget_class_bind_template_child (widget_class, PerfcastWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, PerfcastWindow, status_label);
  gtk_widget_class_bind_template_child (widget_class, PerfcastWindow, views);
  gtk_widget_class_bind_template_callback (widget_class, banner_response_cb);
  gtk_widget_class_bind_template_callback (widget_class, filter_choice_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, format_count_cb);
  gtk_widget_class_bind_template_callback (widget_class, format_latency_cb);
  gtk_widget_class_bind_template_callback (widget_class, format_memory_cb);
  gtk_widget_class_bind_template_callback (widget_class, format_throughput_cb);
  gtk_widget_class_bind_template_callback (widget_class, rank_count_cb);
  gtk_widget_class_bind_template_callback (widget_class, rank_higher_is_better_cb);
  gtk_widget_class_bind_template_callback (widget_class, rank_lower_is_better_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, sort_key_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, view_changed_cb);

  gtk_widget_class_install_action (widget_class, "window.focus-search", NULL, focus_search_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK,
                                       "window.focus-search", NULL);
}

static void
perfcast_window_init (PerfcastWindow *self)
{
  GtkSorter *sorter;

  self->cancellable = g_cancellable_new ();

  /* Building the template selects the dropdowns' first rows before the
   * template children are bound; that is not a user's choice. */
  self->updating_choices = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
  self->updating_choices = FALSE;

  sorter = gtk_column_view_get_sorter (self->column_view);
  gtk_sort_list_model_set_sorter (self->sort_model, sorter);
  g_signal_connect_object (sorter, "changed", G_CALLBACK (sorter_changed_cb),
                           self, G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self));
  g_signal_connect_object (self->sort_model, "items-changed", G_CALLBACK (update_status),
                           self, G_CONNECT_SWAPPED);
}

/**
 * perfcast_window_new:
 * @application: the application
 * @store: (nullable): the measurements to show, or %NULL if the database
 *   could not be opened
 *
 * Returns: (transfer none): a new window, owned by @application
 */
PerfcastWindow *
perfcast_window_new (PerfcastApplication *application,
                     PpMeasurementStore  *store)
{
  g_return_val_if_fail (PERFCAST_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (!store || PP_IS_MEASUREMENT_STORE (store), NULL);

  return g_object_new (PERFCAST_TYPE_WINDOW,
                       "application", application,
                       "settings", perfcast_application_get_settings (application),
                       "store", store,
                       NULL);
}

/**
 * perfcast_window_get_store:
 * @self: a #PerfcastWindow
 *
 * Returns: (transfer none) (nullable): the store shown
 */
PpMeasurementStore *
perfcast_window_get_store (PerfcastWindow *self)
{
  g_return_val_if_fail (PERFCAST_IS_WINDOW (self), NULL);

  return self->store;
}

/**
 * perfcast_window_show_store_error:
 * @self: a #PerfcastWindow
 * @error: why the database could not be opened
 *
 * Replaces the table with a page that explains @error.
 */
void
perfcast_window_show_store_error (PerfcastWindow *self,
                                  const GError   *error)
{
  g_return_if_fail (PERFCAST_IS_WINDOW (self));
  g_return_if_fail (error != NULL);

  gtk_widget_set_sensitive (GTK_WIDGET (self->filter_bar), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->empty_import_button), FALSE);
  show_empty (self, _("Could Not Open the Measurement Database"), error->message);
}

/**
 * perfcast_window_import:
 * @self: a #PerfcastWindow
 *
 * Asks for a CSV or JSON file and adds its measurements to the store.
 */
void
perfcast_window_import (PerfcastWindow *self)
{
  GtkFileChooserNative *chooser;

  g_return_if_fail (PERFCAST_IS_WINDOW (self));

  if (self->store == NULL || self->file_chooser != NULL)
    return;

  chooser = gtk_file_chooser_native_new (_("Import Measurements"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN,
                                         _("_Import"), _("_Cancel"));
  add_file_filters (GTK_FILE_CHOOSER (chooser), TRUE);
  show_file_chooser (self, chooser, G_CALLBACK (import_response_cb));
}

/**
 * perfcast_window_export:
 * @self: a #PerfcastWindow
 *
 * Asks where to save and writes every measurement of the store there, as
 * JSON when the name ends in `.json` and as CSV otherwise.
 */
void
perfcast_window_export (PerfcastWindow *self)
{
  GtkFileChooserNative *chooser;

  g_return_if_fail (PERFCAST_IS_WINDOW (self));

  if (self->store == NULL || self->file_chooser != NULL)
    return;

  chooser = gtk_file_chooser_native_new (_("Export Measurements"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Export"), _("_Cancel"));
  /* translators: the suggested file name when exporting; keep the .csv */
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), _("measurements.csv"));
  add_file_filters (GTK_FILE_CHOOSER (chooser), FALSE);
  show_file_chooser (self, chooser, G_CALLBACK (export_response_cb));
}
