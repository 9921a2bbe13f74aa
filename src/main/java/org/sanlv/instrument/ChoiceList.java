package org.sanlv.instrument;

import java.util.List;
import java.util.Optional;

/** A named list of options on the choices sheet (its {@code list_name}). */
public record ChoiceList(String name, List<Choice> choices) {
    public ChoiceList {
        choices = List.copyOf(choices);
    }

    public Optional<Choice> choice(String code) {
        return choices.stream().filter(c -> c.name().equals(code)).findFirst();
    }
}
