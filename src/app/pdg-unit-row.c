/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pdg-unit-row.c: one search result in the sidebar of the Units page:
 * item description, ITEM / LOT and the status pill. */
#include "config.h"

#include "pdg-status-pill.h"
#include "pdg-unit-row.h"

struct _PdgUnitRow
{
  GtkListBoxRow  parent_instance;

  PdgUnit       *unit;            /* owned; a copy */

  GtkLabel      *title_label;     /* template children */
  GtkLabel      *subtitle_label;
  PdgStatusPill *status_pill;
};

G_DEFINE_FINAL_TYPE (PdgUnitRow, pdg_unit_row, GTK_TYPE_LIST_BOX_ROW)

/**
 * pdg_unit_row_new:
 * @unit: the unit to show; copied
 */
GtkWidget *
pdg_unit_row_new (const PdgUnit *unit)
{
  PdgUnitRow *self;
  g_autofree char *key = NULL;

  g_return_val_if_fail (unit != NULL, NULL);

  self = g_object_new (PDG_TYPE_UNIT_ROW, NULL);
  self->unit = pdg_unit_copy (unit);

  key = g_strdup_printf ("%s / %s", unit->item_number, unit->lot);
  gtk_label_set_label (self->title_label, unit->item_description);
  gtk_label_set_label (self->subtitle_label, key);
  pdg_status_pill_set_status (self->status_pill, unit->status);

  return GTK_WIDGET (self);
}

/**
 * pdg_unit_row_get_unit:
 *
 * Returns: (transfer none): the unit the row shows.
 */
const PdgUnit *
pdg_unit_row_get_unit (PdgUnitRow *self)
{
  g_return_val_if_fail (PDG_IS_UNIT_ROW (self), NULL);

  return self->unit;
}

static void
pdg_unit_row_finalize (GObject *object)
{
  PdgUnitRow *self = PDG_UNIT_ROW (object);

  g_clear_pointer (&self->unit, pdg_unit_free);

  G_OBJECT_CLASS (pdg_unit_row_parent_class)->finalize (object);
}

static void
pdg_unit_row_class_init (PdgUnitRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = pdg_unit_row_finalize;

  g_type_ensure (PDG_TYPE_STATUS_PILL);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/pedigree/Pedigree/pdg-unit-row.ui");
  gtk_widget_class_bind_template_child (widget_class, PdgUnitRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, PdgUnitRow, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, PdgUnitRow, status_pill);
}

static void
pdg_unit_row_init (PdgUnitRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
