package org.sanlv.results.export;

/** The question types an export knows, named as in XLSForm. */
public enum QuestionType {
  SELECT_ONE,
  SELECT_MULTIPLE,
  INTEGER,
  DECIMAL,
  TEXT
}
