package org.sanlv.platform;

/** A request body or file over the size a setting allows; nothing of it was read further or stored. */
public class InputTooLarge extends RuntimeException {

  private final long limitBytes;

  public InputTooLarge(long limitBytes) {
    super("input over the limit of " + limitBytes + " bytes");
    this.limitBytes = limitBytes;
  }

  public long limitBytes() {
    return limitBytes;
  }

  /** The limit as people say it: "20 MB" (binary megabytes, as Spring's {@code DataSize} counts them). */
  public static String megabytes(long bytes) {
    double mb = bytes / (1024.0 * 1024.0);
    return (mb == Math.rint(mb) ? String.valueOf((long) mb) : String.format(java.util.Locale.ROOT, "%.1f", mb)) + " MB";
  }
}
