package org.sanlv.instrument;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * Front door of the {@code instrument} module: read and check XLSForms, write them, compile instruments into
 * {@link InterviewFlow}s, and load the built-in questionnaires. Thread-safe.
 *
 * <pre>{@code
 * Instruments instruments = Instruments.withDefaults();
 * ImportResult r = instruments.importXlsForm(upload, size);
 * if (!r.ok()) r.problems().forEach(p -> show(p.location() + ": " + p.message()));
 * InterviewFlow zhejiang = instruments.builtIn("zhejiang-2022");
 * }</pre>
 */
public final class Instruments {
    /** Default largest accepted upload: 10 MB, far above any real questionnaire. */
    public static final long DEFAULT_MAX_BYTES = 10L * 1024 * 1024;
    /** Ids of the questionnaires shipped in {@code src/main/resources/instruments/}. */
    public static final List<String> BUILT_IN = List.of("zhejiang-2022", "henan-liangan-2020");

    private final long maxBytes;
    // shared by all instances: the resources cannot change while the JVM runs
    private static final Map<String, InterviewFlow> BUILT_INS = new ConcurrentHashMap<>();

    private Instruments(long maxBytes) {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive: " + maxBytes);
        }
        this.maxBytes = maxBytes;
    }

    public static Instruments withDefaults() {
        return new Instruments(DEFAULT_MAX_BYTES);
    }

    /** The same service accepting files up to {@code bytes}; larger files are refused before parsing. */
    public Instruments withMaxBytes(long bytes) {
        return new Instruments(bytes);
    }

    public long maxBytes() {
        return maxBytes;
    }

    /**
     * Reads and compiles an XLSForm. Never throws for a bad file: every problem comes back with its cell.
     * Reads at most {@link #maxBytes()} + 1 bytes from the stream.
     */
    public ImportResult importXlsForm(InputStream in) {
        return importXlsForm(in, FormDefaults.NONE);
    }

    /** As {@link #importXlsForm(InputStream)}, with what the form may leave out supplied. */
    public ImportResult importXlsForm(InputStream in, FormDefaults defaults) {
        byte[] bytes;
        try {
            bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
        } catch (IOException e) {
            return ImportResult.failed(List.of(FormProblem.at("file", "file.unreadable")));
        }
        if (bytes.length > maxBytes) {
            return tooLarge();
        }
        return importXlsForm(bytes, defaults);
    }

    /** Reads and compiles an XLSForm file; its size is checked before it is opened; its name gives the form_id. */
    public ImportResult importXlsForm(Path file) {
        return importXlsForm(file, FormDefaults.fileName(String.valueOf(file.getFileName())));
    }

    public ImportResult importXlsForm(Path file, FormDefaults defaults) {
        try {
            if (Files.size(file) > maxBytes) {
                return tooLarge();
            }
            try (InputStream in = Files.newInputStream(file)) {
                return importXlsForm(in, defaults);
            }
        } catch (IOException e) {
            return ImportResult.failed(List.of(FormProblem.at("file", "file.unreadable")));
        }
    }

    /** Reads and compiles an XLSForm held in memory. */
    public ImportResult importXlsForm(byte[] bytes) {
        return importXlsForm(bytes, FormDefaults.NONE);
    }

    /**
     * Reads and compiles an XLSForm held in memory, with what the form may leave out supplied. Every problem of
     * every sheet comes back in one pass, ordered by sheet (survey, choices, settings) and cell.
     */
    public ImportResult importXlsForm(byte[] bytes, FormDefaults defaults) {
        if (bytes.length > maxBytes) {
            return tooLarge();
        }
        XlsFormReader.Read read = XlsFormReader.read(bytes, defaults);
        if (read.instrument() == null) {
            return ImportResult.failed(ProblemOrder.sorted(read.problems()));
        }
        ImportResult compiled = FormCompiler.compile(read.instrument(), read.locator(),
                new FormCompiler.Context(read.choicesSheet(), read.choicesReadable(), read.unreadNames(),
                        read.metadataNames()));
        if (read.problems().isEmpty()) {
            return compiled;
        }
        List<FormProblem> all = new java.util.ArrayList<>(read.problems());
        // a cell already reported as unreadable is not reported again for what it then seems to hold
        compiled.problems().stream().filter(p -> !read.unreadCells().contains(p.location())).forEach(all::add);
        return ImportResult.failed(ProblemOrder.sorted(all));
    }

    private ImportResult tooLarge() {
        return ImportResult.failed(List.of(FormProblem.at("file", "file.tooLarge", humanSize(maxBytes))));
    }

    private static String humanSize(long bytes) {
        return bytes >= 1024 * 1024 ? (bytes / (1024 * 1024)) + " MB" : bytes + " bytes";
    }

    /**
     * Checks and compiles an instrument built in code (e.g. a year's copy); cell references in problems
     * are those of the workbook {@link #exportXlsForm} would write.
     */
    public ImportResult compile(Instrument instrument) {
        return FormCompiler.compile(instrument, Layout.canonical(instrument));
    }

    /** Writes the instrument as an .xlsx XLSForm (sheets survey, choices, settings). */
    public void exportXlsForm(Instrument instrument, OutputStream out) {
        XlsFormWriter.write(instrument, out);
    }

    public byte[] exportXlsForm(Instrument instrument) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        exportXlsForm(instrument, out);
        return out.toByteArray();
    }

    /**
     * A built-in questionnaire, compiled once and cached.
     *
     * @param id one of {@link #BUILT_IN}
     * @throws IllegalArgumentException for an unknown id
     */
    public InterviewFlow builtIn(String id) {
        if (!BUILT_IN.contains(id)) {
            throw new IllegalArgumentException("no built-in instrument '" + id + "'; known: " + BUILT_IN);
        }
        return BUILT_INS.computeIfAbsent(id, this::loadBuiltIn);
    }

    private InterviewFlow loadBuiltIn(String id) {
        try (InputStream in = Instruments.class.getResourceAsStream("/instruments/" + id + ".xlsx")) {
            if (in == null) {
                throw new IllegalStateException("resource /instruments/" + id + ".xlsx is missing from the build");
            }
            return withMaxBytes(Long.MAX_VALUE / 2).importXlsForm(in).orElseThrow();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A new year's version of an instrument: a copy with the year and version set (id {@code …-2022} becomes
     * {@code …-2023}), then {@code changes} applied (e.g. the year's extra 随机问题), then compiled.
     */
    public ImportResult deriveForYear(Instrument base, int year, String version, UnaryOperator<Instrument> changes) {
        return compile(changes.apply(base.forYear(year, version)));
    }
}
