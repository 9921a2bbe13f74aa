/**
 * Publication (晾晒): a survey's ranking tables (counties for an official survey, towns for a mock survey), by
 * indicator and overall, with CIs, scores and deductions, frozen as a dated snapshot that never changes afterwards;
 * its page, print view, PDF and Excel, and the trend across earlier publications of the same area. Public API:
 * {@link org.sanlv.publication.PublicationService} and the records it takes and returns.
 */
package org.sanlv.publication;
