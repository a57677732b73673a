package io.edrplaybook.core.internal.config;

import io.edrplaybook.api.ActionScript;
import io.edrplaybook.api.Configuration;
import io.edrplaybook.core.JournalSettings;
import io.edrplaybook.spi.RunnerSettings;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a configuration file held.
 *
 * @param configuration the validated configuration
 * @param defaultRunner {@code runners.default}
 * @param runnerSettings {@code runners.<id>}, by id
 * @param secrets every secret value resolved from a reference (the configuration's own API keys
 *     and passwords are in {@link Configuration#secrets()})
 * @param templates each value that held a secret reference → the text it was written as
 * @param scriptsFromFiles the scripts read from a {@code file}
 * @param warnings what is accepted but likely wrong, each path prefixed with the file's name
 * @param journal the {@code journal} section
 */
public record Parsed(Configuration configuration, Optional<String> defaultRunner,
    Map<String, RunnerSettings> runnerSettings, Set<String> secrets, Map<String, String> templates,
    Set<ActionScript> scriptsFromFiles, java.util.List<io.edrplaybook.api.ConfigurationProblem> warnings,
    Optional<JournalSettings> journal) {}
