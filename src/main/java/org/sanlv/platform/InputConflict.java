package org.sanlv.platform;

import java.util.List;

/**
 * Input that is well formed but collides with the current state (HTTP 409): a number held by another interviewer,
 * a hold that was taken over, a key used for something else. Nothing of it was stored.
 */
public class InputConflict extends InputRejected {

  public InputConflict(Problem problem) {
    super(List.of(problem));
  }
}
