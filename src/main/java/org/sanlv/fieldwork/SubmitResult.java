package org.sanlv.fieldwork;

/**
 * The answer to a submit, given only after the response is committed.
 *
 * @param responseId the stored response (for staff and tests; never shown to the respondent)
 * @param status how it was stored
 * @param repeat true when this idempotency key had been stored before: this is the first result again
 * @param receipt the code shown to the respondent (random, see {@link Receipts})
 */
public record SubmitResult(long responseId, ResponseStatus status, boolean repeat, String receipt) {}
