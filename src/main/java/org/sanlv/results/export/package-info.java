/**
 * Exports for analysts: a survey's responses as CSV, XLSX, Stata .dta (format 118) and SPSS .sav, with
 * Chinese variable and value labels, the design columns and a codebook, streamed in bounded memory.
 *
 * <p>The public API is {@link org.sanlv.results.export.DataExports} (write one format), the dataset model
 * ({@link org.sanlv.results.export.Dataset}, {@link org.sanlv.results.export.Variable}, {@link
 * org.sanlv.results.export.RowSource}) and {@link org.sanlv.results.export.ResponseLayout}, which turns
 * a questionnaire's questions into variables and answers into rows. Plain Java: no Spring, no database. The
 * binary writers follow the published specifications (Stata's {@code dta_118} description; the system-file
 * chapter of the PSPP developers' guide), since no maintained Java writer exists.
 */
package org.sanlv.results.export;
