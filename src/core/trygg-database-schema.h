/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The migrations, in order: migrations[N] brings a database from
 * user_version N to N + 1. A shipped migration is never edited; change the
 * schema by appending one. Each script sets user_version itself so that no
 * SQL has to be assembled at run time. */

static const char * const migrations[] = {
  /* 0 → 1: the first schema. */
  "PRAGMA application_id = 1414682951;\n" /* 0x54525947, "TRYG" */
  "CREATE TABLE walk (\n"
  "  id           TEXT PRIMARY KEY NOT NULL,\n"
  "  name         TEXT NOT NULL UNIQUE,\n"
  "  date         TEXT,\n"
  "  time_of_day  TEXT NOT NULL DEFAULT 'day' CHECK (time_of_day IN ('day', 'evening')),\n"
  "  area         TEXT NOT NULL DEFAULT '',\n"
  "  participants TEXT NOT NULL DEFAULT ''\n"
  ") STRICT;\n"
  "CREATE TABLE route_point (\n"
  "  walk_id   TEXT NOT NULL REFERENCES walk (id) ON DELETE CASCADE,\n"
  "  seq       INTEGER NOT NULL,\n"
  "  latitude  REAL NOT NULL CHECK (latitude BETWEEN -90 AND 90),\n"
  "  longitude REAL NOT NULL CHECK (longitude BETWEEN -180 AND 180),\n"
  "  PRIMARY KEY (walk_id, seq)\n"
  ") STRICT;\n"
  "CREATE TABLE actor (\n"
  "  id      TEXT PRIMARY KEY NOT NULL,\n"
  "  name    TEXT NOT NULL UNIQUE,\n"
  "  colour  TEXT NOT NULL DEFAULT '#3584e4',\n"
  "  contact TEXT NOT NULL DEFAULT ''\n"
  ") STRICT;\n"
  "CREATE TABLE category (\n"
  "  key     TEXT PRIMARY KEY NOT NULL,\n"
  "  name    TEXT NOT NULL,\n"
  "  builtin INTEGER NOT NULL DEFAULT 0 CHECK (builtin IN (0, 1))\n"
  ") STRICT;\n"
  /* rid is the R*Tree's key: an INTEGER PRIMARY KEY survives VACUUM, a
   * plain rowid does not. */
  "CREATE TABLE finding (\n"
  "  rid         INTEGER PRIMARY KEY,\n"
  "  id          TEXT NOT NULL UNIQUE,\n"
  "  walk_id     TEXT NOT NULL REFERENCES walk (id),\n"
  "  number      INTEGER NOT NULL CHECK (number > 0),\n"
  "  title       TEXT NOT NULL DEFAULT '',\n"
  "  description TEXT NOT NULL DEFAULT '',\n"
  "  category    TEXT REFERENCES category (key) ON UPDATE CASCADE ON DELETE SET NULL,\n"
  "  status      TEXT NOT NULL DEFAULT 'new'\n"
  "              CHECK (status IN ('new', 'assigned', 'in_progress', 'fixed', 'wont_fix')),\n"
  "  priority    TEXT NOT NULL DEFAULT 'medium' CHECK (priority IN ('low', 'medium', 'high')),\n"
  "  actor_id    TEXT REFERENCES actor (id) ON DELETE SET NULL,\n"
  "  latitude    REAL NOT NULL CHECK (latitude BETWEEN -90 AND 90),\n"
  "  longitude   REAL NOT NULL CHECK (longitude BETWEEN -180 AND 180),\n"
  "  observed_at TEXT NOT NULL,\n"
  "  updated_at  TEXT NOT NULL,\n"
  "  wont_fix_reason TEXT,\n"
  "  UNIQUE (walk_id, number)\n"
  ") STRICT;\n"
  "CREATE INDEX finding_actor ON finding (actor_id);\n"
  "CREATE INDEX finding_status ON finding (status);\n"
  "CREATE INDEX finding_category ON finding (category);\n"
  "CREATE VIRTUAL TABLE finding_location USING rtree (rid, min_lat, max_lat, min_lon, max_lon);\n"
  "CREATE TRIGGER finding_location_insert AFTER INSERT ON finding BEGIN\n"
  "  INSERT INTO finding_location VALUES (new.rid, new.latitude, new.latitude, new.longitude, new.longitude);\n"
  "END;\n"
  "CREATE TRIGGER finding_location_update AFTER UPDATE OF latitude, longitude ON finding BEGIN\n"
  "  UPDATE finding_location SET min_lat = new.latitude, max_lat = new.latitude,\n"
  "    min_lon = new.longitude, max_lon = new.longitude WHERE rid = new.rid;\n"
  "END;\n"
  "CREATE TRIGGER finding_location_delete AFTER DELETE ON finding BEGIN\n"
  "  DELETE FROM finding_location WHERE rid = old.rid;\n"
  "END;\n"
  "CREATE TABLE action (\n"
  "  id         TEXT PRIMARY KEY NOT NULL,\n"
  "  finding_id TEXT NOT NULL REFERENCES finding (id) ON DELETE CASCADE,\n"
  "  position   INTEGER NOT NULL,\n"
  "  text       TEXT NOT NULL,\n"
  "  actor_id   TEXT REFERENCES actor (id) ON DELETE SET NULL,\n"
  "  due        TEXT,\n"
  "  done       INTEGER NOT NULL DEFAULT 0 CHECK (done IN (0, 1)),\n"
  "  done_at    TEXT,\n"
  "  comment    TEXT NOT NULL DEFAULT ''\n"
  ") STRICT;\n"
  "CREATE INDEX action_finding ON action (finding_id, position);\n"
  "CREATE INDEX action_actor ON action (actor_id);\n"
  "CREATE TABLE photo (\n"
  "  id         TEXT PRIMARY KEY NOT NULL,\n"
  "  finding_id TEXT NOT NULL REFERENCES finding (id) ON DELETE CASCADE,\n"
  "  position   INTEGER NOT NULL DEFAULT 0,\n"
  "  kind       TEXT NOT NULL DEFAULT 'none' CHECK (kind IN ('none', 'before', 'after')),\n"
  "  mime_type  TEXT NOT NULL,\n"
  "  added_at   TEXT NOT NULL,\n"
  "  data       BLOB NOT NULL\n"
  ") STRICT;\n"
  "CREATE INDEX photo_finding ON photo (finding_id, position);\n"
  "CREATE TABLE event (\n"
  "  id         INTEGER PRIMARY KEY,\n"
  "  finding_id TEXT NOT NULL REFERENCES finding (id) ON DELETE CASCADE,\n"
  "  at         TEXT NOT NULL,\n"
  "  kind       TEXT NOT NULL,\n"
  "  old_value  TEXT,\n"
  "  new_value  TEXT\n"
  ") STRICT;\n"
  "CREATE INDEX event_finding ON event (finding_id, id);\n"
  "INSERT INTO category (key, name, builtin) VALUES\n"
  "  ('lighting', 'Lighting', 1),\n"
  "  ('vegetation', 'Vegetation blocking the view', 1),\n"
  "  ('sightlines', 'Sight lines and hiding places', 1),\n"
  "  ('underpasses', 'Underpasses and dark passages', 1),\n"
  "  ('wayfinding', 'Wayfinding and signage', 1),\n"
  "  ('graffiti', 'Graffiti and vandalism', 1),\n"
  "  ('litter', 'Litter', 1),\n"
  "  ('maintenance', 'Maintenance', 1),\n"
  "  ('activity', 'People and activity', 1),\n"
  "  ('gathering', 'Gathering places and disorder', 1),\n"
  "  ('traffic', 'Traffic and accessibility', 1),\n"
  "  ('perimeter', 'Doors, locks and fencing', 1),\n"
  "  ('cameras', 'Cameras and guards', 1),\n"
  "  ('safe-place', 'A place that works well', 1);\n"
  "PRAGMA user_version = 1;\n",
  /* 1 → 2: keep the GPX route's own name. Keep each finding's measure and
   * photo counts and its earliest undone due date in the finding row,
   * current through triggers, so that loading 100,000 findings is one
   * plain scan instead of aggregates over every measure. */
  "ALTER TABLE walk ADD COLUMN route_name TEXT;\n"
  "ALTER TABLE finding ADD COLUMN actions_total INTEGER NOT NULL DEFAULT 0;\n"
  "ALTER TABLE finding ADD COLUMN actions_done INTEGER NOT NULL DEFAULT 0;\n"
  "ALTER TABLE finding ADD COLUMN next_due TEXT;\n"
  "ALTER TABLE finding ADD COLUMN photo_count INTEGER NOT NULL DEFAULT 0;\n"
  "CREATE INDEX action_finding_state ON action (finding_id, done, due);\n"
  "UPDATE finding SET\n"
  "  actions_total = (SELECT count (*) FROM action WHERE finding_id = finding.id),\n"
  "  actions_done = (SELECT count (*) FROM action WHERE finding_id = finding.id AND done = 1),\n"
  "  next_due = (SELECT min (due) FROM action WHERE finding_id = finding.id AND done = 0),\n"
  "  photo_count = (SELECT count (*) FROM photo WHERE finding_id = finding.id);\n"
#define RECOUNT_ACTIONS(row) \
  "  UPDATE finding SET\n" \
  "    actions_total = (SELECT count (*) FROM action WHERE finding_id = " row ".finding_id),\n" \
  "    actions_done = (SELECT count (*) FROM action WHERE finding_id = " row ".finding_id AND done = 1),\n" \
  "    next_due = (SELECT min (due) FROM action WHERE finding_id = " row ".finding_id AND done = 0)\n" \
  "  WHERE id = " row ".finding_id;\n"
#define RECOUNT_PHOTOS(row) \
  "  UPDATE finding SET photo_count = (SELECT count (*) FROM photo WHERE finding_id = " row ".finding_id)\n" \
  "  WHERE id = " row ".finding_id;\n"
  "CREATE TRIGGER action_count_insert AFTER INSERT ON action BEGIN\n" RECOUNT_ACTIONS ("new") "END;\n"
  "CREATE TRIGGER action_count_delete AFTER DELETE ON action BEGIN\n" RECOUNT_ACTIONS ("old") "END;\n"
  "CREATE TRIGGER action_count_update AFTER UPDATE OF finding_id, done, due ON action BEGIN\n"
  RECOUNT_ACTIONS ("old") RECOUNT_ACTIONS ("new") "END;\n"
  "CREATE TRIGGER photo_count_insert AFTER INSERT ON photo BEGIN\n" RECOUNT_PHOTOS ("new") "END;\n"
  "CREATE TRIGGER photo_count_delete AFTER DELETE ON photo BEGIN\n" RECOUNT_PHOTOS ("old") "END;\n"
#undef RECOUNT_ACTIONS
#undef RECOUNT_PHOTOS
  "PRAGMA user_version = 2;\n",
  /* 2 → 3: a print-sized JPEG of each photo, made when the photo is added,
   * so that a report embeds it as it is instead of decoding a phone photo
   * and encoding it again for every report (10 ms a photo: most of the time
   * of a report with photos). data NULL: the photo itself is small enough
   * to print as it is. No row: made by the next report, which is how the
   * photos of an older database get theirs (doing it here would hold up
   * opening a large database for minutes). */
  "CREATE TABLE photo_print (\n"
  "  photo_id TEXT PRIMARY KEY NOT NULL REFERENCES photo (id) ON DELETE CASCADE,\n"
  "  data     BLOB\n"
  ") STRICT;\n"
  "PRAGMA user_version = 3;\n",
  /* 3 → 4: action_finding (finding_id, position) already narrows the
   * counts' queries to one finding's few measures; a second index on
   * finding_id only made every measure's write, and a large import's
   * index builds, a fifth dearer. */
  "DROP INDEX action_finding_state;\n"
  "PRAGMA user_version = 4;\n",
  /* 4 → 5: the same findings table with its CHECKs on status and
   * priority spelled as comparisons. A CHECK with IN and a list of more
   * than two values builds a lookup table of the list for every row it
   * checks: a third of the time a large import spends writing findings.
   * SQLite cannot change a CHECK in place; the table is made again as its
   * documentation says, with foreign keys not enforced while it runs (see
   * migrate()): made new, filled, the old one dropped, the new one renamed.
   * The rename is the legacy one: the measure and photo counts' triggers
   * name the findings table, which does not exist for a moment, and the
   * rename would refuse a schema whose triggers name a missing table.
   * Indexes and triggers on the table go with the old one and are made
   * again. */
  "CREATE TABLE finding_new (\n"
  "  rid         INTEGER PRIMARY KEY,\n"
  "  id          TEXT NOT NULL UNIQUE,\n"
  "  walk_id     TEXT NOT NULL REFERENCES walk (id),\n"
  "  number      INTEGER NOT NULL CHECK (number > 0),\n"
  "  title       TEXT NOT NULL DEFAULT '',\n"
  "  description TEXT NOT NULL DEFAULT '',\n"
  "  category    TEXT REFERENCES category (key) ON UPDATE CASCADE ON DELETE SET NULL,\n"
  "  status      TEXT NOT NULL DEFAULT 'new'\n"
  "              CHECK (status = 'new' OR status = 'assigned' OR status = 'in_progress'\n"
  "                     OR status = 'fixed' OR status = 'wont_fix'),\n"
  "  priority    TEXT NOT NULL DEFAULT 'medium'\n"
  "              CHECK (priority = 'low' OR priority = 'medium' OR priority = 'high'),\n"
  "  actor_id    TEXT REFERENCES actor (id) ON DELETE SET NULL,\n"
  "  latitude    REAL NOT NULL CHECK (latitude BETWEEN -90 AND 90),\n"
  "  longitude   REAL NOT NULL CHECK (longitude BETWEEN -180 AND 180),\n"
  "  observed_at TEXT NOT NULL,\n"
  "  updated_at  TEXT NOT NULL,\n"
  "  wont_fix_reason TEXT,\n"
  "  actions_total INTEGER NOT NULL DEFAULT 0,\n"
  "  actions_done  INTEGER NOT NULL DEFAULT 0,\n"
  "  next_due      TEXT,\n"
  "  photo_count   INTEGER NOT NULL DEFAULT 0,\n"
  "  UNIQUE (walk_id, number)\n"
  ") STRICT;\n"
  "INSERT INTO finding_new (rid, id, walk_id, number, title, description, category, status,\n"
  "  priority, actor_id, latitude, longitude, observed_at, updated_at, wont_fix_reason,\n"
  "  actions_total, actions_done, next_due, photo_count)\n"
  "  SELECT rid, id, walk_id, number, title, description, category, status,\n"
  "  priority, actor_id, latitude, longitude, observed_at, updated_at, wont_fix_reason,\n"
  "  actions_total, actions_done, next_due, photo_count FROM finding;\n"
  "DROP TABLE finding;\n"
  "PRAGMA legacy_alter_table = ON;\n"
  "ALTER TABLE finding_new RENAME TO finding;\n"
  "PRAGMA legacy_alter_table = OFF;\n"
  "CREATE INDEX finding_actor ON finding (actor_id);\n"
  "CREATE INDEX finding_status ON finding (status);\n"
  "CREATE INDEX finding_category ON finding (category);\n"
  "CREATE TRIGGER finding_location_insert AFTER INSERT ON finding BEGIN\n"
  "  INSERT INTO finding_location VALUES (new.rid, new.latitude, new.latitude, new.longitude, new.longitude);\n"
  "END;\n"
  "CREATE TRIGGER finding_location_update AFTER UPDATE OF latitude, longitude ON finding BEGIN\n"
  "  UPDATE finding_location SET min_lat = new.latitude, max_lat = new.latitude,\n"
  "    min_lon = new.longitude, max_lon = new.longitude WHERE rid = new.rid;\n"
  "END;\n"
  "CREATE TRIGGER finding_location_delete AFTER DELETE ON finding BEGIN\n"
  "  DELETE FROM finding_location WHERE rid = old.rid;\n"
  "END;\n"
  "PRAGMA user_version = 5;\n",
  /* 5 → 6: the findings' ids unique through an index of its own instead
   * of the table's UNIQUE constraint, whose index cannot be dropped: a
   * large import sets it aside with the others and builds it again at the
   * end. Kept up to date row by row, the ids of a file land on random
   * pages of it: 0.4 s of the 1 s it took to write 100,000 findings,
   * against 0.1 s to build it once they are written. The table is made
   * again as in 4 → 5. */
  "CREATE TABLE finding_new (\n"
  "  rid         INTEGER PRIMARY KEY,\n"
  "  id          TEXT NOT NULL,\n"
  "  walk_id     TEXT NOT NULL REFERENCES walk (id),\n"
  "  number      INTEGER NOT NULL CHECK (number > 0),\n"
  "  title       TEXT NOT NULL DEFAULT '',\n"
  "  description TEXT NOT NULL DEFAULT '',\n"
  "  category    TEXT REFERENCES category (key) ON UPDATE CASCADE ON DELETE SET NULL,\n"
  "  status      TEXT NOT NULL DEFAULT 'new'\n"
  "              CHECK (status = 'new' OR status = 'assigned' OR status = 'in_progress'\n"
  "                     OR status = 'fixed' OR status = 'wont_fix'),\n"
  "  priority    TEXT NOT NULL DEFAULT 'medium'\n"
  "              CHECK (priority = 'low' OR priority = 'medium' OR priority = 'high'),\n"
  "  actor_id    TEXT REFERENCES actor (id) ON DELETE SET NULL,\n"
  "  latitude    REAL NOT NULL CHECK (latitude BETWEEN -90 AND 90),\n"
  "  longitude   REAL NOT NULL CHECK (longitude BETWEEN -180 AND 180),\n"
  "  observed_at TEXT NOT NULL,\n"
  "  updated_at  TEXT NOT NULL,\n"
  "  wont_fix_reason TEXT,\n"
  "  actions_total INTEGER NOT NULL DEFAULT 0,\n"
  "  actions_done  INTEGER NOT NULL DEFAULT 0,\n"
  "  next_due      TEXT,\n"
  "  photo_count   INTEGER NOT NULL DEFAULT 0,\n"
  "  UNIQUE (walk_id, number)\n"
  ") STRICT;\n"
  "INSERT INTO finding_new (rid, id, walk_id, number, title, description, category, status,\n"
  "  priority, actor_id, latitude, longitude, observed_at, updated_at, wont_fix_reason,\n"
  "  actions_total, actions_done, next_due, photo_count)\n"
  "  SELECT rid, id, walk_id, number, title, description, category, status,\n"
  "  priority, actor_id, latitude, longitude, observed_at, updated_at, wont_fix_reason,\n"
  "  actions_total, actions_done, next_due, photo_count FROM finding;\n"
  "DROP TABLE finding;\n"
  "PRAGMA legacy_alter_table = ON;\n"
  "ALTER TABLE finding_new RENAME TO finding;\n"
  "PRAGMA legacy_alter_table = OFF;\n"
  "CREATE UNIQUE INDEX finding_id ON finding (id);\n"
  "CREATE INDEX finding_actor ON finding (actor_id);\n"
  "CREATE INDEX finding_status ON finding (status);\n"
  "CREATE INDEX finding_category ON finding (category);\n"
  "CREATE TRIGGER finding_location_insert AFTER INSERT ON finding BEGIN\n"
  "  INSERT INTO finding_location VALUES (new.rid, new.latitude, new.latitude, new.longitude, new.longitude);\n"
  "END;\n"
  "CREATE TRIGGER finding_location_update AFTER UPDATE OF latitude, longitude ON finding BEGIN\n"
  "  UPDATE finding_location SET min_lat = new.latitude, max_lat = new.latitude,\n"
  "    min_lon = new.longitude, max_lon = new.longitude WHERE rid = new.rid;\n"
  "END;\n"
  "CREATE TRIGGER finding_location_delete AFTER DELETE ON finding BEGIN\n"
  "  DELETE FROM finding_location WHERE rid = old.rid;\n"
  "END;\n"
  "PRAGMA user_version = 6;\n",
};
