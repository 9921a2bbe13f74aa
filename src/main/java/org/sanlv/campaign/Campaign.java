package org.sanlv.campaign;

import java.time.LocalDate;

/** A campaign of one area (a county's, or the province's) for one year, made from a template. */
public record Campaign(long id, String areaCode, String areaName, int year, String name, String template,
    LocalDate startsOn, LocalDate endsOn) {}
