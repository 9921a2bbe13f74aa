package org.sanlv.sampling;

/**
 * A street-intercept site (街头拦截点位).
 *
 * @param county 6-digit county code
 * @param id site id, unique in its frame
 * @param name the site's name
 * @param type location type
 * @param latitude WGS-84 latitude in degrees, or null
 * @param longitude WGS-84 longitude in degrees, or null
 */
public record InterceptSite(String county, String id, String name, LocationType type, Double latitude,
    Double longitude) {}
