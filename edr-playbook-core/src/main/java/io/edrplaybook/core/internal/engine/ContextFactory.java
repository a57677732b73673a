package io.edrplaybook.core.internal.engine;

import io.edrplaybook.api.ApiKey;
import io.edrplaybook.api.Connector;
import io.edrplaybook.api.Invocation;
import io.edrplaybook.api.SecurityEvent;
import io.edrplaybook.api.UsernamePassword;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Builds a script's {@code ctx} exactly as the script coding conventions describe it. */
public final class ContextFactory {
  private ContextFactory() {}

  /**
   * Builds {@code ctx}.
   *
   * @param invocation the run
   * @param target the connector and script
   * @param event the event (synthetic for a test)
   * @param previous the event's classification before this one, if any
   */
  public static Map<String, Object> build(Invocation invocation, Target target, SecurityEvent event,
      Optional<io.edrplaybook.api.Classification> previous, String actionDescription) {
    Map<String, Object> action = new LinkedHashMap<>(4);
    action.put("name", invocation.action());
    action.put("description", actionDescription);

    Connector c = target.connector();
    Map<String, Object> auth = new LinkedHashMap<>(4);
    if (c.credentials() instanceof ApiKey k) {
      auth.put("type", "apiKey");
      auth.put("apiKey", k.key());
    } else if (c.credentials() instanceof UsernamePassword up) {
      auth.put("type", "credentials");
      auth.put("username", up.username());
      auth.put("password", up.password());
    }
    Map<String, Object> connector = new LinkedHashMap<>(12);
    connector.put("name", c.name());
    connector.put("type", c.type().name());
    connector.put("organization", c.organization());
    connector.put("jumpBox", c.jumpBox());
    connector.put("host", c.host());
    connector.put("port", c.port());
    connector.put("auth", auth);

    Map<String, Object> device = new LinkedHashMap<>(event.device().attributes());
    device.put("name", event.device().name());
    device.put("collectorGroup", event.device().collectorGroup());
    device.put("address", event.device().address());
    device.put("os", event.device().os());

    Map<String, Object> ev = new LinkedHashMap<>(12);
    ev.put("id", event.id());
    ev.put("organization", event.organization());
    ev.put("classification", event.classification().name());
    ev.put("previousClassification", previous.map(Enum::name).orElse(null));
    ev.put("time", event.time().toString());
    ev.put("device", device);
    ev.put("details", event.details());

    Map<String, Object> ctx = new LinkedHashMap<>(8);
    ctx.put("action", action);
    ctx.put("connector", connector);
    ctx.put("event", ev);
    ctx.put("params", target.binding().params());
    ctx.put("test", invocation.test());
    ctx.put("invocationId", invocation.id());
    return ctx;
  }
}
