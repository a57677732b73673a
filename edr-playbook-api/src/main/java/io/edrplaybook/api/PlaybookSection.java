package io.edrplaybook.api;

/** The sections that group the rows of a playbook policy. */
public enum PlaybookSection {
  /** Tell people: IM, e-mail, tickets. */
  NOTIFICATIONS,
  /** Gather more information. */
  INVESTIGATION,
  /** Contain or fix: block, isolate. */
  REMEDIATION,
  /** Anything else; where a newly defined action is offered. */
  CUSTOM
}
