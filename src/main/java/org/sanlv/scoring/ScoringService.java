package org.sanlv.scoring;

import java.util.List;
import org.sanlv.org.Scope;
import org.springframework.stereotype.Service;

/** Scores of a survey under its year's rules, and the rules' versions. */
@Service
public class ScoringService {

  /** The rules that apply to the survey: the latest version of its area's and year's, else the shipped default. */
  public Rules rulesFor(long surveyId) {
    throw new UnsupportedOperationException("not yet");
  }

  /** Every stored version of an area's rules for a year, newest first. */
  public List<RulesVersion> versions(String areaCode, int year) {
    throw new UnsupportedOperationException("not yet");
  }

  /** Stores a new version of the rules (province admin only). */
  public RulesVersion save(Scope scope, String areaCode, int year, String yaml, String note) {
    throw new UnsupportedOperationException("not yet");
  }

  /** The survey's scores under the rules that apply to it. */
  public Scores scores(Scope scope, long surveyId) {
    throw new UnsupportedOperationException("not yet");
  }

  /** The survey's scores under one stored version of rules (0: the shipped default). */
  public Scores scores(Scope scope, long surveyId, long rulesId) {
    throw new UnsupportedOperationException("not yet");
  }
}
