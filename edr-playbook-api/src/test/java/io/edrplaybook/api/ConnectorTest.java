package io.edrplaybook.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConnectorTest {

  private static Connector.Builder valid() {
    return Connector.builder().organization("acme").name("SOC Slack").jumpBox("jb-1")
        .host("hooks.slack.example").port(443).apiKey("xoxb-1");
  }

  @ParameterizedTest
  @ValueSource(strings = {"10.0.0.1", "hooks.slack.example", "localhost", "fw-01", "::1", "fe80::1", "2001:db8::8a2e:370:7334"})
  void hostMayBeAnIpAddressOrADnsName(String host) {
    assertEquals(host, valid().host(host).build().host());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "not a host", "999.1.1.1", "http://hooks.slack.example", "-bad-.example", "a_b..c"})
  void hostThatIsNeitherAnIpAddressNorADnsNameIsRefused(String host) {
    var e = assertThrows(ConfigurationException.class, () -> valid().host(host).build());
    assertTrue(e.getMessage().contains("host: must be an IP address or a DNS name, was \"" + host + "\""),
        e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1, 65536, 70000})
  void portOutsideOneTo65535IsRefusedWithTheBadValue(int port) {
    var e = assertThrows(ConfigurationException.class, () -> valid().port(port).build());
    assertEquals("port: must be between 1 and 65535, was " + port, e.problems().get(0).toString());
  }

  @Test
  void portsAtTheBoundsAreAccepted() {
    assertEquals(1, valid().port(1).build().port());
    assertEquals(65535, valid().port(65535).build().port());
  }

  @Test
  void apiKeyAndCredentialsTogetherAreRefused() {
    var e = assertThrows(ConfigurationException.class, () -> valid().credentials("u", "p").build());
    assertEquals("Invalid connector \"SOC Slack\" of organization \"acme\": auth: has both an API key and credentials;"
        + " keep one: \"apiKey\", or \"credentials\" with a username and password (Connector.Builder.credentials"
        + " replaces whichever was set)", e.getMessage());
  }

  @Test
  void neitherApiKeyNorCredentialsIsRefused() {
    var e = assertThrows(ConfigurationException.class, () -> Connector.builder().organization("acme").name("x")
        .jumpBox("jb").host("h.example").port(1).build());
    assertEquals("Invalid connector \"x\" of organization \"acme\": auth: has neither an API key nor credentials;"
        + " set one: \"apiKey\", or \"credentials\" with a username and password (Connector.Builder.apiKey or"
        + " .credentials)", e.getMessage());
    assertEquals(java.util.Optional.of("connector \"x\" of organization \"acme\""), e.subject());
  }

  @Test
  void everyProblemOfAConnectorIsListedAtOnce() {
    var e = assertThrows(ConfigurationException.class, () -> Connector.builder().organization("acme").name(" ")
        .jumpBox("jb").host("bad host").port(70000).apiKey("k").credentials("u", "p").build());
    List<String> paths = e.problems().stream().map(ConfigurationProblem::path).toList();
    assertTrue(paths.containsAll(List.of("auth", "name", "host", "port")), paths.toString());
  }

  @Test
  void toStringMasksTheApiKeyAndThePassword() {
    String withKey = valid().apiKey("xoxb-very-secret").build().toString();
    assertFalse(withKey.contains("xoxb-very-secret"), withKey);
    Connector fw = Connector.builder().organization("acme").name("fw").jumpBox("jb").host("10.0.0.1").port(8443)
        .credentials("api", "hunter2-secret").build();
    assertFalse(fw.toString().contains("hunter2-secret"), fw.toString());
    assertTrue(fw.toString().contains("api"), "the username is not a secret");
    assertFalse(new ApiKey("k-123456").toString().contains("k-123456"));
  }

  @Test
  void errorMessagesNeverContainTheSecret() {
    var e = assertThrows(ConfigurationException.class, () -> valid().apiKey("xoxb-leak-me").port(0).build());
    assertFalse(e.getMessage().contains("xoxb-leak-me"), e.getMessage());
  }

  @Test
  void connectorBindsAnActionOnce() {
    var e = assertThrows(ConfigurationException.class,
        () -> valid().bind("IM Notification", "slack").bind("IM Notification", "teams").build());
    assertTrue(e.getMessage().contains("actions[1].action"), e.getMessage());
  }

  @Test
  void eachProblemIsListedOnce() {
    var e = assertThrows(ConfigurationException.class, () -> valid().credentials(" ", "p").port(0).build());
    List<String> all = e.problems().stream().map(ConfigurationProblem::toString).toList();
    assertEquals(all.stream().distinct().toList(), all);
  }
}
