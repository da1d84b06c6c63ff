/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "trygg-models-private.h"

G_DEFINE_TYPE (TryggFinding, trygg_finding, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_WALK_ID,
  PROP_NUMBER,
  PROP_TITLE,
  PROP_DESCRIPTION,
  PROP_CATEGORY_KEY,
  PROP_STATUS,
  PROP_PRIORITY,
  PROP_ACTOR_ID,
  PROP_LATITUDE,
  PROP_LONGITUDE,
  PROP_OBSERVED_AT,
  PROP_UPDATED_AT,
  PROP_WONT_FIX_REASON,
  PROP_ACTIONS_DONE,
  PROP_ACTIONS_TOTAL,
  PROP_OVERDUE,
  PROP_POSSIBLE_DUPLICATE,
  PROP_PHOTO_COUNT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Frees a string field's value unless it lies in the block of a load. */
static void
release (TryggFinding *self,
         char         *value)
{
  if (self->block != NULL && (guintptr) value >= (guintptr) self->block &&
      (guintptr) value < (guintptr) self->block + self->block_len)
    return;
  g_free (value);
}

static gboolean
set_field (TryggFinding  *self,
           char         **field,
           const char    *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  release (self, *field);
  *field = g_strdup (value);
  return TRUE;
}

/* Writes "number\ntitle\ndescription" at @key, which has room for
 * @title_len + @description_len + 16 bytes, and folds it. Returns its
 * length; or, when the text is more than ASCII and Latin-1, leaves a new,
 * fully folded copy in @out_folded and returns the length of that. Built
 * by hand, not with printf (the number too): the first view of 100,000
 * findings runs this for each. */
static gsize
write_search_key (char        *key,
                  int          number,
                  const char  *title,
                  gsize        title_len,
                  const char  *description,
                  gsize        description_len,
                  char       **out_folded)
{
  char digits[12], *p;
  guint rest = (guint) ABS (number), n = 0;

  do
    digits[n++] = '0' + rest % 10;
  while ((rest /= 10) > 0);
  if (number < 0)
    digits[n++] = '-';
  for (p = key; n > 0; n--)
    *p++ = digits[n - 1];
  *p++ = '\n';
  memcpy (p, title, title_len);
  p += title_len;
  *p++ = '\n';
  memcpy (p, description, description_len);
  p += description_len;
  *p = '\0';
  *out_folded = NULL;
  if (!trygg_fold_text_simple (key, p - key))
    {
      *out_folded = trygg_fold_text_full (key);
      return strlen (*out_folded);
    }
  return p - key;
}

/* Folded once, when first asked for, so that filtering 100,000 findings
 * is a plain search per finding. The same folding is applied to the
 * query text. */
static void
update_search_key (TryggFinding *self)
{
  const char *title = self->title ? self->title : "";
  const char *description = self->description ? self->description : "";
  gsize title_len = strlen (title), description_len = strlen (description);
  char *key = g_malloc (title_len + description_len + 16), *folded;

  g_free (self->search_key);
  self->search_key_len = write_search_key (key, self->number, title, title_len,
                                           description, description_len, &folded);
  if (folded != NULL)
    {
      g_free (key);
      key = folded;
    }
  self->search_key = key;
}

static void
forget_search_key (TryggFinding *self)
{
  g_clear_pointer (&self->search_key, g_free);
  self->search_key_len = 0;
}

/* Every setter says what it changed through here: the generation tells a
 * view whether what it copied of this finding is still current (a custom
 * dispatch_properties_changed would make GObject queue the notifications
 * of every finding a load constructs). */
static void
changed (TryggFinding *self,
         GParamSpec   *pspec)
{
  self->generation++;
  g_object_notify_by_pspec (G_OBJECT (self), pspec);
}

/* The six strings a load fills in, and their block. */
static void
release_strings (TryggFinding *self)
{
  release (self, self->id);
  release (self, self->title);
  release (self, self->description);
  release (self, self->observed_at);
  release (self, self->updated_at);
  release (self, self->wont_fix_reason);
  g_clear_pointer (&self->block, g_free);
}

static void
trygg_finding_finalize (GObject *object)
{
  TryggFinding *self = TRYGG_FINDING (object);

  release_strings (self);
  g_free (self->search_key);

  G_OBJECT_CLASS (trygg_finding_parent_class)->finalize (object);
}

static void
trygg_finding_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  TryggFinding *self = TRYGG_FINDING (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_WALK_ID:
      g_value_set_string (value, self->walk_id);
      break;

    case PROP_NUMBER:
      g_value_set_int (value, self->number);
      break;

    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;

    case PROP_DESCRIPTION:
      g_value_set_string (value, self->description);
      break;

    case PROP_CATEGORY_KEY:
      g_value_set_string (value, self->category_key);
      break;

    case PROP_STATUS:
      g_value_set_enum (value, self->status);
      break;

    case PROP_PRIORITY:
      g_value_set_enum (value, self->priority);
      break;

    case PROP_ACTOR_ID:
      g_value_set_string (value, self->actor_id);
      break;

    case PROP_LATITUDE:
      g_value_set_double (value, self->latitude);
      break;

    case PROP_LONGITUDE:
      g_value_set_double (value, self->longitude);
      break;

    case PROP_OBSERVED_AT:
      g_value_set_string (value, self->observed_at);
      break;

    case PROP_UPDATED_AT:
      g_value_set_string (value, self->updated_at);
      break;

    case PROP_WONT_FIX_REASON:
      g_value_set_string (value, self->wont_fix_reason);
      break;

    case PROP_ACTIONS_DONE:
      g_value_set_int (value, self->actions_done);
      break;

    case PROP_ACTIONS_TOTAL:
      g_value_set_int (value, self->actions_total);
      break;

    case PROP_OVERDUE:
      g_value_set_boolean (value, self->overdue);
      break;

    case PROP_POSSIBLE_DUPLICATE:
      g_value_set_boolean (value, self->possible_duplicate);
      break;

    case PROP_PHOTO_COUNT:
      g_value_set_int (value, self->photo_count);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
trygg_finding_class_init (TryggFindingClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = trygg_finding_finalize;
  object_class->get_property = trygg_finding_get_property;

  /* UUID */
  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The walk it was noted on */
  properties[PROP_WALK_ID] =
    g_param_spec_string ("walk-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Number on the map, unique within the walk */
  properties[PROP_NUMBER] =
    g_param_spec_int ("number", NULL, NULL, 0, G_MAXINT, 0,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Short title */
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* What was observed */
  properties[PROP_DESCRIPTION] =
    g_param_spec_string ("description", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Category key, or NULL */
  properties[PROP_CATEGORY_KEY] =
    g_param_spec_string ("category-key", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Status */
  properties[PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL, TRYGG_TYPE_STATUS, TRYGG_STATUS_NEW,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Priority */
  properties[PROP_PRIORITY] =
    g_param_spec_enum ("priority", NULL, NULL, TRYGG_TYPE_PRIORITY, TRYGG_PRIORITY_MEDIUM,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Responsible actor, or NULL */
  properties[PROP_ACTOR_ID] =
    g_param_spec_string ("actor-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* WGS 84 latitude */
  properties[PROP_LATITUDE] =
    g_param_spec_double ("latitude", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* WGS 84 longitude */
  properties[PROP_LONGITUDE] =
    g_param_spec_double ("longitude", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* When it was noted, ISO 8601 UTC */
  properties[PROP_OBSERVED_AT] =
    g_param_spec_string ("observed-at", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Last change, ISO 8601 UTC */
  properties[PROP_UPDATED_AT] =
    g_param_spec_string ("updated-at", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Why it will not be fixed */
  properties[PROP_WONT_FIX_REASON] =
    g_param_spec_string ("wont-fix-reason", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Measures done */
  properties[PROP_ACTIONS_DONE] =
    g_param_spec_int ("actions-done", NULL, NULL, 0, G_MAXINT, 0,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Measures in all */
  properties[PROP_ACTIONS_TOTAL] =
    g_param_spec_int ("actions-total", NULL, NULL, 0, G_MAXINT, 0,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Whether an undone measure is past its due date */
  properties[PROP_OVERDUE] =
    g_param_spec_boolean ("overdue", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Whether an open finding of the same category lies within 15 m */
  properties[PROP_POSSIBLE_DUPLICATE] =
    g_param_spec_boolean ("possible-duplicate", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* How many photos it has */
  properties[PROP_PHOTO_COUNT] =
    g_param_spec_int ("photo-count", NULL, NULL, 0, G_MAXINT, 0,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
trygg_finding_init (TryggFinding *self)
{
  self->priority = TRYGG_PRIORITY_MEDIUM;
}

TryggFinding *
trygg_finding_new (void)
{
  return g_object_new (TRYGG_TYPE_FINDING, NULL);
}

const char *
trygg_finding_get_id (TryggFinding *self)
{
  g_return_val_if_fail (TRYGG_IS_FINDING (self), NULL);
  return self->id;
}

const char *
trygg_finding_get_walk_id (TryggFinding *self)
{
  g_return_val_if_fail (TRYGG_IS_FINDING (self), NULL);
  return self->walk_id;
}

int
trygg_finding_get_number (TryggFinding *self)
{
  g_return_val_if_fail (TRYGG_IS_FINDING (self), 0);
  return self->number;
}

const char *
trygg_finding_get_title (TryggFinding *self)
{
  g_return_val_if_fail (TRYGG_IS_FINDING (self), NULL);
  return self->title;
}

const char *
trygg_finding_get_description (TryggFinding *self)
{
  g_return_val_if_fail (TRYGG_IS_FINDING (self), NULL);
  return self->description;
}

const char *
trygg_finding_get_category_key (TryggFinding *self)
{
  g_return_val_if_fail (TRYGG_IS_FINDING (self), NULL);
  return self->category_key;
}

TryggStatus
trygg_finding_get_status (TryggFinding *self)
{
  g_return_val_if_fail (TRYGG_IS_FINDING (self), 0);
  return self->status;
}

TryggPriority
trygg_finding_get_priority (TryggFinding *self)
{
  g_return_val_if_fail (TRYGG_IS_FINDING (self), 0);
  return self->priority;
}

const char *
trygg_finding_get_actor_id (TryggFinding *self)
{
  g_return_val_if_fail (TRYGG_IS_FINDING (self), NULL);
  return self->actor_id;
}

double
trygg_finding_get_latitude (TryggFinding *self)
{
  g_return_val_if_fail (TRYGG_IS_FINDING (self), 0);
  return self->latitude;
}

double
trygg_finding_get_longitude (TryggFinding *self)
{
  g_return_val_if_fail (TRYGG_IS_FINDING (self), 0);
  return self->longitude;
}

const char *
trygg_finding_get_observed_at (TryggFinding *self)
{
  g_return_val_if_fail (TRYGG_IS_FINDING (self), NULL);
  return self->observed_at;
}

const char *
trygg_finding_get_updated_at (TryggFinding *self)
{
  g_return_val_if_fail (TRYGG_IS_FINDING (self), NULL);
  return self->updated_at;
}

const char *
trygg_finding_get_wont_fix_reason (TryggFinding *self)
{
  g_return_val_if_fail (TRYGG_IS_FINDING (self), NULL);
  return self->wont_fix_reason;
}

int
trygg_finding_get_actions_done (TryggFinding *self)
{
  g_return_val_if_fail (TRYGG_IS_FINDING (self), 0);
  return self->actions_done;
}

int
trygg_finding_get_actions_total (TryggFinding *self)
{
  g_return_val_if_fail (TRYGG_IS_FINDING (self), 0);
  return self->actions_total;
}

gboolean
trygg_finding_get_overdue (TryggFinding *self)
{
  g_return_val_if_fail (TRYGG_IS_FINDING (self), FALSE);
  return self->overdue;
}

gboolean
trygg_finding_get_possible_duplicate (TryggFinding *self)
{
  g_return_val_if_fail (TRYGG_IS_FINDING (self), FALSE);
  return self->possible_duplicate;
}

int
trygg_finding_get_photo_count (TryggFinding *self)
{
  g_return_val_if_fail (TRYGG_IS_FINDING (self), 0);
  return self->photo_count;
}

void
trygg_finding_set_id (TryggFinding *self,
                      const char *value)
{
  if (set_field (self, &self->id, value))
    changed (self, properties[PROP_ID]);
}

void
trygg_finding_set_walk_id (TryggFinding *self,
                           const char *value)
{
  value = g_intern_string (value);
  if (self->walk_id != value)
    {
      self->walk_id = value;
      changed (self, properties[PROP_WALK_ID]);
    }
}

void
trygg_finding_set_number (TryggFinding *self,
                          int value)
{
  if (self->number != value)
    {
      self->number = value;
      forget_search_key (self);
      changed (self, properties[PROP_NUMBER]);
    }
}

void
trygg_finding_set_title (TryggFinding *self,
                         const char *value)
{
  if (set_field (self, &self->title, value))
    {
      forget_search_key (self);
      changed (self, properties[PROP_TITLE]);
    }
}

void
trygg_finding_set_description (TryggFinding *self,
                               const char *value)
{
  if (set_field (self, &self->description, value))
    {
      forget_search_key (self);
      changed (self, properties[PROP_DESCRIPTION]);
    }
}

void
trygg_finding_set_category_key (TryggFinding *self,
                                const char *value)
{
  value = g_intern_string (value);
  if (self->category_key != value)
    {
      self->category_key = value;
      changed (self, properties[PROP_CATEGORY_KEY]);
    }
}

void
trygg_finding_set_status (TryggFinding *self,
                          TryggStatus value)
{
  if (self->status != value)
    {
      self->status = value;
      changed (self, properties[PROP_STATUS]);
    }
}

void
trygg_finding_set_priority (TryggFinding *self,
                            TryggPriority value)
{
  if (self->priority != value)
    {
      self->priority = value;
      changed (self, properties[PROP_PRIORITY]);
    }
}

void
trygg_finding_set_actor_id (TryggFinding *self,
                            const char *value)
{
  value = g_intern_string (value);
  if (self->actor_id != value)
    {
      self->actor_id = value;
      changed (self, properties[PROP_ACTOR_ID]);
    }
}

void
trygg_finding_set_latitude (TryggFinding *self,
                            double value)
{
  if (self->latitude != value)
    {
      self->latitude = value;
      changed (self, properties[PROP_LATITUDE]);
    }
}

void
trygg_finding_set_longitude (TryggFinding *self,
                             double value)
{
  if (self->longitude != value)
    {
      self->longitude = value;
      changed (self, properties[PROP_LONGITUDE]);
    }
}

void
trygg_finding_set_observed_at (TryggFinding *self,
                               const char *value)
{
  if (set_field (self, &self->observed_at, value))
    changed (self, properties[PROP_OBSERVED_AT]);
}

void
trygg_finding_set_updated_at (TryggFinding *self,
                              const char *value)
{
  if (set_field (self, &self->updated_at, value))
    changed (self, properties[PROP_UPDATED_AT]);
}

void
trygg_finding_set_wont_fix_reason (TryggFinding *self,
                                   const char *value)
{
  if (set_field (self, &self->wont_fix_reason, value))
    changed (self, properties[PROP_WONT_FIX_REASON]);
}

void
trygg_finding_set_actions_done (TryggFinding *self,
                                int value)
{
  if (self->actions_done != value)
    {
      self->actions_done = value;
      changed (self, properties[PROP_ACTIONS_DONE]);
    }
}

void
trygg_finding_set_actions_total (TryggFinding *self,
                                 int value)
{
  if (self->actions_total != value)
    {
      self->actions_total = value;
      changed (self, properties[PROP_ACTIONS_TOTAL]);
    }
}

void
trygg_finding_set_overdue (TryggFinding *self,
                           gboolean value)
{
  if (self->overdue != value)
    {
      self->overdue = value;
      changed (self, properties[PROP_OVERDUE]);
    }
}

void
trygg_finding_set_possible_duplicate (TryggFinding *self,
                                      gboolean value)
{
  if (self->possible_duplicate != value)
    {
      self->possible_duplicate = value;
      changed (self, properties[PROP_POSSIBLE_DUPLICATE]);
    }
}

void
trygg_finding_set_photo_count (TryggFinding *self,
                               int value)
{
  if (self->photo_count != value)
    {
      self->photo_count = value;
      changed (self, properties[PROP_PHOTO_COUNT]);
    }
}

const char *
trygg_finding_get_search_key (TryggFinding *self,
                              guint        *out_len)
{
  if (self->search_key == NULL)
    update_search_key (self);
  *out_len = self->search_key_len;
  return self->search_key;
}

/* Copies @value (@len bytes) to @p in the block and points @field at it;
 * returns where the next string goes. */
static char *
place (char       **field,
       char        *p,
       const char  *value,
       gsize        len)
{
  if (value == NULL)
    {
      *field = NULL;
      return p;
    }
  memcpy (p, value, len);
  p[len] = '\0';
  *field = p;
  return p + len + 1;
}

void
trygg_finding_load (TryggFinding  *self,
                    const char    *id,
                    const char    *walk_id,
                    int            number,
                    const char    *title,
                    const char    *description,
                    const char    *category_key,
                    TryggStatus    status,
                    TryggPriority  priority,
                    const char    *actor_id,
                    double         latitude,
                    double         longitude,
                    const char    *observed_at,
                    const char    *updated_at,
                    const char    *wont_fix_reason)
{
  gsize id_len = id ? strlen (id) : 0;
  gsize title_len = title ? strlen (title) : 0;
  gsize description_len = description ? strlen (description) : 0;
  gsize observed_len = observed_at ? strlen (observed_at) : 0;
  gsize updated_len = updated_at ? strlen (updated_at) : 0;
  gsize reason_len = wont_fix_reason ? strlen (wont_fix_reason) : 0;
  char *p;

  /* Not notified (nothing watches a finding being loaded), but a view
   * must not take it for unchanged. */
  self->generation++;
  release_strings (self);
  forget_search_key (self);

  /* Six strings, each with its NUL. The search key is made when first
   * asked for: the list's view asks for all of them once it is made, and
   * a program that only exports never does. */
  self->block_len = id_len + title_len + description_len + observed_len + updated_len + reason_len + 6;
  self->block = p = g_malloc (self->block_len);
  p = place (&self->id, p, id, id_len);
  p = place (&self->title, p, title, title_len);
  p = place (&self->description, p, description, description_len);
  p = place (&self->observed_at, p, observed_at, observed_len);
  p = place (&self->updated_at, p, updated_at, updated_len);
  place (&self->wont_fix_reason, p, wont_fix_reason, reason_len);

  self->walk_id = walk_id;
  self->number = number;
  self->category_key = category_key;
  self->status = status;
  self->priority = priority;
  self->actor_id = actor_id;
  self->latitude = latitude;
  self->longitude = longitude;
}

void
trygg_finding_load_counts (TryggFinding *self,
                           int           actions_done,
                           int           actions_total,
                           gboolean      overdue,
                           int           photo_count)
{
  self->generation++;
  self->actions_done = actions_done;
  self->actions_total = actions_total;
  self->overdue = overdue;
  self->photo_count = photo_count;
}

gint64
trygg_finding_get_rid (TryggFinding *self)
{
  return self->rid;
}

void
trygg_finding_set_rid (TryggFinding *self,
                       gint64        rid)
{
  self->rid = rid;
}
