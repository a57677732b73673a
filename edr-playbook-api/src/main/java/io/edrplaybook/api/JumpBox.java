package io.edrplaybook.api;

import io.edrplaybook.api.internal.Problems;

/**
 * The host that has network connectivity to a third-party system and executes the action
 * scripts. A JumpBox belongs to exactly one organization; one that functions as a <em>core</em>
 * cannot be a connector's JumpBox. Each JumpBox gets its own dispatch lane in the engine.
 *
 * @param name the JumpBox's name, unique across organizations
 * @param organization the organization it belongs to
 * @param core whether it functions as a core (then no connector may use it)
 */
public record JumpBox(String name, String organization, boolean core) {

  /** Validates the names. */
  public JumpBox {
    Problems p = new Problems();
    p.text("name", name);
    p.text("organization", organization);
    p.throwIfAny(Problems.subject("JumpBox", name, organization));
  }

  /** Returns a JumpBox that is not a core. */
  public static JumpBox of(String organization, String name) {
    return new JumpBox(name, organization, false);
  }
}
