package org.sanlv.results.export;

/** How a variable's values are stored: numbers (doubles, missing = system missing) or UTF-8 text. */
public enum VariableType {
  NUMERIC,
  STRING
}
