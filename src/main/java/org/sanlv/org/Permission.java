package org.sanlv.org;

/** What a role may do inside its scope. Handlers declare the permission they need with {@link Requires}. */
public enum Permission {
  /** Browse areas, units and their figures. */
  ORG_READ,
  /** Import and edit areas, units and figures. */
  ORG_WRITE,
  /** Create accounts, reset passwords, disable accounts. */
  USERS_MANAGE,
  /** Upload and publish questionnaires (XLSForms) of the provinces in scope. */
  INSTRUMENTS_MANAGE,
  /** Create surveys (a county admin: mock surveys of their county), set windows and designs, draw samples. */
  SURVEYS_MANAGE,
  /**
   * Download raw rows (responses with their free-text answers, drawn household and phone samples), always
   * filtered to the caller's subtree and recorded in the audit log. Aggregated results need only {@link #ORG_READ}.
   */
  RAW_DATA_EXPORT,
  /**
   * Household and intercept fieldwork of the surveys in scope: teams, assignments, progress, and the review of
   * the interviews with their paradata and integrity flags.
   */
  FIELDWORK_SUPERVISE,
  /** Work one's own assignments in the interviewer app and sync them; never another team's. */
  FIELDWORK_INTERVIEW,
  /**
   * The outcome rates of phone fieldwork (AAPOR response, cooperation, refusal and contact rates per county,
   * interviewer and day): the analysts who report them and the supervisors who act on them, in their subtree; not
   * interviewers (their colleagues' rates) nor town officers and unit reporters.
   */
  FIELDWORK_RATES,
  /**
   * Write the province's scoring rules (deductions per point below the average, the sources' weights): a new version
   * per change, old years keep theirs. Only the province admin; everyone who sees results reads them.
   */
  SCORING_RULES,
  /**
   * Publish a survey's ranking (晾晒) as a frozen snapshot: the province admin its official surveys, a county admin
   * its county's mock surveys (the survey's area must be in the caller's subtree). Reading publications needs only
   * {@link #ORG_READ}.
   */
  PUBLISH,
  /**
   * Run a campaign (issue 22) in the subtree: create it from a template, assign tasks, return or accept activity
   * reports (never one's own), set quota thresholds. Province and county admins.
   */
  CAMPAIGN_MANAGE,
  /**
   * Do one's own campaign work: see one's tasks and reports, tick checklist items, upload evidence, file reports.
   * Admins, town officers and unit reporters (a unit reporter: its unit only).
   */
  CAMPAIGN_WORK,
  /**
   * Read the problem ledger (台账, issue 23) of the subtree: lists, the overdue list, statistics, export. The
   * residents' names and phone numbers stay masked unless the role also has {@link #LEDGER_PERSONAL_DATA}.
   */
  LEDGER_READ,
  /**
   * Work problems of the subtree: record them, assign them to a person with a deadline, work and resolve what is
   * assigned to oneself, close them with the resident's answer on satisfaction, reopen them.
   */
  LEDGER_WORK,
  /**
   * See the names and phone numbers of the residents who raised problems: only the roles that handle problems
   * (county admins, town officers, unit reporters), not the province's admins and analysts, who see them masked.
   */
  LEDGER_PERSONAL_DATA,
  /** Edit the public anti-fraud quiz's questions and explanations (a new edition per save). The province admin. */
  QUIZ_CONTENT
}
