package io.edrplaybook.core.config;

import static org.junit.jupiter.api.Assertions.assertThrows;

import io.edrplaybook.api.ConfigurationException;
import io.edrplaybook.api.ConfigurationProblem;
import io.edrplaybook.core.ConfigurationFormat;
import io.edrplaybook.core.ConfigurationLoader;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The sample configuration of the tests and a loader with a fixed environment. */
final class Fixtures {
  static final String SLACK_TOKEN = "xoxb-slack-SECRET-1";
  static final String TEAMS_TOKEN = "teams-SECRET-2";
  static final String FW_PASSWORD = "fw-Pa55word!";
  static final Map<String, String> ENV = Map.of("SLACK_TOKEN", SLACK_TOKEN, "TEAMS_TOKEN", TEAMS_TOKEN);

  private Fixtures() {}

  static Path dir() {
    try {
      return Path.of(Fixtures.class.getResource("/config/sample.json").toURI()).getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static ConfigurationLoader loader() {
    return ConfigurationLoader.builder().environment(ENV).build();
  }

  /** Loads JSON text as if it were the file sample.json... of the test folder. */
  static ConfigurationException failure(String json) {
    return assertThrows(ConfigurationException.class,
        () -> loader().load(json, ConfigurationFormat.JSON, dir()));
  }

  static List<String> rendered(ConfigurationException e) {
    return e.problems().stream().map(ConfigurationProblem::toString).toList();
  }

  /** A valid configuration, as JSON, with {@code connector} as its only connector. */
  static String withConnector(String connector) {
    return """
        {"organizations": [{"name": "acme"}],
         "jumpBoxes": [{"name": "jb-1", "organization": "acme"}],
         "actions": [{"organization": "acme", "name": "Notify",
                      "scripts": [{"name": "s", "source": "def run(ctx):\\n    pass\\n"}]}],
         "connectors": [%s]}
        """.formatted(connector);
  }
}
