/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pdg-status-pill.c: a unit's status as a small coloured label.
 *
 * The colour comes from style.css through a CSS class named after the
 * status ("available", "recalled" ...), which uses libadwaita's named colours
 * so that it reads in light and dark mode alike. */
#include "config.h"

#include "pdg-status-pill.h"

struct _PdgStatusPill
{
  GtkWidget      parent_instance;

  GtkLabel      *label;   /* template child */
  PdgUnitStatus  status;
};

G_DEFINE_FINAL_TYPE (PdgStatusPill, pdg_status_pill, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_STATUS, N_PROPS };
static GParamSpec *properties [N_PROPS];

GtkWidget *
pdg_status_pill_new (PdgUnitStatus status)
{
  return g_object_new (PDG_TYPE_STATUS_PILL, "status", (int) status, NULL);
}

PdgUnitStatus
pdg_status_pill_get_status (PdgStatusPill *self)
{
  g_return_val_if_fail (PDG_IS_STATUS_PILL (self), PDG_UNIT_STATUS_AVAILABLE);

  return self->status;
}

void
pdg_status_pill_set_status (PdgStatusPill *self,
                            PdgUnitStatus  status)
{
  g_return_if_fail (PDG_IS_STATUS_PILL (self));

  if (self->status == status)
    return;

  gtk_widget_remove_css_class (GTK_WIDGET (self), pdg_unit_status_to_string (self->status));
  self->status = status;
  gtk_widget_add_css_class (GTK_WIDGET (self), pdg_unit_status_to_string (status));
  gtk_label_set_label (self->label, pdg_unit_status_label (status));

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
}

static void
pdg_status_pill_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  PdgStatusPill *self = PDG_STATUS_PILL (object);

  switch (prop_id)
    {
    case PROP_STATUS:
      g_value_set_int (value, self->status);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pdg_status_pill_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  PdgStatusPill *self = PDG_STATUS_PILL (object);

  switch (prop_id)
    {
    case PROP_STATUS:
      pdg_status_pill_set_status (self, g_value_get_int (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pdg_status_pill_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), PDG_TYPE_STATUS_PILL);

  G_OBJECT_CLASS (pdg_status_pill_parent_class)->dispose (object);
}

static void
pdg_status_pill_class_init (PdgStatusPillClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pdg_status_pill_dispose;
  object_class->get_property = pdg_status_pill_get_property;
  object_class->set_property = pdg_status_pill_set_property;

  /* PdgUnitStatus is a plain C enum (stored as its integer in SQLite). */
  properties[PROP_STATUS] =
    g_param_spec_int ("status", NULL, NULL,
                      PDG_UNIT_STATUS_AVAILABLE, PDG_UNIT_STATUS_RECALLED,
                      PDG_UNIT_STATUS_AVAILABLE,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/pedigree/Pedigree/pdg-status-pill.ui");
  gtk_widget_class_bind_template_child (widget_class, PdgStatusPill, label);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "statuspill");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_STATUS);
}

static void
pdg_status_pill_init (PdgStatusPill *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->status = PDG_UNIT_STATUS_AVAILABLE;
  gtk_widget_add_css_class (GTK_WIDGET (self), pdg_unit_status_to_string (self->status));
  gtk_label_set_label (self->label, pdg_unit_status_label (self->status));
}
