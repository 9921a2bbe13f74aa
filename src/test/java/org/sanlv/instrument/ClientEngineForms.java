package org.sanlv.instrument;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * The forms the client engine (static/js/capi/engine.js) is held against the Java engine with: the built-in
 * questionnaires, {@link TestForms#everything()} and every WildFormsTest form that compiles.
 */
public final class ClientEngineForms {

  /** A compiled form and where it comes from. */
  public record Named(String name, InterviewFlow flow) {}

  private ClientEngineForms() {
  }

  public static List<Named> all() {
    List<Named> out = new ArrayList<>();
    Instruments instruments = Instruments.withDefaults();
    for (String id : Instruments.BUILT_IN) {
      out.add(new Named("built-in " + id, instruments.builtIn(id)));
    }
    out.add(new Named("TestForms.everything", instruments.compile(TestForms.everything()).orElseThrow()));
    Stream.concat(WildFormsTest.validForms(), WildFormsTest.brokenForms()).forEach(a -> {
      Object[] args = a.get();
      String name = (String) args[0];
      ImportResult r = WildFormsTest.read(name, (Workbooks) args[1]);
      if (r.ok()) {
        out.add(new Named("WildFormsTest " + name, r.flow()));
      }
    });
    return out;
  }

  /** How many WildFormsTest forms there are, compiling or not. */
  public static long wildForms() {
    return Stream.concat(WildFormsTest.validForms(), WildFormsTest.brokenForms()).map(Arguments::get).count();
  }
}
