package org.sanlv.org;

/** A phone number block (号段) known for an area. */
public record PhoneBlock(String prefix, String carrier) {}
