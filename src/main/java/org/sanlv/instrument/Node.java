package org.sanlv.instrument;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.sanlv.instrument.expr.Expr;
import org.sanlv.instrument.expr.ValueType;

/** A compiled survey row; its index in the flow's node array is also its answer slot. */
final class Node {
    final int slot;
    final int row;
    final Question question;
    final QuestionType type;
    final String name;
    final ValueType valueType;
    /** or_other follow-up made by the engine, not a row of the form */
    final boolean synthetic;

    int parent = -1;
    /** the terminate note before this row (outside its own groups), or -1 */
    int terminator = -1;
    Expr relevant;
    Expr constraint;
    Expr calculation;
    Expr choiceFilter;
    Expr requiredIf;
    boolean requiredAlways;
    int[] dependencies = new int[0];

    List<Choice> choices = List.of();
    Map<String, Integer> choiceIndex = Map.of();
    String[][] choiceColumns = new String[0][];

    Node(int slot, int row, Question question, boolean synthetic) {
        this.slot = slot;
        this.row = row;
        this.question = question;
        this.type = question.type();
        this.name = question.name();
        this.synthetic = synthetic;
        this.valueType = switch (type) {
            case INTEGER, DECIMAL -> ValueType.NUMBER;
            case SELECT_ONE -> ValueType.CODE;
            case SELECT_MULTIPLE -> ValueType.CODES;
            case DATE -> ValueType.DATE;
            case TEXT -> ValueType.STRING;
            default -> ValueType.ANY;
        };
    }

    void setChoices(List<Choice> list, List<String> columns) {
        this.choices = List.copyOf(list);
        Map<String, Integer> idx = new HashMap<>();
        choiceColumns = new String[list.size()][];
        for (int i = 0; i < list.size(); i++) {
            idx.putIfAbsent(list.get(i).name(), i);
            String[] row = new String[columns.size()];
            for (int c = 0; c < columns.size(); c++) {
                row[c] = list.get(i).columns().get(columns.get(c));
            }
            choiceColumns[i] = row;
        }
        this.choiceIndex = idx;
    }

    boolean terminates() {
        return question.terminates();
    }
}
