package io.edrplaybook.testkit.internal;

import io.edrplaybook.api.ActionScript;
import io.edrplaybook.api.Configuration;
import io.edrplaybook.api.Plan;
import io.edrplaybook.api.PlannedInvocation;
import java.util.Objects;

/**
 * The runner each script of a configuration names (or the default runner), for the plan rows of a
 * kit whose scripts all run on the recording runner.
 */
public final class ConfiguredRunners {
  private final Configuration configuration;
  private final String defaultRunner;

  /** For {@code configuration} as given (before the kit forced its scripts onto the recording runner). */
  public ConfiguredRunners(Configuration configuration, String defaultRunner) {
    this.configuration = Objects.requireNonNull(configuration, "configuration");
    this.defaultRunner = Objects.requireNonNull(defaultRunner, "defaultRunner");
  }

  /** Returns {@code plan} with each row naming the runner its script names in the configuration. */
  public Plan apply(String organization, Plan plan) {
    return new Plan(plan.eventId(), plan.classification(), plan.playbook(), plan.reason(),
        plan.invocations().stream().map(p -> new PlannedInvocation(p.section(), p.action(), p.connector(),
            p.script(), runnerOf(organization, p.action(), p.script()), p.jumpBox(), p.willRun(), p.reason()))
            .toList(), plan.skipped());
  }

  /** Returns the runner the configuration names for {@code script} of {@code action}, else the default. */
  public String runnerOf(String organization, String action, String script) {
    return configuration.actions().stream()
        .filter(a -> a.organization().equals(organization) && a.name().equals(action))
        .flatMap(a -> a.scripts().stream()).filter(s -> s.name().equals(script))
        .findFirst().flatMap(ActionScript::runner).orElse(defaultRunner);
  }

  @Override
  public String toString() {
    return "ConfiguredRunners[default " + defaultRunner + "]";
  }
}
