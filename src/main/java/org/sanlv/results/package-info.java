/**
 * Results: a survey's estimates read from the response store (the SQL that feeds the estimation core), the results
 * page, and the analysts' exports of the responses (CSV, XLSX, Stata, SPSS, codebook). Public API:
 * {@link org.sanlv.results.ResultsService} and the records it returns.
 */
package org.sanlv.results;
