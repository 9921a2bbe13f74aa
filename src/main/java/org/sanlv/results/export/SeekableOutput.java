package org.sanlv.results.export;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * A little-endian, buffered writer over a file channel that knows its position and can patch bytes already
 * written: .dta and .sav record the number of rows (and .dta its section offsets) before the data.
 */
final class SeekableOutput implements AutoCloseable {

  private final FileChannel channel;
  private final ByteBuffer buffer = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
  private long flushed;

  SeekableOutput(Path target) throws IOException {
    this.channel =
        FileChannel.open(
            target, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
  }

  long position() {
    return flushed + buffer.position();
  }

  private void room(int n) throws IOException {
    if (buffer.remaining() < n) {
      flush();
    }
  }

  void flush() throws IOException {
    buffer.flip();
    while (buffer.hasRemaining()) {
      flushed += channel.write(buffer);
    }
    buffer.clear();
  }

  void byte1(int v) throws IOException {
    room(1);
    buffer.put((byte) v);
  }

  void int16(int v) throws IOException {
    room(2);
    buffer.putShort((short) v);
  }

  void int32(int v) throws IOException {
    room(4);
    buffer.putInt(v);
  }

  void int64(long v) throws IOException {
    room(8);
    buffer.putLong(v);
  }

  void float64(double v) throws IOException {
    room(8);
    buffer.putDouble(v);
  }

  void bytes(byte[] b) throws IOException {
    bytes(b, 0, b.length);
  }

  void bytes(byte[] b, int off, int len) throws IOException {
    while (len > 0) {
      if (!buffer.hasRemaining()) {
        flush();
      }
      int n = Math.min(len, buffer.remaining());
      buffer.put(b, off, n);
      off += n;
      len -= n;
    }
  }

  void ascii(String s) throws IOException {
    bytes(s.getBytes(StandardCharsets.US_ASCII));
  }

  /** {@code b} then {@code pad} up to {@code width} bytes; {@code b} must fit. */
  void fixed(byte[] b, int width, byte pad) throws IOException {
    if (b.length > width) {
      throw new IllegalStateException(b.length + " bytes do not fit in " + width);
    }
    bytes(b);
    padding(width - b.length, pad);
  }

  private static final byte[] ZEROS = new byte[512];
  private static final byte[] SPACES = new byte[512];

  static {
    Arrays.fill(SPACES, (byte) ' ');
  }

  void padding(int n, byte pad) throws IOException {
    byte[] src = pad == 0 ? ZEROS : pad == ' ' ? SPACES : filled(pad);
    while (n > 0) {
      int k = Math.min(n, src.length);
      bytes(src, 0, k);
      n -= k;
    }
  }

  private static byte[] filled(byte pad) {
    byte[] b = new byte[512];
    Arrays.fill(b, pad);
    return b;
  }

  void patchInt32(long at, int v) throws IOException {
    patch(at, ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).flip());
  }

  void patchInt16(long at, int v) throws IOException {
    patch(at, ByteBuffer.allocate(2).order(ByteOrder.LITTLE_ENDIAN).putShort((short) v).flip());
  }

  void patchInt64(long at, long v) throws IOException {
    patch(at, ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).flip());
  }

  private void patch(long at, ByteBuffer b) throws IOException {
    flush();
    while (b.hasRemaining()) {
      at += channel.write(b, at);
    }
  }

  @Override
  public void close() throws IOException {
    try {
      flush();
    } finally {
      channel.close();
    }
  }
}
