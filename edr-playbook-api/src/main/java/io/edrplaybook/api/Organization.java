package io.edrplaybook.api;

import io.edrplaybook.api.internal.Problems;

/**
 * A tenant. Every other object belongs to exactly one organization, and an event never triggers
 * another organization's connectors.
 *
 * @param name the organization's unique name
 */
public record Organization(String name) {

  /** Validates the name. */
  public Organization {
    Problems p = new Problems();
    p.text("name", name);
    p.throwIfAny("organization");
  }
}
