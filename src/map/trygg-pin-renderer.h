/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "trygg-types.h"

G_BEGIN_DECLS

/* Draws and caches the textures the findings layer stamps on the map: pin
 * bodies (per status, category glyph, selection, size), number labels and
 * cluster discs. A frame then costs two texture nodes per visible pin and
 * never lays out text. Private to src/map. */

typedef struct _TryggPinRenderer TryggPinRenderer;

/* One cached picture, as a cairo surface (for the cairo renderer, which
 * would otherwise copy a texture into a surface on every frame) and as a
 * texture, made on first use (for the GL renderers, which keep it). */
typedef struct
{
  cairo_surface_t *surface;
  GdkTexture      *texture;
  double           width;    /* logical size */
  double           height;
} TryggSprite;

GdkTexture       *trygg_sprite_get_texture          (TryggSprite      *sprite);

typedef struct
{
  double width;       /* logical size of the body texture */
  double height;
  double tip_x;       /* where the location is, inside the texture */
  double tip_y;
  double head_x;      /* centre of the round head, for the number */
  double head_y;
  double head_radius;
} TryggPinGeometry;

TryggPinRenderer *trygg_pin_renderer_new            (void);
void              trygg_pin_renderer_free           (TryggPinRenderer *self);

/* Drops every cached texture when the scale or the font changes. */
void              trygg_pin_renderer_set_context    (TryggPinRenderer *self,
                                                     PangoContext     *context,
                                                     int               scale_factor,
                                                     gboolean          large);
gboolean          trygg_pin_renderer_get_large      (TryggPinRenderer *self);

void              trygg_pin_renderer_get_geometry   (TryggPinRenderer *self,
                                                     TryggPinGeometry *geometry);
double            trygg_pin_renderer_get_cluster_diameter (TryggPinRenderer *self,
                                                     guint             count);
TryggSprite      *trygg_pin_renderer_get_body       (TryggPinRenderer *self,
                                                     TryggStatus       status,
                                                     guint             glyph,
                                                     gboolean          selected);
TryggSprite      *trygg_pin_renderer_get_label      (TryggPinRenderer *self,
                                                     guint             number);
TryggSprite      *trygg_pin_renderer_get_cluster    (TryggPinRenderer *self,
                                                     guint             count);

TryggSprite      *trygg_pin_renderer_get_pin        (TryggPinRenderer *self,
                                                     TryggStatus       status,
                                                     guint             glyph,
                                                     gboolean          selected,
                                                     guint             number);
TryggSprite      *trygg_pin_renderer_get_cluster_with_count (TryggPinRenderer *self,
                                                     guint             count);

/* Category key to glyph index; unknown keys get a plain dot. */
guint             trygg_pin_renderer_glyph_for_category (const char   *category_key);

void              trygg_pin_status_color            (TryggStatus       status,
                                                     GdkRGBA          *color);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TryggPinRenderer, trygg_pin_renderer_free)

G_END_DECLS
