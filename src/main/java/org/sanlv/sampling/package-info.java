/**
 * Sampling: frames (survey blocks, number prefixes, do-not-call list, intercept sites), sample-size rules and
 * reproducible draws for the household (two-stage PPS), phone (RDD), intercept (quota) and online modes.
 *
 * <p>The public API is {@link org.sanlv.sampling.Frames} (parse and validate frames), {@link
 * org.sanlv.sampling.SampleSizeRule} and {@link org.sanlv.sampling.SampleSizePlanner} (how many), {@link
 * org.sanlv.sampling.Draws} (draw) and the records they take and return. Everything here is plain Java: no
 * Spring, no database; the random numbers come from our own xoshiro256** so that a seed and a frame give the
 * same sample on every JDK.
 */
package org.sanlv.sampling;
