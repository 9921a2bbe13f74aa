/**
 * Scoring: the province's deduction rules as data (versioned per survey year), the scores, ranks, expected
 * deductions and what-ifs computed on a survey's results, and the {@code score} command on the {@code estimate}
 * command's files. Public API: {@link org.sanlv.scoring.ScoringService}, the pure {@link org.sanlv.scoring.Scorer},
 * {@link org.sanlv.scoring.WhatIf}, {@link org.sanlv.scoring.Planning}, {@link org.sanlv.scoring.RulesFile} and the
 * records they take and return.
 */
package org.sanlv.scoring;
