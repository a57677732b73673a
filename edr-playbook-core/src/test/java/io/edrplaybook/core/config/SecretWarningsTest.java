package io.edrplaybook.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edrplaybook.api.ConfigurationProblem;
import io.edrplaybook.core.ConfigurationFile;
import io.edrplaybook.core.ConfigurationFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 11 item 9, issue 17 item 10: secrets masking handles badly are warned about at load, never quoted. */
class SecretWarningsTest {

  private static ConfigurationFile load(String json) {
    return Fixtures.loader().load(json, ConfigurationFormat.JSON, Fixtures.dir());
  }

  @Test
  void aSecretShorterThanEightCharactersIsWarnedAboutByPath() {
    ConfigurationFile f = load(Fixtures.withConnector("""
        {"organization": "acme", "name": "Chat", "jumpBox": "jb-1", "host": "chat.example", "port": 443,
         "apiKey": "k3y-42", "actions": [{"action": "Notify"}]}"""));
    List<ConfigurationProblem> w = f.warnings();
    assertEquals(1, w.size(), w::toString);
    assertEquals("<text>: connectors[0].apiKey", w.get(0).path());
    assertTrue(w.get(0).message().startsWith("the secret is 6 characters long"), w.get(0)::message);
    assertFalse(w.toString().contains("k3y-42"), w::toString);
  }

  @Test
  void aSecretEqualToAConfiguredNameIsWarnedAbout() {
    ConfigurationFile f = load(Fixtures.withConnector("""
        {"organization": "acme", "name": "Chat", "jumpBox": "jb-1", "host": "chat.example", "port": 443,
         "credentials": {"username": "svc", "password": "${env:SLACK_TOKEN}"},
         "actions": [{"action": "Notify", "params": {"channel": "xoxb-slack-SECRET-1"}}]}""")
        .replace("\"name\": \"acme\"}]", "\"name\": \"acme\"}, {\"name\": \"xoxb-slack-SECRET-1\"}]"));
    List<ConfigurationProblem> w = f.warnings();
    assertEquals(1, w.size(), w::toString);
    assertEquals("<text>: connectors[0].credentials.password", w.get(0).path());
    assertTrue(w.get(0).message().startsWith("the secret equals the name of an organization"), w.get(0)::message);
    assertFalse(w.toString().contains("xoxb"), w::toString);
  }

  @Test
  void theSampleHasNoWarning() {
    assertEquals(List.of(), Fixtures.loader().load(Fixtures.dir().resolve("sample.json")).warnings());
  }
}
