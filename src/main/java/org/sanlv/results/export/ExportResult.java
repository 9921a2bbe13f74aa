package org.sanlv.results.export;

/**
 * What a writer did.
 *
 * @param format the format written
 * @param rows the number of rows (cases, observations) written
 * @param truncatedValues string values cut to fit their variable's width or the format's limit
 */
public record ExportResult(ExportFormat format, long rows, long truncatedValues) {}
