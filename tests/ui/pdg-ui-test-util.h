/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pdg-ui-test-util.h: what the window and page tests share: waiting on the
 * main context for a condition, letting drawing settle, saving screenshots,
 * template children, list rows, message dialogs and temporary directories. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Whether the state a test waits for is there; @data is the test's. */
typedef gboolean (*PdgUiCondition) (gpointer data);

/* Iterates the main context until @condition holds for @data, or fails the
 * test after a generous timeout, naming @what it waited for. */
void              pdg_ui_test_wait         (PdgUiCondition  condition,
                                            gpointer        data,
                                            const char     *what);

/* Iterates the main context for @seconds, so pending work, layout and
 * drawing happen. */
void              pdg_ui_test_settle       (double          seconds);

/* Settles, then saves a PNG of @widget as @name in the build directory for
 * people to look at; nothing is compared. */
void              pdg_ui_test_save_png     (GtkWidget      *widget,
                                            const char     *name);

/* The template child @name of @widget (of template type @type); asserts it
 * exists. */
gpointer          pdg_ui_test_child        (gpointer        widget,
                                            GType           type,
                                            const char     *name);

/* How many rows @list has. */
guint             pdg_ui_test_count_rows   (GtkListBox     *list);

/* The message dialog on screen, or NULL. */
AdwMessageDialog *pdg_ui_test_find_dialog  (void);

/* A PdgUiCondition: a message dialog is on screen (@data is not used). */
gboolean          pdg_ui_test_dialog_shown (gpointer        data);

/* Removes @path and everything below it. */
void              pdg_ui_test_remove_tree  (const char     *path);

G_END_DECLS
