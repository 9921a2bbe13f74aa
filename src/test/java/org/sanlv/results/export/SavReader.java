package org.sanlv.results.export;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A minimal reader of SPSS system files as the PSPP developers' guide describes them (little-endian,
 * uncompressed or bytecode-compressed, UTF-8), independent of the writer. Very long strings are joined
 * back from their segments; names come from the long-name record.
 */
final class SavReader {

  record SavVariable(String name, int width, String label, Map<Double, String> valueLabels) {}

  record SavFile(String fileLabel, String created, int cases, String encoding, List<SavVariable> variables, List<Object[]> rows) {}

  /** One type-2 record that starts a segment (continuations folded in). */
  private static final class Segment {
    String shortName;
    int width;
    String label = "";
    Map<Double, String> valueLabels = new TreeMap<>();
    int dictIndex;
  }

  private final ByteBuffer b;

  private SavReader(byte[] bytes) {
    this.b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
  }

  static SavFile read(Path file) throws IOException {
    return new SavReader(Files.readAllBytes(file)).read();
  }

  private String text(int n) {
    byte[] raw = new byte[n];
    b.get(raw);
    return new String(raw, StandardCharsets.UTF_8);
  }

  private SavFile read() {
    String magic = text(4);
    if (!magic.equals("$FL2")) {
      throw new IllegalStateException("not a system file: " + magic);
    }
    text(60);
    int layout = b.getInt();
    if (layout != 2) {
      throw new IllegalStateException("layout code " + layout);
    }
    int caseSize = b.getInt();
    int compression = b.getInt();
    b.getInt();
    int ncases = b.getInt();
    double bias = b.getDouble();
    String created = text(9) + " " + text(8);
    String fileLabel = text(64).stripTrailing();
    b.position(b.position() + 3);

    List<Segment> segments = new ArrayList<>();
    Map<Integer, Segment> byIndex = new HashMap<>();
    int index = 0;
    String encoding = null;
    Map<String, String> longNames = new HashMap<>();
    Map<String, Integer> veryLong = new HashMap<>();
    loop:
    while (true) {
      int rec = b.getInt();
      switch (rec) {
        case 2 -> {
          int type = b.getInt();
          int hasLabel = b.getInt();
          int nMissing = b.getInt();
          b.getInt();
          b.getInt();
          String name = text(8).strip();
          String label = "";
          if (hasLabel == 1) {
            int len = b.getInt();
            label = text(len);
            b.position(b.position() + (4 - len % 4) % 4);
          }
          b.position(b.position() + 8 * Math.abs(nMissing));
          index++;
          if (type != -1) {
            Segment s = new Segment();
            s.shortName = name;
            s.width = type;
            s.label = label;
            s.dictIndex = index;
            segments.add(s);
            byIndex.put(index, s);
          }
        }
        case 3 -> {
          int count = b.getInt();
          Map<Double, String> labels = new TreeMap<>();
          for (int i = 0; i < count; i++) {
            double value = b.getDouble();
            int len = Byte.toUnsignedInt(b.get());
            labels.put(value, text(len));
            b.position(b.position() + (8 - (1 + len) % 8) % 8);
          }
          if (b.getInt() != 4) {
            throw new IllegalStateException("record 3 not followed by record 4");
          }
          int nVars = b.getInt();
          for (int i = 0; i < nVars; i++) {
            byIndex.get(b.getInt()).valueLabels.putAll(labels);
          }
        }
        case 7 -> {
          int subtype = b.getInt();
          int size = b.getInt();
          int count = b.getInt();
          byte[] data = new byte[size * count];
          b.get(data);
          String s = new String(data, StandardCharsets.UTF_8);
          if (subtype == 3) {
            ByteBuffer ints = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
            int code = ints.getInt(28);
            if (code != 65001) {
              throw new IllegalStateException("character code " + code);
            }
          } else if (subtype == 13) {
            for (String pair : s.split("\t")) {
              String[] kv = pair.split("=", 2);
              longNames.put(kv[0], kv[1]);
            }
          } else if (subtype == 14) {
            for (String pair : s.split("\t")) {
              if (pair.isEmpty()) {
                continue;
              }
              String[] kv = pair.replace("\0", "").split("=", 2);
              veryLong.put(kv[0], Integer.parseInt(kv[1]));
            }
          } else if (subtype == 20) {
            encoding = s;
          }
        }
        case 999 -> {
          b.getInt();
          break loop;
        }
        default -> throw new IllegalStateException("record type " + rec + " at " + (b.position() - 4));
      }
    }
    if (index != caseSize) {
      throw new IllegalStateException("header says " + caseSize + " slots, dictionary has " + index);
    }

    // join segments into variables
    List<SavVariable> vars = new ArrayList<>();
    List<int[]> segmentRanges = new ArrayList<>(); // [first segment, count, width]
    for (int i = 0; i < segments.size(); ) {
      Segment s = segments.get(i);
      int width = s.width;
      int count = 1;
      if (veryLong.containsKey(s.shortName)) {
        width = veryLong.get(s.shortName);
        count = (width + 251) / 252;
      }
      vars.add(new SavVariable(longNames.getOrDefault(s.shortName, s.shortName), width, s.label, s.valueLabels));
      segmentRanges.add(new int[] {i, count, width});
      i += count;
    }

    Slots slots = compression == 1 ? new CompressedSlots(bias) : new RawSlots();
    List<Object[]> rows = new ArrayList<>();
    for (int r = 0; ncases < 0 || r < ncases; r++) {
      if (!slots.hasMore()) {
        break;
      }
      Object[] row = new Object[vars.size()];
      for (int v = 0; v < vars.size(); v++) {
        int[] range = segmentRanges.get(v);
        if (range[2] == 0) {
          double x = slots.number();
          row[v] = x == -Double.MAX_VALUE ? null : x;
          continue;
        }
        var bytes = new java.io.ByteArrayOutputStream();
        for (int sgi = range[0]; sgi < range[0] + range[1]; sgi++) {
          int w = segments.get(sgi).width;
          byte[] seg = new byte[((w + 7) / 8) * 8];
          for (int o = 0; o < seg.length; o += 8) {
            System.arraycopy(slots.chunk(), 0, seg, o, 8);
          }
          bytes.write(seg, 0, Math.min(w, 255));
        }
        byte[] all = Arrays.copyOf(bytes.toByteArray(), Math.min(bytes.size(), range[2]));
        row[v] = new String(all, StandardCharsets.UTF_8).stripTrailing();
      }
      rows.add(row);
    }
    var labelsInOrder = new LinkedHashMap<String, SavVariable>();
    vars.forEach(v -> labelsInOrder.put(v.name(), v));
    return new SavFile(fileLabel, created, ncases, encoding, List.copyOf(labelsInOrder.values()), rows);
  }

  private interface Slots {
    boolean hasMore();

    double number();

    byte[] chunk();
  }

  private final class RawSlots implements Slots {
    @Override
    public boolean hasMore() {
      return b.hasRemaining();
    }

    @Override
    public double number() {
      return b.getDouble();
    }

    @Override
    public byte[] chunk() {
      byte[] c = new byte[8];
      b.get(c);
      return c;
    }
  }

  private final class CompressedSlots implements Slots {
    private final double bias;
    private final byte[] commands = new byte[8];
    private int next = 8;

    CompressedSlots(double bias) {
      this.bias = bias;
    }

    private int command() {
      while (true) {
        if (next == 8) {
          if (b.remaining() < 8) {
            return 252;
          }
          b.get(commands);
          next = 0;
        }
        int c = Byte.toUnsignedInt(commands[next++]);
        if (c != 0) {
          return c;
        }
      }
    }

    @Override
    public boolean hasMore() {
      if (next < 8) {
        for (int i = next; i < 8; i++) {
          if (commands[i] != 0) {
            return true;
          }
        }
      }
      return b.remaining() >= 8;
    }

    @Override
    public double number() {
      int c = command();
      return switch (c) {
        case 253 -> b.getDouble();
        case 255 -> -Double.MAX_VALUE;
        case 252, 254 -> throw new IllegalStateException("code " + c + " for a number");
        default -> c - bias;
      };
    }

    @Override
    public byte[] chunk() {
      int c = command();
      byte[] out = new byte[8];
      if (c == 253) {
        b.get(out);
      } else if (c == 254) {
        Arrays.fill(out, (byte) ' ');
      } else {
        throw new IllegalStateException("code " + c + " for a string");
      }
      return out;
    }
  }
}
