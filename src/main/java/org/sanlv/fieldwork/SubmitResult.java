package org.sanlv.fieldwork;

/**
 * The answer to a submit, given only after the response is committed.
 *
 * @param responseId the stored response
 * @param status how it was stored
 * @param repeat true when this idempotency key had been stored before: this is the first result again
 */
public record SubmitResult(long responseId, ResponseStatus status, boolean repeat) {}
