package io.edrplaybook.api;

import io.edrplaybook.api.internal.JsonValues;
import io.edrplaybook.api.internal.Problems;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * "This connector performs this action with this script": one script per (connector, action).
 * Connector <em>SOC Slack</em> binds the Slack script of <em>IM Notification</em>, connector
 * <em>SOC Teams</em> its Teams script.
 *
 * @param action the action's name
 * @param script the name of one of the action's scripts; empty to use the action's only script
 *     (a configuration error when it has several)
 * @param params per-binding parameters handed to the script as {@code ctx["params"]}; JSON values
 */
public record ActionBinding(String action, Optional<String> script, Map<String, Object> params) {

  /** Validates and copies. */
  public ActionBinding {
    Objects.requireNonNull(script, "script");
    Problems p = new Problems();
    p.text("action", action);
    script.ifPresent(s -> p.text("script", s));
    try {
      params = JsonValues.copy("params", params);
    } catch (IllegalArgumentException e) {
      p.add("params", e.getMessage());
    }
    p.throwIfAny(action == null || action.isBlank() ? "binding" : "binding of action \"" + action + "\"");
  }

  /** Binds {@code action} with its only script and no parameters. */
  public static ActionBinding of(String action) {
    return new ActionBinding(action, Optional.empty(), Map.of());
  }

  /** Binds {@code action} with the script named {@code script} and no parameters. */
  public static ActionBinding of(String action, String script) {
    return new ActionBinding(action, Optional.of(script), Map.of());
  }

  /** Binds {@code action} with the script named {@code script} and {@code params}. */
  public static ActionBinding of(String action, String script, Map<String, ?> params) {
    return new ActionBinding(action, Optional.of(script), JsonValues.copy("params", params));
  }

  /**
   * Action, script and the names of the params; never their values, which may hold a resolved
   * secret reference.
   */
  @Override
  public String toString() {
    return "ActionBinding[action=" + action + ", script=" + script.orElse("(the only one)") + ", params="
        + params.keySet() + "]";
  }
}
