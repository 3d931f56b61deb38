/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pdg-production-page.c: placeholder until the page is written. */
#include "config.h"

#include "pdg-production-page.h"

struct _PdgProductionPage
{
  GtkWidget  parent_instance;

  PdgSource *source;  /* owned, nullable */
};

G_DEFINE_FINAL_TYPE (PdgProductionPage, pdg_production_page, GTK_TYPE_WIDGET)

static void
pdg_production_page_dispose (GObject *object)
{
  PdgProductionPage *self = PDG_PRODUCTION_PAGE (object);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->source);

  G_OBJECT_CLASS (pdg_production_page_parent_class)->dispose (object);
}

static void
pdg_production_page_class_init (PdgProductionPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = pdg_production_page_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/pedigree/Pedigree/pdg-production-page.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
pdg_production_page_init (PdgProductionPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

PdgSource *
pdg_production_page_get_source (PdgProductionPage *self)
{
  g_return_val_if_fail (PDG_IS_PRODUCTION_PAGE (self), NULL);

  return self->source;
}

void
pdg_production_page_set_source (PdgProductionPage     *self,
                     PdgSource *source)
{
  g_return_if_fail (PDG_IS_PRODUCTION_PAGE (self));

  g_set_object (&self->source, source);
}
