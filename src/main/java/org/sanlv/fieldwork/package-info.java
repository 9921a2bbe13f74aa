/** Fieldwork: the response store every mode shares (group-committed, idempotent) and the public online survey (CAWI). */
package org.sanlv.fieldwork;
