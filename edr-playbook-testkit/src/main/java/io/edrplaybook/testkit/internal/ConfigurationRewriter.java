package io.edrplaybook.testkit.internal;

import io.edrplaybook.api.Action;
import io.edrplaybook.api.ActionBinding;
import io.edrplaybook.api.ActionScript;
import io.edrplaybook.api.Configuration;
import io.edrplaybook.api.Connector;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** Copies of a configuration the test kit runs instead of the original. */
public final class ConfigurationRewriter {
  private ConfigurationRewriter() {}

  /** Returns a copy in which every script names the runner {@code runnerId}. */
  public static Configuration forceRunner(Configuration cfg, String runnerId) {
    return rewrite(cfg, a -> {
      Action.Builder b = a.toBuilder().clearScripts();
      a.scripts().forEach(s -> b.script(new ActionScript(s.name(), s.file(), s.source(), Optional.of(runnerId))));
      return b.build();
    }, UnaryOperator.identity());
  }

  /**
   * Returns a copy in which every connector points at {@code host:port}, and every binding that
   * sets no {@code scheme} param gets {@code scheme} (the sample scripts build their URL from
   * {@code params.scheme}, {@code connector.host} and {@code connector.port}).
   */
  public static Configuration routeConnectors(Configuration cfg, String host, int port, String scheme) {
    return rewrite(cfg, UnaryOperator.identity(), c -> {
      Connector.Builder b = c.toBuilder().host(host).port(port).clearBindings();
      c.bindings().forEach(binding -> b.bind(withScheme(binding, scheme)));
      return b.build();
    });
  }

  private static ActionBinding withScheme(ActionBinding b, String scheme) {
    if (b.params().containsKey("scheme")) {
      return b;
    }
    Map<String, Object> params = new LinkedHashMap<>(b.params());
    params.put("scheme", scheme);
    return new ActionBinding(b.action(), b.script(), params);
  }

  /** Returns the distinct runner ids the scripts name. */
  public static List<String> runnerIds(Configuration cfg) {
    return cfg.actions().stream().flatMap(a -> a.scripts().stream()).map(ActionScript::runner)
        .flatMap(Optional::stream).distinct().sorted().toList();
  }

  private static Configuration rewrite(Configuration cfg, UnaryOperator<Action> actions,
      UnaryOperator<Connector> connectors) {
    Configuration.Builder b = Configuration.builder();
    cfg.organizations().forEach(b::organization);
    cfg.jumpBoxes().forEach(b::jumpBox);
    cfg.actions().forEach(a -> b.action(actions.apply(a)));
    cfg.connectors().forEach(c -> b.connector(connectors.apply(c)));
    cfg.playbooks().forEach(b::playbook);
    return b.build();
  }
}
