/** Household and intercept fieldwork (CAPI): teams, assignments from a draw, visits, supervisor pages and progress. */
package org.sanlv.fieldwork.capi;
