package io.edrplaybook.samples.internal.cli;

import io.edrplaybook.api.Action;
import io.edrplaybook.api.ActionBinding;
import io.edrplaybook.api.ActionScript;
import io.edrplaybook.api.ApiKey;
import io.edrplaybook.api.Configuration;
import io.edrplaybook.api.Connector;
import io.edrplaybook.api.ConnectorType;
import io.edrplaybook.api.UsernamePassword;
import io.edrplaybook.core.ConfigurationFile;
import io.edrplaybook.samples.internal.mock.MockService;
import io.edrplaybook.samples.internal.mock.MockThirdParty;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Points the sample configuration at the mock: secrets for its {@code ${env:...}} references, the
 * mock told to expect each connector's credentials, and every connector's host and port replaced
 * by the mock's (plain HTTP).
 */
final class DemoSetup {

  private DemoSetup() {}

  /**
   * The demo's secrets: those of the samples' {@code .env} file when it has them, else a random
   * value per variable asked for. The real environment is never read: the demo talks to a mock.
   */
  static java.util.function.Function<String, String> environment(Path secretsFile) {
    Map<String, String> known = new LinkedHashMap<>();
    if (Files.isRegularFile(secretsFile)) {
      try {
        for (String line : Files.readAllLines(secretsFile, StandardCharsets.UTF_8)) {
          String l = line.strip();
          int eq = l.indexOf('=');
          if (!l.startsWith("#") && eq > 0) {
            known.put(l.substring(0, eq).strip(), l.substring(eq + 1).strip());
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read the demo secrets " + secretsFile, e);
      }
    }
    SecureRandom random = new SecureRandom();
    return name -> known.computeIfAbsent(name, n -> {
      byte[] b = new byte[12];
      random.nextBytes(b);
      return "demo-" + HexFormat.of().formatHex(b);
    });
  }

  /** Returns the mock, not started, expecting the credentials of the connectors of {@code config}. */
  static MockThirdParty mock(Configuration config) {
    MockThirdParty.Builder b = MockThirdParty.builder();
    for (Connector c : config.connectors()) {
      Optional<MockService> service = service(config, c);
      if (service.isEmpty()) {
        continue;
      }
      if (c.credentials() instanceof ApiKey k) {
        switch (service.get()) {
          case SLACK -> b.slackToken(k.key());
          case TEAMS -> b.teamsKey(k.key());
          case NAC -> b.nacApiKey(k.key());
          case BLOCKLIST -> b.blocklistKey(k.key());
          default -> { }
        }
      } else if (c.credentials() instanceof UsernamePassword up) {
        switch (service.get()) {
          case FIREWALL -> b.firewallCredentials(up.username(), up.password());
          case TICKETING -> b.ticketingCredentials(up.username(), up.password());
          default -> { }
        }
      }
    }
    return b.build();
  }

  /** Returns {@code file} with every connector sent to 127.0.0.1:{@code port} over plain HTTP. */
  static ConfigurationFile pointedAt(ConfigurationFile file, int port) {
    Configuration c = file.configuration();
    Configuration.Builder b = Configuration.builder();
    c.organizations().forEach(b::organization);
    c.jumpBoxes().forEach(b::jumpBox);
    c.actions().forEach(b::action);
    for (Connector x : c.connectors()) {
      Connector.Builder local = x.toBuilder().host("127.0.0.1").port(port).clearBindings();
      x.bindings().stream().map(DemoSetup::plainHttp).forEach(local::bind);
      b.connector(local.build());
    }
    c.playbooks().forEach(b::playbook);
    return file.withConfiguration(b.build());
  }

  /** The mocked service a connector talks to, from the file of the script it binds. */
  static Optional<MockService> service(Configuration config, Connector c) {
    for (ActionBinding binding : c.bindings()) {
      Optional<String> file = config.action(c.organization(), binding.action()).flatMap(a -> script(a, binding))
          .map(s -> s.file().toLowerCase(Locale.ROOT));
      if (file.isPresent()) {
        String f = file.get();
        if (f.contains("blocklist")) { // before "nac" or "ticket" could match a folder name
          return Optional.of(MockService.BLOCKLIST);
        } else if (f.contains("slack")) {
          return Optional.of(MockService.SLACK);
        } else if (f.contains("teams")) {
          return Optional.of(MockService.TEAMS);
        } else if (f.contains("firewall")) {
          return Optional.of(MockService.FIREWALL);
        } else if (f.contains("nac")) {
          return Optional.of(MockService.NAC);
        } else if (f.contains("ticket")) {
          return Optional.of(MockService.TICKETING);
        }
      }
    }
    if (c.type().equals(ConnectorType.FIREWALL)) {
      return Optional.of(MockService.FIREWALL);
    }
    return c.type().equals(ConnectorType.NAC) ? Optional.of(MockService.NAC) : Optional.empty();
  }

  private static Optional<ActionScript> script(Action a, ActionBinding binding) {
    return binding.script().isPresent() ? a.script(binding.script().get())
        : a.scripts().size() == 1 ? Optional.of(a.scripts().get(0)) : Optional.empty();
  }

  private static ActionBinding plainHttp(ActionBinding binding) {
    Map<String, Object> params = new LinkedHashMap<>(binding.params());
    params.put("scheme", "http");
    return new ActionBinding(binding.action(), binding.script(), params);
  }
}
