/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pdg-application.c: the Pedigree application: one window per database.
 *
 * `pedigree FILE.db` opens that file (GApplication::open); a plain start
 * (GApplication::activate) opens the last database, or the demo database,
 * generating it on first run (see pdg_window_open_default()). The settings
 * and the list of recent databases are shared by all windows and live here. */
#include "config.h"

#include <glib/gi18n.h>

#include "pdg-application.h"
#include "pdg-window.h"

#define MAX_RECENT 8

struct _PdgApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;  /* owned; io.github.pedigree.Pedigree */
};

G_DEFINE_FINAL_TYPE (PdgApplication, pdg_application, ADW_TYPE_APPLICATION)

PdgApplication *
pdg_application_new (GApplicationFlags flags)
{
  return g_object_new (PDG_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "resource-base-path", "/io/github/pedigree/Pedigree",
                       "flags", flags,
                       NULL);
}

/**
 * pdg_application_get_settings:
 *
 * Returns: (transfer none): the application's settings.
 */
GSettings *
pdg_application_get_settings (PdgApplication *self)
{
  g_return_val_if_fail (PDG_IS_APPLICATION (self), NULL);

  return self->settings;
}

/**
 * pdg_application_add_recent:
 * @path: an absolute path to a database that just opened
 *
 * Puts @path first in the recent databases (at most MAX_RECENT, no
 * duplicates) and makes it the database the next plain start opens.
 */
void
pdg_application_add_recent (PdgApplication *self,
                            const char     *path)
{
  g_auto(GStrv) old = NULL;
  g_autoptr(GStrvBuilder) builder = NULL;
  g_auto(GStrv) recent = NULL;
  guint n = 1;

  g_return_if_fail (PDG_IS_APPLICATION (self));
  g_return_if_fail (path != NULL);

  old = g_settings_get_strv (self->settings, "recent-databases");
  builder = g_strv_builder_new ();
  g_strv_builder_add (builder, path);
  for (guint i = 0; old[i] != NULL && n < MAX_RECENT; i++)
    {
      if (g_str_equal (old[i], path))
        continue;
      g_strv_builder_add (builder, old[i]);
      n++;
    }
  recent = g_strv_builder_end (builder);

  g_settings_set_strv (self->settings, "recent-databases", (const char * const *) recent);
  g_settings_set_string (self->settings, "last-database", path);
}

static void
pdg_application_activate (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    {
      PdgWindow *pdg_window = pdg_window_new (PDG_APPLICATION (app));

      pdg_window_open_default (pdg_window);
      window = GTK_WINDOW (pdg_window);
    }

  gtk_window_present (window);
}

static void
pdg_application_open (GApplication  *app,
                      GFile        **files,
                      int            n_files,
                      const char    *hint)
{
  for (int i = 0; i < n_files; i++)
    {
      PdgWindow *window = pdg_window_new (PDG_APPLICATION (app));

      pdg_window_open_file (window, files[i]);
      gtk_window_present (GTK_WINDOW (window));
    }
}

static void
quit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  GtkApplication *app = user_data;
  g_autoptr(GList) windows = g_list_copy (gtk_application_get_windows (app));

  /* Close the windows (so that each saves its size) rather than stopping
   * the main loop under them. */
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (l->data);
}

static void
about_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  GtkApplication *app = user_data;
  const char *developers[] = { _("The Pedigree developers"), NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (app),
                        "modal", TRUE,
                        "application-name", _("Pedigree"),
                        "application-icon", APPLICATION_ID,
                        "version", PACKAGE_VERSION,
                        "developer-name", _("The Pedigree developers"),
                        "developers", developers,
                        "comments", _("Product genealogy for supply-chain traceability: "
                                      "what every unit is made of, and where every lot went."),
                        "copyright", _("© 2026 The Pedigree developers"),
                        "license-type", GTK_LICENSE_GPL_3_0,
                        /* Translators: your name and e-mail, one per line */
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static const GActionEntry app_actions[] = {
  { .name = "quit", .activate = quit_activated },
  { .name = "about", .activate = about_activated },
};

static void
pdg_application_startup (GApplication *app)
{
  static const struct {
    const char *action;
    const char *accels[3];
  } accels[] = {
    { "app.quit", { "<Control>q", NULL } },
    { "win.open", { "<Control>o", NULL } },
    { "win.search", { "<Control>f", NULL } },
    { "win.back", { "<Alt>Left", "Back", NULL } },
    { "win.show-help-overlay", { "<Control>question", NULL } },
  };

  G_APPLICATION_CLASS (pdg_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions,
                                   G_N_ELEMENTS (app_actions), app);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (app),
                                           accels[i].action, accels[i].accels);

  gtk_window_set_default_icon_name (APPLICATION_ID);
}

static void
pdg_application_dispose (GObject *object)
{
  PdgApplication *self = PDG_APPLICATION (object);

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (pdg_application_parent_class)->dispose (object);
}

static void
pdg_application_class_init (PdgApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = pdg_application_dispose;
  app_class->activate = pdg_application_activate;
  app_class->open = pdg_application_open;
  app_class->startup = pdg_application_startup;
}

static void
pdg_application_init (PdgApplication *self)
{
  self->settings = g_settings_new (APPLICATION_ID);

  g_set_application_name (_("Pedigree"));
}
