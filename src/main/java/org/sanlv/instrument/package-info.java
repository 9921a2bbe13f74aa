/**
 * Questionnaires: the instrument model, XLSForm import/export, the expression language and the
 * mode-agnostic interview flow. Public API: {@link org.sanlv.instrument.Instruments} (read, check, write,
 * compile, built-ins, year versions), {@link org.sanlv.instrument.InterviewFlow} (navigate and validate) and
 * the records they take and return. Sub-packages are internal.
 *
 * <p>Conventions beyond standard XLSForm:
 * <ul>
 * <li>a {@code note} with appearance {@code terminate} ends the interview when it is reached (its relevant
 * holds): the respondent sees the note, every later row is not asked, and completion gives the outcome
 * INELIGIBLE. Other XLSForm tools just show the note; guard the rest of the form with the same relevance
 * (zhejiang-2022 does) so they end there too;</li>
 * <li>{@code count-selected-of(${q}, 'a', 'b', …)} counts how many of the listed codes are selected;</li>
 * <li>settings columns {@code province} (two-digit code) and {@code year} are required; other settings
 * columns (e.g. {@code wording}, {@code source}) are kept as they are;</li>
 * <li>a {@code text} question with appearance {@code county} is the county screening question: the web
 * layer fills it from the sample or offers the province's counties; its constraint checks the 6-digit
 * code.</li>
 * </ul>
 */
package org.sanlv.instrument;
