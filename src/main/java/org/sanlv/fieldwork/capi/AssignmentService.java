package org.sanlv.fieldwork.capi;

import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;

/**
 * Teams and assignments of household and intercept fieldwork: the supervisor makes assignments from a survey's draw
 * and hands them to the interviewers of a team; the interviewer app reads them here.
 */
@Service
public class AssignmentService {

  private final AssignmentRepository repository;

  AssignmentService(AssignmentRepository repository) {
    this.repository = repository;
  }

  /** The assignments in an interviewer's hands, of one survey or (surveyId null) of all surveys. */
  public List<AssignmentView> assignmentsOf(String interviewer, Long surveyId) {
    return repository.assignmentsOf(interviewer, surveyId);
  }

  public Optional<AssignmentView> assignment(long id) {
    return repository.assignment(id);
  }
}
