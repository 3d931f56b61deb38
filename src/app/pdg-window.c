/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pdg-window.c: the main window: one open database, shown in pages.
 *
 * The window is in one of four states, the pages of `state_stack`:
 * "opening" (a database is being opened on a worker thread), "generating"
 * (the first-run demo database is being written, with progress), "error"
 * (opening failed: the message and a way out) and "units" (the database is
 * open; the pages of `view_stack` show it). Every state change goes through
 * set_state(). The window holds the PdgSource, and hands it to its pages;
 * nothing here touches SQLite. */
#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n.h>

#include "pdg-demo.h"
#include "pdg-genealogy-page.h"
#include "pdg-local-source.h"
#include "pdg-production-page.h"
#include "pdg-recall-page.h"
#include "pdg-remote-source.h"
#include "pdg-units-page.h"
#include "pdg-window.h"

struct _PdgWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;          /* owned; the application's */
  PdgSource            *source;            /* owned, nullable; the open database */
  char                 *path;              /* owned, nullable; its file, or the one being opened */
  GCancellable         *open_cancellable;  /* owned, nullable; opening or generating */
  GtkFileChooserNative *chooser;           /* owned, nullable; while the Open dialog is up */
  char                 *server_url;        /* owned, nullable; the server shown or being connected to */
  guint                 opening_timeout_id; /* shows the "opening" page if opening is slow */

  /* template children */
  AdwToastOverlay      *toast_overlay;
  AdwViewSwitcherTitle *window_title;
  GtkSearchEntry       *search_entry;
  GtkStack             *state_stack;
  AdwStatusPage        *opening_page;
  AdwStatusPage        *generating_page;
  GtkProgressBar       *generate_progress;
  AdwStatusPage        *error_page;
  AdwViewStack         *view_stack;
  PdgUnitsPage         *units_page;
  PdgGenealogyPage     *genealogy_page;
  PdgRecallPage        *recall_page;
  PdgProductionPage    *production_page;
  gboolean              genealogy_stale;   /* data changed since its last trace */
  GMenu                *recent_section;
};

G_DEFINE_FINAL_TYPE (PdgWindow, pdg_window, ADW_TYPE_APPLICATION_WINDOW)

enum { PROP_0, PROP_SOURCE, N_PROPS };
static GParamSpec *properties [N_PROPS];

static void open_path (PdgWindow  *self,
                       const char *path);

/* State ---------------------------------------------------------------- */

static void
update_back_action (PdgWindow *self)
{
  PdgUnitView *view = pdg_units_page_get_unit_view (self->units_page);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.back",
                                 self->source != NULL && pdg_unit_view_get_can_go_back (view));
}

static gboolean
show_opening_cb (gpointer user_data)
{
  PdgWindow *self = user_data;

  self->opening_timeout_id = 0;
  gtk_widget_set_opacity (GTK_WIDGET (self->opening_page), 1.0);

  return G_SOURCE_REMOVE;
}

static void
set_state (PdgWindow  *self,
           const char *state)
{
  gboolean ready = g_str_equal (state, "units");

  /* Most databases open in a blink: say "Opening…" only when it lasts. */
  g_clear_handle_id (&self->opening_timeout_id, g_source_remove);
  if (g_str_equal (state, "opening"))
    {
      gtk_widget_set_opacity (GTK_WIDGET (self->opening_page), 0.0);
      self->opening_timeout_id = g_timeout_add (400, show_opening_cb, self);
    }

  gtk_stack_set_visible_child_name (self->state_stack, state);
  gtk_widget_set_sensitive (GTK_WIDGET (self->search_entry), ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.search", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.search-for", ready);
  update_back_action (self);
}

/* "~/data" for "/home/me/data/x.db": the folder as people say it. */
static char *
dup_display_dir (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  const char *home = g_get_home_dir ();
  gsize len = strlen (home);

  if (len > 1 && g_str_has_prefix (dir, home) && (dir[len] == '/' || dir[len] == '\0'))
    return g_strconcat ("~", dir + len, NULL);

  return g_steal_pointer (&dir);
}

static void
set_path (PdgWindow  *self,
          const char *path)
{
  if (path != self->path)
    {
      g_free (self->path);
      self->path = g_strdup (path);
    }

  if (path == NULL)
    {
      adw_view_switcher_title_set_title (self->window_title, _("Pedigree"));
      adw_view_switcher_title_set_subtitle (self->window_title, NULL);
      gtk_window_set_title (GTK_WINDOW (self), _("Pedigree"));
    }
  else
    {
      g_autofree char *name = g_path_get_basename (path);
      g_autofree char *dir = dup_display_dir (path);
      /* Translators: the window title: database file name — application */
      g_autofree char *title = g_strdup_printf (_("%s — Pedigree"), name);

      adw_view_switcher_title_set_title (self->window_title, name);
      adw_view_switcher_title_set_subtitle (self->window_title, dir);
      gtk_window_set_title (GTK_WINDOW (self), title);
    }
}

/* Something changed through the source (a registration, blocked units):
 * the unit on the Units page is read again, so its status is current, and
 * the genealogy graph is traced again when it is next shown (a big where-
 * used trace is not redone for every scan made on the Production page). */
static void
source_changed_cb (PdgSource *source,
                   PdgWindow *self)
{
  pdg_unit_view_reload (pdg_units_page_get_unit_view (self->units_page));
  self->genealogy_stale = TRUE;
  if (g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack), "genealogy") == 0)
    {
      self->genealogy_stale = FALSE;
      pdg_genealogy_page_reload (self->genealogy_page);
    }
}

static void
set_source (PdgWindow *self,
            PdgSource *source)
{
  if (self->source == source)
    return;
  self->genealogy_stale = FALSE;
  if (self->source != NULL)
    g_signal_handlers_disconnect_by_func (self->source, source_changed_cb, self);
  g_set_object (&self->source, source);
  if (source != NULL)
    g_signal_connect_object (source, "changed", G_CALLBACK (source_changed_cb), self, G_CONNECT_DEFAULT);

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  pdg_units_page_set_source (self->units_page, source);
  pdg_genealogy_page_set_source (self->genealogy_page, source);
  pdg_recall_page_set_source (self->recall_page, source);
  pdg_production_page_set_source (self->production_page, source);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SOURCE]);
}

static void
cancel_open (PdgWindow *self)
{
  g_cancellable_cancel (self->open_cancellable);
  g_clear_object (&self->open_cancellable);
}

static void
show_error (PdgWindow  *self,
            const char *title,
            const char *message)
{
  g_autofree char *markup = g_markup_escape_text (message, -1);

  set_source (self, NULL);
  adw_status_page_set_title (self->error_page, title);
  adw_status_page_set_description (self->error_page, markup);
  set_state (self, "error");
}

static void
show_open_error (PdgWindow  *self,
                 const char *path,
                 const char *message)
{
  g_autofree char *name = g_path_get_basename (path);
  g_autofree char *title = g_strdup_printf (_("Could Not Open “%s”"), name);

  show_error (self, title, message);
}

static void
toast (PdgWindow  *self,
       const char *message)
{
  AdwToast *toast = adw_toast_new (message);

  adw_toast_set_timeout (toast, 8);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* Opening -------------------------------------------------------------- */

static void
open_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(PdgWindow) self = user_data;
  g_autoptr(PdgLocalSource) source = NULL;
  g_autoptr(GError) error = NULL;
  GtkApplication *app;

  source = pdg_local_source_open_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->open_cancellable);

  if (source == NULL)
    {
      show_open_error (self, self->path, error->message);
      return;
    }

  set_source (self, PDG_SOURCE (source));
  set_state (self, "units");
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));

  app = gtk_window_get_application (GTK_WINDOW (self));
  if (PDG_IS_APPLICATION (app))
    pdg_application_add_recent (PDG_APPLICATION (app), self->path);
}

static void
query_info_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(PdgWindow) self = user_data;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) error = NULL;

  info = g_file_query_info_finish (G_FILE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (info == NULL)
    {
      g_autofree char *name = g_path_get_basename (self->path);
      g_autofree char *dir = dup_display_dir (self->path);
      g_autofree char *message = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        message = g_strdup_printf (_("There is no file “%s” in %s. "
                                     "It may have been moved or deleted."),
                                   name, dir);
      g_clear_object (&self->open_cancellable);
      show_open_error (self, self->path, message != NULL ? message : error->message);
      return;
    }

  if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
    {
      g_autofree char *name = g_path_get_basename (self->path);
      g_autofree char *message = NULL;

      message = g_strdup_printf (_("“%s” is not a file. Choose a Pedigree database file."), name);

      g_clear_object (&self->open_cancellable);
      show_open_error (self, self->path, message);
      return;
    }

  /* pdg_local_source_open_async() would create a missing file; it exists. */
  pdg_local_source_open_async (self->path, self->open_cancellable, open_cb, g_object_ref (self));
}

static void
open_path (PdgWindow  *self,
           const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *name = g_path_get_basename (path);
  g_autofree char *title = g_strdup_printf (_("Opening “%s”…"), name);

  cancel_open (self);
  set_source (self, NULL);
  set_path (self, path);
  g_clear_pointer (&self->server_url, g_free);

  adw_status_page_set_title (self->opening_page, title);
  set_state (self, "opening");

  self->open_cancellable = g_cancellable_new ();
  g_file_query_info_async (file, G_FILE_ATTRIBUTE_STANDARD_TYPE, G_FILE_QUERY_INFO_NONE,
                           G_PRIORITY_DEFAULT, self->open_cancellable,
                           query_info_cb, g_object_ref (self));
}

/**
 * pdg_window_open_file:
 * @file: a database file
 *
 * Opens @file in this window, replacing what it showed. Opening happens on a
 * worker thread; failures show the error state.
 */
void
pdg_window_open_file (PdgWindow *self,
                      GFile     *file)
{
  g_autofree char *path = NULL;

  g_return_if_fail (PDG_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  path = g_file_get_path (file);
  if (path == NULL)
    {
      g_autofree char *uri = g_file_get_uri (file);

      cancel_open (self);
      set_path (self, NULL);
      show_error (self, _("Could Not Open the Database"),
                  uri != NULL ? uri : _("Pedigree can only open database files on this computer."));
      return;
    }

  open_path (self, path);
}

/* First run: the demo database --------------------------------------- */

static void
generate_progress_cb (double   fraction,
                      gpointer user_data)
{
  PdgWindow *self = user_data;

  gtk_progress_bar_set_fraction (self->generate_progress, fraction);
}

static void
generate_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(PdgWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  if (!pdg_demo_generate_finish (result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      g_clear_object (&self->open_cancellable);
      show_error (self, _("Could Not Create the Demo Database"), error->message);
      return;
    }

  g_clear_object (&self->open_cancellable);
  path = g_strdup (self->path);
  open_path (self, path);
}

static void
generate_demo (PdgWindow  *self,
               const char *path)
{
  cancel_open (self);
  set_source (self, NULL);
  set_path (self, path);

  gtk_progress_bar_set_fraction (self->generate_progress, 0.0);
  set_state (self, "generating");

  self->open_cancellable = g_cancellable_new ();
  pdg_demo_generate_async (path, PDG_DEMO_UNITS,
                           generate_progress_cb, self,
                           self->open_cancellable,
                           generate_cb, g_object_ref (self));
}

/**
 * pdg_window_open_default:
 *
 * Opens what a plain start should: the last database if it is still there,
 * else the demo database, which is generated on first run.
 */
void
pdg_window_open_default (PdgWindow *self)
{
  g_autofree char *last = NULL;
  g_autofree char *demo = NULL;

  g_return_if_fail (PDG_IS_WINDOW (self));

  last = g_settings_get_string (self->settings, "last-database");
  if (*last != '\0' && g_file_test (last, G_FILE_TEST_IS_REGULAR))
    {
      open_path (self, last);
      return;
    }

  demo = pdg_demo_dup_default_path ();
  if (*last != '\0' && !g_str_equal (last, demo))
    {
      g_autofree char *name = g_path_get_basename (last);
      g_autofree char *message = NULL;

      message = g_strdup_printf (_("The last database, “%s”, is gone; showing the demo database"),
                                 name);

      toast (self, message);
    }

  if (g_file_test (demo, G_FILE_TEST_IS_REGULAR))
    open_path (self, demo);
  else
    generate_demo (self, demo);
}

PdgSource *
pdg_window_get_source (PdgWindow *self)
{
  g_return_val_if_fail (PDG_IS_WINDOW (self), NULL);

  return self->source;
}

/**
 * pdg_window_get_path:
 *
 * Returns: (nullable): the database file shown, or being opened.
 */
const char *
pdg_window_get_path (PdgWindow *self)
{
  g_return_val_if_fail (PDG_IS_WINDOW (self), NULL);

  return self->path;
}

/* Recent databases ----------------------------------------------------- */

static void
update_recent_menu (PdgWindow *self)
{
  g_auto(GStrv) recent = g_settings_get_strv (self->settings, "recent-databases");
  g_autoptr(GMenu) submenu = NULL;

  g_menu_remove_all (self->recent_section);
  if (recent[0] == NULL)
    return;

  submenu = g_menu_new ();
  for (guint i = 0; recent[i] != NULL; i++)
    {
      g_autoptr(GMenuItem) item = NULL;
      g_autofree char *name = g_path_get_basename (recent[i]);
      g_autofree char *dir = dup_display_dir (recent[i]);
      /* Translators: a recent database in the menu: file name (folder) */
      g_autofree char *label = g_strdup_printf (_("%s (%s)"), name, dir);

      item = g_menu_item_new (label, NULL);
      g_menu_item_set_action_and_target_value (item, "win.open-recent",
                                               g_variant_new_string (recent[i]));
      g_menu_append_item (submenu, item);
    }

  g_menu_append_submenu (self->recent_section, _("Open _Recent"), G_MENU_MODEL (submenu));
}

/* Actions -------------------------------------------------------------- */

static void
chooser_response_cb (GtkNativeDialog *dialog,
                     int              response,
                     gpointer         user_data)
{
  PdgWindow *self = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      if (file != NULL)
        pdg_window_open_file (self, file);
    }

  gtk_native_dialog_destroy (dialog);
  g_clear_object (&self->chooser);
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  PdgWindow *self = PDG_WINDOW (widget);
  g_autoptr(GtkFileFilter) databases = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  if (self->chooser != NULL)
    {
      gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
      return;
    }

  self->chooser = gtk_file_chooser_native_new (_("Open Database"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_OPEN,
                                               _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);

  gtk_file_filter_set_name (databases, _("Pedigree Databases"));
  gtk_file_filter_add_pattern (databases, "*.db");
  gtk_file_filter_add_pattern (databases, "*.sqlite");
  gtk_file_filter_add_pattern (databases, "*.sqlite3");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), databases);
  gtk_file_filter_set_name (all, _("All Files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), all);

  if (self->path != NULL)
    {
      g_autofree char *dir = g_path_get_dirname (self->path);
      g_autoptr(GFile) folder = g_file_new_for_path (dir);

      /* Best effort: the dialog opens elsewhere if the folder is gone. */
      gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (self->chooser), folder, NULL);
    }

  g_signal_connect (self->chooser, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
open_recent_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  open_path (PDG_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  PdgWindow *self = PDG_WINDOW (widget);

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  gtk_editable_select_region (GTK_EDITABLE (self->search_entry), 0, -1);
}

static void
search_for_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  PdgWindow *self = PDG_WINDOW (widget);

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), g_variant_get_string (parameter, NULL));
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  gtk_editable_set_position (GTK_EDITABLE (self->search_entry), -1);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  PdgWindow *self = PDG_WINDOW (widget);

  pdg_unit_view_go_back (pdg_units_page_get_unit_view (self->units_page));
}

/* Connecting to a server ------------------------------------------------ */

/* The token is kept in a file only its owner can read, beside the other
 * settings (libsecret is not a dependency of Pedigree; a keyring would be
 * the better home). */
static char *
dup_token_path (void)
{
  return g_build_filename (g_get_user_config_dir (), "pedigree", "server-token", NULL);
}

static char *
load_token (void)
{
  g_autofree char *path = dup_token_path ();
  char *token = NULL;

  if (!g_file_get_contents (path, &token, NULL, NULL))
    return NULL;
  return g_strstrip (token);
}

static void
save_token (PdgWindow  *self,
            const char *token)
{
  g_autofree char *path = dup_token_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;

  if (g_mkdir_with_parents (dir, 0700) != 0 ||
      !g_file_set_contents_full (path, token != NULL ? token : "", -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error))
    {
      g_autofree char *message = g_strdup_printf (_("The token could not be saved: %s"),
                                                  error != NULL ? error->message : g_strerror (errno));

      toast (self, message);
    }
}

static void
connect_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(PdgWindow) self = user_data;
  g_autoptr(PdgRemoteSource) source = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  g_autofree char *window_title = NULL;

  source = pdg_remote_source_connect_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->open_cancellable);

  if (source == NULL)
    {
      const char *heading;

      if (g_error_matches (error, PDG_SOURCE_ERROR, PDG_SOURCE_ERROR_UNAUTHORIZED) ||
          g_error_matches (error, PDG_SOURCE_ERROR, PDG_SOURCE_ERROR_FORBIDDEN))
        heading = _("The Server Refused the Token");
      else if (g_error_matches (error, PDG_SOURCE_ERROR, PDG_SOURCE_ERROR_NOT_PEDIGREE))
        heading = _("Not a Pedigree Server");
      else
        heading = _("Could Not Reach the Server");
      show_error (self, heading, error->message);
      return;
    }

  set_source (self, PDG_SOURCE (source));
  set_state (self, "units");
  title = pdg_source_dup_title (PDG_SOURCE (source));
  /* Translators: the window title: server — application */
  window_title = g_strdup_printf (_("%s — Pedigree"), title);
  adw_view_switcher_title_set_title (self->window_title, title);
  adw_view_switcher_title_set_subtitle (self->window_title, pdg_remote_source_get_url (source));
  gtk_window_set_title (GTK_WINDOW (self), window_title);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/**
 * pdg_window_connect:
 * @url: the server's address
 * @token: (nullable): its bearer token
 *
 * Shows what pedigree-server at @url serves, as it would a database file.
 */
void
pdg_window_connect (PdgWindow  *self,
                    const char *url,
                    const char *token)
{
  g_autofree char *title = NULL;

  g_return_if_fail (PDG_IS_WINDOW (self));
  g_return_if_fail (url != NULL);

  cancel_open (self);
  set_source (self, NULL);
  set_path (self, NULL);
  g_free (self->server_url);
  self->server_url = g_strdup (url);
  title = g_strdup_printf (_("Connecting to %s…"), url);
  adw_status_page_set_title (self->opening_page, title);
  set_state (self, "opening");

  self->open_cancellable = g_cancellable_new ();
  pdg_remote_source_connect_async (url, token, self->open_cancellable, connect_cb, g_object_ref (self));
}

static void
connect_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     PdgWindow        *self)
{
  GtkEditable *url_entry = g_object_get_data (G_OBJECT (dialog), "url-entry");
  GtkEditable *token_entry = g_object_get_data (G_OBJECT (dialog), "token-entry");
  g_autofree char *url = NULL;
  g_autofree char *token = NULL;

  if (!g_str_equal (response, "connect"))
    return;
  url = g_strstrip (g_strdup (gtk_editable_get_text (url_entry)));
  token = g_strstrip (g_strdup (gtk_editable_get_text (token_entry)));
  g_settings_set_string (self->settings, "server-url", url);
  save_token (self, token);
  pdg_window_connect (self, url, token);
}

static void
on_connect_entry_changed (AdwMessageDialog *dialog)
{
  GtkEditable *url_entry = g_object_get_data (G_OBJECT (dialog), "url-entry");
  g_autofree char *url = g_strstrip (g_strdup (gtk_editable_get_text (url_entry)));

  adw_message_dialog_set_response_enabled (dialog, "connect", *url != '\0');
}

static void
connect_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  PdgWindow *self = PDG_WINDOW (widget);
  g_autofree char *url = g_settings_get_string (self->settings, "server-url");
  g_autofree char *token = load_token ();
  GtkWidget *dialog;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *url_label = gtk_label_new_with_mnemonic (_("Server _Address"));
  GtkWidget *url_entry = gtk_entry_new ();
  GtkWidget *token_label = gtk_label_new_with_mnemonic (_("_Token"));
  /* A plain GtkEntry: GTK 4.8's GtkPasswordEntry, unrooted with its dialog,
   * still gets caps-lock notifications (a warning per dialog after the
   * first). */
  GtkWidget *token_entry = gtk_entry_new ();

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Connect to Server"),
                                   _("Browse and register on a database that pedigree-server serves. "
                                     "The token comes from the server’s administrator; leave it empty "
                                     "for a server on this computer without tokens."));
  gtk_widget_set_name (dialog, "connect-dialog");
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "connect", _("C_onnect"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "connect", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "connect");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  gtk_widget_set_halign (url_label, GTK_ALIGN_START);
  gtk_widget_set_halign (token_label, GTK_ALIGN_START);
  gtk_label_set_mnemonic_widget (GTK_LABEL (url_label), url_entry);
  gtk_label_set_mnemonic_widget (GTK_LABEL (token_label), token_entry);
  gtk_entry_set_placeholder_text (GTK_ENTRY (url_entry), "http://127.0.0.1:8080");
  gtk_entry_set_input_purpose (GTK_ENTRY (url_entry), GTK_INPUT_PURPOSE_URL);
  gtk_entry_set_activates_default (GTK_ENTRY (url_entry), TRUE);
  gtk_entry_set_visibility (GTK_ENTRY (token_entry), FALSE);
  gtk_entry_set_input_purpose (GTK_ENTRY (token_entry), GTK_INPUT_PURPOSE_PASSWORD);
  gtk_entry_set_activates_default (GTK_ENTRY (token_entry), TRUE);
  gtk_widget_set_name (url_entry, "server-url");
  gtk_widget_set_name (token_entry, "server-token");
  gtk_editable_set_text (GTK_EDITABLE (url_entry), url);
  gtk_editable_set_text (GTK_EDITABLE (token_entry), token != NULL ? token : "");
  gtk_box_append (GTK_BOX (box), url_label);
  gtk_box_append (GTK_BOX (box), url_entry);
  gtk_box_append (GTK_BOX (box), token_label);
  gtk_box_append (GTK_BOX (box), token_entry);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);

  g_object_set_data (G_OBJECT (dialog), "url-entry", url_entry);
  g_object_set_data (G_OBJECT (dialog), "token-entry", token_entry);
  g_signal_connect_swapped (url_entry, "changed", G_CALLBACK (on_connect_entry_changed), dialog);
  on_connect_entry_changed (ADW_MESSAGE_DIALOG (dialog));
  g_signal_connect_object (dialog, "response", G_CALLBACK (connect_response_cb), self, G_CONNECT_DEFAULT);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (*url == '\0' ? url_entry : token_entry);
}

/* Signals -------------------------------------------------------------- */

static void
on_search_changed (PdgWindow      *self,
                   GtkSearchEntry *entry)
{
  if (self->source == NULL)
    return;
  /* On the Genealogy page the field first finds cards in the graph shown. */
  if (g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack), "genealogy") == 0)
    pdg_graph_view_find (pdg_genealogy_page_get_graph_view (self->genealogy_page),
                         gtk_editable_get_text (GTK_EDITABLE (entry)));
  else
    pdg_units_page_search (self->units_page, gtk_editable_get_text (GTK_EDITABLE (entry)));
}

/* Enter in the search field goes to the results, for the arrow keys; on
 * the Genealogy page it selects the card with exactly that serial/batch,
 * or traces the best match in the database. */
static void
on_search_activate (PdgWindow      *self,
                    GtkSearchEntry *entry)
{
  if (g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack), "genealogy") == 0)
    pdg_genealogy_page_activate_text (self->genealogy_page, gtk_editable_get_text (GTK_EDITABLE (entry)));
  else
    pdg_units_page_focus_results (self->units_page);
}

/* The header's search finds units (Units) and cards (Genealogy); the Recall
 * and Production pages have their own entries, and typing there must not
 * land in the header. */
static void
on_page_changed (PdgWindow *self)
{
  const char *page = adw_view_stack_get_visible_child_name (self->view_stack);
  gboolean searches = g_strcmp0 (page, "recall") != 0 && g_strcmp0 (page, "production") != 0;

  gtk_widget_set_visible (GTK_WIDGET (self->search_entry), searches);
  gtk_search_entry_set_key_capture_widget (self->search_entry, searches ? GTK_WIDGET (self) : NULL);
  if (self->genealogy_stale && g_strcmp0 (page, "genealogy") == 0)
    {
      self->genealogy_stale = FALSE;
      pdg_genealogy_page_reload (self->genealogy_page);
    }
}

/* Add to Recall on a unit: it joins the suspect set on the Recall page. */
static void
add_to_recall_action (GtkWidget  *widget,
                      const char *action,
                      GVariant   *param)
{
  PdgWindow *self = PDG_WINDOW (widget);
  gint64 unit_id = g_variant_get_int64 (param);

  if (self->source == NULL || unit_id <= 0)
    return;
  adw_view_stack_set_visible_child_name (self->view_stack, "recall");
  pdg_recall_page_add_suspect (self->recall_page, unit_id);
}

/* As Built / Where Used on a unit: its genealogy, on the Genealogy page. */
static void
trace_action (GtkWidget  *widget,
              const char *action,
              GVariant   *param)
{
  PdgWindow *self = PDG_WINDOW (widget);
  gint64 unit_id;
  gboolean forward;

  g_variant_get (param, "(xb)", &unit_id, &forward);
  if (self->source == NULL || unit_id <= 0)
    return;
  adw_view_stack_set_visible_child_name (self->view_stack, "genealogy");
  pdg_genealogy_page_trace (self->genealogy_page, unit_id,
                            forward ? PDG_DIRECTION_FORWARD : PDG_DIRECTION_BACKWARD);
}

static void
on_stop_search (PdgWindow      *self,
                GtkSearchEntry *entry)
{
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
}

static void
on_can_go_back_changed (PdgWindow  *self,
                        GParamSpec *pspec,
                        gpointer    view)
{
  update_back_action (self);
}

static void
on_recent_changed (PdgWindow  *self,
                   const char *key,
                   GSettings  *settings)
{
  update_recent_menu (self);
}

static gboolean
pdg_window_close_request (GtkWindow *window)
{
  PdgWindow *self = PDG_WINDOW (window);
  int width, height;

  gtk_window_get_default_size (window, &width, &height);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));
  if (!gtk_window_is_maximized (window) && width > 0 && height > 0)
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }

  cancel_open (self);

  return GTK_WINDOW_CLASS (pdg_window_parent_class)->close_request (window);
}

/* GObject -------------------------------------------------------------- */

/**
 * pdg_window_new:
 * @application: the application the window belongs to
 *
 * Returns: (transfer none): a new window showing nothing yet; see
 *   pdg_window_open_file() and pdg_window_open_default().
 */
PdgWindow *
pdg_window_new (PdgApplication *application)
{
  g_return_val_if_fail (PDG_IS_APPLICATION (application), NULL);

  return g_object_new (PDG_TYPE_WINDOW, "application", application, NULL);
}

static void
pdg_window_constructed (GObject *object)
{
  PdgWindow *self = PDG_WINDOW (object);
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  G_OBJECT_CLASS (pdg_window_parent_class)->constructed (object);

  if (PDG_IS_APPLICATION (app))
    self->settings = g_object_ref (pdg_application_get_settings (PDG_APPLICATION (app)));
  else
    self->settings = g_settings_new (APPLICATION_ID);

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  g_signal_connect_object (self->settings, "changed::recent-databases",
                           G_CALLBACK (on_recent_changed), self, G_CONNECT_SWAPPED);
  update_recent_menu (self);
}

static void
pdg_window_dispose (GObject *object)
{
  PdgWindow *self = PDG_WINDOW (object);

  cancel_open (self);
  g_clear_handle_id (&self->opening_timeout_id, g_source_remove);
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  if (self->chooser != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->chooser, self);
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
      g_clear_object (&self->chooser);
    }
  g_clear_object (&self->source);

  G_OBJECT_CLASS (pdg_window_parent_class)->dispose (object);
}

static void
pdg_window_finalize (GObject *object)
{
  PdgWindow *self = PDG_WINDOW (object);

  g_clear_object (&self->settings);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->server_url, g_free);

  G_OBJECT_CLASS (pdg_window_parent_class)->finalize (object);
}

static void
pdg_window_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  PdgWindow *self = PDG_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SOURCE:
      g_value_set_object (value, self->source);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pdg_window_class_init (PdgWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = pdg_window_constructed;
  object_class->dispose = pdg_window_dispose;
  object_class->finalize = pdg_window_finalize;
  object_class->get_property = pdg_window_get_property;
  window_class->close_request = pdg_window_close_request;

  properties[PROP_SOURCE] =
    g_param_spec_object ("source", NULL, NULL,
                         PDG_TYPE_SOURCE,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (PDG_TYPE_UNITS_PAGE);
  g_type_ensure (PDG_TYPE_GENEALOGY_PAGE);
  g_type_ensure (PDG_TYPE_RECALL_PAGE);
  g_type_ensure (PDG_TYPE_PRODUCTION_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/pedigree/Pedigree/pdg-window.ui");
  gtk_widget_class_bind_template_child (widget_class, PdgWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PdgWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, PdgWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, PdgWindow, state_stack);
  gtk_widget_class_bind_template_child (widget_class, PdgWindow, opening_page);
  gtk_widget_class_bind_template_child (widget_class, PdgWindow, generating_page);
  gtk_widget_class_bind_template_child (widget_class, PdgWindow, generate_progress);
  gtk_widget_class_bind_template_child (widget_class, PdgWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, PdgWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, PdgWindow, units_page);
  gtk_widget_class_bind_template_child (widget_class, PdgWindow, genealogy_page);
  gtk_widget_class_bind_template_child (widget_class, PdgWindow, recall_page);
  gtk_widget_class_bind_template_child (widget_class, PdgWindow, production_page);
  gtk_widget_class_bind_template_child (widget_class, PdgWindow, recent_section);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_search_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_stop_search);

  gtk_widget_class_install_action (widget_class, "win.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "win.open-recent", "s", open_recent_action);
  gtk_widget_class_install_action (widget_class, "win.connect", NULL, connect_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.search-for", "s", search_for_action);
  gtk_widget_class_install_action (widget_class, "win.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "win.trace", "(xb)", trace_action);
  gtk_widget_class_install_action (widget_class, "win.add-to-recall", "x", add_to_recall_action);
}

static void
pdg_window_init (PdgWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_object (pdg_units_page_get_unit_view (self->units_page), "notify::can-go-back",
                           G_CALLBACK (on_can_go_back_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->view_stack, "notify::visible-child-name",
                           G_CALLBACK (on_page_changed), self, G_CONNECT_SWAPPED);
  on_page_changed (self);

  set_path (self, NULL);
  set_state (self, "opening");
}
