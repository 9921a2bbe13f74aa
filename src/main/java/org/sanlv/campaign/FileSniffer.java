package org.sanlv.campaign;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;

/**
 * What a file is by its bytes (magic numbers), never by its name or the browser's word; and the thumbnail of a
 * photo. Only five types exist here, none of which a browser executes.
 */
final class FileSniffer {

  static final String JPEG = "image/jpeg";
  static final String PNG = "image/png";
  static final String WEBP = "image/webp";
  static final String MP4 = "video/mp4";
  static final String PDF = "application/pdf";

  /** The longest side of a thumbnail, in pixels. */
  static final int THUMBNAIL_SIDE = 320;

  /** A photo larger than this many pixels is refused before decoding (a small file can claim a huge canvas). */
  static final long MAX_PIXELS = 80_000_000L;

  /** The name's extension → the type it declares. */
  private static final Map<String, String> DECLARED = Map.ofEntries(Map.entry("jpg", JPEG), Map.entry("jpeg", JPEG),
      Map.entry("jpe", JPEG), Map.entry("jfif", JPEG), Map.entry("png", PNG), Map.entry("webp", WEBP),
      Map.entry("mp4", MP4), Map.entry("m4v", MP4), Map.entry("mov", MP4), Map.entry("pdf", PDF));

  private FileSniffer() {}

  /** The type of these bytes, or empty when they are none of the five. */
  static Optional<String> sniff(byte[] b) {
    if (starts(b, 0, 0xFF, 0xD8, 0xFF)) {
      return Optional.of(JPEG);
    }
    if (starts(b, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
      return Optional.of(PNG);
    }
    if (starts(b, 0, 'R', 'I', 'F', 'F') && starts(b, 8, 'W', 'E', 'B', 'P')) {
      return Optional.of(WEBP);
    }
    if (starts(b, 4, 'f', 't', 'y', 'p') && b.length >= 12) {
      // ISO media: MP4 and phones' QuickTime videos; HEIF/AVIF photos share the box but are not videos
      String brand = new String(b, 8, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
      return brand.startsWith("hei") || brand.startsWith("hev") || brand.equals("mif1") || brand.equals("msf1")
          || brand.startsWith("avi") ? Optional.empty() : Optional.of(MP4);
    }
    if (starts(b, 0, '%', 'P', 'D', 'F', '-')) {
      return Optional.of(PDF);
    }
    return Optional.empty();
  }

  /** The type the file name claims by its extension: empty without one, "?" for an extension of no known type. */
  static Optional<String> declared(String name) {
    int dot = name.lastIndexOf('.');
    if (dot < 0 || dot == name.length() - 1) {
      return Optional.empty();
    }
    return Optional.of(DECLARED.getOrDefault(name.substring(dot + 1).toLowerCase(Locale.ROOT), "?"));
  }

  static String extension(String name) {
    int dot = name.lastIndexOf('.');
    return dot < 0 ? "" : name.substring(dot).toLowerCase(Locale.ROOT);
  }

  static boolean isPhoto(String type) {
    return type.startsWith("image/");
  }

  /** The kind as the messages name it: photo, video or document. */
  static String kind(String type) {
    return isPhoto(type) ? "photo" : MP4.equals(type) ? "video" : "document";
  }

  /**
   * Decodes a JPEG or PNG (checking its size first) and makes its thumbnail: a JPEG whose longest side is
   * {@value #THUMBNAIL_SIDE} px, turned upright by the EXIF orientation of a JPEG. Empty for WebP (the JDK has
   * no decoder); throws {@link Undecodable} when a JPEG or PNG does not decode.
   */
  static Optional<byte[]> thumbnail(String type, byte[] bytes) {
    if (!JPEG.equals(type) && !PNG.equals(type)) {
      return Optional.empty();
    }
    BufferedImage image;
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (in == null || !readers.hasNext()) {
        throw new Undecodable();
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        if ((long) reader.getWidth(0) * reader.getHeight(0) > MAX_PIXELS) {
          throw new Undecodable();
        }
        image = reader.read(0);
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof Undecodable u) {
        throw u;
      }
      throw new Undecodable();
    }
    int orientation = JPEG.equals(type) ? exifOrientation(bytes) : 1;
    return Optional.of(scaled(image, orientation));
  }

  private static byte[] scaled(BufferedImage image, int orientation) {
    boolean turned = orientation == 6 || orientation == 8;
    int w = image.getWidth();
    int h = image.getHeight();
    double factor = Math.min(1.0, (double) THUMBNAIL_SIDE / Math.max(w, h));
    int tw = Math.max(1, (int) Math.round(w * factor));
    int th = Math.max(1, (int) Math.round(h * factor));
    BufferedImage out = new BufferedImage(turned ? th : tw, turned ? tw : th, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    try {
      g.setColor(Color.WHITE); // a transparent PNG on white, as JPEG has no alpha
      g.fillRect(0, 0, out.getWidth(), out.getHeight());
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
      AffineTransform t = new AffineTransform();
      switch (orientation) {
        case 3 -> { t.translate(tw, th); t.rotate(Math.PI); }
        case 6 -> { t.translate(th, 0); t.rotate(Math.PI / 2); }
        case 8 -> { t.translate(0, tw); t.rotate(-Math.PI / 2); }
        default -> { }
      }
      t.scale((double) tw / w, (double) th / h);
      g.drawImage(image, t, null);
    } finally {
      g.dispose();
    }
    return jpeg(out);
  }

  private static byte[] jpeg(BufferedImage image) {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
      writer.setOutput(out);
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(0.8f);
      writer.write(null, new IIOImage(image, null, null), param);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }

  /**
   * The EXIF orientation of a JPEG (1 when absent or unreadable): the APP1 "Exif" segment's TIFF IFD0 tag 0x0112.
   * Only rotations (3, 6, 8) are applied; mirrored orientations are rare from phones and are left as they are.
   */
  static int exifOrientation(byte[] b) {
    int i = 2;
    while (i + 4 <= b.length && (b[i] & 0xFF) == 0xFF) {
      int marker = b[i + 1] & 0xFF;
      int length = ((b[i + 2] & 0xFF) << 8) | (b[i + 3] & 0xFF);
      if (marker == 0xDA || length < 2) {
        return 1; // start of scan: no EXIF before the image data
      }
      int start = i + 4;
      if (marker == 0xE1 && start + 14 <= b.length && starts(b, start, 'E', 'x', 'i', 'f', 0, 0)) {
        return orientation(b, start + 6, Math.min(b.length, i + 2 + length));
      }
      i += 2 + length;
    }
    return 1;
  }

  private static int orientation(byte[] b, int tiff, int end) {
    boolean little = b[tiff] == 'I';
    int ifd = tiff + (int) read(b, tiff + 4, 4, little);
    if (ifd + 2 > end || ifd < tiff) {
      return 1;
    }
    int entries = (int) read(b, ifd, 2, little);
    for (int e = 0; e < entries; e++) {
      int at = ifd + 2 + e * 12;
      if (at + 12 > end) {
        return 1;
      }
      if (read(b, at, 2, little) == 0x0112) {
        int value = (int) read(b, at + 8, 2, little);
        return value >= 1 && value <= 8 ? value : 1;
      }
    }
    return 1;
  }

  private static long read(byte[] b, int at, int n, boolean little) {
    long v = 0;
    for (int k = 0; k < n; k++) {
      int byteValue = b[at + (little ? n - 1 - k : k)] & 0xFF;
      v = (v << 8) | byteValue;
    }
    return v;
  }

  private static boolean starts(byte[] b, int offset, int... magic) {
    if (b.length < offset + magic.length) {
      return false;
    }
    for (int k = 0; k < magic.length; k++) {
      if ((b[offset + k] & 0xFF) != magic[k]) {
        return false;
      }
    }
    return true;
  }

  /** A JPEG or PNG whose bytes do not decode as one (or claims an absurd size). */
  static final class Undecodable extends RuntimeException {
    Undecodable() {
      super("image does not decode", null, false, false);
    }
  }
}
