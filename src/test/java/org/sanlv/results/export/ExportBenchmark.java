package org.sanlv.results.export;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Exports generated responses to every format, the rows made on the fly (none kept), and prints one line
 * per format: {@code format=STATA rows=1000000 seconds=… bytes=… peakHeapMiB=…}. Run by {@link
 * BoundedMemoryExportTest} in a child JVM with {@code -Xmx256m}.
 *
 * <p>The questionnaire has the Zhejiang form's shape: 90 counties × 40 PSUs, sex, age, eight 5-point
 * select_one items, participation (8 options) and fraud awareness (14 options) as select_multiple, income,
 * and a comment answered by one respondent in ten.
 */
public final class ExportBenchmark {

  private ExportBenchmark() {}

  static List<Question> questions() {
    List<Question> qs = new ArrayList<>();
    qs.add(Question.selectOne("sex", "性别", List.of(new Choice("1", "男"), new Choice("2", "女"))));
    qs.add(Question.integer("age", "年龄（周岁）"));
    String[] scale = {"好", "较好", "一般", "不好", "不知道"};
    for (int i = 2; i <= 9; i++) {
      List<Choice> cs = new ArrayList<>();
      for (int c = 0; c < scale.length; c++) {
        cs.add(new Choice(Integer.toString(c + 1), scale[c]));
      }
      qs.add(Question.selectOne("q" + i, "第" + i + "题：您觉得本地治安状况如何？", cs));
    }
    qs.add(Question.selectMultiple("q10", "十、您参加过哪些平安建设活动？", choices(8, "活动")));
    qs.add(Question.selectMultiple("q11", "十一、您知道以下哪些属于电信网络诈骗？", choices(14, "诈骗类型")));
    qs.add(Question.decimal("income", "月收入（万元）"));
    qs.add(Question.text("q20", "二十、意见和建议", 300));
    return qs;
  }

  private static List<Choice> choices(int n, String stem) {
    List<Choice> cs = new ArrayList<>();
    for (int c = 1; c <= n; c++) {
      cs.add(new Choice(Integer.toString(c), stem + c));
    }
    return cs;
  }

  static Dataset dataset(long rows, long seed) {
    ResponseLayout layout = ResponseLayout.of(questions());
    RowSource source =
        sink -> {
          var random = new SplittableRandom(seed);
          Object[] row = new Object[layout.variables().size()];
          Map<String, String> answers = new HashMap<>();
          for (long r = 0; r < rows; r++) {
            answers.clear();
            int county = random.nextInt(90);
            answers.put("sex", Integer.toString(1 + random.nextInt(2)));
            answers.put("age", Integer.toString(16 + random.nextInt(70)));
            for (int i = 2; i <= 9; i++) {
              if (random.nextInt(50) > 0) {
                answers.put("q" + i, Integer.toString(1 + random.nextInt(5)));
              }
            }
            answers.put("q10", pick(random, 8));
            answers.put("q11", pick(random, 14));
            answers.put("income", Double.toString(Math.round(random.nextDouble() * 300) / 100.0));
            if (random.nextInt(10) == 0) {
              answers.put("q20", "希望加强夜间巡逻，第" + r + "号答卷");
            }
            String stratum = Integer.toString(330100 + county);
            String psu = stratum + "-" + random.nextInt(40);
            layout.fill(new Response("R" + r, stratum, psu, 500 + random.nextDouble() * 1000, answers), row);
            sink.accept(row);
          }
        };
    return layout.dataset("生成的基准数据", source);
  }

  private static String pick(SplittableRandom random, int n) {
    var sb = new StringBuilder();
    for (int c = 1; c <= n; c++) {
      if (random.nextInt(3) == 0) {
        sb.append(sb.length() == 0 ? "" : " ").append(c);
      }
    }
    return sb.length() == 0 ? "1" : sb.toString();
  }

  /** {@code rows dir [FORMAT…]}. */
  public static void main(String[] args) throws Exception {
    long rows = Long.parseLong(args[0]);
    Path dir = Files.createDirectories(Path.of(args[1]));
    List<ExportFormat> formats = new ArrayList<>();
    for (int i = 2; i < args.length; i++) {
      formats.add(ExportFormat.valueOf(args[i]));
    }
    if (formats.isEmpty()) {
      formats = List.of(ExportFormat.CSV, ExportFormat.STATA, ExportFormat.SPSS, ExportFormat.XLSX);
    }
    var options = ExportOptions.withDefaults();
    for (ExportFormat format : formats) {
      Path file = dir.resolve("responses." + format.extension());
      resetPeaks();
      long t0 = System.nanoTime();
      ExportResult result = DataExports.write(dataset(rows, 42), format, file, options);
      double seconds = (System.nanoTime() - t0) / 1e9;
      System.out.printf(
          "format=%s rows=%d seconds=%.1f bytes=%d peakHeapMiB=%d maxHeapMiB=%d%n",
          format, result.rows(), seconds, Files.size(file), peakHeap() >> 20,
          Runtime.getRuntime().maxMemory() >> 20);
    }
  }

  private static void resetPeaks() {
    System.gc();
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      pool.resetPeakUsage();
    }
  }

  private static long peakHeap() {
    long sum = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        sum += pool.getPeakUsage().getUsed();
      }
    }
    return sum;
  }
}
