/** The problem ledger (台账, seed 2 "建立台账，包案到人"): problems found in the field, each assigned to one person and followed to resolution. */
package org.sanlv.ledger;
