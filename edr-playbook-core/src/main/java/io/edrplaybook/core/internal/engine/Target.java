package io.edrplaybook.core.internal.engine;

import io.edrplaybook.api.Action;
import io.edrplaybook.api.ActionBinding;
import io.edrplaybook.api.ActionScript;
import io.edrplaybook.api.Connector;
import io.edrplaybook.spi.CompiledScript;
import io.edrplaybook.spi.ScriptRunner;
import java.util.Map;

/**
 * A connector ready to run one action: its binding, the bound script compiled by its runner, and
 * the parts of {@code ctx} that are the same for every run (built once per configuration).
 *
 * @param connector the connector
 * @param binding its binding of the action
 * @param script the bound script
 * @param compiled the compiled script
 * @param runner the runner that compiled it and runs it
 * @param key {@code action \0 connector}: with the event and classification, the run's identity
 * @param actionCtx {@code ctx["action"]}, read-only
 * @param connectorCtx {@code ctx["connector"]}, read-only
 * @param outputCap characters of output a record keeps (the runner's {@code outputCap} setting),
 *     enforced by the engine after masking
 */
public record Target(Connector connector, ActionBinding binding, ActionScript script, CompiledScript compiled,
    ScriptRunner runner, String key, Map<String, Object> actionCtx, Map<String, Object> connectorCtx,
    int outputCap) {

  /** Builds a target and its constant ctx parts. */
  public static Target of(Action action, Connector connector, ActionBinding binding, ActionScript script,
      CompiledScript compiled, ScriptRunner runner, int outputCap) {
    return new Target(connector, binding, script, compiled, runner, keyOf(action.name(), connector.name()),
        ContextFactory.action(action), ContextFactory.connector(connector), outputCap);
  }

  /** The key of {@code action} on {@code connector}: what, with event and classification, runs once. */
  public static String keyOf(String action, String connector) {
    return action + "\u0000" + connector;
  }

  /** Connector, action and script; never the ctx parts, which hold the connector's secret. */
  @Override
  public String toString() {
    return "Target[" + key.replace('\u0000', '@') + ", script " + script.name() + " on " + runner.id() + "]";
  }
}
