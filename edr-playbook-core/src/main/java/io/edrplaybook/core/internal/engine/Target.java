package io.edrplaybook.core.internal.engine;

import io.edrplaybook.api.ActionBinding;
import io.edrplaybook.api.ActionScript;
import io.edrplaybook.api.Connector;
import io.edrplaybook.spi.CompiledScript;
import io.edrplaybook.spi.ScriptRunner;

/**
 * A connector ready to run one action: its binding, the bound script compiled by its runner.
 *
 * @param connector the connector
 * @param binding its binding of the action
 * @param script the bound script
 * @param compiled the compiled script
 * @param runner the runner that compiled it and runs it
 */
public record Target(Connector connector, ActionBinding binding, ActionScript script, CompiledScript compiled,
    ScriptRunner runner) {
}
