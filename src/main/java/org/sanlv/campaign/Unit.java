package org.sanlv.campaign;

/**
 * A responsible unit of a campaign: a town or street of the campaign's area, or a unit attached to the area
 * (a department, or a company such as a telecom operator).
 *
 * @param kind {@code town}, {@code department} or {@code company}
 */
public record Unit(String code, String name, String kind) {}
