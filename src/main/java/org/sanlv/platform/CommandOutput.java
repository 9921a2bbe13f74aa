package org.sanlv.platform;

import java.io.BufferedWriter;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/** How the command-line tools write their CSV: numbers R and Python read back exactly, files whole or not at all. */
public final class CommandOutput {

  private CommandOutput() {}

  /** What writes a file's content. */
  public interface Content {
    void writeTo(BufferedWriter w) throws IOException;
  }

  /**
   * Writes {@code target} through a hidden temporary file beside it, moved into place when complete: a failure
   * leaves the old file (or none), never half of a new one.
   */
  public static void writeAtomically(Path target, Content content) throws IOException {
    Path absolute = target.toAbsolutePath();
    Path dir = absolute.getParent() == null ? Path.of(".") : absolute.getParent();
    Path tmp = Files.createTempFile(dir, "." + absolute.getFileName(), ".tmp");
    try {
      try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
        content.writeTo(w);
      }
      try {
        Files.move(tmp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException noAtomic) {
        Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING);
      }
      tmp = null;
    } finally {
      if (tmp != null) {
        Files.deleteIfExists(tmp);
      }
    }
  }

  /**
   * C's {@code %.17g} (as R's and Python's): the double's exact value to 17 significant digits, trailing zeros
   * dropped, so it reads back to the same double ({@code 0.8} → {@code 0.80000000000000004}); {@code NA} for NaN,
   * {@code inf}/{@code -inf}. Java's own {@code %.17g} pads the shortest decimal instead.
   */
  public static String number(double v) {
    if (Double.isNaN(v)) {
      return "NA";
    }
    if (v == 0) {
      return "0";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "inf" : "-inf";
    }
    BigDecimal d = new BigDecimal(v).round(new MathContext(17, RoundingMode.HALF_EVEN)).stripTrailingZeros();
    int exponent = d.precision() - d.scale() - 1;
    if (exponent < -4 || exponent >= 17) {
      BigDecimal mantissa = d.movePointLeft(exponent);
      return mantissa.toPlainString() + (exponent < 0 ? "e-" : "e+")
          + String.format(Locale.ROOT, "%02d", Math.abs(exponent));
    }
    return d.toPlainString();
  }
}
