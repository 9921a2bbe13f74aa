/**
 * Surveys: the unit everything else hangs on — an instrument version fielded over a target area, its strata,
 * its modes with their fieldwork windows and sample designs, and its status (draft → fielding → closed).
 */
package org.sanlv.survey;
