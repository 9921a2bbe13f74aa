package org.sanlv.sampling;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A validated block frame with its fingerprint (SHA-256 over the blocks sorted by id; see {@link Frames}).
 * The blocks are kept sorted by id, so that the file order does not matter to a draw.
 */
public record BlockFrame(List<Block> blocks, String fingerprint) {

  public BlockFrame {
    blocks = List.copyOf(blocks);
  }

  /** A frame of these blocks (ids must be unique), sorted by id, with its fingerprint computed. */
  public static BlockFrame of(List<Block> blocks) {
    List<Block> sorted = new ArrayList<>(blocks);
    sorted.sort(Comparator.comparing(Block::id));
    Fingerprint fp = new Fingerprint("blocks/v1");
    for (int i = 0; i < sorted.size(); i++) {
      Block b = sorted.get(i);
      if (i > 0 && sorted.get(i - 1).id().equals(b.id())) {
        throw new IllegalArgumentException("block id repeats: " + b.id());
      }
      fp.add(b.id(), b.county(), b.town(), b.households(), b.population());
    }
    return new BlockFrame(sorted, fp.hex());
  }

  public long totalHouseholds() {
    long sum = 0;
    for (Block b : blocks) {
      sum += b.households();
    }
    return sum;
  }
}
