/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A GListModel over a plain array. GListStore keeps a balanced tree, which
 * makes loading 100,000 findings and walking them for a filter several
 * times slower than it needs to be; the store's models change rarely and
 * in small ranges, where moving pointers is cheap. */

#define TRYGG_TYPE_OBJECT_LIST (trygg_object_list_get_type ())

G_DECLARE_FINAL_TYPE (TryggObjectList, trygg_object_list, TRYGG, OBJECT_LIST, GObject)

TryggObjectList *trygg_object_list_new    (GType            item_type);
/* Removes @n_removals items at @position and puts @additions there (new
 * references are taken), emitting one items-changed. */
void             trygg_object_list_splice (TryggObjectList *self,
                                           guint            position,
                                           guint            n_removals,
                                           gpointer        *additions,
                                           guint            n_additions);
/* Fills an empty list with @items (of references, taken with the array):
 * a load of 100,000 findings then neither takes nor drops a reference per
 * item, each a visit to an object that has left the cache. */
void             trygg_object_list_take   (TryggObjectList *self,
                                           GPtrArray       *items);
void             trygg_object_list_insert (TryggObjectList *self,
                                           guint            position,
                                           gpointer         item);
void             trygg_object_list_remove (TryggObjectList *self,
                                           guint            position);
/* The items themselves (transfer none), valid until the list changes:
 * for passes over every finding that should not take and drop a
 * reference per item. */
gpointer        *trygg_object_list_peek   (TryggObjectList *self,
                                           guint           *n_items);

G_END_DECLS
