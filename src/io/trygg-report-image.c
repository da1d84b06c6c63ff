/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <setjmp.h>
#include <stdio.h>
#include <string.h>

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <jpeglib.h>

#include "trygg-report-private.h"

/* Photos from phones are 12 megapixel JPEGs; the report prints them a few
 * centimetres wide. libjpeg can decode at 1/2, 1/4 or 1/8 size while
 * decoding (it skips most of the inverse DCT), which is several times faster
 * than decoding everything and scaling afterwards; gdk-pixbuf's loader does
 * not do that, so JPEG goes through libjpeg and everything else through
 * gdk-pixbuf. */

#define JPEG_QUALITY 85

/* cairo's RGB24 pixels are native-endian 32-bit words. */
#if G_BYTE_ORDER == G_LITTLE_ENDIAN
#define CAIRO_RGB24_JCS JCS_EXT_BGRX
#else
#define CAIRO_RGB24_JCS JCS_EXT_XRGB
#endif

typedef struct
{
  struct jpeg_error_mgr manager;
  jmp_buf               jump;
} JpegError;

static void
jpeg_error_exit_cb (j_common_ptr info)
{
  JpegError *error = (JpegError *) info->err;

  longjmp (error->jump, 1);
}

static void
jpeg_output_message_cb (j_common_ptr info)
{
  /* Warnings about slightly broken files are not worth a line on stderr. */
}

static gboolean
is_jpeg (GBytes *bytes)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (bytes, &size);

  return size > 3 && data[0] == 0xff && data[1] == 0xd8 && data[2] == 0xff;
}

static cairo_surface_t *
load_jpeg (GBytes *bytes,
           int     max_width,
           int     max_height)
{
  struct jpeg_decompress_struct info;
  JpegError error;
  cairo_surface_t * volatile surface = NULL;
  gsize size;
  const guint8 *data = g_bytes_get_data (bytes, &size);

  info.err = jpeg_std_error (&error.manager);
  error.manager.error_exit = jpeg_error_exit_cb;
  error.manager.output_message = jpeg_output_message_cb;
  if (setjmp (error.jump))
    {
      jpeg_destroy_decompress (&info);
      g_clear_pointer ((cairo_surface_t **) &surface, cairo_surface_destroy);
      return NULL;
    }

  jpeg_create_decompress (&info);
  jpeg_mem_src (&info, data, size);
  jpeg_read_header (&info, TRUE);

  /* The largest reduction (n/8) that still leaves about the printed size
   * (10 % less is still more than 180 dpi). */
  info.scale_denom = 8;
  info.scale_num = 8;
  for (guint num = 1; num < 8; num++)
    {
      if (info.image_width * num / 8 * 10 >= (guint) max_width * 9 ||
          info.image_height * num / 8 * 10 >= (guint) max_height * 9)
        {
          info.scale_num = num;
          break;
        }
    }
  info.out_color_space = CAIRO_RGB24_JCS;
  /* At print size the faster integer transform looks the same. */
  info.dct_method = JDCT_IFAST;
  info.do_fancy_upsampling = FALSE;
  jpeg_start_decompress (&info);

  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, info.output_width, info.output_height);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    longjmp (error.jump, 1);

  {
    guint8 *pixels = cairo_image_surface_get_data (surface);
    int stride = cairo_image_surface_get_stride (surface);

    while (info.output_scanline < info.output_height)
      {
        JSAMPROW row = pixels + (gsize) info.output_scanline * stride;
        jpeg_read_scanlines (&info, &row, 1);
      }
  }
  jpeg_finish_decompress (&info);
  jpeg_destroy_decompress (&info);
  cairo_surface_mark_dirty (surface);

  return surface;
}

static cairo_surface_t *
surface_from_pixbuf (GdkPixbuf *pixbuf)
{
  int width = gdk_pixbuf_get_width (pixbuf);
  int height = gdk_pixbuf_get_height (pixbuf);
  int channels = gdk_pixbuf_get_n_channels (pixbuf);
  int in_stride = gdk_pixbuf_get_rowstride (pixbuf);
  const guint8 *in = gdk_pixbuf_read_pixels (pixbuf);
  gboolean alpha = gdk_pixbuf_get_has_alpha (pixbuf);
  cairo_surface_t *surface;
  guint8 *out;
  int out_stride;

  surface = cairo_image_surface_create (alpha ? CAIRO_FORMAT_ARGB32 : CAIRO_FORMAT_RGB24, width, height);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (surface);
      return NULL;
    }
  out = cairo_image_surface_get_data (surface);
  out_stride = cairo_image_surface_get_stride (surface);

  for (int y = 0; y < height; y++)
    {
      const guint8 *p = in + (gsize) y * in_stride;
      guint32 *q = (guint32 *) (gpointer) (out + (gsize) y * out_stride);

      for (int x = 0; x < width; x++, p += channels)
        {
          guint a = alpha ? p[3] : 255;
          /* cairo wants premultiplied alpha; the +127 rounds. */
          guint r = (p[0] * a + 127) / 255;
          guint g = (p[1] * a + 127) / 255;
          guint b = (p[2] * a + 127) / 255;

          q[x] = (a << 24) | (r << 16) | (g << 8) | b;
        }
    }
  cairo_surface_mark_dirty (surface);

  return surface;
}

/* gdk-pixbuf guesses the format through the shared MIME database, which a
 * sandbox or a test's private XDG folders may lack: name the two formats
 * we expect ourselves. */
static GdkPixbufLoader *
loader_for (GBytes *bytes)
{
  static const guint8 png[] = { 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a };
  gsize size;
  const guint8 *data = g_bytes_get_data (bytes, &size);
  GdkPixbufLoader *loader = NULL;

  if (size >= sizeof png && memcmp (data, png, sizeof png) == 0)
    loader = gdk_pixbuf_loader_new_with_type ("png", NULL);
  else if (is_jpeg (bytes))
    loader = gdk_pixbuf_loader_new_with_type ("jpeg", NULL);

  return loader != NULL ? loader : gdk_pixbuf_loader_new ();
}

static cairo_surface_t *
load_with_pixbuf (GBytes *bytes,
                  int     max_width,
                  int     max_height)
{
  g_autoptr(GdkPixbufLoader) loader = loader_for (bytes);
  g_autoptr(GdkPixbuf) oriented = NULL;
  GdkPixbuf *pixbuf;
  int width, height;
  double scale;

  if (!gdk_pixbuf_loader_write_bytes (loader, bytes, NULL) ||
      !gdk_pixbuf_loader_close (loader, NULL))
    {
      gdk_pixbuf_loader_close (loader, NULL);
      return NULL;
    }
  pixbuf = gdk_pixbuf_loader_get_pixbuf (loader);
  if (pixbuf == NULL)
    return NULL;

  oriented = gdk_pixbuf_apply_embedded_orientation (pixbuf);
  width = gdk_pixbuf_get_width (oriented);
  height = gdk_pixbuf_get_height (oriented);
  scale = MIN ((double) max_width / width, (double) max_height / height);
  if (scale < 1.0)
    {
      g_autoptr(GdkPixbuf) scaled = gdk_pixbuf_scale_simple (oriented,
                                                             MAX (1, (int) (width * scale + 0.5)),
                                                             MAX (1, (int) (height * scale + 0.5)),
                                                             GDK_INTERP_BILINEAR);
      if (scaled == NULL)
        return NULL;
      return surface_from_pixbuf (scaled);
    }

  return surface_from_pixbuf (oriented);
}

/* Rotation from EXIF is only read for non-JPEG files and JPEGs that
 * gdk-pixbuf must decode; phone JPEGs with an orientation tag are handled
 * by looking for the tag first. */
static gboolean
jpeg_has_rotation (GBytes *bytes)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (bytes, &size);

  /* The APP1 (Exif) segment comes right after the start marker; only look
   * into it when present, to keep the fast path fast. */
  if (size < 6 || data[2] != 0xff || data[3] != 0xe1)
    return FALSE;

  for (gsize i = 4; i + 12 < MIN (size, 65536); i++)
    {
      gboolean little = data[i] == 'I' && data[i + 1] == 'I';
      gboolean big = data[i] == 'M' && data[i + 1] == 'M';

      if ((little || big) && i >= 6 && memcmp (data + i - 6, "Exif\0\0", 6) == 0)
        {
          const guint8 *tiff = data + i;
          gsize tiff_size = MIN (size, 65536) - i;
          guint32 ifd;
          guint16 count;

#define U16(p) (little ? (guint16) ((p)[0] | (p)[1] << 8) : (guint16) ((p)[0] << 8 | (p)[1]))
#define U32(p) (little ? (guint32) ((p)[0] | (p)[1] << 8 | (p)[2] << 16 | (guint32) (p)[3] << 24) \
                       : (guint32) ((guint32) (p)[0] << 24 | (p)[1] << 16 | (p)[2] << 8 | (p)[3]))
          if (tiff_size < 8)
            return FALSE;
          ifd = U32 (tiff + 4);
          if (ifd + 2 > tiff_size)
            return FALSE;
          count = U16 (tiff + ifd);
          for (guint16 e = 0; e < count && ifd + 2 + (e + 1) * 12 <= tiff_size; e++)
            {
              const guint8 *entry = tiff + ifd + 2 + e * 12;

              if (U16 (entry) == 0x0112)
                return U16 (entry + 8) > 1;
            }
#undef U16
#undef U32
          return FALSE;
        }
    }
  return FALSE;
}

/* A picture for PDF and PostScript only: one pixel carrying the JPEG, and
 * its size in pixels on the side. Drawn scaled to its box, the JPEG fills
 * it. cairo copies a source surface's pixels when it is destroyed while a
 * page still refers to it; a full-size surface with blank pixels cost a
 * clear and a copy of a megabyte for every photo and map. */
static const cairo_user_data_key_t picture_size_key;

typedef struct
{
  double width;
  double height;
} PictureSize;

static cairo_surface_t *
jpeg_only_new (const unsigned char *data,
               unsigned long        length,
               cairo_destroy_func_t destroy,
               void                *closure,
               int                  width,
               int                  height)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 1, 1);
  PictureSize *size;

  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (surface);
      if (destroy != NULL)
        destroy (closure);
      return NULL;
    }
  size = g_new (PictureSize, 1);
  size->width = width;
  size->height = height;
  cairo_surface_set_user_data (surface, &picture_size_key, size, g_free);
  cairo_surface_set_mime_data (surface, CAIRO_MIME_TYPE_JPEG, data, length, destroy, closure);
  return surface;
}

/* The picture's size in pixels, also for one made by jpeg_only_new(). */
void
trygg_report_image_size (cairo_surface_t *surface,
                         double          *width,
                         double          *height)
{
  PictureSize *size = cairo_surface_get_user_data (surface, &picture_size_key);

  *width = size != NULL ? size->width : cairo_image_surface_get_width (surface);
  *height = size != NULL ? size->height : cairo_image_surface_get_height (surface);
}

/* Paints @surface at the origin, one unit a pixel of its real size (see
 * trygg_report_image_size()). */
void
trygg_report_image_paint (cairo_t         *cr,
                          cairo_surface_t *surface)
{
  double width, height;

  trygg_report_image_size (surface, &width, &height);
  cairo_save (cr);
  cairo_scale (cr, width / cairo_image_surface_get_width (surface), height / cairo_image_surface_get_height (surface));
  cairo_set_source_surface (cr, surface, 0, 0);
  cairo_paint (cr);
  cairo_restore (cr);
}

/* Takes @surface, which has a JPEG attached, and returns the same picture
 * without its pixels (for PDF and PostScript only), or @surface itself when
 * it has no JPEG. */
cairo_surface_t *
trygg_report_image_jpeg_only (cairo_surface_t *surface)
{
  const unsigned char *data = NULL;
  unsigned long length = 0;
  cairo_surface_t *only;
  int width = cairo_image_surface_get_width (surface);
  int height = cairo_image_surface_get_height (surface);
  gpointer copy;

  cairo_surface_get_mime_data (surface, CAIRO_MIME_TYPE_JPEG, &data, &length);
  if (data == NULL)
    return surface;
  copy = g_memdup2 (data, length);
  cairo_surface_destroy (surface);
  only = jpeg_only_new (copy, length, g_free, copy, width, height);
  return only;
}

/* A JPEG already about the printed size (the print copy kept for each
 * photo, a small photo) goes into the PDF as it is, without being
 * decoded. */
static cairo_surface_t *
embed_jpeg_as_is (GBytes *bytes,
                  int     max_width,
                  int     max_height)
{
  struct jpeg_decompress_struct info;
  JpegError error;
  gsize size;
  const guint8 *data = g_bytes_get_data (bytes, &size);
  int width, height;
  gboolean fits;

  info.err = jpeg_std_error (&error.manager);
  error.manager.error_exit = jpeg_error_exit_cb;
  error.manager.output_message = jpeg_output_message_cb;
  if (setjmp (error.jump))
    {
      jpeg_destroy_decompress (&info);
      return NULL;
    }
  jpeg_create_decompress (&info);
  jpeg_mem_src (&info, data, size);
  jpeg_read_header (&info, TRUE);
  width = info.image_width;
  height = info.image_height;
  /* PDF readers show YCbCr and grey JPEGs alike; CMYK ones differ. */
  fits = (info.jpeg_color_space == JCS_YCbCr || info.jpeg_color_space == JCS_GRAYSCALE) &&
         width * 5 <= max_width * 8 && height * 5 <= max_height * 8;
  jpeg_destroy_decompress (&info);
  if (!fits)
    return NULL;

  return jpeg_only_new (data, size, (cairo_destroy_func_t) g_bytes_unref, g_bytes_ref (bytes), width, height);
}

/* Decodes @bytes to at most about @max_width × @max_height pixels (keeping
 * the aspect ratio; never enlarged), with a JPEG copy attached for the PDF.
 * With @embed_as_is, a JPEG about that size is not decoded at all: the
 * surface has its size and the JPEG, no pixels (for PDF and PostScript).
 * Returns NULL when the bytes are not a picture. */
cairo_surface_t *
trygg_report_image_load (GBytes   *bytes,
                         int       max_width,
                         int       max_height,
                         gboolean  embed_as_is)
{
  cairo_surface_t *surface = NULL;

  g_assert (bytes != NULL);

  if (is_jpeg (bytes) && !jpeg_has_rotation (bytes))
    {
      surface = embed_as_is ? embed_jpeg_as_is (bytes, max_width, max_height) : NULL;
      if (surface != NULL)
        return surface;
      surface = load_jpeg (bytes, max_width, max_height);
    }
  if (surface == NULL)
    surface = load_with_pixbuf (bytes, max_width, max_height);
  if (surface != NULL)
    trygg_report_image_attach_jpeg (surface);

  return surface;
}

typedef struct
{
  const guint8 *data;
  gsize         size;
  gsize         offset;
} PngReader;

static cairo_status_t
png_read_cb (void          *closure,
             unsigned char *data,
             unsigned int   length)
{
  PngReader *reader = closure;

  if (reader->size - reader->offset < length)
    return CAIRO_STATUS_READ_ERROR;
  memcpy (data, reader->data + reader->offset, length);
  reader->offset += length;
  return CAIRO_STATUS_SUCCESS;
}

/* Map tiles: thousands per report, so the cheapest decoder for each
 * format, straight into cairo's pixel format. */
cairo_surface_t *
trygg_report_image_decode_tile (GBytes *bytes)
{
  static const guint8 png[] = { 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a };
  PngReader reader = { 0 };
  cairo_surface_t *surface;

  g_assert (bytes != NULL);

  reader.data = g_bytes_get_data (bytes, &reader.size);
  if (reader.size >= sizeof png && memcmp (reader.data, png, sizeof png) == 0)
    {
      surface = cairo_image_surface_create_from_png_stream (png_read_cb, &reader);
      if (cairo_surface_status (surface) == CAIRO_STATUS_SUCCESS)
        return surface;
      cairo_surface_destroy (surface);
    }
  else if (is_jpeg (bytes))
    {
      surface = load_jpeg (bytes, G_MAXINT / 16, G_MAXINT / 16);
      if (surface != NULL)
        return surface;
    }

  return load_with_pixbuf (bytes, G_MAXINT, G_MAXINT);
}

/* Opaque pictures get a JPEG copy as mime data: cairo's PDF backend then
 * embeds that instead of deflating raw pixels, which keeps a report of
 * thousands of photos to a sensible size. Pictures with transparency keep
 * their pixels. */
void
trygg_report_image_attach_jpeg (cairo_surface_t *surface)
{
  struct jpeg_compress_struct info;
  JpegError error;
  unsigned char * volatile buffer = NULL;
  unsigned long size = 0;
  guint8 *pixels;
  int stride;

  g_assert (surface != NULL);

  if (cairo_image_surface_get_format (surface) != CAIRO_FORMAT_RGB24)
    return;

  cairo_surface_flush (surface);
  pixels = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);

  info.err = jpeg_std_error (&error.manager);
  error.manager.error_exit = jpeg_error_exit_cb;
  error.manager.output_message = jpeg_output_message_cb;
  if (setjmp (error.jump))
    {
      jpeg_destroy_compress (&info);
      free (buffer);
      return;
    }

  jpeg_create_compress (&info);
  jpeg_mem_dest (&info, (unsigned char **) &buffer, &size);
  info.image_width = cairo_image_surface_get_width (surface);
  info.image_height = cairo_image_surface_get_height (surface);
  info.input_components = 4;
  info.in_color_space = CAIRO_RGB24_JCS;
  jpeg_set_defaults (&info);
  jpeg_set_quality (&info, JPEG_QUALITY, TRUE);
  info.dct_method = JDCT_IFAST;
  jpeg_start_compress (&info, TRUE);
  while (info.next_scanline < info.image_height)
    {
      JSAMPROW row = pixels + (gsize) info.next_scanline * stride;
      jpeg_write_scanlines (&info, &row, 1);
    }
  jpeg_finish_compress (&info);
  jpeg_destroy_compress (&info);

  cairo_surface_set_mime_data (surface, CAIRO_MIME_TYPE_JPEG, buffer, size, free, buffer);
}

struct _TryggReportImageJob
{
  GBytes          *bytes;
  int              max_width;
  int              max_height;
  gboolean         embed_as_is;
  cairo_surface_t *(*make) (gpointer data);
  gpointer         make_data;
  GDestroyNotify   make_destroy;
  GMutex           mutex;
  GCond            cond;
  gboolean         started;
  gboolean         done;
  cairo_surface_t *surface;
  gboolean         converted;   /* decoded and encoded again: not embedded as it is */
};

static void
image_job_clear (gpointer data)
{
  TryggReportImageJob *job = data;

  g_clear_pointer (&job->bytes, g_bytes_unref);
  g_clear_pointer (&job->surface, cairo_surface_destroy);
  if (job->make_destroy != NULL)
    g_clear_pointer (&job->make_data, job->make_destroy);
  g_mutex_clear (&job->mutex);
  g_cond_clear (&job->cond);
}

TryggReportImageJob *
trygg_report_image_job_new (GBytes   *bytes,
                            int       max_width,
                            int       max_height,
                            gboolean  embed_as_is)
{
  TryggReportImageJob *job = g_atomic_rc_box_new0 (TryggReportImageJob);

  job->bytes = bytes != NULL ? g_bytes_ref (bytes) : NULL;
  job->max_width = max_width;
  job->max_height = max_height;
  job->embed_as_is = embed_as_is;
  g_mutex_init (&job->mutex);
  g_cond_init (&job->cond);

  return job;
}

TryggReportImageJob *
trygg_report_image_job_new_custom (cairo_surface_t *(*make) (gpointer data),
                                   gpointer         data,
                                   GDestroyNotify   destroy)
{
  TryggReportImageJob *job = trygg_report_image_job_new (NULL, 0, 0, FALSE);

  job->make = make;
  job->make_data = data;
  job->make_destroy = destroy;
  return job;
}

TryggReportImageJob *
trygg_report_image_job_ref (TryggReportImageJob *job)
{
  return g_atomic_rc_box_acquire (job);
}

void
trygg_report_image_job_unref (TryggReportImageJob *job)
{
  g_atomic_rc_box_release_full (job, image_job_clear);
}

static void
image_job_decode (TryggReportImageJob *job)
{
  cairo_surface_t *surface = NULL;

  /* bytes and the sizes are not touched by anyone else once started. */
  gboolean converted = FALSE;

  if (job->make != NULL)
    surface = job->make (job->make_data);
  else if (job->bytes != NULL)
    surface = trygg_report_image_load (job->bytes, job->max_width, job->max_height, job->embed_as_is);
  if (surface != NULL && job->bytes != NULL)
    {
      const unsigned char *data = NULL;
      unsigned long length = 0;

      /* Embedded as it is, the mime data is the photo's own bytes. */
      cairo_surface_get_mime_data (surface, CAIRO_MIME_TYPE_JPEG, &data, &length);
      converted = data != g_bytes_get_data (job->bytes, NULL);
      if (converted && job->embed_as_is)
        surface = trygg_report_image_jpeg_only (surface);
    }

  g_mutex_lock (&job->mutex);
  job->surface = surface;
  job->converted = converted;
  job->done = TRUE;
  g_clear_pointer (&job->bytes, g_bytes_unref);
  g_cond_broadcast (&job->cond);
  g_mutex_unlock (&job->mutex);
}

/* Decodes the photo in a pool thread, unless the writing thread got to it
 * first. */
void
trygg_report_image_job_run (TryggReportImageJob *job)
{
  gboolean mine;

  g_mutex_lock (&job->mutex);
  mine = !job->started;
  job->started = TRUE;
  g_mutex_unlock (&job->mutex);

  if (mine)
    image_job_decode (job);
}

/* Returns the picture (transfer full), or NULL when the bytes were not a
 * picture. A job no thread has started yet is decoded right here rather
 * than waited for. @out_converted says whether the photo was decoded and
 * encoded again; then @out_print_copy is that JPEG (or NULL when the
 * picture has transparency and keeps its pixels). */
cairo_surface_t *
trygg_report_image_job_wait (TryggReportImageJob  *job,
                             gboolean             *out_converted,
                             GBytes              **out_print_copy)
{
  cairo_surface_t *surface;

  trygg_report_image_job_run (job);

  g_mutex_lock (&job->mutex);
  while (!job->done)
    g_cond_wait (&job->cond, &job->mutex);
  surface = g_steal_pointer (&job->surface);
  *out_converted = job->converted;
  g_mutex_unlock (&job->mutex);

  *out_print_copy = NULL;
  if (surface != NULL && *out_converted)
    {
      const unsigned char *data = NULL;
      unsigned long length = 0;

      cairo_surface_get_mime_data (surface, CAIRO_MIME_TYPE_JPEG, &data, &length);
      if (data != NULL)
        *out_print_copy = g_bytes_new (data, length);
    }

  return surface;
}
