/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pdg-recall-page.c: placeholder until the page is written. */
#include "config.h"

#include "pdg-recall-page.h"

struct _PdgRecallPage
{
  GtkWidget  parent_instance;

  PdgSource *source;  /* owned, nullable */
};

G_DEFINE_FINAL_TYPE (PdgRecallPage, pdg_recall_page, GTK_TYPE_WIDGET)

static void
pdg_recall_page_dispose (GObject *object)
{
  PdgRecallPage *self = PDG_RECALL_PAGE (object);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->source);

  G_OBJECT_CLASS (pdg_recall_page_parent_class)->dispose (object);
}

static void
pdg_recall_page_class_init (PdgRecallPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = pdg_recall_page_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/pedigree/Pedigree/pdg-recall-page.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
pdg_recall_page_init (PdgRecallPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

PdgSource *
pdg_recall_page_get_source (PdgRecallPage *self)
{
  g_return_val_if_fail (PDG_IS_RECALL_PAGE (self), NULL);

  return self->source;
}

void
pdg_recall_page_set_source (PdgRecallPage     *self,
                     PdgSource *source)
{
  g_return_if_fail (PDG_IS_RECALL_PAGE (self));

  g_set_object (&self->source, source);
}
