/**
 * Questionnaires: the instrument model, XLSForm import/export, the expression language and the
 * mode-agnostic interview flow. Public API: {@link org.sanlv.instrument.Instruments},
 * {@link org.sanlv.instrument.InterviewFlow} and the records they take and return.
 */
package org.sanlv.instrument;
