package org.sanlv.instrument;

/**
 * A problem in an XLSForm, for its author.
 *
 * @param location {@code survey!C14}, a sheet name such as {@code choices}, or {@code file}
 * @param message e.g. {@code relevant refers to ${q99}, which does not exist}
 */
public record FormProblem(String location, String message) {
    @Override
    public String toString() {
        return location + ": " + message;
    }
}
