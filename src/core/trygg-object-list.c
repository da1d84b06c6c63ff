/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "trygg-object-list.h"

struct _TryggObjectList
{
  GObject    parent_instance;

  GType      item_type;
  GPtrArray *items;  /* owns a reference to each */
};

static void trygg_object_list_model_init (GListModelInterface *iface);

G_DEFINE_TYPE_WITH_CODE (TryggObjectList, trygg_object_list, G_TYPE_OBJECT,
                         G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, trygg_object_list_model_init))

static GType
trygg_object_list_get_item_type (GListModel *model)
{
  return TRYGG_OBJECT_LIST (model)->item_type;
}

static guint
trygg_object_list_get_n_items (GListModel *model)
{
  return TRYGG_OBJECT_LIST (model)->items->len;
}

static gpointer
trygg_object_list_get_item (GListModel *model,
                            guint       position)
{
  TryggObjectList *self = TRYGG_OBJECT_LIST (model);

  if (position >= self->items->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
trygg_object_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = trygg_object_list_get_item_type;
  iface->get_n_items = trygg_object_list_get_n_items;
  iface->get_item = trygg_object_list_get_item;
}

static void
trygg_object_list_finalize (GObject *object)
{
  TryggObjectList *self = TRYGG_OBJECT_LIST (object);

  g_ptr_array_unref (self->items);

  G_OBJECT_CLASS (trygg_object_list_parent_class)->finalize (object);
}

static void
trygg_object_list_class_init (TryggObjectListClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = trygg_object_list_finalize;
}

static void
trygg_object_list_init (TryggObjectList *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
}

TryggObjectList *
trygg_object_list_new (GType item_type)
{
  TryggObjectList *self;

  g_return_val_if_fail (g_type_is_a (item_type, G_TYPE_OBJECT), NULL);

  self = g_object_new (TRYGG_TYPE_OBJECT_LIST, NULL);
  self->item_type = item_type;
  return self;
}

void
trygg_object_list_splice (TryggObjectList *self,
                          guint            position,
                          guint            n_removals,
                          gpointer        *additions,
                          guint            n_additions)
{
  g_return_if_fail (TRYGG_IS_OBJECT_LIST (self));
  g_return_if_fail (position + n_removals <= self->items->len);

  if (n_removals > 0)
    g_ptr_array_remove_range (self->items, position, n_removals);
  if (n_additions > 0)
    {
      guint tail = self->items->len - position;

      g_ptr_array_set_size (self->items, self->items->len + n_additions);
      memmove (self->items->pdata + position + n_additions, self->items->pdata + position,
               tail * sizeof (gpointer));
      for (guint i = 0; i < n_additions; i++)
        self->items->pdata[position + i] = g_object_ref (additions[i]);
    }
  if (n_removals > 0 || n_additions > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), position, n_removals, n_additions);
}

void
trygg_object_list_take (TryggObjectList *self,
                        GPtrArray       *items)
{
  g_return_if_fail (TRYGG_IS_OBJECT_LIST (self));
  g_return_if_fail (self->items->len == 0);

  g_ptr_array_unref (self->items);
  self->items = items;
  g_ptr_array_set_free_func (items, g_object_unref);
  if (items->len > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, 0, items->len);
}

void
trygg_object_list_insert (TryggObjectList *self,
                          guint            position,
                          gpointer         item)
{
  trygg_object_list_splice (self, position, 0, &item, 1);
}

void
trygg_object_list_remove (TryggObjectList *self,
                          guint            position)
{
  trygg_object_list_splice (self, position, 1, NULL, 0);
}

gpointer *
trygg_object_list_peek (TryggObjectList *self,
                        guint           *n_items)
{
  g_return_val_if_fail (TRYGG_IS_OBJECT_LIST (self), NULL);

  *n_items = self->items->len;
  return self->items->pdata;
}
