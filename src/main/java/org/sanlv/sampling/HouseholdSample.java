package org.sanlv.sampling;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.AbstractList;
import java.util.List;
import java.util.Map;

/**
 * A drawn household sample: the blocks drawn in each stratum and the household numbers drawn in each block,
 * with inclusion probabilities and base weights, and what is needed to draw it again (seed, frame
 * fingerprint, design, n per stratum). Households are held in two {@code int[]} columns; {@link #households()}
 * is a view that makes a record only for the row asked for.
 */
public final class HouseholdSample {

  /**
   * A drawn block. {@code blockProbability} is {@code π_i = n_b · M_i / T} for a block drawn by systematic
   * PPS ({@code n_b} blocks drawn by PPS from the non-certainty blocks of total size {@code T}), or 1 for a
   * certainty block.
   *
   * @param stratum stratum code
   * @param block the frame's block
   * @param certainty whether the block was taken with certainty (size at least the sampling interval)
   * @param blockProbability first-stage inclusion probability
   * @param householdsDrawn {@code m_i = min(m, M_i)}
   */
  public record SampledBlock(String stratum, Block block, boolean certainty, double blockProbability,
      int householdsDrawn) {}

  /**
   * A drawn household: number {@code number} (1..M_i) of its block's household list.
   *
   * @param householdProbability {@code m_i / M_i}
   * @param probability {@code π = π_i · m_i / M_i}, computed from the exact integers
   * @param weight base weight {@code 1 / π}
   */
  public record SampledHousehold(SampledBlock block, int number, double householdProbability,
      double probability, double weight) {}

  /**
   * What happened in one stratum.
   *
   * @param targetHouseholds the stratum's n
   * @param blocksWanted {@code n_b = ⌈n / m⌉}
   */
  public record StratumSummary(String stratum, int targetHouseholds, int frameBlocks, long frameHouseholds,
      int blocksWanted, int certaintyBlocks, int blocksDrawn, int householdsDrawn) {}

  private final long seed;
  private final String frameFingerprint;
  private final HouseholdDesign design;
  private final Map<String, Integer> targetByStratum;
  private final List<StratumSummary> strata;
  private final List<SampledBlock> blocks;
  private final long[] blockNumerator;
  private final long[] blockDenominator;
  private final int[] householdBlock;
  private final int[] householdNumber;

  HouseholdSample(long seed, String frameFingerprint, HouseholdDesign design, Map<String, Integer> targetByStratum,
      List<StratumSummary> strata, List<SampledBlock> blocks, long[] blockNumerator, long[] blockDenominator,
      int[] householdBlock, int[] householdNumber) {
    this.seed = seed;
    this.frameFingerprint = frameFingerprint;
    this.design = design;
    this.targetByStratum = Map.copyOf(targetByStratum);
    this.strata = List.copyOf(strata);
    this.blocks = List.copyOf(blocks);
    this.blockNumerator = blockNumerator;
    this.blockDenominator = blockDenominator;
    this.householdBlock = householdBlock;
    this.householdNumber = householdNumber;
  }

  public long seed() {
    return seed;
  }

  public String frameFingerprint() {
    return frameFingerprint;
  }

  public HouseholdDesign design() {
    return design;
  }

  public Map<String, Integer> targetByStratum() {
    return targetByStratum;
  }

  public List<StratumSummary> strata() {
    return strata;
  }

  public List<SampledBlock> blocks() {
    return blocks;
  }

  public int householdCount() {
    return householdNumber.length;
  }

  /** The drawn households, block by block, in the order of the stratum's ordered list. */
  public List<SampledHousehold> households() {
    return new AbstractList<>() {
      @Override
      public SampledHousehold get(int index) {
        return household(index);
      }

      @Override
      public int size() {
        return householdNumber.length;
      }
    };
  }

  public SampledHousehold household(int index) {
    int b = householdBlock[index];
    SampledBlock block = blocks.get(b);
    long big = block.block().households();
    int m = block.householdsDrawn();
    double pi = (double) (blockNumerator[b] * m) / (double) (blockDenominator[b] * big);
    double weight = (double) (blockDenominator[b] * big) / (double) (blockNumerator[b] * m);
    return new SampledHousehold(block, householdNumber[index], (double) m / big, pi, weight);
  }

  /** Sum of the base weights: an unbiased estimate of the frame's household total. */
  public double weightTotal() {
    double sum = 0;
    for (int i = 0; i < householdNumber.length; i++) {
      sum += household(i).weight();
    }
    return sum;
  }

  /** The CSV header of {@link #writeCsv}. */
  public static final String CSV_HEADER =
      "stratum,county,town,block_id,block_households,certainty,household_no,pi_block,pi_household,pi,weight";

  /** The CSV header of {@link #writeCsv(Appendable, boolean)} with the block's name and location (the COPY). */
  public static final String CSV_HEADER_WITH_BLOCK = CSV_HEADER + ",block_name,latitude,longitude";

  /** Writes the sample as CSV, one row per household ({@link #CSV_HEADER}), lines ended by {@code \n}. */
  public void writeCsv(Appendable out) {
    writeCsv(out, false);
  }

  /**
   * As {@link #writeCsv(Appendable)}; with {@code withBlock} three more columns ({@link #CSV_HEADER_WITH_BLOCK}):
   * the block's name and location, empty (NULL to COPY) when the frame has none. The published sample file keeps
   * its pinned columns.
   */
  public void writeCsv(Appendable out, boolean withBlock) {
    try {
      out.append(withBlock ? CSV_HEADER_WITH_BLOCK : CSV_HEADER).append('\n');
      // every household of a block shares the block's cells and probabilities: format them once per block
      int currentBlock = -1;
      String head = "";
      String tail = "";
      StringBuilder row = new StringBuilder(128);
      for (int i = 0; i < householdNumber.length; i++) {
        if (householdBlock[i] != currentBlock) {
          currentBlock = householdBlock[i];
          SampledHousehold h = household(i);
          SampledBlock b = h.block();
          head = b.stratum() + ',' + b.block().county() + ',' + b.block().town() + ',' + Csv.quote(b.block().id())
              + ',' + b.block().households() + ',' + (b.certainty() ? 1 : 0) + ',';
          tail = ',' + Decimals.format(b.blockProbability()) + ',' + Decimals.format(h.householdProbability()) + ','
              + Decimals.format(h.probability()) + ',' + Decimals.format(h.weight())
              + (withBlock ? blockColumns(b.block()) : "") + '\n';
        }
        row.setLength(0);
        row.append(head).append(householdNumber[i]).append(tail);
        out.append(row);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String blockColumns(Block block) {
    return ',' + (block.name() == null ? "" : Csv.quote(block.name())) + ','
        + (block.latitude() == null ? "" : Double.toString(block.latitude())) + ','
        + (block.longitude() == null ? "" : Double.toString(block.longitude()));
  }
}
