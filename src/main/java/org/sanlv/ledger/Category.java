package org.sanlv.ledger;

/** A category of problems (data: the province may add or retire one); {@code name} in the request's language. */
public record Category(String code, String name, boolean active) {}
